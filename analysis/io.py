"""Writing files: the one atomic write, the tables behind figures, and the check that
no output path overwrites an input (:func:`check_output_path`).

Every file the package writes goes through :func:`atomic_write`: the content is written
to a temporary file beside the target and renamed over it, so a reader never sees a
half-written file and a failure leaves the previous file intact. The file gets the
permissions of a normally created file (``0o666`` masked by the process umask, 0644
under umask 022), not the 0600 that :func:`tempfile.mkstemp` gives.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from analysis.errors import InputError


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


#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(frame):
    """``frame`` with every text cell that starts like a formula (``= + - @``, a tab or a
    carriage return) prefixed with an apostrophe, so a spreadsheet shows it as text.

    Only text cells change: numbers (a ``-0.5`` in a numeric column) are left as they
    are. The frame is copied only when a cell changes. For CSV files; Parquet keeps
    the raw values.
    """
    out = None
    for col in frame.columns:
        series = frame[col]
        if series.dtype.kind in "biufcmM":
            continue
        values = series.to_numpy(dtype=object, copy=True)
        formula = [isinstance(v, str) and v.startswith(FORMULA_START) for v in values]
        if any(formula):
            if out is None:
                out = frame.copy()
            out[col] = ["'" + v if f else v for v, f in zip(values, formula)]
    return frame if out is None else out


def unneutralise(frame):
    """Undo :func:`spreadsheet_safe` on a CSV read back as text (a coding sheet): a cell
    that starts with an apostrophe followed by a formula character loses the apostrophe."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype.kind not in "biufcmM":
            out[col] = out[col].map(
                lambda v: v[1:] if isinstance(v, str) and v.startswith("'") and v[1:].startswith(FORMULA_START) else v
            )
    return out


def to_csv(frame, path=None, **kwargs) -> str | None:
    """Write ``frame`` as CSV (no index, ``\\n`` line ends) with text cells made
    :func:`spreadsheet_safe`: the one CSV writer of the package. Without ``path``, return
    the CSV text."""
    kwargs.setdefault("index", False)
    kwargs.setdefault("lineterminator", "\n")
    return spreadsheet_safe(frame).to_csv(path, **kwargs)


#: Significant digits of the numbers in the tables behind figures: far beyond what any of
#: them measures, and no binary noise ("0.30125", not "0.30124999999999885").
TABLE_DIGITS = 10


def save_table(frame, name: str, folder) -> Path | None:
    """Write the tidy table behind a figure as ``NAME.csv`` (skipped when ``folder`` is empty).

    Text cells that start like a spreadsheet formula get an apostrophe (:func:`to_csv`);
    numbers are written to :data:`TABLE_DIGITS` significant digits."""
    if not folder:
        return None
    fmt = f"%.{TABLE_DIGITS}g"
    return atomic_write(Path(folder) / f"{name}.csv", lambda tmp: to_csv(frame, tmp, float_format=fmt))


def _inside(path: Path, folder: Path) -> bool:
    """True when ``path`` is ``folder`` or lies somewhere under it (both resolved)."""
    return path == folder or folder in path.parents


def check_output_path(out, inputs, kind: str = "folder", option: str = "--out") -> Path:
    """Refuse an output path that could write over an input; return ``out`` as a Path.

    ``out`` is a folder the command writes into (``kind="folder"``: the tables of
    ``score``, the report, ``--figures``) or a file it writes (``kind="file"``: a
    coding sheet, a JSON result). ``inputs`` are the files and folders the command
    reads (None entries are skipped). Refused, as an :class:`InputError` naming ``out``:

    * ``out`` is one of the inputs;
    * an input lies inside ``out`` (the output folder holds the corpus, the
      configuration, ...);
    * ``out`` lies inside an input folder (a folder corpus);
    * ``out`` is an existing file where a folder is expected, or an existing folder
      where a file is expected.

    Paths are compared after resolving symbolic links and ``..``.
    """
    if kind not in ("folder", "file"):
        raise ValueError(f"kind must be 'folder' or 'file', not {kind!r}")
    out = Path(out)
    if out.is_symlink() and not out.exists():
        raise InputError(out, f"is a link to nothing (a dangling link); {option} must name a real path")
    try:
        os.stat(out)
    except FileNotFoundError:
        pass
    except OSError as exc:  # a name too long, a file where a folder is expected on the way
        raise InputError(out, f"{option} cannot be used: {(exc.strerror or str(exc)).lower()}") from None
    if kind == "folder" and out.is_file():
        raise InputError(out, f"is a file; {option} names a folder to write into")
    if kind == "file" and out.is_dir():
        raise InputError(out, f"is a folder; {option} names the file to write")
    target = out.resolve()
    for given in inputs:
        if given is None or given == "":
            continue
        source = Path(given).resolve()
        if target == source:
            raise InputError(out, f"{option} is the input {given}; choose another {option}")
        if kind == "folder" and _inside(source, target):
            raise InputError(out, f"{option} folder holds the input {given}; choose another {option}")
        if source.is_dir() and _inside(target, source):
            raise InputError(out, f"{option} lies inside the input folder {given}; choose another {option}")
    return out


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux ``renameat2(RENAME_EXCHANGE)``); False
    where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0


