"""Words, spelling, stems and phrase matching, shared by frames and word choice.

The matching rules are described in :mod:`analysis.measures.frames` (module notes). This module
makes them fast on large corpora:

* Texts are joined a batch at a time and split at spaces, in C; words never hold a
  space, so each chunk between two spaces holds whole words. What a chunk holds is
  cached per distinct chunk: for most chunks, nothing.
* A phrase is looked for only at its *anchor*, its least common-looking word ("bill"
  in "the bill"), so that frequent words such as "the" cost nothing.
* Stemming is the slow part, so a word is stemmed only when its stem could be an
  anchor. Snowball (Porter 2) only rewrites the end of a word: a stem is a prefix of the
  normalised word, plus a few letters only in known cases (``y`` -> ``i``, the "e" of
  "-ate", "-ize", "-ive", "-ence", "-ance", "-ble" and of short words such as "hope",
  the "le" of "-biliti" -> "-ble", and the exceptions "dying" -> "die", "skies" ->
  "sky"). So a word can stem to ``s`` only if it starts with one of
  :func:`stem_prefixes` (``s``), a check that costs a dictionary look-up.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate, compress, count, repeat
from operator import itemgetter
from typing import Any, NamedTuple

from analysis.text.cache import Memo

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_SPLIT = re.compile(r"([^\W_]+(?:['’][^\W_]+)*)")  # words, with the text between them
_SPACES = re.compile(r"\s+")
_LINK_CHARS = " \t\r\n\f\v\u00a0-‐‑–'’"
_SPELLING = {
    "defence": "defense",
    "defences": "defenses",
    "offence": "offense",
    "offences": "offenses",
    "licence": "license",
    "licences": "licenses",
    "pretence": "pretense",
    "programme": "program",
    "programmes": "programs",
    "judgement": "judgment",
    "judgements": "judgments",
    "manoeuvre": "maneuver",
    "manoeuvres": "maneuvers",
    "grey": "gray",
    "travelled": "traveled",
}
_OUR = re.compile(
    r"^(armo|behavio|cando|clamo|colo|endeavo|favo|fervo|harbo|hono|humo|labo|neighbo|rigo|rumo|savo|valo|vapo|vigo)ur(.*)$"
)
_RE = re.compile(r"^(calib|cent|fib|lit|met|sab|somb|spect|theat)re(s|d)?$")
_ISE = re.compile(
    r"^(apolog|author|capital|character|civil|critic|democrat|emphas|global|jeopard|legal|legitim|liberal|"
    r"militar|mobil|modern|national|neutral|normal|organ|penal|polar|prior|privat|real|recogn|special|stabil|"
    r"standard|subsid|summar|sympath|terror|util|victim|weapon)is(e|ed|es|ing|ation|ations)$"
)
# first three letters that a US spelling changes (the -our, -re and -ise rules keep them)
_RESPELT = {uk[:3] for uk, us in _SPELLING.items() if uk[:3] != us[:3]}
_CACHE_LIMIT = 500_000  # distinct entries per cache before it starts afresh


def american_spelling(word: str) -> str:
    """Fold a lower-case British spelling into the American one (see the module notes)."""
    if word in _SPELLING:
        return _SPELLING[word]
    m = "ur" in word and _OUR.match(word)  # each pattern needs its letters: skip it cheaply
    if m:
        return f"{m.group(1)}r{m.group(2)}"
    m = "re" in word and _RE.match(word)
    if m:
        return f"{m.group(1)}er{m.group(2) or ''}"
    m = "is" in word and _ISE.match(word)
    if m:
        return f"{m.group(1)}iz{m.group(2)}"
    return word


@functools.lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer("english")


def _normalise(word: str) -> str:
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    return american_spelling(w.rstrip("'"))


_NORM = Memo(_normalise, _CACHE_LIMIT)  # word as written -> normalised form


def _stem(norm: str) -> str:
    """Snowball stem of a normalised word: from the packaged dictionaries' table when it
    holds the word (so parsing them needs no NLTK import), else from NLTK (the same stem)."""
    from analysis.text.stem_table import packaged_stems

    stem = packaged_stems().get(norm)
    return stem if stem is not None else _stemmer().stem(norm)


_STEM = Memo(_stem, _CACHE_LIMIT)  # normalised form -> stem
_LINKS = Memo(lambda between: not between.strip(_LINK_CHARS), _CACHE_LIMIT)  # text between two words -> linked?


def word_keys(word: str) -> tuple[str, str]:
    """(normalised form, stem) of one word: lower case, possessive dropped, US spelling."""
    norm = _NORM[word]
    return norm, _STEM[norm]


def stem_prefixes(stem: str) -> tuple[str, ...]:
    """Prefixes such that every normalised word with this stem starts with one of them.

    See the module notes; checked against every word of the AllSides sample and some
    20 million words made of Snowball's suffixes.
    """
    if stem.endswith(("ble", "ie")):  # -biliti -> -ble; dying -> die
        return (stem[:-2],)
    if stem.endswith("bl"):  # -biliti -> -ble -> -bl
        return (stem[:-1],)
    if stem.endswith("i"):  # y -> i
        return stem, stem[:-1] + "y"
    if stem == "sky":  # skies -> sky
        return ("sk",)
    if stem.endswith("e") and (
        stem.endswith(("ate", "ize", "ive", "ence", "ance"))
        or (len(stem) >= 3 and stem[-3] in "aeiouy" and stem[-2] not in "aeiou")
    ):
        return (stem[:-1],)  # an "e" added to -at, -iz, short words (hop -> hope) or by a suffix rule
    return (stem,)


class Token(NamedTuple):
    start: int
    end: int
    norm: str
    stem: str
    linked: bool  # joined to the previous word by spaces or hyphens only


def tokens(text: str) -> list[Token]:
    """Words of ``text`` with offsets, normalised forms, stems and phrase links."""
    out: list[Token] = []
    prev_end = None
    for m in _WORD.finditer(text):
        norm, stem = word_keys(m.group())
        a = m.start()
        linked = prev_end is not None and _LINKS[text[prev_end:a]]
        out.append(Token(a, m.end(), norm, stem, linked))
        prev_end = m.end()
    return out


@dataclass(frozen=True)
class Phrase:
    """A cue or label: its words' keys, who owns it, and its weight."""

    text: str
    keys: tuple[str, ...]
    stem: bool
    owner: str
    weight: float = 1.0
    payload: Any = None


