"""The relation cue lexicon: loading and validating ``cues.yaml``.

A cue file lists relation cues (a phrase, its CAMEO quad class and its Goldstein
intensity) and the word lists that drive the context rules (negators, plan and
condition markers, reporting verbs, clause boundaries). See the header of
``analysis/data/cues.yaml`` for the format. Bad files are refused with an
:class:`~analysis.errors.InputError` naming the file and the key.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from analysis.dictionaries.registry import check_keys, default_path, load_config, read_yaml
from analysis.errors import InputError
from analysis.text.clauses import Rules, TargetRules
from analysis.text.inflect_match import Phrase, PhraseIndex

QUADS = ("verbal cooperation", "material cooperation", "verbal conflict", "material conflict")
_FILE_KEYS = {
    "extends",
    "options",
    "negators",
    "not_negating",
    "hypothetical",
    "reporting_verbs",
    "boundaries",
    "subordinators",
    "target",
    "clauses",
    "dyads",
    "cues",
    "exclusions",
}
_TARGET_KEYS = ("negators", "speech_verbs", "boundaries", "boundary_marks")
#: The ``clauses`` and ``dyads`` sections: word lists of :class:`~analysis.text.clauses.Rules`.
_SECTION_KEYS = {
    "clauses": (
        "conjunctions",
        "clause_marks",
        "modals",
        "speaker_skip",
        "speaker_stops",
        "not_speakers",
        "pronouns",
    ),
    "dyads": (
        "coordinators",
        "coordination_skip",
        "passive_auxiliaries",
        "auxiliaries",
        "participles",
        "pronoun_subjects",
        "concessive",
        "demand_verbs",
    ),
}
_OPTION_KEYS = {"max_gap", "negation_window", "hypothetical_window", "max_partners"}
_CUE_KEYS = {"text", "class", "intensity", "cameo", "symmetric"}
_LIST_KEYS = ("negators", "not_negating", "hypothetical", "reporting_verbs", "boundaries", "subordinators")


@dataclass(frozen=True)
class Cue:
    text: str
    quad: str
    intensity: float
    cameo: str = ""
    symmetric: bool = False

    @property
    def relation(self) -> str:
        return "cooperation" if "cooperation" in self.quad else "conflict"


@dataclass
class CueSet:
    """The relation cues and the context word lists of one study."""

    cues: tuple[Cue, ...]
    rules: Rules
    max_gap: int = 2
    source: str = ""
    target: TargetRules | None = None  # the word lists of target sentiment
    exclusions: tuple[str, ...] = ()  # phrases in which no cue counts ("Cold War", "Armed Forces")
    max_partners: int = 4  # nearest partner mentions per mention (the pair cap)

    def phrases(self):
        if not hasattr(self, "_phrases"):
            # an exclusion is a phrase with no cue: a longer match wins, so "Cold War"
            # hides "war"; matches with no cue are dropped by the callers
            self._phrases = [(Phrase.compile(c.text), c) for c in self.cues]
            self._phrases += [(Phrase.compile(x), None) for x in self.exclusions]
        return self._phrases

    def phrase_index(self) -> PhraseIndex:
        """:meth:`phrases` indexed for :func:`analysis.text.inflect_match.match_phrases`."""
        if not hasattr(self, "_phrase_index"):
            self._phrase_index = PhraseIndex(self.phrases())
        return self._phrase_index


# -- loading ----------------------------------------------------------------------
def _words(raw, path, key) -> tuple[str, ...]:
    if key == "target.boundary_marks" and isinstance(raw, list) and all(isinstance(x, str) and x for x in raw):
        return tuple(x.lower() for x in raw)  # " - ": the spaces matter
    if not isinstance(raw, list) or not all(isinstance(x, str) and x.strip() for x in raw):
        hint = (
            " (quote words such as yes, no, on, off)"
            if isinstance(raw, list) and any(isinstance(x, bool) for x in raw)
            else ""
        )
        raise InputError(path, f"{key}: expected a list of non-empty strings{hint}")
    return tuple(x.strip().lower() for x in raw)


def _int_option(opts, key, default, path) -> int:
    value = opts.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise InputError(path, f"options.{key}: expected a whole number >= 0")
    return value


def _parse_cue(raw, path, i) -> Cue:
    where = f"cues[{i}]"
    if isinstance(raw, dict) and isinstance(raw.get("text"), str):
        where = f"cues[{i}] ({raw['text']!r})"
    check_keys(raw, _CUE_KEYS, path, where, required={"text", "class", "intensity"})
    text = raw["text"]
    if not isinstance(text, str) or not text.strip():
        raise InputError(path, f"{where}.text: expected a non-empty string")
    quad = raw["class"]
    if quad not in QUADS:
        raise InputError(path, f"{where}.class: unknown class {quad!r} (allowed: {', '.join(QUADS)})")
    value = raw["intensity"]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not -10 <= value <= 10:
        raise InputError(path, f"{where}.intensity: expected a number from -10 to +10, got {value!r}")
    if ("cooperation" in quad and value < 0) or ("conflict" in quad and value > 0):
        raise InputError(path, f"{where}.intensity: {value} has the wrong sign for class {quad!r}")
    symmetric = raw.get("symmetric", False)
    if not isinstance(symmetric, bool):
        raise InputError(path, f"{where}.symmetric: expected true or false")
    return Cue(text.strip(), quad, float(value), str(raw.get("cameo", "")), symmetric)


def parse_cues(data, path) -> CueSet:
    """Validate a parsed cue file (see ``analysis/data/cues.yaml`` for the format)."""
    check_keys(data, _FILE_KEYS, path, "cue file")
    base = None
    if "extends" in data:
        if data["extends"] != "default":
            raise InputError(path, f"extends: only 'default' is supported, got {data['extends']!r}")
        base = load_cues(None)
    elif "cues" not in data:
        raise InputError(path, "cue file: missing key 'cues'")
    opts = data.get("options") or {}
    check_keys(opts, _OPTION_KEYS, path, "options")
    lists = {}
    for key in _LIST_KEYS:
        if key in data:
            lists[key] = _words(data[key], path, key)
        elif base is not None:
            lists[key] = {
                "negators": tuple(p.text for p in base.rules.negators),
                "not_negating": tuple(p.text for p in base.rules.not_negating),
                "hypothetical": tuple(p.text for p in base.rules.hypothetical),
                "reporting_verbs": tuple(sorted(base.rules.reporting_verbs)),
                "boundaries": tuple(sorted(base.rules.boundaries)),
                "subordinators": tuple(sorted(base.rules.subordinators)),
            }[key]
        else:
            lists[key] = ()
    raw_cues = data.get("cues") or []
    if not isinstance(raw_cues, list) or (base is None and not raw_cues):
        raise InputError(path, "cues: expected a non-empty list")
    cues = {c.text.lower(): c for c in (base.cues if base else ())}
    for i, raw in enumerate(raw_cues):
        cue = _parse_cue(raw, path, i)
        if base is None and cue.text.lower() in cues:
            raise InputError(path, f"cues[{i}].text: duplicate cue {cue.text!r}")
        cues[cue.text.lower()] = cue
    rules = Rules(
        negators=tuple(Phrase.compile(w, inflect=False) for w in lists["negators"]),
        not_negating=tuple(Phrase.compile(w, inflect=False) for w in lists["not_negating"]),
        hypothetical=tuple(Phrase.compile(w, inflect=False) for w in lists["hypothetical"]),
        reporting_verbs=frozenset(lists["reporting_verbs"]),
        boundaries=frozenset(lists["boundaries"]),
        subordinators=frozenset(lists["subordinators"]),
        **_parse_sections(data, path, base),
        negation_window=_int_option(opts, "negation_window", base.rules.negation_window if base else 8, path),
        hypothetical_window=_int_option(
            opts, "hypothetical_window", base.rules.hypothetical_window if base else 8, path
        ),
    )
    gap = _int_option(opts, "max_gap", base.max_gap if base else 2, path)
    exclusions = tuple(base.exclusions) if base else ()
    if "exclusions" in data:
        exclusions = tuple(dict.fromkeys(exclusions + _words(data["exclusions"], path, "exclusions")))
    partners = _int_option(opts, "max_partners", base.max_partners if base else 4, path)
    if partners < 1:
        raise InputError(path, "options.max_partners: expected a whole number >= 1")
    return CueSet(tuple(cues.values()), rules, gap, str(path), _parse_target(data, path, base), exclusions, partners)


def _parse_sections(data, path, base) -> dict[str, frozenset]:
    """The ``clauses`` and ``dyads`` sections: each list given replaces the default one."""
    out = {}
    for section, keys in _SECTION_KEYS.items():
        raw = data.get(section) or {}
        check_keys(raw, set(keys), path, section)
        for key in keys:
            if key in raw:
                out[key] = frozenset(_words(raw[key], path, f"{section}.{key}"))
            else:  # the packaged list (the packaged file gives every key)
                out[key] = getattr((base or load_cues(None)).rules, key)
    return out


def _parse_target(data, path, base) -> TargetRules:
    """The ``target`` section: each list given replaces the default one."""
    raw = data.get("target") or {}
    check_keys(raw, set(_TARGET_KEYS), path, "target")
    lists = {}
    for key in _TARGET_KEYS:
        if key in raw:
            lists[key] = _words(raw[key], path, f"target.{key}")
            if key == "boundary_marks" and any(len(m.strip()) != 1 for m in lists[key]):
                raise InputError(path, f"target.{key}: each mark is one character, optionally between spaces")
        else:  # the packaged list (the packaged file gives every key)
            lists[key] = getattr((base or load_cues(None)).target, key)
    return TargetRules(**lists)


def load_cues(path=None) -> CueSet:
    """Load a cue file (the packaged ``cues.yaml`` when ``path`` is None)."""
    p = default_path("cues.yaml") if path is None else Path(path)
    return parse_cues(read_yaml(p), p)


def cues_for(config=None) -> CueSet:
    return load_config(config).part("cues", "cues.yaml", parse_cues)
