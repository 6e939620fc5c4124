"""Choose each packaged frame's ``min_weight`` (the dictionary measure) by cross-validation.

    python train/frames_min_weight.py [--shared ../shared] [--out train/frames_min_weight.json]

On the ``train`` part of ``coding/frames/coded.csv`` only (the folds of
``train/train_frames.py``, by article): for each frame and each fold, the candidate minimum
summed cue weight (:data:`CANDIDATES`; 0.5 is the smallest cue weight, so it means "any
cue") with the best F1 on the other four folds, scored on the fifth. Writes the choice of
every fold, the pooled out-of-fold F1 per frame (nested) and, beside it, the dictionary
without any minimum. Every fold chose 1 for economic, morality and conflict (a half-weight
cue, such as "deal", "duty" or "concern", carries the frame only beside another of its
cues) and 0.5 for the others: ``min_weight: 1`` in ``analysis/data/frames.yaml``.

Cue matching uses every cue (``all_cues``), so the file's own ``min_weight`` does not
influence the choice. The ``heldout`` part is not read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "train"))

from train_frames import FOLDS, coded, f1, folds_of, labels  # noqa: E402

from analysis.dictionaries.frames import load_frames  # noqa: E402

CANDIDATES = (0.5, 1.0, 1.5, 2.0)


def cue_weights(texts: list[str], frame_set) -> np.ndarray:
    order = {fid: k for k, fid in enumerate(frame_set.ids)}
    out = np.zeros((len(texts), len(order)))
    for i, carried in frame_set.find_many(texts, all_cues=True):
        for fid, weight, _ in carried:
            out[i, order[fid]] = weight
    return out


def nested(W: np.ndarray, Y: np.ndarray, fold: np.ndarray) -> tuple[list[float], list[list[float]]]:
    """Per frame the pooled F1 when each fold's minimum is chosen on the other folds; the choices."""
    pred = np.zeros(Y.shape, dtype=bool)
    chosen = []
    for k in range(FOLDS):
        other = fold != k
        best = [
            CANDIDATES[int(np.argmax([f1(Y[other, j].astype(bool), W[other, j] >= t)[2] for t in CANDIDATES]))]
            for j in range(Y.shape[1])
        ]
        chosen.append(best)
        pred[~other] = W[~other] >= np.asarray(best)[None, :]
    return [f1(Y[:, j].astype(bool), pred[:, j])[2] for j in range(Y.shape[1])], chosen


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--out", default=str(ROOT / "train" / "frames_min_weight.json"))
    args = ap.parse_args(argv)
    frame_set = load_frames()
    frames = list(frame_set.ids)
    items = coded(ROOT / "coding" / "frames" / "coded.csv", Path(args.shared))
    items = items[items["split"] == "train"].reset_index(drop=True)
    W = cue_weights(items["sentence"].tolist(), frame_set)
    Y = labels(items, frames)
    scores, chosen = nested(W, Y, folds_of(items["group"]))
    anycue = [f1(Y[:, j].astype(bool), W[:, j] > 0)[2] for j in range(len(frames))]
    result = {
        "candidates": list(CANDIDATES),
        "chosen_per_fold": [dict(zip(frames, c)) for c in chosen],
        "nested_f1": {f: round(s, 4) for f, s in zip(frames, scores)},
        "nested_macro_f1": round(float(np.mean(scores)), 4),
        "any_cue_f1": {f: round(s, 4) for f, s in zip(frames, anycue)},
        "any_cue_macro_f1": round(float(np.mean(anycue)), 4),
        "note": "train part only (folds by article, as train_frames.py); any_cue is the dictionary without min_weight",
    }
    Path(args.out).write_text(json.dumps(result, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
