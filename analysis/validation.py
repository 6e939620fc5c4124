"""A validation kit for a study's own corpus: blind coding sheets and their scores.

Every study should check its measures on its own corpus (Grimmer & Stewart 2013,
"validate, validate, validate"). Two steps:

``sample_sheet``
    draws a stratified, seeded sample of the items a measure scores (actor × sentence for
    ``actor_sentiment``, actor pair × sentence for ``dyads``) **without** any method's
    label: a blind coding sheet with the sentence, the marked mention(s) and empty coder
    columns (``coder_1``, ``coder_2``).
``score_sheet``
    compares the coded sheet with the tables of ``python -m analysis score``: per method,
    accuracy, macro-F1 and Cohen's κ against the coders' labels, each beside the
    majority-class baseline, with a bootstrap interval over items, the confusion matrix,
    and Krippendorff's α between coders when the sheet has several coder columns.

The reference label of an item is its ``gold`` column where filled (an adjudicated
label), else the coders' label where they agree or a strict majority agrees; items the
coders leave split, and items coded ``not_actor``, are counted and left out.
"""

from __future__ import annotations

import hashlib
import math
import re

import numpy as np
import pandas as pd

from analysis.errors import InputError
from analysis.io import unneutralise
from analysis.stats.agreement import agreement, agreement_interval, cohen_kappa, confusion, majority_label

MEASURES = {
    "actor_sentiment": {
        "keys": ["doc_id", "sent_id", "actor"],
        "labels": ["negative", "neutral", "positive"],
        "column": "label",
        "table": "actor_sentiment",
    },
    "dyads": {
        "keys": ["doc_id", "sent_id", "actor_a", "actor_b"],
        "labels": ["conflict", "cooperation", "neutral"],
        "column": "relation",
        "table": "dyads",
    },
}
SKIP_LABELS = ("not_actor",)
CODERS = ("coder_1", "coder_2")
_CODER = re.compile(r"^coder_?\d+$")  # coder_1, coder_2, ... (not coder_notes)


def coder_columns(sheet: pd.DataFrame) -> list[str]:
    return [c for c in sheet.columns if _CODER.match(str(c))]


def _measure(measure: str) -> dict:
    if measure not in MEASURES:
        raise InputError(None, f"unknown measure {measure!r} (choose from {', '.join(MEASURES)})")
    return MEASURES[measure]


def mark_spans(text: str, spans) -> str:
    """``text`` with markers around spans: (start, end, opening, closing), offsets into ``text``."""
    out, pos = [], 0
    for start, end, left, right in sorted(spans):
        out += [text[pos:start], left, text[start:end], right]
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _candidates(results, measure: str, labels: dict) -> pd.DataFrame:
    sents = results.sentences
    sents = sents[~sents["boilerplate"].fillna(False).astype(bool)]
    sents = sents[["doc_id", "sent_id", "start", "text"]].rename(columns={"start": "s_start"})
    first = results.mentions.sort_values(["doc_id", "sent_id", "start"], kind="stable")
    first = first.drop_duplicates(["doc_id", "sent_id", "actor"]).merge(sents, on=["doc_id", "sent_id"])
    rows = []
    if measure == "actor_sentiment":
        for r in first.itertuples(index=False):
            a, b = r.start - r.s_start, r.end - r.s_start
            rows.append(
                {
                    "doc_id": r.doc_id,
                    "sent_id": int(r.sent_id),
                    "actor": r.actor,
                    "target": labels.get(r.actor, r.actor),
                    "stratum": r.actor,
                    "sentence": mark_spans(r.text, [(a, b, "[[", "]]")]),
                }
            )
    else:
        for (doc, sid), group in first.groupby(["doc_id", "sent_id"], sort=True):
            ms = sorted(group.itertuples(index=False), key=lambda m: m.actor)
            for i in range(len(ms)):
                for j in range(i + 1, len(ms)):
                    a, b = ms[i], ms[j]
                    spans = [
                        (a.start - a.s_start, a.end - a.s_start, "[A: ", "]"),
                        (b.start - b.s_start, b.end - b.s_start, "[B: ", "]"),
                    ]
                    rows.append(
                        {
                            "doc_id": doc,
                            "sent_id": int(sid),
                            "actor_a": a.actor,
                            "actor_b": b.actor,
                            "label_a": labels.get(a.actor, a.actor),
                            "label_b": labels.get(b.actor, b.actor),
                            "stratum": f"{a.actor}-{b.actor}",
                            "sentence": mark_spans(a.text, spans),
                        }
                    )
    return pd.DataFrame(rows)


