"""Agreement of a method with hand-coded gold labels: accuracy, macro-F1, Cohen's κ,
bootstrap intervals, confusion, and the majority-class baseline."""

from __future__ import annotations

import numpy as np
import pandas as pd


def agreement(gold, predicted, labels=None) -> dict:
    """Accuracy and macro-F1 of ``predicted`` against ``gold`` (aligned sequences).

    Macro-F1 averages the per-label F1 over ``labels`` (default: every label seen in
    either sequence); a label never predicted and never in gold is left out, a label
    in gold but never predicted counts with F1 = 0.

    Returns
    -------
    dict
        n, accuracy, macro_f1, and per_label: {label: {precision, recall, f1, support}}.
    """
    gold = [str(g) for g in gold]
    predicted = [str(p) for p in predicted]
    if len(gold) != len(predicted):
        raise ValueError(f"gold has {len(gold)} labels, predicted {len(predicted)}")
    n = len(gold)
    if n == 0:
        return {"n": 0, "accuracy": float("nan"), "macro_f1": float("nan"), "per_label": {}}
    labels = sorted(set(gold) | set(predicted)) if labels is None else list(labels)
    per = {}
    for lab in labels:
        tp = sum(g == lab and p == lab for g, p in zip(gold, predicted))
        fp = sum(g != lab and p == lab for g, p in zip(gold, predicted))
        fn = sum(g == lab and p != lab for g, p in zip(gold, predicted))
        if tp + fp + fn == 0:
            continue
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per[lab] = {"precision": precision, "recall": recall, "f1": f1, "support": tp + fn}
    accuracy = sum(g == p for g, p in zip(gold, predicted)) / n
    macro = sum(v["f1"] for v in per.values()) / len(per) if per else float("nan")
    return {"n": n, "accuracy": accuracy, "macro_f1": macro, "per_label": per}


def confusion(gold, predicted, labels=None) -> pd.DataFrame:
    """Confusion matrix: rows gold, columns predicted, counts."""
    labels = sorted(set(map(str, gold)) | set(map(str, predicted))) if labels is None else list(labels)
    frame = pd.crosstab(
        pd.Series(list(map(str, gold)), name="gold"), pd.Series(list(map(str, predicted)), name="predicted")
    )
    return frame.reindex(index=labels, columns=labels, fill_value=0)


def cohen_kappa(a, b) -> float:
    """Cohen's κ of two aligned label sequences (nan when chance agreement is total)."""
    a, b = [str(x) for x in a], [str(x) for x in b]
    n = len(a)
    if n == 0:
        return float("nan")
    po = sum(x == y for x, y in zip(a, b)) / n
    pe = sum((a.count(lab) / n) * (b.count(lab) / n) for lab in sorted(set(a) | set(b)))  # sorted: same sum every run
    return (po - pe) / (1 - pe) if pe < 1 else float("nan")


def agreement_interval(gold, predicted, labels=None, draws: int = 1000, seed: int = 0, level: float = 0.95) -> dict:
    """Bootstrap intervals (items resampled, fixed seed) of accuracy and macro-F1.

    Each resample is scored as :func:`agreement` scores it (the same draws, sums and
    divisions in the same order, so the same numbers), all resamples at once with numpy.
    """
    gold, predicted = np.asarray(list(map(str, gold))), np.asarray(list(map(str, predicted)))
    n = len(gold)
    if n == 0:
        return {"accuracy_ci": [float("nan")] * 2, "macro_f1_ci": [float("nan")] * 2}
    rng = np.random.default_rng(seed)
    idx = np.stack([rng.integers(0, n, n) for _ in range(draws)]) if draws else np.zeros((0, n), dtype=np.int64)
    g, p = gold[idx], predicted[idx]
    acc = (g == p).sum(axis=1) / n
    f1_sum, counted = np.zeros(len(idx)), np.zeros(len(idx), dtype=np.int64)
    for lab in sorted(set(gold) | set(predicted)) if labels is None else [str(x) for x in labels]:
        is_g, is_p = g == lab, p == lab
        tp = (is_g & is_p).sum(axis=1)
        fp = (~is_g & is_p).sum(axis=1)
        fn = (is_g & ~is_p).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            precision = np.where(tp + fp > 0, tp / (tp + fp), 0.0)
            recall = np.where(tp + fn > 0, tp / (tp + fn), 0.0)
            f1 = np.where(precision + recall > 0, 2 * precision * recall / (precision + recall), 0.0)
        seen = tp + fp + fn > 0  # a label absent from a resample is left out of its mean
        f1_sum = f1_sum + np.where(seen, f1, 0.0)
        counted += seen
    with np.errstate(invalid="ignore", divide="ignore"):
        f1 = np.where(counted > 0, f1_sum / counted, np.nan)
    q = [100 * (1 - level) / 2, 100 * (1 + level) / 2]
    return {
        "accuracy_ci": [float(x) for x in np.nanpercentile(acc, q)],
        "macro_f1_ci": [float(x) for x in np.nanpercentile(f1, q)],
    }


def majority_label(gold, labels=None) -> str:
    """The most common gold label (ties: the first in ``labels`` order, else alphabetical)."""
    gold = [str(g) for g in gold]
    order = list(labels) if labels is not None else sorted(set(gold))
    return max(order, key=lambda lab: (gold.count(lab), -order.index(lab)))
