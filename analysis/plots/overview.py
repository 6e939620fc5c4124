"""Figures of notebook 01: mentions per article and sentiment along each article."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from analysis.plots import style
from analysis.stats.bootstrap import grouped_bootstrap


@style.styled
def plot_mentions_per_article(
    table: pd.DataFrame,
    labels: dict | None = None,
    groups=None,
    max_articles: int = 12,
    seed: int = 0,
    draws: int = 2000,
    ax=None,
):
    """Mentions of each actor per article, with sentences (n) per article.

    Up to ``max_articles`` articles: one group of bars per article. Beyond that (and
    when ``groups`` is given): the mean number of mentions per article in each group,
    with a 95% bootstrap interval (articles resampled) and n articles.
    """
    labels = labels or {}
    docs = list(dict.fromkeys(table["doc_id"]))
    if groups is not None and len(docs) > max_articles:
        return _plot_mentions_by_group(table, labels, groups, seed, draws, ax)
    actors = list(dict.fromkeys(table["actor"]))
    colours = style.colours(actors)
    fig, ax = style.new_axes(ax, (7.5, 1.6 + 0.5 * len(docs) * max(1, len(actors)) / 3))
    height = 0.8 / max(1, len(actors))
    y = np.arange(len(docs))
    for i, actor in enumerate(actors):
        part = table[table["actor"] == actor].set_index("doc_id").reindex(docs)
        ax.barh(y + i * height, part["mentions"], height=height, color=colours[actor], label=labels.get(actor, actor))
    n = table.drop_duplicates("doc_id").set_index("doc_id")["sentences"].reindex(docs)
    ticks = [
        f"{d}\n{style.group_name(groups.get(d, '')) + ', ' if groups is not None else ''}n={n[d]} sentences"
        for d in docs
    ]
    ax.set_yticks(y + 0.4 - height / 2, ticks)
    ax.invert_yaxis()
    ax.set_xlabel("mentions (count, boilerplate lines excluded)")
    ax.set_title("Actor mentions per article")
    fig.legend(loc="outside lower center", frameon=False, ncols=min(4, len(actors)))
    return fig


def _plot_mentions_by_group(table, labels, groups, seed, draws, ax=None):
    frame = table.assign(group=table["doc_id"].map(groups))
    stats = grouped_bootstrap(frame, ["group", "actor"], "mentions", draws=draws, seed=seed)
    actors = list(dict.fromkeys(table["actor"]))
    names = sorted(stats["group"].unique())
    colours = style.colours(actors)
    fig, ax = style.new_axes(ax, (7.5, 1.6 + 0.45 * len(names) * max(1, len(actors)) / 3))
    height = 0.8 / max(1, len(actors))
    y = np.arange(len(names))
    for i, actor in enumerate(actors):
        part = stats[stats["actor"] == actor].set_index("group").reindex(names)
        err = np.vstack([part["mean"] - part["lo"], part["hi"] - part["mean"]])
        ax.barh(
            y + i * height,
            part["mean"],
            height=height,
            color=colours[actor],
            label=labels.get(actor, actor),
            xerr=err,
            error_kw={"elinewidth": 0.8, "capsize": 1.5, "ecolor": "0.3"},
        )
    n_articles = frame.drop_duplicates("doc_id").groupby("group").size()
    ax.set_yticks(
        y + 0.4 - height / 2, [f"{style.group_names(names)[g]}\nn={n_articles.get(g, 0)} articles" for g in names]
    )
    ax.invert_yaxis()
    ax.set_xlabel("mentions per article (mean, 95% bootstrap interval over articles)")
    ax.set_title("Actor mentions per article, by group")
    fig.legend(loc="outside lower center", frameon=False, ncols=min(4, len(actors)))
    return fig


@style.styled
def plot_sentiment_arc(sentences: pd.DataFrame, groups=None, max_panels: int = 12):
    """VADER compound of each scored sentence along each article, one panel per article."""
    scored = sentences[~sentences["boilerplate"]]
    docs = sorted(scored["doc_id"].unique())[:max_panels]
    fig, axes = plt.subplots(len(docs), 1, figsize=(7.5, 1.9 * len(docs) + 0.6), squeeze=False, layout="constrained")
    for ax, doc in zip(axes[:, 0], docs):
        part = scored[scored["doc_id"] == doc]
        x = np.arange(1, len(part) + 1)
        y = part["compound"].to_numpy(float)
        ax.axhline(0, color="0.5", lw=0.8)
        ax.bar(x, y, color=np.where(y < 0, style.OKABE_ITO[5], style.OKABE_ITO[0]), width=0.8)
        label = style.group_name(groups.get(doc, "")) + " · " if groups is not None else ""
        ax.set_title(
            f"{doc} · {label}n={len(part)} sentences, mean {style.signed(np.nanmean(y))}", fontsize=9, loc="left"
        )
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylim(-1.05, 1.05)
        ax.set_ylabel("compound")
    axes[-1, 0].set_xlabel("sentence (order in the article, boilerplate excluded)")
    fig.suptitle("Sentence sentiment along each article (VADER compound, −1..1)")
    return fig
