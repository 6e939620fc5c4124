"""VADER, exactly as NLTK computes it, but fast, with per-token valences.

This is a re-implementation of NLTK 3's ``SentimentIntensityAnalyzer.polarity_scores``
(Hutto & Gilbert 2014) that gives the same neg/neu/pos/compound on every text, quirks
included: one leading or trailing punctuation mark is stripped from a token only when
the rest is a punctuation-free word of two or more characters; a repeated token is
scored in the context of its *first* occurrence; "never so/this" and "so/this" three
words back amplify; the first "but" halves what precedes it and multiplies what follows
by 1.5; "!" and "?" amplify the sum. It is faster than NLTK's loop because every fact
about a token (its stripped form, lower case, capitals, valence, booster, negation) is
computed once per distinct token and cached, and the context rules run only for the
tokens that are in the lexicon. Each text's tokens and valences are cached too (up to
250,000 texts: a batch of 4,000 news articles holds about 175,000 sentences), so a sentence
scored for the sentences table is not re-tokenised when its actor mentions are scored.

:func:`analyzer` returns a cached instance for the original lexicon (``overlay=False``)
or for the lexicon with the domain overlay (``analysis/data/lexicon_overlay.tsv``).
:meth:`Vader.tokens` exposes each token's valence after VADER's rules, with its
character offsets, so that target-aware methods can weight them.
"""

from __future__ import annotations

import functools
import math
import re
import weakref
from itertools import chain, compress

import numpy as np

from analysis.text.cache import Memo
from analysis.text.vader_lexicon import (
    _AMPLIFY,
    _IDIOM_FIRST,
    _IDIOM_LAST,
    _IDIOM_WORDS,
    _MULTI_BOOSTER_SECOND,
    _NO_TOKENS,
    _NO_VALENCE,
    _PLAIN,
    _PLAIN_UPPER,
    _PUNCT,
    _SPECIAL,
    _VALENCE,
    B_DECR,
    BOOSTER,
    C_INCR,
    IDIOMS,
    N_SCALAR,
    NEGATE,
    TOKEN,
    Token,
    _pack,
    base_lexicon,
    load_overlay,
    normalize,
    strip_token,
)

#: Texts whose analysis is kept (the cache is emptied when full; :func:`forget_texts` empties
#: it between batches). Large enough for every sentence of a batch of 4,000 articles (about
#: 175,000), whose actor mentions are scored after all sentences: a smaller cache dropped
#: the first sentences before their mentions came, which were then analysed twice. About
#: 320 bytes a text beyond the text itself (55 MB for those 175,000).
MAX_TEXTS = 250_000


class _Kinds:
    """raw token → its :class:`Token` if some rule can name it, a shared plain stand-in
    otherwise, None if NLTK drops it (one character); filled on first sight, in one frame
    (``memo``), noting on the way which raw tokens are hits, ALL CAPS or "but"."""

    __slots__ = ("vader", "lexicon", "hit", "upper", "but", "memo")

    def __init__(self, vader):
        self.vader, self.lexicon = vader, vader.lexicon
        self.hit: set[str] = set()
        self.upper: set[str] = set()
        self.but: set[str] = set()
        self.memo = Memo(self.kind)

    def kind(self, raw):
        if len(raw) < 2:
            return None
        word = strip_token(raw) if raw[0] in _PUNCT or raw[-1] in _PUNCT else raw
        lower = word.lower()
        if lower in self.lexicon or lower in _SPECIAL or "n't" in lower:
            tok = self.vader.token(raw)
            if tok.upper:
                self.upper.add(raw)
            if tok.valence is not None:
                self.hit.add(raw)
            if lower == "but":
                self.but.add(raw)
            return tok
        if word.isupper():  # no rule names this token: only its capitals count
            self.upper.add(raw)
            return _PLAIN_UPPER
        return _PLAIN


_INSTANCES: weakref.WeakSet = weakref.WeakSet()


def forget_texts() -> None:
    """Drop every analyser's per-text cache, e.g. between two batches of a corpus, so
    that memory does not grow with the number of sentences scored."""
    for instance in list(_INSTANCES):
        instance.forget_texts()


