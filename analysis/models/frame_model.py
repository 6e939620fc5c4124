"""The trained frame model: sentence features, inference, and the words behind a decision.

One logistic regression per frame of the packaged dictionary (``analysis/data/frames.yaml``),
trained on the ``train`` part of the project's hand-coded frame sentences (``coding/frames``)
by ``train/train_frames.py`` (``make train``), each with its own probability threshold chosen
by cross-validation on that part. Features of a sentence, all from the sentence alone:

* the sum of the static word vectors (:mod:`analysis.models.embeddings`) of its content
  words (function words and one-character words left out) divided by the square root of
  their number;
* for each of the eight frames, the summed weight of the dictionary cues it contains, as
  ``log1p`` and as an indicator (a frame's model sees every frame's cues).

The model applies only to the default frames: a study with its own frame dictionary (or one
that extends the default) is measured with its dictionary (:func:`analysis.find_frames`).

Cues: a frame row lists the frame's dictionary cues in the sentence or, when the sentence
has none of them, the (at most three) words whose vectors pushed the frame's score up most
(a frame can be carried without its own cues: by the word vectors and the other frames'
cues). The push is exact for the
linear model: a word adds ``count × (e · u) / √n`` to the frame's score, where ``e`` is the
word's unit vector, ``u`` the frame's coefficients on the pooled vector (standardisation
folded in) and ``n`` the sentence's number of content words. (The same product makes
inference cheap: the counts are multiplied with each word's push on the eight frames, and
the 256-dimension pooled vector is never built.)
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError
from .embeddings import word_vectors
from .weights import MODEL_DIR, read_weights

NAME = "frame_model"
DIM = 256
MAX_WORDS = 3  # model words named per frame row, beside the dictionary cues
MIN_PUSH = 0.0  # a word is named only when it pushes the score up
ROUND = 9  # decimals kept of each probability


@dataclass(frozen=True, eq=False)  # hashed by identity: the caches below key on it
class FrameModel:
    mean: np.ndarray  # (D,) feature means
    scale: np.ndarray  # (D,) feature scales
    coef: np.ndarray  # (F, D)
    intercept: np.ndarray  # (F,)
    thresholds: np.ndarray  # (F,) probability at or above which a frame is carried
    meta: dict

    @property
    def frames(self) -> list[str]:
        return list(self.meta["frames"])

    @cached_property
    def stopwords(self) -> frozenset:
        return frozenset(self.meta["stopwords"])

    @cached_property
    def weights(self) -> np.ndarray:
        """(F, D) coefficients on the raw features (standardisation folded in), float64."""
        return self.coef.astype(np.float64) / self.scale.astype(np.float64)

    @cached_property
    def offset(self) -> np.ndarray:
        return self.intercept.astype(np.float64) - self.weights @ self.mean.astype(np.float64)


@lru_cache(maxsize=4)
def load_model(path=None) -> FrameModel:
    """The shipped model (``analysis/models/data/frame_model.*``) or one at ``path`` (the stem
    of its ``.safetensors`` weights and ``.json`` description)."""
    stem = Path(path) if path else MODEL_DIR / NAME
    arrays, meta = read_weights(stem)
    model = FrameModel(
        mean=arrays["mean"],
        scale=arrays["scale"],
        coef=arrays["coef"],
        intercept=arrays["intercept"],
        thresholds=arrays["thresholds"],
        meta=meta,
    )
    n = len(model.frames)
    if model.coef.shape != (n, DIM + 2 * n) or model.thresholds.shape != (n,):
        raise InputError(
            stem.with_suffix(".safetensors"), "model arrays do not match the feature layout of this version"
        )
    return model


_WORD = re.compile("[A-Za-z0-9][A-Za-z0-9'’-]*|\0")


@lru_cache(maxsize=4)
def _skip_set(stopwords: frozenset) -> frozenset:
    """Words left out of the pooled vector: the function words and every one-character word."""
    return frozenset(stopwords) | frozenset(string.ascii_lowercase + string.digits)


@dataclass
class SentenceFeatures:
    """What the model needs of n sentences: the counts of their content words, the cue weights."""

    counts: object  # (n, distinct words) scipy CSR matrix: how often each word occurs in each sentence
    root: np.ndarray  # (n,) square root of the number of content words (1 when there is none)
    cue_weight: np.ndarray  # (n, F) summed dictionary cue weight per frame
    cues: list  # per sentence: None or {frame: [cue surfaces]}
    words: list  # the distinct content words (lower case)

    @cached_property
    def vectors(self) -> np.ndarray:
        """(distinct words, DIM) their unit vectors (inference needs only their pushes)."""
        return word_vectors(self.words) if self.words else np.zeros((0, DIM), dtype=np.float32)

    def cue_features(self) -> np.ndarray:
        return np.hstack([np.log1p(self.cue_weight), (self.cue_weight > 0).astype(np.float64)])

    def dense(self) -> np.ndarray:
        """(n, DIM + 2F) the full feature matrix (for training; inference never builds it)."""
        pooled = np.asarray(self.counts @ self.vectors.astype(np.float64), dtype=np.float64).reshape(-1, DIM)
        return np.hstack([pooled / self.root[:, None], self.cue_features()])


def featurize(texts: list[str], frame_set, stopwords) -> SentenceFeatures:
    """Features of every text: its content words and the cue weights of ``frame_set`` (the
    packaged dictionary, whose frames the model was trained on)."""
    import scipy.sparse as sp

    texts = list(texts)
    n = len(texts)
    ids = frame_set.ids
    order = {fid: k for k, fid in enumerate(ids)}
    cue_weight = np.zeros((n, len(ids)), dtype=np.float64)
    cues: list = [None] * n
    for i, carried in frame_set.find_many(texts, all_cues=True):
        cues[i] = {fid: surfaces for fid, _, surfaces in carried}
        for fid, weight, _ in carried:
            cue_weight[i, order[fid]] = weight
    # content words, lower case: an ASCII letter or digit followed by letters, digits,
    # apostrophes and hyphens; function words and one-character words left out. One regular
    # expression runs over all texts joined by NUL (its own token: it marks where a text ends).
    joined = "\0".join(texts) if n else ""
    if joined.count("\0") != max(n - 1, 0):  # a NUL inside a text: drop it first
        joined = "\0".join(t.replace("\0", " ") for t in texts)
    tokens = _WORD.findall(joined)
    tok_codes, tok_names = pd.factorize(pd.Series(tokens, dtype=object)) if tokens else (np.zeros(0, np.int64), [])
    # lower case: each distinct form once, then its code mapped to the lower-case form's
    low_codes, tok_names = pd.factorize(pd.Series(tok_names, dtype=object).str.lower()) if tokens else (tok_codes, [])
    tok_codes = low_codes[tok_codes] if len(tok_codes) else tok_codes
    tok_names = np.asarray(tok_names, dtype=object)
    is_end = np.fromiter((x == "\0" for x in tok_names), dtype=bool, count=len(tok_names))  # (numpy drops a NUL)
    left_out = is_end | pd.Series(tok_names, dtype=object).isin(_skip_set(stopwords)).to_numpy(bool)
    sent_all = np.cumsum(is_end[tok_codes]) if len(tokens) else np.zeros(0, np.int64)
    keep = ~left_out[tok_codes]
    compact = np.cumsum(~left_out) - 1  # kept names numbered in order of first appearance
    codes = compact[tok_codes[keep]].astype(np.int64)
    distinct = tok_names[~left_out].tolist()
    sent = sent_all[keep].astype(np.int64)
    counts = sp.csr_matrix((np.ones(len(codes)), (sent, codes)), shape=(n, len(distinct)))
    counts.sum_duplicates()  # one entry per (sentence, word), sorted: its data is the count
    root = np.sqrt(np.maximum(np.bincount(sent, minlength=n), 1)).astype(np.float64)
    return SentenceFeatures(counts, root, cue_weight, cues, distinct)


_MAX_PUSHES = 200_000  # words whose pushes are remembered (dropped beyond: memory stays small)


@lru_cache(maxsize=4)
def _push_table(model: FrameModel) -> dict:
    return {}


def _pushes(model: FrameModel, feats: SentenceFeatures) -> np.ndarray:
    """(distinct words, F): each word's push on each frame's score per occurrence, before
    the division by the sentence's root. Each word's push is computed once and remembered."""
    table = _push_table(model)
    words = feats.words
    missing = [w for w in words if w not in table]
    if missing and len(table) + len(missing) > _MAX_PUSHES:
        table.clear()
        missing = words
    if missing:
        pushes = word_vectors(missing).astype(np.float64) @ model.weights[:, :DIM].T
        table.update(zip(missing, pushes))
    if not words:
        return np.zeros((0, len(model.frames)), dtype=np.float64)
    return np.array([table[w] for w in words], dtype=np.float64)


def probabilities(model: FrameModel, feats: SentenceFeatures, pushes=None) -> np.ndarray:
    """(n, F) probability of each frame, rounded to :data:`ROUND` decimals. The pooled vector
    is never built: the counts are multiplied with the words' pushes (F columns, not DIM)."""
    pushes = _pushes(model, feats) if pushes is None else pushes
    emb = np.asarray(feats.counts @ pushes, dtype=np.float64).reshape(-1, len(model.frames)) / feats.root[:, None]
    z = emb + feats.cue_features() @ model.weights[:, DIM:].T + model.offset
    return np.round(1.0 / (1.0 + np.exp(-z)), ROUND)


