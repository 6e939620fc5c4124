"""EXPERIMENT (not shipped): target-conditioned attention pooling over the static word
vectors, added to the shipped logistic regression of ``train/train_sentiment.py``.

    python train/experiment_attention_sentiment.py [--shared ../shared] [--variants NAME ...]
        [--save DIR] [--cache FILE.npz]

Model (issue 11, "a small attention layer whose inference runs in numpy"): for each word
``i`` of the target's sentence (at most :data:`MAX_TOKENS`, the nearest to the target),

    h_i = tanh(W e_i + P[position bucket of i] + C[i in the target's clause] + U t + b)
    a   = softmax_i(v . h_i)        g = sum_i a_i h_i
    logits = LR logits + g A  (+ g A_actor for the coded items: the ``actor`` head)

``e_i`` the word's frozen wordllama vector (:mod:`analysis.models.embeddings`), ``t`` the
target's own pooled vector, position buckets by signed distance to the target (own words,
other targets' words and far words have buckets of their own). The LR logits are those of
the shipped model's design (``Fitted`` with ``CHOSEN``), fitted on the same rows, and kept
fixed: the attention layer learns a correction on top of them, by Adam on minibatches
(fixed seeds; gradients by ``autograd``), with L2 on every new weight.

Choice only on the 5 grouped folds (by article) of the coded ``train`` part that
``train_sentiment.cross_validated`` uses (NewsMTSC's items in every fit) and on NewsMTSC's
two dev files; the LR is scored on exactly the same folds. The ``heldout`` part is never
read here.

Needs ``autograd`` (1.9.1, pip), which is NOT a project dependency: this script is an
experiment, not part of ``make train``. ``--save DIR`` keeps each variant's CV scores and
prints a paired bootstrap (over coded articles, 2,000 draws) of its CV macro-F1 minus the LR's.

Results (2026-12-02; one BLAS thread; every variant re-run gives the same figures). CV =
5 grouped folds of the coded ``train`` part (2,658 items, ``actor`` head); "+off" = with
the class offsets that ``train_sentiment.best_offsets`` picks on those same CV scores (as
the shipped model does, so optimistic for both); dev = NewsMTSC dev, ``general`` head.

    variant                  CV F1   CV acc  CV F1+off  acc+off  rw dev  mt dev
    shipped LR (same folds)  0.4932  0.6905  0.5204     0.6653   0.6808  0.6349
    h32 (hidden 32, l2 1e-4) 0.4745  0.6938  0.5185     0.6568   0.6692  0.6140
    h32 l2 1e-3              0.4910  0.6957  0.5225     0.6716   0.6776  0.6400
    h32 l2 1e-2              0.4932  0.6905  0.5204     0.6653   0.6808  0.6349  (layer dies: = LR)
    h16 l2 1e-3, 4 epochs    0.4915  0.6971  0.5216     0.6664   0.6800  0.6364
    h32 l2 1e-3, coded x3    0.4792  0.6971  0.5219     0.6727   0.6776  0.6365
    h32 l2 3e-3, coded x3    0.4884  0.6953  0.5214     0.6709   0.6784  0.6298
    joint h32 l2 1e-3 (*)    0.4718  0.6983  0.5124     0.6524   0.6883  0.6250
    joint h16 l2 1e-3, 4 ep  0.4834  0.6872  0.5103     0.6512   0.6851  0.6211
    raw h32 l2 1e-3 (**)     0.4965  0.6953  0.5221     0.6683   0.6808  0.6369
      ... seed 1             0.4958  0.6949  0.5206     0.6675   0.6756  0.6403
      ... seed 2             0.4950  0.6938  0.5233     0.6694   0.6756  0.6369
    raw h32 l2 3e-4          0.4951  0.6949  0.5202     0.6683   0.6756  0.6389
    raw h32 l2 1e-3, coded x3 0.4949 0.6946  0.5201     0.6620   0.6808  0.6314
    raw h32 l2 1e-3, 16 ep   0.4951  0.6938  0.5213     0.6672   0.6808  0.6349

(*) joint: the LR's weights are trained too (from its solution, with its L2 of 1/(2 C n)).
(**) raw: the attention pools the words' own 256-d vectors (``g = sum a_i e_i``), read by a
256 x 3 matrix, instead of the hidden states.

Paired bootstrap of the CV macro-F1 gain over the LR: raw h32 l2 1e-3 seed 0 +0.0032
(95% [0.0007, 0.0060], 22 of 2,658 predictions changed); seed 1 +0.0026 ([-0.0001,
0.0055]); seed 2 +0.0018 ([-0.0007, 0.0044]); coded x3 +0.0016 ([-0.0018, 0.0051]); 16 epochs
+0.0018 ([-0.0005, 0.0042]).

Conclusion: no variant is a robust improvement. The best (raw h32 l2 1e-3) gains about
0.002-0.003 CV macro-F1 (best of 14 runs on the same folds, with a selection bias of
that size), and with seeds 1 and 2 it loses on rw dev (0.6756 < 0.6808); the offsets'
CV F1 moves by at most +0.003. Nothing here approaches issue 11's targets (held-out
accuracy 0.10 above the majority baseline, macro-F1 >= 0.60), so the shipped LR is kept.
A fit of any variant takes 10-40 s on one core.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "train"))
sys.path.insert(0, str(ROOT))

import train_sentiment as ts  # noqa: E402

from analysis.models.target_features import featurize  # noqa: E402
from analysis.models.target_sentiment import CLASSES  # noqa: E402

MAX_TOKENS = 64
NEAR = 10  # signed distances 1..NEAR have buckets of their own
FAR = (15, 25)  # then (NEAR, 15], (15, 25], beyond 25, on each side
N_BUCKETS = 2 + 2 * (NEAR + len(FAR) + 1)  # own, other target, left..., right...
CACHE = None  # a .npz file of the derived features (--cache): rebuilt only when missing
SAVE_DIR = None  # a folder: each variant's CV scores are saved there (--save)


def buckets_of(frame) -> dict:
    """Per target: padded (n, MAX_TOKENS) word rows into ``vectors``, position buckets,
    clause flags, mask; the target vector; the dense LR features."""
    f = featurize(frame["text"].tolist(), frame["start"].tolist(), frame["end"].tolist(), frame["others"].tolist())
    n = len(frame)
    n_pools = 6
    base, top = f.sent_ptr[f.sentence_of], f.sent_ptr[f.sentence_of + 1]
    size = top - base
    ptr = np.concatenate([[0], np.cumsum(size)])
    flag = np.zeros((int(ptr[-1]), n_pools), dtype=bool)
    pair = ptr[f.entry_target] + f.entry_pos - base[f.entry_target]
    flag[pair, f.entry_pool] = True
    ids = np.zeros((n, MAX_TOKENS), dtype=np.int64)
    bucket = np.zeros((n, MAX_TOKENS), dtype=np.int64)
    clause = np.zeros((n, MAX_TOKENS), dtype=np.int64)
    mask = np.zeros((n, MAX_TOKENS), dtype=bool)
    for r in range(n):
        fl = flag[ptr[r] : ptr[r + 1]]
        own = np.flatnonzero(fl[:, 0])
        pos = np.arange(size[r])
        if len(own):
            lo, hi = own.min(), own.max()
        else:
            lo = hi = 0
        signed = np.where(pos < lo, pos - lo, np.where(pos > hi, pos - hi, 0))
        dist = np.abs(signed)
        b = np.empty(size[r], dtype=np.int64)
        mag = np.where(dist <= NEAR, dist, NEAR + 1 + np.searchsorted(np.asarray(FAR), dist, side="left"))
        side = (signed > 0).astype(np.int64)
        b[:] = 2 + side * (N_BUCKETS - 2) // 2 + (mag - 1)
        b[fl[:, 0]] = 0
        other = ~fl[:, 0] & ~fl[:, 5]
        b[other] = 1
        keep = np.argsort(dist, kind="stable")[:MAX_TOKENS]
        keep.sort()
        k = len(keep)
        ids[r, :k] = f.tok_ids[base[r] + keep]
        bucket[r, :k] = b[keep]
        clause[r, :k] = fl[keep, 4]
        mask[r, :k] = True
    return {
        "ids": ids,
        "bucket": bucket,
        "clause": clause,
        "mask": mask,
        "target": f.dense[:, :256].copy(),
        "dense": f.dense,
        "vectors": f.vectors.astype(np.float64),
    }


def load(shared: Path):
    if CACHE is not None and CACHE.is_file():
        z = np.load(CACHE, allow_pickle=True)
        return {k: z[k] for k in z.files}
    mtsc = ts.newsmtsc(shared / "newsmtsc" / "train.jsonl")
    own = ts.coded(ROOT / "coding" / "sentiment" / "coded.csv", "train", shared)
    train = pd.concat([mtsc, own], ignore_index=True)
    out = {}
    sets = {"train": train}
    for k in ("rw", "mt"):
        sets[k] = ts.newsmtsc(shared / "newsmtsc" / f"split_{k}_dev.jsonl")
    offset = 0
    vecs = []
    for name, frame in sets.items():
        b = buckets_of(frame)
        b["ids"] = b["ids"] + offset
        offset += len(b["vectors"])
        vecs.append(b.pop("vectors"))
        b["label"] = np.asarray([CLASSES.index(x) for x in frame["label"]])
        b["group"] = frame["group"].astype(str).to_numpy()
        for key, v in b.items():
            out[f"{name}_{key}"] = v
    out["vectors"] = np.concatenate(vecs)
    if CACHE is not None:
        np.savez(CACHE, **out)
    return out


def init(rng, hidden: int) -> dict:
    d = 256
    return {
        "W": rng.normal(0, 1 / np.sqrt(d), (d, hidden)),
        "U": rng.normal(0, 1 / np.sqrt(d), (d, hidden)),
        "P": rng.normal(0, 0.1, (N_BUCKETS, hidden)),
        "C": np.zeros((2, hidden)),
        "b": np.zeros(hidden),
        "v": rng.normal(0, 1 / np.sqrt(hidden), hidden),
        "A": rng.normal(0, 0.01, (hidden, 3)),
        "A2": np.zeros((hidden, 3)),
    }


def forward(p, vectors, batch, anp):
    """Class logits added to the LR's by the attention layer, and the attention weights."""
    uniq, inv = np.unique(batch["ids"], return_inverse=True)
    proj = anp.dot(vectors[uniq], p["W"])
    s = proj[inv.reshape(batch["ids"].shape)] + p["P"][batch["bucket"]] + p["C"][batch["clause"]]
    s = s + anp.dot(batch["target"], p["U"])[:, None, :] + p["b"]
    h = anp.tanh(s)
    score = anp.dot(h, p["v"])
    score = anp.where(batch["mask"], score, -1e4)
    score = score - anp.max(score, axis=1, keepdims=True)
    e = anp.exp(score)
    a = e / anp.sum(e, axis=1, keepdims=True)
    if "R" in p:  # pool the words' own vectors by the attention, read through R (256 x 3)
        g = anp.sum(a[:, :, None] * vectors[uniq][inv.reshape(batch["ids"].shape)], axis=1)
        return anp.dot(g, p["R"]) + batch["domain"][:, None] * anp.dot(g, p["R2"]), a
    g = anp.sum(a[:, :, None] * h, axis=1)
    out = anp.dot(g, p["A"]) + batch["domain"][:, None] * anp.dot(g, p["A2"])
    return out, a


