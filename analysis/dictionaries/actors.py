"""Actors: the dictionary, and finding their mentions in sentences.

The dictionary is a YAML file (default ``analysis/data/actors.yaml``; its header
documents the format). :func:`load_actors` validates it and :class:`ActorSet`
compiles every alias and exclusion into one regular expression, longest first, so a
whole corpus is matched in one pass per sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from analysis.dictionaries.registry import check_keys, default_path, read_yaml
from analysis.errors import InputError
from analysis.text.prefilter import screen, screen_pattern
from analysis.text.roles import ROLE_KEYS, RoleRules
from analysis.text.trie_match import APOSTROPHE as _APOSTROPHE
from analysis.text.trie_match import alias_body as _alias_body
from analysis.text.trie_match import compile_phrases

_FILE_KEYS = {"extends", "options", "actors", "roles"}
_OPTION_KEYS = {"leaders_as_actors", "title_words"}
_ACTOR_KEYS = {"id", "label", "aliases", "exclude", "leaders"}
_LEADER_KEYS = {"id", "label", "aliases"}
_ALIAS_KEYS = {"text", "ignore_case"}


@dataclass(frozen=True)
class Alias:
    text: str
    ignore_case: bool = False


@dataclass(frozen=True)
class Actor:
    id: str
    label: str
    aliases: tuple[Alias, ...]
    exclude: tuple[str, ...] = ()
    leader_of: str = ""  # for a leader: the id of its country


@dataclass
class ActorSet:
    """Actors and their leaders, with a compiled matcher.

    ``actors`` holds the top-level actors; ``leaders`` the leaders, each with
    ``leader_of`` set. With ``leaders_as_actors`` a leader's mentions are reported
    under the leader's own id; otherwise under its country's.
    """

    actors: tuple[Actor, ...]
    leaders: tuple[Actor, ...] = ()
    leaders_as_actors: bool = False
    title_words: tuple[str, ...] = ()
    source: str = ""
    roles: RoleRules = field(default_factory=RoleRules)  # word lists of the mention-role rules
    _compiled: tuple = field(default=None, repr=False, compare=False)
    _screen: tuple = field(default=None, repr=False, compare=False)

    # -- lookup -------------------------------------------------------------------
    @property
    def ids(self) -> list[str]:
        """Ids that can appear in the mentions table, in dictionary order."""
        ids = [a.id for a in self.actors]
        if self.leaders_as_actors:
            ids += [lead.id for lead in self.leaders]
        return ids

    @property
    def labels(self) -> dict[str, str]:
        return {a.id: a.label for a in (*self.actors, *self.leaders)}

    def resolve(self, owner: Actor) -> str:
        """The actor id a match on ``owner``'s alias is reported under."""
        if owner.leader_of and not self.leaders_as_actors:
            return owner.leader_of
        return owner.id

    def select(self, ids) -> ActorSet:
        """A copy that keeps only the given actor ids (and their leaders)."""
        keep = set(ids)
        unknown = keep - {a.id for a in (*self.actors, *self.leaders)}
        if unknown:
            raise InputError(self.source or None, f"unknown actor id {sorted(unknown)[0]!r}")
        return ActorSet(
            actors=tuple(a for a in self.actors if a.id in keep),
            leaders=tuple(lead for lead in self.leaders if lead.leader_of in keep or lead.id in keep),
            leaders_as_actors=self.leaders_as_actors,
            title_words=self.title_words,
            source=self.source,
            roles=self.roles,
        )

    # -- matching -----------------------------------------------------------------
    def _matcher(self):
        if self._compiled is None:
            entries: dict[tuple[str, bool], Actor | None] = {}
            for owner in (*self.actors, *self.leaders):
                for alias in owner.aliases:
                    entries[(alias.text, alias.ignore_case)] = owner
            for owner in self.actors:
                for phrase in owner.exclude:
                    entries.setdefault((phrase, False), None)
            regex = compile_phrases([text for text, ic in entries if not ic], [text for text, ic in entries if ic])
            exact = {_norm(text): owner for (text, ic), owner in entries.items() if not ic}
            folded = {_norm(text).lower(): owner for (text, ic), owner in entries.items() if ic}
            titles = "|".join(_alias_body(t) for t in sorted(self.title_words, key=len, reverse=True))
            gap = re.compile(
                rf"(?:{_APOSTROPHE}s)?(?:\s+(?:{titles}))*\s+\Z" if titles else rf"(?:{_APOSTROPHE}s)?\s+\Z"
            )
            object.__setattr__(self, "_compiled", (regex, exact, folded, gap))
        return self._compiled

    def may_mention(self, texts: list[str]):
        """Boolean mask of the ``texts`` that may hold a mention (a superset of those
        :meth:`find` finds one in): each alias's longest ASCII run, as written (in any
        case for an ``ignore_case`` alias), looked for in all texts at once with RE2."""
        if self._screen is None:
            aliases = [a for owner in (*self.actors, *self.leaders) for a in owner.aliases]
            pattern = screen_pattern(
                [a.text for a in aliases if not a.ignore_case], [a.text for a in aliases if a.ignore_case]
            )
            object.__setattr__(self, "_screen", (pattern,))
        return screen(texts, self._screen[0])

    def find(self, text: str) -> list[tuple[str, str, int, int, str]]:
        """Mentions in one text: (actor, surface, start, end, leader id or "")."""
        regex, exact, folded, gap = self._matcher()
        found: list[list] = []
        for m in regex.finditer(text):
            surface = m.group()
            key = _norm(surface)
            owner = exact[key] if key in exact else folded.get(key.lower())
            if owner is None:
                continue  # an exclusion phrase
            actor = self.resolve(owner)
            leader = owner.id if owner.leader_of else ""
            # "Turkish President Recep Tayyip Erdogan": a country followed by its own
            # leader across title words is one mention of the leader (or its country).
            if found and leader and found[-1][4] == "" and found[-1][0] == owner.leader_of:
                prev = found[-1]
                if gap.match(text, prev[3], m.start()):
                    found[-1] = [actor, text[prev[2] : m.end()], prev[2], m.end(), leader]
                    continue
            found.append([actor, surface, m.start(), m.end(), leader])
        return [tuple(f) for f in found]