def replace_folder(new, out) -> Path:
    """Put the complete folder ``new`` in the place of ``out`` (which may not exist).

    On Linux the two folders are exchanged in one atomic rename; elsewhere ``out`` is
    renamed aside, ``new`` renamed into place, and the old one renamed back if that
    fails. Either way a failure leaves the earlier folder whole, and a reader sees the
    old folder or the new one, never a mix. The old folder is then deleted. ``new`` (often
    made by :func:`tempfile.mkdtemp`, mode 0700) gets the permissions of a normally made
    folder (0755 under umask 022), so a report or table folder is readable by others.
    A run interrupted by a signal (:func:`analysis.errors.ask_to_stop`) is stopped here.
    """
    from analysis.errors import stop_if_asked

    stop_if_asked()  # an interrupted run never puts its outputs in place
    new, out = Path(new), Path(out)
    os.chmod(new, 0o777 & ~umask())
    if not out.exists():
        os.rename(new, out)
        return out
    if _exchange(new, out):
        shutil.rmtree(new, ignore_errors=True)  # now holds the earlier folder
        return out
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    os.rename(out, old)  # over the empty folder just made
    try:
        os.rename(new, out)
    except BaseException:
        os.rename(old, out)
        raise
    shutil.rmtree(old, ignore_errors=True)
    return out


def check_replaceable(out, patterns, what: str, option: str = "--out") -> None:
    """Refuse to replace a folder that holds something the command did not write.

    ``out`` is replaced as a whole (:func:`replace_folder`): tables of another engine or
    notebooks of an earlier run go with it. So that no file of the user's goes with it
    too, every entry of an existing ``out`` must match one of ``patterns`` (glob
    patterns of what the command writes); hidden files (``.DS_Store``) are allowed.
    """
    out = Path(out)
    if not out.is_dir():
        return
    for entry in sorted(out.iterdir()):
        if entry.name.startswith("."):
            continue
        if not any(entry.match(p) for p in patterns):
            raise InputError(
                out,
                f"{option} holds {entry.name!r}, which {what} did not write; the folder is replaced "
                f"as a whole, so choose an empty or new folder (or move that file)",
            )


@contextmanager
def output_lock(out, option: str = "--out"):
    """Hold a lock on the output folder ``out`` for one run.

    The lock is the file ``.NAME.lock`` beside the folder, locked with ``flock`` (released
    by the system if the process dies) and removed at the end. A second run into the
    same folder is refused with an :class:`InputError` instead of racing the first.
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    lock = out.parent / f".{out.name}.lock"
    try:
        import fcntl
    except ImportError:  # Windows: an exclusive create
        fcntl = None
    if fcntl is None:
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            raise InputError(
                out,
                f"another run is writing to this {option} (lock file {lock.name}); "
                "wait for it to finish or choose another folder",
            ) from None
    else:
        fd = os.open(lock, os.O_CREAT | os.O_RDWR, 0o666 & ~umask())
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            holder = ""
            try:
                holder = f", process {int(lock.read_text().strip())}"
            except (OSError, ValueError):
                pass
            raise InputError(
                out,
                f"another run is writing to this {option} (lock file {lock.name}{holder}); "
                "wait for it to finish or choose another folder",
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
    try:
        yield out
    finally:
        try:
            os.unlink(lock)
        except OSError:
            pass
        os.close(fd)
