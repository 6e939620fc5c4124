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


def styled(plot):
    """Decorator: draw (and return the figure of) ``plot`` inside :func:`context`."""

    @functools.wraps(plot)
    def wrapper(*args, **kwargs):
        with context():
            return plot(*args, **kwargs)

    return wrapper


def new_axes(ax, figsize):
    """``(fig, ax)``: the figure of ``ax`` when one is given, else a new figure of ``figsize``."""
    if ax is not None:
        return ax.figure, ax
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=figsize, layout="constrained")


def colours(keys) -> dict:
    """A colour for each key in the order given, cycling through Okabe–Ito."""
    return {k: OKABE_ITO[i % len(OKABE_ITO)] for i, k in enumerate(dict.fromkeys(keys))}


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


def _render(fig, ext: str) -> bytes:
    buf = io.BytesIO()
    kwargs = (
        {"dpi": PRINT_DPI, "metadata": {"Software": None}}
        if ext == "png"
        else {"metadata": {"Date": None, "Creator": None}}
    )
    with context():
        fig.savefig(buf, format=ext, **kwargs)
    data = buf.getvalue()
    if ext == "svg":
        data = _stable_clip_ids(data.decode("utf-8")).encode("utf-8")
    return data


def save_figure(fig, name: str, folder, show: bool | None = None) -> list[Path]:
    """Save ``fig`` as ``NAME.png`` (300 dpi) and ``NAME.svg`` in ``folder``; return the paths.

    Each format is rendered once, the layout solved once (for the PNG). In a Jupyter kernel (or with ``show=True``) the figure
    is then shown from the same PNG, scaled to its on-screen size, and closed, so the
    inline backend does not render it a third time.
    """
    from analysis.io import atomic_write

    folder = Path(folder)
    paths, png = [], b""
    engine = fig.get_layout_engine()
    try:
        for ext in ("png", "svg"):
            data = _render(fig, ext)
            png = data if ext == "png" else png
            paths.append(atomic_write(folder / f"{name}.{ext}", data))
            # the layout is done: the SVG keeps it instead of solving it again (a third of its time)
            fig.set_layout_engine("none")
    finally:
        fig.set_layout_engine(engine)
    if show is None:
        from analysis.study import in_kernel

        show = in_kernel()
    if show:
        from IPython.display import Image, display

        width = round(fig.get_window_extent().width * 1.0)  # screen pixels at figure.dpi
        display(Image(data=png, format="png", width=width))
        import matplotlib.pyplot as plt

        plt.close(fig)
    return paths
