"""Notebook parameters: read as plain YAML and checked before papermill sees them.

Papermill writes each parameter value into the notebook's parameters cell as Python
source. It escapes text, numbers, booleans, None, lists and dicts, but it writes any
other value (bytes from ``!!binary``, a set, a date, an object) as ``"{value}"``
unescaped, so such a value can run code in the kernel. Every value is therefore read
with :class:`PlainLoader` (plain YAML types only) and checked recursively by
:func:`plain_problem` and :func:`check_parameters`: text, int, finite float, bool,
null, and lists and string-keyed mappings of those, nothing else.
"""

from __future__ import annotations

import math
from pathlib import Path

import yaml

from analysis.errors import InputError

#: How deep lists and mappings may nest in a parameter value.
MAX_DEPTH = 20
ALLOWED = "text, numbers, true/false, null, and lists or mappings (text keys) of those"


class Refused(yaml.YAMLError):
    """A YAML construct a parameter may not use (a tag other than the plain ones, an alias)."""

    def __init__(self, problem: str, mark=None):
        super().__init__(problem)
        self.problem, self.problem_mark = problem, mark


class PlainLoader(yaml.SafeLoader):
    """A safe YAML loader that builds only str, int, float, bool, None, list and dict.

    ``!!binary``, ``!!set``, ``!!omap``, ``!!pairs``, an explicit ``!!timestamp``,
    ``!!python/...`` and custom tags are refused, and so are aliases (``*name``). An
    unquoted date (``2024-05-01``) stays text instead of becoming a date.
    """

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise Refused("aliases (*name) are not allowed", self.peek_event().start_mark)
        return super().compose_node(parent, index)


def _refuse_tag(loader, node):
    tag = node.tag.replace("tag:yaml.org,2002:", "!!")
    raise Refused(f"the YAML tag {tag} is not allowed", node.start_mark)


for _tag in ("binary", "set", "omap", "pairs", "timestamp"):
    PlainLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _refuse_tag)
PlainLoader.add_constructor(None, _refuse_tag)  # any other tag: !!python/..., !custom
PlainLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _problem_text(exc: yaml.YAMLError) -> str:
    """One line from a YAML error: its problem and, if known, where."""
    mark = getattr(exc, "problem_mark", None)
    problem = " ".join(str(getattr(exc, "problem", None) or exc).split())
    return problem + (f" at line {mark.line + 1}, column {mark.column + 1}" if mark else "")


def _refused(exc: yaml.YAMLError) -> bool:
    return isinstance(exc, (Refused, yaml.constructor.ConstructorError))


def plain_problem(value, where: str = "", depth: int = 0) -> str | None:
    """Why ``value`` is not a plain parameter value, or None if it is."""
    at = f" at {where}" if where else ""
    if value is None or isinstance(value, (str, bool, int)):
        return None
    if isinstance(value, float):
        return None if math.isfinite(value) else f"{value} is not a finite number{at}"
    if depth >= MAX_DEPTH:
        return f"lists or mappings nested more than {MAX_DEPTH} deep{at}"
    if isinstance(value, list):
        for i, item in enumerate(value):
            problem = plain_problem(item, f"{where}[{i}]", depth + 1)
            if problem:
                return problem
        return None
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                return f"mapping key of type {type(key).__name__}{at} (keys must be text)"
            problem = plain_problem(item, f"{where}[{key!r}]", depth + 1)
            if problem:
                return problem
        return None
    return f"a value of type {type(value).__name__}{at} (allowed: {ALLOWED})"


def parse_value(text: str, name: str | None = None):
    """A ``-p name value`` value: YAML scalars and lists (``3``, ``true``, ``[USA, TUR]``).

    Text that is not valid YAML is taken as it is. A refused construct (see
    :class:`PlainLoader`) or a value that is not plain raises :class:`InputError`
    naming the parameter.
    """
    label = f"notebook parameter {name!r} (-p)" if name is not None else "notebook parameter (-p)"
    try:
        value = yaml.load(text, Loader=PlainLoader)  # noqa: S506 (PlainLoader is a SafeLoader)
    except yaml.YAMLError as exc:
        if _refused(exc):
            raise InputError(None, f"{label}: {_problem_text(exc)}") from None
        return text
    except RecursionError:
        raise InputError(None, f"{label}: nested too deeply") from None
    problem = plain_problem(value)
    if problem:
        raise InputError(None, f"{label}: {problem}")
    return value


