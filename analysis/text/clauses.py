"""Clause rules: clause boundaries, modality (negated, hypothetical) and attribution (who says it)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from analysis.text.inflect_match import Phrase, PhraseIndex, Token, match_phrases


@dataclass(frozen=True)
class Rules:
    """Word lists that drive clauses, modality and attribution (from the cue file)."""

    negators: tuple[Phrase, ...]
    not_negating: tuple[Phrase, ...]
    hypothetical: tuple[Phrase, ...]
    reporting_verbs: frozenset
    boundaries: frozenset
    subordinators: frozenset
    # the ``clauses`` section of the cue file
    conjunctions: frozenset  # a sentence's first word that does not start a clause ("And ...")
    clause_marks: frozenset  # punctuation tokens that start a clause
    modals: frozenset  # "<modal> be" after a cue makes it hypothetical ("can be applied")
    speaker_skip: frozenset  # words skipped between a speaker and the reporting verb ("also", "has")
    speaker_stops: frozenset  # words a speaker phrase does not reach back over ("that", "and")
    not_speakers: frozenset  # a speaker phrase ending in one of these is no speaker ("it said")
    pronouns: frozenset  # a speaker that is only a pronoun gives no speaker
    # the ``dyads`` section of the cue file (agents and patients of relation and stance cues)
    coordinators: frozenset  # words that coordinate actors ("and", "nor", ",")
    coordination_skip: frozenset  # words skipped between coordinated actors ("the", "president")
    passive_auxiliaries: frozenset  # "is/was/got ... <participle>": a passive
    auxiliaries: frozenset  # "... and is considering": a verb coordinated with an earlier one
    participles: frozenset  # irregular past participles (beside -ed and -en)
    pronoun_subjects: frozenset  # a clause opening with one takes the previous clause's first actor
    concessive: frozenset  # a clause opening with one answers the main clause ("despite ...")
    demand_verbs: frozenset = frozenset()  # "urged X to <cue>": the relation is demanded, not asserted
    negation_window: int = 8
    hypothetical_window: int = 8

    @cached_property
    def index(self) -> dict[str, PhraseIndex]:
        """:class:`PhraseIndex` of negators, not_negating and hypothetical."""
        return {
            name: PhraseIndex([(p, None) for p in getattr(self, name)])
            for name in ("negators", "not_negating", "hypothetical")
        }


@dataclass(frozen=True)
class TargetRules:
    """Word lists of target sentiment (the ``target`` section of the cue file)."""

    negators: tuple[str, ...]
    speech_verbs: tuple[str, ...]
    boundaries: tuple[str, ...]
    boundary_marks: tuple[str, ...]  # one character each; " - ": between white space

    @cached_property
    def negator_set(self) -> frozenset:
        return frozenset(self.negators)

    @cached_property
    def speech_set(self) -> frozenset:
        return frozenset(self.speech_verbs)

    def _marks(self, lead: str) -> list[str]:
        return [rf"\s{re.escape(m.strip())}{lead}" if m != m.strip() else re.escape(m) for m in self.boundary_marks]

    @cached_property
    def boundary(self) -> re.Pattern:
        """Where a clause is cut: a mark, or a boundary word (case-insensitive)."""
        words = [rf"\b(?:{'|'.join(map(re.escape, self.boundaries))})\b"] if self.boundaries else []
        return re.compile("|".join(self._marks(r"\s") + words) or r"(?!)", re.I)

    @cached_property
    def candidate(self) -> re.Pattern:
        """Where :attr:`boundary` could start in lower-cased text ("ı" and "ſ", which re.I
        folds to i and s, always could)."""
        return re.compile("|".join(["[ıſ]"] + self._marks("") + [re.escape(w) for w in self.boundaries]))


def clauses(tokens: list[Token], rules: Rules) -> list[int]:
    """Clause number of each token."""
    out, clause = [], 0
    first = 1 if len(tokens) > 1 and tokens[0].low in rules.conjunctions else 0
    opener = len(tokens) > first and tokens[first].low in rules.subordinators
    for i, tok in enumerate(tokens):
        if tok.low in rules.clause_marks or (i > first and tok.low in rules.boundaries):
            clause += 1
        elif opener and tok.low == ",":
            clause += 1
            opener = False
        out.append(clause)
    return out


def _phrase_hits(tokens: list[Token], index: PhraseIndex) -> list[tuple[int, int]]:
    return [(a, b) for a, b, _ in match_phrases(tokens, index, max_gap=0)]


def _join(tokens) -> str:
    return " ".join(t.text for t in tokens)


def modality(
    tokens: list[Token], clause_of: list[int], a: int, b: int, rules: Rules, taken=frozenset()
) -> tuple[str, list[str]]:
    """Modality of the cue at tokens [a, b): asserted, negated or hypothetical, with the markers.

    Marker words inside another cue (``taken``: token indices) do not count: the
    "not" of "convince Turkey not to" belongs to that cue.
    """
    lo_neg = max(0, a - rules.negation_window)
    lo_hyp = max(0, a - rules.hypothetical_window)
    same = [i for i in range(lo_hyp, a) if clause_of[i] == clause_of[a]]
    window = tokens[same[0] : a] if same else []
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
        if tokens[i].low in rules.modals and tokens[i + 1].low == "be":
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
            out.append((0, n, _speaker(tokens, j, k, mention_at, rules.pronouns)))
            continue
        if low not in rules.reporting_verbs or i == 0:
            continue
        # "X said (that) ..." / "X also emphasizes that ...": the phrase before the verb.
        k = i - 1
        while k >= 0 and lows[k] in rules.speaker_skip:
            k -= 1
        j = k + 1
        while j > 0 and tokens[j - 1].low[0].isalnum() and (i - j) < 7 and tokens[j - 1].low not in rules.speaker_stops:
            j -= 1
        if j <= k and lows[k] not in rules.not_speakers:
            speaker = _speaker(tokens, j, k + 1, mention_at, rules.pronouns)
            if i + 1 < n and lows[i + 1] in {",", "."} or i + 1 >= n:
                out.append((0, j, speaker))  # "..., Putin said."
            else:
                out.append((i + 1, n, speaker))
    return out


def _speaker(tokens, j, k, mention_at, pronouns) -> str:
    for i in range(j, k):
        actor = mention_at(i)
        if actor:
            return actor
    words = [t.text for t in tokens[j:k] if t.low[0].isalnum()]
    if not words or (len(words) == 1 and words[0].lower() in pronouns):
        return ""
    return " ".join(words)
