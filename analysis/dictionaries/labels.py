"""The label-variant list (labels.yaml): parsing, validation, loading."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from analysis.dictionaries.registry import Config, check_keys, default_path, load_config, read_yaml
from analysis.errors import InputError
from analysis.text.stem_match import PhraseMatcher, phrase

_FILE_KEYS = {"extends", "targets"}


_TARGET_KEYS = {"id", "kind", "name", "variants"}


_VARIANT_KEYS = {"text", "needs_mention"}


_KINDS = ("actor", "issue")


@dataclass
class LabelSet:
    """Targets (actors and issues) with their label variants, and a compiled matcher."""

    targets: dict[str, dict]  # id -> {"kind", "name", "variants": [Phrase]}
    source: str = ""
    _matcher: PhraseMatcher | None = field(default=None, repr=False, compare=False)

    @property
    def names(self) -> dict[str, str]:
        return {tid: t["name"] for tid, t in self.targets.items()}

    def find(self, text: str) -> list[tuple]:
        """(phrase, start, end) of every variant in ``text`` (payload: needs_mention)."""
        if self._matcher is None:
            self._matcher = PhraseMatcher([v for t in self.targets.values() for v in t["variants"]], per_owner=False)
        return self._matcher.find(text)


def parse_labels(data, path) -> LabelSet:
    """Validate a parsed label file (see the default file for the format)."""
    check_keys(data, _FILE_KEYS, path, "label file", required={"targets"})
    extends = data.get("extends")
    targets: dict[str, dict] = {}
    if extends is not None:
        if extends != "default":
            raise InputError(path, f"extends: only 'default' is supported, got {extends!r}")
        targets = {k: {**v, "variants": list(v["variants"])} for k, v in load_labels(None).targets.items()}
    if not isinstance(data["targets"], list) or not data["targets"]:
        raise InputError(path, "targets: expected a non-empty list")
    seen_ids = set()
    for i, raw in enumerate(data["targets"]):
        where = f"targets[{i}]"
        if isinstance(raw, dict) and isinstance(raw.get("id"), str) and raw["id"].strip():
            where = f"target {raw['id']}"
        check_keys(raw, _TARGET_KEYS, path, where, required={"id", "variants"})
        tid = raw["id"]
        if not isinstance(tid, str) or not tid.strip():
            raise InputError(path, f"{where}.id: expected a non-empty string")
        if tid in seen_ids:
            raise InputError(path, f"{where}.id: duplicate target id {tid!r}")
        seen_ids.add(tid)
        old = targets.get(tid)
        kind = raw.get("kind", old["kind"] if old else "actor")
        if kind not in _KINDS:
            raise InputError(path, f"{where}.kind: expected actor or issue, got {kind!r}")
        name = raw.get("name", old["name"] if old else tid)
        if not isinstance(name, str):
            raise InputError(path, f"{where}.name: expected a string")
        variants = list(old["variants"]) if old else []
        if not isinstance(raw["variants"], list) or not raw["variants"]:
            raise InputError(path, f"{where}.variants: expected a non-empty list")
        for j, item in enumerate(raw["variants"]):
            vw = f"{where}.variants[{j}]"
            text, needs = item, False
            if isinstance(item, dict):
                check_keys(item, _VARIANT_KEYS, path, vw, required={"text"})
                text, needs = item["text"], item.get("needs_mention", False)
                if not isinstance(needs, bool):
                    raise InputError(path, f"{vw}.needs_mention: expected true or false")
                if needs and kind != "actor":
                    raise InputError(path, f"{vw}.needs_mention: only for kind actor")
            if not isinstance(text, str) or not text.strip():
                raise InputError(path, f"{vw}: empty variant")
            ph = phrase(text.strip(), tid, payload=needs)
            if not ph.keys:
                raise InputError(path, f"{vw}: variant {text!r} has no words")
            variants = [v for v in variants if v.keys != ph.keys] + [ph]
        targets[tid] = {"kind": kind, "name": name, "variants": variants}
    owner: dict[tuple, str] = {}
    for tid, t in targets.items():
        for v in t["variants"]:
            if owner.get(v.keys, tid) != tid:
                raise InputError(path, f"target {tid}: variant {v.text!r} is also a variant of {owner[v.keys]}")
            owner[v.keys] = tid
    return LabelSet(targets, str(path))


def load_labels(path=None) -> LabelSet:
    """Load a label file (the packaged default when ``path`` is None)."""
    p = default_path("labels.yaml") if path is None else Path(path)
    return parse_labels(read_yaml(p), p)


def labels_for(config=None) -> LabelSet:
    """The label variants of a configuration (a LabelSet passes through)."""
    if isinstance(config, LabelSet):
        return config
    config = config if isinstance(config, Config) else load_config(config)
    return config.part("labels", "labels.yaml", parse_labels)
