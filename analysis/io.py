"""Writing files: the one atomic write, and the tables behind figures.

Every file the package writes goes through :func:`atomic_write`: the content is written
to a temporary file beside the target and renamed over it, so a reader never sees a
half-written file and a failure leaves the previous file intact. The file gets the
permissions of a normally created file (``0o666`` masked by the process umask, 0644
under umask 022), not the 0600 that :func:`tempfile.mkstemp` gives.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def umask() -> int:
    """The process umask (read without changing it for long)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write(target, data: bytes | str | Callable[[str], None], encoding: str = "utf-8") -> Path:
    """Write ``data`` to ``target`` atomically, with umask permissions; return the path.

    ``data`` is bytes, text (encoded with ``encoding``) or a function that writes the
    file at the temporary path it is given (``lambda tmp: frame.to_csv(tmp)``).
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}-", suffix=".tmp")
    try:
        if callable(data):
            os.close(fd)
            data(tmp)
        else:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data.encode(encoding) if isinstance(data, str) else data)
        os.chmod(tmp, 0o666 & ~umask())
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target


def copy_file(src, target) -> Path:
    """Copy ``src`` to ``target`` atomically (umask permissions)."""
    return atomic_write(target, Path(src).read_bytes())


def save_table(frame, name: str, folder) -> Path | None:
    """Write the tidy table behind a figure as ``NAME.csv`` (skipped when ``folder`` is empty)."""
    if not folder:
        return None
    return atomic_write(Path(folder) / f"{name}.csv", lambda tmp: frame.to_csv(tmp, index=False, lineterminator="\n"))
