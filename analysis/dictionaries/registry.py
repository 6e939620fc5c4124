"""Read YAML configuration files with errors that name the file and the key.

A study's configuration is one YAML file whose keys point at (or inline) the parts:

.. code-block:: yaml

    actors: my_actors.yaml        # or an inline mapping of the same shape
    issues: my_issues.yaml
    cues: my_cues.yaml
    frames: my_frames.yaml
    labels: my_labels.yaml        # label variants for word-choice comparisons
    events: my_events.yaml        # dated events marked on figures over time (or an inline list)
    lexicon_overlay: true         # domain overlay on VADER's lexicon (default on)
    relations: model              # relation pairs: the trained classifier (model) or the cue rules (rules)
    frame_method: dictionary      # frames: the cue dictionary (dictionary) or the trained frame model (model; packaged frames only)

Relative paths are resolved against the configuration file's folder. Every part
left out uses the default file shipped in ``analysis/data``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from analysis.errors import InputError

DATA = resources.files("analysis") / "data"
# libyaml's loader when PyYAML was built with it (the same safe constructors, a few times faster)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
CONFIG_KEYS = {"actors", "issues", "cues", "frames", "labels", "events", "lexicon_overlay", "relations", "frame_method"}


def read_yaml(path) -> Any:
    """Parse a YAML file; a syntax error becomes an InputError naming the file and line."""
    path = Path(str(path))
    if not path.is_file():
        raise InputError(path, "configuration file not found")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(path, "configuration file is not UTF-8") from None
    try:
        return yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "syntax error"
        raise InputError(path, f"invalid YAML{where}: {problem}") from None
    except ValueError as exc:  # an unquoted impossible date (2019-13-45) fails inside PyYAML
        raise InputError(path, f"invalid YAML value: {exc} (quote a date to keep it as text)") from None


def check_keys(mapping: Any, allowed: set[str], path, where: str, required: set[str] = frozenset()) -> dict:
    """Refuse a mapping that is not a dict, has unknown keys, or lacks required ones."""
    if not isinstance(mapping, dict):
        raise InputError(path, f"{where}: expected a mapping, got {type(mapping).__name__}")
    unknown = sorted(set(map(str, mapping)) - allowed)
    if unknown:
        raise InputError(path, f"{where}: unknown key {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})")
    missing = sorted(required - set(mapping))
    if missing:
        raise InputError(path, f"{where}: missing key {missing[0]!r}")
    return mapping


def default_path(name: str) -> Path:
    """Path of a default data file shipped with the package."""
    return Path(str(DATA / name))


@dataclass
class Config:
    """Where each part of a study's configuration comes from (paths or inline data)."""

    actors: Any = None
    issues: Any = None
    cues: Any = None
    frames: Any = None
    labels: Any = None
    events: Any = None
    lexicon_overlay: bool = True
    relations: str = "model"
    frame_method: str = "dictionary"
    source: Path | None = None
    _cache: dict = field(default_factory=dict, repr=False)

    def part(self, name: str, default_file: str, parse):
        """Parse one part once: ``parse(data, path)`` from inline data or a file."""
        if name in self._cache:
            return self._cache[name]
        value = getattr(self, name)
        if name == "events" and isinstance(value, list):  # an inline list of events
            value = {"events": value}
        if value is None:
            path = default_path(default_file)
            data = read_yaml(path)
        elif isinstance(value, (str, Path)):
            path = Path(value)
            if not path.is_absolute() and self.source is not None:
                path = self.source.parent / path
            data = read_yaml(path)
        else:
            path = self.source or Path("<config>")
            data = value
        parsed = parse(data, path)
        self._cache[name] = parsed
        return parsed


def load_config(config=None) -> Config:
    """A :class:`Config` from None (defaults), a Config, a mapping, or a YAML file path."""
    if config is None:
        return Config()
    if isinstance(config, Config):
        return config
    source = None
    if isinstance(config, (str, Path)):
        source = Path(config)
        config = read_yaml(source) or {}
    check_keys(config, CONFIG_KEYS, source or "<config>", "configuration")
    overlay = config.get("lexicon_overlay", True)
    if not isinstance(overlay, bool):
        raise InputError(source or "<config>", "lexicon_overlay: expected true or false")
    relations = config.get("relations", "model")
    if relations not in ("model", "rules"):
        raise InputError(source or "<config>", f"relations: expected model or rules, got {relations!r}")
    frame_method = config.get("frame_method", "dictionary")
    if frame_method not in ("dictionary", "model"):
        raise InputError(source or "<config>", f"frame_method: expected dictionary or model, got {frame_method!r}")
    return Config(
        relations=relations,
        frame_method=frame_method,
        actors=config.get("actors"),
        issues=config.get("issues"),
        cues=config.get("cues"),
        frames=config.get("frames"),
        labels=config.get("labels"),
        events=config.get("events"),
        lexicon_overlay=overlay,
        source=source,
    )
