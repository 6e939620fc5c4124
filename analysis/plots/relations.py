"""Figures of notebook 03: relations network, dyad heatmap, stance matrix."""

from __future__ import annotations

import math
import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import TwoSlopeNorm
from matplotlib.patches import FancyArrowPatch

from analysis.plots import style
from analysis.summaries.relations import GOLDSTEIN


# -- figures ----------------------------------------------------------------------
def _free_spot(p, q, taken, half=(0.17, 0.12)):
    """A point on the segment p–q for an edge label whose box (``half`` width and height,
    data units) overlaps no box in ``taken``: the free point nearest the middle, else the
    point of least overlap. The chosen box is added to ``taken``."""

    def overlap(box):
        return sum(
            max(0.0, min(box[2], o[2]) - max(box[0], o[0])) * max(0.0, min(box[3], o[3]) - max(box[1], o[1]))
            for o in taken
        )

    best = None
    for t in sorted((0.2 + 0.04 * k for k in range(16)), key=lambda t: (abs(t - 0.5), t)):
        x, y = p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])
        box = (x - half[0], y - half[1], x + half[0], y + half[1])
        cost = overlap(box)
        if best is None or cost < best[0]:
            best = (cost, x, y, box)
        if cost == 0:
            break
    _, x, y, box = best
    taken.append(box)
    return x, y


def _ink(value: float, norm) -> str:
    return "white" if abs(norm(value) - 0.5) > 0.3 else "black"


def _norm():
    return TwoSlopeNorm(vmin=-GOLDSTEIN, vcenter=0.0, vmax=GOLDSTEIN)


@style.styled
def plot_relations_network(summary: pd.DataFrame, labels: dict | None = None, actors=None, max_panels: int = 12):
    """The relations triangle: one network per group, actors on a circle.

    Edges are coloured by the mean Goldstein intensity (``style.DIVERGING``, centred
    on zero; the colour bar gives the sign), their width grows with the number of
    sentences (n, printed on the edge) and an arrow shows the direction when most
    sentences give one.
    """
    labels = labels or {}
    groups = list(dict.fromkeys(summary["group"]))[:max_panels] or ["(no relations)"]
    names = style.group_names(groups, "\n")
    nodes = list(actors) if actors else sorted(set(summary["actor_a"]) | set(summary["actor_b"]))
    ncols = min(3, len(groups))
    nrows = math.ceil(len(groups) / ncols)
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(4.2 * ncols + 1.2, 4.3 * nrows + 0.6), squeeze=False, layout="constrained"
    )
    cmap = plt.get_cmap(style.DIVERGING)
    norm = _norm()
    angle = np.pi / 2 - 2 * np.pi * np.arange(len(nodes)) / max(1, len(nodes))
    pos = {a: (math.cos(t), math.sin(t)) for a, t in zip(nodes, angle)}
    nmax = max(1, int(summary["n"].max())) if len(summary) else 1
    for ax, group in zip(axes.flat, groups):
        part = summary[summary["group"] == group]
        # node circles and edge labels placed so far, as boxes in data units: an edge
        # label goes to the first point along its edge where it overlaps none of them
        taken = [(x - 0.12, y - 0.12, x + 0.12, y + 0.12) for x, y in pos.values()]
        for row in part.itertuples():
            if row.actor_a not in pos or row.actor_b not in pos:
                continue
            a, b = (row.actor_b, row.actor_a) if row.direction == "b→a" else (row.actor_a, row.actor_b)
            arrow = "-|>" if row.direction != "undirected" else "-"
            width = 1.0 + 5.0 * row.n / nmax
            for colour, lw, z in (("0.45", width + 1.2, 0.5), (cmap(norm(row.mean)), width, 1)):
                ax.add_patch(
                    FancyArrowPatch(
                        pos[a],
                        pos[b],
                        arrowstyle=arrow,
                        mutation_scale=12 + 2 * width,
                        lw=lw,
                        color=colour,
                        shrinkA=10,
                        shrinkB=10,
                        zorder=z,
                    )
                )
            mx, my = _free_spot(pos[a], pos[b], taken)
            ax.text(
                mx,
                my,
                f"{style.signed(row.mean, 1)}\nn={row.n}",
                ha="center",
                va="center",
                fontsize=7.5,
                zorder=3,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
            )
        for actor, (x, y) in pos.items():
            # the actor's label (never its id when it has one), outside its node, on the
            # side facing away from the centre, so labels neither cover edges nor each other
            ax.scatter([x], [y], s=150, color="white", edgecolor="0.3", zorder=2)
            ax.text(
                1.17 * x,
                1.17 * y,
                "\n".join(textwrap.wrap(str(labels.get(actor, actor)), 16)) or actor,
                ha="center" if abs(x) < 0.3 else ("left" if x > 0 else "right"),
                va="center" if abs(y) < 0.3 else ("bottom" if y > 0 else "top"),
                fontsize=8,
                zorder=4,
            )
        if part.empty:
            ax.text(0, 0, "no relation found", ha="center", va="center", fontsize=9, color="0.4", zorder=5)
        n_sent = int(part["n"].sum())
        ax.set_title(f"{names[group]}\n{n_sent} sentence-pairs with a relation", fontsize=9)
        ax.set_xlim(-1.75, 1.75)
        ax.set_ylim(-1.55, 1.55)
        ax.set_aspect("equal")
        ax.axis("off")
    for ax in list(axes.flat)[len(groups) :]:
        ax.axis("off")
    sm = plt.cm.ScalarMappable(cmap=cmap, norm=norm)
    fig.colorbar(sm, ax=axes, shrink=0.8, label="mean Goldstein intensity\n(− conflict, + cooperation)")
    fig.suptitle(
        "Relations between actors, per group\n(edge colour: mean intensity; width and n: sentences; arrow: direction)"
    )
    return fig


