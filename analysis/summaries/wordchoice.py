"""Word choice per group: label counts, labels that differ, top noun phrases."""

from __future__ import annotations

import pandas as pd

from analysis.measures.wordchoice import find_word_choice


def word_choice(
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    config=None,
    groups: pd.Series | None = None,
    occurrences: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Outlet × label counts for each actor and issue, with an example sentence.

    Parameters
    ----------
    groups
        doc_id → group (:func:`analysis.stats.group_labels`); None puts every article
        in one group, ``"all"``.
    occurrences
        The output of :func:`find_word_choice`, if already computed.

    Returns
    -------
    DataFrame
        One row per group, target, method and label, sorted by target, method, group,
        count (descending), label: group, target, kind, method, label, count,
        articles (articles using the label), share (of the group's labels for that
        target and method), doc_id, sent_id, text (the first sentence using it).
    """
    occ = find_word_choice(sentences, mentions, config) if occurrences is None else occurrences
    cols = ["group", "target", "kind", "method", "label", "count", "articles", "share", "doc_id", "sent_id", "text"]
    if occ.empty:
        return pd.DataFrame(columns=cols)
    occ = occ.assign(group=occ["doc_id"].map(groups) if groups is not None else "all")
    occ["group"] = occ["group"].fillna("unknown")
    keys = ["group", "target", "kind", "method", "label"]
    first = occ.sort_values(["doc_id", "sent_id", "start"], kind="stable").drop_duplicates(keys)
    out = occ.groupby(keys, sort=True).agg(count=("doc_id", "size"), articles=("doc_id", "nunique")).reset_index()
    out["share"] = out["count"] / out.groupby(["group", "target", "method"])["count"].transform("sum")
    out = out.merge(first[keys + ["doc_id", "sent_id"]], on=keys, validate="one_to_one")
    text = sentences.set_index(["doc_id", "sent_id"])["text"]
    out["text"] = [text.get((d, s), "") for d, s in zip(out["doc_id"], out["sent_id"])]
    out = out.sort_values(
        ["target", "method", "group", "count", "label"], ascending=[True, True, True, False, True], kind="stable"
    )
    return out[cols].reset_index(drop=True)


def differing_labels(table: pd.DataFrame, method: str = "label list", min_count: int = 1) -> pd.DataFrame:
    """Labels some groups use for a target and others that name the same target do not.

    Returns
    -------
    DataFrame
        The rows of a :func:`word_choice` table for those labels (same columns), for
        targets named by at least two groups.
    """
    t = table[(table["method"] == method) & (table["count"] >= min_count)]
    if t.empty:
        return t
    groups_per_target = t.groupby("target")["group"].nunique()
    groups_per_label = t.groupby(["target", "label"])["group"].transform("nunique")
    keep = (t["target"].map(groups_per_target) >= 2) & (groups_per_label < t["target"].map(groups_per_target))
    return t[keep].reset_index(drop=True)


def top_labels(table: pd.DataFrame, method: str = "noun phrase", n: int = 6, min_count: int = 1) -> pd.DataFrame:
    """The most used labels per target and group of a :func:`word_choice` table, as text.

    Returns
    -------
    DataFrame
        One row per target with one column per group, each cell "label (count), ...".
    """
    t = table[(table["method"] == method) & (table["count"] >= min_count)]
    rows: dict = {}
    for (target, group), part in t.groupby(["target", "group"], sort=True):
        part = part.sort_values(["count", "label"], ascending=[False, True], kind="stable").head(n)
        rows.setdefault(target, {})[group] = ", ".join(f"{lab} ({k})" for lab, k in zip(part["label"], part["count"]))
    return pd.DataFrame.from_dict(rows, orient="index").sort_index().fillna("")