def phrase(text: str, owner: str, *, stem: bool = True, weight: float = 1.0, payload: Any = None) -> Phrase:
    toks = tokens(text)
    return Phrase(text, tuple(t.stem if stem else t.norm for t in toks), stem, owner, weight, payload)


class PhraseMatcher:
    """Find phrases in texts, longest first.

    With ``per_owner`` each owner's matches are found independently (frames: one word
    can carry two frames); otherwise matches never overlap (labels).

    A phrase is looked for only where its *anchor* occurs: its least common-looking
    word ("bill" in "the bill"), so that frequent words such as "the" cost nothing.
    """

    def __init__(self, phrases, per_owner: bool = True):
        self.per_owner = per_owner
        # the order in which the phrases starting at one word are tried: longest first
        ranked = sorted((p for p in phrases if p.keys), key=lambda p: (-len(p.keys), p.text, not p.stem))
        index: dict[tuple[bool, str], list[tuple]] = {}
        for rank, p in enumerate(ranked):
            d = _anchor(p)
            before = tuple(_key(p, k) for k in reversed(p.keys[:d]))  # nearest first
            after = tuple(_key(p, k) for k in p.keys[d + 1 :])
            group = p.owner if per_owner else None
            index.setdefault((p.stem, p.keys[d]), []).append((p, group, d, before, after, rank))
        self._index = index
        self._ranks = len(ranked)
        # anchor stems by the prefixes a word needs to have one of them (see stem_prefixes)
        self._any_word = False
        self._short: set[str] = set()  # one-letter prefixes
        self._long: dict[str, tuple[str, ...]] = {}  # first two letters -> prefixes
        for stemmed, key in index:
            for pre in stem_prefixes(key) if stemmed else ():
                if not pre:
                    self._any_word = True
                elif len(pre) == 1:
                    self._short.add(pre)
                else:
                    self._long[pre[:2]] = (*self._long.get(pre[:2], ()), pre)
        # quick rejection on a word's first letters (see _anchored_at)
        exact = [key for stemmed, key in index if not stemmed]
        self._pairs = {p for ps in self._long.values() for p in ps if len(p) == 2} | {k for k in exact if len(k) <= 2}
        self._triples = {p[:3] for ps in self._long.values() for p in ps if len(p) > 2} | {k[:3] for k in exact}
        # first three letters (lower case) -> _may_start_with; chunk (text between spaces)
        # or word -> its words that anchor phrases
        self._heads = Memo(self._may_start_with, _CACHE_LIMIT)
        self._hits = Memo(self._hits_in, _CACHE_LIMIT)

    def _may_anchor(self, norm: str) -> bool:
        """False when no anchor stem can be the stem of ``norm``."""
        if self._any_word or norm[:1] in self._short:
            return True
        prefixes = self._long.get(norm[:2])
        return prefixes is not None and norm.startswith(prefixes)

    def _anchored_at(self, word: str) -> tuple:
        """(phrase, group, anchor index, keys before, keys after, rank) of the phrases anchored at ``word``."""
        low = word.lower()
        if len(low) > 2 and not self._heads[low[:3]]:
            return ()
        norm = _normalise(word)
        stemmed = self._index.get((True, _STEM[norm])) if self._may_anchor(norm) else None
        exact = self._index.get((False, norm))
        if stemmed is None and exact is None:
            return ()
        return tuple(sorted((stemmed or []) + (exact or []), key=itemgetter(5)))

    def _may_start_with(self, head: str) -> bool:
        """False when no word of more than two letters whose lower case starts with ``head``
        can anchor a phrase: its normalised form starts with the same three letters."""
        return (
            self._any_word
            or head[:1] in self._short
            or head[:2] in self._pairs
            or head in self._triples
            or "'" in head
            or "’" in head
            or head in _RESPELT
        )

    def _hits_in(self, chunk: str) -> tuple:
        """(word index, phrases anchored at the word) for the words of ``chunk`` that anchor phrases."""
        if chunk.isalnum():  # one word, the usual case
            here = self._anchored_at(chunk)
            return ((0, here),) if here else ()
        words = _WORD.findall(chunk)
        if len(words) == 1:  # the usual case
            if len(words[0]) < len(chunk):
                return self._hits[words[0]]
            here = self._anchored_at(chunk)
            return ((0, here),) if here else ()
        heres = list(map(self._hits.__getitem__, words))
        return tuple((m, here[0][1]) for m, here in enumerate(heres) if here) if any(heres) else ()

    def find(self, text: str) -> list[tuple[Phrase, int, int]]:
        """(phrase, start, end) of every match in ``text``, in text order."""
        return next(self.find_many([text]), (0, []))[1]

    def find_many(self, texts: list[str]) -> Iterator[tuple[int, list[tuple[Phrase, int, int]]]]:
        """(index, :meth:`find` result) of each of ``texts`` that holds a phrase, in order.

        The texts are joined, a batch at a time, and split at spaces (words never hold
        one), so that finding the few chunks that hold an anchor is one pass in C.
        """
        for lo in range(0, len(texts), _BATCH):
            batch = texts[lo : lo + _BATCH]
            chunks = _SEPARATOR.join(batch).split(" ")
            hits = list(compress(count(), map(self._hits.__getitem__, chunks)))
            found = self._candidates(chunks, hits) if hits else []
            if not found:
                continue
            # text i is chunks spaces[i] + 2 * i on (n spaces make n + 1 chunks, then the separator)
            spaces = list(accumulate(map(str.count, batch, repeat(" ")), initial=0))
            i, first, n, offsets, out, free = -1, 0, 0, [], [], {}
            for _, p, group, k, m, k2, m2 in found:  # at each start, longest phrase first
                if free.get(group, -1) >= (k << 32 | m):
                    continue  # a group's matches do not overlap
                free[group] = k2 << 32 | m2
                if k >= n:  # a new text
                    if out:
                        yield lo + i, out
                    while spaces[i + 1] + 2 * i + 2 <= k:
                        i += 1
                    first, n = spaces[i] + 2 * i, spaces[i + 1] + 2 * i + 2
                    offsets = list(accumulate(map(len, chunks[first:n]), initial=0))
                    out = []
                # chunk first + j starts at offsets[j] + j in the text
                out.append(
                    (
                        p,
                        offsets[k - first] + k - first + _CHUNKS[chunks[k]][0][m][0],
                        offsets[k2 - first] + k2 - first + _CHUNKS[chunks[k2]][0][m2][1],
                    )
                )
            if out:
                yield lo + i, out

    def _candidates(self, chunks: list[str], hits: list[int]) -> list[tuple]:
        """(order, phrase, group, chunk, word, last chunk, last word) of the phrases around
        the ``hits``, sorted by start (chunk, word) and rank (the order numbers them so)."""
        found, shifted, ranks = [], False, self._ranks
        for k in hits:
            for m, here in self._hits[chunks[k]]:
                for p, group, d, before, after, rank in here:
                    if d:
                        start = _walk_back(before, chunks, k, m)
                        if start is None:
                            continue
                        shifted = True
                    else:
                        start = k, m
                    end = _walk(after, chunks, k, m) if after else (k, m)
                    if end is not None:
                        found.append(((start[0] << 32 | start[1]) * ranks + rank, p, group, *start, *end))
        if shifted:
            found.sort(key=itemgetter(0))
        return found


