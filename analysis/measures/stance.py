"""Stance: how each actor is portrayed on each issue (support / oppose / neutral).

In a sentence that mentions an issue (see :func:`analysis.dictionaries.issues.find_issue_mentions`),
every stance cue of that issue is given to a **holder**:

* the nearest actor before the cue in its clause ("Turkey is adamant", "Washington
  fears the S-400 deal"), with the actors coordinated with it;
* "X urges / pressures / convinces Y (not) to <cue>" (after a demand or persuasion
  verb): the cue is X's wish, so X holds it and Y does not ("put intense pressure on Turkey to drop its plan" is the US's);
* a cue ending in "by" ("angered by", "concerned by") is held by the actor before it,
  even in a passive ("Some US politicians have been angered by ... Ankara's purchase");
* a clause with no actor before the cue: "he"/"she" is the leader mentioned last in the
  previous two sentences ("He also stressed that the purchase is a decided case"),
  "it"/"they" the previous clause's first actor; else the speaker the words are
  attributed to ("Putin reiterated that the deal is going ahead").

The actor an oppose cue acts on ("pressure on Turkey", "stopped supplying Turkey",
"convince Turkey not to") is portrayed as holding the issue: it gets half the cue's
weight as support. A cue adds ``weight × polarity`` to its holder's score: asserted in full, hypothetical
at half weight, negated with the sign turned ("neither Turkey nor Russia showed any
regret" counts for support). The stance is the sign of the score. Every actor named in
the sentence gets a row, so actors shown without a stance appear as neutral. The ``rule``
column names how each cue found its holder (``urged``, ``felt``, ``subject``, ``pronoun``,
``speaker``; ``target`` for the actor an oppose cue acts on; ``none`` without a cue).
"""

from __future__ import annotations

import pandas as pd

from analysis.dictionaries.cues import cues_for
from analysis.dictionaries.issues import issues_for, packaged_stance, stance_phrases
from analysis.measures.dyad_rules import _ids, arguments, coordinated, parse_sentence
from analysis.measures.dyads import _spans_at
from analysis.measures.issues import find_issue_mentions
from analysis.text.clauses import modality
from analysis.text.inflect_match import PhraseIndex, match_phrases

STANCE_COLUMNS = ["doc_id", "sent_id", "actor", "issue", "stance", "score", "cues", "markers", "rule"]
FACTOR = {"asserted": 1.0, "hypothetical": 0.5, "negated": -1.0}
# "X <verb> Y to <cue>" gives the cue to X only after one of these (or a demand verb of the
# cue file's ``dyads.demand_verbs``): "pressure on Turkey to", "convinced Turkey to"; after
# any other verb Y holds it ("a move that prompted Washington to withhold sales")
PERSUADE = frozenset(
    {
        "on",
        "convince",
        "convinced",
        "convinces",
        "convincing",
        "persuade",
        "persuaded",
        "persuades",
        "persuading",
        "encourage",
        "encouraged",
        "encourages",
        "encouraging",
        "force",
        "forced",
        "forces",
        "forcing",
    }
)


def holders(p, a: int, b: int, recent_leader: str = "", personal=None) -> tuple[list[str], int, str]:
    """Actor ids holding the cue at tokens [a, b), +1 or −1 ("urges Y not to"), and the
    rule that found them (urged, felt, subject, pronoun, speaker; none).

    ``personal``: the pronouns that refer to ``recent_leader`` (``stance.personal_pronouns``
    of the issue file; None: the packaged ones)."""
    personal = packaged_stance().personal_pronouns if personal is None else personal
    clause = p.clause_of[a]
    before = [k for k, (_, x, y) in enumerate(p.spans) if y <= a and p.clause_of[y - 1] == clause]
    if before:
        k = before[-1]
        between = [t.low for t in p.tokens[p.spans[k][2] : a]]
        ahead = p.tokens[p.spans[k][1] - 1].low if p.spans[k][1] > 0 else ""
        if ahead == "the" and p.spans[k][1] > 1:
            ahead = p.tokens[p.spans[k][1] - 2].low
        urged = ahead in p.rules.demand_verbs or ahead in PERSUADE
        if between in (["to"], ["not", "to"]) and len(before) > 1 and urged:  # "X urges Y (not) to <cue>"
            return [p.spans[before[-2]][0]], -1 if between[0] == "not" else 1, "urged"
    if before and p.tokens[b - 1].low == "by":
        # "US politicians have been angered by ...": a cue ending in "by" names the one
        # who feels it before it, and its cause after it
        return _ids(p, coordinated(p, before[-1], -1)), 1, "felt"
    agents, _ = arguments(p, a, b)
    if agents:
        return _ids(p, agents), 1, "subject"
    first = [p.tokens[i].low for i, c in enumerate(p.clause_of) if c == clause][:3]
    if recent_leader and any(w in personal for w in first):
        return [recent_leader], 1, "pronoun"
    speaker = p.speaker_at(a)
    return ([speaker], 1, "speaker") if speaker in {s[0] for s in p.spans} else ([], 1, "none")


