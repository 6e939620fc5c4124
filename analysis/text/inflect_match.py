"""Syntax-light rules shared by relations and stance: tokens, cue matching, clauses,
modality and attribution.

Nothing here parses syntax. The rules work on a sentence's word tokens and the actor
mentions in it:

* **cues** are phrases matched in any inflection ("put pressure on" matches "has put
  intense pressure on", "buy" matches "bought"), with up to ``max_gap`` words between
  the words of a multi-word cue; overlapping matches keep the longest;
* **clauses** are cut at strong punctuation, at conjunctions listed as boundaries
  ("but", "while", "despite", ...) and after a sentence-initial subordinate clause
  ("Despite all the warnings, ...");
* **modality** of a cue comes from marker words before it in its clause: negators
  ("not", "refused to", "without") make it *negated*, an even number of them cancels
  out; plan and condition markers ("if", "might", "considering", "threatens to") make it
  *hypothetical*, as does a modal passive after it ("can be applied");
* **attribution**: "X said/stressed/notes (that) ...", "..., X said." and "according to
  X" give the speaker of the words they frame.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*|[^\w\s]")

IRREGULAR = {
    "buy": ["bought"],
    "sell": ["sold"],
    "make": ["made"],
    "put": ["put"],
    "shake": ["shook", "shaken"],
    "meet": ["met"],
    "fight": ["fought"],
    "give": ["gave", "given"],
    "take": ["took", "taken"],
    "hold": ["held"],
    "seek": ["sought"],
    "strike": ["struck", "stricken"],
    "break": ["broke", "broken"],
    "cut": ["cut"],
    "send": ["sent"],
    "bring": ["brought"],
    "lead": ["led"],
    "win": ["won"],
    "lose": ["lost"],
    "withdraw": ["withdrew", "withdrawn"],
    "begin": ["began", "begun"],
    "speak": ["spoke", "spoken"],
    "tell": ["told"],
    "say": ["said"],
    "stand": ["stood"],
    "deal": ["dealt"],
    "freeze": ["froze", "frozen"],
    "shoot": ["shot"],
    "drive": ["drove", "driven"],
    "forbid": ["forbade", "forbidden"],
    "set": ["set"],
    "choose": ["chose", "chosen"],
    "sign": ["signed"],
    "go": ["went", "gone", "goes"],
    "do": ["did", "done", "does"],
    "have": ["had", "has"],
    "be": ["is", "are", "was", "were", "been", "being", "am"],
    "turn": ["turned"],
    "keep": ["kept"],
    "build": ["built"],
    "spend": ["spent"],
    "arise": ["arose", "arisen"],
    "bear": ["bore", "borne"],
}
_VOWEL = set("aeiou")


def word_forms(word: str) -> set[str]:
    """Inflected forms of one word (verb and noun endings), lower case.

    Regular endings are generated (-s/-es/-ies, -ed/-d/-ied, -ing with e-drop, and a
    doubled final consonant), irregular verbs come from a table; a superset is fine
    because only forms that occur in text ever match.
    """
    w = word.lower()
    out = {w, *IRREGULAR.get(w, [])}
    if not w.isalpha() or len(w) < 2:
        return out
    if w.endswith(("s", "x", "z", "ch", "sh", "o")):
        out.add(w + "es")
    elif w.endswith("y") and w[-2] not in _VOWEL:
        out.update({w[:-1] + "ies", w[:-1] + "ied"})
    else:
        out.add(w + "s")
    if w.endswith("e"):
        out.add(w + "d")
        out.add(w + "ing" if w.endswith("ee") else w[:-1] + "ing")
    elif w.endswith("y") and w[-2] not in _VOWEL:
        out.update({w + "ing"})
    else:
        out.update({w + "ed", w + "ing"})
        if len(w) >= 3 and w[-1] not in _VOWEL | set("wxy") and w[-2] in _VOWEL and w[-3] not in _VOWEL:
            out.update({w + w[-1] + "ed", w + w[-1] + "ing"})
    return out


class Token(NamedTuple):
    text: str
    low: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """Word and punctuation tokens with character offsets into ``text``."""
    return list(_tokens(text))


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[Token, ...]:
    # Cached by text: relations and stance tokenize the same sentences.
    low = text.lower().replace("’", "'")
    if len(low) != len(text):  # a character lower-cases to two ("İ"): lower each token
        return tuple(
            Token(m.group(), m.group().lower().replace("’", "'"), m.start(), m.end()) for m in TOKEN.finditer(text)
        )
    # Tokens are ASCII words or single non-word characters, whose lower case does
    # not depend on the text around them: slice the lower-cased text. (tuple.__new__
    # makes the same Token as Token(...), without a Python-level call per token.)
    new = tuple.__new__
    return tuple([new(Token, (m.group(), low[m.start() : m.end()], m.start(), m.end())) for m in TOKEN.finditer(text)])


@dataclass(frozen=True)
class Phrase:
    """A compiled phrase: one set of accepted forms per word."""

    text: str
    words: tuple[frozenset, ...]
    inflect: bool = True

    @classmethod
    def compile(cls, text: str, inflect: bool = True) -> Phrase:
        words = [t.low for t in tokenize(text)]
        sets = tuple(frozenset(word_forms(w) if inflect else {w}) for w in words)
        return cls(text, sets, inflect)


class PhraseIndex:
    """Phrases (pairs of (Phrase, payload)) indexed by the forms of their first word,
    so that matching looks only at the phrases a token can start."""

    def __init__(self, phrases):
        self.phrases = list(phrases)
        self.by_first: dict[str, list[int]] = {}
        for n, (phrase, _) in enumerate(self.phrases):
            for form in phrase.words[0]:
                self.by_first.setdefault(form, []).append(n)


def match_phrases(tokens: list[Token], phrases, max_gap: int = 2) -> list[tuple[int, int, object]]:
    """Non-overlapping matches of ``phrases`` (pairs of (Phrase, payload), or a
    :class:`PhraseIndex` of them) in ``tokens``.

    Returns (first token, last token + 1, payload) sorted by position. Between two
    words of a phrase up to ``max_gap`` word tokens may stand (never punctuation), so
    "put pressure on" matches "put intense pressure on". Longer phrases win overlaps
    (then shorter spans, then the earlier start, then the phrase listed first).
    """
    index = phrases if isinstance(phrases, PhraseIndex) else PhraseIndex(phrases)
    by_first, pairs = index.by_first, index.phrases
    lows = [t.low for t in tokens]
    n_low = len(lows)
    found = []
    for i, low in enumerate(lows):
        starts = by_first.get(low)
        if not starts:
            continue
        for n in starts:
            phrase, payload = pairs[n]
            pos, ok = i, True
            for forms in phrase.words[1:]:
                nxt = None
                for j in range(pos + 1, min(n_low, pos + 2 + max_gap)):
                    if lows[j] in forms:
                        nxt = j
                        break
                    if not lows[j][0].isalnum():
                        break
                if nxt is None:
                    ok = False
                    break
                pos = nxt
            if ok:
                found.append((i, pos + 1, len(phrase.words), n, payload))
    if not found:
        return []
    found.sort(key=lambda f: (-f[2], f[1] - f[0], f[0], f[3]))
    taken: set[int] = set()
    kept = []
    for a, b, _, _, payload in found:
        if taken & set(range(a, b)):
            continue
        taken.update(range(a, b))
        kept.append((a, b, payload))
    return sorted(kept, key=lambda k: (k[0], k[1]))