class Vader:
    """A VADER analyser on a given lexicon (word → valence)."""

    def __init__(self, lexicon: dict[str, float], name: str = "vader"):
        self.lexicon = dict(lexicon)
        self.name = name
        self._cache: dict[str, Token] = {}
        self._texts: dict[str, list] = {}
        self._zero = any(not v for v in self.lexicon.values())  # a word of valence 0 is still a hit
        self._reset_kinds()
        _INSTANCES.add(self)

    def forget_texts(self) -> None:
        """Drop the per-text cache (the per-token one stays: it grows with the vocabulary)."""
        self._texts.clear()

    def _reset_kinds(self) -> None:
        # raw token → its Token if some rule can name it, a shared plain stand-in otherwise,
        # None if NLTK drops it (one character); filled on first sight
        kinds = _Kinds(self)
        self._kinds = kinds.memo  # emptied with the three sets below (see _entry), so no limit of its own
        self._words = Memo(strip_token)
        self._hit_raw = kinds.hit  # raw tokens whose word is in the lexicon
        self._upper_raw = kinds.upper  # raw tokens (2+ characters) that are ALL CAPS
        self._but_raw = kinds.but  # raw tokens whose word is "but"

    def token(self, raw: str) -> Token:
        """The context-free facts about one whitespace token (cached)."""
        tok = self._cache.get(raw)
        if tok is None:
            word = strip_token(raw)
            lower = word.lower()
            tok = Token(
                word,
                lower,
                word.isupper(),
                self.lexicon.get(lower),
                BOOSTER.get(lower, 0.0),
                lower in NEGATE or "n't" in lower,
            )
            if len(self._cache) > 500_000:
                self._cache.clear()
            self._cache[raw] = tok
        return tok

    # -- the rules -------------------------------------------------------------------
    def _valences(self, toks: list[Token], cap_diff: bool) -> list[float]:
        """One valence per token after VADER's rules, before the "but" rule."""
        out = [0] * len(toks)
        done: dict[str, float] = {}
        if self._zero:
            hits = [k for k, t in enumerate(toks) if t.valence is not None]
        else:  # every lexicon valence is non-zero: the truthy ones are the hits
            hits = compress(range(len(toks)), map(_VALENCE, toks))
        for k in hits:
            w = toks[k].word
            v = done.get(w)
            if v is None:  # a repeated word is scored where it first occurs (as NLTK does)
                v = done[w] = self._valence(toks, k, cap_diff)
            out[k] = v
        return out

    def _valence(self, toks, i, cap_diff):
        t = toks[i]
        n = len(toks)
        if t.booster or (t.lower == "kind" and i < n - 1 and toks[i + 1].lower == "of"):
            return 0
        valence = t.valence
        if t.upper and cap_diff:
            valence = valence + C_INCR if valence > 0 else valence - C_INCR
        if i >= 3 and not (toks[i - 1].word or toks[i - 2].word or toks[i - 3].word):
            # the three words before are plain (no booster, negation, "never", "so", "least",
            # idiom or lexicon word): of the rules below only an idiom starting here can
            # apply, and adding their zero boosts three times leaves the valence as it is
            valence = valence + 0.0
            if n - 1 > i and t.word in _IDIOM_WORDS:
                seq = f"{t.word} {toks[i + 1].word}"
                if seq in IDIOMS:
                    valence = IDIOMS[seq]
                if n - 1 > i + 1:
                    seq = f"{seq} {toks[i + 2].word}"
                    if seq in IDIOMS:
                        valence = IDIOMS[seq]
            return valence
        for start_i in range(3):
            if i <= start_i:
                break
            prev = toks[i - (start_i + 1)]
            if prev.valence is not None:
                continue
            s = 0.0
            if prev.booster:
                s = prev.booster
                if valence < 0:
                    s *= -1
                if prev.upper and cap_diff:
                    s = s + C_INCR if valence > 0 else s - C_INCR
                if start_i == 1 and s != 0:
                    s = s * 0.95
                if start_i == 2 and s != 0:
                    s = s * 0.9
            valence = valence + s
            valence = self._never(valence, toks, start_i, i)
            if start_i == 2:
                valence = self._idioms(valence, toks, i)
        return self._least(valence, toks, i)

    @staticmethod
    def _never(valence, toks, start_i, i):
        if start_i == 0:
            if toks[i - 1].negation:
                valence = valence * N_SCALAR
        elif start_i == 1:
            if toks[i - 2].word == "never" and toks[i - 1].word in _AMPLIFY:
                valence = valence * 1.5
            elif toks[i - 2].negation:
                valence = valence * N_SCALAR
        else:
            if (toks[i - 3].word == "never" and toks[i - 2].word in _AMPLIFY) or toks[i - 1].word in _AMPLIFY:
                valence = valence * 1.25
            elif toks[i - 3].negation:
                valence = valence * N_SCALAR
        return valence

    @staticmethod
    def _idioms(valence, toks, i):
        # i >= 3 here. Tokens that no rule names are plain stand-ins with an empty word:
        # they complete no idiom or booster phrase, exactly as their real words would not
        window = toks[i - 3 : i + 3]
        w3, w2, w1, w0 = window[0].word, window[1].word, window[2].word, window[3].word
        # NLTK tries the idioms when any of these six words is in one; one can only match
        # if it ends in w0, w1 or w2 or starts at w0 (and then that test holds too)
        if w0 in _IDIOM_LAST or w1 in _IDIOM_LAST or w2 in _IDIOM_LAST or w0 in _IDIOM_FIRST:
            seqs = (f"{w1} {w0}", f"{w2} {w1} {w0}", f"{w2} {w1}", f"{w3} {w2} {w1}", f"{w3} {w2}")
            for seq in seqs:
                if seq in IDIOMS:
                    valence = IDIOMS[seq]
                    break
            n = len(toks)
            if n - 1 > i:
                seq = f"{w0} {window[4].word}"
                if seq in IDIOMS:
                    valence = IDIOMS[seq]
            if n - 1 > i + 1:
                seq = f"{w0} {window[4].word} {window[5].word}"
                if seq in IDIOMS:
                    valence = IDIOMS[seq]
        if (w2 in _MULTI_BOOSTER_SECOND and f"{w3} {w2}" in BOOSTER) or (
            w1 in _MULTI_BOOSTER_SECOND and f"{w2} {w1}" in BOOSTER
        ):
            valence = valence + B_DECR
        return valence

    @staticmethod
    def _least(valence, toks, i):
        if i > 1 and toks[i - 1].valence is None and toks[i - 1].lower == "least":
            if toks[i - 2].lower != "at" and toks[i - 2].lower != "very":
                valence = valence * N_SCALAR
        elif i > 0 and toks[i - 1].valence is None and toks[i - 1].lower == "least":
            valence = valence * N_SCALAR
        return valence

    @staticmethod
    def _but(toks, sentiments):
        for bi, t in enumerate(toks):
            if t.lower == "but":
                return [s * 0.5 if k < bi else s * 1.5 if k > bi else s for k, s in enumerate(sentiments)]
        return sentiments

    # -- the per-text analysis (cached) ------------------------------------------------
    def _entry(self, text: str) -> tuple:
        """The analysis of ``text``, cached: a sentence scored for the sentences table is
        not analysed again when its actor mentions are. One flat tuple, which the garbage
        collector stops tracking: neg, neu, pos, compound, the number of kept tokens (-1:
        none is in the lexicon, every valence is 0), then for each token with a non-zero
        valence its index, word, valence before and after the "but" rule."""
        entry = self._texts.get(text)
        if entry is not None:
            return entry
        if len(self._kinds) > 500_000:
            self._reset_kinds()  # never in the middle of a text: the sets below must agree
        raws = text.split()
        toks = list(filter(None, map(self._kinds.__getitem__, raws)))
        if self._hit_raw.isdisjoint(raws):
            entry = _NO_VALENCE if toks else _NO_TOKENS
        else:
            n = len(toks)
            n_upper = sum(map(self._upper_raw.__contains__, raws))
            vals = self._valences(toks, 0 < n - n_upper < n)
            final = self._but(toks, vals) if not self._but_raw.isdisjoint(raws) and any(vals) else vals
            entry = _pack(self._score_from(final, text), toks, vals, final)
        if len(self._texts) >= MAX_TEXTS:
            self._texts.clear()
        self._texts[text] = entry
        return entry

    def valences(self, text: str, but: bool = True) -> list | None:
        """The valence of each kept token (after the "but" rule unless ``but=False``),
        or None when no token of ``text`` is in the lexicon (every valence is 0)."""
        entry = self._entry(text)
        if entry[4] < 0:
            return None
        out = [0] * entry[4]
        for i in range(5, len(entry), 4):
            out[entry[i]] = entry[i + 3] if but else entry[i + 2]
        return out

    def hits(self, text: str, but: bool = True) -> list[tuple[int, str, float]]:
        """(index, word, valence) of each kept token with a non-zero valence (after the
        "but" rule unless ``but=False``), in text order."""
        entry = self._entry(text)
        j = 3 if but else 2
        return [(entry[i], entry[i + 1], float(entry[i + j])) for i in range(5, len(entry), 4)]

    def scores(self, text: str) -> tuple[float, float, float, float]:
        """neg, neu, pos, compound of ``text`` (cached with its analysis)."""
        return self._score(text)

    def words(self, raws) -> list[str]:
        """The words NLTK sees in these whitespace tokens (one punctuation mark stripped)."""
        return list(map(self._words.__getitem__, raws))

    # -- public ----------------------------------------------------------------------
    def sentiments(self, text: str) -> tuple[list[Token], list[float]]:
        """The tokens NLTK keeps (two or more characters) and their final valences."""
        toks = [self.token(w) for w in text.split() if len(w) > 1]
        vals = self.valences(text)
        return toks, (vals if vals is not None else [0] * len(toks))

    def polarity_scores(self, text: str) -> dict:
        """neg, neu, pos (rounded to 3 decimals) and compound (4), as NLTK returns them."""
        return dict(zip(("neg", "neu", "pos", "compound"), self._score(text)))

    def _score(self, text: str) -> tuple[float, float, float, float]:
        return self._entry(text)[:4]

    @staticmethod
    def _score_from(sentiments: list, text: str) -> tuple[float, float, float, float]:
        """neg, neu, pos, compound from the final valences (NLTK's ``score_valence``)."""
        if not sentiments:
            return 0.0, 0.0, 0.0, 0.0
        nonzero = list(filter(None, sentiments))
        sum_s = float(sum(nonzero))  # adding exact zeros changes no float: same sum as NLTK
        ep = min(text.count("!"), 4) * 0.292
        qm = text.count("?")
        qm = (qm * 0.18 if qm <= 3 else 0.96) if qm > 1 else 0
        amp = ep + qm
        if sum_s > 0:
            sum_s += amp
        elif sum_s < 0:
            sum_s -= amp
        compound = normalize(sum_s)
        pos_sum = neg_sum = 0.0
        neu = len(sentiments) - len(nonzero)
        for s in nonzero:
            if s > 0:
                pos_sum += float(s) + 1
            else:
                neg_sum += float(s) - 1
        if pos_sum > math.fabs(neg_sum):
            pos_sum += amp
        elif pos_sum < math.fabs(neg_sum):
            neg_sum -= amp
        total = pos_sum + math.fabs(neg_sum) + neu
        return (
            round(math.fabs(neg_sum / total), 3),
            round(math.fabs(neu / total), 3),
            round(math.fabs(pos_sum / total), 3),
            round(compound, 4),
        )

    def score_many(self, texts) -> np.ndarray:
        """An (n, 4) array of neg, neu, pos, compound for each text."""
        return np.fromiter(chain.from_iterable(self._scores(texts)), float).reshape(-1, 4)

    def _scores(self, texts):
        """:meth:`_score` of each text, with the analysis inlined (the hot loop of a corpus)."""
        cached, kinds, hit, upper, but = self._texts, self._kinds, self._hit_raw, self._upper_raw, self._but_raw
        valences, but_rule, score_from = self._valences, self._but, self._score_from
        for text in texts:
            entry = cached.get(text)
            if entry is None:
                if len(kinds) > 500_000 or len(cached) >= MAX_TEXTS:
                    score = self._score(text)  # the caches are reset there, between texts
                    kinds, hit, upper, but = self._kinds, self._hit_raw, self._upper_raw, self._but_raw
                    yield score
                    continue
                raws = text.split()
                toks = list(filter(None, map(kinds.__getitem__, raws)))
                if hit.isdisjoint(raws):
                    entry = cached[text] = _NO_VALENCE if toks else _NO_TOKENS
                    score = entry[:4]
                else:
                    n = len(toks)
                    n_upper = sum(map(upper.__contains__, raws))
                    vals = valences(toks, 0 < n - n_upper < n)
                    final = but_rule(toks, vals) if not but.isdisjoint(raws) and any(vals) else vals
                    score = score_from(final, text)
                    cached[text] = _pack(score, toks, vals, final)
                yield score
            else:
                yield entry[:4]

    def tokens(self, text: str, but: bool = True) -> list[tuple[int, int, str, float]]:
        """Each kept token as (start, end, word, valence after VADER's rules).

        ``start``/``end`` are offsets of the whitespace token in ``text`` (punctuation
        included). With ``but=True`` the valences are those NLTK sums (before "!"/"?"
        emphasis); ``but=False`` leaves out the "but" rule, for methods that handle
        contrast themselves.
        """
        vals = self.valences(text, but)
        matches = list(TOKEN.finditer(text))  # the same tokens as str.split(), with offsets
        words = self.words(map(re.Match.group, matches))
        if vals is None:
            vals = [0] * len(matches)
        return [(m.start(), m.end(), w, float(v)) for m, w, v in zip(matches, words, vals)]


@functools.lru_cache(maxsize=8)
def analyzer(overlay=True) -> Vader:
    """A cached :class:`Vader`: the original lexicon (``overlay=False``), or with the
    domain overlay applied (``True``: the shipped file; or a path to another overlay)."""
    lex = dict(base_lexicon())
    if overlay is False or overlay is None:
        return Vader(lex, "vader")
    for word, valence in load_overlay(None if overlay is True else overlay).items():
        if valence == 0:
            lex.pop(word, None)  # neutral: out of the lexicon, as if VADER never knew it
        else:
            lex[word] = valence
    return Vader(lex, "vader+overlay")
