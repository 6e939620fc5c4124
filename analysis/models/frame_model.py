"""The trained frame model: sentence features, inference, and the words behind a decision.

One logistic regression per frame of the packaged dictionary (``analysis/data/frames.yaml``),
trained on the ``train`` part of the project's hand-coded frame sentences (``coding/frames``)
by ``train/train_frames.py`` (``make train``), each with its own probability threshold chosen
by cross-validation on that part. Features of a sentence, all from the sentence alone:

* the mean of the static word vectors (:mod:`analysis.models.embeddings`) of its content
  words (function words and one-letter words left out), scaled to unit length;
* for each of the eight frames, the summed weight of the dictionary cues it contains, as
  ``log1p`` and as an indicator (a frame's model sees every frame's cues).

The model applies only to the default frames: a study with its own frame dictionary (or one
that extends the default) is measured with its dictionary (:func:`analysis.find_frames`).

Cues: a frame row lists the frame's dictionary cues in the sentence, then the (at most
three) words whose vectors pushed the frame's score up most. The push is exact for the
linear model: a word adds ``count × (e · u) / norm`` to the frame's score, where ``e`` is the
word's unit vector, ``u`` the frame's coefficients on the pooled vector (standardisation
folded in) and ``norm`` the length the pooled sum was divided by.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError
from .embeddings import word_vectors
from .target_features import _words_of

MODEL_DIR = Path(__file__).resolve().parent / "data"
NAME = "frame_model"
DIM = 256
MAX_WORDS = 3  # model words named per frame row, beside the dictionary cues
MIN_PUSH = 0.05  # a word is named only when it pushes the score up by at least this
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
    from safetensors.numpy import load_file

    stem = Path(path) if path else MODEL_DIR / NAME
    files = [stem.with_suffix(s) for s in (".safetensors", ".json")]
    for f in files:
        if not f.is_file():
            raise InputError(f, "trained model file missing (run `make train` to rebuild it)")
    arrays = load_file(str(files[0]))
    meta = json.loads(files[1].read_text(encoding="utf-8"))
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
        raise InputError(files[0], "model arrays do not match the feature layout of this version")
    return model


@dataclass
class SentenceFeatures:
    """Features of n sentences, and what the cues need."""

    dense: np.ndarray  # (n, DIM + 2F) float64
    cue_weight: np.ndarray  # (n, F) summed dictionary cue weight per frame
    cues: list  # per sentence: {frame: [cue surfaces]}
    norms: np.ndarray  # (n,) length of each pooled sum (0: no content word)
    entry_sentence: np.ndarray  # (E,) sentence of each distinct (sentence, content word)
    entry_word: np.ndarray  # (E,) its word (index into ``words``)
    entry_count: np.ndarray  # (E,) how often the word occurs in the sentence
    words: list  # the distinct content words (lower case)
    vectors: np.ndarray  # (distinct words, DIM) their unit vectors


def featurize(texts: list[str], frame_set, stopwords) -> SentenceFeatures:
    """Features of every text: the pooled word vector and the cue weights of ``frame_set``
    (the packaged dictionary, whose frames the model was trained on)."""
    import scipy.sparse as sp

    texts = list(texts)
    n = len(texts)
    ids = frame_set.ids
    order = {fid: k for k, fid in enumerate(ids)}
    cue_weight = np.zeros((n, len(ids)), dtype=np.float64)
    cues: list = [None] * n
    for i, carried in frame_set.find_many(texts):
        cues[i] = {fid: surfaces for fid, _, surfaces in carried}
        for fid, weight, _ in carried:
            cue_weight[i, order[fid]] = weight
    words, _, _, w_sent, _ = _words_of(texts)
    low = pd.Series(words, dtype=object).str.lower()
    content = (~low.isin(stopwords) & (low.str.len() > 1)).to_numpy(bool) if len(words) else np.zeros(0, bool)
    codes, distinct = pd.factorize(low[content]) if content.any() else (np.zeros(0, np.int64), [])
    distinct = list(distinct)
    sent = np.asarray(w_sent, dtype=np.int64)[content]
    vectors = word_vectors(distinct) if distinct else np.zeros((0, DIM), dtype=np.float32)
    # one entry per distinct (sentence, word), with its count
    key = sent * max(len(distinct), 1) + codes.astype(np.int64)
    uniq, count = np.unique(key, return_counts=True)
    e_sent, e_word = uniq // max(len(distinct), 1), uniq % max(len(distinct), 1)
    pooled = sp.csr_matrix((count.astype(np.float64), (e_sent, e_word)), shape=(n, len(distinct))) @ vectors.astype(
        np.float64
    )
    pooled = np.asarray(pooled, dtype=np.float64).reshape(n, DIM)
    norms = np.linalg.norm(pooled, axis=1)
    pooled /= np.where(norms > 0, norms, 1.0)[:, None]
    dense = np.hstack([pooled, np.log1p(cue_weight), (cue_weight > 0).astype(np.float64)])
    return SentenceFeatures(dense, cue_weight, cues, norms, e_sent, e_word, count, distinct, vectors)


def probabilities(model: FrameModel, feats: SentenceFeatures) -> np.ndarray:
    """(n, F) probability of each frame, rounded to :data:`ROUND` decimals."""
    z = feats.dense @ model.weights.T + model.offset
    return np.round(1.0 / (1.0 + np.exp(-z)), ROUND)


def _model_words(model: FrameModel, feats: SentenceFeatures, rows: np.ndarray, cols: np.ndarray) -> list[list[str]]:
    """For each carried (sentence, frame) pair, the words that pushed the frame up most."""
    out: list[list[str]] = [[] for _ in rows]
    if not len(rows) or not len(feats.entry_sentence):
        return out
    u = model.weights[:, :DIM]  # (F, DIM)
    push = feats.vectors.astype(np.float64) @ u.T  # (words, F)
    ptr = np.searchsorted(feats.entry_sentence, np.arange(len(feats.norms) + 1))
    size = ptr[rows + 1] - ptr[rows]
    pair = np.repeat(np.arange(len(rows)), size)
    if not len(pair):
        return out
    entry = np.arange(len(pair)) - np.repeat(np.cumsum(size) - size, size) + np.repeat(ptr[rows], size)
    word = feats.entry_word[entry]
    norm = feats.norms[rows][pair]
    value = feats.entry_count[entry] * push[word, cols[pair]] / np.where(norm > 0, norm, 1.0)
    good = value >= MIN_PUSH
    pair, word, value = pair[good], word[good], value[good]
    alpha = np.empty(len(feats.words), dtype=np.int64)
    alpha[np.argsort(np.asarray(feats.words, dtype=object), kind="stable")] = np.arange(len(feats.words))
    for i in np.lexsort((alpha[word], -value, pair)).tolist():
        r = int(pair[i])
        if len(out[r]) < MAX_WORDS:
            out[r].append(feats.words[int(word[i])])
    return out


def predict(texts, frame_set, model: FrameModel | None = None, cues: bool = True):
    """Frames carried by each text.

    Returns ``(probs (n, F), carried (n, F) bool, rows)`` where ``rows`` lists, for every
    carried (text, frame), ``(text index, frame id, probability, cues)``, sorted by text and
    frame order; ``cues`` is the frame's dictionary cues in the text, then the model's most
    influential words, ``"; "``-joined."""
    model = model or load_model()
    if list(frame_set.ids) != model.frames:
        raise InputError(None, "the frame model covers only the packaged default frames")
    feats = featurize(texts, frame_set, model.stopwords)
    probs = probabilities(model, feats)
    carried = probs >= model.thresholds.astype(np.float64)[None, :]
    r, c = np.nonzero(carried)
    words = _model_words(model, feats, r, c) if cues else [[] for _ in r]
    ids = model.frames
    rows = []
    for i, j, extra in zip(r.tolist(), c.tolist(), words):
        fid = ids[j]
        named = list((feats.cues[i] or {}).get(fid, [])) if cues else []
        seen = {w for x in named for w in x.lower().replace("-", " ").split()}  # words already in a cue
        named += [w for w in extra if w not in seen]
        rows.append((i, fid, float(probs[i, j]), "; ".join(named)))
    return probs, carried, rows
