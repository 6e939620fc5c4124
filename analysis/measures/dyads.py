"""Relations between actors: who cooperates with, pressures or opposes whom.

For every sentence that mentions two or more actors, :func:`find_dyads` gives one row
per actor pair: cooperation / conflict / neutral, an intensity on the Goldstein scale
(−10..+10) and the CAMEO quad class of the cue that decided it, a direction where the
sentence makes it clear, and the context (negated, hypothetical, who says it).

How a cue is tied to actors (no parser, rules that generalise):

* the **agent** of a cue is the nearest actor before it in its clause ("Washington has
  put intense pressure on Turkey"), or the actor after "by" in a passive ("Turkey was
  pressured by Washington") or after "by/from" a verbal noun ("pleas from the US");
* the **patient** is the nearest actor after it in its clause ("... on Turkey",
  "... from Russia", "the Russian-made S-400": made by Russia, so it is what is bought
  from), or, in a passive, the nearest actor before it;
* actors joined by "and", "nor" or a comma share a role ("Turkey and Russia step up
  military ties"); a verb coordinated with an earlier one ("... and is considering
  sanctions") takes the clause's first actor as its agent;
* a **symmetric** cue (ties, meeting, agreement) relates its actors without direction;
* a cue with only one side found relates that actor to the other actors of its
  clause (``rule = "sentence"``), directed when the side found is the agent; a pair
  with no cue is neutral.

Where several cues relate the same pair, the one tied by its arguments wins, then
asserted over hypothetical over negated, then the strongest intensity.

A cue inside an exclusion phrase of the cue file ("Cold War", "Armed Forces") does not
count; a cue after a demand ("urged Ankara to cut ties with Moscow") keeps its class with
modality ``demanded``. By default (``method="model"``) the rules decide only the pairs
whose cue has both actors as its arguments (the classifier may replace their relation or
direction when it is more confident than the model's ``override_relation`` /
``override_direction``); every other pair is decided by the trained
pair classifier of :mod:`analysis.models.relation_model`, measured better on held-out
coded news (``train/evaluate_relations.py``). (Letting the classifier decide every pair,
or override the rules' relation, cross-validated a little better on the coded ``train``
pairs, but turned clear seed relations, such as "Turkey is actively approaching Russia",
around.) Pairs are capped per mention
(``options.max_partners``), so time stays linear in the mentions of a sentence.

The cue rules themselves are in :mod:`analysis.measures.dyad_rules` (their names are
importable from here too).
"""

from __future__ import annotations

import pandas as pd

from analysis.dictionaries.cues import QUADS, Cue, CueSet, cues_for, load_cues, parse_cues  # noqa: F401 (re-exported)
from analysis.measures.dyad_rules import (  # noqa: F401 (re-exported: the rules' public names)
    NEGATED,
    Parsed,
    _demanded,
    _effective,
    _ids,
    _implicit_subject,
    _neutral,
    _possessive,
    arguments,
    coordinated,
    parse_sentence,
    rule_analysis,
    sentence_dyads,
)
from analysis.text.clauses import modality

DYAD_COLUMNS = [
    "doc_id",
    "sent_id",
    "source",
    "target",
    "directed",
    "relation",
    "intensity",
    "quad",
    "modality",
    "attribution",
    "cues",
    "markers",
    "rule",
]


def actor_spans_by_sentence(sentences: pd.DataFrame, mentions: pd.DataFrame, keys=None) -> dict:
    """(doc_id, sent_id) → list of (actor, start, end) relative to the sentence text.

    With ``keys`` (a collection of (doc_id, sent_id)), only those sentences.
    """
    m_keys = list(zip(mentions["doc_id"].tolist(), mentions["sent_id"].tolist()))
    wanted = set(m_keys) if keys is None else set(m_keys).intersection(keys)
    return _spans_at(sentences, mentions, wanted, m_keys)[0]


def _spans_at(sentences: pd.DataFrame, mentions: pd.DataFrame, wanted: set, m_keys=None) -> tuple[dict, list[int]]:
    """Actor spans (see :func:`actor_spans_by_sentence`) of the sentences whose
    (doc_id, sent_id) is in ``wanted``, and the positions of those sentences' rows."""
    if not wanted:
        return {}, []
    keys = list(zip(sentences["doc_id"].tolist(), sentences["sent_id"].tolist()))
    rows = [i for i, key in enumerate(keys) if key in wanted]
    starts = dict(zip([keys[i] for i in rows], sentences["start"].iloc[rows].tolist()))
    if m_keys is None:
        m_keys = zip(mentions["doc_id"].tolist(), mentions["sent_id"].tolist())
    out: dict = {}
    for key, actor, start, end in zip(
        m_keys, mentions["actor"].tolist(), mentions["start"].tolist(), mentions["end"].tolist()
    ):
        base = starts.get(key)
        if base is not None:
            out.setdefault(key, []).append((actor, int(start - base), int(end - base)))
    return out, rows


