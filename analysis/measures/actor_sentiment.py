"""Actor-level sentiment: the table, agreement with gold, aggregates and evidence.

:func:`actor_sentiment` scores each actor in each sentence that mentions it, with every
method of :func:`analysis.measures.target.target_sentiment`; :func:`actor_scores` averages
them per group × actor with a bootstrap interval; :func:`evidence` finds the sentences
behind a mean, with the mention and the deciding words marked.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.measures.target import METHODS, _check, forget_cuts, label_of, score_rows, target_rules
from analysis.text.vader import analyzer

TABLE_COLUMNS = ["doc_id", "sent_id", "actor", "score", "label", "method", "cues"]
LABELS = ["negative", "neutral", "positive"]
#: Bounded work per sentence: at most this many mentions of one actor in one sentence are
#: scored (the first ones; their scores are averaged anyway), and each is scored against
#: at most ``MAX_OTHERS`` other actors' mentions (the nearest). In the 4,000 AllSides
#: articles no sentence mentions one actor more than 8 times or holds more than 11
#: mentions, so neither limit changes a score there; a list of 400 "U.S." in one
#: sentence would otherwise cost 400 × 400 pairs.
MAX_MENTIONS_PER_ACTOR = 8
MAX_OTHERS = 32


def _mention_rows(sentences: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """One row per mention in a scored sentence, with its span relative to the sentence."""
    sents = sentences[~sentences["boilerplate"].fillna(False).astype(bool)]
    texts = sents[["doc_id", "sent_id", "text"]]
    sents = sents[["doc_id", "sent_id", "start"]].rename(columns={"start": "s_start"})
    rows = mentions[["doc_id", "sent_id", "actor", "start", "end"]].merge(
        sents, on=["doc_id", "sent_id"], how="inner", validate="many_to_one"
    )
    rows["start"] = rows["start"] - rows["s_start"]
    rows["end"] = rows["end"] - rows["s_start"]
    rows = rows.drop(columns="s_start").sort_values(["doc_id", "sent_id", "start", "actor"], kind="stable")
    spans: dict[tuple, list] = {}
    spans_all = spans  # every mention of the sentence, also those beyond the limit
    for doc, sent, actor, a, b in zip(
        rows["doc_id"].tolist(),
        rows["sent_id"].tolist(),
        rows["actor"].tolist(),
        rows["start"].tolist(),
        rows["end"].tolist(),
    ):
        spans.setdefault((doc, sent), []).append((actor, a, b))
    first = rows.groupby(["doc_id", "sent_id", "actor"], sort=False).cumcount() < MAX_MENTIONS_PER_ACTOR
    if not first.all():
        rows = rows[first]
    # the sentence text joined only now, to the rows kept (a text column may copy its strings)
    order = rows.index
    rows = rows.merge(texts, on=["doc_id", "sent_id"], how="left", validate="many_to_one")
    rows.index = order
    rows = rows[["doc_id", "sent_id", "actor", "start", "end", "text"]]
    keys = list(zip(rows["doc_id"].tolist(), rows["sent_id"].tolist()))
    others = []
    for key, actor, a0, b0 in zip(keys, rows["actor"].tolist(), rows["start"].tolist(), rows["end"].tolist()):
        near = [(a, b) for who, a, b in spans_all[key] if who != actor]
        if len(near) > MAX_OTHERS:  # the nearest, kept in sentence order
            near = sorted(sorted(near, key=lambda s: max(s[0] - b0, a0 - s[1], 0))[:MAX_OTHERS])
        others.append(near)
    rows["others"] = others
    shared: dict[tuple, list] = {}  # every actor in the sentence: one list per sentence, not per row
    rows["mention_spans"] = [
        shared[key] if key in shared else shared.setdefault(key, [(a, b) for _, a, b in spans[key]]) for key in keys
    ]
    return rows.reset_index(drop=True)


def _groups(keys: list) -> tuple[np.ndarray, list]:
    """Each row's actor × sentence cell (numbered in order of first appearance) and the cells."""
    index: dict = {}
    cell = np.fromiter((index.setdefault(k, len(index)) for k in keys), dtype=np.int64, count=len(keys))
    return cell, list(index)