_BATCH = 200  # texts joined at a time (matches of a batch are kept until it is done)
_SEPARATOR = " \x00 "  # between joined texts: a chunk without words that links nothing
# words not worth anchoring a phrase at when it has another (only speed depends on it)
_COMMON = frozenset(
    "a an and as at both by for from in into it its no not of on or our that the their this to two with".split()
)


def _key(p: Phrase, key: str) -> tuple[bool, str, tuple[str, ...]]:
    return p.stem, key, stem_prefixes(key) if p.stem else (key,)


def _anchor(p: Phrase) -> int:
    """Index of the word of ``p`` it is looked for at: an uncommon word with a long prefix."""
    scores = [(k not in _COMMON, min(map(len, _key(p, k)[2]))) for k in p.keys]
    return scores.index(max(scores))


def _chunk(chunk: str) -> tuple:
    """(words, links, lead, trail) of a chunk of text without spaces.

    words are (start, end, word) within the chunk; links[m] says whether word m is linked
    to word m - 1; lead and trail whether the text before the first word and after the
    last (the whole chunk when it has no word) holds only linking characters.
    """
    parts = _SPLIT.split(chunk)
    offsets = list(accumulate(map(len, parts)))
    words = tuple((offsets[2 * m], offsets[2 * m + 1], w) for m, w in enumerate(parts[1::2]))
    links = tuple(_LINKS[between] for between in parts[0:-1:2])
    if not words:
        return words, links, _LINKS[chunk], _LINKS[chunk]
    return words, links, links[0], _LINKS[parts[-1]]


