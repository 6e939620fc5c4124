"""Groups of articles: one rule for an article with no group."""

from __future__ import annotations

import pandas as pd


def group_labels(articles: pd.DataFrame, by: str = "outlet") -> pd.Series:
    """The group of each article (indexed by doc_id) for a metadata column.

    An article with no value in ``by`` is its own group, labelled
    ``"unknown <by> (<doc_id>)"``, so that unlabelled articles are never pooled.
    """
    if by not in articles.columns:
        raise KeyError(f"no column {by!r} in the articles table (have: {', '.join(articles.columns)})")
    values = articles[by].astype("string").fillna("").str.strip()
    unknown = values == ""
    labels = values.where(~unknown, "unknown " + by + " (" + articles["doc_id"].astype(str) + ")")
    return pd.Series(labels.to_numpy(object), index=articles["doc_id"].to_numpy(), name=by)
