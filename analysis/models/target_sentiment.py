"""The trained target-sentiment model: loading, inference and the words behind a decision.

A multinomial logistic regression over the features of
:mod:`analysis.models.target_features`, trained on NewsMTSC's training split together
with the project's own coded sentences (``coding/sentiment``) by
``train/train_sentiment.py`` (``make train``). Inference is numpy (and scipy's sparse
product for the pools): no torch, no network.

Two heads share the features and their standardisation (each was fitted with a domain
indicator and domain-specific copies of the features, Daumé's "frustratingly easy" domain
adaptation): ``general``, for any marked target, as NewsMTSC's people in
US news; ``actor``, for states, organisations and their leaders in international news (the
project's coded sentences, where most sentences are neutral toward the actors they name),
which :func:`analysis.measures.actor_sentiment.actor_sentiment` uses. Each head is a
linear model of its own (shared weights plus the domain's); the ``actor`` head has class
offsets the training chose by cross-validation, and the ``general`` head comes from a
second fit whose values were chosen on NewsMTSC's dev files (``train/train_sentiment.py``).

Cues: the model is linear in its features, and every embedding pool is a weighted sum of
token vectors divided by its norm, so each word's share in the decision is exact given
those norms: ``weight_p(k) / norm_p * (e_k · u_p)`` summed over pools ``p``, where ``u_p``
is the standardised coefficient block of the pool. ``cues`` names the (at most three) words that pushed
most toward the chosen label, strongest first.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np

from ..errors import InputError
from ..measures.target import others_spans
from .target_features import DIM, LEXICAL, POOLS, Featurized, featurize
from .weights import MODEL_DIR, read_weights

NAME = "target_sentiment"
CLASSES = ("negative", "neutral", "positive")
HEADS = ("general", "actor")
MAX_CUES = 3


@dataclass(frozen=True, eq=False)  # hashed by identity: the caches below key on it
class SentimentModel:
    mean: np.ndarray  # (D,) dense feature means
    scale: np.ndarray  # (D,) dense feature scales
    coef_dense: np.ndarray  # (heads, 3, D) on the standardised features
    intercept: np.ndarray  # (heads, 3)
    meta: dict

    @cached_property
    def stopwords(self) -> frozenset:
        return frozenset(self.meta.get("cue_stopwords", ()))

    def logits(self, feats: Featurized, head: int = 0) -> np.ndarray:
        """Class scores in float64 by one head. A matrix product may sum a row in another order
        when the batch differs; in float64 that moves a score by about 1e-16, far below the 9
        decimals :func:`predict` keeps."""
        return feats.dense @ self._weights[head].T + self._offset[head]

    @cached_property
    def _weights(self) -> np.ndarray:
        """The coefficients on the raw features: standardisation folded in."""
        return self.coef_dense.astype(np.float64) / self.scale.astype(np.float64)

    @cached_property
    def _offset(self) -> np.ndarray:
        return self.intercept - self._weights @ self.mean.astype(np.float64)


def head_index(head: str) -> int:
    if head not in HEADS:
        raise ValueError(f"target sentiment model: unknown head {head!r} (choose from {', '.join(HEADS)})")
    return HEADS.index(head)


@lru_cache(maxsize=4)
def load_model(path=None) -> SentimentModel:
    """The shipped model (``analysis/models/data/target_sentiment.*``) or one at ``path``
    (the stem of its two files: ``.safetensors`` weights and ``.json`` description)."""
    stem = Path(path) if path else MODEL_DIR / NAME
    arrays, meta = read_weights(stem)
    model = SentimentModel(
        mean=arrays["mean"],
        scale=arrays["scale"],
        coef_dense=arrays["coef_dense"],
        intercept=arrays["intercept"],
        meta=meta,
    )
    if model.coef_dense.shape != (len(HEADS), len(CLASSES), len(POOLS) * DIM + len(LEXICAL)):
        raise InputError(
            stem.with_suffix(".safetensors"), "model arrays do not match the feature layout of this version"
        )
    return model


def _softmax(logits: np.ndarray) -> np.ndarray:
    z = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


@lru_cache(maxsize=8)
def _directions(model: SentimentModel, head: int = 0) -> np.ndarray:
    """(DIM, 3 * pools): for each label and pool, the direction in embedding space that
    pushes toward the label by the head (its coefficients minus the mean of the other two)."""
    n_pools = len(POOLS)
    blocks = []
    for k in range(len(CLASSES)):
        direction = np.full(len(CLASSES), -0.5)
        direction[k] = 1.0
        u = (direction @ model.coef_dense[head, :, : n_pools * DIM]) / model.scale[: n_pools * DIM]
        blocks.append(u.reshape(n_pools, DIM).T)
    return np.concatenate(blocks, axis=1).astype(np.float64)


def _cues(model: SentimentModel, feats: Featurized, best: np.ndarray, hide, head: int = 0) -> list[str]:
    """The (at most three) words that moved each target most toward its label, strongest first.

    Shares are exact for the linear model: each pool weight ``w`` of a word adds
    ``w / norm * (e · u)`` to the label's margin (``e`` the word's vector, ``u`` the pool's
    standardised coefficients for the label). Words inside ``hide`` spans, function words
    and words of fewer than three letters are never named."""
    n = len(best)
    n_pools = len(POOLS)
    # the pools' units are words already: each names itself (in lower case), unless it is a
    # function word, shorter than three letters or has no letter
    names_of, names = _names(model)  # word → the number of its name (-1: never named); the names
    names_of.start()
    codes = np.fromiter(map(names_of.__getitem__, feats.words), dtype=np.int64, count=len(feats.words))
    word_id = codes[feats.tok_ids]
    word_start, word_end = feats.tok_off[:, 0], feats.tok_off[:, 1]
    # shares: pool weight / norm × the word's push through that pool, summed per (target,
    # word of its sentence) over the pools in pool order (whatever else is in the batch)
    push = feats.vectors.astype(np.float64) @ _directions(model, head)  # (distinct words, 3 * pools)
    sent = feats.sentence_of
    base, top = feats.sent_ptr[sent], feats.sent_ptr[sent + 1]
    pair_ptr = np.concatenate([[0], np.cumsum(top - base)]).astype(np.int64)
    t = feats.entry_target
    norm = feats.norms[t, feats.entry_pool]
    ok = norm > 0
    t, pos = t[ok], feats.entry_pos[ok]  # the pools' units are words: an entry's token is its word
    value = feats.entry_weight[ok] / norm[ok] * push[feats.tok_ids[pos], best[t] * n_pools + feats.entry_pool[ok]]
    n_pairs = int(pair_ptr[-1])
    pair = pair_ptr[t] + pos - base[t]
    share = np.bincount(pair, weights=value, minlength=n_pairs)
    present = np.bincount(pair, minlength=n_pairs) > 0
    pair_target = np.repeat(np.arange(n), top - base)
    pair_word = word_id[base[pair_target] + np.arange(n_pairs) - pair_ptr[pair_target]]
    # words a reader should not be shown as reasons: those overlapping a ``hide`` span (the
    # target, other actors), marked per (target, word) with +1/-1 at the ends of each span
    diff = np.zeros(n_pairs + 1, dtype=np.int64)
    h_t = np.asarray([r for r in range(n) for _ in hide[r]], dtype=np.int64)
    if len(h_t):
        h_a = np.asarray([a for r in range(n) for a, _ in hide[r]], dtype=np.int64)
        h_b = np.asarray([b for r in range(n) for _, b in hide[r]], dtype=np.int64)
        w_sent = np.repeat(np.arange(len(feats.texts)), np.diff(feats.sent_ptr))
        big = np.int64(1) << np.int64(32)
        s_h = sent[h_t]
        lo = np.searchsorted(w_sent * big + word_end, s_h * big + h_a, side="right")  # first word ending after a
        hi = np.searchsorted(w_sent * big + word_start, s_h * big + h_b, side="left")  # words starting before b
        lo = np.clip(lo, base[h_t], top[h_t])
        hi = np.clip(hi, lo, top[h_t])
        np.add.at(diff, pair_ptr[h_t] + lo - base[h_t], 1)
        np.add.at(diff, pair_ptr[h_t] + hi - base[h_t], -1)
    hidden = np.cumsum(diff)[:-1] > 0
    keep = np.flatnonzero(present & (pair_word >= 0) & ~hidden)
    n_words = max(len(names), 1)
    keys = pair_target[keep] * n_words + pair_word[keep]
    uniq, inverse = np.unique(keys, return_inverse=True)
    totals = np.bincount(inverse, weights=share[keep], minlength=len(uniq))
    # the strongest three per target; equal shares (rare: then ranked) by the word
    tgt, wd = uniq // n_words, uniq % n_words
    good = totals > 0.05
    tgt, wd, tot = tgt[good], wd[good], totals[good]
    order = np.lexsort((-tot, tgt))
    if ((tgt[order][1:] == tgt[order][:-1]) & (tot[order][1:] == tot[order][:-1])).any():  # equal shares
        used, wd_used = np.unique(wd, return_inverse=True)
        alpha_rank = np.empty(len(used), dtype=np.int64)
        alpha_rank[np.argsort(np.asarray([names[w] for w in used.tolist()], dtype=object), kind="stable")] = np.arange(
            len(used)
        )
        order = np.lexsort((alpha_rank[wd_used.reshape(-1)], -tot, tgt))
    out = [[] for _ in range(n)]
    for i in order.tolist():
        r = int(tgt[i])
        if len(out[r]) < MAX_CUES:
            out[r].append(names[wd[i]])
    return ["; ".join(words) for words in out]


def _name(word: str, stop) -> str | None:
    low = word.lower()
    if low in stop or len(low) < 3 or not any("a" <= c <= "z" for c in low):
        return None
    return low


class _Names(dict):
    """word → the number of the name a cue shows for it in ``names`` (-1: never shown),
    filled as words come; emptied with ``names`` beyond 200,000 words (bounded memory)."""

    __slots__ = ("stop", "names", "number")

    def __init__(self, stop):
        super().__init__()
        self.stop, self.names, self.number = stop, [], {}

    def start(self) -> None:
        """Empty it if full: called before a batch of words, never within one (their numbers
        must stay valid)."""
        if len(self) >= 200_000:
            self.clear()
            self.names.clear()
            self.number.clear()

    def __missing__(self, word):
        name = _name(word, self.stop)
        if name is None:
            code = -1
        elif name in self.number:
            code = self.number[name]
        else:
            code = self.number[name] = len(self.names)
            self.names.append(name)
        self[word] = code
        return code


@lru_cache(maxsize=4)
def _names(model: SentimentModel) -> tuple[_Names, list]:
    """(word → number of its name, the names), for the model's cues."""
    found = _Names(model.stopwords)
    return found, found.names


