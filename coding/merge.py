"""Merge the two coders' labels of a task, report agreement, and write what a third
reading must settle.

    python coding/merge.py sentiment          # agreement + coding/sentiment/disagreements.csv
    python coding/merge.py sentiment --final  # + coded.csv, after raw/adjudicated.csv exists

Krippendorff's α is computed with the ``krippendorff`` package (nominal); for frames,
one α per frame over present/absent.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from texts import redact, restore  # noqa: E402

import analysis as fa  # noqa: E402

FRAMES = list(fa.load_frames().ids)  # the codebook's eight frames, as the packaged dictionary lists them


def read_coder(task: str, coder: str) -> pd.DataFrame:
    parts = sorted((HERE / task / "raw").glob(f"coder_{coder}_batch_*.csv"))
    frame = pd.concat([pd.read_csv(p, dtype=str, keep_default_na=False) for p in parts], ignore_index=True)
    if frame["item_id"].duplicated().any():
        raise SystemExit(f"{task}: coder {coder} has duplicate items")
    return frame.set_index("item_id")


def alpha(a: list, b: list) -> float:
    import krippendorff

    values = sorted(set(a) | set(b))
    code = {v: i for i, v in enumerate(values)}
    data = np.array([[code[x] for x in a], [code[x] for x in b]], dtype=float)
    if len(values) < 2:
        return float("nan")
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def frame_sets(col: pd.Series) -> pd.Series:
    return col.map(lambda s: frozenset(f for f in s.split(";") if f))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("task", choices=["sentiment", "relations", "frames"])
    ap.add_argument("--final", action="store_true")
    args = ap.parse_args(argv)
    task = args.task
    items = restore(pd.read_csv(HERE / task / "items.csv", dtype={"doc_id": str}, keep_default_na=False))
    a, b = read_coder(task, "a"), read_coder(task, "b")
    ids = items["item_id"]
    if set(ids) - set(a.index) or set(ids) - set(b.index):
        print(
            f"{task}: not every item coded twice yet "
            f"(a: {len(set(ids) & set(a.index))}, b: {len(set(ids) & set(b.index))} of {len(ids)})"
        )
        ids = pd.Series(sorted(set(ids) & set(a.index) & set(b.index)))
    report = {"task": task, "items": int(len(ids))}
    if task == "sentiment":
        la, lb = a.loc[ids, "label"].tolist(), b.loc[ids, "label"].tolist()
        report["agreement"] = float(np.mean([x == y for x, y in zip(la, lb)]))
        report["alpha"] = alpha(la, lb)
        agree = pd.Series([x == y for x, y in zip(la, lb)], index=ids.values)
        report["counts_a"] = pd.Series(la).value_counts().to_dict()
        report["counts_b"] = pd.Series(lb).value_counts().to_dict()
    elif task == "relations":
        ra, rb = a.loc[ids, "relation"].tolist(), b.loc[ids, "relation"].tolist()
        da, db = a.loc[ids, "direction"].tolist(), b.loc[ids, "direction"].tolist()
        report["agreement_relation"] = float(np.mean([x == y for x, y in zip(ra, rb)]))
        report["alpha_relation"] = alpha(ra, rb)
        both = [(x, y) for x, y, r1, r2 in zip(da, db, ra, rb) if r1 == r2 and r1 in ("cooperation", "conflict")]
        report["agreement_direction_where_both_relate"] = float(np.mean([x == y for x, y in both])) if both else None
        report["alpha_relation_and_direction"] = alpha(
            [f"{r}/{d}" for r, d in zip(ra, da)], [f"{r}/{d}" for r, d in zip(rb, db)]
        )
        agree = pd.Series([r1 == r2 and d1 == d2 for r1, r2, d1, d2 in zip(ra, rb, da, db)], index=ids.values)
        report["counts_a"] = pd.Series(ra).value_counts().to_dict()
        report["counts_b"] = pd.Series(rb).value_counts().to_dict()
    else:
        fa_, fb_ = frame_sets(a.loc[ids, "frames"]), frame_sets(b.loc[ids, "frames"])
        report["alpha_per_frame"] = {}
        report["agreement_per_frame"] = {}
        for f in FRAMES:
            x = [f in s for s in fa_]
            y = [f in s for s in fb_]
            report["alpha_per_frame"][f] = alpha(x, y)
            report["agreement_per_frame"][f] = float(np.mean([p == q for p, q in zip(x, y)]))
        report["exact_set_agreement"] = float(np.mean([p == q for p, q in zip(fa_, fb_)]))
        agree = pd.Series([p == q for p, q in zip(fa_, fb_)], index=ids.values)
        report["counts_a"] = {f: int(sum(f in s for s in fa_)) for f in FRAMES}
        report["counts_b"] = {f: int(sum(f in s for s in fb_)) for f in FRAMES}
    report["disagreements"] = int((~agree).sum())
    print(json.dumps(report, indent=1))
    sheet_cols = {
        "sentiment": ["item_id", "target", "marked"],
        "relations": ["item_id", "label_a", "mention_a", "label_b", "mention_b", "marked"],
        "frames": ["item_id", "sentence"],
    }[task]
    dis = items.set_index("item_id").loc[agree[~agree].index].reset_index()[sheet_cols]
    if task == "sentiment":
        dis["coder_1"] = a.loc[dis["item_id"], "label"].values
        dis["coder_2"] = b.loc[dis["item_id"], "label"].values
    elif task == "relations":
        dis["coder_1"] = (a.loc[dis["item_id"], "relation"] + " " + a.loc[dis["item_id"], "direction"]).values
        dis["coder_2"] = (b.loc[dis["item_id"], "relation"] + " " + b.loc[dis["item_id"], "direction"]).values
    else:
        dis["coder_1"] = a.loc[dis["item_id"], "frames"].values
        dis["coder_2"] = b.loc[dis["item_id"], "frames"].values
    dis.to_csv(HERE / task / "disagreements.csv", index=False, lineterminator="\n")
    (HERE / task / "agreement.json").write_text(json.dumps(report, indent=1, sort_keys=True) + "\n")
    if args.final:
        adj = pd.read_csv(HERE / task / "raw" / "adjudicated.csv", dtype=str, keep_default_na=False).set_index(
            "item_id"
        )
        final = items.set_index("item_id").loc[ids].copy()
        cols = {"sentiment": ["label"], "relations": ["relation", "direction"], "frames": ["frames"]}[task]
        for c in cols:
            final[f"{c}_coder_a"] = a.loc[ids, c].values
            final[f"{c}_coder_b"] = b.loc[ids, c].values
            final[c] = [adj.loc[i, c] if i in adj.index else a.loc[i, c] for i in ids]
        unsettled = [i for i in agree[~agree].index if i not in adj.index]
        if unsettled:
            raise SystemExit(f"{task}: {len(unsettled)} disagreements not adjudicated, e.g. {unsettled[:3]}")
        final["adjudicated"] = [i in adj.index for i in ids]
        redact(final.reset_index()).to_csv(HERE / task / "coded.csv", index=False, lineterminator="\n")
        print(f"wrote {task}/coded.csv ({len(final)} items)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
