"""Measure the packaged frame dictionary against the hand-coded frame sentences.

    python train/evaluate_frames.py [--shared ../shared]

Reads ``coding/frames/coded.csv`` (long sentences restored from ``../shared/corpora``), finds
the frames of each sentence with the packaged dictionary (``analysis/data/frames.yaml``),
and writes ``analysis/data/frame_agreement.csv``: per frame and part (the coded
``heldout`` articles, and all coded sentences), n, how many sentences the coders gave the
frame, the dictionary's precision, recall and F1, and the majority baseline beside them
(always answering "absent": its accuracy, F1 0). Notebook 04 shows the table. Nothing is
fitted: the dictionary was written before the coding, so every part is a fair test of it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "coding"))

from texts import restore  # noqa: E402

import analysis as fa  # noqa: E402
from analysis.io import atomic_write  # noqa: E402
from analysis.stats.agreement import agreement  # noqa: E402

OUT = ROOT / "analysis" / "data" / "frame_agreement.csv"


def dictionary_frames(texts: list[str]) -> list[set]:
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
    found = fa.find_frames(sentences)
    out = [set() for _ in texts]
    for doc, frame in zip(found["doc_id"], found["frame"]):
        out[int(doc[1:])].add(frame)
    return out


def table(coded: pd.DataFrame, frames: list[str]) -> pd.DataFrame:
    gold = [set(f for f in s.split(";") if f) for s in coded["frames"]]
    found = dictionary_frames(coded["sentence"].tolist())
    parts = {"heldout": (coded["split"] == "heldout").to_numpy(), "all": coded["split"].notna().to_numpy()}
    rows = []
    for part, mask in parts.items():
        for frame in frames:
            g = ["present" if frame in s else "absent" for s, m in zip(gold, mask) if m]
            p = ["present" if frame in s else "absent" for s, m in zip(found, mask) if m]
            res = agreement(g, p, ["present", "absent"])
            present = res["per_label"].get("present", {"precision": 0.0, "recall": 0.0, "f1": 0.0})
            rows.append(
                {
                    "part": part,
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
        part_rows = [r for r in rows if r["part"] == part]
        rows.append(
            {
                "part": part,
                "frame": "macro average",
                "n": part_rows[0]["n"],
                "coded_present": sum(r["coded_present"] for r in part_rows),
                "precision": round(sum(r["precision"] for r in part_rows) / len(part_rows), 4),
                "recall": round(sum(r["recall"] for r in part_rows) / len(part_rows), 4),
                "f1": round(sum(r["f1"] for r in part_rows) / len(part_rows), 4),
                "accuracy": round(sum(r["accuracy"] for r in part_rows) / len(part_rows), 4),
                "majority_accuracy": round(sum(r["majority_accuracy"] for r in part_rows) / len(part_rows), 4),
                "majority_f1": 0.0,
            }
        )
    return pd.DataFrame(rows)


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