CHUNK = 4096  # targets scored together: memory stays bounded whatever the batch
#: ... and at most this many characters of their sentences (a target's pools span its
#: whole sentence, so memory grows with targets × sentence length; 4,096 news sentences
#: average about 500,000 characters). Scores do not depend on the chunks.
CHUNK_CHARS = 500_000


def _chunks(texts, size: int = CHUNK, chars: int = CHUNK_CHARS):
    """Slices of at most ``size`` targets and (beyond the first) ``chars`` characters of text."""
    lo, total = 0, 0
    for i, text in enumerate(texts):
        if i > lo and (i - lo >= size or total + len(text) > chars):
            yield slice(lo, i)
            lo, total = i, 0
        total += len(text)
    if lo < len(texts):
        yield slice(lo, len(texts))


ROUND = 9  # decimals kept: float64 sums in another order differ far below this


def predict(
    texts,
    starts,
    ends,
    all_others=None,
    overlay=True,
    rule_scores=None,
    cues=True,
    model=None,
    hide=None,
    head="general",
):
    """Probabilities, scores, labels and cues of each target, by the model's ``head`` (one of
    :data:`HEADS`).

    Returns ``(probs (n, 3) in CLASSES order, score = p(positive) − p(negative) in −1..1,
    labels, cues)``; ``cues`` is a list of ``"; "``-joined words (empty strings when
    ``cues=False``). ``hide`` lists, per row, spans never named as cues (e.g. every actor
    mention in the sentence; by default the row's target and ``others``). Targets are
    scored in chunks of :data:`CHUNK` targets (and :data:`CHUNK_CHARS` characters), so memory does not grow with their number.
    """
    model = model or load_model()
    h = head_index(head)
    texts = list(texts)
    n = len(texts)
    starts = [int(s) for s in starts]
    ends = [int(e) for e in ends]
    all_others = [[]] * n if all_others is None else [others_spans(o) for o in all_others]
    if hide is None:
        hide = [o + [(s, e)] for o, s, e in zip(all_others, starts, ends)]
    probs = np.zeros((n, len(CLASSES)), dtype=np.float64)
    words = [""] * n
    for part in _chunks(texts):
        feats = featurize(
            texts[part],
            starts[part],
            ends[part],
            all_others[part],
            overlay=overlay,
            rule_scores=None if rule_scores is None else rule_scores[part],
        )
        probs[part] = _softmax(model.logits(feats, h))
        if cues:
            words[part] = _cues(model, feats, probs[part].argmax(axis=1), hide[part], h)
    probs = np.round(probs, ROUND)
    best = probs.argmax(axis=1)
    return probs, np.round(probs[:, 2] - probs[:, 0], ROUND), [CLASSES[k] for k in best], words


def model_card(path=None):
    """How the shipped model was measured (from its JSON): one row per evaluation set and
    method (the model, and the lexicon methods on the same items), with n, accuracy and
    macro-F1 beside the majority baseline of the same items."""
    import pandas as pd

    model = load_model(path)
    evaluation = model.meta.get("evaluation", {})
    rows = []
    for name, res in sorted(evaluation.items()):
        if not isinstance(res, dict) or "accuracy" not in res:
            continue
        found = {"model": res, **evaluation.get("rule_methods", {}).get(name, {})}
        for method, r in found.items():
            rows.append(
                {
                    "evaluated_on": name,
                    "method": method,
                    "n": r["n"],
                    "accuracy": r["accuracy"],
                    "macro_f1": r["macro_f1"],
                    "majority_label": r["majority_label"],
                    "majority_accuracy": r["majority_accuracy"],
                    "majority_macro_f1": r.get("majority_macro_f1", float("nan")),
                    # both are stored to 4 decimals: so is their difference (no float noise)
                    "accuracy_minus_majority": round(r["accuracy"] - r["majority_accuracy"], 4),
                }
            )
    return pd.DataFrame(rows)