def _owner(node, mark) -> str | None:
    """The top-level key of ``node`` (a mapping node) whose value holds ``mark``."""
    if mark is None or not isinstance(node, yaml.MappingNode):
        return None
    for key, value in node.value:
        if value.start_mark.index <= mark.index <= value.end_mark.index:
            return str(key.value)
    return None


def read_parameters(path) -> dict:
    """A ``--parameters`` YAML file: a mapping of parameter names to plain values.

    Every problem is an :class:`InputError` naming the file (and the parameter when
    the problem lies in its value).
    """
    path = Path(str(path))
    if not path.is_file():
        raise InputError(path, "parameters file not found")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(path, "parameters file is not UTF-8") from None
    loader = PlainLoader(text)
    node = None
    try:
        node = loader.get_single_node()
        loaded = None if node is None else loader.construct_document(node)
    except yaml.YAMLError as exc:
        owner = _owner(node, getattr(exc, "problem_mark", None))
        prefix = f"parameter {owner!r}: " if owner is not None else ("" if _refused(exc) else "invalid YAML: ")
        raise InputError(path, prefix + _problem_text(exc)) from None
    except RecursionError:
        raise InputError(path, "nested too deeply") from None
    finally:
        loader.dispose()
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise InputError(path, "expected a mapping of parameter names to values")
    for name, value in loaded.items():
        if not isinstance(name, str):
            raise InputError(path, f"parameter name {name!r} is not text")
        problem = plain_problem(value)
        if problem:
            raise InputError(path, f"parameter {name!r}: {problem}")
    return loaded


_TYPES = {
    "int": (int,),
    "float": (int, float),
    "str": (str,),
    "bool": (bool,),
    "list": (list,),
    "dict": (dict,),
}


def _declared(type_name: str) -> tuple[str, str]:
    """``list[str]`` -> (``list``, ``str``); ``int`` -> (``int``, ``"")."""
    base, _, rest = (type_name or "").partition("[")
    return base.strip(), rest.rstrip("]").split(",")[-1].strip()


def _is(value, typ: str) -> bool:
    ok = _TYPES.get(typ)
    if not ok:
        return True
    return isinstance(value, ok) and not (typ in ("int", "float") and isinstance(value, bool))


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def check_parameters(params: dict, declared: dict[str, dict]) -> None:
    """Refuse a parameter no notebook declares, a value that is not plain, or of the wrong type.

    ``declared``: per notebook, what :func:`papermill.inspect_notebook` returns. Elements
    of a ``list[T]`` (and values of a ``dict[str, T]``) are checked against ``T``.
    """
    known = {}
    for per_nb in declared.values():
        known.update(per_nb)
    for name, value in params.items():
        if name not in known:
            raise InputError(
                None, f"unknown notebook parameter {name!r} (notebooks declare: {', '.join(sorted(known))})"
            )
        problem = plain_problem(value)
        if problem:
            raise InputError(None, f"notebook parameter {name!r}: {problem}")
        typ, item = _declared(known[name].get("inferred_type_name") or "")
        if not _is(value, typ):
            raise InputError(None, f"notebook parameter {name!r} expects {typ}, got {_short(value)}")
        items = value if isinstance(value, list) else value.values() if isinstance(value, dict) else ()
        if typ in ("list", "dict") and item in _TYPES and not all(_is(v, item) for v in items):
            raise InputError(None, f"notebook parameter {name!r} expects {typ} of {item}, got {_short(value)}")


