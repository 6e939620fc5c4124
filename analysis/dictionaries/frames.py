"""The frame dictionary (frames.yaml): parsing, validation, loading."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from analysis.dictionaries.registry import Config, check_keys, default_path, load_config, read_yaml
from analysis.errors import InputError
from analysis.text.stem_match import Phrase, PhraseMatcher, phrase
from analysis.text.trie_match import compile_phrases

_SPACES = re.compile(r"\s+")

_FILE_KEYS = {"extends", "remove", "exclude", "frames"}


_FRAME_KEYS = {"id", "label", "description", "source", "weight", "min_weight", "cues", "exact"}


_CUE_KEYS = {"text", "weight", "stem"}


# -- the dictionary -----------------------------------------------------------------
@dataclass(frozen=True)
class Frame:
    id: str
    label: str
    cues: tuple[Phrase, ...]
    description: str = ""
    source: str = ""
    min_weight: float = 0.0  # summed cue weight a sentence needs to carry the frame (0: any cue)


@dataclass
class FrameSet:
    """The frames of a dictionary, in order, with a compiled cue matcher."""

    frames: tuple[Frame, ...]
    source: str = ""
    exclude: tuple[str, ...] = ()
    _matcher: PhraseMatcher | None = field(default=None, repr=False, compare=False)
    _exclude: re.Pattern | None = field(default=None, repr=False, compare=False)
    _firsts: set = field(default_factory=set, repr=False, compare=False)
    _names: list = field(default_factory=list, repr=False, compare=False)
    _order: dict = field(default_factory=dict, repr=False, compare=False)
    _min: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def ids(self) -> list[str]:
        return [f.id for f in self.frames]

    @property
    def labels(self) -> dict[str, str]:
        return {f.id: f.label for f in self.frames}

    def find(self, text: str, all_cues: bool = False) -> list[tuple[str, float, list[str]]]:
        """Frames carried by one text: (frame id, summed cue weight, matched cue surfaces).
        A frame with a ``min_weight`` is carried when its summed cue weight reaches it; with
        ``all_cues`` every frame with a cue in the text is listed (the frame model's features)."""
        return next(self.find_many([text], all_cues), (0, []))[1]

    def find_many(
        self, texts: list[str], all_cues: bool = False
    ) -> Iterator[tuple[int, list[tuple[str, float, list[str]]]]]:
        """(index, :meth:`find` result) of each of ``texts`` that carries a frame, in order."""
        if self._matcher is None:
            self._matcher = PhraseMatcher([c for f in self.frames for c in f.cues], per_owner=True)
            self._exclude = exclusion_pattern(self.exclude)
            # a word of each name that must occur for the name to: skip the regex otherwise
            self._firsts = {
                max((w for w in x.split() if "'" not in w and "’" not in w), key=len, default="") for x in self.exclude
            }
            self._names = [[w for w in x.split() if "'" not in w and "’" not in w] for x in self.exclude]
            self._order = {fid: k for k, fid in enumerate(self.ids)}
            self._min = {f.id: f.min_weight for f in self.frames if f.min_weight > 0}
        least = {} if all_cues else self._min
        for i, matches in self._matcher.find_many(texts):
            carried = self._carried(texts[i], matches)
            if least and carried:
                carried = [c for c in carried if c[1] >= least.get(c[0], 0.0)]
            if carried:
                yield i, carried

    def _carried(self, text: str, matches) -> list[tuple[str, float, list[str]]]:
        if self.exclude and any(map(text.__contains__, self._firsts)) and self._may_exclude(text):
            blocked = [m.span() for m in self._exclude.finditer(text)]
            matches = [(p, a, b) for p, a, b in matches if not any(a < y and x < b for x, y in blocked)]
        if len(matches) == 1:  # the usual case
            p, a, b = matches[0]
            return [(p.owner, 0.0 + p.weight, [_surface(text, p, a, b)])]
        found: dict[str, list] = {}
        for p, a, b in matches:
            entry = found.get(p.owner)
            if entry is None:
                entry = found[p.owner] = [0.0, [], set()]
            entry[0] += p.weight
            surface = _surface(text, p, a, b)
            key = surface.lower()
            if key not in entry[2]:
                entry[2].add(key)
                entry[1].append(surface)
        return [(fid, found[fid][0], found[fid][1]) for fid in sorted(found, key=self._order.__getitem__)]

    def _may_exclude(self, text: str) -> bool:
        """False when no name of the exclusion list can occur in ``text`` (each needs its words)."""
        return any(all(map(text.__contains__, words)) for words in self._names)


def exclusion_pattern(phrases) -> re.Pattern:
    """One case-sensitive pattern for names that hide cues ("The National Interest")."""
    return compile_phrases(sorted(set(phrases)))


def _weight(raw, path, where) -> float:
    if isinstance(raw, bool) or not isinstance(raw, (int, float)) or not math.isfinite(raw) or raw <= 0:
        raise InputError(path, f"{where}: weight must be a positive number, got {raw!r}")
    return float(raw)


def _parse_cues(raw, fid, key, default_weight, path, seen) -> list[Phrase]:
    where = f"frame {fid}.{key}"
    if not isinstance(raw, list) or not raw:
        raise InputError(path, f"{where}: expected a non-empty list")
    cues = []
    for i, item in enumerate(raw):
        w, stem, text = default_weight, key == "cues", item
        if isinstance(item, dict):
            check_keys(
                item, _CUE_KEYS if key == "cues" else _CUE_KEYS - {"stem"}, path, f"{where}[{i}]", required={"text"}
            )
            text = item["text"]
            if "weight" in item:
                w = _weight(item["weight"], path, f"{where}[{i}]")
            stem = item.get("stem", stem)
            if not isinstance(stem, bool):
                raise InputError(path, f"{where}[{i}].stem: expected true or false")
        if not isinstance(text, str):
            raise InputError(path, f"{where}[{i}]: expected a string, got {type(text).__name__}")
        if not text.strip():
            raise InputError(path, f"{where}[{i}]: empty cue")
        cue = phrase(text.strip(), fid, stem=stem, weight=w)
        if not cue.keys:
            raise InputError(path, f"{where}[{i}]: cue {text!r} has no words")
        ident = (cue.keys, stem)
        if ident in seen and seen[ident] != w:
            raise InputError(path, f"{where}[{i}]: cue {text!r} repeats an earlier cue with another weight")
        if ident not in seen:
            seen[ident] = w
            cues.append(cue)
    return cues


def parse_frames(data, path) -> FrameSet:
    """Validate a parsed frame dictionary (see the default file for the format)."""
    check_keys(data, _FILE_KEYS, path, "frame file", required={"frames"})
    frames: dict[str, Frame] = {}
    extends = data.get("extends")
    if extends is not None:
        if extends != "default":
            raise InputError(path, f"extends: only 'default' is supported, got {extends!r}")
        frames = {f.id: f for f in load_frames(None).frames}
    elif "remove" in data:
        raise InputError(path, "remove: only allowed together with 'extends: default'")
    exclude = list(load_frames(None).exclude) if extends is not None else []
    exclude += [x.strip() for x in _strings(data.get("exclude"), path, "exclude") if x.strip() not in exclude]
    remove = data.get("remove") or []
    if not isinstance(remove, list) or not all(isinstance(x, str) for x in remove):
        raise InputError(path, "remove: expected a list of frame ids")
    for fid in remove:
        if fid not in frames:
            raise InputError(path, f"remove: unknown frame id {fid!r}")
        del frames[fid]
    if not isinstance(data["frames"], list) or (not data["frames"] and extends is None):
        raise InputError(path, "frames: expected a non-empty list")
    seen = set()
    for i, raw in enumerate(data["frames"]):
        where = f"frames[{i}]"
        if isinstance(raw, dict) and isinstance(raw.get("id"), str) and raw["id"].strip():
            where = f"frame {raw['id']}"
        check_keys(raw, _FRAME_KEYS, path, where, required={"id"})
        fid = raw["id"]
        if not isinstance(fid, str) or not re.fullmatch(r"[A-Za-z][\w-]*", fid):
            raise InputError(path, f"{where}.id: expected a word such as 'security_defense', got {fid!r}")
        if fid in seen:
            raise InputError(path, f"{where}.id: duplicate frame id {fid!r}")
        seen.add(fid)
        for key in ("label", "description", "source"):
            if key in raw and not isinstance(raw[key], str):
                raise InputError(path, f"{where}.{key}: expected a string")
        weight = _weight(raw["weight"], path, f"{where}.weight") if "weight" in raw else 1.0
        least = _weight(raw["min_weight"], path, f"{where}.min_weight") if "min_weight" in raw else None
        if "cues" not in raw and "exact" not in raw:
            raise InputError(path, f"{where}: missing key 'cues' (or 'exact')")
        seen_cues: dict = {}
        cues = [
            c
            for key in ("cues", "exact")
            if key in raw
            for c in _parse_cues(raw[key], fid, key, weight, path, seen_cues)
        ]
        old = frames.get(fid)
        if old is not None:  # extending: add cues, override the texts given
            keys = {(c.keys, c.stem) for c in cues}
            cues = [c for c in old.cues if (c.keys, c.stem) not in keys] + cues
            frames[fid] = Frame(
                fid,
                raw.get("label", old.label),
                tuple(cues),
                raw.get("description", old.description),
                raw.get("source", old.source),
                old.min_weight if least is None else least,
            )
        else:
            frames[fid] = Frame(
                fid,
                raw.get("label", fid),
                tuple(cues),
                raw.get("description", ""),
                raw.get("source", ""),
                0.0 if least is None else least,
            )
    if not frames:
        raise InputError(path, "frames: no frame left")
    return FrameSet(tuple(frames.values()), str(path), tuple(exclude))


def _strings(raw, path, where) -> list[str]:
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(x, str) and x.strip() for x in raw):
        raise InputError(path, f"{where}: expected a list of non-empty strings")
    return raw


def load_frames(path=None) -> FrameSet:
    """Load a frame dictionary (the packaged default when ``path`` is None)."""
    p = default_path("frames.yaml") if path is None else Path(path)
    return parse_frames(read_yaml(p), p)


def is_default(frame_set: FrameSet) -> bool:
    """Whether ``frame_set`` is the packaged default dictionary, unchanged (the frames the
    trained frame model knows)."""
    return frame_set.source == str(default_path("frames.yaml"))


def frames_for(config=None) -> FrameSet:
    """The frame dictionary of a configuration (a FrameSet passes through)."""
    if isinstance(config, FrameSet):
        return config
    config = config if isinstance(config, Config) else load_config(config)
    return config.part("frames", "frames.yaml", parse_frames)


def _surface(text: str, p: Phrase, a: int, b: int) -> str:
    """The matched text, white space made single spaces (a single word holds none)."""
    return text[a:b] if len(p.keys) == 1 else _SPACES.sub(" ", text[a:b])
