"""Sentiment toward a marked target (a span of text), and toward actors in sentences.

Two methods, behind :func:`target_sentiment`:

``sentence``
    The naive baseline: VADER's compound score of the whole text, copied onto every
    target in it.
``target``
    Target-aware, from VADER's token valences (after VADER's own rules for boosters,
    capitals, idioms and negation of the three preceding words), weighted by general
    rules rather than by anything learnt from a data set:

    * **distance**: a word counts ``1 / (1 + (d - 1) / 3)`` where ``d`` is its distance
      in tokens from the target (adjacent: 1, four tokens away: 0.5);
    * **clauses**: a word outside the target's clause counts ``OUTSIDE`` (0.3) as much.
      Clauses are cut at ``; : — –`` and at contrastive or concessive words (*but,
      however, while, whereas, although, though, despite*), which replaces VADER's
      sentence-wide "but" rule;
    * **other targets**: a word with another target between it and this one counts
      ``BLOCKED`` (0.5) as much — it more likely describes the nearer target;
    * **negation scope**: a negator earlier in the same clause but beyond VADER's
      three-word window (*neither X nor Y showed any regret*) flips the word, with
      VADER's own factor −0.74;
    * **attribution**: when the target is the source of reported speech or thought
      (*X said*, *X warned that*, *according to X*, *X views ... as*), the reported
      words are the source's evaluation of something else and count ``REPORTED``
      (0.3) as much;
    * words inside any target's span are left out (a name is not an evaluation).

    The weighted sum is squashed with VADER's normalisation into −1..1.

    The negators, the verbs of reported speech and the clause boundaries are word lists
    of the configuration (the ``target`` section of ``cues.yaml``; a study overrides them in
    its own cue file): :class:`analysis.text.clauses.TargetRules`.

Labels follow VADER's convention: ``score >= 0.05`` positive, ``<= -0.05`` negative.
"""

from __future__ import annotations

import functools
import math
import re
from bisect import bisect_left, bisect_right
from itertools import compress

import numpy as np
import pandas as pd

from analysis.dictionaries.cues import cues_for
from analysis.errors import InputError
from analysis.text.cache import Memo
from analysis.text.clauses import TargetRules
from analysis.text.vader import N_SCALAR, TOKEN, analyzer, normalize, strip_token

METHODS = ("model", "sentence", "target")
RULE_METHODS = ("sentence", "target")
THRESHOLD = 0.05
DECAY = 3.0
OUTSIDE = 0.3
BLOCKED = 0.5
REPORTED = 0.3
MAX_CUES = 3
MIN_CUE = 0.1

_ACCORDING = re.compile(r"according to\s*(?:the\s+)?$")
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.U)


def label_of(score: float) -> str:
    """negative / neutral / positive by VADER's ±0.05 convention."""
    if score >= THRESHOLD:
        return "positive"
    if score <= -THRESHOLD:
        return "negative"
    return "neutral"


def _bare(word: str) -> str:
    match = _WORD.search(word)
    return match.group(0).lower() if match else word.lower()


_BARE = Memo(_bare, 200_000)  # word → bare_word(word)


def bare_word(word: str) -> str:
    """A token without surrounding punctuation, lower case ("Turkey’s," → "turkey’s")."""
    return _BARE[word]


def _check(frame: pd.DataFrame) -> None:
    missing = [c for c in ("text", "start", "end") if c not in frame.columns]
    if missing:
        raise InputError(None, f"target_sentiment: missing column {missing[0]!r} (need text, start, end)")
    starts, ends = frame["start"].to_numpy(), frame["end"].to_numpy()
    if starts.dtype.kind in "iu" and ends.dtype.kind in "iu":  # whole numbers, no gaps: check at once
        texts = frame["text"].tolist()
        if all(isinstance(t, str) for t in texts) and all(map(str.strip, texts)):
            lengths = np.fromiter(map(len, texts), np.int64, len(texts))
            if ((starts >= 0) & (starts < ends) & (ends <= lengths)).all():
                return
    for idx, text, start, end in zip(
        frame.index, frame["text"].tolist(), frame["start"].tolist(), frame["end"].tolist()
    ):
        if not isinstance(text, str) or not text.strip():
            raise InputError(None, f"target_sentiment: row {idx!r}: text is empty")
        if pd.isna(start) or pd.isna(end) or int(start) != start or int(end) != end:
            raise InputError(
                None, f"target_sentiment: row {idx!r}: start/end must be whole numbers, got {start!r}, {end!r}"
            )
        if not 0 <= int(start) < int(end) <= len(text):
            raise InputError(
                None,
                f"target_sentiment: row {idx!r}: span {int(start)}..{int(end)} is outside the text "
                f"(length {len(text)}) or empty",
            )