def sample_sheet(
    results,
    measure: str = "actor_sentiment",
    n: int = 200,
    seed: int = 0,
    per_article: int = 3,
    labels: dict | None = None,
) -> pd.DataFrame:
    """A blind coding sheet of ``n`` items (see the module docstring).

    Strata are actors (pairs for ``dyads``), each drawn with weight 1/size so that rare
    actors are not swamped; at most ``per_article`` items per article, distinct sentences.
    The draw depends only on the tables and ``seed``.
    """
    spec = _measure(measure)
    if n < 1:
        raise InputError(None, f"--n must be at least 1, got {n}")
    cands = _candidates(results, measure, labels or {})
    if cands.empty:
        raise InputError(
            None,
            f"no {measure} items to sample: the corpus has no actor mentions"
            + (" in pairs" if measure == "dyads" else ""),
        )
    rng = np.random.default_rng(seed)
    size = cands["stratum"].map(cands["stratum"].value_counts())
    key = rng.random(len(cands)) ** (size.to_numpy())  # Efraimidis–Spirakis with weight 1/size
    cands = cands.assign(_key=key).sort_values("_key", ascending=False, kind="stable")
    cands = cands.drop_duplicates(["doc_id", "sent_id"]).groupby("doc_id", sort=False).head(per_article)
    if len(cands) < n:
        import warnings

        from analysis.errors import InputWarning

        warnings.warn(
            InputWarning(
                f"only {len(cands)} {measure} items can be drawn with at most {per_article} "
                f"per article and one per sentence (asked for {n})"
            ),
            stacklevel=2,
        )
    sheet = cands.head(n).drop(columns=["_key", "stratum"])
    sheet = sheet.sort_values(spec["keys"], kind="stable").reset_index(drop=True)
    digest = [
        hashlib.sha256("|".join(map(str, row)).encode()).hexdigest()[:10]
        for row in sheet[spec["keys"]].itertuples(index=False)
    ]
    sheet.insert(0, "item_id", digest)
    for coder in CODERS:
        sheet[coder] = ""
    sheet["gold"] = ""
    return sheet


def read_sheet(path, measure: str = "actor_sentiment") -> pd.DataFrame:
    """A coded sheet, checked: the key columns, at least one coder (or ``gold``) column,
    and only known labels (``not_actor`` allowed; blank = not coded)."""
    spec = _measure(measure)
    try:
        sheet = pd.read_csv(path, dtype=str, keep_default_na=False)
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise InputError(path, f"not a readable CSV coding sheet ({str(exc).splitlines()[0]})") from None
    sheet = unneutralise(sheet)  # the apostrophe before a formula-like cell (analysis.io.to_csv)
    for col in spec["keys"]:
        if col not in sheet.columns:
            raise InputError(path, f"missing column {col!r} (a {measure} sheet needs {', '.join(spec['keys'])})")
    coders = coder_columns(sheet)
    if not coders and "gold" not in sheet.columns:
        raise InputError(path, "no coder columns (coder_1, coder_2, ...) and no gold column")
    allowed = set(spec["labels"]) | set(SKIP_LABELS) | {""}
    for col in [*coders, *(["gold"] if "gold" in sheet.columns else [])]:
        values = sheet[col].str.strip().str.lower()
        bad = sorted(set(values) - allowed)
        if bad:
            line = int(values[values == bad[0]].index[0]) + 2
            raise InputError(
                path,
                f"line {line}: unknown label {bad[0]!r} in column {col!r} "
                f"(use {', '.join(spec['labels'] + list(SKIP_LABELS))})",
            )
        sheet[col] = values
    try:
        sheet["sent_id"] = sheet["sent_id"].astype(int)
    except ValueError:
        raise InputError(path, "column 'sent_id' must hold whole numbers") from None
    return sheet