def _norm(text: str) -> str:
    """Normalise apostrophes and whitespace so a surface can be looked up."""
    return re.sub(r"\s+", " ", text.replace("’", "'"))


# -- loading ----------------------------------------------------------------------
def _aliases(raw, path, where) -> tuple[Alias, ...]:
    if not isinstance(raw, list) or not raw:
        raise InputError(path, f"{where}.aliases: expected a non-empty list")
    out = []
    for i, item in enumerate(raw):
        if isinstance(item, dict):
            check_keys(item, _ALIAS_KEYS, path, f"{where}.aliases[{i}]", required={"text"})
            text, ic = item["text"], item.get("ignore_case", False)
            if not isinstance(ic, bool):
                raise InputError(path, f"{where}.aliases[{i}].ignore_case: expected true or false")
        else:
            text, ic = item, False
        if not isinstance(text, str):
            raise InputError(path, f"{where}.aliases[{i}]: expected a string, got {type(text).__name__}")
        if not text.strip():
            raise InputError(path, f"{where}.aliases[{i}]: empty alias")
        out.append(Alias(text.strip(), ic))
    return tuple(out)


def _str_list(raw, path, where) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(x, str) and x.strip() for x in raw):
        raise InputError(path, f"{where}: expected a list of non-empty strings")
    return tuple(x.strip() for x in raw)


def _parse_actor(raw, path, where) -> tuple[Actor, list[Actor]]:
    if isinstance(raw, dict) and isinstance(raw.get("id"), str) and raw["id"].strip():
        where = f"actor {raw['id']}"
    check_keys(raw, _ACTOR_KEYS, path, where, required={"id", "aliases"})
    aid = raw["id"]
    if not isinstance(aid, str) or not aid.strip():
        raise InputError(path, f"{where}.id: expected a non-empty string")
    where = f"actor {aid}"
    label = raw.get("label") or aid
    actor = Actor(
        aid, str(label), _aliases(raw["aliases"], path, where), _str_list(raw.get("exclude"), path, f"{where}.exclude")
    )
    leaders = []
    lraw = raw.get("leaders") or []
    if not isinstance(lraw, list):
        raise InputError(path, f"{where}.leaders: expected a list")
    for j, lead in enumerate(lraw):
        lw = f"{where}.leaders[{j}]"
        check_keys(lead, _LEADER_KEYS, path, lw, required={"id", "aliases"})
        lid = lead["id"]
        if not isinstance(lid, str) or not lid.strip():
            raise InputError(path, f"{lw}.id: expected a non-empty string")
        leaders.append(
            Actor(lid, str(lead.get("label") or lid), _aliases(lead["aliases"], path, f"leader {lid}"), leader_of=aid)
        )
    return actor, leaders


