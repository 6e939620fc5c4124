"""Figures of notebook 05: summaries over time, one line per group, events marked.

Every figure has one panel per item (actor, actor pair, frame, actor × issue), periods on
the x axis (each point drawn at the middle of its period), one line per group in the
group's stable colour (:func:`analysis.plots.style.colours`) with its 95% bootstrap band,
and n beside each point. A point resting on fewer than ``min_n`` units is drawn hollow
and grey and left out of the line: it is shown, not trusted. Events of the study
configuration are dashed vertical lines numbered at the top, listed under the figure.
"""

from __future__ import annotations

import math
import textwrap

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from analysis.plots import style
from analysis.stats.periods import all_periods, period_middle, period_start

_GREY = "0.6"


def _x(labels, period: str):
    return np.array([period_middle(p, period) for p in labels], dtype="datetime64[ns]")


def _span(periods, period: str):
    """(first day, last day) covered by the periods."""
    labels = sorted(set(periods))
    start = period_start(labels[0])
    end = period_middle(labels[-1], period) + (period_middle(labels[-1], period) - period_start(labels[-1]))
    return start, end


def draw_events(ax, events: pd.DataFrame, start, end, numbers: dict) -> None:
    """Dashed vertical lines at the events between ``start`` and ``end``, numbered at the
    top of the axes; numbers of events close together are stacked, not overlapped."""
    gap = (end - start) * 0.035
    last: list = []  # per stacking level, the date of the last number placed there
    for row in events.itertuples(index=False):
        if not start <= row.date <= end:
            continue
        ax.axvline(row.date, color="0.35", lw=0.7, ls="--", zorder=0.5)
        level = next((k for k, x in enumerate(last) if row.date - x >= gap), len(last))
        if level == len(last):
            last.append(row.date)
        last[level] = row.date
        ax.annotate(
            str(numbers[(row.date, row.label)]),
            (row.date, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(0, -2 - 8 * level),
            textcoords="offset points",
            ha="center",
            va="top",
            fontsize=6.5,
            color="0.2",
            bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.8},
            zorder=4,
        )


def event_numbers(events: pd.DataFrame, start, end) -> tuple[dict, list[str]]:
    """Numbers for the events inside [start, end] and the legend lines listing them."""
    inside = events[(events["date"] >= start) & (events["date"] <= end)] if len(events) else events
    numbers, lines = {}, []
    for k, row in enumerate(inside.itertuples(index=False), start=1):
        numbers[(row.date, row.label)] = k
        lines.append(f"{k} {row.date:%Y-%m-%d} {row.label}")
    return numbers, lines


def _footer(lines: list[str], outside: int, width: float, per_line: int = 3, fontsize: float = 7) -> str:
    """The list of events under a figure ``width`` inches wide: ``per_line`` events a row,
    a row longer than the figure wrapped at words (by characters of an average width:
    matplotlib's own ``wrap=True`` measured every word of it at every layout pass and draw,
    a tenth of the time of saving the figures over time)."""
    rows = ["   ".join(lines[i : i + per_line]) for i in range(0, len(lines), per_line)]
    if rows:
        rows[0] = "Events: " + rows[0]
    if outside:
        rows.append(f"({outside} configured event{'s' if outside != 1 else ''} outside these dates not drawn)")
    chars = max(40, int(width * 72 / (fontsize * 0.5)))  # DejaVu Sans: under half an em a character on average
    return "\n".join(textwrap.fill(row, chars, subsequent_indent="  ") for row in rows)


#: The next finer step to suggest when every value falls in one period.
_FINER = {"year": "quarter", "quarter": "month"}


def _one_period(title: str, period: str, labels: list[str]) -> str:
    """Why a figure over time is not drawn when each panel's values fall in one period."""
    hint = f"; a finer step may split them (-p period {_FINER[period]})" if period in _FINER else ""
    where = (
        f"every value shown falls in one {period} ({labels[0]})"
        if len(labels) == 1
        else f"each panel's values fall in one {period} ({', '.join(labels)})"
    )
    return f"{title}: {where}, and a change needs at least two{hint}"