def reference_labels(sheet: pd.DataFrame) -> pd.Series:
    """The label each item is scored against (see the module docstring); "" = none."""
    coders = coder_columns(sheet)
    out = []
    for _, row in sheet.iterrows():
        gold = row.get("gold", "") or ""
        if gold:
            out.append(gold)
            continue
        votes = [row[c] for c in coders if row[c]]
        if not votes:
            out.append("")
            continue
        top = pd.Series(votes).value_counts()
        out.append(top.index[0] if top.iloc[0] * 2 > len(votes) else "")
    return pd.Series(out, index=sheet.index)


def krippendorff_alpha(sheet: pd.DataFrame) -> float | None:
    """Nominal α between the coder columns (None with fewer than two coders)."""
    coders = [c for c in coder_columns(sheet) if (sheet[c] != "").any()]
    if len(coders) < 2:
        return None
    import krippendorff

    values = sorted({v for c in coders for v in sheet[c] if v})
    if len(values) < 2:
        return None
    code = {v: float(i) for i, v in enumerate(values)}
    data = np.array([[code.get(v, np.nan) for v in sheet[c]] for c in coders])
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def _method_labels(tables, measure: str, sheet: pd.DataFrame, path) -> dict[str, pd.Series]:
    spec = MEASURES[measure]
    table = tables.get(spec["table"]) if isinstance(tables, dict) else getattr(tables, spec["table"], None)
    if table is None:
        raise InputError(path, f"the tables have no {spec['table']} table")
    table = table.copy()
    table["sent_id"] = table["sent_id"].astype(int)
    if measure == "dyads":
        pair = [sorted(p) for p in zip(table["source"], table["target"])]
        table["actor_a"] = [p[0] for p in pair]
        table["actor_b"] = [p[1] for p in pair]
        sheet = sheet.copy()
        pair = [sorted(p) for p in zip(sheet["actor_a"], sheet["actor_b"])]
        sheet["actor_a"] = [p[0] for p in pair]
        sheet["actor_b"] = [p[1] for p in pair]
    methods = sorted(table["method"].unique()) if "method" in table.columns else ["rules"]
    out = {}
    keys = spec["keys"]
    for method in methods:
        part = table[table["method"] == method] if "method" in table.columns else table
        part = part.drop_duplicates(keys)
        merged = sheet[keys].merge(part[[*keys, spec["column"]]], on=keys, how="left", indicator=True)
        missing = merged[merged["_merge"] != "both"]
        if len(missing):
            first = missing.iloc[0]
            raise InputError(
                path,
                "item "
                + ", ".join(f"{k}={first[k]}" for k in keys)
                + f" is not in the {spec['table']} table (method {method}): "
                "were the tables scored from the same corpus and configuration?",
            )
        out[method] = merged[spec["column"]].astype(str).reset_index(drop=True)
    return out