def _cues(contributions) -> str:
    """The deciding words: the largest contributions, strongest first."""
    ranked = sorted((c for c in contributions if abs(c[1]) >= MIN_CUE), key=lambda c: (-abs(c[1]), c[2]))
    return "; ".join(word for word, _, _ in ranked[:MAX_CUES])


def _sentence_score(text: str, sia) -> tuple[float, str]:
    compound, bare = sia.scores(text)[3], _BARE
    return compound, _cues([(bare[w], v, k) for k, w, v in sia.hits(text)])


def _before(text: str, c: int) -> int:
    """How many kept tokens (2+ characters) start before character ``c``."""
    n = len(TOKEN.findall(text, 0, c))  # the tokens before c, and one cut at c if 2+ characters remain
    if 0 < c < len(text) and not text[c].isspace() and not text[c - 1].isspace() and (c == 1 or text[c - 2].isspace()):
        n += 1  # a token cut at c after its first character starts before c too
    return n


def _position(text: str, start: int, end: int, token_starts=None) -> tuple[int, int]:
    """Token index range (lo, hi) of a character span; lo = hi + 1 if no token overlaps it.
    ``token_starts``: where each kept token starts, if known (:func:`_before` counts them)."""
    if token_starts is None:
        lo, hi = _before(text, start), _before(text, end)
    else:  # the same counts: the kept tokens that start before each end of the span
        lo, hi = bisect_left(token_starts, start), bisect_left(token_starts, end)
    # the first token ending after the span starts is the one the span starts inside, if any
    if 0 < start < len(text) and not text[start].isspace() and not text[start - 1].isspace():
        lo -= 1
    hi -= 1  # the last token starting before the span ends
    return lo, max(hi, lo - 1)


def _source_of_speech(raws, lo: int, hi: int, text: str, start: int, speaks) -> tuple[bool, int]:
    """Is the target the source of reported speech? Returns (yes, index of the verb)."""
    if _ACCORDING.search(text[max(0, start - 16) : start].lower()):
        return True, lo - 1
    for k in range(hi + 1, min(len(raws), hi + 4)):  # "X said", "X has warned", "X, in turn, ..."
        if speaks[raws[k]]:
            return True, k
    if lo - 1 >= 0 and speaks[raws[lo - 1]]:  # "..., said X"
        return True, lo - 1
    return False, -1


def target_rules(config=None) -> TargetRules:
    """The word lists of the ``target`` method (from the configuration's cue file)."""
    return _packaged_rules() if config is None else cues_for(config).target


@functools.lru_cache(maxsize=1)
def _packaged_rules() -> TargetRules:
    return cues_for(None).target


def __getattr__(name: str):
    if name == "_BOUNDARY":  # the packaged clause boundaries (analysis.models reads them)
        return target_rules().boundary
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@functools.lru_cache(maxsize=8)
def _facts(rules: TargetRules) -> tuple[Memo, Memo]:
    """raw token → a fact about its word (VADER's stripped token), cached on first sight:
    is it a negator (one of the list, or a word with n't), is it a verb of reported speech."""
    negators, speech = rules.negator_set, rules.speech_set
    negator = Memo(lambda raw: bare_word(w := strip_token(raw)) in negators or "n't" in w.lower(), 200_000)
    speaks = Memo(lambda raw: bare_word(strip_token(raw)) in speech, 200_000)
    return negator, speaks


@functools.lru_cache(maxsize=8)
def _cut_memo(rules: TargetRules) -> Memo:
    """text → :func:`_scan_cuts` of it with ``rules``, remembered: the rule method and the
    model's features both cut the sentences of an actor's mentions (at most 100,000 texts;
    :func:`forget_cuts` drops them)."""
    return Memo(functools.partial(_scan_cuts, rules=rules), 100_000)


