"""Features of an actor pair in one sentence, for the trained relation classifier.

A pair is two actors named in a sentence; its **mentions** are the closest two mentions
of the two actors (the first in the text is ``first``, the other ``second``). Features:

* the mean of the static word embeddings (:mod:`analysis.models.embeddings`, 256
  dimensions, unit word vectors) of the words between the two mentions (actor names and
  punctuation left out; pools of the words around the pair and of the whole sentence
  were tried and did not help in cross-validation);
* the rules' own decision for the pair (:func:`analysis.measures.dyads.rule_analysis`):
  its relation, how it was found (the cue's arguments or the sentence), its modality,
  intensity and direction relative to the two mentions;
* the cue lexicon: cooperation and conflict cues between the mentions and in the whole
  sentence, negators between them; the leaning words of ``relation_words.yaml`` between
  the mentions, in the ``WINDOW`` words before and after the pair and in the sentence;
* the shape: words and other actors between the mentions, whether only coordinators
  stand between them ("Turkey, Russia and Iran"), whether they share a clause, a
  passive "by" or a "from" between them, a possessive first mention, a mention after a
  place preposition ("in Syria") or used as an adjective ("Turkish troops");
* who acts on whom (read by the direction model, and by the relation model too, which
  cross-validated better with them): cues between, before and after the mentions and
  whether one is symmetric or passive ("X was sanctioned by Y"), "between"/"both" before
  the first mention ("tensions between X and Y"), reporting verbs between or after them,
  the function words between them ("against", "on", "with", "to", "'s", "which", ...),
  right after the second mention ("X and Y agreed", "Y's") and before the first ("by X",
  "with X"), the prepositions right after the first cue between them ("pressure on"), that
  cue's class and its relative position.

Pairs are capped (:func:`capped_pairs`): each mention is paired with at most ``k`` of the
nearest mentions of other actors, so a sentence naming actors thousands of times costs
time linear in its mentions.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import accumulate
from math import log1p

import numpy as np

from .embeddings import word_vectors

DIM = 256
WINDOW = 5
POOLS = ("between",)
LEXICAL = (
    "rule_cooperation",
    "rule_conflict",
    "rule_arguments",
    "rule_sentence",
    "rule_negated",
    "rule_hypothetical",
    "rule_demanded",
    "rule_intensity",
    "rule_first_to_second",
    "rule_second_to_first",
    "rule_undirected",
    "cooperation_cues_between",
    "conflict_cues_between",
    "cooperation_cues_sentence",
    "conflict_cues_sentence",
    "negators_between",
    "log_words_between",
    "log_actors_between",
    "only_coordinators_between",
    "same_clause",
    "by_between",
    "from_between",
    "first_possessive",
    "log_sentence_words",
    "log_actors_in_sentence",
    "conflict_words_between",
    "cooperation_words_between",
    "conflict_words_before",
    "cooperation_words_before",
    "conflict_words_after",
    "cooperation_words_after",
    "conflict_words_sentence",
    "cooperation_words_sentence",
    "first_after_preposition",
    "second_after_preposition",
    "first_adjective",
    "second_adjective",
    "cue_between",
    "cue_before",
    "cue_after",
    "symmetric_cue_between",
    "symmetric_cue_after",
    "symmetric_cue_before",
    "passive_cue_between",
    "between_before_first",
    "both_before_first",
    "reporting_between",
    "reporting_after",
    "first_opens",
    "few_words_between",
    "and_between_few",
    *(f"between_{w}" for w in ("against", "on", "with", "to", "over", "between", "of", "for", "in", "and")),
    *(f"between_{w}" for w in ("comma", "possessive", "that", "which", "who")),
    *(f"after_second_{w}" for w in ("and", "possessive", "to", "on", "with", "over", "of")),
    *(f"before_first_{w}" for w in ("by", "from", "with", "on", "against", "to", "between", "of")),
    *(f"after_cue_{w}" for w in ("on", "against", "to", "with", "from", "by", "over", "at")),
    "cue_between_cooperation",
    "cue_between_conflict",
    "cue_between_position",
)
_BETWEEN_WORDS = (
    "against",
    "on",
    "with",
    "to",
    "over",
    "between",
    "of",
    "for",
    "in",
    "and",
    ",",
    "'s",
    "that",
    "which",
    "who",
)
_AFTER_SECOND = ("and", "'s", "to", "on", "with", "over", "of")
_BEFORE_FIRST = ("by", "from", "with", "on", "against", "to", "between", "of")
_AFTER_CUE = ("on", "against", "to", "with", "from", "by", "over", "at")
REPORTING = frozenset(
    {
        "said",
        "says",
        "say",
        "told",
        "tells",
        "stated",
        "added",
        "noted",
        "according",
        "claimed",
        "warned",
        "insisted",
        "announced",
        "reported",
        "wrote",
        "argued",
    }
)
# a mention after one of these names a place more often than an actor ("in Syria")
PLACE_PREPOSITIONS = frozenset({"in", "into", "inside", "across", "near", "throughout", "within", "at", "from", "to"})
NEGATORS = frozenset({"not", "no", "never", "neither", "nor", "without", "n't", "refused", "refuses", "denied"})


@lru_cache(maxsize=1)
def leaning_words() -> tuple[frozenset, frozenset]:
    """(conflict, cooperation): the word lists of ``analysis/data/relation_words.yaml``."""
    from analysis.dictionaries.registry import default_path, read_yaml

    data = read_yaml(default_path("relation_words.yaml"))
    return frozenset(w.lower() for w in data["conflict"]), frozenset(w.lower() for w in data["cooperation"])


def _is_word(low: str) -> bool:
    return low[:1].isalnum()


def capped_pairs(spans, k: int) -> dict[tuple[str, str], tuple[int, int]]:
    """Actor pairs of a sentence and their closest mentions.

    ``spans`` are (actor, first token, end token) in text order. Each mention is paired
    with the ``k`` nearest mentions of other actors after it (and so with those before
    it that reach it: about ``2k`` partners at most); among the pairs so found, each
    actor pair keeps its closest two mentions (smallest token gap). Returns {(actor, actor) sorted: (index of first mention, index of second)}.
    """
    out: dict[tuple[str, str], tuple[int, int, int]] = {}
    n = len(spans)
    # next_other[j]: the first mention after j of another actor than j's (a run of one
    # actor is jumped over at once, so each mention costs O(k) whatever the repetitions)
    next_other = [n] * n
    for j in range(n - 2, -1, -1):
        next_other[j] = j + 1 if spans[j + 1][0] != spans[j][0] else next_other[j + 1]
    for i in range(n):
        actor = spans[i][0]
        found = 0
        j = i + 1
        while j < n:
            other = spans[j][0]
            if other == actor:
                j = next_other[j]
                continue
            gap = spans[j][1] - spans[i][2]
            key = (actor, other) if actor < other else (other, actor)
            old = out.get(key)
            if old is None or gap < old[0]:
                out[key] = (gap, i, j)
            found += 1
            if found >= k:
                break
            j += 1
    return {key: (i, j) for key, (_, i, j) in out.items()}


class SentenceWords:
    """The word vectors of one sentence and prefix sums, so a window's mean is O(1)."""

    def __init__(self, p, actor_tokens, lo: int = 0, hi: int | None = None):
        """Word vectors are looked up only for tokens [lo, hi) (the span the pairs' between
        windows can cover); counts of leaning words cover the whole sentence."""
        lows = [t.low for t in p.tokens]
        hi = len(lows) if hi is None else hi
        keep = [w[:1].isalnum() and i not in actor_tokens for i, w in enumerate(lows)]
        # prefix sums as Python lists: a sentence is short, and list indexing is what the
        # pair features do most (numpy scalars would cost more than they save)
        self.count = list(accumulate(keep, initial=0))
        words = [lows[i] for i in range(lo, hi) if keep[i]]
        self.first = self.count[lo]  # row of the first word vector
        self.vecs = word_vectors(words) if words else np.zeros((0, DIM), dtype=np.float32)
        self.lows = lows
        conflict, cooperation = leaning_words()
        self.conflict = list(accumulate((w in conflict for w in lows), initial=0))
        self.cooperation = list(accumulate((w in cooperation for w in lows), initial=0))

    def leaning(self, a: int, b: int) -> list[float]:
        """log(1 + count) of conflict and of cooperation words in tokens [a, b)."""
        a, b = max(0, a), min(len(self.lows), max(a, b))
        return [log1p(self.conflict[b] - self.conflict[a]), log1p(self.cooperation[b] - self.cooperation[a])]

    def mean(self, a: int, b: int) -> np.ndarray:
        """The mean word vector of the kept words of tokens [a, b) (inside [lo, hi))."""
        a, b = max(0, a), min(len(self.lows), b)
        x, y = self.count[a] - self.first, self.count[b] - self.first if b > a else 0
        if b <= a or y <= x:
            return np.zeros(DIM)
        return self.vecs[x:y].astype(np.float64).mean(axis=0)

    def window_before(self, a: int) -> tuple[int, int]:
        """Token range ending at ``a`` holding up to WINDOW kept words."""
        lo = a
        while lo > 0 and self.count[a] - self.count[lo] < WINDOW:
            lo -= 1
        return lo, a

    def window_after(self, b: int) -> tuple[int, int]:
        hi = b
        n = len(self.lows)
        while hi < n and self.count[hi] - self.count[b] < WINDOW:
            hi += 1
        return b, hi


