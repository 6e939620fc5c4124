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
from functools import cached_property, lru_cache
from typing import NamedTuple

TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*|[^\w\s]")

IRREGULAR = {
    "buy": ["bought"], "sell": ["sold"], "make": ["made"], "put": ["put"], "shake": ["shook", "shaken"],
    "meet": ["met"], "fight": ["fought"], "give": ["gave", "given"], "take": ["took", "taken"],
    "hold": ["held"], "seek": ["sought"], "strike": ["struck", "stricken"], "break": ["broke", "broken"],
    "cut": ["cut"], "send": ["sent"], "bring": ["brought"], "lead": ["led"], "win": ["won"], "lose": ["lost"],
    "withdraw": ["withdrew", "withdrawn"], "begin": ["began", "begun"], "speak": ["spoke", "spoken"],
    "tell": ["told"], "say": ["said"], "stand": ["stood"], "deal": ["dealt"], "freeze": ["froze", "frozen"],
    "shoot": ["shot"], "drive": ["drove", "driven"], "forbid": ["forbade", "forbidden"], "set": ["set"],
    "choose": ["chose", "chosen"], "sign": ["signed"], "go": ["went", "gone", "goes"], "do": ["did", "done", "does"],
    "have": ["had", "has"], "be": ["is", "are", "was", "were", "been", "being", "am"], "turn": ["turned"],
    "keep": ["kept"], "build": ["built"], "spend": ["spent"], "arise": ["arose", "arisen"], "bear": ["bore", "borne"],
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
        return tuple(Token(m.group(), m.group().lower().replace("’", "'"), m.start(), m.end())
                     for m in TOKEN.finditer(text))
    # Tokens are ASCII words or single non-word characters, whose lower case does
    # not depend on the text around them: slice the lower-cased text. (tuple.__new__
    # makes the same Token as Token(...), without a Python-level call per token.)
    new = tuple.__new__
    return tuple([new(Token, (m.group(), low[m.start():m.end()], m.start(), m.end())) for m in TOKEN.finditer(text)])


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


@dataclass(frozen=True)
class Rules:
    """Word lists that drive clauses, modality and attribution (from the cue file)."""

    negators: tuple[Phrase, ...]
    not_negating: tuple[Phrase, ...]
    hypothetical: tuple[Phrase, ...]
    reporting_verbs: frozenset
    boundaries: frozenset
    subordinators: frozenset
    negation_window: int = 8
    hypothetical_window: int = 8

    @cached_property
    def index(self) -> dict[str, PhraseIndex]:
        """:class:`PhraseIndex` of negators, not_negating and hypothetical."""
        return {name: PhraseIndex([(p, None) for p in getattr(self, name)])
                for name in ("negators", "not_negating", "hypothetical")}


def clauses(tokens: list[Token], rules: Rules) -> list[int]:
    """Clause number of each token."""
    out, clause = [], 0
    first = 1 if len(tokens) > 1 and tokens[0].low in {"and", "but", "so", "yet"} else 0
    opener = len(tokens) > first and tokens[first].low in rules.subordinators
    for i, tok in enumerate(tokens):
        if tok.low in {";", ":", "—", "–"} or (i > first and tok.low in rules.boundaries):
            clause += 1
        elif opener and tok.low == ",":
            clause += 1
            opener = False
        out.append(clause)
    return out


def _phrase_hits(tokens: list[Token], index: PhraseIndex) -> list[tuple[int, int]]:
    return [(a, b) for a, b, _ in match_phrases(tokens, index, max_gap=0)]


_MODALS = {"can", "could", "may", "might", "would", "will", "should"}


def _join(tokens) -> str:
    return " ".join(t.text for t in tokens)


def modality(tokens: list[Token], clause_of: list[int], a: int, b: int, rules: Rules,
             taken=frozenset()) -> tuple[str, list[str]]:
    """Modality of the cue at tokens [a, b): asserted, negated or hypothetical, with the markers.

    Marker words inside another cue (``taken``: token indices) do not count: the
    "not" of "convince Turkey not to" belongs to that cue.
    """
    lo_neg = max(0, a - rules.negation_window)
    lo_hyp = max(0, a - rules.hypothetical_window)
    same = [i for i in range(lo_hyp, a) if clause_of[i] == clause_of[a]]
    window = tokens[same[0]:a] if same else []
    offset = same[0] if same else a
    negs = [(x + offset, y + offset) for x, y in _phrase_hits(window, rules.index["negators"]) if x + offset >= lo_neg]
    negs += [(i, i + 1) for i in range(max(lo_neg, offset), a) if tokens[i].low.endswith("n't")]
    cancelled = {i + offset for x, y in _phrase_hits(window, rules.index["not_negating"]) for i in range(x, y)}
    negs = [(x, y) for x, y in negs if not (taken | cancelled) & set(range(x, y))]
    if any(tokens[x].low == "neither" for x, _ in negs):  # "neither X nor Y" is one negation
        negs = [(x, y) for x, y in negs if tokens[x].low != "nor"]
    hyps = [(x + offset, y + offset) for x, y in _phrase_hits(window, rules.index["hypothetical"])]
    # "measures (on X) can be applied": a modal passive after the cue, in its clause.
    for i in range(b, min(len(tokens) - 1, b + 6)):
        if clause_of[i] != clause_of[a]:
            break
        if tokens[i].low in _MODALS and tokens[i + 1].low == "be":
            hyps.append((i, i + 2))
            break
    # An odd number of negators negates the cue ("not ... refusal to sell" cancels out).
    if len(negs) % 2 == 1:
        return "negated", [_join(tokens[x:y]) for x, y in sorted(negs)]
    if hyps:
        return "hypothetical", [_join(tokens[x:y]) for x, y in sorted(hyps)]
    return "asserted", []


def attributions(tokens: list[Token], rules: Rules, mention_at) -> list[tuple[int, int, str]]:
    """Spans of reported content with their speaker: (first token, end token, speaker).

    ``mention_at(i)`` gives the actor id of an actor mention covering token ``i`` (or
    ""). The speaker is that actor when the speaker phrase names one, else the phrase
    itself ("The National Interest", "Bloomberg"); pronouns give "".
    """
    out = []
    n = len(tokens)
    lows = [t.low for t in tokens]
    for i, low in enumerate(lows):
        if low == "according" and i + 2 < n and lows[i + 1] == "to":
            j = i + 2
            k = j
            while k < n and lows[k][0].isalnum() and k - j < 6:
                k += 1
            out.append((0, n, _speaker(tokens, j, k, mention_at)))
            continue
        if low not in rules.reporting_verbs or i == 0:
            continue
        # "X said (that) ..." / "X also emphasizes that ...": the phrase before the verb.
        k = i - 1
        while k >= 0 and lows[k] in {"also", "has", "have", "had", "was", "recently", "further", "repeatedly", "then", "again"}:
            k -= 1
        j = k + 1
        while j > 0 and tokens[j - 1].low[0].isalnum() and (i - j) < 7 and tokens[j - 1].low not in {"that", "and", "but", "while", "it", "which"}:
            j -= 1
        if j <= k and lows[k] not in {"it", "this", "which"}:
            speaker = _speaker(tokens, j, k + 1, mention_at)
            if i + 1 < n and lows[i + 1] in {",", "."} or i + 1 >= n:
                out.append((0, j, speaker))  # "..., Putin said."
            else:
                out.append((i + 1, n, speaker))
    return out


_PRONOUNS = {"he", "she", "they", "it", "we", "i", "who", "this", "that"}


def _speaker(tokens, j, k, mention_at) -> str:
    for i in range(j, k):
        actor = mention_at(i)
        if actor:
            return actor
    words = [t.text for t in tokens[j:k] if t.low[0].isalnum()]
    if not words or (len(words) == 1 and words[0].lower() in _PRONOUNS):
        return ""
    return " ".join(words)
