"""Agreement of the relation step with the held-out coded pairs: ``analysis/data/relation_agreement.csv``.

    python train/evaluate_relations.py [--shared ../shared] [--split heldout] [--out PATH]

Each coded pair (``coding/relations/coded.csv``, the ``heldout`` part: articles never
used to fit or choose anything) is scored as the pipeline scores it: the sentence's
mentions from the packaged actor dictionary, then :func:`analysis.find_dyads` with each
method (``model``: the trained classifier; ``rules``: the cue rules alone). A pair the
system gives no row (beyond the pair cap) counts as neutral.

Measures, each beside the majority baseline (the most frequent coded label of the same
items) and with n and a 95% bootstrap interval (items resampled, 2,000 draws, seed 0):

* relation accuracy and macro-F1 over cooperation / conflict / neutral, and the
  precision and recall of each of the three; with pairs coded ``not_actor`` excluded, and
  counted (a not_actor pair is right when the system gives it no row or neutral);
* direction: on the pairs where both the coders and the system give a relation, whether
  the direction (A acts on B, B on A, or mutual) is the same.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "train"))

from relation_data import RELATIONS, direction_of, load_items, pair_rows, sentences_frame  # noqa: E402

OUT = ROOT / "analysis" / "data" / "relation_agreement.csv"
COLUMNS = ["split", "method", "not_actor", "measure", "value", "lo", "hi", "n", "majority_label", "majority_value"]
DRAWS = 2000


def predictions(items: pd.DataFrame, method: str) -> tuple[list[str], list[str]]:
    """(relation, direction in the coders' vocabulary) per item, by ``method``."""
    from analysis import find_dyads, find_mentions
    from analysis.dictionaries.registry import load_config
    from analysis.pipeline import actors_for

    sentences = sentences_frame(items)
    mentions = find_mentions(sentences, actors_for(load_config(None)))
    mentions = mentions[mentions["role"] == "actor"]  # as the pipeline: places and attributes do not act
    rows = pair_rows(items, find_dyads(sentences, mentions, None, method=method))
    relation = [r["relation"] if r is not None else "neutral" for r in rows]
    direction = [direction_of(r, a, b) for r, a, b in zip(rows, items["actor_a"], items["actor_b"])]
    return relation, direction


def _measures(truth: np.ndarray, pred: np.ndarray) -> dict:
    """Accuracy, macro-F1 over RELATIONS, precision and recall of each (a label never
    predicted has precision 0, a label absent recall 0, and then F1 0)."""
    out = {"accuracy": float((truth == pred).mean())}
    f1, precision, recall = [], {}, {}
    for label in RELATIONS:
        tp = float(((pred == label) & (truth == label)).sum())
        n_pred, n_true = float((pred == label).sum()), float((truth == label).sum())
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_true if n_true else 0.0
        f1.append(2 * p * r / (p + r) if p + r else 0.0)
        precision[label], recall[label] = p, r
    out["macro_f1"] = float(np.mean(f1))
    out["precision_cooperation"] = precision["cooperation"]
    out["precision_conflict"] = precision["conflict"]
    out["precision_neutral"] = precision["neutral"]
    out["recall_cooperation"] = recall["cooperation"]
    out["recall_conflict"] = recall["conflict"]
    out["recall_neutral"] = recall["neutral"]
    return out


def _interval(truth, pred, fn, rng) -> tuple[float, float]:
    n = len(truth)
    values = []
    for _ in range(DRAWS):
        idx = rng.integers(0, n, n)
        values.append(fn(truth[idx], pred[idx]))
    lo, hi = np.percentile(values, [2.5, 97.5])
    return float(lo), float(hi)


def agreement(items: pd.DataFrame, split: str) -> pd.DataFrame:
    rows = []
    coded = items["relation"].to_numpy()
    coded_dir = items["direction"].to_numpy()
    for method in ("model", "rules"):
        relation, direction = map(np.asarray, predictions(items, method))
        for not_actor in ("excluded", "counted"):
            keep = coded != "not_actor" if not_actor == "excluded" else np.ones(len(coded), bool)
            truth = np.where(coded[keep] == "not_actor", "neutral", coded[keep])
            pred = relation[keep]
            values = _measures(truth, pred)
            majority = pd.Series(truth).value_counts().sort_index().idxmax()
            base = _measures(truth, np.full(len(truth), majority))
            rng = np.random.default_rng(0)
            for measure, value in values.items():
                lo, hi = _interval(truth, pred, lambda t, p, m=measure: _measures(t, p)[m], rng)
                rows.append([split, method, not_actor, measure, value, lo, hi, len(truth), majority, base[measure]])
        both = (coded_dir != "none") & (direction != "none")
        t, p = coded_dir[both], direction[both]
        majority = pd.Series(t).value_counts().sort_index().idxmax() if len(t) else ""
        lo, hi = _interval(t, p, lambda a, b: float((a == b).mean()), np.random.default_rng(0)) if len(t) else (0, 0)
        rows.append(
            [
                split,
                method,
                "excluded",
                "direction",
                float((t == p).mean()) if len(t) else 0.0,
                lo,
                hi,
                len(t),
                majority,
                float((t == majority).mean()) if len(t) else 0.0,
            ]
        )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    for col in ("value", "lo", "hi", "majority_value"):
        frame[col] = frame[col].round(4)
    return frame


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--split", default="heldout", choices=("heldout", "train"))
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args(argv)
    if not (Path(args.shared) / "corpora").is_dir():
        print(f"evaluate_relations: {Path(args.shared) / 'corpora'}: not found (pass --shared)", file=sys.stderr)
        return 2
    from analysis.io import atomic_write

    items = load_items(shared=args.shared)
    items = items[items["split"] == args.split].reset_index(drop=True)
    frame = agreement(items, args.split)
    atomic_write(Path(args.out), frame.to_csv(index=False, lineterminator="\n"))
    print(frame.to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
