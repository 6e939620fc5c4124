"""One style for every figure, and deterministic saving (PNG and SVG).

Colours are the Okabe–Ito palette (safe for the common colour-vision deficiencies);
diverging quantities (sentiment, cooperation–conflict) use a blue–orange scale
centred on zero. SVGs are written with a fixed hash salt and no date, so two runs on
the same inputs give byte-identical files.

Text is never parsed as mathtext (``text.parse_math`` off in :data:`RC`): labels come
from the corpus and the configuration, and a ``$`` in them is drawn as it is. A text
object takes the setting when it is created, and every plot is drawn inside
:func:`context` (:func:`styled`), as is every save (:func:`save_figure`).
"""

from __future__ import annotations

import functools
import io
import math
import re
from contextlib import contextmanager
from pathlib import Path

import matplotlib

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442"]
DIVERGING = "PuOr"  # orange = negative / conflict, purple = positive / cooperation
PRINT_DPI = 300

RC = {
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "legend.fontsize": 9,
    "figure.titlesize": 12,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.prop_cycle": matplotlib.cycler(color=OKABE_ITO),
    "svg.hashsalt": "framing-analysis",
    "svg.fonttype": "path",
    "figure.dpi": 100,
    "savefig.bbox": "tight",
    "font.family": "DejaVu Sans",
    # every string is drawn as plain text: a "$" in an outlet, actor, frame or word is
    # not mathtext (an outlet "$x$ News" would be typeset, "$\\frac{1}{0}$" would crash)
    "text.parse_math": False,
}


@contextmanager
def context():
    """The project style as a context (:func:`matplotlib.rc_context`): global rcParams are
    left as they were."""
    with matplotlib.rc_context(RC):
        yield


class NoFigure:
    """What a plot returns when there is nothing to draw: a short note, not an empty figure.

    :func:`save_figure` writes no file for it (and removes a stale one of the same name)
    and shows the note in the notebook instead.
    """

    def __init__(self, reason: str):
        self.reason = reason

    def __repr__(self) -> str:
        return f"No figure: {self.reason}"

    def _repr_markdown_(self) -> str:
        import html

        return f"*No figure: {html.escape(self.reason)}.*"


#: Why a plot whose table is empty draws nothing (see :func:`styled`).
EMPTY = {
    "plot_actor_scores": "no group × actor cell has a scored sentence (or none reaches min_mentions)",
    "plot_actor_arc": "no sentence mentions a shown actor",
    "plot_relations_network": "no sentence relates two of the shown actors (or no pair reaches min_mentions)",
    "plot_dyad_heatmap": "no sentence relates two of the shown actors (or no pair reaches min_mentions)",
    "plot_stance_matrix": "no actor is named with an issue in any group (or no cell reaches min_mentions)",
    "plot_frame_shares": "no article has a scored sentence",
    "plot_word_choice": "no label variant of the label list is used in the corpus",
    "plot_fightin_words": "fewer than two groups with words: nothing to compare",
    "plot_mentions_per_article": "no actor is mentioned",
    "plot_sentiment_arc": "no scored sentence",
    "plot_over_time": "no dated article has a value here",
    "plot_articles_over_time": "no dated article",
}


def styled(plot):
    """Decorator: draw (and return the figure of) ``plot`` inside :func:`context`.

    When the table it is given (its first argument) is empty, the plot is not drawn: a
    :class:`NoFigure` saying why (:data:`EMPTY`) is returned instead.
    """

    @functools.wraps(plot)
    def wrapper(*args, **kwargs):
        first = args[0] if args else None
        if getattr(first, "empty", False) and hasattr(first, "columns"):
            return NoFigure(EMPTY.get(plot.__name__, "nothing to draw"))
        with context():
            return plot(*args, **kwargs)

    return wrapper


def new_axes(ax, figsize):
    """``(fig, ax)``: the figure of ``ax`` when one is given, else a new figure of ``figsize``."""
    if ax is not None:
        return ax.figure, ax
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=figsize, layout="constrained")


