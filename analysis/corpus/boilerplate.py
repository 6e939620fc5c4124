"""Flag boilerplate lines: photo captions and credits, sign-offs, programme names.

Lines are flagged, never deleted: the sentences table keeps them with
``boilerplate=True`` and a ``boilerplate_reason``, and scoring leaves them out.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate

_CREDIT = re.compile(
    r"(?i)\b(?:photo|image|picture|video|graphic)s?\s*(?:credit|courtesy|by)?\s*:"
    r"|\b(?:photo|image)s?\s+(?:via|courtesy of)\b"
    r"|\bgetty\s+images\b|\bfile\s+photo\b"
)
#: A line that ends in a parenthesised credit, "(Name, Agency Photo via AP)".
_TRAILING_CREDIT = re.compile(
    r"(?i)\((?:[^()]*\b(?:photo|photos|pool|via\s+ap|ap|afp|reuters|epa|getty|sputnik|tass|xinhua)\b[^()]*)\)\s*$"
)
_SIGN_OFF = re.compile(
    r"^[A-Z][\w&.\-]*(?:\s[A-Z][\w&.\-]*){0,3}['’]s\s+[A-Z][\w.\-]*(?:\s[A-Z][\w.\-]*){0,3}"
    r"\s+reports?(?:\s+from\s+[A-Z][\w ,.\-]*)?\.?$"
)
_STOCK = re.compile(
    r"(?i)^(?:advertisement|advertising|sponsored(?: content)?|more on this\W*|related(?: articles| stories| coverage)?:?"
    r"|read more\b.*|click here\b.*|sign up\b.*|follow us\b.*|share this\b.*|watch:.*|listen:.*"
    r"|copyright\b.*|©.*|all rights reserved\.?)$"
)
#: Every match of ``_CREDIT`` contains one of these words (in any case), so lines
#: without them skip it. Under ``re.IGNORECASE`` their letters match only themselves,
#: their upper case, and U+0130/U+0131 (dotted capital and dotless small i): text with
#: those two is checked line by line, other text is searched in an ASCII lower-case copy.
_CREDIT_WORDS = (b"photo", b"image", b"picture", b"video", b"graphic", b"getty")
_DOTTED_I = ("\u0130", "\u0131")
_END_PUNCT = '.!?:;,…"”’)'
_MINOR_WORDS = {"a", "an", "and", "at", "for", "in", "of", "on", "the", "to", "with", "&"}


def _looks_like_programme(line: str) -> bool:
    """A short stand-alone title-case line with no sentence punctuation: "World Today"."""
    if not line or len(line) > 40 or line[-1] in _END_PUNCT:
        return False
    words = line.split()
    if not (1 <= len(words) <= 5):
        return False
    return all(w[0].isupper() or w.lower() in _MINOR_WORDS for w in words) and words[0][0].isupper()


def line_reason(line: str, *, is_first: bool, alone: bool = True) -> str:
    """Why one line is boilerplate, or an empty string if it is not.

    ``is_first`` marks the first line of an article (never a programme name: it may
    be the headline); ``alone`` tells whether the line is a paragraph by itself.
    """
    return _reason(line.strip(), is_first, alone, True)


def _reason(s: str, is_first: bool, alone: bool, may_credit: bool) -> str:
    """:func:`line_reason` of a stripped line; ``may_credit`` False: no credit word in it."""
    if not s:
        return ""
    if (may_credit and _CREDIT.search(s)) or (s[-1] == ")" and _TRAILING_CREDIT.search(s)):
        return "photo caption or credit"
    if "report" in s and _SIGN_OFF.match(s):
        return "reporter sign-off"
    if _STOCK.match(s):
        return "stock phrase"
    if alone and not is_first and _looks_like_programme(s):
        return "programme or section name"
    return ""


def _credit_lines(stripped: list[str]) -> set[int] | None:
    """Indices of the lines holding a credit word, or None when every line must be checked."""
    joined = "\n".join(stripped)
    if _DOTTED_I[0] in joined or _DOTTED_I[1] in joined:
        return None
    # one byte per character (others become "?"), so offsets are kept
    low = joined.encode("ascii", "replace").lower()
    found: set[int] = set()
    starts = None
    for word in _CREDIT_WORDS:
        at = low.find(word)
        while at >= 0:
            if starts is None:
                starts = [0, *accumulate(len(s) + 1 for s in stripped)]
            found.add(bisect_right(starts, at) - 1)
            at = low.find(word, at + 1)
    return found


def flag_lines(lines: list[str], alone: list[bool]) -> list[str]:
    """Reasons (or ``""``) for each line of one article.

    Besides the single-line rules of :func:`line_reason`, a line is flagged as a
    repeated caption when a flagged line starts with it and it has no sentence
    punctuation (a caption printed again with its credit), and as a repeated line
    when the same text occurred earlier in the article.
    """
    stripped = [line.strip() for line in lines]
    credit = _credit_lines(stripped)
    reasons = [
        _reason(s, i == 0, a, credit is None or i in credit) if s else ""
        for i, (s, a) in enumerate(zip(stripped, alone))
    ]
    flagged = [s for s, r in zip(stripped, reasons) if r]
    seen: set[str] = set()
    for i, s in enumerate(stripped):
        if not s or reasons[i]:
            seen.add(s)
            continue
        if s[-1] not in _END_PUNCT and any(f != s and f.startswith(s) for f in flagged):
            reasons[i] = "repeated caption"
        elif s in seen and len(s.split()) > 1:
            reasons[i] = "repeated line"
        seen.add(s)
    return reasons
