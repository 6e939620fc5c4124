"""The trained target-sentiment model: loading, inference and the words behind a decision.

A multinomial logistic regression over the features of
:mod:`analysis.models.target_features`, trained on NewsMTSC's training split together
with the project's own coded sentences (``coding/sentiment``) by
``train/train_sentiment.py`` (``make train``). Inference is numpy only.

Cues: the model is linear in its features, and every embedding pool is a weighted sum of
token vectors divided by its norm, so each word's share in the decision is exact given
those norms: ``weight_p(k) / norm_p * (e_k · u_p)`` summed over pools ``p``, where ``u_p``
is the standardised coefficient block of the pool, plus the coefficient of every word
indicator the word takes part in. ``cues`` names the (at most three) words that pushed
most toward the chosen label, strongest first.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np

from ..errors import InputError
from .embeddings import static_embeddings
from .target_features import DIM, LEXICAL, POOLS, Featurized, featurize, ngram_terms

MODEL_DIR = Path(__file__).resolve().parent / "data"
NAME = "target_sentiment"
CLASSES = ("negative", "neutral", "positive")
MAX_CUES = 3
_WORD_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789'’-"


@dataclass(frozen=True)
class SentimentModel:
    mean: np.ndarray  # (D,) dense feature means
    scale: np.ndarray  # (D,) dense feature scales
    coef_dense: np.ndarray  # (3, D)
    coef_ngram: np.ndarray  # (3, V)
    idf: np.ndarray  # (V,)
    intercept: np.ndarray  # (3,)
    vocab: dict  # term → column
    ngram_weight: float
    meta: dict

    @cached_property
    def stopwords(self) -> frozenset:
        return frozenset(self.meta.get("cue_stopwords", ()))

    def ngram_matrix(self, texts, starts, ends):
        """Rows of (column indices, values) of the tf-idf word indicators."""
        rows = []
        cache: dict = {}
        for text, start, end in zip(texts, starts, ends):
            key = (text, int(start), int(end))
            if key not in cache:
                cols = np.fromiter(
                    (self.vocab[t] for t in ngram_terms(text, int(start), int(end)) if t in self.vocab), dtype=np.int64
                )
                vals = self.idf[cols]
                norm = float(np.sqrt((vals * vals).sum()))
                cache[key] = (cols, vals * (self.ngram_weight / norm) if norm > 0 else vals)
            rows.append(cache[key])
        return rows

    def logits(self, feats: Featurized, ngrams) -> np.ndarray:
        z = (feats.dense - self.mean) / self.scale
        out = z @ self.coef_dense.T + self.intercept
        for i, (cols, vals) in enumerate(ngrams):
            if len(cols):
                out[i] += self.coef_ngram[:, cols] @ vals
        return out


@lru_cache(maxsize=4)
def load_model(path=None) -> SentimentModel:
    """The shipped model (``analysis/models/data/target_sentiment.*``) or one at ``path``
    (the stem of its three files)."""
    from safetensors.numpy import load_file

    stem = Path(path) if path else MODEL_DIR / NAME
    files = [stem.with_suffix(s) for s in (".safetensors", ".vocab.txt", ".json")]
    for f in files:
        if not f.is_file():
            raise InputError(f, "trained model file missing (run `make train` to rebuild it)")
    arrays = load_file(str(files[0]))
    vocab_terms = files[1].read_text(encoding="utf-8").split("\n")
    if vocab_terms and vocab_terms[-1] == "":
        vocab_terms.pop()
    meta = json.loads(files[2].read_text(encoding="utf-8"))
    model = SentimentModel(
        mean=arrays["mean"],
        scale=arrays["scale"],
        coef_dense=arrays["coef_dense"],
        coef_ngram=arrays["coef_ngram"],
        idf=arrays["idf"],
        intercept=arrays["intercept"],
        vocab={t: i for i, t in enumerate(vocab_terms)},
        ngram_weight=float(meta["ngram_weight"]),
        meta=meta,
    )
    if model.coef_ngram.shape[1] != len(vocab_terms) or model.coef_dense.shape[1] != len(POOLS) * DIM + len(LEXICAL):
        raise InputError(files[0], "model arrays do not match its vocabulary or the feature layout")
    return model


def _softmax(logits: np.ndarray) -> np.ndarray:
    z = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _word_spans(text: str, offsets: np.ndarray) -> list[tuple[str, np.ndarray]]:
    """Words of ``text`` (lower case, as the word indicators see them) with the indices of
    the tokens inside each."""
    low = text.lower()
    out = []
    i = 0
    n = len(low)
    starts = offsets[:, 0] if len(offsets) else np.zeros(0, dtype=np.int64)
    while i < n:
        if low[i] not in _WORD_CHARS or low[i] in "'’-":
            i += 1
            continue
        j = i
        while j < n and low[j] in _WORD_CHARS:
            j += 1
        toks = np.flatnonzero((starts >= i) & (starts < j))
        out.append((low[i:j], i, j, toks))
        i = j
    return out


def _cues(
    model: SentimentModel,
    feats: Featurized,
    r: int,
    text: str,
    start: int,
    end: int,
    others,
    direction: np.ndarray,
    ngram_row,
) -> str:
    """The words that moved target ``r`` most toward its label (see the module docstring)."""
    ids, offsets = feats.tokens[feats.sentence_of[r]]
    if len(ids) == 0:
        return ""
    _, matrix = static_embeddings()
    emb = matrix[ids]
    n_pools = len(POOLS)
    u = (direction @ model.coef_dense[:, : n_pools * DIM]).reshape(n_pools, DIM) / model.scale[: n_pools * DIM].reshape(
        n_pools, DIM
    )
    per_pool = emb @ u.T  # (T, pools)
    norms = feats.norms[r]
    w = feats.weights[r] / np.where(norms > 0, norms, np.inf)[:, None]  # (pools, T)
    token_share = (w * per_pool.T).sum(axis=0)  # (T,)
    term_share: dict[str, float] = {}
    cols, vals = ngram_row
    if len(cols):
        contrib = (direction @ model.coef_ngram[:, cols]) * vals
        terms = _terms_of(model)
        for c, v in zip(cols.tolist(), contrib.tolist()):
            words = terms[c][2:].split("_")
            for word in words:
                term_share[word] = term_share.get(word, 0.0) + v / len(words)
    spans = [(int(a), int(b)) for a, b in others] + [(start, end)]
    stop = model.stopwords
    shares: dict[str, float] = {}
    for word, a, b, toks in _word_spans(text, offsets):
        if word in stop or len(word) < 3 or not any(ch.isalpha() for ch in word):
            continue
        if any(a < e and b > s for s, e in spans):
            continue
        value = float(token_share[toks].sum()) if len(toks) else 0.0
        shares[word] = shares.get(word, 0.0) + value
    for word, v in term_share.items():
        if word in shares:
            shares[word] += v
    ranked = sorted(((v, w) for w, v in shares.items() if v > 0.05), key=lambda x: (-x[0], x[1]))
    return "; ".join(w for _, w in ranked[:MAX_CUES])


_TERMS: dict[int, list] = {}


def _terms_of(model: SentimentModel) -> list:
    key = id(model)
    if key not in _TERMS:
        terms = [""] * len(model.vocab)
        for t, i in model.vocab.items():
            terms[i] = t
        _TERMS[key] = terms
    return _TERMS[key]


def predict(texts, starts, ends, all_others=None, overlay=True, rule_scores=None, cues=True, model=None, hide=None):
    """Probabilities, scores, labels and cues of each target.

    Returns ``(probs (n, 3) in CLASSES order, score = p(positive) − p(negative) in −1..1,
    labels, cues)``; ``cues`` is a list of ``"; "``-joined words (empty strings when
    ``cues=False``). ``hide`` lists, per row, spans never named as cues (e.g. every actor
    mention in the sentence; by default the row's target and ``others``).
    """
    model = model or load_model()
    texts = list(texts)
    starts = [int(s) for s in starts]
    ends = [int(e) for e in ends]
    if all_others is None:
        all_others = [()] * len(texts)
    if not texts:
        return np.zeros((0, 3)), np.zeros(0), [], []
    feats = featurize(texts, starts, ends, all_others, overlay=overlay, rule_scores=rule_scores)
    ngrams = model.ngram_matrix(texts, starts, ends)
    logits = model.logits(feats, ngrams)
    probs = _softmax(logits)
    best = probs.argmax(axis=1)
    labels = [CLASSES[k] for k in best]
    scores = probs[:, 2] - probs[:, 0]
    words = [""] * len(texts)
    if cues:
        for r, k in enumerate(best.tolist()):
            direction = -np.full(3, 0.5)
            direction[k] = 1.0
            hidden = hide[r] if hide is not None else (all_others[r] or ())
            words[r] = _cues(model, feats, r, texts[r], starts[r], ends[r], hidden, direction, ngrams[r])
    return probs, scores, labels, words


def model_card(path=None):
    """How the shipped model was measured (from its JSON): one row per evaluation set with
    n, accuracy and macro-F1 beside the majority baseline of the same items."""
    import pandas as pd

    model = load_model(path)
    rows = []
    for name, res in sorted(model.meta.get("evaluation", {}).items()):
        if not isinstance(res, dict) or "accuracy" not in res:
            continue
        rows.append(
            {
                "evaluated_on": name,
                "n": res["n"],
                "accuracy": res["accuracy"],
                "macro_f1": res["macro_f1"],
                "majority_label": res["majority_label"],
                "majority_accuracy": res["majority_accuracy"],
                "majority_macro_f1": res.get("majority_macro_f1", float("nan")),
                "accuracy_minus_majority": res["accuracy"] - res["majority_accuracy"],
            }
        )
    return pd.DataFrame(rows)
