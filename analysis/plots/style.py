"""One style for every figure, and deterministic saving (PNG and SVG).

Colours are the Okabe–Ito palette (safe for the common colour-vision deficiencies);
diverging quantities (sentiment, cooperation–conflict) use a blue–orange scale
centred on zero. SVGs are written with a fixed hash salt and no date, so two runs on
the same inputs give byte-identical files.
"""

from __future__ import annotations

import os
import re
import tempfile
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
}


def use() -> None:
    """Apply the project style to matplotlib (idempotent)."""
    matplotlib.rcParams.update(RC)


def colours(keys) -> dict:
    """A colour for each key in the order given, cycling through Okabe–Ito."""
    return {k: OKABE_ITO[i % len(OKABE_ITO)] for i, k in enumerate(dict.fromkeys(keys))}


def short_group(label: str) -> str:
    """A group label for axes: "unknown outlet (doc)" becomes "unknown outlet"."""
    return label.split(" (", 1)[0] if label.startswith("unknown ") else label


_CLIP_ID = re.compile(r'(?<=id=")p[0-9a-f]{10}(?=")|(?<=url\(#)p[0-9a-f]{10}(?=\))')


def _stable_clip_ids(path: Path) -> None:
    """Renumber clip-path ids in order of appearance.

    Matplotlib derives the id of a clip *path* from the Python object's address, which
    changes from run to run; numbering them makes identical figures identical files.
    """
    text = path.read_text(encoding="utf-8")
    ids: dict[str, str] = {}
    text = _CLIP_ID.sub(lambda m: ids.setdefault(m.group(), f"clip{len(ids):04d}"), text)
    path.write_text(text, encoding="utf-8")


def save_figure(fig, name: str, folder) -> list[Path]:
    """Save ``fig`` as ``NAME.png`` (300 dpi) and ``NAME.svg`` in ``folder``; return the paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for ext, kwargs in (("png", {"dpi": PRINT_DPI, "metadata": {"Software": None}}),
                        ("svg", {"metadata": {"Date": None, "Creator": None}})):
        target = folder / f"{name}.{ext}"
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=f".{ext}")
        os.close(fd)
        try:
            with matplotlib.rc_context({"svg.hashsalt": "framing-analysis"}):
                fig.savefig(tmp, format=ext, **kwargs)
            if ext == "svg":
                _stable_clip_ids(Path(tmp))
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        paths.append(target)
    return paths