def take(data, prefix, rows, base, domain):
    return {
        "ids": data[f"{prefix}_ids"][rows],
        "bucket": data[f"{prefix}_bucket"][rows],
        "clause": data[f"{prefix}_clause"][rows],
        "mask": data[f"{prefix}_mask"][rows],
        "target": data[f"{prefix}_target"][rows],
        "label": data[f"{prefix}_label"][rows],
        "base": base,
        "domain": domain,
    }


def trim(batch, rows):
    out = {k: v[rows] for k, v in batch.items()}
    width = max(int(out["mask"].sum(axis=1).max()), 1)
    for k in ("ids", "bucket", "clause", "mask"):
        out[k] = out[k][:, :width]
    return out


def fit(vectors, batch, cfg) -> dict:
    """Adam on minibatches (fixed seed); the LR logits in ``batch['base']`` stay fixed."""
    import autograd.numpy as anp
    from autograd import grad

    rng = np.random.default_rng(cfg["seed"])
    p = init(rng, cfg["hidden"])
    if cfg.get("raw"):
        p["R"] = rng.normal(0, 0.01, (256, 3))
        p["R2"] = np.zeros((256, 3))
        del p["A"], p["A2"]
    n = len(batch["label"])
    weight = np.where(batch["domain"] > 0, cfg["in_domain_weight"], 1.0)
    joint = "design" in batch
    if joint:  # the LR's weights are trained too, from the LR's solution, with its L2 (1 / (2 C n))
        p["Wl"] = batch.pop("coef").copy()
        p["bl"] = batch.pop("intercept").copy()
        l2_lin = 1.0 / (2 * ts.CHOSEN["C"] * n)

    def loss(p, b):
        z = forward(p, vectors, b, anp)[0]
        z = z + (anp.dot(b["design"], p["Wl"].T) + p["bl"] if joint else b["base"])
        z = z - anp.max(z, axis=1, keepdims=True)
        logp = z - anp.log(anp.sum(anp.exp(z), axis=1, keepdims=True))
        nll = -anp.sum(b["w"] * logp[np.arange(len(b["label"])), b["label"]]) / anp.sum(b["w"])
        reg = sum(anp.sum(p[k] ** 2) for k in p if k not in ("Wl", "bl"))
        if joint:
            reg = reg + l2_lin / cfg["l2"] * anp.sum(p["Wl"] ** 2)
        return nll + cfg["l2"] * reg

    g_loss = grad(loss)
    m = {k: np.zeros_like(v) for k, v in p.items()}
    s = {k: np.zeros_like(v) for k, v in p.items()}
    step = 0
    for _ in range(cfg["epochs"]):
        order = rng.permutation(n)
        for i in range(0, n, cfg["batch"]):
            rows = order[i : i + cfg["batch"]]
            b = trim(batch, rows)
            b["w"] = weight[rows]
            g = g_loss(p, b)
            step += 1
            for k in p:
                m[k] = 0.9 * m[k] + 0.1 * g[k]
                s[k] = 0.999 * s[k] + 0.001 * g[k] ** 2
                rate = cfg["lr"] * (cfg.get("lin_lr", 1.0) if k in ("Wl", "bl") else 1.0)
                p[k] = p[k] - rate * (m[k] / (1 - 0.9**step)) / (np.sqrt(s[k] / (1 - 0.999**step)) + 1e-8)
    return p