def parse_actors(data, path) -> ActorSet:
    """Validate a parsed actor dictionary (see the default file for the format)."""
    check_keys(data, _FILE_KEYS, path, "actor file", required={"actors"})
    base_actors: dict[str, tuple[Actor, list[Actor]]] = {}
    options = {"leaders_as_actors": False, "title_words": ()}
    extends = data.get("extends")
    if extends is not None:
        if extends != "default":
            raise InputError(path, f"extends: only 'default' is supported, got {extends!r}")
        base = load_actors(None)
        for a in base.actors:
            base_actors[a.id] = (a, [lead for lead in base.leaders if lead.leader_of == a.id])
        options.update(leaders_as_actors=base.leaders_as_actors, title_words=base.title_words)
    opts = data.get("options") or {}
    check_keys(opts, _OPTION_KEYS, path, "options")
    if "leaders_as_actors" in opts:
        if not isinstance(opts["leaders_as_actors"], bool):
            raise InputError(path, "options.leaders_as_actors: expected true or false")
        options["leaders_as_actors"] = opts["leaders_as_actors"]
    if "title_words" in opts:
        options["title_words"] = _str_list(opts["title_words"], path, "options.title_words")
    if not isinstance(data["actors"], list) or not data["actors"]:
        raise InputError(path, "actors: expected a non-empty list")
    for i, raw in enumerate(data["actors"]):
        actor, leaders = _parse_actor(raw, path, f"actors[{i}]")
        if actor.id in base_actors and extends is None:
            raise InputError(path, f"actors[{i}].id: duplicate actor id {actor.id!r}")
        base_actors[actor.id] = (actor, leaders)
    actors = tuple(a for a, _ in base_actors.values())
    leaders = tuple(lead for _, ls in base_actors.values() for lead in ls)
    seen: dict[str, str] = {}
    for owner in (*actors, *leaders):
        for alias in owner.aliases:
            key = _norm(alias.text).lower() if alias.ignore_case else _norm(alias.text)
            other = seen.get(key)
            if other is not None and other != owner.id:
                raise InputError(path, f"actor {owner.id}: alias {alias.text!r} is also an alias of {other}")
            seen[key] = owner.id
    ids = [a.id for a in (*actors, *leaders)]
    dup = next((x for x in ids if ids.count(x) > 1), None)
    if dup:
        raise InputError(path, f"duplicate actor or leader id {dup!r}")
    roles = _roles(data.get("roles"), path)
    return ActorSet(actors, leaders, options["leaders_as_actors"], tuple(options["title_words"]), str(path), roles)


def _roles(raw, path) -> RoleRules:
    """The ``roles`` section: the packaged lists, each replaced by the one this file gives."""
    default = default_path("actors.yaml")
    is_default = Path(str(path)).resolve() == default.resolve()
    if raw is None:
        raw = {}
    check_keys(raw, set(ROLE_KEYS), path, "roles")
    base = {} if is_default else {k: getattr(load_actors(None).roles, k) for k in ROLE_KEYS}
    for key in ROLE_KEYS:
        if key in raw:
            words = _str_list(raw[key], path, f"roles.{key}")
            base[key] = frozenset(w if key.startswith("not_place_") else w.lower() for w in words)
    return RoleRules(**base)


def load_actors(path=None, *, leaders_as_actors: bool | None = None) -> ActorSet:
    """Load an actor dictionary (the packaged default when ``path`` is None)."""
    p = default_path("actors.yaml") if path is None else Path(path)
    actors = parse_actors(read_yaml(p), p)
    if leaders_as_actors is not None:
        actors = ActorSet(
            actors.actors, actors.leaders, leaders_as_actors, actors.title_words, actors.source, actors.roles
        )
    return actors