#: After the eight Okabe–Ito colours (more groups or actors than that): muted, distinct ones.
EXTRA = ["#882255", "#44AA99", "#117733", "#999933", "#332288", "#AA4499", "#661100", "#6699CC"]
PALETTE = OKABE_ITO + EXTRA
OTHER_COLOUR = "#9A9A9A"  # a pooled "other (...)" group
_STABLE: dict[str, str] = {}  # key -> colour, set once per study (register_colours)
_ORDER: dict[str, int] = {}  # key -> position, for legends in a stable order


def _is_other(key) -> bool:
    return str(key).startswith("other (")


def register_colours(keys) -> dict:
    """Fix a colour for each key (groups by size, actors in configuration order), so every
    figure of a study draws the same group or actor in the same colour whatever subset it
    shows. Keys registered together get distinct colours (in order, ``PALETTE``; a pooled
    "other (...)" group is grey); registering again replaces those keys' colours."""
    keys = list(dict.fromkeys(keys))
    out, k = {}, 0
    for key in keys:
        if _is_other(key):
            out[key] = OTHER_COLOUR
        else:
            out[key] = PALETTE[k % len(PALETTE)]
            k += 1
    _STABLE.update(out)
    _ORDER.update({key: i for i, key in enumerate(keys)})
    return out


def colours(keys) -> dict:
    """A colour for each key: its registered colour (:func:`register_colours`), else the
    next of ``PALETTE`` not used by a registered key of this call, in the order given."""
    keys = list(dict.fromkeys(keys))
    used = {_STABLE[k] for k in keys if k in _STABLE}
    free = [c for c in PALETTE if c not in used] or PALETTE
    out, i = {}, 0
    for key in keys:
        if key in _STABLE:
            out[key] = _STABLE[key]
        elif _is_other(key):
            out[key] = OTHER_COLOUR
        else:
            out[key] = free[i % len(free)]
            i += 1
    return out


def signed(value: float, digits: int = 2) -> str:
    """``value`` with its sign and ``digits`` decimals, never "-0.00": a value that rounds
    to zero (a bootstrap bound of -1e-17, an exact -0.0) is written "+0.00"."""
    return f"{round(float(value), digits) + 0.0:+.{digits}f}"


def group_sort_key(key):
    """Registered keys in their registered order (groups by size), then by name; "other" last."""
    return (_is_other(key), _ORDER.get(key, len(_ORDER)), str(key))


def group_names(groups, sep: str = " · ") -> dict[str, str]:
    """Axis names for group labels (the one helper every plot uses for them).

    The group of an unlabelled article, "unknown outlet (000_2ff674487f59d7c3)" (see
    :func:`analysis.stats.group_labels`), is named "unknown outlet"; where two groups would
    then share a name, each keeps the start of its doc_id after ``sep``:
    "unknown outlet · 000_2ff6…". Other labels are kept as they are.
    """
    groups = list(dict.fromkeys(groups))
    short = {g: g.split(" (", 1)[0] if g.startswith("unknown ") and g.endswith(")") else g for g in groups}
    taken = list(short.values())
    out = {}
    for g, s in short.items():
        if s == g or taken.count(s) == 1:
            out[g] = s
        else:
            doc = g[len(s) :].strip(" ()")
            out[g] = f"{s}{sep}{doc[:8]}…" if len(doc) > 8 else f"{s}{sep}{doc}"
    return out


def group_name(group: str) -> str:
    """:func:`group_names` of one group, for a title that names its article anyway."""
    return group_names([group])[group]


_CLIP_ID = re.compile(r'(?<=id=")p[0-9a-f]{10}(?=")|(?<=url\(#)p[0-9a-f]{10}(?=\))')


def _stable_clip_ids(text: str) -> str:
    """Renumber clip-path ids in order of appearance.

    Matplotlib derives the id of a clip *path* from the Python object's address, which
    changes from run to run; numbering them makes identical figures identical files.
    """
    ids: dict[str, str] = {}
    return _CLIP_ID.sub(lambda m: ids.setdefault(m.group(), f"clip{len(ids):04d}"), text)