def _targets(p, a: int, b: int, taken, words) -> set[str]:
    """Actors an oppose cue acts on: inside it ("convince Turkey not to") or right after
    it, at most after ``words`` ("on/to/against/over/with/the", ``stance.target_words`` of
    the issue file: "stopped supplying Turkey", "pressure on Turkey")."""
    out = set()
    for actor, x, y in p.spans:
        inside = a <= x and y <= b
        between = {t.low for t in p.tokens[b:x]}
        close = (
            b <= x <= b + 2 and between <= words and not taken & set(range(b, x)) and p.clause_of[x] == p.clause_of[a]
        )
        if inside or close:
            out.add(actor)
    return out


def find_stance(
    sentences: pd.DataFrame, mentions: pd.DataFrame, config=None, issue_mentions: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Stance of each actor on each issue, per sentence that mentions the issue.

    Parameters
    ----------
    sentences, mentions
        The sentences and actor mentions tables (boilerplate sentences are skipped).
    issue_mentions
        Optional, from :func:`analysis.dictionaries.issues.find_issue_mentions` (computed if None).

    Returns
    -------
    DataFrame
        One row per sentence, actor and issue, for every actor named in (or holding a
        cue of) a sentence that mentions the issue: doc_id, sent_id, actor, issue,
        stance (support / oppose / neutral), score (sum of signed cue weights; 0 when
        no cue is the actor's), cues (the cue words, each with + or − and its
        modality when not asserted), markers (the negation or plan words), rule (how
        the cues found this actor: urged, felt, subject, pronoun, speaker, target;
        none without a cue).
    """
    rules = cues_for(config).rules
    issue_set = issues_for(config)
    words = issue_set.stance or packaged_stance()
    if issue_mentions is None:
        issue_mentions = find_issue_mentions(sentences, config)
    phrases = {i.id: PhraseIndex(stance_phrases(i)) for i in issue_set.issues}
    by_sentence: dict = {}
    for key, issue in zip(
        zip(issue_mentions["doc_id"].tolist(), issue_mentions["sent_id"].tolist()), issue_mentions["issue"].tolist()
    ):
        by_sentence.setdefault(key, set()).add(issue)
    spans, at = _spans_at(sentences, mentions, set(by_sentence))
    texts = dict(
        zip(
            zip(sentences["doc_id"].iloc[at].tolist(), sentences["sent_id"].iloc[at].tolist()),
            sentences["text"].iloc[at].tolist(),
        )
    )
    leaders = mentions[mentions["leader"].astype(str) != ""] if "leader" in mentions else mentions.iloc[:0]
    last_leader = dict(zip(zip(leaders["doc_id"].tolist(), leaders["sent_id"].tolist()), leaders["actor"].tolist()))
    rows = []
    for (doc_id, sent_id), issue_ids in sorted(by_sentence.items()):
        issue_ids = sorted(issue_ids)
        text = texts[(doc_id, sent_id)]
        actor_spans = spans.get((doc_id, sent_id), [])
        recent = next((last_leader[(doc_id, s)] for s in (sent_id - 1, sent_id - 2) if (doc_id, s) in last_leader), "")
        p = parse_sentence(text, actor_spans, rules)
        named = list(dict.fromkeys(a for a, _, _ in sorted(actor_spans, key=lambda s: s[1])))
        for issue in issue_ids:
            scores: dict[str, list] = {a: [] for a in named}
            matches = match_phrases(p.tokens, phrases[issue], 2)
            taken = {i for a, b, _ in matches for i in range(a, b)}
            for a, b, cue in matches:
                who, sign, how = holders(p, a, b, recent, words.personal_pronouns)
                mood, markers = modality(p.tokens, p.clause_of, a, b, rules, taken)
                value = cue.weight * cue.polarity * FACTOR[mood] * sign
                surface = text[p.tokens[a].start : p.tokens[b - 1].end]
                label = f"{surface} ({'+' if value > 0 else '−'}{'' if mood == 'asserted' else ', ' + mood})"
                for actor in who:
                    scores.setdefault(actor, []).append((value, label, markers, how))
                if cue.polarity < 0 and mood != "negated":
                    for actor in _targets(p, a, b, taken, words.target_words) - set(who):
                        scores.setdefault(actor, []).append(
                            (0.5 * cue.weight, f"target of {surface} (+)", [], "target")
                        )
            for actor, found in scores.items():
                score = round(sum(f[0] for f in found), 6)
                stance = "support" if score > 0 else "oppose" if score < 0 else "neutral"
                rows.append(
                    (
                        doc_id,
                        sent_id,
                        actor,
                        issue,
                        stance,
                        score,
                        "; ".join(f[1] for f in found),
                        "; ".join(m for f in found for m in f[2]),
                        "; ".join(dict.fromkeys(f[3] for f in found)) or "none",
                    )
                )
    frame = pd.DataFrame(rows, columns=STANCE_COLUMNS).astype({"sent_id": "int64", "score": "float64"})
    return frame.sort_values(["doc_id", "sent_id", "issue", "actor"], kind="stable").reset_index(drop=True)
