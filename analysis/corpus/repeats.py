"""Runs of text repeated verbatim across many articles of one outlet.

Newsletter prompts, disclaimers and widgets ("Get the Monitor Stories you care about
delivered to your inbox ...", "Media playback is unsupported on your device") recur word
for word in an outlet's articles; real reporting almost never does. A run is *repeated*
when it is covered by overlapping shingles of :data:`K` consecutive words (words: runs of
non-space bytes), at least two of them, each occurring at least ``max(min_docs,
min_share × the outlet's articles)`` times in the outlet's articles.

Counting uses a count-min sketch of fixed size (``depth × 2**width_bits`` one-byte
counters, 8 MB by default, whatever the corpus size): every shingle occurrence adds one,
hashed with the outlet's name (occurrences, not articles: a caption an article repeats
many times, as CNN's photo galleries do, counts each time). Sketches add up, so the index
of a corpus is the same however it was split into batches or partitions, and the hashes
are fixed functions of the text (never Python's randomised ``hash``), so it is
deterministic. A sketch only overcounts (hash collisions): on the 4,000 AllSides
articles (3.8 million shingles) about one shingle in 7,000 seen once passes the
threshold of 5 by collision, and a run needs two overlapping shingles that pass, which
by collision alone happens about once in ten such corpora. The chance grows with the
corpus: for corpora of more than about 10,000 articles give a larger ``width_bits``
(each step doubles the memory).

:func:`analysis.pipeline.analyze` and both engines build the index over the whole
corpus before scoring; :func:`analysis.pipeline.score_batch` called alone builds it
from the batch it is given.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

REPEATED = "repeated in outlet"
K = 8  # words per shingle
_B = np.uint64(0x100000001B3)  # odd: invertible modulo 2**64
_C = np.uint64(0x9E3779B97F4A7C15)
_ROWS = (0xBF58476D1CE4E5B9, 0x94D049BB133111EB, 0xD6E8FEB86659FD93, 0xA0761D6478BD642F)


def _salt(outlet) -> np.uint64:
    name = "" if outlet is None or outlet != outlet else str(outlet)
    return np.uint64(int.from_bytes(hashlib.blake2b(name.encode("utf-8"), digest_size=8).digest(), "little"))


def _mix(h: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: every input bit moves every output bit."""
    with np.errstate(over="ignore"):
        h = (h ^ (h >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        h = (h ^ (h >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return h ^ (h >> np.uint64(31))


_LOW_BYTES = np.array([(1 << (8 * k)) - 1 for k in range(8)] + [(1 << 64) - 1], dtype=np.uint64)


def _word_hashes(data: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """A hash of each word from its length, first 8 and last 8 bytes (exact up to 16 bytes;
    longer words that differ only in the middle share a hash: they also need the other seven
    words of a shingle to collide)."""
    window = sliding_window_view(np.concatenate((data, np.zeros(8, dtype=np.uint8))), 8)
    length = ends - starts
    keep = _LOW_BYTES[np.minimum(length, 8)]
    first = window[starts].copy().view("<u8").ravel() & keep
    last = window[np.maximum(ends - 8, starts)].copy().view("<u8").ravel() & keep
    with np.errstate(over="ignore"):
        return _mix(first * np.uint64(0x9FB21C651E98DF25) + _mix(last) + length.astype(np.uint64))


_POWERS: list = []  # B**i and B**-i modulo 2**64 for i < the longest chunk seen


def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    if not _POWERS or len(_POWERS[0]) < n:
        size = max(n, 1 << 16)
        with np.errstate(over="ignore"):
            pw = np.ones(size, dtype=np.uint64)
            pw[1:] = np.cumprod(np.full(size - 1, _B, dtype=np.uint64))
            inv = np.ones(size, dtype=np.uint64)
            inv[1:] = np.cumprod(np.full(size - 1, np.uint64(pow(int(_B), -1, 1 << 64)), dtype=np.uint64))
        _POWERS[:] = [pw, inv]
    return _POWERS[0], _POWERS[1]


@dataclass
class Shingles:
    """The K-word shingles of some articles: hash (salted with the outlet), the article
    (index into the texts given), and the UTF-8 byte offsets of the first word's start and
    the last word's end within the article."""

    hashes: np.ndarray
    doc: np.ndarray
    start: np.ndarray
    end: np.ndarray


def shingles(outlets, texts, chunk: int = 1 << 20) -> Shingles:
    """Shingles of several texts, hashed in chunks of about ``chunk`` bytes (memory stays
    bounded). Words are runs of bytes above the ASCII space."""
    parts = []
    i, n = 0, len(texts)
    while i < n:
        j, size = i, 0
        while j < n and (j == i or size < chunk):
            size += len(texts[j]) + 1
            j += 1
        parts.append(_chunk(outlets[i:j], texts[i:j], i))
        i = j
    if not parts:
        empty = np.zeros(0, dtype=np.int64)
        return Shingles(np.zeros(0, dtype=np.uint64), empty, empty, empty)
    return Shingles(*(np.concatenate([getattr(p, f) for p in parts]) for f in ("hashes", "doc", "start", "end")))


def _chunk(outlets, texts, first: int) -> Shingles:
    encoded = [t.encode("utf-8") for t in texts]
    offsets = np.cumsum([0] + [len(e) + 1 for e in encoded])[:-1]
    data = np.frombuffer(b"\n".join(encoded), dtype=np.uint8)
    word = data > 32
    edge = np.diff(np.concatenate(([False], word, [False])).view(np.int8))
    starts = np.flatnonzero(edge == 1)
    ends = np.flatnonzero(edge == -1)
    m = len(starts) - K + 1
    if m <= 0:
        empty = np.zeros(0, dtype=np.int64)
        return Shingles(np.zeros(0, dtype=np.uint64), empty, empty, empty)
    words = _word_hashes(data, starts, ends)
    pw, inv = _powers(len(words))
    with np.errstate(over="ignore"):
        # a shingle's hash is a prefix difference: the sum of its words times C**k, moved to 0
        wprefix = np.zeros(len(words) + 1, dtype=np.uint64)
        np.cumsum(words * pw[: len(words)], out=wprefix[1:])
        h = (wprefix[K:] - wprefix[:m]) * inv[:m]
    doc = np.searchsorted(offsets, starts, side="right") - 1
    same = doc[:m] == doc[K - 1 :]
    salts = np.array([_salt(o) for o in outlets], dtype=np.uint64)
    d = doc[:m][same]
    return Shingles(
        _mix(h[same] ^ salts[d]),
        (d + first).astype(np.int32),
        (starts[:m][same] - offsets[d]).astype(np.int32),
        (ends[K - 1 :][same] - offsets[d]).astype(np.int32),
    )


class RepeatIndex:
    """A count-min sketch of shingle document frequencies per outlet (see the module notes)."""

    def __init__(self, width_bits: int = 21, depth: int = 4, min_docs: int = 5, min_share: float = 0.05):
        if not 1 <= depth <= len(_ROWS):
            raise ValueError(f"depth must be 1..{len(_ROWS)}")
        self.width_bits, self.depth, self.min_docs, self.min_share = width_bits, depth, min_docs, min_share
        self.sketch = np.zeros((depth, 1 << width_bits), dtype=np.uint8)
        self.docs: dict[str, int] = {}

    # -- building -------------------------------------------------------------------
    def _rows(self, h: np.ndarray):
        shift = np.uint64(64 - self.width_bits)
        with np.errstate(over="ignore"):
            for r in range(self.depth):
                idx = h * np.uint64(_ROWS[r])
                idx >>= shift
                yield r, idx.view(np.int64)  # below 2**width_bits: the same numbers, no copy

    def add_shingles(self, outlets, found: Shingles) -> RepeatIndex:
        """Count the articles whose shingles are ``found`` (``outlets``: one per article)."""
        for outlet in outlets:
            key = _key(outlet)
            self.docs[key] = self.docs.get(key, 0) + 1
        for r, idx in self._rows(found.hashes):
            counts = np.bincount(idx, minlength=1 << self.width_bits)
            counts += self.sketch[r]
            np.minimum(counts, 255, out=counts)
            self.sketch[r] = counts  # saturated: fits a byte
        return self

    def add(self, outlets, texts) -> RepeatIndex:
        """Count articles given as outlets and texts; returns self."""
        outlets, texts = list(outlets), list(texts)
        return self.add_shingles(outlets, shingles(outlets, texts))

    def merge(self, other: RepeatIndex) -> RepeatIndex:
        """Add another index's counts (built with the same sizes); returns self."""
        if self.sketch.shape != other.sketch.shape:
            raise ValueError("repeat indexes of different sizes cannot be merged")
        self.sketch = np.minimum(self.sketch.astype(np.uint16) + other.sketch, 255).astype(np.uint8)
        for k, v in other.docs.items():
            self.docs[k] = self.docs.get(k, 0) + v
        return self

    # -- finding --------------------------------------------------------------------
    def threshold(self, outlet) -> int:
        """Occurrences a shingle needs in this outlet to count as repeated (at most 255,
        where a counter saturates)."""
        n = self.docs.get(_key(outlet), 0)
        return min(255, max(self.min_docs, int(np.ceil(self.min_share * n))))

    def counts(self, hashes: np.ndarray) -> np.ndarray:
        """Estimated number of articles holding each shingle (never an undercount)."""
        est = np.full(len(hashes), 255, dtype=np.uint8)
        for r, idx in self._rows(hashes):
            np.minimum(est, self.sketch[r].take(idx), out=est)
        return est

    def find(self, outlets, texts, found: Shingles | None = None) -> list[list[tuple[int, int, str]]]:
        """Repeated runs (start, end, reason; character offsets) of each text."""
        outlets, texts = list(outlets), list(texts)
        if found is None:
            found = shingles(outlets, texts)
        out: list[list] = [[] for _ in texts]
        if not len(found.hashes):
            return out
        limits = np.array([self.threshold(o) for o in outlets], dtype=np.uint8)
        passed = self.counts(found.hashes) >= limits[found.doc]
        # a run is at least two overlapping shingles (K + 1 words): a lone shingle that a
        # collision lifted over the threshold is never masked
        pair = passed[1:] & passed[:-1] & (found.doc[1:] == found.doc[:-1])
        pair &= found.start[1:] < found.end[:-1]
        hit = np.flatnonzero(np.concatenate((pair, [False])) | np.concatenate(([False], pair)))
        for i, a, b in zip(found.doc[hit].tolist(), found.start[hit].tolist(), found.end[hit].tolist()):
            spans = out[i]
            if spans and a <= spans[-1][1]:
                spans[-1][1] = max(spans[-1][1], b)
            else:
                spans.append([a, b])
        for i, spans in enumerate(out):
            if spans:
                out[i] = [(*_chars(texts[i], a, b), REPEATED) for a, b in spans]
        return out


def _chars(text: str, a: int, b: int) -> tuple[int, int]:
    """Character offsets of UTF-8 byte offsets ``a``, ``b`` of ``text``."""
    if text.isascii():
        return a, b
    raw = text.encode("utf-8")
    return len(raw[:a].decode("utf-8", "ignore")), len(raw[:b].decode("utf-8", "ignore"))


def _key(outlet) -> str:
    return "" if outlet is None or outlet != outlet else str(outlet)


def build_index(articles, **kwargs) -> RepeatIndex:
    """The repeat index of an articles table (``outlet`` and ``text`` columns)."""
    return RepeatIndex(**kwargs).add(outlets_of(articles), articles["text"])


def outlets_of(articles) -> list:
    return list(articles["outlet"]) if "outlet" in articles else [""] * len(articles)
