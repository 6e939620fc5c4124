"""Train the relation classifier shipped in ``analysis/models/data/relation_pairs.*``.

    python train/train_relations.py [--shared ../shared] [--search] [--out analysis/models/data]

Data: the ``train`` part of the coded actor pairs (``coding/relations/coded.csv``); pairs
coded ``not_actor`` are taught as neutral (the system should give them no relation). The
``heldout`` part is never read here (``train/evaluate_relations.py`` scores it, to report).

Features: :mod:`analysis.models.relation_features`, computed exactly as the pipeline does
(mentions from the packaged actor dictionary, the packaged cue file, the pair cap).
Model selection (``--search``): regularisation ``C`` of each of the two logistic
regressions by 5-fold cross-validation on ``train``, folds by article (the relation
scored as the pipeline decides it: the rule's relation where a cue has both actors as its
arguments, the model's elsewhere; the direction on the pairs the coders gave one); the chosen values
are below, so ``make train`` rebuilds the shipped files bit for bit (one BLAS thread,
files written deterministically).
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
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "train"))

from relation_data import load_items, pair_features  # noqa: E402

from analysis.models.relation_model import DIRECTIONS, NAME, RELATIONS  # noqa: E402

CHOSEN = {"C_relation": 0.02, "C_direction": 0.003}  # by --search (5-fold CV on train)
GRID_RELATION = (0.005, 0.01, 0.02, 0.05)
GRID_DIRECTION = (0.003, 0.01, 0.03, 0.1)
FOLDS = 5


class Fitted:
    """A multinomial logistic regression on standardised features."""

    def __init__(self, X: np.ndarray, y, C: float, mean=None, scale=None):
        from sklearn.linear_model import LogisticRegression

        self.mean = X.mean(axis=0) if mean is None else mean
        s = X.std(axis=0) if scale is None else scale
        self.scale = np.where(s > 1e-8, s, 1.0)
        self.clf = LogisticRegression(C=C, max_iter=5000, tol=1e-6)
        self.clf.fit((X - self.mean) / self.scale, np.asarray(y))

    def predict(self, X):
        return self.clf.predict((X - self.mean) / self.scale)


def folds_of(items: pd.DataFrame) -> np.ndarray:
    """Fold number of each item, by article (seeded)."""
    groups = (items["corpus"] + ":" + items["doc_id"]).to_numpy()
    names = sorted(set(groups))
    rng = np.random.default_rng(7)
    fold = dict(zip(names, rng.permutation(len(names)) % FOLDS))
    return np.array([fold[g] for g in groups])


def cross_validated(X, y, fold, C) -> np.ndarray:
    pred = np.empty(len(y), dtype=object)
    for k in range(FOLDS):
        fit = fold != k
        pred[~fit] = Fitted(X[fit], y[fit], C).predict(X[~fit])
    return pred


def relation_labels(items) -> np.ndarray:
    return items["relation"].replace({"not_actor": "neutral"}).to_numpy()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--out", default=str(ROOT / "analysis" / "models" / "data"))
    ap.add_argument("--search", action="store_true", help="rerun the model selection by cross-validation")
    args = ap.parse_args(argv)
    from sklearn.metrics import accuracy_score, f1_score
    from threadpoolctl import threadpool_limits

    t0 = time.time()
    if not (Path(args.shared) / "corpora").is_dir():
        print(f"train_relations: {Path(args.shared) / 'corpora'}: not found (pass --shared)", file=sys.stderr)
        return 2
    with threadpool_limits(1):
        items = load_items(shared=args.shared)
        items = items[items["split"] == "train"].reset_index(drop=True)
        feats = pair_features(items)
        found = feats["found"].to_numpy()
        items, X = items[found].reset_index(drop=True), np.vstack(feats.loc[found, "vector"].tolist())
        direction = np.array([d if isinstance(d, str) else "" for d in feats.loc[found, "direction"]], dtype=object)
        y = relation_labels(items)
        # as the pipeline decides: a pair whose cue has both actors as its arguments keeps
        # the rule's relation (analysis.measures.dyads), so cross-validation scores that
        ruled = np.array([r["relation"] if r["rule"] == "arguments" else "" for r in feats.loc[found, "rule"]])

        def as_pipeline(pred):
            return np.where(ruled != "", ruled, pred)

        has_dir = direction != ""
        fold = folds_of(items)
        params = dict(CHOSEN)
        search = {"relation": [], "direction": []}
        if args.search:
            for C in GRID_RELATION:
                pred = as_pipeline(cross_validated(X, y, fold, C))
                search["relation"].append(
                    {
                        "C": C,
                        "accuracy": round(float(accuracy_score(y, pred)), 4),
                        "macro_f1": round(float(f1_score(y, pred, average="macro")), 4),
                    }
                )
            for C in GRID_DIRECTION:
                pred = cross_validated(X[has_dir], direction[has_dir], fold[has_dir], C)
                search["direction"].append(
                    {"C": C, "accuracy": round(float(accuracy_score(direction[has_dir], pred)), 4)}
                )
            params["C_relation"] = max(search["relation"], key=lambda s: s["macro_f1"])["C"]
            params["C_direction"] = max(search["direction"], key=lambda s: s["accuracy"])["C"]
            print(json.dumps(search, indent=1), file=sys.stderr)
            print(f"chosen: {params} (copy them into CHOSEN, then run without --search)", file=sys.stderr)
        cv_rel = as_pipeline(cross_validated(X, y, fold, params["C_relation"]))
        cv_dir = cross_validated(X[has_dir], direction[has_dir], fold[has_dir], params["C_direction"])
        relation = Fitted(X, y, params["C_relation"])
        # one standardisation for both models: the direction model is fitted on the
        # directed pairs with the means and scales of all training pairs
        direction_model = Fitted(X[has_dir], direction[has_dir], params["C_direction"], relation.mean, relation.scale)
        assert tuple(relation.clf.classes_) == RELATIONS and tuple(direction_model.clf.classes_) == DIRECTIONS
    report = {
        "params": params,
        "trained_on": {"coded_train_pairs": int(len(y)), "with_direction": int(has_dir.sum())},
        "cross_validated_train": {
            "folds": FOLDS,
            "relation_accuracy": round(float(accuracy_score(y, cv_rel)), 4),
            "relation_macro_f1": round(float(f1_score(y, cv_rel, average="macro")), 4),
            "direction_accuracy": round(float(accuracy_score(direction[has_dir], cv_dir)), 4),
        },
    }
    if args.search:
        report["search"] = search
    meta = {
        "name": NAME,
        "relations": list(RELATIONS),
        "directions": list(DIRECTIONS),
        "embeddings": "wordllama 0.4.0.post1 l2_supercat_256",
        "evaluation": report,
        "rebuild": "make train (train/train_relations.py)",
    }
    save(relation, direction_model, Path(args.out), meta)
    print(json.dumps(report, indent=1), file=sys.stderr)
    print(f"train_relations: wrote {args.out} in {time.time() - t0:.0f} s", file=sys.stderr)
    return 0


def save(relation: Fitted, direction: Fitted, out: Path, meta: dict) -> None:
    from analysis.models.weights import write_weights

    arrays = {
        "mean": relation.mean.astype(np.float64),
        "scale": relation.scale.astype(np.float64),
        "coef_relation": np.ascontiguousarray(relation.clf.coef_),
        "intercept_relation": relation.clf.intercept_,
        "coef_direction": np.ascontiguousarray(direction.clf.coef_),
        "intercept_direction": direction.clf.intercept_,
    }
    write_weights(out, NAME, arrays, meta)


if __name__ == "__main__":
    raise SystemExit(main())