def forget_cuts() -> None:
    """Drop the remembered cuts (:func:`analysis.measures.actor_sentiment.actor_sentiment` does
    when done), so that the texts of a batch are not kept after it."""
    _cut_memo.cache_clear()


def _cuts(text: str, rules: TargetRules) -> list[int]:
    """Where ``rules.boundary`` matches in ``text`` (cached: never change the list returned)."""
    return _cut_memo(rules)[text]


def cuts_of(rules: TargetRules) -> Memo:
    """text → :func:`_cuts` of it: the cache itself, to look up once for many texts (finding
    ``rules`` among the cached ones compares their word lists)."""
    return _cut_memo(rules)


def _scan_cuts(text: str, rules: TargetRules) -> list[int]:
    """Where ``rules.boundary`` matches in ``text``, scanning from the first place where it
    could: every match starts where ``rules.candidate`` matches the lower-cased text, except words
    that re.I matches through "ı" or "ſ" (as i and s), which are candidates that force a full scan."""
    low = text.lower()
    if len(low) != len(text) or "ı" in low or "ſ" in low:  # offsets moved ("İ"), or a folded word
        return [m.start() for m in rules.boundary.finditer(text)]  # may start before its "ı": scan it all
    first = rules.candidate.search(low)
    if first is None:
        return []
    return [m.start() for m in rules.boundary.finditer(text, first.start())]


def _prepare(text: str, sia, rules: TargetRules, facts=None):
    """Per-text facts shared by every target in it: tokens, offsets, clauses, negators
    (``facts``: :func:`_facts` and :func:`cuts_of` of ``rules``, when looked up already)."""
    hits = sia.hits(text, but=False)
    if not hits:
        return None  # nothing to weigh: every target scores 0
    found = list(TOKEN.finditer(text))  # the tokens VADER keeps, and where each starts
    raws, starts = list(map(re.Match.group, found)), list(map(re.Match.start, found))
    negator, speaks, cut = facts or (*_facts(rules), cuts_of(rules))
    cuts = cut[text]
    cut_tokens = [bisect_left(starts, c) for c in cuts]  # a token is in clause i if i cuts start at or before it
    negators = list(compress(range(len(raws)), map(negator.__getitem__, raws)))
    hits = [(k, _BARE[w], v) for k, w, v in hits]
    return hits, raws, cuts, cut_tokens, negators, {}, speaks, starts


def _target_score(text: str, start: int, end: int, others, sia, prepared=False) -> tuple[float, str]:
    prepared = _prepare(text, sia, target_rules()) if prepared is False else prepared
    if prepared is None:
        return 0.0, ""
    hits, raws, cuts, cut_tokens, negators, positions, speaks, starts = prepared  # positions: span → (lo, hi)
    lo, hi = positions.get((start, end)) or positions.setdefault((start, end), _position(text, start, end, starts))
    own_clause = bisect_right(cuts, start)
    other_pos = [
        positions.get((a, b)) or positions.setdefault((a, b), _position(text, a, b, starts))
        for a, b in others
        if not (a < end and b > start)
    ]
    inside = set(range(lo, hi + 1))
    for o_lo, o_hi in other_pos:
        inside.update(range(o_lo, o_hi + 1))
    source, verb = _source_of_speech(raws, lo, hi, text, start, speaks)
    first, last = min(lo, verb), max(hi, verb)
    contributions = []
    total = 0.0
    for k, bare, value in hits:
        if k in inside:
            continue
        d = lo - k if k < lo else k - hi
        weight = 1.0 / (1.0 + (d - 1) / DECAY)
        clause = bisect_right(cut_tokens, k) if cuts else 0
        same_clause = clause == own_clause
        if not same_clause:
            weight *= OUTSIDE
        if other_pos and any((k < o_lo and o_hi < lo) or (k > o_hi and o_lo > hi) for o_lo, o_hi in other_pos):
            weight *= BLOCKED
        if source and not (first <= k <= last):
            weight *= REPORTED
        if same_clause and negators:  # VADER already negated words within three tokens
            j = bisect_right(negators, k - 4) - 1  # the nearest negator before that window
            if j >= 0 and (not cuts or bisect_right(cut_tokens, negators[j]) == clause):  # clauses only grow
                value = value * N_SCALAR
        contribution = weight * value
        total += contribution
        contributions.append((bare, contribution, k))
    return normalize(total), _cues(contributions)


