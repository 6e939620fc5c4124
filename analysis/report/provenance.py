"""What ``run.json`` records so a report can be traced and rerun: the code (version and
git commit), the configuration files (SHA-256), every parameter's effective value with
the defaults included, and when the run started and ended."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

from analysis.report.paths import git_commit, sha256


def now() -> str:
    """The current time, UTC, ISO 8601 to the second (``2026-12-01T17:45:22Z``)."""
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def code() -> dict:
    """The package's version, and the git commit it runs from (None outside a clone)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        ver = version("framing-analysis")
    except PackageNotFoundError:
        from analysis import __version__ as ver
    found = git_commit()
    return {
        "version": ver,
        "commit": found["commit"] if found else None,
        "dirty": found["dirty"] if found else None,
    }


def _label(path: Path, start: Path | None) -> str:
    from analysis.dictionaries.registry import DATA

    try:
        return "packaged:" + path.resolve().relative_to(Path(str(DATA)).resolve()).as_posix()
    except ValueError:
        pass
    if start is not None:
        import os

        try:
            return Path(os.path.relpath(path.resolve(), start.resolve())).as_posix()
        except ValueError:
            pass
    return str(path)


def config_checksums(config=None, start: Path | None = None) -> dict[str, str]:
    """SHA-256 of every configuration file a run reads: the study file and, for each part
    (actors, issues, cues, frames, labels, ...), the file it names or the packaged default
    (``packaged:NAME``), plus the packaged lexicon overlay when it is on. Paths relative to
    ``start``; an inline part has no file and is covered by the study file."""
    from analysis.dictionaries.registry import CONFIG_KEYS, default_path, load_config

    cfg = load_config(config)
    files: dict[str, str] = {}
    if cfg.source is not None:
        files[_label(cfg.source, start)] = sha256(cfg.source)
    for key in sorted(CONFIG_KEYS - {"lexicon_overlay"}):
        value = getattr(cfg, key, None)
        if value is None:
            path = default_path(f"{key}.yaml")
        elif isinstance(value, (str, Path)):
            path = Path(value)
            if not path.is_absolute() and cfg.source is not None:
                path = cfg.source.parent / path
        else:
            continue
        if path.is_file():
            files[_label(path, start)] = sha256(path)
    if cfg.lexicon_overlay:
        overlay = default_path("lexicon_overlay.tsv")
        if overlay.is_file():
            files[_label(overlay, start)] = sha256(overlay)
    return dict(sorted(files.items()))


def default_value(spec: dict):
    """A notebook parameter's default as a value (papermill gives its source text)."""
    text = spec.get("default")
    try:
        return ast.literal_eval(text) if isinstance(text, str) else text
    except (ValueError, SyntaxError):
        return text


def effective_parameters(declared: dict, given: dict) -> dict:
    """Every parameter a notebook declares with the value it runs with: ``given`` where
    set, else the notebook's default."""
    return {name: given[name] if name in given else default_value(spec) for name, spec in declared.items()}