@style.styled
def plot_over_time(
    table: pd.DataFrame,
    item: str,
    period: str,
    ylabel: str,
    title: str,
    item_labels: dict | None = None,
    events: pd.DataFrame | None = None,
    min_n: int = 3,
    n_label: str = "n",
    ylim=None,
    zero_line: bool = False,
    max_panels: int = 12,
    ncols: int = 3,
):
    """One panel per ``item`` value, one line per group over the periods.

    ``table`` has group, period, the ``item`` column (or columns, joined by " – "),
    mean, lo, hi and n (one row per group × period × item). Panels are the items with the
    most n first (at most ``max_panels``; the title says how many were left out). When no
    shown panel has values in two periods there is no change to draw: a
    :class:`~analysis.plots.style.NoFigure` says so (the table still has the values).
    """
    item_labels = item_labels or {}
    events = events if events is not None else pd.DataFrame(columns=["date", "label"])
    cols = [item] if isinstance(item, str) else list(item)
    data = table.assign(
        _item=[" – ".join(item_labels.get(v, str(v)) for v in vals) for vals in zip(*[table[c] for c in cols])]
    )
    weight = data.groupby("_item")["n"].sum()
    items = sorted(weight.index, key=lambda k: (-weight[k], k))
    hidden = max(0, len(items) - max_panels)
    items = items[:max_panels]
    if not items:
        return style.NoFigure(f"{title}: no dated article has a value here")
    shown = data[data["_item"].isin(items)]
    if shown.groupby("_item")["period"].nunique().max() < 2:  # one point per panel: no change to read
        return style.NoFigure(_one_period(title, period, sorted(set(shown["period"]))))
    groups = list(dict.fromkeys(sorted(set(data["group"]), key=style.group_sort_key)))
    colours = style.colours(groups)
    names = style.group_names(groups)
    ncols = max(1, min(ncols, len(items)))
    nrows = math.ceil(len(items) / ncols)
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(4.4 * ncols + 0.6, 2.9 * nrows + 1.6), squeeze=False, sharex=True, layout="constrained"
    )
    start, end = _span(data["period"], period)
    pad = (end - start) * 0.03
    numbers, lines = event_numbers(events, start - pad, end + pad)
    for ax, it in zip(axes.flat, items):
        part = data[data["_item"] == it]
        if zero_line:
            ax.axhline(0, color="0.5", lw=0.8)
        draw_events(ax, events, start - pad, end + pad, numbers)
        for group in groups:
            g = part[part["group"] == group].sort_values("period")
            if g.empty:
                continue
            x = _x(g["period"], period)
            ok = (g["n"] >= min_n).to_numpy()
            colour = colours[group]
            if ok.any():
                # over every period from the first to the last: a period without a point
                # breaks the line instead of joining across it
                gs = g[ok].set_index("period").reindex(all_periods(g["period"][ok], period))
                xs = _x(gs.index, period)
                ax.fill_between(xs, gs["lo"], gs["hi"], color=colour, alpha=0.15, lw=0)
                ax.plot(xs, gs["mean"], "-o", color=colour, ms=3.5, lw=1.3, label=names[group])
                ax.vlines(xs, gs["lo"], gs["hi"], color=colour, lw=0.9, alpha=0.45)  # also for a lone point
            if (~ok).any():
                ax.scatter(x[~ok], g["mean"][~ok], s=16, facecolors="none", edgecolors=_GREY, lw=0.9, zorder=3)
            if len(g) <= 12:  # n beside each point while it stays legible
                for xi, yi, n in zip(x, g["mean"], g["n"]):
                    ax.annotate(
                        f"{int(n)}", (xi, yi), xytext=(2, 2), textcoords="offset points", fontsize=6, color="0.35"
                    )
        ax.set_title(textwrap.fill(it, 48), fontsize=9.5, loc="left")
        if ylim is not None:
            ax.set_ylim(*ylim)
        bottom, top = ax.get_ylim()
        ax.set_ylim(bottom, top + 0.14 * (top - bottom))  # room for the event numbers
        ax.set_xlim(start - pad, end + pad)
        locator = mdates.AutoDateLocator(minticks=3, maxticks=7)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    for k, ax in enumerate(axes.flat):
        if k >= len(items):
            ax.set_visible(False)
        elif k % ncols == 0:
            ax.set_ylabel(ylabel)
    handles = [plt.Line2D([], [], color=colours[g], marker="o", ms=4, lw=1.3) for g in groups]
    labels = [names[g] for g in groups]
    handles.append(plt.Line2D([], [], ls="", marker="o", mfc="none", mec=_GREY, ms=4))
    labels.append(f"fewer than {min_n} {n_label} (not joined)")
    fig.legend(handles, labels, loc="outside right upper", frameon=False, fontsize=8)
    more = f"; {hidden} more panel{'s' if hidden != 1 else ''} with less data not shown" if hidden else ""
    fig.suptitle(f"{title}\n(per {period}; band: 95% bootstrap interval; small numbers: {n_label}{more})", fontsize=11)
    footer = _footer(lines, len(events) - len(lines), fig.get_figwidth())
    if footer:
        fig.text(0.01, 0.0, footer, fontsize=7, color="0.25", va="top", ha="left")
    return fig


@style.styled
def plot_articles_over_time(counts: pd.DataFrame, period: str, events=None, undated: int = 0):
    """Stacked bars: dated articles per period and group (the volume every other figure rests on)."""
    events = events if events is not None else pd.DataFrame(columns=["date", "label"])
    fig, ax = plt.subplots(figsize=(9, 3.8), layout="constrained")
    if counts.empty:
        ax.axis("off")
        ax.text(0.5, 0.5, f"no dated article ({undated} undated)", ha="center", va="center")
        return fig
    groups = list(dict.fromkeys(sorted(set(counts["group"]), key=style.group_sort_key)))
    colours = style.colours(groups)
    names = style.group_names(groups)
    labels = sorted(set(counts["period"]))
    every = all_periods(labels, period)
    x = mdates.date2num(_x(every, period))
    width = {"month": 25, "quarter": 80, "year": 300}[period]  # days
    bottom = np.zeros(len(every))
    for group in groups:
        part = counts[counts["group"] == group].set_index("period")["articles"].reindex(every, fill_value=0)
        ax.bar(x, part.to_numpy(), width=width, bottom=bottom, color=colours[group], label=names[group])
        bottom += part.to_numpy()
    start, end = _span(every, period)
    pad = (end - start) * 0.03
    numbers, lines = event_numbers(events, start - pad, end + pad)
    draw_events(ax, events, start - pad, end + pad, numbers)
    ax.set_xlim(start - pad, end + pad)
    ax.set_ylim(0, max(1.0, float(bottom.max())) * 1.18)  # room for the event numbers
    locator = mdates.AutoDateLocator(minticks=3, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_ylabel(f"articles per {period}")
    total = int(counts["articles"].sum())
    ax.set_title(
        f"Dated articles per {period} and group (n = {total:,} dated; {undated:,} undated, left out of every figure over time)",
        loc="left",
        fontsize=10,
    )
    fig.legend(loc="outside right upper", frameon=False, fontsize=8)
    footer = _footer(lines, len(events) - len(lines), fig.get_figwidth())
    if footer:
        fig.text(0.01, 0.0, footer, fontsize=7, color="0.25", va="top", ha="left")
    return fig
