"""Word choice: the words each outlet uses to name or qualify an actor or an issue.

Two methods, told apart by the ``method`` column:

* ``"label list"``: the label variants of ``analysis/data/labels.yaml`` (or a study's
  ``labels:`` file), matched like frame cues (case, British spelling and inflection
  ignored; longest variant wins across all targets). Works for actors and issues.
* ``"noun phrase"``: for each actor mention, the phrase around it, found without a
  part-of-speech tagger (NLTK's tagger model is a download). The mention is widened to
  whole words; up to two modifiers before it are added when a determiner precedes
  them ("a *senior* Turkish official", "the *US-backed* Kurdish forces"); when the
  mention is an adjective of nationality (a capitalised word ending in -ish, -ian,
  -ean, -ican, -ese, -i, -ic, or German, Afghan: "Turkish", "Syrian Kurdish"), not a
  leader's name, up to three following words are added as its head
  noun ("Turkish *official*", "Syrian Kurdish *militias*"), stopping at a function
  word, punctuation, a capitalised name, or a word ending in -ing, -ed or -ly. A bare
  name ("Ankara", "Washington") is its own label: the choice of name is word choice
  too. The heuristics miss predicative labels ("views the Syrian Kurds *as
  terrorists*"); list those as variants with ``needs_mention``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.dictionaries.registry import Config, check_keys, default_path, load_config, read_yaml
from analysis.errors import InputError
from analysis.stats.keyness import STOP_WORDS
from analysis.text.stem_match import PhraseMatcher, phrase

WORD_CHOICE_COLUMNS = ["doc_id", "sent_id", "target", "kind", "label", "surface", "start", "end", "method"]
_FILE_KEYS = {"extends", "targets"}
_TARGET_KEYS = {"id", "kind", "name", "variants"}
_VARIANT_KEYS = {"text", "needs_mention"}
_KINDS = ("actor", "issue")
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_DEMONYM = re.compile(r"(?:[A-Z]\w*(?:ish|ian|ean|ican|ese|i|ic)|German|Afghan)\Z")
_DETERMINERS = frozenset(
    "a an the its their his her our your my this that these those some many several few both all any every each "
    "such two three four five six seven eight nine ten first second third last only other same next own".split()
)


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


def _clean(text: str) -> str:
    text = re.sub(r"\s+", " ", text.replace("’", "'")).strip()
    return re.sub(r"'s?\Z", "", text)


def noun_phrase(text: str, start: int, end: int, head: bool = True) -> tuple[int, int]:
    """The span of the phrase around ``text[start:end]`` (see the module notes)."""
    words = [m.span() for m in _WORD.finditer(text)]
    inside = [k for k, (a, b) in enumerate(words) if a < end and b > start]
    if not inside:
        return start, end
    first, last = inside[0], inside[-1]
    a, b = min(words[first][0], start), max(words[last][1], end)

    def gap(k):  # words k-1 and k separated by spaces only
        return k > 0 and text[words[k - 1][1]:words[k][0]].isspace()

    def word(k):
        return text[words[k][0]:words[k][1]]

    left = first
    for k in range(first - 1, max(first - 3, -1), -1):
        w = word(k)
        if not gap(k + 1) or w.lower() in STOP_WORDS or w.lower() in _DETERMINERS or w[0].isdigit():
            break
        if w.endswith("s") and not w.endswith(("ss", "ous")):
            break
        if k > 0 and word(k - 1).lower() in _DETERMINERS:
            left = k
    a = words[left][0]
    base = _clean(text[words[last][0]:words[last][1]])
    if head and _DEMONYM.match(base):
        for k in range(last + 1, min(last + 4, len(words))):
            w = word(k)
            if not gap(k) or w.lower() in STOP_WORDS or w.lower() in _DETERMINERS:
                break
            if (w[0].isupper() and not any(ch.isdigit() for ch in w)) or re.search(r"(ing|ed|ly)\Z", w):
                break
            b = words[k][1]
    return a, b


def find_word_choice(sentences: pd.DataFrame, mentions: pd.DataFrame, config=None) -> pd.DataFrame:
    """Every naming of an actor or issue, by label variant and by noun phrase.

    Returns
    -------
    DataFrame
        One row per occurrence, sorted by doc_id, sent_id, start, method, target:
        doc_id, sent_id, target (actor or issue id), kind (actor / issue), label (the
        variant as written in the label file, or the noun phrase as in the text),
        surface (the text matched), start, end (offsets into the article text),
        method ("label list" or "noun phrase"). Boilerplate sentences are skipped.
    """
    labels = labels_for(config)
    leaders = mentions["leader"] if "leader" in mentions else pd.Series("", index=mentions.index)
    by_sentence: dict[tuple, list] = {}
    for doc_id, sent_id, actor, m0, m1, leader in zip(mentions["doc_id"], mentions["sent_id"], mentions["actor"],
                                                        mentions["start"], mentions["end"], leaders.fillna("")):
        by_sentence.setdefault((doc_id, int(sent_id)), []).append((actor, int(m0), int(m1), leader))
    rows = []
    keep = ~sentences["boilerplate"].to_numpy(bool)
    for doc_id, sent_id, s0, text, ok in zip(sentences["doc_id"], sentences["sent_id"], sentences["start"],
                                             sentences["text"], keep):
        if not ok:
            continue
        here = by_sentence.get((doc_id, int(sent_id)), [])
        for p, a, b in labels.find(text):
            if p.payload and not any(m[0] == p.owner for m in here):
                continue
            kind = labels.targets[p.owner]["kind"]
            rows.append((doc_id, sent_id, p.owner, kind, p.text, text[a:b], s0 + a, s0 + b, "label list"))
        for actor, m0, m1, leader in here:
            a, b = noun_phrase(text, m0 - s0, m1 - s0, head=not leader)
            rows.append((doc_id, sent_id, actor, "actor", _clean(text[a:b]), text[a:b], s0 + a, s0 + b,
                         "noun phrase"))
    out = pd.DataFrame(rows, columns=WORD_CHOICE_COLUMNS).astype({"sent_id": "int64", "start": "int64", "end": "int64"})
    return out.sort_values(["doc_id", "sent_id", "start", "method", "target"], kind="stable").reset_index(drop=True)


def word_choice(sentences: pd.DataFrame, mentions: pd.DataFrame, config=None, groups: pd.Series | None = None,
                occurrences: pd.DataFrame | None = None) -> pd.DataFrame:
    """Outlet × label counts for each actor and issue, with an example sentence.

    Parameters
    ----------
    groups
        doc_id → group (:func:`analysis.stats.group_labels`); None puts every article
        in one group, ``"all"``.
    occurrences
        The output of :func:`find_word_choice`, if already computed.

    Returns
    -------
    DataFrame
        One row per group, target, method and label, sorted by target, method, group,
        count (descending), label: group, target, kind, method, label, count,
        articles (articles using the label), share (of the group's labels for that
        target and method), doc_id, sent_id, text (the first sentence using it).
    """
    occ = find_word_choice(sentences, mentions, config) if occurrences is None else occurrences
    cols = ["group", "target", "kind", "method", "label", "count", "articles", "share", "doc_id", "sent_id", "text"]
    if occ.empty:
        return pd.DataFrame(columns=cols)
    occ = occ.assign(group=occ["doc_id"].map(groups) if groups is not None else "all")
    occ["group"] = occ["group"].fillna("unknown")
    keys = ["group", "target", "kind", "method", "label"]
    first = occ.sort_values(["doc_id", "sent_id", "start"], kind="stable").drop_duplicates(keys)
    out = occ.groupby(keys, sort=True).agg(count=("doc_id", "size"), articles=("doc_id", "nunique")).reset_index()
    out["share"] = out["count"] / out.groupby(["group", "target", "method"])["count"].transform("sum")
    out = out.merge(first[keys + ["doc_id", "sent_id"]], on=keys, validate="one_to_one")
    text = sentences.set_index(["doc_id", "sent_id"])["text"]
    out["text"] = [text.get((d, s), "") for d, s in zip(out["doc_id"], out["sent_id"])]
    out = out.sort_values(["target", "method", "group", "count", "label"], ascending=[True, True, True, False, True],
                          kind="stable")
    return out[cols].reset_index(drop=True)


def differing_labels(table: pd.DataFrame, method: str = "label list", min_count: int = 1) -> pd.DataFrame:
    """Labels some groups use for a target and others that name the same target do not.

    Returns
    -------
    DataFrame
        The rows of a :func:`word_choice` table for those labels (same columns), for
        targets named by at least two groups.
    """
    t = table[(table["method"] == method) & (table["count"] >= min_count)]
    if t.empty:
        return t
    groups_per_target = t.groupby("target")["group"].nunique()
    groups_per_label = t.groupby(["target", "label"])["group"].transform("nunique")
    keep = (t["target"].map(groups_per_target) >= 2) & (groups_per_label < t["target"].map(groups_per_target))
    return t[keep].reset_index(drop=True)


def top_labels(table: pd.DataFrame, method: str = "noun phrase", n: int = 6, min_count: int = 1) -> pd.DataFrame:
    """The most used labels per target and group of a :func:`word_choice` table, as text.

    Returns
    -------
    DataFrame
        One row per target with one column per group, each cell "label (count), ...".
    """
    t = table[(table["method"] == method) & (table["count"] >= min_count)]
    rows: dict = {}
    for (target, group), part in t.groupby(["target", "group"], sort=True):
        part = part.sort_values(["count", "label"], ascending=[False, True], kind="stable").head(n)
        rows.setdefault(target, {})[group] = ", ".join(f"{lab} ({k})" for lab, k in zip(part["label"], part["count"]))
    return pd.DataFrame.from_dict(rows, orient="index").sort_index().fillna("")
