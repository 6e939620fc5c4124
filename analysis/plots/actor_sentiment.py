"""Figures of notebook 02: actor sentiment per group and along each article."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analysis.plots import style


def _diverging():
    """``style.DIVERGING`` oriented as documented there: orange negative, purple positive."""
    import matplotlib.pyplot as plt

    cmap = plt.get_cmap(style.DIVERGING)
    red, _, blue, _ = cmap(0.0)
    return cmap if red > blue else cmap.reversed()


@style.styled
def plot_actor_scores(agg: pd.DataFrame, labels: dict | None = None, title: str = ""):
    """Dot-and-whisker: mean sentiment toward each actor per group, 95% interval and n.

    One panel per actor, groups on the y axis; dots coloured on a diverging scale
    centred on zero (orange negative, purple positive).
    """
    import matplotlib.pyplot as plt
    from matplotlib.colors import TwoSlopeNorm

    labels = labels or {}
    actors = list(dict.fromkeys(agg["actor"]))
    groups = sorted(agg["group"].unique())
    ncols = min(4, max(1, len(actors)))
    nrows = math.ceil(len(actors) / ncols) if actors else 1
    height = 0.42 * len(groups) + 1.3
    fig, axes = plt.subplots(
        nrows,
        ncols,
        figsize=(2.6 * ncols + 1.6, height * nrows + 0.6),
        squeeze=False,
        sharex=True,
        sharey=True,
        layout="constrained",
    )
    cmap, norm = _diverging(), TwoSlopeNorm(0, -1, 1)
    y_of = {g: i for i, g in enumerate(groups)}
    for ax, actor in zip(axes.flat, actors):
        part = agg[agg["actor"] == actor]
        y = part["group"].map(y_of).to_numpy(float)
        ax.axvline(0, color="0.5", lw=0.8)
        ax.hlines(y, part["lo"], part["hi"], color="0.35", lw=1.4)
        ax.scatter(part["mean"], y, c=cmap(norm(part["mean"].to_numpy(float))), s=46, edgecolor="0.2", zorder=3)
        for yy, hi, n in zip(y, part["hi"], part["n"]):
            ax.annotate(
                f"n={int(n)}",
                (min(hi, 0.75), yy),
                xytext=(4, 3),
                textcoords="offset points",
                fontsize=7.5,
                color="0.25",
            )
        ax.set_title(labels.get(actor, actor), fontsize=10)
        ax.set_xlim(-1.05, 1.05)
        ax.set_ylim(-0.6, len(groups) - 0.4)
    for k, ax in enumerate(axes.flat):
        if k >= len(actors):
            ax.set_visible(False)
        elif k + ncols >= len(actors):  # the lowest panel of its column
            ax.xaxis.set_tick_params(labelbottom=True)
            ax.set_xlabel("mean sentiment (−1..1)")
    axes[0, 0].set_yticks(range(len(groups)), list(style.group_names(groups).values()))
    fig.colorbar(
        plt.cm.ScalarMappable(norm=norm, cmap=cmap),
        ax=axes,
        shrink=0.6,
        aspect=25,
        pad=0.01,
        label="mean sentiment (dot colour)",
    )
    method = agg["method"].iloc[0] if len(agg) else ""
    fig.suptitle(title or f"Sentiment toward each actor by group ({method} method), mean with 95% bootstrap interval")
    return fig


@style.styled
def plot_actor_arc(
    sentences: pd.DataFrame,
    table: pd.DataFrame,
    groups=None,
    actors=None,
    method: str = "model",
    labels: dict | None = None,
    max_panels: int = 12,
):
    """Sentence sentiment along each article (bars) with the actor-targeted scores (dots)."""
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

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
        ax.bar(
            np.arange(1, len(y) + 1),
            y,
            width=0.8,
            color=np.where(y < 0, "#f4c89a", "#c9b8dc"),
            label="sentence (VADER compound)",
        )
        mine = part[(part["doc_id"] == doc) & part["actor"].isin(shown)]
        for k, actor in enumerate(shown):
            pts = mine[mine["actor"] == actor]
            if len(pts):
                x = pts["sent_id"].map(order).to_numpy(float) + (k - (len(shown) - 1) / 2) * 0.08
                ax.scatter(
                    x,
                    pts["score"],
                    s=18,
                    color=colours[actor],
                    edgecolor="white",
                    lw=0.4,
                    zorder=3,
                    label=labels.get(actor, actor),
                )
        grp = style.group_name(groups.get(doc, "")) + " · " if groups is not None else ""
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
