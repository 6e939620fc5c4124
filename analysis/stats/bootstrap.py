"""Aggregates with uncertainty: seeded percentile bootstrap intervals (the one bootstrap path).

Every interval in the package comes from :func:`grouped_bootstrap` (or, for one sample,
:func:`bootstrap_mean`), with one of two resampling schemes:

* rows resampled (``bootstrap_mean``): the plain percentile bootstrap of a mean;
* ``nested=(size, hits)``: a two-stage bootstrap for units nested in articles: articles
  resampled, then each drawn article's ``size`` units, of which ``hits`` carry the trait
  (drawn exactly as a binomial); the statistic is the mean of ``hits / size``;
* ``cluster=COLUMN`` (with ``value``): a two-stage bootstrap for rows nested in clusters
  (articles in outlets): clusters resampled, then the rows of each drawn cluster; the
  statistic is the mean of the cluster means, so every cluster counts equally whatever
  its size (:func:`cluster_mean`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

_NAN = {"mean": np.nan, "lo": np.nan, "hi": np.nan, "n": 0}


def _interval(means: np.ndarray, mean: float, n: int, level: float) -> dict:
    """The percentile interval of bootstrap ``means``, widened to include ``mean``."""
    alpha = (1 - level) / 2
    lo, hi = np.quantile(means, [alpha, 1 - alpha])
    return {"mean": mean, "lo": float(min(lo, mean)), "hi": float(max(hi, mean)), "n": n}


def bootstrap_mean(values, draws: int = 2000, seed: int = 0, level: float = 0.95) -> dict:
    """Mean of ``values`` with a percentile bootstrap interval.

    Returns a dict: mean, lo, hi, n. With fewer than two values the interval is the
    mean itself (n tells the reader how little there is); with none, all are NaN.
    """
    x = np.asarray(values, dtype=float)
    x = x[~np.isnan(x)]
    n = len(x)
    if n == 0:
        return dict(_NAN)
    mean = float(x.mean())
    if n == 1:
        return {"mean": mean, "lo": mean, "hi": mean, "n": 1}
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, n, size=(draws, n))
    return _interval(x[idx].mean(axis=1), mean, n, level)


def two_stage_mean(size, hits, draws: int = 2000, seed: int = 0, level: float = 0.95) -> dict:
    """Mean of ``hits / size`` over articles with a two-stage bootstrap interval (articles,
    then units within each drawn article as a binomial). Returns mean, lo, hi, n (articles)."""
    size, hits = np.asarray(size), np.asarray(hits)
    m = len(size)
    if m == 0:
        return dict(_NAN)
    mean = float(np.mean(hits / size))
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, m, size=(draws, m))
    sample = rng.binomial(size[idx], hits[idx] / size[idx]) / size[idx]
    return _interval(sample.mean(axis=1), mean, m, level)


def cluster_mean(values, clusters, draws: int = 2000, seed: int = 0, level: float = 0.95) -> dict:
    """Mean of the cluster means of ``values`` with a two-stage bootstrap interval (clusters
    resampled, then the values within each drawn cluster). Returns mean, lo, hi, n (values)."""
    x = np.asarray(values, dtype=float)
    codes, _ = pd.factorize(pd.Series(clusters).astype(str), sort=True)
    keep = ~np.isnan(x)
    x, codes = x[keep], codes[keep]
    if len(x) == 0:
        return dict(_NAN)
    parts = [x[codes == k] for k in np.unique(codes)]
    mean = float(np.mean([p.mean() for p in parts]))
    if len(x) == 1:
        return {"mean": mean, "lo": mean, "hi": mean, "n": 1}
    rng = np.random.default_rng(seed)
    m = len(parts)
    pick = rng.integers(0, m, size=(draws, m))
    within = np.vstack([p[rng.integers(0, len(p), size=(draws, len(p)))].mean(axis=1) for p in parts])
    sample = within[pick, np.arange(draws)[:, None]].mean(axis=1)
    return _interval(sample, mean, len(x), level)


def grouped_bootstrap(
    frame: pd.DataFrame,
    by,
    value: str | None = None,
    draws: int = 2000,
    seed: int = 0,
    level: float = 0.95,
    nested: tuple[str, str] | None = None,
    cluster: str | None = None,
) -> pd.DataFrame:
    """Per-group mean with a bootstrap interval, every group drawn with the same seed.

    ``value``: rows resampled within each group (:func:`bootstrap_mean` of that column);
    ``nested=(size, hits)``: the two-stage bootstrap of :func:`two_stage_mean` instead;
    ``value`` with ``cluster``: the two-stage bootstrap of :func:`cluster_mean` (rows
    nested in the clusters of that column).

    Returns
    -------
    DataFrame
        One row per group, sorted: the ``by`` columns, mean, lo, hi, n.
    """
    if (value is None) == (nested is None):
        raise ValueError("grouped_bootstrap: give either value or nested=(size, hits)")
    by = [by] if isinstance(by, str) else list(by)
    rows = []
    for key, part in frame.groupby(by, sort=True, dropna=False):
        key = key if isinstance(key, tuple) else (key,)
        if cluster is not None:
            stats = cluster_mean(part[value].to_numpy(float), part[cluster].to_numpy(), draws, seed, level)
        elif nested is None:
            stats = bootstrap_mean(part[value].to_numpy(float), draws=draws, seed=seed, level=level)
        else:
            size, hits = (part[c].to_numpy() for c in nested)
            stats = two_stage_mean(size, hits, draws=draws, seed=seed, level=level)
        rows.append({**dict(zip(by, key)), **stats})
    return pd.DataFrame(rows, columns=[*by, "mean", "lo", "hi", "n"])
