"""Agreement of dyads and stance with hand-coded gold labels (``seeds/gold``).

Gold files (see ``seeds/gold/README.md``): ``relations.csv`` (doc_id, sent_id,
source, target, directed yes/no, relation, quad, reason) and ``stance.csv`` (doc_id,
sent_id, actor, issue, stance, reason). A gold row the tool has no row for counts as
predicted ``neutral`` (the tool said nothing); rows the gold does not code are not
scored.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.errors import InputError
from analysis.measures.actor_sentiment import LABELS
from analysis.report.paths import resolve_input
from analysis.stats.agreement import agreement, agreement_interval, cohen_kappa, confusion, majority_label

RELATIONS = ["cooperation", "conflict", "neutral"]
STANCES = ["support", "oppose", "neutral"]
DIRECTIONS = ["a→b", "b→a", "undirected"]


def find_gold_dir(gold_dir: str, corpus_path: str = "") -> str:
    """The gold folder to use: ``gold_dir`` if it exists, else a ``gold/`` folder inside
    the corpus folder (the seeds keep theirs there); "" when ``gold_dir`` is empty or
    neither exists."""
    if not gold_dir:
        return ""
    # the corpus as open_study finds it (from the current folder, else notebooks/); the
    # gold path as given, so another corpus never picks up the seeds' labels
    corpus_path = resolve_input(corpus_path)
    if Path(gold_dir).is_dir():
        return str(gold_dir)
    beside = Path(corpus_path) / "gold" if corpus_path else None
    return str(beside) if beside is not None and beside.is_dir() else ""


def load_gold(gold_dir, name: str) -> pd.DataFrame | None:
    """``gold_dir/name.csv`` as a DataFrame, or None when the folder or file is absent."""
    if not gold_dir:
        return None
    path = Path(gold_dir) / f"{name}.csv"
    if not path.is_file():
        return None
    return pd.read_csv(path, dtype={"sent_id": "int64"}, keep_default_na=False)


def _direction(source, target, directed) -> str:
    a, b = sorted((source, target))
    if not directed:
        return "undirected"
    return "a→b" if source == a else "b→a"


def align_relations(dyads: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Gold relation rows side by side with the tool's row for the same pair.

    Returns
    -------
    DataFrame
        doc_id, sent_id, actor_a, actor_b (a < b), gold_relation, relation,
        gold_direction, direction (a→b / b→a / undirected), gold_quad, quad, cues, reason.
    """

    def keyed(frame, directed_col, yes):
        out = frame.copy()
        pair = [sorted(p) for p in zip(out["source"], out["target"])]
        out["actor_a"] = [p[0] for p in pair]
        out["actor_b"] = [p[1] for p in pair]
        flag = out[directed_col].astype(str).str.lower().isin(yes)
        out["direction"] = [_direction(s, t, d) for s, t, d in zip(out["source"], out["target"], flag)]
        return out

    g = keyed(gold, "directed", {"yes", "true", "1"})
    p = keyed(dyads, "directed", {"true", "1", "yes"})
    keys = ["doc_id", "sent_id", "actor_a", "actor_b"]
    merged = g[keys + ["relation", "direction", "quad", "reason"]].merge(
        p[keys + ["relation", "direction", "quad", "cues"]],
        on=keys,
        how="left",
        suffixes=("_gold", ""),
        validate="one_to_one",
    )
    merged["relation"] = merged["relation"].fillna("neutral")
    merged["direction"] = merged["direction"].fillna("undirected")
    merged["quad"] = merged["quad"].fillna("")
    merged["cues"] = merged["cues"].fillna("")
    merged = merged.rename(
        columns={"relation_gold": "gold_relation", "direction_gold": "gold_direction", "quad_gold": "gold_quad"}
    )
    cols = [
        "doc_id",
        "sent_id",
        "actor_a",
        "actor_b",
        "gold_relation",
        "relation",
        "gold_direction",
        "direction",
        "gold_quad",
        "quad",
        "cues",
        "reason",
    ]
    return merged[cols].sort_values(keys, kind="stable").reset_index(drop=True)