_CHUNKS = Memo(_chunk, _CACHE_LIMIT)


def _has_key(word: str, stemmed: bool, key: str, prefixes: tuple[str, ...]) -> bool:
    norm = _NORM[word]
    return norm.startswith(prefixes) and _STEM[norm] == key if stemmed else norm == key


def _walk(keys, chunks: list[str], k: int, m: int) -> tuple[int, int] | None:
    """(chunk, word) of the last of the words after word ``m`` of chunk ``k`` that are
    linked to it and have the ``keys``; None when they do not follow."""
    words, links, _, trail = _CHUNKS[chunks[k]]
    for stemmed, key, prefix in keys:
        m += 1
        if m < len(words):
            if not links[m]:
                return None
        else:
            linked = trail
            while True:
                k += 1
                if k == len(chunks):
                    return None
                words, links, lead, trail = _CHUNKS[chunks[k]]
                if words:
                    break
                linked = linked and lead
            if not (linked and lead):
                return None
            m = 0
        if not _has_key(words[m][2], stemmed, key, prefix):
            return None
    return k, m


def _walk_back(keys, chunks: list[str], k: int, m: int) -> tuple[int, int] | None:
    """:func:`_walk` backwards: the first of the words before word ``m`` of chunk ``k``
    (``keys`` nearest first)."""
    words, links, lead, _ = _CHUNKS[chunks[k]]
    for stemmed, key, prefix in keys:
        if m > 0:
            if not links[m]:
                return None
            m -= 1
        else:
            linked = lead
            while True:
                k -= 1
                if k < 0:
                    return None
                words, links, lead, trail = _CHUNKS[chunks[k]]
                if words:
                    break
                linked = linked and lead
            if not (linked and trail):
                return None
            m = len(words) - 1
        if not _has_key(words[m][2], stemmed, key, prefix):
            return None
    return k, m