@style.styled
def plot_dyad_heatmap(summary: pd.DataFrame, labels: dict | None = None, ax=None):
    """Dyad × group heatmap of mean intensity, with the interval and n in each cell."""
    labels = labels or {}
    table = summary.assign(
        dyad=[f"{labels.get(a, a)} – {labels.get(b, b)}" for a, b in zip(summary["actor_a"], summary["actor_b"])]
    )
    dyads = sorted(table["dyad"].unique()) or ["(none)"]
    groups = list(dict.fromkeys(table["group"])) or ["(none)"]
    names = style.group_names(groups, "\n")
    grid = table.pivot(index="dyad", columns="group", values="mean").reindex(index=dyads, columns=groups)
    fig, ax = style.new_axes(ax, (2.0 + 1.7 * len(groups), 1.2 + 0.5 * len(dyads)))
    im = ax.imshow(grid.to_numpy(float), cmap=style.DIVERGING, norm=_norm(), aspect="auto")
    for row in table.itertuples():
        i, j = dyads.index(row.dyad), groups.index(row.group)
        ax.text(
            j,
            i,
            # one sentence has no interval: [−10, −10] would look exact
            f"{style.signed(row.mean, 1)} [{style.signed(row.lo, 1)}, {style.signed(row.hi, 1)}]\nn={row.n}"
            if row.n > 1
            else f"{style.signed(row.mean, 1)}\nn=1",
            ha="center",
            va="center",
            fontsize=7.5,
            color=_ink(row.mean, _norm()),
        )
    if table.empty:
        ax.text(0, 0, "no relation found", ha="center", va="center", color="0.4")
    ax.set_xticks(range(len(groups)), [names[g] for g in groups])
    ax.set_yticks(range(len(dyads)), dyads)
    ax.grid(False)
    ax.set_xlabel("group")
    fig.colorbar(im, ax=ax, label="mean Goldstein intensity (−10..+10)")
    ax.set_title("Mean cooperation (+) or conflict (−) per actor pair and group\n(95% bootstrap interval, n sentences)")
    return fig


@style.styled
def plot_stance_matrix(summary: pd.DataFrame, labels: dict | None = None, issue_labels: dict | None = None):
    """Actor × group stance on each issue (one panel per issue): mean score, 95% interval and n."""
    labels, issue_labels = labels or {}, issue_labels or {}
    issues = list(dict.fromkeys(summary["issue"])) or ["(none)"]
    groups = list(dict.fromkeys(summary["group"])) or ["(none)"]
    names = style.group_names(groups, "\n")
    actors = sorted(summary["actor"].unique()) or ["(none)"]
    lim = max(1.0, float(summary["mean"].abs().max())) if len(summary) else 1.0
    norm = TwoSlopeNorm(vmin=-lim, vcenter=0.0, vmax=lim)
    # panels side by side while the figure stays under about 18 inches wide, then in rows
    panel_w, panel_h = 1.2 + 2.0 * len(groups), 1.0 + 0.65 * len(actors)
    ncols = max(1, min(len(issues), int(18 // panel_w)))
    nrows = math.ceil(len(issues) / ncols)
    fig, axes = plt.subplots(
        nrows,
        ncols,
        figsize=(1.0 + panel_w * ncols, 0.9 + panel_h * nrows),
        squeeze=False,
        layout="constrained",
    )
    for ax in list(axes.flat)[len(issues) :]:
        ax.axis("off")
    for ax, issue in zip(axes.flat, issues):
        part = summary[summary["issue"] == issue]
        grid = part.pivot(index="actor", columns="group", values="mean").reindex(index=actors, columns=groups)
        im = ax.imshow(grid.to_numpy(float), cmap=style.DIVERGING, norm=norm, aspect="auto")
        for row in part.itertuples():
            i, j = actors.index(row.actor), groups.index(row.group)
            ax.text(
                j,
                i,
                f"{row.stance}\n{style.signed(row.mean)} [{style.signed(row.lo)}, {style.signed(row.hi)}]\nn={row.n}"
                if row.n > 1
                else f"{row.stance}\n{style.signed(row.mean)}\nn=1",
                ha="center",
                va="center",
                fontsize=7.5,
                color=_ink(row.mean, norm),
            )
        if part.empty:
            ax.text(0, 0, "no actor named with an issue", ha="center", va="center", color="0.4")
        ax.set_xticks(range(len(groups)), [names[g] for g in groups])
        ax.set_yticks(range(len(actors)), [labels.get(a, a) for a in actors])
        ax.grid(False)
        ax.set_title(issue_labels.get(issue, issue))
    fig.colorbar(im, ax=axes, label="mean stance score\nper sentence (− oppose, + support)")
    fig.suptitle(
        "Stance each actor is portrayed as taking, per group\n"
        "(mean [95% bootstrap interval]; n: sentences naming actor and issue; blank: never together)"
    )
    return fig
