"""Anchor words: the words any match of a phrase list must contain, for a fast prefilter."""

from __future__ import annotations

import numpy as np

# -- prefilter --------------------------------------------------------------------
# Issue phrases are matched in any letter case. Besides ASCII letters, Python's
# case-insensitive matching takes these characters for an ASCII letter: İ and ı for i,
# ſ for s, the Kelvin sign for k. A sentence holding one of them is always looked at.
_ASCII_LOOKALIKES = "\u0130\u0131\u017f\u212a"


def _runs(phrase: str) -> list[str]:
    """Lower-cased runs of ASCII characters that a phrase's regex matches literally."""
    out, run = [], []
    for ch in phrase + " ":
        if ch.isspace() or ch in "'’" or not ch.isascii():
            if run:
                out.append("".join(run).lower())
            run = []
        else:
            run.append(ch)
    return out


# Words too common to tell sentences apart; never an anchor unless a phrase has no other.
_COMMON = frozenset(
    """a an and are as at be by for from had has have he her his in is it its not of on or our
she that the their these they this those to was we were will with""".split()
)


def anchors(phrases) -> tuple[str, ...] | None:
    """A few lower-case ASCII strings such that every match of ``phrases`` (matched in
    any case, see :mod:`analysis.text.trie_match`) holds one of them, up to ASCII letter case;
    None when some phrase has no such string.

    Chosen greedily among the phrases' runs, covering the most phrases first, then the
    longest. A phrase offers only its uncommon runs (all of them when it has none),
    and of those only runs of four or more characters when it has such.
    """
    runs = [_runs(p) for p in phrases]
    if any(not r for r in runs):
        return None
    candidates = set()
    for rs in runs:
        rare = [r for r in rs if r not in _COMMON] or rs
        candidates.update(r for r in rare if len(r) >= min(4, max(map(len, rare))))
    candidates = sorted(candidates)
    left, chosen = set(range(len(runs))), []
    while left:
        covered = {c: {i for i in left if any(c in r for r in runs[i])} for c in candidates}
        best = min(candidates, key=lambda c: (-len(covered[c]), -len(c), c))
        chosen.append(best)
        left -= covered[best]
    return tuple(chosen)


# -- literal screen (case-sensitive where the phrases are) ------------------------------
def _longest_run(phrase: str) -> str:
    """The longest run of a phrase's ASCII characters (spaces and apostrophes excluded,
    case kept): text its regex matches literally, so every match holds it."""
    return max(_runs_as_written(phrase), key=len, default="")


def _runs_as_written(phrase: str) -> list[str]:
    out, run = [], []
    for ch in phrase + " ":
        if ch.isspace() or ch in "'’" or not ch.isascii():
            if run:
                out.append("".join(run))
            run = []
        else:
            run.append(ch)
    return out


def _re2_literal(text: str) -> str:
    return "".join(c if c.isalnum() else f"\\x{{{ord(c):02x}}}" for c in text)


def screen_pattern(sensitive, insensitive) -> str | None:
    """An RE2 pattern that every text holding a match of ``sensitive`` phrases (matched
    as written) or ``insensitive`` ones (any case) matches, or None when some phrase has
    no ASCII run (then no text can be ruled out). Phrases are read as
    :func:`analysis.text.trie_match.atoms` reads them."""
    parts = []
    for group, fold in ((sensitive, False), (insensitive, True)):
        runs = {_longest_run(p) for p in group}
        if "" in runs:
            return None
        if runs:
            body = "|".join(_re2_literal(r) for r in sorted(runs))
            parts.append(f"(?i:{body})|[{_ASCII_LOOKALIKES}]" if fold else body)
    return "|".join(parts) if parts else None


def screen(texts: list, pattern: str | None) -> np.ndarray:
    """Boolean mask of the ``texts`` that match the RE2 ``pattern`` of :func:`screen_pattern`
    (all of them when it is None or the texts cannot be handed to Arrow); one pass in C."""
    if pattern is None or not texts:
        return np.ones(len(texts), dtype=bool)
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        found = pc.match_substring_regex(pa.array(texts, type=pa.string()), pattern)
    except (pa.ArrowException, TypeError, ValueError):  # a lone surrogate, say: keep all
        return np.ones(len(texts), dtype=bool)
    return np.asarray(found.fill_null(True).to_numpy(zero_copy_only=False), dtype=bool)
