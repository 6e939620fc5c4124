"""Relations and stance per group: aggregates with intervals, evidence and figures.

Aggregates keep the sentences behind every cell (:func:`dyad_evidence`,
:func:`stance_evidence`), so a reader can check any number in a figure.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import TwoSlopeNorm
from matplotlib.patches import FancyArrowPatch

from analysis.plots import style
from analysis.stats.bootstrap import bootstrap_mean

GOLDSTEIN = 10.0


def _with_groups(frame: pd.DataFrame, groups: pd.Series) -> pd.DataFrame:
    out = frame.copy()
    out.insert(0, "group", out["doc_id"].map(groups).fillna("unknown group"))
    return out


def dyad_summary(dyads: pd.DataFrame, groups: pd.Series, actors=None, include_neutral: bool = False,
                 modalities=None, draws: int = 2000, seed: int = 0) -> pd.DataFrame:
    """Mean Goldstein intensity per group and actor pair, with a bootstrap interval.

    Parameters
    ----------
    dyads
        From :func:`analysis.measures.dyads.find_dyads`.
    groups
        Group label per doc_id (:func:`analysis.stats.group_labels`).
    actors
        Keep only pairs of these actor ids (default all).
    include_neutral
        Count sentences with no relation cue as intensity 0 (default: left out).
    modalities
        Modalities to keep (default all: asserted, hypothetical and negated).

    Returns
    -------
    DataFrame
        One row per group and unordered pair, sorted: group, actor_a, actor_b (a < b),
        mean, lo, hi (95% bootstrap interval of the mean intensity, −10..+10), n
        (sentences), cooperation, conflict (sentences of each), a_to_b, b_to_a,
        undirected (sentences by direction), direction (a→b, b→a or undirected: the
        majority of the directed sentences, when they outnumber the undirected ones).
    """
    rows = _with_groups(dyads, groups)
    if actors:
        keep = set(actors)
        rows = rows[rows["source"].isin(keep) & rows["target"].isin(keep)]
    if not include_neutral:
        rows = rows[rows["relation"] != "neutral"]
    if modalities:
        rows = rows[rows["modality"].isin(list(modalities))]
    out = []
    pairs = [tuple(sorted(p)) for p in zip(rows["source"], rows["target"])]
    rows = rows.assign(actor_a=[p[0] for p in pairs], actor_b=[p[1] for p in pairs])
    for (group, a, b), part in rows.groupby(["group", "actor_a", "actor_b"], sort=True):
        stats = bootstrap_mean(part["intensity"].to_numpy(float), draws=draws, seed=seed)
        directed = part[part["directed"]]
        ab = int((directed["source"] == a).sum())
        ba = int((directed["source"] == b).sum())
        und = int((~part["directed"]).sum())
        direction = "undirected" if ab + ba <= und or ab == ba else ("a→b" if ab > ba else "b→a")
        out.append({"group": group, "actor_a": a, "actor_b": b, **stats,
                    "cooperation": int((part["relation"] == "cooperation").sum()),
                    "conflict": int((part["relation"] == "conflict").sum()),
                    "a_to_b": ab, "b_to_a": ba, "undirected": und, "direction": direction})
    cols = ["group", "actor_a", "actor_b", "mean", "lo", "hi", "n", "cooperation", "conflict", "a_to_b", "b_to_a",
            "undirected", "direction"]
    return pd.DataFrame(out, columns=cols)


def dyad_evidence(dyads: pd.DataFrame, sentences: pd.DataFrame, groups: pd.Series,
                  include_neutral: bool = False) -> pd.DataFrame:
    """The sentences and cues behind every dyad cell.

    Returns
    -------
    DataFrame
        group, doc_id, sent_id, source, target, directed, relation, intensity, quad,
        modality, attribution, cues, markers, text; sorted by group, pair, doc, sentence.
    """
    rows = dyads if include_neutral else dyads[dyads["relation"] != "neutral"]
    rows = _with_groups(rows, groups).merge(sentences[["doc_id", "sent_id", "text"]], on=["doc_id", "sent_id"],
                                            how="left", validate="many_to_one")
    rows["pair"] = ["–".join(sorted(p)) for p in zip(rows["source"], rows["target"])]
    rows = rows.sort_values(["group", "pair", "doc_id", "sent_id"], kind="stable")
    cols = ["group", "doc_id", "sent_id", "source", "target", "directed", "relation", "intensity", "quad",
            "modality", "attribution", "cues", "markers", "text"]
    return rows[cols].reset_index(drop=True)


def stance_summary(stance: pd.DataFrame, groups: pd.Series, actors=None, draws: int = 2000,
                   seed: int = 0) -> pd.DataFrame:
    """Stance per group, actor and issue: mean score with a bootstrap interval.

    Returns
    -------
    DataFrame
        One row per group, actor and issue, sorted: group, actor, issue, mean, lo, hi
        (mean stance score per sentence, >0 support), n (sentences naming both),
        support, oppose, neutral (sentences of each), stance (the sign of the mean).
    """
    rows = _with_groups(stance, groups)
    if actors:
        rows = rows[rows["actor"].isin(list(actors))]
    out = []
    for (group, actor, issue), part in rows.groupby(["group", "actor", "issue"], sort=True):
        stats = bootstrap_mean(part["score"].to_numpy(float), draws=draws, seed=seed)
        counts = part["stance"].value_counts()
        label = "support" if stats["mean"] > 0 else "oppose" if stats["mean"] < 0 else "neutral"
        out.append({"group": group, "actor": actor, "issue": issue, **stats,
                    **{k: int(counts.get(k, 0)) for k in ("support", "oppose", "neutral")}, "stance": label})
    cols = ["group", "actor", "issue", "mean", "lo", "hi", "n", "support", "oppose", "neutral", "stance"]
    return pd.DataFrame(out, columns=cols)


def stance_evidence(stance: pd.DataFrame, sentences: pd.DataFrame, groups: pd.Series,
                    include_neutral: bool = False) -> pd.DataFrame:
    """The sentences and cues behind every stance cell.

    Returns
    -------
    DataFrame
        group, doc_id, sent_id, actor, issue, stance, score, cues, text; sorted.
    """
    rows = stance if include_neutral else stance[stance["stance"] != "neutral"]
    rows = _with_groups(rows, groups).merge(sentences[["doc_id", "sent_id", "text"]], on=["doc_id", "sent_id"],
                                            how="left", validate="many_to_one")
    rows = rows.sort_values(["group", "issue", "actor", "doc_id", "sent_id"], kind="stable")
    return rows[["group", "doc_id", "sent_id", "actor", "issue", "stance", "score", "cues", "text"]].reset_index(drop=True)


# -- figures ----------------------------------------------------------------------
def group_tick(group: str) -> str:
    """A group label for axes that keeps unlabelled articles apart: "unknown outlet\n(000_2ff6…)"."""
    short = style.short_group(group)
    if short == group:
        return group
    doc = group[len(short):].strip(" ()")
    return f"{short}\n({doc[:8]}…)" if len(doc) > 8 else f"{short}\n({doc})"


def _ink(value: float, norm) -> str:
    return "white" if abs(norm(value) - 0.5) > 0.3 else "black"


def _norm():
    return TwoSlopeNorm(vmin=-GOLDSTEIN, vcenter=0.0, vmax=GOLDSTEIN)


def plot_relations_network(summary: pd.DataFrame, labels: dict | None = None, actors=None,
                           max_panels: int = 12):
    """The relations triangle: one network per group, actors on a circle.

    Edges are coloured by the mean Goldstein intensity (``style.DIVERGING``, centred
    on zero; the colour bar gives the sign), their width grows with the number of
    sentences (n, printed on the edge) and an arrow shows the direction when most
    sentences give one.
    """
    style.use()
    labels = labels or {}
    groups = list(dict.fromkeys(summary["group"]))[:max_panels] or ["(no relations)"]
    nodes = list(actors) if actors else sorted(set(summary["actor_a"]) | set(summary["actor_b"]))
    ncols = min(3, len(groups))
    nrows = math.ceil(len(groups) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.2 * ncols + 1.2, 4.3 * nrows + 0.6), squeeze=False,
                             layout="constrained")
    cmap = plt.get_cmap(style.DIVERGING)
    norm = _norm()
    angle = np.pi / 2 - 2 * np.pi * np.arange(len(nodes)) / max(1, len(nodes))
    pos = {a: (math.cos(t), math.sin(t)) for a, t in zip(nodes, angle)}
    nmax = max(1, int(summary["n"].max())) if len(summary) else 1
    for ax, group in zip(axes.flat, groups):
        part = summary[summary["group"] == group]
        for row in part.itertuples():
            if row.actor_a not in pos or row.actor_b not in pos:
                continue
            a, b = (row.actor_b, row.actor_a) if row.direction == "b→a" else (row.actor_a, row.actor_b)
            arrow = "-|>" if row.direction != "undirected" else "-"
            width = 1.0 + 5.0 * row.n / nmax
            for colour, lw, z in (("0.45", width + 1.2, 0.5), (cmap(norm(row.mean)), width, 1)):
                ax.add_patch(FancyArrowPatch(pos[a], pos[b], arrowstyle=arrow, mutation_scale=12 + 2 * width,
                                             lw=lw, color=colour, shrinkA=22, shrinkB=22, zorder=z))
            mx, my = (pos[a][0] + pos[b][0]) / 2, (pos[a][1] + pos[b][1]) / 2
            ax.text(mx, my, f"{row.mean:+.1f}\nn={row.n}", ha="center", va="center", fontsize=7.5, zorder=3,
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85})
        for actor, (x, y) in pos.items():
            ax.scatter([x], [y], s=900, color="white", edgecolor="0.3", zorder=2)
            ax.text(x, y, labels.get(actor, actor) if len(labels.get(actor, actor)) <= 9 else actor,
                    ha="center", va="center", fontsize=8, zorder=4)
        if part.empty:
            ax.text(0, 0, "no relation found", ha="center", va="center", fontsize=9, color="0.4", zorder=5)
        n_sent = int(part["n"].sum())
        ax.set_title(f"{group_tick(group)}\n{n_sent} sentence-pairs with a relation", fontsize=9)
        ax.set_xlim(-1.35, 1.35)
        ax.set_ylim(-1.35, 1.35)
        ax.set_aspect("equal")
        ax.axis("off")
    for ax in list(axes.flat)[len(groups):]:
        ax.axis("off")
    sm = plt.cm.ScalarMappable(cmap=cmap, norm=norm)
    fig.colorbar(sm, ax=axes, shrink=0.8, label="mean Goldstein intensity\n(− conflict, + cooperation)")
    fig.suptitle("Relations between actors, per group\n(edge colour: mean intensity; width and n: sentences; arrow: direction)")
    return fig


def plot_dyad_heatmap(summary: pd.DataFrame, labels: dict | None = None):
    """Dyad × group heatmap of mean intensity, with the interval and n in each cell."""
    style.use()
    labels = labels or {}
    table = summary.assign(dyad=[f"{labels.get(a, a)} – {labels.get(b, b)}"
                                 for a, b in zip(summary["actor_a"], summary["actor_b"])])
    dyads = sorted(table["dyad"].unique()) or ["(none)"]
    groups = list(dict.fromkeys(table["group"])) or ["(none)"]
    grid = table.pivot(index="dyad", columns="group", values="mean").reindex(index=dyads, columns=groups)
    fig, ax = plt.subplots(figsize=(2.0 + 1.7 * len(groups), 1.2 + 0.5 * len(dyads)), layout="constrained")
    im = ax.imshow(grid.to_numpy(float), cmap=style.DIVERGING, norm=_norm(), aspect="auto")
    for row in table.itertuples():
        i, j = dyads.index(row.dyad), groups.index(row.group)
        ax.text(j, i, f"{row.mean:+.1f} [{row.lo:+.1f}, {row.hi:+.1f}]\nn={row.n}", ha="center", va="center",
                fontsize=7.5, color=_ink(row.mean, _norm()))
    if table.empty:
        ax.text(0, 0, "no relation found", ha="center", va="center", color="0.4")
    ax.set_xticks(range(len(groups)), [group_tick(g) for g in groups])
    ax.set_yticks(range(len(dyads)), dyads)
    ax.grid(False)
    ax.set_xlabel("group")
    fig.colorbar(im, ax=ax, label="mean Goldstein intensity (−10..+10)")
    ax.set_title("Mean cooperation (+) or conflict (−) per actor pair and group\n(95% bootstrap interval, n sentences)")
    return fig


def plot_stance_matrix(summary: pd.DataFrame, labels: dict | None = None, issue_labels: dict | None = None):
    """Actor × group stance on each issue (one panel per issue): mean score, 95% interval and n."""
    style.use()
    labels, issue_labels = labels or {}, issue_labels or {}
    issues = list(dict.fromkeys(summary["issue"])) or ["(none)"]
    groups = list(dict.fromkeys(summary["group"])) or ["(none)"]
    actors = sorted(summary["actor"].unique()) or ["(none)"]
    lim = max(1.0, float(summary["mean"].abs().max())) if len(summary) else 1.0
    norm = TwoSlopeNorm(vmin=-lim, vcenter=0.0, vmax=lim)
    fig, axes = plt.subplots(1, len(issues), figsize=(2.2 + 2.0 * len(groups) * len(issues), 1.4 + 0.65 * len(actors)),
                             squeeze=False, layout="constrained")
    for ax, issue in zip(axes[0], issues):
        part = summary[summary["issue"] == issue]
        grid = part.pivot(index="actor", columns="group", values="mean").reindex(index=actors, columns=groups)
        im = ax.imshow(grid.to_numpy(float), cmap=style.DIVERGING, norm=norm, aspect="auto")
        for row in part.itertuples():
            i, j = actors.index(row.actor), groups.index(row.group)
            ax.text(j, i, f"{row.stance}\n{row.mean:+.2f} [{row.lo:+.2f}, {row.hi:+.2f}]\nn={row.n}", ha="center",
                    va="center", fontsize=7.5, color=_ink(row.mean, norm))
        if part.empty:
            ax.text(0, 0, "no actor named with an issue", ha="center", va="center", color="0.4")
        ax.set_xticks(range(len(groups)), [group_tick(g) for g in groups])
        ax.set_yticks(range(len(actors)), [labels.get(a, a) for a in actors])
        ax.grid(False)
        ax.set_title(issue_labels.get(issue, issue))
    fig.colorbar(im, ax=axes, label="mean stance score\nper sentence (− oppose, + support)")
    fig.suptitle("Stance each actor is portrayed as taking, per group\n"
                 "(mean [95% bootstrap interval]; n: sentences naming actor and issue; blank: never together)")
    return fig
