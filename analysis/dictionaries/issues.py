"""Issues: loading ``issues.yaml`` and finding where sentences mention an issue.

An issue (default: Turkey's purchase of the S-400) has aliases that name it and
anaphors that refer back to it ("the deal"); an anaphor counts only once the article
has named the issue. Stance cues (support / oppose) live with each issue and are used
by :mod:`analysis.measures.stance`. See the header of ``analysis/data/issues.yaml``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from analysis.dictionaries.registry import check_keys, default_path, load_config, read_yaml
from analysis.errors import InputError
from analysis.text.inflect_match import Phrase
from analysis.text.prefilter import anchors
from analysis.text.trie_match import alias_body, compile_phrases

_FILE_KEYS = {"issues", "stance"}
#: The ``stance`` section: word lists of :class:`StanceRules`.
_STANCE_KEYS = ("personal_pronouns", "target_words")
_ISSUE_KEYS = {"id", "label", "aliases", "anaphors", "support", "oppose"}
_CUE_KEYS = {"text", "weight"}


@dataclass(frozen=True)
class StanceCue:
    text: str
    polarity: int  # +1 support, -1 oppose
    weight: float = 1.0


@dataclass(frozen=True)
class Issue:
    id: str
    label: str
    aliases: tuple[str, ...]
    anaphors: tuple[str, ...] = ()
    cues: tuple[StanceCue, ...] = ()


@dataclass(frozen=True)
class StanceRules:
    """Word lists of :mod:`analysis.measures.stance` (the ``stance`` section of the issue file)."""

    personal_pronouns: frozenset  # "he"/"she" opening a clause: the leader mentioned last
    target_words: frozenset  # words between an oppose cue and the actor it acts on ("pressure on Turkey")


@dataclass
class IssueSet:
    """The issues of a study, with a compiled matcher for their aliases."""

    issues: tuple[Issue, ...]
    source: str = ""
    stance: StanceRules | None = None  # the word lists of stance

    @property
    def ids(self) -> list[str]:
        return [i.id for i in self.issues]

    @property
    def labels(self) -> dict[str, str]:
        return {i.id: i.label for i in self.issues}

    def select(self, ids) -> IssueSet:
        """A copy with only the given issue ids (all when ``ids`` is empty)."""
        ids = list(ids or [])
        if not ids:
            return self
        unknown = sorted(set(ids) - set(self.ids))
        if unknown:
            raise InputError(self.source or None, f"unknown issue id {unknown[0]!r}")
        return IssueSet(tuple(i for i in self.issues if i.id in ids), self.source, self.stance)

    def _regex(self, anaphors: bool):
        key = "_anaphor_re" if anaphors else "_alias_re"
        if not hasattr(self, key):
            # one entry per phrase; a phrase shared by several issues (only anaphors can
            # be, see parse_issues) goes to the issue listed first in the file
            first: dict[str, tuple[str, str]] = {}
            for i in self.issues:
                for text in i.anaphors if anaphors else i.aliases:
                    first.setdefault(_norm(text), (text, i.id))
            entries = sorted(first.values(), key=lambda e: (-len(e[0]), e[0]))
            lookup = _Lookup(entries)
            regex = compile_phrases((), [t for t, _ in entries], boundary=r"\w-") if entries else None
            setattr(self, key, (regex, lookup))
        return getattr(self, key)

    def find(self, text: str, known=frozenset()) -> list[tuple[str, str, int, int, bool]]:
        """Issue mentions in ``text``: (issue, surface, start, end, anaphor).

        Anaphors count only for issues in ``known`` or named earlier in ``text``.
        """
        return self._find(text, known, True)

    def _find(self, text: str, known, aliases: bool) -> list[tuple[str, str, int, int, bool]]:
        # ``aliases=False``: ``text`` is known to hold no alias (see ``_may_match``).
        out = []
        regex, lookup = self._regex(False)
        if aliases and regex is not None:
            out = [(lookup.of(m.group()), m.group(), m.start(), m.end(), False) for m in regex.finditer(text)]
        if not (known or out):  # an anaphor needs an issue named before it
            return out
        regex, lookup = self._regex(True)
        if regex is not None:
            for m in regex.finditer(text):
                iid = lookup.of(m.group())
                named = iid in known or any(i == iid and a < m.start() for i, _, a, _, _ in out)
                overlaps = any(a < m.end() and m.start() < b for _, _, a, b, _ in out)
                if named and not overlaps:
                    out.append((iid, m.group(), m.start(), m.end(), True))
        return sorted(out, key=lambda r: (r[2], r[3]))

    def _anchors(self, anaphors: bool):
        key = "_anaphor_anchors" if anaphors else "_alias_anchors"
        if not hasattr(self, key):
            setattr(self, key, anchors([t for i in self.issues for t in (i.anaphors if anaphors else i.aliases)]))
        return getattr(self, key)


class _Lookup(dict):
    """Normalised phrase → issue id."""

    def __init__(self, entries):
        super().__init__((_norm(t), iid) for t, iid in entries)
        self.entries = entries

    def of(self, surface: str) -> str:
        """The issue of a matched surface. One that lower-cases to no phrase ("ſ", "ı"
        and "İ" match "s" and "i" in any case) is tried against each phrase in turn."""
        iid = self.get(_norm(surface))
        if iid is None:
            iid = next(i for text, i in self.entries if re.fullmatch(f"(?i:{alias_body(text)})", surface))
        return iid


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'")).lower()


# -- loading ----------------------------------------------------------------------
def _strings(raw, path, where, required: bool) -> tuple[str, ...]:
    if raw is None and not required:
        return ()
    if not isinstance(raw, list) or (required and not raw):
        raise InputError(
            path, f"{where}: expected a non-empty list of phrases" if required else f"{where}: expected a list"
        )
    for j, x in enumerate(raw):
        if not isinstance(x, str) or not x.strip():
            raise InputError(path, f"{where}[{j}]: expected a non-empty string")
    return tuple(x.strip() for x in raw)


def _stance_cues(raw, path, where, polarity) -> tuple[StanceCue, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise InputError(path, f"{where}: expected a list")
    out = []
    for j, item in enumerate(raw):
        w = f"{where}[{j}]"
        if isinstance(item, str):
            item = {"text": item}
        check_keys(item, _CUE_KEYS, path, w, required={"text"})
        text, weight = item["text"], item.get("weight", 1.0)
        if not isinstance(text, str) or not text.strip():
            hint = " (quote words such as yes, no, on, off)" if isinstance(text, bool) else ""
            raise InputError(path, f"{w}.text: expected a non-empty string{hint}")
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 0 < weight <= 10:
            raise InputError(path, f"{w}.weight: expected a number above 0 and at most 10, got {weight!r}")
        out.append(StanceCue(text.strip(), polarity, float(weight)))
    return tuple(out)


def parse_issues(data, path) -> IssueSet:
    """Validate a parsed issue file (see ``analysis/data/issues.yaml`` for the format)."""
    check_keys(data, _FILE_KEYS, path, "issue file", required={"issues"})
    raw = data["issues"]
    if not isinstance(raw, list) or not raw:
        raise InputError(path, "issues: expected a non-empty list")
    issues, seen, alias_owner = [], set(), {}
    for i, item in enumerate(raw):
        where = f"issues[{i}]"
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            where = f"issue {item['id']}"
        check_keys(item, _ISSUE_KEYS, path, where, required={"id", "aliases"})
        iid = item["id"]
        if not isinstance(iid, str) or not iid.strip():
            raise InputError(path, f"{where}.id: expected a non-empty string")
        if iid in seen:
            raise InputError(path, f"{where}.id: duplicate issue id {iid!r}")
        seen.add(iid)
        issues.append(
            Issue(
                id=iid,
                label=str(item.get("label") or iid),
                aliases=_strings(item["aliases"], path, f"{where}.aliases", required=True),
                anaphors=_strings(item.get("anaphors"), path, f"{where}.anaphors", required=False),
                cues=_stance_cues(item.get("support"), path, f"{where}.support", +1)
                + _stance_cues(item.get("oppose"), path, f"{where}.oppose", -1),
            )
        )
        for alias in issues[-1].aliases:
            other = alias_owner.setdefault(_norm(alias), iid)
            if other != iid:
                raise InputError(path, f"{where}.aliases: {alias!r} is also an alias of issue {other}")
    return IssueSet(tuple(issues), str(path), _parse_stance(data, path))


@functools.lru_cache(maxsize=1)
def packaged_stance() -> StanceRules:
    """The ``stance`` word lists of the packaged issue file (parsed once per process)."""
    return load_issues(None).stance


def _parse_stance(data, path) -> StanceRules:
    """The ``stance`` section: each list given replaces the packaged one."""
    raw = data.get("stance") or {}
    check_keys(raw, set(_STANCE_KEYS), path, "stance")
    lists = {}
    for key in _STANCE_KEYS:
        if key in raw:
            words = raw[key]
            if not isinstance(words, list) or not all(isinstance(x, str) and x.strip() for x in words):
                hint = (
                    " (quote words such as yes, no, on, off)"
                    if isinstance(words, list) and any(isinstance(x, bool) for x in words)
                    else ""
                )
                raise InputError(path, f"stance.{key}: expected a list of non-empty strings{hint}")
            lists[key] = frozenset(x.strip().lower() for x in words)
        else:  # the packaged list (the packaged file gives every key)
            lists[key] = getattr(packaged_stance(), key)
    return StanceRules(**lists)


def load_issues(path=None) -> IssueSet:
    """Load an issue file (the packaged ``issues.yaml`` when ``path`` is None)."""
    p = default_path("issues.yaml") if path is None else Path(path)
    return parse_issues(read_yaml(p), p)


def issues_for(config=None) -> IssueSet:
    return load_config(config).part("issues", "issues.yaml", parse_issues)


def stance_phrases(issue: Issue):
    """(Phrase, StanceCue) pairs of an issue, for :func:`analysis.text.inflect_match.match_phrases`."""
    return [(Phrase.compile(c.text), c) for c in issue.cues]
