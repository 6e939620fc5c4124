"""Figures for notebook 04: frame shares, word choice, distinctive vocabulary."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from analysis.plots import style


@style.styled
def plot_frame_shares(
    table: pd.DataFrame, labels: dict | None = None, level: float = 0.95, by: str = "outlet", ax=None
):
    """Dots with bootstrap intervals: share of sentences carrying each frame, per group.

    ``table`` is :func:`analysis.measures.frames.frame_shares_by_group`; ``labels`` maps frame ids
    to names (dictionary order is kept).
    """
    labels = labels or {}
    frames = list(dict.fromkeys(table["frame"]))
    order = [f for f in labels if f in frames] + [f for f in frames if f not in labels]
    groups = sorted(set(table["group"]))
    colours = style.colours(groups)
    names = style.group_names(groups)
    fig, ax = style.new_axes(ax, (7.5, 1.2 + 0.42 * len(order) * max(1, len(groups)) ** 0.5 + 0.3 * len(groups)))
    step = 0.8 / max(1, len(groups))
    y = np.arange(len(order))
    for i, group in enumerate(groups):
        part = table[table["group"] == group].set_index("frame").reindex(order)
        yy = y - 0.4 + step * (i + 0.5)
        err = np.vstack([part["mean"] - part["lo"], part["hi"] - part["mean"]])
        n, sents = int(part["n"].max()), int(part["sentences"].max())
        ax.errorbar(
            part["mean"],
            yy,
            xerr=err,
            fmt="o",
            ms=5,
            capsize=2.5,
            lw=1.2,
            color=colours[group],
            label=f"{names[group]} (n={n:,} article{'s' if n != 1 else ''}, {sents:,} sentences)",
        )
    ax.set_yticks(y, [labels.get(f, f) for f in order])
    ax.invert_yaxis()
    ax.set_xlim(-0.02, min(1.02, max(0.1, float(table["hi"].max()) * 1.1 + 0.02)))
    ax.set_xlabel("share of sentences carrying the frame (mean over articles)")
    method = table["method"].iloc[0] if "method" in table and len(table) else "bootstrap"
    ax.set_title(
        f"Frames by {by}: share of sentences carrying each frame\n"
        f"(dot = mean over articles; bar = {level:.0%} {method} bootstrap interval)",
        loc="left",
    )
    fig.legend(loc="outside lower center", frameon=False, ncols=1 if len(groups) > 2 else 2)
    return fig


@style.styled
def plot_word_choice(
    table: pd.DataFrame, names: dict | None = None, method: str = "label list", max_labels: int = 12, min_count: int = 1
):
    """One heat-table per target: labels (rows) by group (columns), counts printed.

    Colour is the label's share of the group's labels for that target, so outlets of
    different size can be compared; the column header gives n (labels counted, including
    those below ``min_count`` or beyond ``max_labels``, which are not drawn).
    ``table`` is :func:`analysis.measures.wordchoice.word_choice`.
    """
    names = names or {}
    every = table[table["method"] == method]
    totals = every.groupby(["target", "group"])["count"].sum()
    t = every[every["count"] >= min_count]
    targets = sorted(set(t["target"]))
    groups = sorted(set(t["group"]))
    gnames = style.group_names(groups)
    if not targets:
        return style.NoFigure(f"no labels counted (method {method!r}, min_count {min_count})")
    tops = {}
    for target in targets:
        part = t[t["target"] == target]
        total = part.groupby("label")["count"].sum().sort_values(ascending=False, kind="stable")
        tops[target] = sorted(total.index[:max_labels], key=lambda lab: (-total[lab], lab))
    heights = [len(tops[x]) + 1.6 for x in targets]
    fig, axes = plt.subplots(
        len(targets),
        1,
        figsize=(7.5, 0.28 * sum(heights) + 0.9),
        squeeze=False,
        gridspec_kw={"height_ratios": heights},
        layout="constrained",
    )
    cmap = plt.get_cmap("Blues")
    for ax, target in zip(axes[:, 0], targets):
        part = t[t["target"] == target]
        labels = tops[target]
        counts = (
            part.pivot_table(index="label", columns="group", values="count", aggfunc="sum")
            .reindex(index=labels, columns=groups)
            .fillna(0)
        )
        n = pd.Series({g: int(totals.get((target, g), 0)) for g in groups})
        shares = counts / n.replace(0, np.nan)
        ax.imshow(shares.fillna(0).to_numpy(), cmap=cmap, vmin=0, vmax=1, aspect="auto")
        for (r, c), v in np.ndenumerate(counts.to_numpy()):
            if v:
                ax.text(
                    c,
                    r,
                    f"{int(v)}",
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="white" if shares.iat[r, c] > 0.55 else "black",
                )
        ax.set_xticks(range(len(groups)), [f"{_wrap(gnames[g])}\nn={n[g]}" for g in groups], fontsize=8)
        ax.xaxis.tick_top()
        ax.set_yticks(range(len(labels)), labels, fontsize=8)
        ax.grid(False)
        ax.set_title(f"{names.get(target, target)}", loc="left", fontsize=10)
        ax.tick_params(length=0)
    fig.suptitle(
        "Word choice: how each group names each actor or issue\n"
        "(count of each label; shade = share of the group's labels for that target)",
        fontsize=10,
    )
    return fig


def _wrap(text: str, width: int = 16) -> str:
    words, lines, cur = text.split(), [], ""
    for w in words:
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}".strip()
    lines.append(cur)
    return "\n".join(lines)


@style.styled
def plot_fightin_words(table: pd.DataFrame, top_terms: int = 10, panels: int = 6, z_threshold: float = 1.96):
    """The Fightin' Words plot: z against word frequency, one panel per group vs the rest.

    ``table`` is :func:`analysis.stats.keyness.keyness_by_group`. Grey dots are terms within
    ±``z_threshold``; coloured dots are distinctive (above: typical of the group; below:
    of the rest). The ``top_terms`` most distinctive terms on each side are labelled.
    """
    groups = sorted(set(table["group"]))[:panels]
    gnames = style.group_names(sorted(set(table["group"])))
    if not groups:
        return style.NoFigure(style.EMPTY["plot_fightin_words"])
    fig, axes = plt.subplots(len(groups), 1, figsize=(7.5, 3.6 * len(groups)), squeeze=False, layout="constrained")
    for ax, group in zip(axes[:, 0], groups):
        part = table[table["group"] == group]
        freq = (part["count_a"] + part["count_b"]).to_numpy(float)
        x, z = np.log10(freq), part["z"].to_numpy(float)
        hi, lo = z > z_threshold, z < -z_threshold
        mid = ~(hi | lo)
        # a legend entry (and a colour) only for what the panel has: words inside
        # ±z_threshold are grey, labelled or not, so nothing looks distinctive that is not
        ax.scatter(x[mid], z[mid], s=6, color="0.7", lw=0, label=f"|z| ≤ {z_threshold}")
        if hi.any():
            ax.scatter(
                x[hi], z[hi], s=10, color=style.OKABE_ITO[0], lw=0, label=f"z > {z_threshold}: typical of the group"
            )
        if lo.any():
            ax.scatter(
                x[lo], z[lo], s=10, color=style.OKABE_ITO[5], lw=0, label=f"z < −{z_threshold}: typical of the rest"
            )
        ax.axhline(0, color="0.5", lw=0.8)
        for bound in (z_threshold, -z_threshold):
            ax.axhline(bound, color="0.6", lw=0.6, ls=":")
        na, nb = int(part["count_a"].sum()), int(part["count_b"].sum())
        ax.set_title(f"{gnames[group]} vs the rest (n={na:,} vs {nb:,} words)", loc="left", fontsize=10)
        ax.set_ylabel("z (weighted log-odds)")
        zmax = max(z_threshold + 0.5, float(np.nanmax(np.abs(z))) * 1.15 if len(z) else 0)
        ax.set_ylim(-zmax, zmax)
        pad = max(0.3, 0.05 * (np.nanmax(x) - np.nanmin(x))) if len(x) else 0.3
        ax.set_xlim(np.nanmin(x) - 0.05 if len(x) else 0, (np.nanmax(x) if len(x) else 1) + pad)
    axes[-1, 0].set_xlabel("word frequency in both sides (log10 count)")
    legend = {}
    for ax in axes[:, 0]:
        for handle, lab in zip(*ax.get_legend_handles_labels()):
            legend.setdefault(lab, handle)
    fig.legend(list(legend.values()), list(legend), loc="outside lower center", frameon=False, ncols=3)
    fig.suptitle(
        "Distinctive words of each group against all the others\n"
        "(Monroe, Colaresi & Quinn 2008, informative Dirichlet prior)",
        fontsize=11,
    )
    # Labels go in last, inside their axes: the layout (legend and title included) is
    # solved once for them all, as a draw would, without rendering a pixel (text extents
    # need the font metrics only); labels that stay inside their axes do not change it.
    renderer = fig.canvas.get_renderer()
    fig.get_layout_engine().execute(fig)
    for ax, group in zip(axes[:, 0], groups):
        part = table[table["group"] == group]
        box = ax.get_window_extent(renderer)
        top = part.nlargest(top_terms, "z")
        bottom = part.nsmallest(top_terms, "z")
        for rows, colour in (
            (top[top["z"] > z_threshold], style.OKABE_ITO[0]),
            (bottom[bottom["z"] < -z_threshold], style.OKABE_ITO[5]),
            (pd.concat([top[top["z"] <= z_threshold], bottom[bottom["z"] >= -z_threshold]]).drop_duplicates(), "0.45"),
        ):
            _label_points(
                ax,
                box,
                renderer,
                np.log10((rows["count_a"] + rows["count_b"]).to_numpy(float)),
                rows["z"].to_numpy(float),
                rows["term"].tolist(),
                colour,
            )
    return fig


def _label_points(ax, box, renderer, x, y, words, colour, max_words: int = 3):
    """Label points, one label per position (tied terms joined), nudged to avoid overlaps.

    ``box`` is the axes' extent in the solved layout. A label that finds no free place
    within the axes is left out.
    """
    spots: dict[tuple, list] = {}
    for xi, yi, w in zip(x, y, words):
        spots.setdefault((round(float(xi), 9), round(float(yi), 9)), []).append(str(w))
    placed = [t.get_window_extent(renderer) for t in ax.texts]
    for (xi, yi), ws in sorted(spots.items(), key=lambda kv: (-abs(kv[0][1]), kv[0])):
        ws = sorted(ws)
        text = ", ".join(ws[:max_words]) + (f" +{len(ws) - max_words}" if len(ws) > max_words else "")
        txt = ax.annotate(
            text,
            (xi, yi),
            xytext=(4, 0),
            textcoords="offset points",
            fontsize=7.5,
            color=colour,
            va="center",
            ha="left",
        )
        ok = False
        for k in range(13):
            dy = (k + 1) // 2 * 7 * (1 if k % 2 else -1) * (1 if yi >= 0 else -1)
            txt.set_position((4, dy))
            bb = txt.get_window_extent(renderer).padded(3)
            inside = bb.x1 <= box.x1 + 2 and bb.y0 >= box.y0 and bb.y1 <= box.y1
            if inside and not any(bb.overlaps(p) for p in placed):
                ok = True
                break
        if not ok:
            txt.remove()
            continue
        if dy:
            ax.annotate(
                "",
                (xi, yi),
                xytext=(4, dy),
                textcoords="offset points",
                arrowprops={"arrowstyle": "-", "lw": 0.4, "color": colour, "shrinkA": 0, "shrinkB": 1.5},
            )
        placed.append(txt.get_window_extent(renderer).padded(3))
