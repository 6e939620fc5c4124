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
100,000 texts), so a sentence scored for the sentences table is not re-tokenised when
its actor mentions are scored.

:func:`analyzer` returns a cached instance for the original lexicon (``overlay=False``)
or for the lexicon with the domain overlay (``analysis/data/lexicon_overlay.tsv``).
:meth:`Vader.tokens` exposes each token's valence after VADER's rules, with its
character offsets, so that target-aware methods can weight them.
"""

from __future__ import annotations

import functools
import math
import operator
import re
import string
import weakref
from itertools import chain, compress
from pathlib import Path
from typing import NamedTuple

import numpy as np

from analysis.corpus.nltk_offline import lexicon_text
from analysis.dictionaries.registry import default_path
from analysis.errors import InputError

B_INCR = 0.293
B_DECR = -0.293
C_INCR = 0.733
N_SCALAR = -0.74

NEGATE = frozenset(
    """aint arent cannot cant couldnt darent didnt doesnt ain't aren't can't couldn't daren't
    didn't doesn't dont hadnt hasnt havent isnt mightnt mustnt neither don't hadn't hasn't
    haven't isn't mightn't mustn't neednt needn't never none nope nor not nothing nowhere
    oughtnt shant shouldnt uhuh wasnt werent oughtn't shan't shouldn't uh-uh wasn't weren't
    without wont wouldnt won't wouldn't rarely seldom despite""".split()
)
_UP = """absolutely amazingly awfully completely considerably decidedly deeply effing enormously
    entirely especially exceptionally extremely fabulously flipping flippin fricking frickin
    frigging friggin fully fucking greatly hella highly hugely incredibly intensely majorly more
    most particularly purely quite really remarkably so substantially thoroughly totally
    tremendously uber unbelievably unusually utterly very""".split()
_DOWN = """almost barely hardly kinda kindof kind-of less little marginally occasionally partly
    scarcely slightly somewhat sorta sortof sort-of""".split()
BOOSTER = {**{w: B_INCR for w in _UP}, **{w: B_DECR for w in _DOWN},
           "just enough": B_DECR, "kind of": B_DECR, "sort of": B_DECR}
IDIOMS = {"the shit": 3, "the bomb": 3, "bad ass": 1.5, "yeah right": -2, "cut the mustard": 2,
          "kiss of death": -1.5, "hand to mouth": -2}
_IDIOM_WORDS = frozenset(w for key in IDIOMS for w in key.split())
_IDIOM_FIRST = frozenset(key.split()[0] for key in IDIOMS)
_IDIOM_LAST = frozenset(key.split()[-1] for key in IDIOMS)
_MULTI_BOOSTER_SECOND = frozenset(k.split()[1] for k in BOOSTER if " " in k)
PUNC_LIST = (".", "!", "?", ",", ";", ":", "-", "'", '"', "!!", "!!!", "??", "???", "?!?", "!?!",
             "?!?!", "!?!?")
_PUNCT = frozenset(string.punctuation)
_AMPLIFY = frozenset(("so", "this"))
# the tokens of str.split() that NLTK keeps (two or more characters): \s is str.isspace()
TOKEN = re.compile(r"\S\S+")
_NEUTRAL = (0.0, 1.0, 0.0, 0.0)
_EMPTY = (0.0, 0.0, 0.0, 0.0)
# the cached analysis (see Vader._entry) of a text without lexicon words, and without tokens
_NO_VALENCE = (*_NEUTRAL, -1)
_NO_TOKENS = (*_EMPTY, -1)


class Token(NamedTuple):
    """What VADER knows about one whitespace token, independent of its context."""

    word: str  # the token with one leading/trailing punctuation mark stripped, as NLTK does
    lower: str
    upper: bool  # str.isupper()
    valence: float | None  # lexicon valence of ``lower`` (None: not in the lexicon)
    booster: float  # BOOSTER value of ``lower`` (0.0: not a booster)
    negation: bool  # NLTK's ``negated([word])``


def parse_lexicon(text: str) -> dict[str, float]:
    """Word → valence from the text of ``vader_lexicon.txt``, read as NLTK reads it."""
    lex = {}
    for line in text.split("\n"):
        word, measure = line.strip().split("\t")[0:2]
        lex[word] = float(measure)
    return lex


def strip_token(raw: str) -> str:
    """NLTK's punctuation rule for one token (``SentiText._words_and_emoticons``)."""
    if raw[0] not in _PUNCT and raw[-1] not in _PUNCT:
        return raw
    for p in PUNC_LIST:
        if raw.startswith(p):
            rest = raw[len(p):]
            if len(rest) > 1 and _PUNCT.isdisjoint(rest):
                return rest
        if raw.endswith(p):
            rest = raw[: -len(p)]
            if len(rest) > 1 and _PUNCT.isdisjoint(rest):
                return rest
    return raw


def normalize(score: float, alpha: float = 15) -> float:
    """VADER's squashing of a valence sum into −1..1."""
    return score / math.sqrt((score * score) + alpha)