def score_sheet(
    sheet: pd.DataFrame, tables, measure: str = "actor_sentiment", draws: int = 1000, seed: int = 0, path=None
) -> dict:
    """Agreement of every method in ``tables`` with the coded ``sheet`` (see the module docstring).

    Returns a dict: n coded, n scored, skipped counts, label counts, α between coders,
    the majority baseline, and per method: accuracy, macro-F1, κ with intervals and the
    confusion matrix (rows: coders, columns: method).
    """
    spec = _measure(measure)
    sheet = sheet.copy()
    for col in [*coder_columns(sheet), *(["gold"] if "gold" in sheet.columns else [])]:
        sheet[col] = sheet[col].astype(object).where(sheet[col].notna(), "").astype(str).str.strip().str.lower()
    reference = reference_labels(sheet)
    skipped = {"not_coded_or_split": int((reference == "").sum()), "not_actor": int(reference.isin(SKIP_LABELS).sum())}
    keep = (reference != "") & ~reference.isin(SKIP_LABELS)
    if not keep.any():
        raise InputError(
            path,
            f"no item has a usable label ({skipped['not_coded_or_split']} uncoded or split, "
            f"{skipped['not_actor']} not_actor): fill the coder columns or gold",
        )
    alpha = krippendorff_alpha(sheet)  # over every coded item, before split ones are left out
    sheet = sheet[keep].reset_index(drop=True)
    gold = reference[keep].reset_index(drop=True)
    methods = _method_labels(tables, measure, sheet, path)
    labels = spec["labels"]
    majority = majority_label(gold, labels)
    base_pred = [majority] * len(gold)
    base = agreement(gold, base_pred, labels)
    result = {
        "measure": measure,
        "n_items": int(len(reference)),
        "n_scored": int(len(gold)),
        "skipped": skipped,
        "label_counts": {lab: int((gold == lab).sum()) for lab in labels},
        "alpha_between_coders": alpha,
        "majority_baseline": {
            "label": majority,
            "accuracy": base["accuracy"],
            "macro_f1": base["macro_f1"],
            "kappa": cohen_kappa(gold, base_pred),
            **agreement_interval(gold, base_pred, labels, draws, seed),
        },
        "methods": {},
    }
    for method, pred in methods.items():
        res = agreement(gold, pred, labels)
        result["methods"][method] = {
            "accuracy": res["accuracy"],
            "macro_f1": res["macro_f1"],
            "kappa": cohen_kappa(gold, pred),
            "accuracy_minus_baseline": res["accuracy"] - base["accuracy"],
            **agreement_interval(gold, pred, labels, draws, seed),
            "per_label": res["per_label"],
            "confusion": confusion(gold, pred, labels).to_dict(orient="index"),
        }
    return result


def format_report(result: dict) -> str:
    """The score as plain text: one line per method beside the majority baseline."""
    b = result["majority_baseline"]
    lines = [
        f"{result['measure']}: {result['n_scored']} items scored of {result['n_items']} "
        f"(left out: {result['skipped']['not_coded_or_split']} uncoded or split, {result['skipped']['not_actor']} not_actor)",
        "labels: " + ", ".join(f"{k} {v}" for k, v in result["label_counts"].items()),
    ]
    alpha = result["alpha_between_coders"]
    lines.append("Krippendorff's alpha between coders: " + ("n/a (one coder)" if alpha is None else f"{alpha:.3f}"))

    def ci(pair):
        return "[" + ", ".join("nan" if math.isnan(x) else f"{x:.2f}" for x in pair) + "]"

    lines.append(f"{'method':<16}{'accuracy':>10} {'95% CI':<14}{'macro-F1':>9} {'95% CI':<14}{'kappa':>7}")
    lines.append(
        f"{'majority (' + b['label'] + ')':<16}{b['accuracy']:>10.3f} {ci(b['accuracy_ci']):<14}"
        f"{b['macro_f1']:>9.3f} {ci(b['macro_f1_ci']):<14}{b['kappa']:>7.3f}"
    )
    for method, m in result["methods"].items():
        lines.append(
            f"{method:<16}{m['accuracy']:>10.3f} {ci(m['accuracy_ci']):<14}{m['macro_f1']:>9.3f} "
            f"{ci(m['macro_f1_ci']):<14}{m['kappa']:>7.3f}"
        )
    for method, m in result["methods"].items():
        lines.append(f"confusion, {method} (rows: coders, columns: method):")
        conf = pd.DataFrame(m["confusion"]).T
        lines += ["  " + line for line in conf.to_string().splitlines()]
    return "\n".join(lines)
