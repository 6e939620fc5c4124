"""Relations and stance per group: aggregates with intervals, evidence and figures.

Aggregates keep the sentences behind every cell (:func:`dyad_evidence`,
:func:`stance_evidence`), so a reader can check any number in a figure.
"""

from __future__ import annotations

import pandas as pd

from analysis.stats.bootstrap import grouped_bootstrap

GOLDSTEIN = 10.0


def _with_groups(frame: pd.DataFrame, groups: pd.Series) -> pd.DataFrame:
    out = frame.copy()
    out.insert(0, "group", out["doc_id"].map(groups).fillna("unknown group"))
    return out


def _stats(intervals: pd.DataFrame, keys: list[str]):
    """The mean, lo, hi, n of each row of :func:`grouped_bootstrap` (in its group order)."""
    return intervals.drop(columns=keys).to_dict("records")


def dyad_summary(
    dyads: pd.DataFrame,
    groups: pd.Series,
    actors=None,
    include_neutral: bool = False,
    modalities=None,
    draws: int = 2000,
    seed: int = 0,
) -> pd.DataFrame:
    """Mean Goldstein intensity per group and actor pair, with a bootstrap interval.

    Parameters
    ----------
    dyads
        From :func:`analysis.measures.dyads.find_dyads`.
    groups
        Group label per doc_id (:func:`analysis.stats.group_labels`).
    actors
        Keep only pairs of these actor ids (default all).
    include_neutral
        Count sentences with no relation cue as intensity 0 (default: left out).
    modalities
        Modalities to keep (default all: asserted, hypothetical and negated).

    Returns
    -------
    DataFrame
        One row per group and unordered pair, sorted: group, actor_a, actor_b (a < b),
        mean, lo, hi (95% bootstrap interval of the mean intensity, −10..+10), n
        (sentences), cooperation, conflict (sentences of each), a_to_b, b_to_a,
        undirected (sentences by direction), direction (a→b, b→a or undirected: the
        majority of the directed sentences, when they outnumber the undirected ones).
    """
    rows = _with_groups(dyads, groups)
    if actors:
        keep = set(actors)
        rows = rows[rows["source"].isin(keep) & rows["target"].isin(keep)]
    if not include_neutral:
        rows = rows[rows["relation"] != "neutral"]
    if modalities:
        rows = rows[rows["modality"].isin(list(modalities))]
    out = []
    pairs = [tuple(sorted(p)) for p in zip(rows["source"], rows["target"])]
    rows = rows.assign(actor_a=[p[0] for p in pairs], actor_b=[p[1] for p in pairs])
    keys = ["group", "actor_a", "actor_b"]
    intervals = grouped_bootstrap(rows, keys, "intensity", draws=draws, seed=seed)
    for stats, ((group, a, b), part) in zip(_stats(intervals, keys), rows.groupby(keys, sort=True, dropna=False)):
        directed = part[part["directed"]]
        ab = int((directed["source"] == a).sum())
        ba = int((directed["source"] == b).sum())
        und = int((~part["directed"]).sum())
        direction = "undirected" if ab + ba <= und or ab == ba else ("a→b" if ab > ba else "b→a")
        out.append(
            {
                "group": group,
                "actor_a": a,
                "actor_b": b,
                **stats,
                "cooperation": int((part["relation"] == "cooperation").sum()),
                "conflict": int((part["relation"] == "conflict").sum()),
                "a_to_b": ab,
                "b_to_a": ba,
                "undirected": und,
                "direction": direction,
            }
        )
    cols = [
        "group",
        "actor_a",
        "actor_b",
        "mean",
        "lo",
        "hi",
        "n",
        "cooperation",
        "conflict",
        "a_to_b",
        "b_to_a",
        "undirected",
        "direction",
    ]
    return pd.DataFrame(out, columns=cols)


def dyad_evidence(
    dyads: pd.DataFrame, sentences: pd.DataFrame, groups: pd.Series, include_neutral: bool = False
) -> pd.DataFrame:
    """The sentences and cues behind every dyad cell.

    Returns
    -------
    DataFrame
        group, doc_id, sent_id, source, target, directed, relation, intensity, quad,
        modality, attribution, cues, markers, rule (the rule or model that decided), text;
        sorted by group, pair, doc, sentence.
    """
    rows = dyads if include_neutral else dyads[dyads["relation"] != "neutral"]
    rows = _with_groups(rows, groups).merge(
        sentences[["doc_id", "sent_id", "text"]], on=["doc_id", "sent_id"], how="left", validate="many_to_one"
    )
    rows["pair"] = ["–".join(sorted(p)) for p in zip(rows["source"], rows["target"])]
    rows = rows.sort_values(["group", "pair", "doc_id", "sent_id"], kind="stable")
    from analysis.measures.dyads import DYAD_COLUMNS

    cols = ["group", *DYAD_COLUMNS, "text"]
    return rows[[c for c in cols if c in rows.columns]].reset_index(drop=True)


def stance_summary(
    stance: pd.DataFrame, groups: pd.Series, actors=None, draws: int = 2000, seed: int = 0
) -> pd.DataFrame:
    """Stance per group, actor and issue: mean score with a bootstrap interval.

    Returns
    -------
    DataFrame
        One row per group, actor and issue, sorted: group, actor, issue, mean, lo, hi
        (mean stance score per sentence, >0 support), n (sentences naming both),
        support, oppose, neutral (sentences of each), stance (the sign of the mean).
    """
    rows = _with_groups(stance, groups)
    if actors:
        rows = rows[rows["actor"].isin(list(actors))]
    out = []
    keys = ["group", "actor", "issue"]
    intervals = grouped_bootstrap(rows, keys, "score", draws=draws, seed=seed)
    for stats, ((group, actor, issue), part) in zip(
        _stats(intervals, keys), rows.groupby(keys, sort=True, dropna=False)
    ):
        counts = part["stance"].value_counts()
        label = "support" if stats["mean"] > 0 else "oppose" if stats["mean"] < 0 else "neutral"
        out.append(
            {
                "group": group,
                "actor": actor,
                "issue": issue,
                **stats,
                **{k: int(counts.get(k, 0)) for k in ("support", "oppose", "neutral")},
                "stance": label,
            }
        )
    cols = ["group", "actor", "issue", "mean", "lo", "hi", "n", "support", "oppose", "neutral", "stance"]
    return pd.DataFrame(out, columns=cols)


def stance_evidence(
    stance: pd.DataFrame, sentences: pd.DataFrame, groups: pd.Series, include_neutral: bool = False
) -> pd.DataFrame:
    """The sentences and cues behind every stance cell.

    Returns
    -------
    DataFrame
        group, doc_id, sent_id, actor, issue, stance, score, cues, rule (how the cues
        found the actor), text; sorted.
    """
    rows = stance if include_neutral else stance[stance["stance"] != "neutral"]
    rows = _with_groups(rows, groups).merge(
        sentences[["doc_id", "sent_id", "text"]], on=["doc_id", "sent_id"], how="left", validate="many_to_one"
    )
    rows = rows.sort_values(["group", "issue", "actor", "doc_id", "sent_id"], kind="stable")
    cols = ["group", "doc_id", "sent_id", "actor", "issue", "stance", "score", "cues", "rule", "text"]
    return rows[[c for c in cols if c in rows.columns]].reset_index(drop=True)