class _Kinds(dict):
    """A dict that fills itself on a missing key (so ``map(d.__getitem__, ...)`` runs in C)."""

    __slots__ = ("_make",)

    def __init__(self, make):
        super().__init__()
        self._make = make

    def __missing__(self, key):
        value = self[key] = self._make(key)
        return value


# Tokens that no rule names (not in the lexicon, no booster, no negation, none of the words
# below) share one of these two stand-ins: their word only matters by *not* being one of
# the words the rules compare with, and the empty word is none of them either.
_PLAIN = Token("", "", False, None, 0.0, False)
_PLAIN_UPPER = Token("", "", True, None, 0.0, False)
_SPECIAL = frozenset({"kind", "of", "least", "at", "but", "never", "this", "so"} | _IDIOM_WORDS | NEGATE
                     | {w for key in BOOSTER for w in key.split()})
_VALENCE = operator.attrgetter("valence")


def _pack(score, toks, vals, final) -> tuple:
    """The flat cache entry of a text with lexicon words (see :meth:`Vader._entry`)."""
    out = [*score, len(toks)]
    for k in compress(range(len(vals)), vals):
        out += (k, toks[k].word, vals[k], final[k])
    return tuple(out)


class _KindCache(dict):
    """raw token → its :class:`Token` if some rule can name it, a shared plain stand-in
    otherwise, None if NLTK drops it (one character); filled on first sight, in one frame."""

    __slots__ = ("vader", "lexicon", "hit", "upper", "but")

    def __init__(self, vader):
        super().__init__()
        self.vader, self.lexicon = vader, vader.lexicon
        self.hit: set[str] = set()
        self.upper: set[str] = set()
        self.but: set[str] = set()

    def __missing__(self, raw):
        if len(raw) < 2:
            self[raw] = None
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
        elif word.isupper():  # no rule names this token: only its capitals count
            self.upper.add(raw)
            tok = _PLAIN_UPPER
        else:
            tok = _PLAIN
        self[raw] = tok
        return tok


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
        self._kinds = _KindCache(self)
        self._words = _Kinds(strip_token)
        self._hit_raw = self._kinds.hit  # raw tokens whose word is in the lexicon
        self._upper_raw = self._kinds.upper  # raw tokens (2+ characters) that are ALL CAPS
        self._but_raw = self._kinds.but  # raw tokens whose word is "but"

    def token(self, raw: str) -> Token:
        """The context-free facts about one whitespace token (cached)."""
        tok = self._cache.get(raw)
        if tok is None:
            word = strip_token(raw)
            lower = word.lower()
            tok = Token(word, lower, word.isupper(), self.lexicon.get(lower), BOOSTER.get(lower, 0.0),
                        lower in NEGATE or "n't" in lower)
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
        window = toks[i - 3: i + 3]
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
                w1 in _MULTI_BOOSTER_SECOND and f"{w2} {w1}" in BOOSTER):
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
        if len(self._texts) >= 100_000:
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
        return (round(math.fabs(neg_sum / total), 3), round(math.fabs(neu / total), 3),
                round(math.fabs(pos_sum / total), 3), round(compound, 4))

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
                if len(kinds) > 500_000 or len(cached) >= 100_000:
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


@functools.lru_cache(maxsize=1)
def base_lexicon() -> dict[str, float]:
    """The VADER lexicon NLTK reads (the packaged ``vader_lexicon.txt``)."""
    return parse_lexicon(lexicon_text())


OVERLAY_FILE = "lexicon_overlay.tsv"


def load_overlay(path=None) -> dict[str, float]:
    """The domain overlay: word → valence (0 removes the word from the lexicon).

    The file is tab-separated with a header ``word, valence, reason``; lines starting
    with ``#`` are comments. A bad line raises :class:`InputError` naming the file and line.
    """
    path = Path(str(path)) if path else default_path(OVERLAY_FILE)
    if not path.is_file():
        raise InputError(path, "lexicon overlay file not found")
    out: dict[str, float] = {}
    lines = path.read_text(encoding="utf-8").splitlines()
    header = None
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = [c.strip() for c in cells]
            if header[:3] != ["word", "valence", "reason"]:
                raise InputError(path, f"line {number}: header must be word, valence, reason (tab-separated)")
            continue
        if len(cells) != 3 or not cells[0].strip() or not cells[2].strip():
            raise InputError(path, f"line {number}: expected word, valence and a reason separated by tabs")
        word = cells[0].strip().lower()
        try:
            valence = float(cells[1])
        except ValueError:
            raise InputError(path, f"line {number}: valence {cells[1]!r} of {word!r} is not a number") from None
        if not -4 <= valence <= 4:
            raise InputError(path, f"line {number}: valence of {word!r} must be in -4..4 (VADER's scale)")
        if word in out:
            raise InputError(path, f"line {number}: {word!r} is listed twice")
        out[word] = valence
    return out


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