def _adjective(p, span) -> bool:
    """A nationality word before a noun ("Turkish troops", "Russian-made")."""
    last = p.tokens[span[2] - 1].low
    nxt = p.tokens[span[2]].low if span[2] < len(p.tokens) else ""
    return last.endswith(("ish", "ian", "ese", "ean", "ic")) and (nxt[:1].isalpha() or nxt == "-")


def _direction_features(p, lows, first, second, cue_hits) -> list:
    """Who acts on whom: the cue and function-word features of the pair (see LEXICAL)."""
    lo, hi = first[2], second[1]
    between = set(lows[lo:hi])
    before = set(lows[max(0, first[1] - 4) : first[1]])
    after = lows[second[2] : second[2] + 4]
    after2 = set(after[:2])
    inside = [h for h in cue_hits if h[0] >= lo and h[1] <= hi]
    earlier = [h for h in cue_hits if h[1] <= first[1]]
    later = [h for h in cue_hits if h[0] >= second[2]]
    rules = p.rules
    passive = any(
        any(w in rules.passive_auxiliaries for w in lows[max(0, a - 3) : a])
        and (lows[b - 1].endswith(("ed", "en")) or lows[b - 1] in rules.participles)
        for a, b, _, _ in inside
    )
    n_between = hi - lo
    out = [
        bool(inside),
        bool(earlier),
        bool(later),
        any(h[3] for h in inside),
        any(h[3] for h in later),
        any(h[3] for h in earlier),
        passive,
        "between" in before,
        "both" in before,
        not REPORTING.isdisjoint(between),
        not REPORTING.isdisjoint(after),
        first[1] == 0 or lows[first[1] - 1] in (",", "the"),
        n_between <= 2,
        "and" in between and sum(1 for w in lows[lo:hi] if _is_word(w)) <= 2,
        *(w in between for w in _BETWEEN_WORDS),
        *(w in after2 for w in _AFTER_SECOND),
        *(w in before for w in _BEFORE_FIRST),
    ]
    if inside:
        a, b, relation, _ = inside[0]
        nxt = set(lows[b:hi])
        out += [w in nxt for w in _AFTER_CUE]
        out += [relation == "cooperation", relation == "conflict", (a - lo) / max(1, hi - lo)]
    else:
        out += [False] * (len(_AFTER_CUE) + 3)
    return out