def lin_logits(p, batch):
    """The (possibly retrained) linear part's logits of a batch."""
    if "Wl" in p:
        return batch["design"] @ p["Wl"].T + p["bl"]
    return batch["base"]


def predict_logits(p, vectors, batch, chunk=2048) -> np.ndarray:
    out = np.zeros((len(batch["label"]), 3))
    for i in range(0, len(out), chunk):
        rows = np.arange(i, min(i + chunk, len(out)))
        b = trim(batch, rows)
        out[rows] = lin_logits(p, b) + forward(p, vectors, b, np)[0]
    return out


def frame_of(data, prefix) -> pd.DataFrame:
    return pd.DataFrame({"group": data[f"{prefix}_group"], "label": np.asarray(CLASSES)[data[f"{prefix}_label"]]})


def folds_of(train: pd.DataFrame, folds=5) -> np.ndarray:
    """The folds of ``train_sentiment.cross_validated`` (-1: NewsMTSC, in every fit)."""
    own = ts.in_domain(train) > 0
    groups = train.loc[own, "group"].unique()
    rng = np.random.default_rng(7)
    fold_of = dict(zip(sorted(groups), rng.permutation(len(groups)) % folds))
    return np.array([fold_of.get(g, -1) for g in train["group"]])


def base_logits(model, X, d) -> np.ndarray:
    """The LR's logits as fitted: the actor head for coded rows, the general head for others."""
    return np.where(d[:, None] > 0, model.decision(X, "actor"), model.decision(X, "general"))


