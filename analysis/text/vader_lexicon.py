"""VADER's constants, word lists, lexicon (with the domain overlay) and token kinds, as NLTK's VADER defines them."""

from __future__ import annotations

import functools
import math
import operator
import re
import string
from itertools import compress
from pathlib import Path
from typing import NamedTuple

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


BOOSTER = {
    **{w: B_INCR for w in _UP},
    **{w: B_DECR for w in _DOWN},
    "just enough": B_DECR,
    "kind of": B_DECR,
    "sort of": B_DECR,
}


IDIOMS = {
    "the shit": 3,
    "the bomb": 3,
    "bad ass": 1.5,
    "yeah right": -2,
    "cut the mustard": 2,
    "kiss of death": -1.5,
    "hand to mouth": -2,
}


_IDIOM_WORDS = frozenset(w for key in IDIOMS for w in key.split())


_IDIOM_FIRST = frozenset(key.split()[0] for key in IDIOMS)


_IDIOM_LAST = frozenset(key.split()[-1] for key in IDIOMS)


_MULTI_BOOSTER_SECOND = frozenset(k.split()[1] for k in BOOSTER if " " in k)


PUNC_LIST = (".", "!", "?", ",", ";", ":", "-", "'", '"', "!!", "!!!", "??", "???", "?!?", "!?!", "?!?!", "!?!?")


_PUNCT = frozenset(string.punctuation)


_AMPLIFY = frozenset(("so", "this"))


# the tokens of str.split() that NLTK keeps (two or more characters): \s is str.isspace()
TOKEN = re.compile(r"\S\S+")


_NEUTRAL = (0.0, 1.0, 0.0, 0.0)


_EMPTY = (0.0, 0.0, 0.0, 0.0)


# the cached analysis (see Vader._entry) of a text without lexicon words, and without tokens
_NO_VALENCE = (*_NEUTRAL, -1)


_NO_TOKENS = (*_EMPTY, -1)


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
            rest = raw[len(p) :]
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


class Token(NamedTuple):
    """What VADER knows about one whitespace token, independent of its context."""

    word: str  # the token with one leading/trailing punctuation mark stripped, as NLTK does
    lower: str
    upper: bool  # str.isupper()
    valence: float | None  # lexicon valence of ``lower`` (None: not in the lexicon)
    booster: float  # BOOSTER value of ``lower`` (0.0: not a booster)
    negation: bool  # NLTK's ``negated([word])``


# Tokens that no rule names (not in the lexicon, no booster, no negation, none of the words
# below) share one of these two stand-ins: their word only matters by *not* being one of
# the words the rules compare with, and the empty word is none of them either.
_PLAIN = Token("", "", False, None, 0.0, False)


_PLAIN_UPPER = Token("", "", True, None, 0.0, False)


_SPECIAL = frozenset(
    {"kind", "of", "least", "at", "but", "never", "this", "so"}
    | _IDIOM_WORDS
    | NEGATE
    | {w for key in BOOSTER for w in key.split()}
)


_VALENCE = operator.attrgetter("valence")


def _pack(score, toks, vals, final) -> tuple:
    """The flat cache entry of a text with lexicon words (see :meth:`Vader._entry`)."""
    out = [*score, len(toks)]
    for k in compress(range(len(vals)), vals):
        out += (k, toks[k].word, vals[k], final[k])
    return tuple(out)