def _model_words(feats: SentenceFeatures, pushes: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> list[list[str]]:
    """For each carried (sentence, frame) pair, the words that pushed the frame up most."""
    out: list[list[str]] = [[] for _ in range(len(rows))]
    ptr = feats.counts.indptr
    size = ptr[rows + 1] - ptr[rows]
    pair = np.repeat(np.arange(len(rows)), size)
    if not len(pair):
        return out
    entry = np.arange(len(pair)) - np.repeat(np.cumsum(size) - size, size) + np.repeat(ptr[rows], size)
    word = feats.counts.indices[entry].astype(np.int64)
    value = feats.counts.data[entry] * pushes[word, cols[pair]] / feats.root[rows][pair]
    good = value > MIN_PUSH
    pair, word, value = pair[good], word[good], value[good]
    present = np.unique(word)
    alpha = np.zeros(len(feats.words), dtype=np.int64)
    alpha[present[np.argsort(np.asarray(feats.words, dtype=object)[present], kind="stable")]] = np.arange(len(present))
    order = np.lexsort((alpha[word], -value, pair))  # per pair: strongest first, ties by the word
    pair, word = pair[order], word[order]
    first = np.searchsorted(pair, pair, side="left")
    top = np.arange(len(pair)) - first < MAX_WORDS
    names = feats.words
    for r, w in zip(pair[top].tolist(), word[top].tolist()):
        out[r].append(names[w])
    return out


@dataclass
class Carried:
    """The carried (text, frame) pairs, sorted by text and frame order, as columns."""

    text: np.ndarray  # (m,) index of the text
    frame: list  # (m,) frame id
    probability: np.ndarray  # (m,)
    cues: list  # (m,) "; "-joined cues or words

    def __iter__(self):
        return zip(self.text.tolist(), self.frame, self.probability.tolist(), self.cues)


def predict(texts, frame_set, model: FrameModel | None = None, cues: bool = True):
    """Frames carried by each text.

    Returns ``(probs (n, F), carried (n, F) bool, rows)`` where ``rows`` (a :class:`Carried`;
    iterating gives tuples) holds, for every carried (text, frame), ``(text index, frame id,
    probability, cues)``, sorted by text and frame order; ``cues`` is the frame's dictionary cues in the text or, where it has none,
    the model's most influential words, ``"; "``-joined (empty when ``cues`` is False)."""
    model = model or load_model()
    if list(frame_set.ids) != model.frames:
        raise InputError(None, "the frame model covers only the packaged default frames")
    feats = featurize(texts, frame_set, model.stopwords)
    pushes = _pushes(model, feats)
    probs = probabilities(model, feats, pushes)
    carried = probs >= model.thresholds.astype(np.float64)[None, :]
    r, c = np.nonzero(carried)
    # a carried frame whose dictionary cues are in the sentence is named by them; one without
    # any by the words that pushed it most
    bare = np.flatnonzero(feats.cue_weight[r, c] == 0)
    ids = model.frames
    if cues:
        texts_of = feats.cues
        has = (feats.cue_weight[r, c] > 0).tolist()
        named = ["; ".join(texts_of[i][ids[j]]) if h else "" for i, j, h in zip(r.tolist(), c.tolist(), has)]
        for k, found in zip(bare.tolist(), _model_words(feats, pushes, r[bare], c[bare])):
            named[k] = "; ".join(found)
    else:
        named = [""] * len(r)
    frame_ids = np.asarray(ids, dtype=object)[c].tolist()
    return probs, carried, Carried(r, frame_ids, probs[r, c], named)