def joined(model, X, d) -> dict:
    """What a joint fit needs: the LR's design matrix of the rows and its solution."""
    return {"design": model.design(X, d), "coef": model.clf.coef_.copy(), "intercept": model.clf.intercept_.copy()}


def evaluate(data, cfg, lr_cache) -> dict:
    """Grouped 5-fold CV on the coded train part, and NewsMTSC dev F1 (general head)."""
    from sklearn.metrics import accuracy_score, f1_score

    train = frame_of(data, "train")
    X = data["train_dense"]
    d = ts.in_domain(train)
    f = folds_of(train)
    own = d > 0
    lr_dec = np.zeros((len(train), 3))
    att_dec = np.zeros((len(train), 3))
    for k in range(5):
        rows = np.flatnonzero(f != k)
        test = np.flatnonzero(f == k)
        if k not in lr_cache:
            lr_cache[k] = ts.Fitted(train.iloc[rows].reset_index(drop=True), X[rows], ts.CHOSEN)
        model = lr_cache[k]
        lr_dec[test] = model.decision(X[test], "actor")
        if cfg is None:
            continue
        fit_batch = take(data, "train", rows, base_logits(model, X[rows], d[rows]), d[rows])
        test_batch = take(data, "train", test, lr_dec[test], np.ones(len(test)))
        if cfg.get("joint"):
            fit_batch.update(joined(model, X[rows], d[rows]))
            test_batch["design"] = model.design(X[test], np.ones(len(test)))
        p = fit(data["vectors"], fit_batch, cfg)
        att_dec[test] = predict_logits(p, data["vectors"], test_batch)
    if "full" not in lr_cache:
        lr_cache["full"] = ts.Fitted(train, X, ts.CHOSEN)
    model = lr_cache["full"]
    truth = train["label"].to_numpy()[own]
    res = {}
    dec = lr_dec if cfg is None else att_dec
    pred = np.asarray(CLASSES)[dec[own].argmax(axis=1)]
    if SAVE_DIR is not None:  # the CV scores of the coded items, for a paired comparison
        np.save(SAVE_DIR / f"cv_{'shipped_lr' if cfg is None else cfg['name']}.npy", dec[own])
    res["cv_macro_f1"] = round(ts.macro_f1(truth, dec[own]), 4)
    res["cv_accuracy"] = round(float(accuracy_score(truth, pred)), 4)
    offsets, f1o = ts.best_offsets(truth, dec[own])
    res["cv_macro_f1_with_offsets"] = round(f1o, 4)
    res["offsets"] = list(offsets)
    res["cv_accuracy_with_offsets"] = round(
        float(accuracy_score(truth, np.asarray(CLASSES)[(dec[own] + np.asarray(offsets)).argmax(axis=1)])), 4
    )
    p = None
    if cfg is not None:
        fit_batch = take(data, "train", np.arange(len(train)), base_logits(model, X, d), d)
        if cfg.get("joint"):
            fit_batch.update(joined(model, X, d))
        p = fit(data["vectors"], fit_batch, cfg)
    for name in ("rw", "mt"):
        Xd = data[f"{name}_dense"]
        base = model.decision(Xd, "general")
        if p is not None:
            nd = len(Xd)
            dev_batch = take(data, name, np.arange(nd), base, np.zeros(nd))
            if cfg.get("joint"):
                dev_batch["design"] = model.design(Xd, np.zeros(nd))
            base = predict_logits(p, data["vectors"], dev_batch)
        truth_d = np.asarray(CLASSES)[data[f"{name}_label"]]
        res[f"{name}_dev_macro_f1"] = round(
            float(f1_score(truth_d, np.asarray(CLASSES)[base.argmax(axis=1)], average="macro")), 4
        )
    return res