def evaluate_relations(dyads: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Accuracy and macro-F1 of relation, direction and quad against the gold.

    Direction is scored on every gold pair (neutral pairs are undirected) and again on
    the pairs both the gold and the tool call directed relations.

    Returns
    -------
    DataFrame
        One row per measure: measure, n, accuracy, macro_f1, and the majority baseline of
        the same items (majority_label, majority_accuracy, majority_macro_f1).
    """
    aligned = align_relations(dyads, gold)
    both = aligned[(aligned["gold_direction"] != "undirected") & (aligned["direction"] != "undirected")]
    related = aligned[aligned["gold_relation"] != "neutral"]
    return pd.DataFrame(
        [
            _measure_row("relation", aligned["gold_relation"], aligned["relation"], RELATIONS),
            _measure_row("direction (all gold pairs)", aligned["gold_direction"], aligned["direction"], DIRECTIONS),
            _measure_row("direction (both directed)", both["gold_direction"], both["direction"], DIRECTIONS[:2]),
            _measure_row("quad (gold non-neutral)", related["gold_quad"], related["quad"], None),
        ]
    )


def _measure_row(measure: str, gold, predicted, labels) -> dict:
    """Accuracy and macro-F1 of one measure beside the majority baseline of the same items."""
    res = agreement(gold, predicted, labels)
    gold = [str(g) for g in gold]
    if not gold:
        return {
            "measure": measure,
            "n": 0,
            "accuracy": res["accuracy"],
            "macro_f1": res["macro_f1"],
            "majority_label": "",
            "majority_accuracy": float("nan"),
            "majority_macro_f1": float("nan"),
        }
    majority = majority_label(gold, labels)
    base = agreement(gold, [majority] * len(gold), labels)
    return {
        "measure": measure,
        "n": res["n"],
        "accuracy": res["accuracy"],
        "macro_f1": res["macro_f1"],
        "majority_label": majority,
        "majority_accuracy": base["accuracy"],
        "majority_macro_f1": base["macro_f1"],
    }


def align_stance(stance: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Gold stance rows with the tool's stance (``neutral`` where it has no row).

    Returns
    -------
    DataFrame
        doc_id, sent_id, actor, issue, gold_stance, stance, score, cues, reason.
    """
    keys = ["doc_id", "sent_id", "actor", "issue"]
    merged = gold[keys + ["stance", "reason"]].merge(
        stance[keys + ["stance", "score", "cues"]], on=keys, how="left", suffixes=("_gold", ""), validate="one_to_one"
    )
    merged["stance"] = merged["stance"].fillna("neutral")
    merged["score"] = merged["score"].fillna(0.0)
    merged["cues"] = merged["cues"].fillna("")
    merged = merged.rename(columns={"stance_gold": "gold_stance"})
    cols = keys + ["gold_stance", "stance", "score", "cues", "reason"]
    return merged[cols].sort_values(keys, kind="stable").reset_index(drop=True)


def evaluate_stance(stance: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Accuracy and macro-F1 of stance against the gold.

    Returns
    -------
    DataFrame
        One row: measure, n, accuracy, macro_f1, majority_label, majority_accuracy,
        majority_macro_f1.
    """
    aligned = align_stance(stance, gold)
    return pd.DataFrame([_measure_row("stance", aligned["gold_stance"], aligned["stance"], STANCES)])


def read_gold(path) -> pd.DataFrame:
    """Hand-coded labels (doc_id, sent_id, actor, label[, reason]) from a CSV file."""
    gold = pd.read_csv(path, dtype={"doc_id": str})
    missing = {"doc_id", "sent_id", "actor", "label"} - set(gold.columns)
    if missing:
        raise InputError(path, f"missing column {sorted(missing)[0]!r} (need doc_id, sent_id, actor, label)")
    bad = sorted(set(gold["label"]) - set(LABELS))
    if bad:
        raise InputError(path, f"label: unknown value {bad[0]!r} (allowed: {', '.join(LABELS)})")
    return gold


def compare_with_gold(table: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Gold and predicted label side by side for every gold row that a method scored.

    Returns
    -------
    DataFrame
        doc_id, sent_id, actor, method, gold, predicted, score, cues (sorted).
    """
    keys = ["doc_id", "sent_id", "actor"]
    g = gold[keys + ["label"]].rename(columns={"label": "gold"})
    merged = g.merge(table.rename(columns={"label": "predicted"}), on=keys, how="inner", validate="one_to_many")
    cols = [*keys, "method", "gold", "predicted", "score", "cues"]
    return merged[cols].sort_values(["method", *keys], kind="stable").reset_index(drop=True)


def evaluate_actor_sentiment(
    table: pd.DataFrame, gold: pd.DataFrame, pairs: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Accuracy and macro-F1 of each method against hand-coded labels (``pairs``: the
    :func:`compare_with_gold` rows, when the caller has them already).

    Returns
    -------
    DataFrame
        One row per method: method, n (gold rows scored), n_gold (gold rows),
        accuracy, macro_f1 (over negative, neutral, positive).
    """
    pairs = compare_with_gold(table, gold) if pairs is None else pairs
    rows = []
    for method in sorted(table["method"].unique()):
        part = pairs[pairs["method"] == method]
        rows.append(_agreement_row(method, part["gold"], part["predicted"], len(gold)))
    if len(pairs):  # the baseline every accuracy is read against: always the most common gold label
        rows.append(_agreement_row(*_majority_baseline(pairs, table), len(gold)))
    return pd.DataFrame(rows, columns=AGREEMENT_COLUMNS)


def _majority_baseline(pairs: pd.DataFrame, table: pd.DataFrame) -> tuple[str, pd.Series, list]:
    """(name, gold, predicted) of the majority baseline: the gold rows the first method
    scored, each answered with their most common gold label."""
    first = pairs[pairs["method"] == sorted(table["method"].unique())[0]]
    majority = majority_label(first["gold"], LABELS)
    return f"majority baseline ({majority})", first["gold"], [majority] * len(first)


AGREEMENT_COLUMNS = ["method", "n", "n_gold", "accuracy", "accuracy_low", "accuracy_high", "macro_f1", "kappa"]


def _agreement_row(method, gold, predicted, n_gold: int) -> dict:
    """One row of an agreement table: accuracy with its 95% bootstrap interval, macro-F1, κ."""
    res = agreement(gold, predicted, labels=LABELS)
    ci = agreement_interval(gold, predicted, LABELS, draws=1000, seed=0)
    return {
        "method": method,
        "n": res["n"],
        "n_gold": n_gold,
        "accuracy": res["accuracy"],
        "accuracy_low": ci["accuracy_ci"][0],
        "accuracy_high": ci["accuracy_ci"][1],
        "macro_f1": res["macro_f1"],
        "kappa": cohen_kappa(gold, predicted),
    }


def gold_confusion(table: pd.DataFrame, gold: pd.DataFrame, method: str) -> pd.DataFrame:
    """Confusion matrix of one method against gold (rows gold, columns predicted)."""
    pairs = compare_with_gold(table, gold)
    part = pairs[pairs["method"] == method]
    return confusion(part["gold"], part["predicted"], labels=LABELS)


def find_actor_gold(gold_path: str, corpus_path: str = "") -> Path | None:
    """The actor-sentiment gold file: ``gold_path`` if it is a file, else
    ``gold/actor_sentiment.csv`` inside a corpus folder; None when empty or absent."""
    if not gold_path:
        return None
    # the corpus as open_study finds it (from the current folder, else notebooks/); the
    # gold path as given, so another corpus never picks up the seeds' labels
    corpus_path = resolve_input(corpus_path)
    path = Path(gold_path)
    if not path.is_file() and corpus_path and Path(corpus_path).is_dir():
        path = Path(corpus_path) / "gold" / "actor_sentiment.csv"  # labels shipped with the corpus
    return path if path.is_file() else None


def actor_sentiment_vs_gold(table: pd.DataFrame, gold_file) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """Accuracy per method (:func:`evaluate_actor_sentiment`) and each method's confusion
    matrix (rows gold, columns predicted), for the gold labels in ``gold_file``."""
    gold = read_gold(gold_file)
    pairs = compare_with_gold(table, gold)  # once, for the scores and every method's matrix
    scores = evaluate_actor_sentiment(table, gold, pairs)
    confusions = {}
    for method in sorted(table["method"].unique()):
        part = pairs[pairs["method"] == method]
        confusions[method] = confusion(part["gold"], part["predicted"], labels=LABELS)
    if len(pairs):  # the baseline's own matrix: every row in the majority label's column
        name, truth, predicted = _majority_baseline(pairs, table)
        confusions[name] = confusion(truth, predicted, labels=LABELS)
    return scores, confusions


def relations_vs_gold(
    dyads: pd.DataFrame, stance: pd.DataFrame, gold_dir: str, doc_ids
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Agreement of dyads and stance with the gold files in ``gold_dir`` (only the gold
    rows of ``doc_ids``), and the aligned relations where tool and gold disagree.

    Returns
    -------
    (DataFrame, DataFrame)
        measure, n, accuracy, macro_f1 (empty without gold); the rows of
        :func:`align_relations` whose relation differs from the gold one.
    """
    docs = set(doc_ids)
    gold = {name: load_gold(gold_dir, name) for name in ("relations", "stance")}
    gold = {name: g[g["doc_id"].isin(docs)] for name, g in gold.items() if g is not None}
    scores = []
    if len(gold.get("relations", ())):
        scores.append(evaluate_relations(dyads, gold["relations"]))
    if len(gold.get("stance", ())):
        scores.append(evaluate_stance(stance, gold["stance"]))
    table = (
        pd.concat(scores, ignore_index=True)
        if scores
        else pd.DataFrame(columns=["measure", "n", "accuracy", "macro_f1"])
    )
    if len(gold.get("relations", ())):
        aligned = align_relations(dyads, gold["relations"])
        disagree = aligned[aligned["gold_relation"] != aligned["relation"]]
    else:
        disagree = pd.DataFrame()
    return table, disagree


def frame_agreement(method: str | None = None) -> pd.DataFrame:
    """How the frame measures of the packaged frames agree with hand-coded sentences
    (``coding/frames``, the 395 sentences of the articles held out from all fitting and
    tuning): per method (``model``, ``dictionary``) and frame, n, the coders' positives,
    precision, recall, F1 and accuracy, beside the majority baseline (always "absent"), and
    the macro average. ``method`` keeps one method's rows. Measured by
    ``train/evaluate_frames.py``; it describes the packaged frames only, not a study's own
    dictionary."""
    from importlib.resources import files

    table = pd.read_csv(files("analysis.data").joinpath("frame_agreement.csv"))
    if method is not None:
        if method not in set(table["method"]):
            raise ValueError(f"method must be one of {sorted(set(table['method']))}, got {method!r}")
        table = table[table["method"] == method]
    return table.drop(columns="part").reset_index(drop=True)


def frame_dictionary_agreement(part: str = "heldout") -> pd.DataFrame:
    """:func:`frame_agreement` of the dictionary alone (``part``: only "heldout" is measured)."""
    if part != "heldout":
        raise ValueError(f"part must be one of ['heldout'], got {part!r}")
    return frame_agreement("dictionary").drop(columns="method")
