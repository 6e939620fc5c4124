"""Corpus overview: counts per group and the first figures (notebook 01)."""

from __future__ import annotations

import pandas as pd

from analysis.stats.groups import group_labels


def corpus_summary(results, by: str = "outlet") -> pd.DataFrame:
    """Articles, sentences (scored and boilerplate) and mentions per group.

    Returns
    -------
    DataFrame
        One row per group, sorted: group, articles, sentences, boilerplate,
        mentions, plus one column per actor with its mention count.
    """
    groups = group_labels(results.articles, by)
    sents = results.sentences.assign(group=results.sentences["doc_id"].map(groups))
    ments = results.mentions.assign(group=results.mentions["doc_id"].map(groups))
    out = pd.DataFrame({"articles": groups.value_counts()})
    out["sentences"] = sents.groupby("group").size()
    out["boilerplate"] = sents.groupby("group")["boilerplate"].sum()
    out["mentions"] = ments.groupby("group").size()
    per_actor = ments.pivot_table(index="group", columns="actor", values="start", aggfunc="count")
    out = out.join(per_actor).fillna(0).astype(int)
    out.index.name = "group"
    return out.sort_index().reset_index()


def mentions_per_article(results, actors=None) -> pd.DataFrame:
    """Mention counts per article and actor (zeros included), sorted.

    Returns
    -------
    DataFrame
        doc_id, actor, mentions, sentences (scored sentences in the article).
    """
    ids = sorted(results.articles["doc_id"])
    actor_ids = list(actors) if actors is not None else sorted(results.mentions["actor"].unique())
    counts = results.mentions.groupby(["doc_id", "actor"]).size()
    scored = results.sentences[~results.sentences["boilerplate"]].groupby("doc_id").size()
    rows = [
        {"doc_id": d, "actor": a, "mentions": int(counts.get((d, a), 0)), "sentences": int(scored.get(d, 0))}
        for d in ids
        for a in actor_ids
    ]
    return pd.DataFrame(rows, columns=["doc_id", "actor", "mentions", "sentences"])
