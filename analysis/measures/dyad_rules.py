"""The cue rules of the relation step: which actors a relation cue ties together.

:func:`rule_analysis` decides every actor pair of one sentence by the cues of the cue file
and their arguments (see :mod:`analysis.measures.dyads` for the rules in words);
:func:`parse_sentence`, :func:`coordinated` and :func:`arguments` are shared with the
stance step (:mod:`analysis.measures.stance`).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from analysis.dictionaries.cues import CueSet
from analysis.text.clauses import Rules, attributions, clauses, modality
from analysis.text.inflect_match import match_phrases, tokenize

_MODALITY_RANK = {"asserted": 0, "demanded": 1, "hypothetical": 1, "negated": 2}


# -- one sentence -----------------------------------------------------------------
@dataclass
class Parsed:
    """A sentence as the rules see it: tokens, clauses, actor spans, speakers."""

    tokens: list
    clause_of: list
    spans: list  # (actor, first token, end token), in order
    speakers: list  # (first token, end token, speaker)
    rules: Rules  # the word lists of the cue file (clauses and dyads sections)

    def speaker_at(self, i: int) -> str:
        found = [s for a, b, s in self.speakers if a <= i < b and s]
        return found[-1] if found else ""


def parse_sentence(text: str, actor_spans, rules: Rules) -> Parsed:
    """Tokens, clause of each token and actor mentions as token spans.

    ``actor_spans`` holds (actor, start, end) with offsets into ``text``.
    """
    from bisect import bisect_left, bisect_right

    tokens = tokenize(text)
    ends = [t.end for t in tokens]
    starts = [t.start for t in tokens]
    spans = []
    for actor, start, end in sorted(actor_spans, key=lambda s: (s[1], s[2])):
        # the tokens overlapping [start, end): first token ending after start, up to the
        # last token starting before end (binary search: linear in the mentions overall)
        first, last = bisect_right(ends, start), bisect_left(starts, end)
        if first < last:
            spans.append((actor, first, last))

    def mention_at(i):
        return next((a for a, x, y in spans if x <= i < y), "")

    clause_of = clauses(tokens, rules)
    return Parsed(tokens, clause_of, spans, attributions(tokens, rules, mention_at), rules)


def coordinated(p: Parsed, k: int, step: int) -> list[int]:
    """Span indices joined to span ``k`` by "and", "nor", "or" or commas, walking by ``step``
    (the ``dyads.coordinators`` of the cue file; ``dyads.coordination_skip`` may stand between)."""
    out = [k]
    skip, coord = p.rules.coordination_skip, p.rules.coordinators
    while 0 <= k + step < len(p.spans):
        a, b = (p.spans[k + step], p.spans[k]) if step < 0 else (p.spans[k], p.spans[k + step])
        between = [t.low for t in p.tokens[a[2] : b[1]]]
        words = [w for w in between if w not in skip]
        if not words or not set(words) <= coord or p.clause_of[a[2] - 1] != p.clause_of[b[1]]:
            break
        k += step
        out.append(k)
    return out


def arguments(
    p: Parsed, a: int, b: int, cue_class: str = "", symmetric: bool = False, blocked=frozenset()
) -> tuple[list[int], list[int]]:
    """Agents and patients (indices into ``p.spans``) of the cue at tokens [a, b).

    A symmetric cue takes a patient only from its own phrase ("ties with Russia",
    "rapprochement of Turkey and Russia"), not across a verb ("the deal is dangerous
    for NATO") or another cue (``blocked`` token indices: "an ally in the fight
    against ISIS").
    """
    clause = p.clause_of[a]
    words = p.rules
    verbs = words.passive_auxiliaries | words.auxiliaries
    before = [k for k, (_, x, y) in enumerate(p.spans) if y <= a and p.clause_of[y - 1] == clause]
    after = [
        k
        for k, (_, x, y) in enumerate(p.spans)
        if x >= b
        and p.clause_of[x] == clause
        and (
            not symmetric
            or (x - b <= 6 and not {t.low for t in p.tokens[b:x]} & verbs and not blocked & set(range(b, x)))
        )
    ]
    lows = [t.low for t in p.tokens]
    passive = any(w in words.passive_auxiliaries for w in lows[max(0, a - 3) : a]) and (
        lows[b - 1].endswith(("ed", "en")) or lows[b - 1] in words.participles
    )
    by = next((k for k in after if p.spans[k][1] - b <= 3 and "by" in lows[b : p.spans[k][1]]), None)
    frm = next((k for k in after if p.spans[k][1] - b <= 3 and "from" in lows[b : p.spans[k][1]]), None)
    inside = [k for k, (_, x, y) in enumerate(p.spans) if x >= a and y <= b]
    if inside:  # "convince Turkey not to": an actor inside the cue is its object
        return (coordinated(p, before[-1], -1) if before else _implicit_subject(p, clause)), inside
    if passive or by is not None or (frm is not None and "verbal" in cue_class):
        agent = by if by is not None else frm if not passive else None
        agents = coordinated(p, agent, 1) if agent is not None else []
        patients = coordinated(p, before[-1], -1) if before else []
        return agents, patients
    agents: list[int] = []
    if before:
        # A possessive far from the cue modifies another noun ("Turkey's air base to
        # launch airstrikes"): prefer a closer, non-possessive actor.
        usable = [k for k in before if not (_possessive(p, k) and a - p.spans[k][2] > 3)] or before
        k = usable[-1]
        between = lows[p.spans[k][2] : a]
        if any(w == "and" and nxt in words.auxiliaries for w, nxt in zip(between, between[1:])):
            k = before[0]  # "X ... and is considering sanctions": the first conjunct's subject
        agents = coordinated(p, k, -1)
    else:
        agents = _implicit_subject(p, clause)
    patients = coordinated(p, after[0], 1) if after else []
    return agents, patients


def _possessive(p: Parsed, k: int) -> bool:
    end = p.spans[k][2]
    last = p.tokens[end - 1].low
    nxt = [t.low for t in p.tokens[end : end + 2]]
    return last.endswith("'s") or nxt[:2] in (["'", "s"],) or nxt[:1] == ["'s"]


def _implicit_subject(p: Parsed, clause: int) -> list[int]:
    """The subject of a clause with no actor before the cue, when a rule can tell.

    A clause opening with a subject pronoun ("..., so it has stopped supplying Turkey")
    takes the previous clause's first actor; a sentence-initial subordinate clause ("By
    deciding to purchase the system from Russia, Turkey ...") takes the next clause's.
    """
    idx = [i for i, c in enumerate(p.clause_of) if c == clause]
    words = [p.tokens[i].low for i in idx[:3]]
    if clause > 0 and any(w in p.rules.pronoun_subjects for w in words):
        prev = [k for k, (_, x, _y) in enumerate(p.spans) if p.clause_of[x] == clause - 1]
        return coordinated(p, prev[0], 1) if prev else []
    if clause == 0 and idx and idx[-1] + 1 < len(p.tokens) and p.tokens[idx[-1] + 1].low == ",":
        nxt = [k for k, (_, x, _y) in enumerate(p.spans) if p.clause_of[x] == 1]
        return coordinated(p, nxt[0], 1) if nxt and words and words[0] not in p.rules.concessive else []
    return []


def _ids(p: Parsed, ks) -> list[str]:
    return list(dict.fromkeys(p.spans[k][0] for k in sorted(ks)))


# What a negated cue counts as: refusing to cooperate is rejecting (CAMEO 12) or
# reducing relations (16); refusing a hostile act ("not willing to turn its back on")
# is read as mild verbal cooperation. The cue itself stays in the ``cues`` column.
NEGATED = {
    "verbal cooperation": ("verbal conflict", -4.0),
    "material cooperation": ("material conflict", -4.0),
    "verbal conflict": ("verbal cooperation", 3.0),
    "material conflict": ("verbal cooperation", 3.0),
}


def _effective(candidate) -> tuple[str, float]:
    cue = candidate["cue"]
    return NEGATED[cue.quad] if candidate["modality"] == "negated" else (cue.quad, cue.intensity)


def _neutral(key) -> dict:
    return dict(
        source=key[0],
        target=key[1],
        directed=False,
        relation="neutral",
        intensity=0.0,
        quad="",
        modality="asserted",
        attribution="",
        cues="",
        markers="",
        rule="none",
    )


def _demanded(p: Parsed, a: int, demand_verbs) -> list[str]:
    """The demand words before the cue at token ``a`` in its clause ("urged Turkey to cut
    ties", "demanded that X ..."): a demanded relation (``dyads.demand_verbs``)."""
    clause = p.clause_of[a]
    for i in range(a - 1, max(-1, a - 7), -1):
        if p.clause_of[i] != clause:
            break
        if p.tokens[i].low in demand_verbs:
            if "to" in {t.low for t in p.tokens[i + 1 : a]} or (i + 1 < a and p.tokens[i + 1].low == "that"):
                return [p.tokens[i].text]
    return []


def rule_analysis(text: str, actor_spans, cueset: CueSet) -> tuple[Parsed, list, dict]:
    """The rules on one sentence: (parsed sentence, cue matches, rows by sorted actor pair).

    Every pair of actors named gets a row (neutral with ``rule = "none"`` when no cue
    relates it). ``cue matches`` are (first token, end token, cue) of the relation cues,
    exclusion phrases ("Cold War", "Armed Forces") removed.
    """
    p = parse_sentence(text, actor_spans, cueset.rules)
    matches = [m for m in match_phrases(p.tokens, cueset.phrase_index(), cueset.max_gap) if m[2] is not None]
    actors = sorted({a for a, _, _ in actor_spans})
    if len(actors) < 2:
        return p, matches, {}
    cue_tokens = {i for a, b, _ in matches for i in range(a, b)}
    candidates: dict[tuple[str, str], list] = {}
    for a, b, cue in matches:
        agent_k, patient_k = arguments(p, a, b, cue.quad, cue.symmetric, cue_tokens)
        if cue.symmetric and len(agent_k) == 1 and not patient_k:
            # "the U.S. continues to be Turkey's most important ally": the actor before
            # the one found, with no other cue between them, is the other party.
            k = agent_k[0]
            if (
                k > 0
                and p.clause_of[p.spans[k - 1][1]] == p.clause_of[a]
                and not cue_tokens & set(range(p.spans[k - 1][2], p.spans[k][1]))
            ):
                agent_k = [k - 1, k]
        agents, patients = _ids(p, agent_k), _ids(p, patient_k)
        mood, markers = modality(p.tokens, p.clause_of, a, b, cueset.rules, cue_tokens)
        if mood == "asserted":
            demand = _demanded(p, a, cueset.rules.demand_verbs)
            if demand:
                mood, markers = "demanded", demand
        surface = text[p.tokens[a].start : p.tokens[b - 1].end]
        info = dict(
            cue=cue, modality=mood, markers="; ".join(markers), cues=surface, attribution=p.speaker_at(a), pos=a
        )
        pairs = [(x, y, not cue.symmetric, 1) for x in agents for y in patients if x != y]
        group = agents if len(agents) > 1 else patients if len(patients) > 1 else []
        if cue.symmetric:
            pairs += [(x, y, False, 1) for x, y in combinations(group, 2)]
        elif not pairs and (agents or patients):
            # One side found: relate it to the other actors of its clause (of the whole
            # sentence for "despite ..." clauses, which answer the main clause).
            clause = p.clause_of[a]
            first = next(i for i, c in enumerate(p.clause_of) if c == clause)
            concessive = cueset.rules.concessive
            wide = p.tokens[first].low in concessive or (
                first + 1 < len(p.tokens) and p.tokens[first + 1].low in concessive
            )
            near = {act for act, x, _ in p.spans if wide or p.clause_of[x] == clause}
            # Known agent: directed from it ("despite increasing US concerns").
            pairs += [(x, y, bool(agents), 2) for x in agents or patients for y in sorted(near) if y != x]
        for x, y, directed, level in pairs:
            key = tuple(sorted((x, y)))
            source, target = (x, y) if directed else key
            candidates.setdefault(key, []).append(
                {**info, "source": source, "target": target, "directed": directed, "level": level}
            )
    rows = {}
    for key in combinations(actors, 2):
        found = candidates.get(key)
        if not found:
            rows[key] = _neutral(key)
            continue
        best = min(found, key=lambda c: (c["level"], -abs(_effective(c)[1]), _MODALITY_RANK[c["modality"]], c["pos"]))
        quad, intensity = _effective(best)
        rows[key] = dict(
            source=best["source"],
            target=best["target"],
            directed=best["directed"],
            relation="cooperation" if "cooperation" in quad else "conflict",
            intensity=intensity,
            quad=quad,
            modality=best["modality"],
            attribution=best["attribution"],
            cues=best["cues"],
            markers=best["markers"],
            rule="arguments" if best["level"] == 1 else "sentence",
        )
    return p, matches, rows


def sentence_dyads(text: str, actor_spans, cueset: CueSet) -> list[dict]:
    """Dyads of one sentence by the rules alone (see :func:`find_dyads`), without doc_id and sent_id."""
    return list(rule_analysis(text, actor_spans, cueset)[2].values())
