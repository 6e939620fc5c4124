"""Time periods of articles, and the pooling of small groups into "other".

:func:`article_periods` gives each dated article its period (``2019-07``, ``2019-Q3`` or
``2019``); undated articles get none and are counted, never silently dropped
(:func:`analysis.corpus.dates.dating_report`). :func:`pool_groups` keeps the
``top_groups`` largest groups (by article count) and pools the rest as one group whose
label says how many groups it holds, so a figure says so wherever the group is named.
"""

from __future__ import annotations

import pandas as pd

from analysis.corpus.dates import parse_dates

PERIODS = ("month", "quarter", "year")
_FREQ = {"month": "M", "quarter": "Q", "year": "Y"}
#: Group label prefix of pooled groups: ``other (51 outlets)``.
OTHER = "other"


def check_period(period: str) -> str:
    if period not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}, got {period!r}")
    return period


def period_label(day: pd.Timestamp, period: str) -> str:
    """``2019-07`` (month), ``2019-Q3`` (quarter) or ``2019`` (year) of a date."""
    if period == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if period == "quarter":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year:04d}"


def period_start(label: str) -> pd.Timestamp:
    """The first day of a period label of :func:`period_label`."""
    if "-Q" in label:
        year, q = label.split("-Q")
        return pd.Timestamp(int(year), 3 * (int(q) - 1) + 1, 1)
    if "-" in label:
        year, month = label.split("-")
        return pd.Timestamp(int(year), int(month), 1)
    return pd.Timestamp(int(label), 1, 1)


def period_middle(label: str, period: str) -> pd.Timestamp:
    """The middle of a period (where its point is drawn on a time axis)."""
    start = period_start(label)
    end = (pd.Period(start, _FREQ[period]) + 1).start_time
    return start + (end - start) / 2


def article_dates(articles: pd.DataFrame) -> pd.Series:
    """Each article's date (Timestamp, NaT when undated), indexed by doc_id.

    Uses ``date_iso`` (read by the corpus reader); tables saved before it existed are read
    from ``date``."""
    iso = articles["date_iso"] if "date_iso" in articles else parse_dates(articles["date"])
    days = pd.to_datetime(iso.astype("string").replace("", pd.NA), format="%Y-%m-%d", errors="coerce")
    return pd.Series(days.to_numpy(), index=articles["doc_id"].to_numpy(), name="date")


def article_periods(articles: pd.DataFrame, period: str = "year") -> pd.Series:
    """The period of each dated article (indexed by doc_id; undated articles left out)."""
    check_period(period)
    days = article_dates(articles).dropna()
    return pd.Series([period_label(d, period) for d in days], index=days.index, name="period", dtype=object)


def all_periods(labels, period: str) -> list[str]:
    """Every period from the first to the last of ``labels``, in order (gaps included)."""
    labels = sorted(set(labels))
    if not labels:
        return []
    first, last = (pd.Period(period_start(x), _FREQ[period]) for x in (labels[0], labels[-1]))
    return [period_label(p.start_time, period) for p in pd.period_range(first, last, freq=_FREQ[period])]


def pool_groups(groups: pd.Series, top_groups: int = 8, noun: str = "groups") -> pd.Series:
    """Keep the ``top_groups`` groups with most articles, pool the rest as one group.

    Ties in article count are broken by name. The pooled group is labelled
    ``other (K noun)``: every figure naming it says what it holds. ``top_groups`` of 0
    (or at least the number of groups) keeps every group.
    """
    counts = groups.value_counts()
    if top_groups <= 0 or len(counts) <= top_groups:
        return groups
    order = sorted(counts.index, key=lambda g: (-counts[g], str(g)))
    keep = set(order[:top_groups])
    label = f"{OTHER} ({len(order) - top_groups} {noun})"
    return groups.where(groups.isin(keep), label).rename(groups.name)


def group_order(groups: pd.Series) -> list[str]:
    """Groups by article count (most first, ties by name), a pooled "other" last."""
    counts = groups.value_counts()
    pooled = [g for g in counts.index if str(g).startswith(f"{OTHER} (")]
    rest = sorted((g for g in counts.index if g not in pooled), key=lambda g: (-counts[g], str(g)))
    return rest + sorted(pooled)


def noun_for(by: str) -> str:
    """The plural noun of a grouping column, for labels: outlets, leanings, groups."""
    return {"outlet": "outlets", "bias_text": "leanings", "bias": "leanings", "source": "sources"}.get(by, "groups")
