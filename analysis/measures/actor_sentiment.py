"""Actor-level sentiment: the table, agreement with gold, aggregates and evidence.

:func:`actor_sentiment` scores each actor in each sentence that mentions it, with every
method of :func:`analysis.measures.target.target_sentiment`; :func:`actor_scores` averages
them per group × actor with a bootstrap interval; :func:`evidence` finds the sentences
behind a mean, with the mention and the deciding words marked.
"""

from __future__ import annotations

import html
import math

import numpy as np
import pandas as pd

from analysis.errors import InputError
from analysis.measures.target import METHODS, _check, bare_word, label_of, score_rows
from analysis.plots import style
from analysis.stats.agreement import agreement, confusion
from analysis.stats.bootstrap import grouped_bootstrap
from analysis.text.vader import analyzer

TABLE_COLUMNS = ["doc_id", "sent_id", "actor", "score", "label", "method", "cues"]
LABELS = ["negative", "neutral", "positive"]


def _mention_rows(sentences: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """One row per mention in a scored sentence, with its span relative to the sentence."""
    sents = sentences[~sentences["boilerplate"].fillna(False).astype(bool)]
    sents = sents[["doc_id", "sent_id", "start", "text"]].rename(columns={"start": "s_start"})
    rows = mentions[["doc_id", "sent_id", "actor", "start", "end"]].merge(
        sents, on=["doc_id", "sent_id"], how="inner", validate="many_to_one")
    rows["start"] = rows["start"] - rows["s_start"]
    rows["end"] = rows["end"] - rows["s_start"]
    rows = rows.drop(columns="s_start").sort_values(["doc_id", "sent_id", "start", "actor"], kind="stable")
    spans: dict[tuple, list] = {}
    for doc, sent, actor, a, b in zip(rows["doc_id"].tolist(), rows["sent_id"].tolist(), rows["actor"].tolist(),
                                      rows["start"].tolist(), rows["end"].tolist()):
        spans.setdefault((doc, sent), []).append((actor, a, b))
    others = [[(a, b) for who, a, b in spans[(doc, sent)] if who != actor]
              for doc, sent, actor in zip(rows["doc_id"].tolist(), rows["sent_id"].tolist(), rows["actor"].tolist())]
    rows["others"] = others
    return rows.reset_index(drop=True)


def actor_sentiment(sentences: pd.DataFrame, mentions: pd.DataFrame, methods=METHODS, overlay=True) -> pd.DataFrame:
    """Sentiment toward each actor in each (non-boilerplate) sentence that mentions it.

    Each mention is scored with :func:`analysis.measures.target.target_sentiment`; several
    mentions of one actor in a sentence are combined by their mean score, and their cues
    are pooled (strongest first).

    Returns
    -------
    DataFrame
        One row per actor per sentence per method, sorted: doc_id, sent_id, actor,
        score (−1..1), label (negative / neutral / positive), method, cues.
    """
    rows = _mention_rows(sentences, mentions)
    if rows.empty:
        return pd.DataFrame(columns=TABLE_COLUMNS)
    sia = analyzer(overlay)
    keys = list(zip(rows["doc_id"].tolist(), rows["sent_id"].tolist(), rows["actor"].tolist()))
    columns = rows["text"].tolist(), rows["start"].tolist(), rows["end"].tolist(), rows["others"].tolist()
    out = []
    for number, method in enumerate(methods):
        if method not in METHODS:  # as target_sentiment says it, before or after checking the rows
            raise ValueError(f"target_sentiment: unknown method {method!r} (choose from {', '.join(METHODS)})")
        if number == 0:
            _check(rows)
        scores, cues = score_rows(*columns, method, sia)
        cells: dict[tuple, list] = {}
        for key, score, cue in zip(keys, scores, cues):
            cells.setdefault(key, []).append((score, cue))
        for key, v in cells.items():
            score = sum(s for s, _ in v) / len(v)
            cue = v[0][1]
            if len(v) > 1 or "; " in cue:  # pool the words, each once (one word stays as it is)
                cue = "; ".join(dict.fromkeys(w for _, cue in v for w in cue.split("; ") if w))
            out.append((*key, score, label_of(score), method, cue))
    if not methods:
        pd.concat([])  # no method: "No objects to concatenate", as before
    out = pd.DataFrame(out, columns=TABLE_COLUMNS)
    return out.sort_values(["doc_id", "sent_id", "actor", "method"], kind="stable").reset_index(drop=True)


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


def evaluate_actor_sentiment(table: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Accuracy and macro-F1 of each method against hand-coded labels.

    Returns
    -------
    DataFrame
        One row per method: method, n (gold rows scored), n_gold (gold rows),
        accuracy, macro_f1 (over negative, neutral, positive).
    """
    pairs = compare_with_gold(table, gold)
    rows = []
    for method in sorted(table["method"].unique()):
        part = pairs[pairs["method"] == method]
        res = agreement(part["gold"], part["predicted"], labels=LABELS)
        rows.append({"method": method, "n": res["n"], "n_gold": len(gold),
                     "accuracy": res["accuracy"], "macro_f1": res["macro_f1"]})
    return pd.DataFrame(rows, columns=["method", "n", "n_gold", "accuracy", "macro_f1"])


def gold_confusion(table: pd.DataFrame, gold: pd.DataFrame, method: str) -> pd.DataFrame:
    """Confusion matrix of one method against gold (rows gold, columns predicted)."""
    pairs = compare_with_gold(table, gold)
    part = pairs[pairs["method"] == method]
    return confusion(part["gold"], part["predicted"], labels=LABELS)


def _check_method(table: pd.DataFrame, method: str) -> None:
    if len(table) and method not in set(table["method"]):
        raise ValueError(f"no method {method!r} in the table (have: {', '.join(sorted(set(table['method'])))})")


def actor_scores(table: pd.DataFrame, groups: pd.Series, method: str = "target", min_mentions: int = 1,
                 draws: int = 2000, seed: int = 0, actors=None) -> pd.DataFrame:
    """Mean sentiment per group × actor with a bootstrap 95% interval.

    Sentences (one row of ``table`` per actor and sentence) are resampled within each
    group × actor with a fixed seed.

    Parameters
    ----------
    groups : Series
        Group label per doc_id (from :func:`analysis.stats.group_labels`).

    Returns
    -------
    DataFrame
        group, actor, mean, lo, hi, n (sentences), method; only cells with
        ``n >= min_mentions``, sorted by group and actor.
    """
    _check_method(table, method)
    part = table[table["method"] == method].copy()
    if actors:
        part = part[part["actor"].isin(list(actors))]
    part["group"] = part["doc_id"].map(groups)
    if part["group"].isna().any():
        missing = part.loc[part["group"].isna(), "doc_id"].iloc[0]
        raise KeyError(f"no group for doc_id {missing!r}")
    agg = grouped_bootstrap(part, ["group", "actor"], "score", draws=draws, seed=seed)
    agg = agg[agg["n"] >= min_mentions].reset_index(drop=True)
    agg["method"] = method
    return agg


def _marked(text: str, spans, cue_spans) -> tuple[str, str]:
    """Plain text with [mention] and *cue*, and HTML with <mark> (text escaped)."""
    marks = sorted([(a, b, "actor") for a, b in spans] + [(a, b, "cue") for a, b in cue_spans])
    plain, rich, pos = [], [], 0
    for a, b, kind in marks:
        if a < pos:
            continue
        plain.append(text[pos:a])
        rich.append(html.escape(text[pos:a]))
        seg = text[a:b]
        if kind == "actor":
            plain.append(f"[{seg}]")
            rich.append(f'<mark style="background:#cfe2f3"><b>{html.escape(seg)}</b></mark>')
        else:
            plain.append(f"*{seg}*")
            rich.append(f'<mark style="background:#fde2b8">{html.escape(seg)}</mark>')
        pos = b
    plain.append(text[pos:])
    rich.append(html.escape(text[pos:]))
    return "".join(plain), "".join(rich)


def evidence(table: pd.DataFrame, sentences: pd.DataFrame, mentions: pd.DataFrame, groups: pd.Series,
             method: str = "target", k: int = 2, group=None, actor=None, overlay=True) -> pd.DataFrame:
    """The most negative and most positive sentences for each group × actor.

    Returns
    -------
    DataFrame
        group, actor, side (most negative / most positive), doc_id, sent_id, score,
        label, cues, text (plain, the mention in [brackets] and the deciding words in
        *stars*) and html (the same, HTML-escaped, marked with <mark>); sorted.
    """
    _check_method(table, method)
    part = table[table["method"] == method].copy()
    part["group"] = part["doc_id"].map(groups)
    if group is not None:
        part = part[part["group"] == group]
    if actor is not None:
        part = part[part["actor"] == actor]
    rows = _mention_rows(sentences, mentions)
    sia = analyzer(overlay)
    out = []
    for (grp, act), cell in part.groupby(["group", "actor"], sort=True):
        cell = cell.sort_values(["score", "doc_id", "sent_id"], kind="stable")
        picks = [("most negative", cell[cell["score"] < 0].head(k)),
                 ("most positive", cell[cell["score"] > 0].iloc[::-1].head(k))]
        for side, pick in picks:
            for r in pick.itertuples(index=False):
                ms = rows[(rows["doc_id"] == r.doc_id) & (rows["sent_id"] == r.sent_id) & (rows["actor"] == act)]
                text = ms["text"].iloc[0]
                spans = list(zip(ms["start"], ms["end"]))
                cue_words = set(filter(None, str(r.cues).split("; ")))
                cue_spans = [(a, b) for a, b, w, _ in sia.tokens(text) if bare_word(w) in cue_words
                             and not any(a < e and b > s for s, e in spans)]
                plain, rich = _marked(text, spans, cue_spans)
                out.append({"group": grp, "actor": act, "side": side, "doc_id": r.doc_id, "sent_id": r.sent_id,
                            "score": r.score, "label": r.label, "cues": r.cues, "text": plain, "html": rich})
    cols = ["group", "actor", "side", "doc_id", "sent_id", "score", "label", "cues", "text", "html"]
    return pd.DataFrame(out, columns=cols)


def evidence_html(ev: pd.DataFrame) -> str:
    """An HTML table of :func:`evidence` rows (every value escaped; text already marked)."""
    head = "<tr><th>group</th><th>actor</th><th>side</th><th>score</th><th>sentence</th><th>where</th></tr>"
    body = [
        f"<tr><td>{html.escape(str(r.group))}</td><td>{html.escape(str(r.actor))}</td><td>{html.escape(r.side)}</td>"
        f"<td>{r.score:+.2f}</td><td>{r.html}</td><td>{html.escape(str(r.doc_id))} #{int(r.sent_id)}</td></tr>"
        for r in ev.itertuples(index=False)
    ]
    return f'<table style="font-size:0.85em">{head}{"".join(body)}</table>'


def _diverging():
    """``style.DIVERGING`` oriented as documented there: orange negative, purple positive."""
    import matplotlib.pyplot as plt

    cmap = plt.get_cmap(style.DIVERGING)
    red, _, blue, _ = cmap(0.0)
    return cmap if red > blue else cmap.reversed()


def _axis_names(groups) -> list[str]:
    """Short group labels; unknown-outlet groups keep the start of their doc_id to stay distinct."""
    short = [style.short_group(g) for g in groups]
    return [s if short.count(s) == 1 else s + " · " + g.split("(", 1)[-1].rstrip(")")[:8]
            for s, g in zip(short, groups)]


def plot_actor_scores(agg: pd.DataFrame, labels: dict | None = None, title: str = ""):
    """Dot-and-whisker: mean sentiment toward each actor per group, 95% interval and n.

    One panel per actor, groups on the y axis; dots coloured on a diverging scale
    centred on zero (orange negative, purple positive).
    """
    import matplotlib.pyplot as plt
    from matplotlib.colors import TwoSlopeNorm

    style.use()
    labels = labels or {}
    actors = list(dict.fromkeys(agg["actor"]))
    groups = sorted(agg["group"].unique())
    ncols = min(4, max(1, len(actors)))
    nrows = math.ceil(len(actors) / ncols) if actors else 1
    height = 0.42 * len(groups) + 1.3
    fig, axes = plt.subplots(nrows, ncols, figsize=(2.6 * ncols + 1.6, height * nrows + 0.6), squeeze=False,
                             sharex=True, sharey=True, layout="constrained")
    cmap, norm = _diverging(), TwoSlopeNorm(0, -1, 1)
    y_of = {g: i for i, g in enumerate(groups)}
    for ax, actor in zip(axes.flat, actors):
        part = agg[agg["actor"] == actor]
        y = part["group"].map(y_of).to_numpy(float)
        ax.axvline(0, color="0.5", lw=0.8)
        ax.hlines(y, part["lo"], part["hi"], color="0.35", lw=1.4)
        ax.scatter(part["mean"], y, c=cmap(norm(part["mean"].to_numpy(float))), s=46, edgecolor="0.2", zorder=3)
        for yy, hi, n in zip(y, part["hi"], part["n"]):
            ax.annotate(f"n={int(n)}", (min(hi, 0.75), yy), xytext=(4, 3), textcoords="offset points", fontsize=7.5,
                        color="0.25")
        ax.set_title(labels.get(actor, actor), fontsize=10)
        ax.set_xlim(-1.05, 1.05)
        ax.set_ylim(-0.6, len(groups) - 0.4)
    for k, ax in enumerate(axes.flat):
        if k >= len(actors):
            ax.set_visible(False)
        elif k + ncols >= len(actors):  # the lowest panel of its column
            ax.xaxis.set_tick_params(labelbottom=True)
            ax.set_xlabel("mean sentiment (−1..1)")
    axes[0, 0].set_yticks(range(len(groups)), _axis_names(groups))
    fig.colorbar(plt.cm.ScalarMappable(norm=norm, cmap=cmap), ax=axes, shrink=0.6, aspect=25, pad=0.01,
                 label="mean sentiment (dot colour)")
    method = agg["method"].iloc[0] if len(agg) else ""
    fig.suptitle(title or f"Sentiment toward each actor by group ({method} method), mean with 95% bootstrap interval")
    return fig


def plot_actor_arc(sentences: pd.DataFrame, table: pd.DataFrame, groups=None, actors=None, method: str = "target",
                   labels: dict | None = None, max_panels: int = 12):
    """Sentence sentiment along each article (bars) with the actor-targeted scores (dots)."""
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    style.use()
    labels = labels or {}
    scored = sentences[~sentences["boilerplate"].fillna(False).astype(bool)]
    docs = sorted(scored["doc_id"].unique())[:max_panels]
    part = table[table["method"] == method]
    shown = list(actors) if actors else sorted(part["actor"].unique())
    colours = style.colours(shown)
    fig, axes = plt.subplots(len(docs), 1, figsize=(8, 2.0 * len(docs) + 0.9), squeeze=False, layout="constrained")
    for ax, doc in zip(axes[:, 0], docs):
        sents = scored[scored["doc_id"] == doc].sort_values("sent_id")
        order = {sid: i + 1 for i, sid in enumerate(sents["sent_id"])}
        y = sents["compound"].to_numpy(float)
        ax.axhline(0, color="0.5", lw=0.8)
        ax.bar(np.arange(1, len(y) + 1), y, width=0.8, color=np.where(y < 0, "#f4c89a", "#c9b8dc"),
               label="sentence (VADER compound)")
        mine = part[(part["doc_id"] == doc) & part["actor"].isin(shown)]
        for k, actor in enumerate(shown):
            pts = mine[mine["actor"] == actor]
            if len(pts):
                x = pts["sent_id"].map(order).to_numpy(float) + (k - (len(shown) - 1) / 2) * 0.08
                ax.scatter(x, pts["score"], s=18, color=colours[actor], edgecolor="white", lw=0.4, zorder=3,
                           label=labels.get(actor, actor))
        grp = style.short_group(groups.get(doc, "")) + " · " if groups is not None else ""
        ax.set_title(f"{doc} · {grp}n={len(y)} sentences", fontsize=9, loc="left")
        ax.set_ylim(-1.05, 1.05)
        ax.set_ylabel("sentiment")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    handles = {}
    for ax in axes[:, 0]:
        for h, lab in zip(*ax.get_legend_handles_labels()):
            handles.setdefault(lab, h)
    fig.legend(handles.values(), handles.keys(), loc="outside lower center", ncols=min(6, len(handles)), fontsize=8)
    axes[-1, 0].set_xlabel("sentence (order in the article, boilerplate excluded)")
    fig.suptitle(f"Sentiment along each article: sentences (bars) and toward each actor ({method} method, dots)")
    return fig