def _pooled_cues(cell: np.ndarray, n_cells: int, cues: list[str], always: bool) -> list[str]:
    """One cue string per cell: the rows' cues joined, each word once, in row order (a cell
    of one row keeps its cue as it is unless ``always``)."""
    first = np.unique(cell, return_index=True)[1]  # each cell's first row (cells are 0..n-1)
    out = [cues[i] for i in first.tolist()]
    counts = np.bincount(cell, minlength=n_cells).tolist()
    pooled: dict[int, dict] = {}
    for c, cue in zip(cell.tolist(), cues):
        if counts[c] > 1:
            pooled.setdefault(c, {}).update(dict.fromkeys(w for w in cue.split("; ") if w))
        elif always and "; " in cue:  # a cell of one row: its words once each (most are already)
            words = cue.split("; ")
            if "" in words or len(set(words)) < len(words):
                out[c] = "; ".join(dict.fromkeys(w for w in words if w))
    for c, words in pooled.items():
        out[c] = "; ".join(words)
    return out


def _pooled_model_rows(cell, cells, probs, cues, classes) -> list[tuple]:
    """One row per actor × sentence from the model's per-mention results: several mentions
    are combined by their mean class probabilities, their cues pooled (each word once)."""
    counts = np.bincount(cell, minlength=len(cells)).astype(np.float64)
    p = np.stack([np.bincount(cell, weights=probs[:, j], minlength=len(cells)) for j in range(3)], axis=1)
    p /= counts[:, None]
    labels = np.asarray(classes)[p.argmax(axis=1)]
    pooled = _pooled_cues(cell, len(cells), list(cues), always=False)
    return [
        (*key, score, label, "model", cue)
        for key, score, label, cue in zip(cells, (p[:, 2] - p[:, 0]).astype(float).tolist(), labels.tolist(), pooled)
    ]


def actor_sentiment(
    sentences: pd.DataFrame, mentions: pd.DataFrame, methods=METHODS, overlay=True, config=None
) -> pd.DataFrame:
    """Sentiment toward each actor in each (non-boilerplate) sentence that mentions it.

    Each mention is scored with :func:`analysis.measures.target.target_sentiment`; several
    mentions of one actor in a sentence are combined by their mean score (the ``model``
    method: their mean class probabilities), and their cues are pooled: for the rule
    methods strongest first, for the model each mention's cues in mention order.

    Returns
    -------
    DataFrame
        One row per actor per sentence per method, sorted: doc_id, sent_id, actor,
        score (−1..1), label (negative / neutral / positive), method, cues.
    """
    rows = _mention_rows(sentences, mentions)
    if rows.empty:
        return pd.DataFrame(columns=TABLE_COLUMNS)
    try:
        return _scored(rows, methods, overlay, config)
    finally:
        forget_cuts()  # the clause cuts of these sentences served the rule method and the model


def _scored(rows: pd.DataFrame, methods, overlay, config) -> pd.DataFrame:
    """The table of :func:`actor_sentiment` from its mention rows."""
    sia = analyzer(overlay)
    rules = target_rules(config)  # the study's word lists for the rule methods
    cell, cells = _groups(list(zip(rows["doc_id"].tolist(), rows["sent_id"].tolist(), rows["actor"].tolist())))
    columns = rows["text"].tolist(), rows["start"].tolist(), rows["end"].tolist(), rows["others"].tolist()
    out = []
    rule_scores = {}
    for number, method in enumerate(sorted(methods, key=lambda m: m == "model")):  # rules first: the model reuses them
        if method not in METHODS:  # as target_sentiment says it, before or after checking the rows
            raise ValueError(f"target_sentiment: unknown method {method!r} (choose from {', '.join(METHODS)})")
        if number == 0:
            _check(rows)
        if method == "model":
            from analysis.models.target_sentiment import CLASSES, predict

            # the model was trained on the packaged rule lists: its rule feature uses them, so a
            # study's own lists change the target method, never the model (reused when equal)
            packaged = rule_scores.get("target") if rules == target_rules(None) else None
            probs, _, _, cues = predict(
                *columns, overlay=overlay, rule_scores=packaged, hide=rows["mention_spans"].tolist(), head="actor"
            )  # no actor name is a cue; the head fitted to actors in international news
            out += _pooled_model_rows(cell, cells, probs, cues, CLASSES)
            continue
        scores, cues = score_rows(*columns, method, sia, rules)
        rule_scores[method] = scores
        # each cell's mean score (summed in row order) and its rows' words, each once
        mean = np.bincount(cell, weights=np.asarray(scores, dtype=np.float64), minlength=len(cells))
        mean = (mean / np.bincount(cell, minlength=len(cells))).tolist()
        pooled = _pooled_cues(cell, len(cells), cues, always=True)
        out += [(*key, score, label_of(score), method, cue) for key, score, cue in zip(cells, mean, pooled)]
    if not methods:
        pd.concat([])  # no method: "No objects to concatenate", as before
    out = pd.DataFrame(out, columns=TABLE_COLUMNS)
    return out.sort_values(["doc_id", "sent_id", "actor", "method"], kind="stable").reset_index(drop=True)
