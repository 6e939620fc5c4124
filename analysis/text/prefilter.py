"""Anchor words: the words any match of a phrase list must contain, for a fast prefilter."""

from __future__ import annotations

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