def target_sentiment(
    frame: pd.DataFrame, method: str = "model", overlay=True, config=None, head: str = "general"
) -> pd.DataFrame:
    """Sentiment toward the span ``text[start:end]`` of each row.

    Parameters
    ----------
    frame : DataFrame
        Columns ``text``, ``start``, ``end`` (character offsets of the target in
        ``text``); optionally ``others``: a list of (start, end) spans of other targets
        in the same text, which the ``target`` method treats as competitors.
    method : {"model", "sentence", "target"}
        ``model`` (default): the trained model of :mod:`analysis.models.target_sentiment`
        (label: its most probable class; score: p(positive) − p(negative); cues: the words
        that moved the decision most); ``sentence``: VADER's compound for the whole text;
        ``target``: target-aware rules (see the module docstring).
    overlay : bool or path
        Score with the domain lexicon overlay (default) or VADER's lexicon alone.
    config
        A study configuration (None: the packaged one): its cue file's ``target`` word lists
        (for the ``target`` method; the model always uses the packaged lists it was trained on).
    head : {"general", "actor"}
        The model's head (``method="model"`` only): ``general`` for any target (the default),
        ``actor`` for states, organisations and leaders in international news (the head of
        the ``actor_sentiment`` table); see :mod:`analysis.models.target_sentiment`.

    Returns
    -------
    DataFrame
        A copy of ``frame`` with score (−1..1), label (negative / neutral / positive),
        cues (the deciding words, strongest first, ``"; "``-separated) and method.

    Raises
    ------
    InputError
        A missing column, empty text, or a span outside the text (the row is named).
    """
    if method not in METHODS:
        raise ValueError(f"target_sentiment: unknown method {method!r} (choose from {', '.join(METHODS)})")
    _check(frame)
    all_others = frame["others"].tolist() if "others" in frame.columns else [()] * len(frame)
    columns = frame["text"].tolist(), frame["start"].tolist(), frame["end"].tolist(), all_others
    if method == "model":
        from analysis.models.target_sentiment import predict

        _, scores, labels, cues = predict(*columns, overlay=overlay, head=head)
        scores = [float(s) for s in scores]
    else:
        scores, cues = score_rows(*columns, method, analyzer(overlay), target_rules(config))
        labels = [label_of(s) for s in scores]
    out = frame.copy()
    out["score"] = scores
    out["label"] = labels
    out["cues"] = cues
    out["method"] = method
    return out


def others_spans(others) -> list[tuple[int, int]]:
    """The other targets' spans of a row as a list of (start, end): a list, tuple or array
    of pairs; anything else (None, NaN) means none."""
    if isinstance(others, np.ndarray):
        others = others.tolist()
    if not isinstance(others, (list, tuple)):
        return []
    return [(int(a), int(b)) for a, b in others]


def score_rows(texts, starts, ends, all_others, method: str, sia, rules=None) -> tuple[list[float], list[str]]:
    """Scores and cues of checked rows (lists of text, start, end, others) with one method
    (``rules``: the :class:`TargetRules` to use; None for the packaged ones)."""
    rules = target_rules() if rules is None else rules
    scores, cues = [], []
    cache: dict[str, tuple] = {}
    facts = (*_facts(rules), cuts_of(rules))  # looked up once: rules compare by their word lists
    for text, start, end, others in zip(texts, starts, ends, all_others):
        if method == "sentence":
            if text not in cache:
                cache[text] = _sentence_score(text, sia)
            score, cue = cache[text]
        else:
            if text not in cache:
                cache = {text: _prepare(text, sia, rules, facts)}  # rows of one text are usually adjacent
            others = others_spans(others)
            if cache[text] is None:  # no word with a valence: nothing to weigh
                score, cue = 0.0, ""
            else:
                score, cue = _target_score(text, int(start), int(end), others, sia, cache[text])
        scores.append(float(score) if math.isfinite(score) else 0.0)
        cues.append(cue)
    return scores, cues