def paired_bootstrap(data, saved: Path, a: str, b: str, draws=2000) -> dict:
    """CV macro-F1 of variant ``b`` minus ``a`` on the coded items, with a 95% interval from
    resampling the coded articles (the folds' groups) with replacement (seed 0)."""
    truth_all = data["train_label"]
    groups_all = data["train_group"].astype(str)
    own = np.char.find(groups_all.astype("U"), ":") >= 0
    truth = np.asarray(CLASSES)[truth_all[own]]
    groups = groups_all[own]
    da, db = np.load(saved / f"cv_{a}.npy"), np.load(saved / f"cv_{b}.npy")
    uniq, inv = np.unique(groups, return_inverse=True)
    members = [np.flatnonzero(inv == g) for g in range(len(uniq))]
    rng = np.random.default_rng(0)
    diffs = []
    for _ in range(draws):
        rows = np.concatenate([members[g] for g in rng.integers(0, len(uniq), len(uniq))])
        diffs.append(ts.macro_f1(truth[rows], db[rows]) - ts.macro_f1(truth[rows], da[rows]))
    lo, hi = np.percentile(diffs, [2.5, 97.5])
    return {
        "a": a,
        "b": b,
        "diff": round(ts.macro_f1(truth, db) - ts.macro_f1(truth, da), 4),
        "ci95": [round(float(lo), 4), round(float(hi), 4)],
        "changed_predictions": int((da.argmax(axis=1) != db.argmax(axis=1)).sum()),
    }