#: No PNG is larger than this many pixels a side: a larger figure is written at the dpi that fits.
MAX_PIXELS = 6000


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) in pixels of PNG bytes (from the IHDR chunk)."""
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def _render(fig, ext: str, dpi: float = PRINT_DPI, bbox=None) -> bytes:
    """``fig`` as PNG or SVG bytes; ``bbox`` (inches) as :func:`_solve` gives it, else
    matplotlib solves the layout and the tight box itself."""
    if ext == "png" and bbox is not None:
        return _png(fig, dpi, bbox)
    buf = io.BytesIO()
    kwargs = (
        {"dpi": dpi, "metadata": {"Software": None}} if ext == "png" else {"metadata": {"Date": None, "Creator": None}}
    )
    with context():
        fig.savefig(buf, format=ext, bbox_inches=bbox if bbox is not None else "tight", **kwargs)
    data = buf.getvalue()
    if ext == "png" and max(png_size(data)) > MAX_PIXELS:
        # bounded: a figure too large to read at print resolution is written smaller
        side = max(png_size(data))
        return _render(fig, ext, math.floor(dpi * (MAX_PIXELS - 8) / side), bbox)
    if ext == "svg":
        data = _stable_clip_ids(data.decode("utf-8")).encode("utf-8")
    return data


def _png(fig, dpi: float, bbox) -> bytes:
    """PNG bytes of ``fig`` drawn into ``bbox`` (inches): at ``dpi``, or at the dpi that
    keeps it within :data:`MAX_PIXELS` a side (known before drawing, from the box).

    Saved as RGB, not matplotlib's RGBA: the figures are opaque, and the PNG encoder (a
    large share of saving a figure at 300 dpi) has a quarter less to compress.
    """
    from PIL import Image

    side = max(int(bbox.width * dpi), int(bbox.height * dpi))
    if side > MAX_PIXELS:  # bounded: a figure too large to read at print resolution is written smaller
        dpi = math.floor(dpi * (MAX_PIXELS - 8) / side)
    raw = io.BytesIO()
    with context():
        fig.savefig(raw, format="rgba", dpi=dpi, bbox_inches=bbox)
    data = raw.getvalue()
    pixels = len(data) // 4
    # the canvas is the box at dpi, each side truncated to whole pixels
    width = next(w for w in (int(bbox.width * dpi) + d for d in (0, -1, 1)) if w > 0 and pixels % w == 0)
    image = Image.frombuffer("RGBA", (width, pixels // width), data, "raw", "RGBA", 0, 1).convert("RGB")
    out = io.BytesIO()
    image.save(out, format="png", dpi=(dpi, dpi))
    return out.getvalue()


def _solve(fig, dpi: float = PRINT_DPI):
    """Solve ``fig``'s layout once (its layout engine, at ``dpi``) and return its tight
    bounding box in inches, padded as ``savefig(bbox_inches="tight")`` pads it.

    Both formats are then drawn into this box with the layout engine off: one draw each,
    instead of a layout pass, a hidden draw and a tight-box pass per format.
    """
    import matplotlib as mpl

    old_dpi = fig.dpi
    fig.dpi = dpi
    try:
        with context():
            engine = fig.get_layout_engine()
            if engine is not None and fig.axes:
                engine.execute(fig)
            renderer = fig._get_renderer()
            return fig.get_tightbbox(renderer).padded(mpl.rcParams["savefig.pad_inches"])
    finally:
        fig.dpi = old_dpi


#: Locators whose ticks depend on the view limits only, not on the axes' size: fixed
#: before the layout is solved (others, such as the default ``AutoLocator``, after).
_SIZE_FREE = ("AutoDateLocator", "FixedLocator", "MultipleLocator", "NullLocator", "IndexLocator")


def _fix_ticks(fig, saved: list, size_free: bool = False) -> None:
    """Fix each axis's major ticks at the locations and labels the next draw would compute
    (only those of :data:`_SIZE_FREE` locators with ``size_free``); ``saved`` collects
    what :func:`_restore_ticks` puts back. The view limits must not change meanwhile."""
    from matplotlib.ticker import FixedFormatter, FixedLocator

    done = {id(entry[0].major) for entry in saved}
    for ax in fig.axes:
        for axis in ax._axis_map.values():
            if id(axis.major) in done:  # shared axes share one ticker
                continue
            locator, formatter = axis.get_major_locator(), axis.get_major_formatter()
            if size_free and type(locator).__name__ not in _SIZE_FREE:
                continue
            done.add(id(axis.major))
            locs = axis.get_majorticklocs()
            fixed = FixedFormatter(formatter.format_ticks(locs))
            fixed.set_offset_string(formatter.get_offset())
            saved.append((axis, locator, formatter, axis.isDefault_majloc, axis.isDefault_majfmt))
            axis.major.locator, axis.major.formatter = FixedLocator(locs), fixed
            fixed.set_axis(axis)


def _restore_ticks(saved: list) -> None:
    """Put back what :func:`_fix_ticks` replaced."""
    for axis, locator, formatter, loc_default, fmt_default in reversed(saved):
        axis.major.locator, axis.major.formatter = locator, formatter
        axis.isDefault_majloc, axis.isDefault_majfmt = loc_default, fmt_default
        axis.stale = True


def _pin_titles(fig) -> list:
    """Leave every title where the solved layout put it (matplotlib searches the tick
    labels and tight boxes again for it at each draw otherwise); returns the axes changed."""
    pinned = [ax for ax in fig.axes if getattr(ax, "_autotitlepos", None)]
    for ax in pinned:
        ax._autotitlepos = False
    return pinned


def _in_kernel() -> bool:
    from analysis.study import in_kernel

    return in_kernel()


def save_figure(fig, name: str, folder, show: bool | None = None) -> list[Path]:
    """Save ``fig`` as ``NAME.png`` (300 dpi) and ``NAME.svg`` in ``folder``; return the paths.

    An empty ``folder`` is ``framing-run/figures`` in the current folder
    (:func:`analysis.report.paths.output_folder`). A :class:`NoFigure` (a plot with nothing
    to draw) writes nothing and shows its note.

    A PNG is at most ``MAX_PIXELS`` (6,000) pixels a side: a larger figure is written at
    the dpi that fits (figures pool groups beyond ``top_groups`` so this stays rare).

    Each format is rendered once, the layout solved once (for the PNG). In a Jupyter kernel (or with ``show=True``) the figure
    is then shown from the same PNG, scaled to its on-screen size, and closed, so the
    inline backend does not render it a third time.
    """
    from analysis.io import atomic_write
    from analysis.report.paths import output_folder

    folder = output_folder(folder)  # empty: a folder of the run (never the tracked figures/)
    if fig is None or isinstance(fig, NoFigure):
        note = fig if fig is not None else NoFigure("nothing to draw")
        for ext in ("png", "svg"):  # an earlier run's figure would contradict the note
            (folder / f"{name}.{ext}").unlink(missing_ok=True)
        if show if show is not None else _in_kernel():
            from IPython.display import display

            display(note)
        return []
    paths, png = [], b""
    # Solved once, drawn once per format: each draw of a save updates every axis's ticks
    # several times (tick labels, the axis label's and the title's positions, tight boxes),
    # and locators and formatters (dates above all) dominated the time of small multiples.
    engine, saved, pinned = fig.get_layout_engine(), [], []
    try:
        _fix_ticks(fig, saved, size_free=True)  # dates: fixed for the layout pass too
        bbox = _solve(fig)
        fig.set_layout_engine(None)  # solved: neither format solves it again
        _fix_ticks(fig, saved)  # the view limits and the axes' sizes are final now
        pinned = _pin_titles(fig)
        for ext in ("png", "svg"):
            data = _render(fig, ext, bbox=bbox)
            png = data if ext == "png" else png
            paths.append(atomic_write(folder / f"{name}.{ext}", data))
    finally:
        for ax in pinned:
            ax._autotitlepos = True
        _restore_ticks(saved)
        fig.set_layout_engine(engine)
    if show is None:
        show = _in_kernel()
    if show:
        from IPython.display import Image, display

        width = round(fig.get_window_extent().width * 1.0)  # screen pixels at figure.dpi
        display(Image(data=png, format="png", width=width))
        import matplotlib.pyplot as plt

        plt.close(fig)
    return paths
