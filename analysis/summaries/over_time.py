"""Every per-group summary per period: actor sentiment, attention, relations, stance, frames.

Each function takes what its per-group counterpart takes plus ``periods`` (the period of
each dated article, :func:`analysis.stats.periods.article_periods`) and returns the same
table with a ``period`` column after ``group``: one row per group × period × item, with
the bootstrap interval of the per-group summary computed within each cell and n. Undated
articles have no period and are left out here (count them with
:func:`analysis.corpus.dates.dating_report`; every other summary keeps them).
"""

from __future__ import annotations

import pandas as pd

from analysis.stats.bootstrap import grouped_bootstrap

_SEP = "\x1f"  # joins group and period in the keys handed to the per-group summaries


def period_groups(groups: pd.Series, periods: pd.Series) -> pd.Series:
    """``group<SEP>period`` for each dated article (indexed by doc_id)."""
    common = groups.index.intersection(periods.index)
    g, p = groups.reindex(common), periods.reindex(common)
    return pd.Series(g.astype(str) + _SEP + p.astype(str), index=common, name="group_period")


def _split(frame: pd.DataFrame) -> pd.DataFrame:
    parts = frame["group"].astype(str).str.split(_SEP, n=1, expand=True)
    out = frame.copy()
    if len(out):
        out["group"] = parts[0].to_numpy()
        out.insert(out.columns.get_loc("group") + 1, "period", parts[1].to_numpy())
    else:
        out.insert(out.columns.get_loc("group") + 1, "period", pd.Series(dtype=object))
    keys = [c for c in ("group", "period", "actor", "actor_a", "actor_b", "issue", "frame") if c in out]
    return out.sort_values(keys, kind="stable").reset_index(drop=True)


def per_period(summarise, table: pd.DataFrame, groups: pd.Series, periods: pd.Series, **kwargs) -> pd.DataFrame:
    """``summarise(rows, keys, **kwargs)`` with group × period cells, split back into columns.

    ``summarise`` is any per-group summary taking a table with ``doc_id`` and a group
    Series (:func:`analysis.actor_scores`, :func:`analysis.dyad_summary`,
    :func:`analysis.stance_summary`, :func:`analysis.frame_shares_by_group`)."""
    keys = period_groups(groups, periods)
    rows = table[table["doc_id"].isin(keys.index)]
    return _split(summarise(rows, keys, **kwargs))


def actor_scores_over_time(table, groups, periods, **kwargs) -> pd.DataFrame:
    """:func:`analysis.actor_scores` per group × period: group, period, actor, mean, lo, hi, n, method."""
    from analysis.summaries.actor_sentiment import actor_scores

    return per_period(actor_scores, table, groups, periods, **kwargs)


def dyad_summary_over_time(dyads, groups, periods, **kwargs) -> pd.DataFrame:
    """:func:`analysis.dyad_summary` per group × period (mean Goldstein intensity per pair)."""
    from analysis.summaries.relations import dyad_summary

    return per_period(dyad_summary, dyads, groups, periods, **kwargs)


def stance_summary_over_time(stance, groups, periods, **kwargs) -> pd.DataFrame:
    """:func:`analysis.stance_summary` per group × period (mean stance score per actor and issue)."""
    from analysis.summaries.relations import stance_summary

    return per_period(stance_summary, stance, groups, periods, **kwargs)


def frame_shares_over_time(shares, groups, periods, **kwargs) -> pd.DataFrame:
    """:func:`analysis.frame_shares_by_group` per group × period (``shares`` from
    :func:`analysis.frame_shares`; two-stage bootstrap, n articles)."""
    from analysis.summaries.frames import frame_shares_by_group

    return per_period(frame_shares_by_group, shares, groups, periods, **kwargs)


def attention_over_time(
    articles: pd.DataFrame,
    mentions: pd.DataFrame,
    groups: pd.Series,
    periods: pd.Series,
    actors=None,
    outlet: str = "outlet",
    draws: int = 2000,
    seed: int = 0,
) -> pd.DataFrame:
    """Attention: mentions of each actor per article, per group × period.

    Each outlet's mentions are divided by its own number of articles in the period
    (mentions per article), and a group's value is the mean over its outlets, so an
    outlet that published more in a period does not outweigh the others. The interval is
    a two-stage bootstrap (outlets resampled, then their articles;
    :func:`analysis.stats.bootstrap.cluster_mean`). An article without an outlet counts
    as an outlet of its own.

    Returns
    -------
    DataFrame
        group, period, actor, mean (mentions per article), lo, hi, n (articles), outlets,
        mentions; sorted.
    """
    dated = articles[articles["doc_id"].isin(periods.index)]
    docs = dated["doc_id"].tolist()
    ids = list(actors) if actors else sorted(set(mentions["actor"]))
    counts = mentions[mentions["doc_id"].isin(docs)].groupby(["doc_id", "actor"]).size()
    source = dated.set_index("doc_id")[outlet].astype(str) if outlet in dated else pd.Series("", index=docs)
    source = source.where(source.str.strip() != "", "unknown (" + source.index.to_series().astype(str) + ")")
    grid = pd.MultiIndex.from_product([docs, ids], names=["doc_id", "actor"])
    frame = counts.reindex(grid, fill_value=0).rename("mentions").reset_index()
    frame["group"] = frame["doc_id"].map(groups)
    frame["period"] = frame["doc_id"].map(periods)
    frame["outlet"] = frame["doc_id"].map(source)
    keys = ["group", "period", "actor"]
    out = grouped_bootstrap(frame, keys, "mentions", draws=draws, seed=seed, cluster="outlet")
    extra = frame.groupby(keys, sort=True).agg(outlets=("outlet", "nunique"), mentions=("mentions", "sum"))
    out = out.join(extra, on=keys)
    cols = [*keys, "mean", "lo", "hi", "n", "outlets", "mentions"]
    return out[cols].sort_values(keys, kind="stable").reset_index(drop=True)


def articles_over_time(articles: pd.DataFrame, groups: pd.Series, periods: pd.Series) -> pd.DataFrame:
    """Articles per group and period (dated articles): group, period, articles."""
    dated = pd.DataFrame({"group": groups.reindex(periods.index), "period": periods})
    out = dated.groupby(["group", "period"], sort=True).size().rename("articles").reset_index()
    return out