def normalise_parameters(params: dict, declared: dict[str, dict], config=None) -> dict:
    """``params`` as the notebooks expect them, before :func:`check_parameters`.

    A list parameter given as text (``-p actors USA`` or ``USA,TUR``) becomes a list
    (:func:`analysis.study.as_list`); ``actors`` and ``issues`` given by label ("China")
    become ids, and a name that is no id or label is refused with the valid ones listed,
    before any notebook runs. ``actors`` may name issues too (notebook 04's word choice
    takes both); notebooks 01–03 refuse an issue there.
    """
    from analysis.study import as_list, resolve_ids

    out = dict(params)
    known = {}
    for per_nb in declared.values():
        known.update(per_nb)
    for name, value in params.items():
        typ, _ = _declared((known.get(name) or {}).get("inferred_type_name") or "")
        if typ == "list" and isinstance(value, str):
            out[name] = as_list(value, name)
    if not (out.get("actors") or out.get("issues")):
        return out
    from analysis.dictionaries.issues import issues_for
    from analysis.dictionaries.registry import load_config
    from analysis.pipeline import actors_for

    cfg = load_config(config)
    actor_set, issue_set = actors_for(cfg), issues_for(cfg)
    actors = {i: actor_set.labels.get(i, i) for i in actor_set.ids}
    if isinstance(out.get("actors"), list) and out["actors"]:
        out["actors"] = resolve_ids(out["actors"], {**actors, **issue_set.labels}, "actor")
    if isinstance(out.get("issues"), list) and out["issues"]:
        out["issues"] = resolve_ids(out["issues"], issue_set.labels, "issue", name="issues")
    return out


#: What a value of a notebook parameter must be beyond its type: one of a set of words,
#: or a number at least some minimum. Checked by :func:`check_values` before any
#: notebook runs, so a bad value is one line naming the parameter, not a failed cell.
CHOICES = {
    "method": ("model", "target", "sentence"),
    "interval": ("two-stage", "article"),
    "period": ("month", "quarter", "year"),
}
MINIMUM = {
    "draws": 1,
    "seed": 0,
    "max_articles": 1,
    "min_mentions": 0,
    "min_count": 0,
    "evidence_per_side": 0,
    "alpha0": 0,
    "top_terms": 1,
    "kwic_window": 1,
    "top_groups": 0,
    "min_n": 0,
    "max_panels": 1,
}
#: Parameters the report command sets itself (from the corpus argument and --config).
SET_BY_COMMAND = {"corpus_path": "the corpus argument", "config_path": "--config", "tables_path": "the command"}
#: Parameters naming a folder the notebooks write into: kept inside the report folder.
OUTPUT_FOLDERS = ("figures_dir", "tables_dir")


def check_values(params: dict) -> None:
    """Refuse values a notebook cannot use (see :data:`CHOICES`, :data:`MINIMUM`), a
    parameter the command sets itself, and an output folder outside the report."""
    for name, value in params.items():
        if name in SET_BY_COMMAND:
            raise InputError(
                None, f"notebook parameter {name!r} is set by {SET_BY_COMMAND[name]}; do not pass it with -p"
            )
        if name in CHOICES and value not in CHOICES[name]:
            raise InputError(
                None, f"notebook parameter {name!r}: {_short(value)} is not one of {', '.join(CHOICES[name])}"
            )
        if name in MINIMUM and isinstance(value, (int, float)) and value < MINIMUM[name]:
            raise InputError(None, f"notebook parameter {name!r}: {_short(value)} is below {MINIMUM[name]}")
        if name in OUTPUT_FOLDERS and isinstance(value, str):
            path = Path(value)
            if path.is_absolute() or ".." in path.parts or (path.drive or path.root):
                raise InputError(
                    None,
                    f"notebook parameter {name!r}: {_short(value)} lies outside the report folder; "
                    "give a folder name relative to --out",
                )


def check_group_by(params: dict, columns) -> None:
    """Refuse a ``group_by`` that is not a column of the articles table."""
    group_by = params.get("group_by")
    if group_by is not None and group_by not in columns:
        shown = ", ".join(c for c in columns if c not in ("text", "source_path", "title_from"))
        raise InputError(
            None, f"notebook parameter 'group_by': no column {group_by!r} in the corpus (columns: {shown})"
        )
