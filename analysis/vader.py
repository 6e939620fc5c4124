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
import re
import string
from pathlib import Path
from typing import NamedTuple

import numpy as np

from .config import default_path
from .errors import InputError
from .nltk_offline import lexicon_text

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
_MULTI_BOOSTER_SECOND = frozenset(k.split()[1] for k in BOOSTER if " " in k)
PUNC_LIST = (".", "!", "?", ",", ";", ":", "-", "'", '"', "!!", "!!!", "??", "???", "?!?", "!?!",
             "?!?!", "!?!?")
_PUNCT = frozenset(string.punctuation)
_AMPLIFY = frozenset(("so", "this"))
_NONSPACE = re.compile(r"\S+")  # \s is str.isspace(), so this splits exactly as str.split()


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
            if len(rest) > 1 and not any(c in _PUNCT for c in rest):
                return rest
        if raw.endswith(p):
            rest = raw[: -len(p)]
            if len(rest) > 1 and not any(c in _PUNCT for c in rest):
                return rest
    return raw


def normalize(score: float, alpha: float = 15) -> float:
    """VADER's squashing of a valence sum into −1..1."""
    return score / math.sqrt((score * score) + alpha)


class Vader:
    """A VADER analyser on a given lexicon (word → valence)."""

    def __init__(self, lexicon: dict[str, float], name: str = "vader"):
        self.lexicon = dict(lexicon)
        self.name = name
        self._cache: dict[str, Token] = {}
        self._texts: dict[str, tuple] = {}
        self._spans: dict[str, list] = {}

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
    def _valences(self, toks: list[Token]) -> list[float]:
        """One valence per token after VADER's rules, before the "but" rule."""
        out = [0] * len(toks)
        hits = [k for k, t in enumerate(toks) if t.valence is not None]
        if not hits:
            return out
        n = len(toks)
        words = [t.word for t in toks]
        n_upper = sum(t.upper for t in toks)
        cap_diff = 0 < n - n_upper < n
        done: dict[str, float] = {}
        for k in hits:
            w = words[k]
            v = done.get(w)
            if v is None:  # a repeated token is scored where it first occurs (as NLTK does)
                v = done[w] = self._valence(toks, words, words.index(w), cap_diff)
            out[k] = v
        return out

    def _valence(self, toks, words, i, cap_diff):
        t = toks[i]
        n = len(toks)
        if t.booster or (t.lower == "kind" and i < n - 1 and toks[i + 1].lower == "of"):
            return 0
        valence = t.valence
        if t.upper and cap_diff:
            valence = valence + C_INCR if valence > 0 else valence - C_INCR
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
            valence = self._never(valence, toks, words, start_i, i)
            if start_i == 2:
                valence = self._idioms(valence, words, i)
        return self._least(valence, toks, i)

    @staticmethod
    def _never(valence, toks, words, start_i, i):
        if start_i == 0:
            if toks[i - 1].negation:
                valence = valence * N_SCALAR
        elif start_i == 1:
            if words[i - 2] == "never" and words[i - 1] in _AMPLIFY:
                valence = valence * 1.5
            elif toks[i - 2].negation:
                valence = valence * N_SCALAR
        else:
            if (words[i - 3] == "never" and words[i - 2] in _AMPLIFY) or words[i - 1] in _AMPLIFY:
                valence = valence * 1.25
            elif toks[i - 3].negation:
                valence = valence * N_SCALAR
        return valence

    @staticmethod
    def _idioms(valence, words, i):
        n = len(words)
        window = words[i - 3: i + 3]
        if any(w in _IDIOM_WORDS for w in window):
            seqs = (f"{words[i - 1]} {words[i]}", f"{words[i - 2]} {words[i - 1]} {words[i]}",
                    f"{words[i - 2]} {words[i - 1]}", f"{words[i - 3]} {words[i - 2]} {words[i - 1]}",
                    f"{words[i - 3]} {words[i - 2]}")
            for seq in seqs:
                if seq in IDIOMS:
                    valence = IDIOMS[seq]
                    break
            if n - 1 > i:
                seq = f"{words[i]} {words[i + 1]}"
                if seq in IDIOMS:
                    valence = IDIOMS[seq]
            if n - 1 > i + 1:
                seq = f"{words[i]} {words[i + 1]} {words[i + 2]}"
                if seq in IDIOMS:
                    valence = IDIOMS[seq]
        if (words[i - 2] in _MULTI_BOOSTER_SECOND and f"{words[i - 3]} {words[i - 2]}" in BOOSTER) or (
                words[i - 1] in _MULTI_BOOSTER_SECOND and f"{words[i - 2]} {words[i - 1]}" in BOOSTER):
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

    # -- public ----------------------------------------------------------------------
    def _analyse(self, text: str) -> tuple[list[Token], list[float]]:
        """Tokens and valences before the "but" rule, cached per text (sentences are
        scored first for the sentences table, then again per actor mention)."""
        done = self._texts.get(text)
        if done is None:
            get, token = self._cache.get, self.token
            toks = [get(w) or token(w) for w in text.split() if len(w) > 1]
            done = (toks, self._valences(toks))
            if len(self._texts) >= 100_000:
                self._texts.clear()
            self._texts[text] = done
        return done

    def sentiments(self, text: str) -> tuple[list[Token], list[float]]:
        """The tokens NLTK keeps (two or more characters) and their final valences."""
        toks, vals = self._analyse(text)
        return toks, (self._but(toks, vals) if any(vals) else vals)

    def polarity_scores(self, text: str) -> dict:
        """neg, neu, pos (rounded to 3 decimals) and compound (4), as NLTK returns them."""
        return dict(zip(("neg", "neu", "pos", "compound"), self._score(text)))

    def _score(self, text: str) -> tuple[float, float, float, float]:
        return self._score_from(self.sentiments(text)[1], text)

    @staticmethod
    def _score_from(sentiments: list, text: str) -> tuple[float, float, float, float]:
        """neg, neu, pos, compound from the final valences (NLTK's ``score_valence``)."""
        if not sentiments:
            return 0.0, 0.0, 0.0, 0.0
        nonzero = [s for s in sentiments if s]
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
        return np.array([self._score(t) for t in texts], dtype=float).reshape(-1, 4)

    def tokens(self, text: str, but: bool = True) -> list[tuple[int, int, str, float]]:
        """Each kept token as (start, end, word, valence after VADER's rules).

        ``start``/``end`` are offsets of the whitespace token in ``text`` (punctuation
        included). With ``but=True`` the valences are those NLTK sums (before "!"/"?"
        emphasis); ``but=False`` leaves out the "but" rule, for methods that handle
        contrast themselves.
        """
        toks, vals = self._analyse(text)
        spans = self._spans.get(text)
        if spans is None:
            spans = [m.span() for m in _NONSPACE.finditer(text) if m.end() - m.start() > 1]  # = str.split()
            if len(self._spans) >= 20_000:
                self._spans.clear()
            self._spans[text] = spans
        if but and any(vals):
            vals = self._but(toks, vals)
        return [(a, b, t.word, float(v)) for (a, b), t, v in zip(spans, toks, vals)]

    def scores_and_tokens(self, text: str):
        """(neg, neu, pos, compound) and :meth:`tokens` of ``text`` in one pass."""
        toks = self.tokens(text)
        return self._score_from([v for *_, v in toks], text), toks


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