BASE_CFG = {"seed": 0, "hidden": 32, "epochs": 8, "batch": 128, "lr": 2e-3, "l2": 1e-4, "in_domain_weight": 1.0}
VARIANTS = {
    "h32": {},
    "h32_l2_1e-3": {"l2": 1e-3},
    "h32_l2_1e-2": {"l2": 1e-2},
    "h16_l2_1e-3_ep4": {"hidden": 16, "l2": 1e-3, "epochs": 4},
    "h32_l2_1e-3_dom3": {"l2": 1e-3, "in_domain_weight": 3.0},
    "joint_h32_l2_1e-3": {"joint": True, "l2": 1e-3, "lin_lr": 0.25},
    "raw_h32_l2_1e-3": {"raw": True, "l2": 1e-3},
    "raw_h32_l2_3e-4": {"raw": True, "l2": 3e-4},
    "h32_l2_3e-3_dom3": {"l2": 3e-3, "in_domain_weight": 3.0},
    "raw_h32_l2_1e-3_dom3": {"raw": True, "l2": 1e-3, "in_domain_weight": 3.0},
    "raw_h32_l2_1e-3_ep16": {"raw": True, "l2": 1e-3, "epochs": 16},
    "raw_h32_l2_1e-3_seed1": {"raw": True, "l2": 1e-3, "seed": 1},
    "raw_h32_l2_1e-3_seed2": {"raw": True, "l2": 1e-3, "seed": 2},
    "joint_h16_l2_1e-3_ep4": {"joint": True, "hidden": 16, "l2": 1e-3, "epochs": 4, "lin_lr": 0.25},
}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--variants", nargs="*", default=list(VARIANTS))
    ap.add_argument("--save", default=None, help="a folder for each variant's CV scores")
    ap.add_argument("--cache", default=None, help="a .npz file for the derived features (delete it when data change)")
    args = ap.parse_args(argv)
    global SAVE_DIR, CACHE
    SAVE_DIR = Path(args.save) if args.save else None
    CACHE = Path(args.cache) if args.cache else None
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):
        t0 = time.time()
        data = load(Path(args.shared))
        print(f"data in {time.time() - t0:.0f} s", file=sys.stderr, flush=True)
        lr_cache = {}
        t0 = time.time()
        print(json.dumps({"variant": "shipped_lr", **evaluate(data, None, lr_cache)}), flush=True)
        print(f"lr in {time.time() - t0:.0f} s", file=sys.stderr, flush=True)
        for name in args.variants:
            cfg = {**BASE_CFG, **VARIANTS[name], "name": name}
            t0 = time.time()
            res = evaluate(data, cfg, lr_cache)
            print(json.dumps({"variant": name, **cfg, **res, "seconds": round(time.time() - t0)}), flush=True)
            if SAVE_DIR is not None:
                print(json.dumps(paired_bootstrap(data, SAVE_DIR, "shipped_lr", name)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
