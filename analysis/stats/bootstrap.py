"""Aggregates with uncertainty: group labels and seeded bootstrap intervals."""

from __future__ import annotations

import numpy as np
import pandas as pd


def bootstrap_mean(values, draws: int = 2000, seed: int = 0, level: float = 0.95) -> dict:
    """Mean of ``values`` with a percentile bootstrap interval.

    Returns a dict: mean, lo, hi, n. With fewer than two values the interval is the
    mean itself (n tells the reader how little there is); with none, all are NaN.
    """
    x = np.asarray(values, dtype=float)
    x = x[~np.isnan(x)]
    n = len(x)
    if n == 0:
        return {"mean": np.nan, "lo": np.nan, "hi": np.nan, "n": 0}
    mean = float(x.mean())
    if n == 1:
        return {"mean": mean, "lo": mean, "hi": mean, "n": 1}
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, n, size=(draws, n))
    means = x[idx].mean(axis=1)
    alpha = (1 - level) / 2
    lo, hi = np.quantile(means, [alpha, 1 - alpha])
    return {"mean": mean, "lo": float(min(lo, mean)), "hi": float(max(hi, mean)), "n": n}


def grouped_bootstrap(
    frame: pd.DataFrame, by, value: str, draws: int = 2000, seed: int = 0, level: float = 0.95
) -> pd.DataFrame:
    """Per-group mean of ``value`` with a bootstrap interval (rows resampled within group).

    Returns
    -------
    DataFrame
        One row per group, sorted: the ``by`` columns, mean, lo, hi, n.
    """
    by = [by] if isinstance(by, str) else list(by)
    rows = []
    for key, part in frame.groupby(by, sort=True, dropna=False):
        key = key if isinstance(key, tuple) else (key,)
        stats = bootstrap_mean(part[value].to_numpy(float), draws=draws, seed=seed, level=level)
        rows.append({**dict(zip(by, key)), **stats})
    return pd.DataFrame(rows, columns=[*by, "mean", "lo", "hi", "n"])