#: Intensity and quad class of a relation the model finds where no cue of its class is
#: in the sentence (typical values of verbal cooperation and verbal conflict).
_MODEL_DEFAULT = {"cooperation": ("verbal cooperation", 3.0), "conflict": ("verbal conflict", -2.0)}
METHODS = ("model", "rules")


def find_dyads(sentences: pd.DataFrame, mentions: pd.DataFrame, config=None, method: str | None = None) -> pd.DataFrame:
    """Relations between the pairs of actors in each non-boilerplate sentence.

    ``method``: ``"model"`` (the default: where a cue has both actors as its arguments
    the rule decides, every other pair the trained pair classifier of
    :mod:`analysis.models.relation_model`, which reads the rules' decision among its
    features) or ``"rules"`` (the cue rules alone); None takes the
    configuration's ``relations`` setting.

    Each actor mention is paired with at most ``options.max_partners`` of the nearest
    mentions of other actors (cue file; 4 by default); an actor pair is decided on its
    closest two mentions.

    Returns
    -------
    DataFrame
        One row per actor pair per sentence with two or more actors: doc_id, sent_id,
        source, target (for an undirected pair, source < target alphabetically),
        directed (bool), relation (cooperation / conflict / neutral), intensity
        (Goldstein scale −10..+10; 0 for neutral), quad (verbal cooperation / material
        cooperation / verbal conflict / material conflict; empty for neutral),
        modality (asserted / negated / hypothetical / demanded), attribution (the actor
        id or source name that says it, else empty), cues (the words that decided it),
        markers (the negation, plan or demand words), rule (``arguments``: a cue and its
        own arguments; ``sentence``: a cue with one side found; ``none``: no cue; with
        the model, ``model:<name>`` — the classifier decided, with the cue words of the
        rule when they agree, else the cue or leaning words of its class nearest the pair).
    """
    from analysis.dictionaries.registry import load_config

    cfg = load_config(config)
    method = method or cfg.relations
    if method not in METHODS:
        raise ValueError(f"method: expected one of {', '.join(METHODS)}, got {method!r}")
    cueset = cues_for(cfg)
    # Only sentences naming two or more actors have dyads: find them before any tokenizing.
    first: dict = {}
    multi = set()
    for key, actor in zip(zip(mentions["doc_id"].tolist(), mentions["sent_id"].tolist()), mentions["actor"].tolist()):
        if first.setdefault(key, actor) != actor:
            multi.add(key)
    spans, at = _spans_at(sentences, mentions, multi)
    boilerplate = sentences["boilerplate"].astype(bool).to_numpy()
    at = [i for i in at if not boilerplate[i]]
    keys = zip(sentences["doc_id"].iloc[at].tolist(), sentences["sent_id"].iloc[at].tolist())
    texts = sentences["text"].iloc[at].tolist()
    rows = _model_rows(keys, texts, spans, cueset) if method == "model" else _rule_rows(keys, texts, spans, cueset)
    frame = pd.DataFrame(rows, columns=DYAD_COLUMNS)
    frame = frame.astype({"sent_id": "int64", "intensity": "float64", "directed": "bool"})
    return frame.sort_values(["doc_id", "sent_id", "source", "target"], kind="stable").reset_index(drop=True)


def _rule_rows(keys, texts, spans, cueset) -> list[dict]:
    from analysis.models.relation_features import capped_pairs

    rows = []
    for (doc_id, sent_id), text in zip(keys, texts):
        p, _, found = rule_analysis(text, spans[(doc_id, sent_id)], cueset)
        for key in sorted(capped_pairs(p.spans, cueset.max_partners)):
            rows.append({"doc_id": doc_id, "sent_id": sent_id, **found[key]})
    return rows