def pair_vector(p, words: SentenceWords, i: int, j: int, rule: dict, cue_hits, coordinators, n_actors: int):
    """The feature vector (len(POOLS) * DIM + len(LEXICAL)) of the pair of mentions i < j.

    ``cue_hits``: (first token, end token, relation, symmetric) of the sentence's cues."""
    first, second = p.spans[i], p.spans[j]
    lo, hi = first[2], second[1]
    between = words.lows[lo:hi]
    before = words.window_before(first[1])
    after = words.window_after(second[2])
    pools = [words.mean(lo, hi)]
    relation = rule["relation"]
    directed = bool(rule["directed"]) and relation != "neutral"
    first_to_second = directed and rule["source"] == first[0]
    coop_between = sum(1 for a, b, rel, _ in cue_hits if a >= lo and b <= hi and rel == "cooperation")
    conf_between = sum(1 for a, b, rel, _ in cue_hits if a >= lo and b <= hi and rel == "conflict")
    coop_all = sum(1 for _, _, rel, _ in cue_hits if rel == "cooperation")
    conf_all = sum(1 for _, _, rel, _ in cue_hits if rel == "conflict")
    words_between = [w for w in between if _is_word(w)]
    actors_between = j - i - 1
    tail = words.lows[first[2] - 1] if first[2] > 0 else ""
    nxt = words.lows[first[2]] if first[2] < len(words.lows) else ""
    lexical = [
        relation == "cooperation",
        relation == "conflict",
        rule["rule"] == "arguments",
        rule["rule"] == "sentence",
        rule["modality"] == "negated",
        rule["modality"] == "hypothetical",
        rule["modality"] == "demanded",
        float(rule["intensity"]) / 10.0,
        first_to_second,
        directed and not first_to_second,
        relation != "neutral" and not directed,
        log1p(coop_between),
        log1p(conf_between),
        log1p(coop_all),
        log1p(conf_all),
        sum(1 for w in between if w in NEGATORS or w.endswith("n't")),
        log1p(len(words_between)),
        log1p(actors_between),
        bool(between) and all(w in coordinators for w in between if _is_word(w) or w == ","),
        p.clause_of[first[2] - 1] == p.clause_of[second[1]],
        "by" in between,
        "from" in between,
        tail.endswith("'s") or nxt in ("'s", "'"),
        log1p(len(words.lows)),
        log1p(n_actors),
        *words.leaning(lo, hi),
        *words.leaning(*before),
        *words.leaning(*after),
        *words.leaning(0, len(words.lows)),
        first[1] > 0 and words.lows[first[1] - 1] in PLACE_PREPOSITIONS,
        second[1] > 0 and words.lows[second[1] - 1] in PLACE_PREPOSITIONS,
        _adjective(p, first),
        _adjective(p, second),
        *_direction_features(p, words.lows, first, second, cue_hits),
    ]
    return np.concatenate(pools + [np.asarray(lexical, dtype=np.float64)])


