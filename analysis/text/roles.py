"""Mention roles: does a mention name an actor that acts, a place, or an attribute?

* **place**: the mention names a location only: after a place preposition ("in Syria",
  "across Turkey and Iraq"), after a direction word ("northern Syria"), or as the
  modifier of a place noun ("the Turkish border", "Syria's northeast" is not caught);
* **attribute**: a nationality, origin or language word on a person or thing: a
  nationality adjective before a noun of the ``attribute_heads`` list ("Syrian
  refugees", "a Turkish gold trader"; up to two words may stand between), a
  bi-national compound ("Turkish-American Business Council"), or a language ("speaks
  Turkish", "in Russian,");
* **actor**: everything else (a leader's name always).

The word lists are the ``roles`` section of the actor file (``analysis/data/actors.yaml``);
a study's actor file may give any of them (each list given replaces the packaged one).
No parser: the rules look at the words next to the mention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

ROLES = ("actor", "place", "attribute")
_DEMONYM = re.compile(r"(?:[A-Z][\w.]*(?:ish|ian|ean|ican|ese|i|ic)|German|Afghan|Soviet)\Z")
_WORD = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*")
_POSSESSIVE = re.compile(r"['’]s?\Z")
_DEMONYM_BEFORE = re.compile(r"(?:[A-Z][\w.]*(?:ish|ian|ean|ican|ese|i|ic)|German|Afghan|Soviet)-\Z")
_BASED = re.compile(r"-based\b")


@dataclass(frozen=True)
class RoleRules:
    """The word lists of the ``roles`` section (lower case)."""

    place_before: frozenset = frozenset()  # "in Syria"
    place_not_after: frozenset = frozenset()  # "interest in Turkey": not a place
    place_modifiers: frozenset = frozenset()  # "northern Syria"
    place_heads: frozenset = frozenset()  # "the Turkish border"
    attribute_heads: frozenset = frozenset()  # "Syrian refugees"
    language_before: frozenset = frozenset()  # "speaks Turkish"
    not_place_actors: frozenset = frozenset()  # actor ids never read as places (as written)
    not_place_aliases: frozenset = frozenset()  # aliases never read as places (as written)


ROLE_KEYS = tuple(f.name for f in fields(RoleRules))


_PUNCT = ".,;:!?\"'()[]“”‘’—–-"
_SEPARATORS = str.maketrans({c: " " for c in "/—–…|"})
_SURFACES: dict[str, tuple[str, bool]] = {}  # surface → (without possessive, a nationality word?)


def _words(chunk: str, last: bool) -> list[str]:
    """Up to three lower-case words of ``chunk``: its last ones (``last``) or its first ones."""
    parts = chunk.translate(_SEPARATORS).split()
    parts = parts[-3:] if last else parts[:3]
    words = [w.strip(_PUNCT).lower() for w in parts]
    return [w for w in words if w]


def _surface(surface: str) -> tuple[str, bool]:
    got = _SURFACES.get(surface)
    if got is None:
        bare = _POSSESSIVE.sub("", surface)
        got = _SURFACES[surface] = (bare, bool(_DEMONYM.match(bare)))
    return got


def mention_roles(text: str, found, rules: RoleRules) -> list[str]:
    """The role of each mention ``found`` in ``text``: (actor, surface, start, end, leader)
    tuples as :meth:`analysis.dictionaries.actors.ActorSet.find` gives them, in order."""
    roles: list[str] = []
    prev_end, prev_role = -1, ""
    for actor, surface, a, b, leader in found:
        role = "actor"
        if not leader:
            role = _role(text, actor, surface, a, b, rules, prev_end, prev_role)
        roles.append(role)
        prev_end, prev_role = b, role
    return roles


def _role(text, actor, surface, a, b, rules: RoleRules, prev_end, prev_role) -> str:
    chunk = text[max(0, a - 40) : a]
    before = _words(chunk, True)
    last = before[-1] if before else ""
    bare, demonym = _surface(surface)
    after = text[b : b + 60]
    hyphen = after[:1] == "-"
    # "in Syria and Iraq", "speaks Turkish and Russian": coordinated mentions share the role
    if (
        prev_role in ("place", "attribute")
        and 0 <= prev_end < a
        and text[prev_end:a].strip(" ,").lower() in ("", "and", "or")
    ):
        return prev_role
    if last in rules.language_before and demonym:
        return "attribute"
    nxt = _words(after, False)
    if demonym and hyphen and _DEMONYM.match(_WORD.findall(after)[0] if _WORD.search(after) else ""):
        return "attribute"  # "Turkish-American Business Council"
    if a and text[a - 1] == "-" and demonym and _DEMONYM_BEFORE.search(text, max(0, a - 30), a):
        return "attribute"  # "Russian-American" (the second half)
    if demonym and not hyphen:
        for k, w in enumerate(nxt[:3]):
            if w in rules.place_heads:
                return "place"  # "the Turkish border"
            if w in rules.attribute_heads:
                return "attribute"  # "Syrian refugees", "a Turkish gold trader"
            if k == 0 and not after[:1].isspace():
                break
        if last == "in" and (not nxt or nxt[0] in ("and", "or") or after.lstrip()[:1] in (",", ".", ";", ")")):
            return "attribute"  # a language: "in Turkish."
        return "actor"
    if not hyphen and nxt and after[:1].isspace() and nxt[0] in rules.attribute_heads and surface == bare:
        return "attribute"  # "the EU companies", "U.S. dollars"
    if actor in rules.not_place_actors or bare in rules.not_place_aliases:
        return "actor"
    if _BASED.match(after):
        return "place"  # "Brussels-based"
    governed = len(before) >= 2 and before[-2] in rules.place_not_after
    if last in rules.place_modifiers and not governed:
        return "place"  # "northern Syria"
    if last in rules.place_before and not governed and surface == bare:
        return "place"  # "in Syria" (not "into Russia's orbit": the orbit is the place)
    if not hyphen and nxt and nxt[0] in rules.place_heads and _POSSESSIVE.search(surface) is None:
        if after[:1].isspace():
            return "place"  # "the Syria border"
    return "actor"
