"""Where things are: the notebooks, the repository, and the paths a notebook is given.

A notebook can be run from anywhere: ``make report`` runs it in a build folder,
``papermill notebooks/01_corpus_overview.ipynb out.ipynb`` from the repository root,
JupyterLab (``make lab``) in ``notebooks/``. Its default paths (``../seeds``) are
written from the notebooks folder, so :func:`resolve_input` reads a relative input
path from the current folder when it exists there, else from the notebooks folder.
Outputs are never written into the repository's tracked folders unless asked: an
empty ``figures_dir`` means :data:`RUN_FIGURES` in the current folder.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
#: where a notebook run outside ``make report`` writes its figures (``figures_dir`` empty)
RUN_FIGURES = os.path.join("framing-run", "figures")


def repository() -> Path | None:
    """The source checkout this package runs from (a clone or an editable install), else None."""
    root = PACKAGE.parent
    if (root / "pyproject.toml").is_file() and (root / "notebooks").is_dir() and (root / "analysis").is_dir():
        return root
    return None


def notebooks_folder() -> Path:
    """The source notebooks: ``notebooks/`` of the repository, else the copy installed
    with the package (``analysis/notebooks/`` after ``pip install``)."""
    root = repository()
    return root / "notebooks" if root is not None else PACKAGE / "notebooks"


def resolve_input(path) -> str:
    """A notebook's input path (corpus, configuration, tables, gold labels), as text.

    Absolute paths and relative paths that exist from the current folder are kept; a
    relative path that does not is read from the notebooks folder, where the notebooks'
    defaults (``../seeds``) are written from. Empty stays empty; a path found nowhere is
    returned as given, so the error that follows names it as the user wrote it.
    """
    if path is None or str(path) == "":
        return "" if path is None else path
    p = Path(os.path.expanduser(str(path)))
    if p.is_absolute() or p.exists():
        return str(p)
    beside = notebooks_folder() / p
    if beside.exists():
        return os.path.normpath(beside)
    return str(path)


def output_folder(path, default: str = RUN_FIGURES) -> Path:
    """An output folder of a notebook: ``path`` (relative to the current folder), or
    ``default`` when empty, so that a run outside ``make report`` writes into a folder of
    its own and not into the repository's tracked ``figures/``."""
    return Path(os.path.expanduser(str(path))) if path else Path(default)


def git_commit(root: Path | None = None) -> dict | None:
    """The commit of the code (``commit``, and ``dirty`` when tracked files differ from
    it), or None when not run from a git clone or git is not installed."""
    root = root or repository()
    if root is None or not (root / ".git").exists():
        return None
    try:
        head = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=20, check=True
        ).stdout.strip()
        status = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=20,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return {"commit": head, "dirty": bool(status.strip())} if head else None


def sha256(path) -> str:
    """SHA-256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
