"""Measure the frame measures against the hand-coded frame sentences.

    python train/evaluate_frames.py [--shared ../shared]

Reads ``coding/frames/coded.csv`` (long sentences restored from ``../shared/corpora``), finds
the frames of each sentence of the coded ``heldout`` articles with both methods of
:func:`analysis.find_frames` on the packaged frames (``model``: the trained frame model,
``dictionary``: the cues of ``analysis/data/frames.yaml``), and writes
``analysis/data/frame_agreement.csv``: per method and frame, n, how many sentences the
coders gave the frame, precision, recall, F1 and accuracy, and the majority baseline beside
them (always answering "absent": its accuracy, F1 0), then the macro average. Notebook 04
shows the table. Only the held-out part is a fair test: the model was fitted and its
thresholds tuned on the ``train`` part, and the cues added to the dictionary from the coded
data were found there too.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "coding"))

from texts import inline_masked, restore  # noqa: E402

import analysis as fa  # noqa: E402
from analysis.io import atomic_write  # noqa: E402
from analysis.stats.agreement import agreement  # noqa: E402

OUT = ROOT / "analysis" / "data" / "frame_agreement.csv"


METHODS = ("model", "dictionary")


def found_frames(texts: list[str], method: str) -> list[set]:
    sentences = pd.DataFrame(
        {
            "doc_id": [f"s{i}" for i in range(len(texts))],
            "sent_id": 0,
            "start": 0,
            "end": [len(t) for t in texts],
            "text": texts,
            "boilerplate": False,
        }
    )
    found = fa.find_frames(sentences, method=method)
    out = [set() for _ in texts]
    for doc, frame in zip(found["doc_id"], found["frame"]):
        out[int(doc[1:])].add(frame)
    return out


def table(coded: pd.DataFrame, frames: list[str]) -> pd.DataFrame:
    heldout = coded[coded["split"] == "heldout"]
    gold = [set(f for f in s.split(";") if f) for s in heldout["frames"]]
    rows = []
    for method in METHODS:
        found = found_frames([inline_masked(t)[0] for t in heldout["sentence"]], method)  # as the pipeline reads it
        part_rows = []
        for frame in frames:
            g = ["present" if frame in s else "absent" for s in gold]
            p = ["present" if frame in s else "absent" for s in found]
            res = agreement(g, p, ["present", "absent"])
            present = res["per_label"].get("present", {"precision": 0.0, "recall": 0.0, "f1": 0.0})
            part_rows.append(
                {
                    "part": "heldout",
                    "method": method,
                    "frame": frame,
                    "n": len(g),
                    "coded_present": g.count("present"),
                    "precision": round(present["precision"], 4),
                    "recall": round(present["recall"], 4),
                    "f1": round(present["f1"], 4),
                    "accuracy": round(res["accuracy"], 4),
                    "majority_accuracy": round(g.count("absent") / len(g), 4),
                    "majority_f1": 0.0,
                }
            )
        mean = {k: round(sum(r[k] for r in part_rows) / len(part_rows), 4) for k in _AVERAGED}
        rows += part_rows
        rows.append(
            {
                "part": "heldout",
                "method": method,
                "frame": "macro average",
                "n": part_rows[0]["n"],
                "coded_present": sum(r["coded_present"] for r in part_rows),
                **mean,
                "majority_f1": 0.0,
            }
        )
    return pd.DataFrame(rows)


_AVERAGED = ("precision", "recall", "f1", "accuracy", "majority_accuracy")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args(argv)
    coded = restore(
        pd.read_csv(ROOT / "coding" / "frames" / "coded.csv", dtype={"doc_id": str}, keep_default_na=False), args.shared
    )
    frames = list(fa.load_frames().ids)
    result = table(coded, frames)
    atomic_write(args.out, result.to_csv(index=False, lineterminator="\n"))
    print(result[result["part"] == "heldout"].to_string(index=False), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
