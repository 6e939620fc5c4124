"""Compile many phrases into one fast regular expression (longest match first).

Used for actor aliases and issue aliases: a few hundred phrases merged into a trie
cost the regex engine about as much as one, where a plain alternation is tried
phrase by phrase at every position of every sentence.
"""

from __future__ import annotations

import re

APOSTROPHE = "['’]"
_END = ""


def atoms(text: str) -> list[str]:
    """Regex atoms of a phrase: any run of spaces matches any whitespace, any apostrophe
    matches a straight or curly one, everything else literally."""
    out: list[str] = []
    for ch in text:
        if ch.isspace():
            if not out or out[-1] != r"\s+":
                out.append(r"\s+")
        elif ch in "'’":
            out.append(APOSTROPHE)
        else:
            out.append(re.escape(ch))
    return out


def alias_body(text: str) -> str:
    """The regex of one phrase without boundaries."""
    return "".join(atoms(text))


def _word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def trie_regex(phrases, boundary: str = r"\w") -> str:
    """One regex matching any phrase, the longest where several start at the same place.

    A phrase that ends in a letter or digit must not be followed by a ``boundary``
    character. Ending a phrase is tried after every longer continuation.
    """
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for atom in atoms(phrase):
            node = node.setdefault(atom, {})
        node[_END] = rf"(?![{boundary}])" if _word(phrase[-1]) else ""

    def build(node: dict) -> str:
        # a chain of single continuations is joined in a loop, so only branch points
        # recurse: a 9,000-character alias is one chain, not 9,000 nested calls
        chain = []
        while _END not in node and len(node) == 1:
            ((atom, node),) = node.items()
            chain.append(atom)
        alts = [atom + build(child) for atom, child in sorted((k, v) for k, v in node.items() if k != _END)]
        if _END in node:
            alts.append(node[_END])
        if len(alts) == 1:
            return "".join(chain) + alts[0]
        return "".join(chain) + "(?:" + "|".join(alts) + ")"

    return build(trie) if trie else r"(?!x)x"


def compile_phrases(phrases, ignore_case=(), boundary: str = r"\w") -> re.Pattern:
    """Compile phrases (and case-insensitive ones) into one longest-match regex.

    A phrase that starts (ends) with a letter or digit must not follow (precede) a
    ``boundary`` character. Among phrases starting at the same place, case-sensitive
    ones are tried before case-insensitive ones.
    """
    parts = []
    for group, flags in ((list(phrases), ""), (list(ignore_case), "i")):
        word = [p for p in group if _word(p[0])]
        other = [p for p in group if not _word(p[0])]
        for items, left in ((word, rf"(?<![{boundary}])"), (other, "")):
            if items:
                body = trie_regex(items, boundary)
                parts.append(left + (f"(?{flags}:{body})" if flags else body))
    return re.compile("|".join(parts) if parts else r"(?!x)x")