def sentence_pairs(text: str, actor_spans, cueset, k: int, need=None):
    """Every capped actor pair of one sentence with its rule row and features.

    Returns (parsed sentence, cue matches, [(pair key, first mention actor, rule row,
    feature vector)]), pairs sorted by key. ``need(rule row)``: whether a pair needs its
    features (None: every pair); a pair that does not gets None, and a sentence with no
    such pair looks up no word vector.
    """
    from analysis.measures.dyad_rules import rule_analysis

    p, matches, rules = rule_analysis(text, actor_spans, cueset)
    if not rules:
        return p, matches, []
    capped = sorted(capped_pairs(p.spans, k).items())
    wanted = [need is None or need(rules[key]) for key, _ in capped]
    out = []
    if any(wanted):
        actor_tokens = {t for _, x, y in p.spans for t in range(x, y)}
        lo = min(p.spans[i][2] for (_, (i, _)), w in zip(capped, wanted) if w)
        hi = max(p.spans[j][1] for (_, (_, j)), w in zip(capped, wanted) if w)
        words = SentenceWords(p, actor_tokens, lo, max(lo, hi))
        hits = [(a, b, cue.relation, cue.symmetric) for a, b, cue in matches]
        coordinators = p.rules.coordinators | p.rules.coordination_skip
        n_actors = len({a for a, _, _ in p.spans})
    for (key, (i, j)), w in zip(capped, wanted):
        rule = rules[key]
        vector = pair_vector(p, words, i, j, rule, hits, coordinators, n_actors) if w else None
        out.append((key, p.spans[i][0], rule, vector))
    return p, matches, out