def _model_rows(keys, texts, spans, cueset) -> list[dict]:
    import numpy as np

    from analysis.models.relation_features import sentence_pairs
    from analysis.models.relation_model import DIRECTIONS, RELATIONS, load_relation_model

    model = load_relation_model()
    over_relation, over_direction = model.overrides()
    # a pair whose cue has both actors as its arguments needs the classifier only when
    # it may override the rule
    need = None if min(over_relation, over_direction) < 1 else (lambda rule: rule["rule"] != "arguments")
    pending, vectors = [], []
    for (doc_id, sent_id), text in zip(keys, texts):
        p, matches, pairs = sentence_pairs(text, spans[(doc_id, sent_id)], cueset, cueset.max_partners, need=need)
        for key, first_actor, rule, vector in pairs:
            pending.append((doc_id, sent_id, text, p, matches, key, first_actor, rule, len(vectors)))
            if vector is not None:
                vectors.append(vector)
    if not pending:
        return []
    p_rel, p_dir = model.probabilities(np.vstack(vectors)) if vectors else (None, None)
    name = f"model:{model.name}"
    rows = []
    for doc_id, sent_id, text, p, matches, key, first_actor, rule, n in pending:
        if need is not None and not need(rule):
            rows.append({"doc_id": doc_id, "sent_id": sent_id, **rule})
            continue
        relation, direction = RELATIONS[p_rel[n].argmax()], DIRECTIONS[p_dir[n].argmax()]
        if rule["rule"] == "arguments":
            # the rule's answer stands unless the classifier is confident of another
            if relation == rule["relation"] or p_rel[n].max() <= over_relation:
                relation = rule["relation"]
                ruled = _relative_direction(rule, first_actor)
                if direction != ruled and p_dir[n].max() <= over_direction:
                    direction = ruled
                if direction == ruled:
                    rows.append({"doc_id": doc_id, "sent_id": sent_id, **rule})
                    continue
        if relation == "neutral":
            row = {**_neutral(key), "rule": name}
        else:
            other = key[1] if first_actor == key[0] else key[0]
            if direction == "mutual":
                source, target, directed = key[0], key[1], False
            elif direction == "first>second":
                source, target, directed = first_actor, other, True
            else:
                source, target, directed = other, first_actor, True
            row = dict(source=source, target=target, directed=directed, relation=relation, rule=name)
            if rule["relation"] == relation:
                row.update({k: rule[k] for k in ("intensity", "quad", "modality", "attribution", "cues", "markers")})
            else:
                row.update(_model_evidence(p, text, matches, key, relation, cueset))
        rows.append({"doc_id": doc_id, "sent_id": sent_id, **row})
    return rows


def _relative_direction(rule: dict, first_actor: str) -> str:
    """The rule's direction relative to the pair's first mention (``DIRECTIONS``)."""
    if not rule["directed"]:
        return "mutual"
    return "first>second" if rule["source"] == first_actor else "second>first"


def _model_evidence(p: Parsed, text: str, matches, key, relation: str, cueset: CueSet) -> dict:
    """Cue, class, intensity and modality of a relation the model found and the rules did
    not: the cue of that class nearest the pair's mentions, else the leaning words of
    that class between and around them (``relation_words.yaml``) with a typical value."""
    from analysis.models.relation_features import WINDOW, leaning_words

    where = [(x, y) for a, x, y in p.spans if a in key]
    lo, hi = min(x for x, _ in where), max(y for _, y in where)

    def distance(a, b):
        return 0 if lo <= a and b <= hi else min(abs(a - hi), abs(lo - b))

    same = [(distance(a, b), a, b, cue) for a, b, cue in matches if cue.relation == relation]
    if same:
        _, a, b, cue = min(same, key=lambda m: (m[0], m[1]))
        taken = {i for x, y, _ in matches for i in range(x, y)}
        mood, markers = modality(p.tokens, p.clause_of, a, b, cueset.rules, taken)
        return dict(
            intensity=cue.intensity,
            quad=cue.quad,
            modality=mood,
            attribution=p.speaker_at(a),
            cues=text[p.tokens[a].start : p.tokens[b - 1].end],
            markers="; ".join(markers),
        )
    conflict, cooperation = leaning_words()
    lean = conflict if relation == "conflict" else cooperation
    words = [t.text for t in p.tokens[max(0, lo - WINDOW) : hi + WINDOW] if t.low in lean]
    quad, intensity = _MODEL_DEFAULT[relation]
    markers = ""
    if not words:
        # No word of its class anywhere near: show what the classifier read, the words
        # between the two mentions (its embedding pool), and say so in the markers.
        closest = _pair_mentions(p, key)
        a, b = min(y for _, _, y in closest), max(x for _, x, _ in closest)
        inner = [t for t in p.tokens[a:b] if t.low[:1].isalnum()] or p.tokens[max(0, lo - WINDOW) : hi + WINDOW]
        words = [text[inner[0].start : inner[-1].end]] if inner else []
        markers = "no cue word: the words the classifier read"
    return dict(
        intensity=intensity,
        quad=quad,
        modality="asserted",
        attribution=p.speaker_at(lo),
        cues="; ".join(dict.fromkeys(words)),
        markers=markers,
    )


def _pair_mentions(p: Parsed, key) -> list:
    """The closest two mentions of the pair's two actors (as the pair features take them):
    a mention and the next mention of the other actor, smallest gap first (one pass: each
    mention is paired with the last mention of the other actor before it)."""
    best, last = None, {}
    for span in p.spans:
        actor = span[0]
        if actor not in key:
            continue
        for other, before in last.items():
            if other != actor and (best is None or span[1] - before[2] < best[0]):
                best = (span[1] - before[2], before, span)
        last[actor] = span
    return list(best[1:]) if best else [s for s in p.spans if s[0] in key]
