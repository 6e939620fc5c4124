"""Features of (sentence, target span) pairs for the trained target-sentiment model.

Three kinds, all computed from the sentence alone:

* **static embeddings** (:mod:`analysis.models.embeddings`) pooled relative to the target:
  its own tokens; the 6 and the 3 tokens before and after it; every other token weighted
  by its distance (``1 / (1 + d / 3)``); the tokens of its clause (cut as the rule method
  cuts clauses); the whole sentence. Tokens of other targets are left out of every pool
  but the target's own, and every pool is L2-normalised.
* **words around the target** as binary n-gram indicators: the 6 words before (``L_``),
  the 6 after (``R_``), and the sentence's words and word pairs (``S_``), weighted
  tf-idf style by the model's vocabulary (:func:`ngram_terms`);
* **target-aware lexicon features** the rule method computes (its score toward the target,
  VADER's scores of the sentence, where the target stands, how many others share it).

Every pool is a weighted sum of token embeddings, so each token's share in a decision is
exact for a linear model (see :mod:`analysis.models.target_sentiment`); ``pool_weights``
are kept for that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from analysis.measures.target import _BOUNDARY, score_rows
from analysis.text.vader import analyzer

from .embeddings import encode, static_embeddings

WINDOW = 6
NEAR = 3
DECAY = 3.0
POOLS = ("target", "left", "right", "left_near", "right_near", "distance", "clause", "sentence")
LEXICAL = (
    "rule_score",
    "rule_abs",
    "sentence_compound",
    "sentence_neg",
    "sentence_pos",
    "n_others",
    "relative_position",
    "first_token",
    "clause_cut_before",
    "clause_cut_after",
)
DIM = 256
NGRAM_WINDOW = 6
_WORD = re.compile(r"[a-z0-9][a-z0-9'’-]*")


def feature_names() -> list[str]:
    return [f"{pool}_{i}" for pool in POOLS for i in range(DIM)] + list(LEXICAL)


def ngram_terms(text: str, start: int, end: int) -> list[str]:
    """The word indicators of one target: ``L_w``/``R_w`` for the words just before and
    after it, ``S_w`` and ``S_w_v`` for the sentence's words and word pairs."""
    low = text.lower()
    left = _WORD.findall(low, 0, start)[-NGRAM_WINDOW:]
    right = _WORD.findall(low, end)[:NGRAM_WINDOW]
    words = _WORD.findall(low)
    terms = [f"L_{w}" for w in left] + [f"R_{w}" for w in right] + [f"S_{w}" for w in words]
    terms += [f"S_{a}_{b}" for a, b in zip(words, words[1:])]
    return list(dict.fromkeys(terms))


@dataclass
class Featurized:
    """Dense features of n targets, and what the cues need: for each target the sentence's
    tokens (row index into ``token_text``/``token_offsets``), the pool weights and norms."""

    dense: np.ndarray  # (n, len(POOLS) * DIM + len(LEXICAL)) float32
    sentence_of: np.ndarray  # (n,) index into the unique sentences
    weights: list  # per target: (len(POOLS), T) float32 pool weights
    norms: np.ndarray  # (n, len(POOLS)) the L2 norm each pool was divided by (0: empty)
    tokens: list  # per unique sentence: (ids, offsets)
    texts: list  # unique sentences


def _token_spans(offsets: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Token index ranges [lo, hi) overlapping each character span (the nearest token when none)."""
    n_tok = len(offsets)
    if n_tok == 0:
        zeros = np.zeros(len(starts), dtype=np.int64)
        return zeros, zeros
    tok_start, tok_end = offsets[:, 0], offsets[:, 1]
    lo = np.searchsorted(tok_end, starts, side="right")  # first token ending after the span starts
    hi = np.searchsorted(tok_start, ends, side="left")  # tokens starting before the span ends
    lo = np.minimum(lo, n_tok - 1)
    hi = np.maximum(hi, lo + 1)
    return lo, np.minimum(hi, n_tok)


def featurize(texts, starts, ends, all_others=None, overlay=True, rule_scores=None) -> Featurized:
    """Features of every (text, start, end[, others]) target; ``rule_scores`` may pass the
    rule method's scores when they are already known (they are computed otherwise)."""
    texts = list(texts)
    n = len(texts)
    starts = np.asarray([int(s) for s in starts], dtype=np.int64)
    ends = np.asarray([int(e) for e in ends], dtype=np.int64)
    if all_others is None:
        all_others = [()] * n
    all_others = [[(int(a), int(b)) for a, b in (o if isinstance(o, (list, tuple)) else ())] for o in all_others]
    sia = analyzer(overlay)
    if rule_scores is None:
        rule_scores, _ = score_rows(texts, starts.tolist(), ends.tolist(), all_others, "target", sia)
    rule_scores = np.asarray(rule_scores, dtype=np.float32)
    index: dict[str, int] = {}
    sentence_of = np.fromiter((index.setdefault(t, len(index)) for t in texts), dtype=np.int64, count=n)
    unique = list(index)
    tokens = encode(unique)
    _, matrix = static_embeddings()
    n_pools = len(POOLS)
    dense = np.zeros((n, n_pools * DIM + len(LEXICAL)), dtype=np.float32)
    norms = np.zeros((n, n_pools), dtype=np.float32)
    weights: list = [None] * n
    order = np.argsort(sentence_of, kind="stable")
    bounds = np.flatnonzero(np.diff(sentence_of[order])) + 1
    for rows in np.split(order, bounds):
        if len(rows) == 0:
            continue
        s = int(sentence_of[rows[0]])
        text = unique[s]
        ids, offsets = tokens[s]
        n_tok = len(ids)
        if n_tok == 0:
            continue
        emb = matrix[ids]
        pos = np.arange(n_tok)
        lo, hi = _token_spans(offsets, starts[rows], ends[rows])
        cuts = np.asarray([m.start() for m in _BOUNDARY.finditer(text)], dtype=np.int64)
        m = len(rows)
        s_r, e_r = starts[rows], ends[rows]
        own = (pos[None, :] >= lo[:, None]) & (pos[None, :] < hi[:, None])  # (m, T)
        keep = ~own
        for j, r in enumerate(rows):
            for a, b in all_others[r]:
                if a < e_r[j] and b > s_r[j]:
                    continue
                o_lo, o_hi = _token_spans(offsets, np.array([a]), np.array([b]))
                keep[j, o_lo[0] : o_hi[0]] = False
        before = pos[None, :] < lo[:, None]
        after = pos[None, :] >= hi[:, None]
        dist = np.maximum(np.where(before, lo[:, None] - pos[None, :], pos[None, :] - hi[:, None] + 1), 1)
        if len(cuts):
            k_lo = np.searchsorted(cuts, s_r, side="left") - 1  # the last cut before the start
            c_lo = np.where(k_lo >= 0, cuts[np.maximum(k_lo, 0)], -1)
            k_hi = np.searchsorted(cuts, e_r, side="left")  # the first cut at or after the end
            has_after = k_hi < len(cuts)
            c_hi = np.where(has_after, cuts[np.minimum(k_hi, len(cuts) - 1)], len(text) + 1)
        else:
            c_lo = np.full(m, -1)
            c_hi = np.full(m, len(text) + 1)
            has_after = np.zeros(m, dtype=bool)
        block = np.empty((m, n_pools, n_tok), dtype=np.float32)
        block[:, 0] = own
        block[:, 1] = keep & before & (dist <= WINDOW)
        block[:, 2] = keep & after & (dist <= WINDOW)
        block[:, 3] = keep & before & (dist <= NEAR)
        block[:, 4] = keep & after & (dist <= NEAR)
        block[:, 5] = np.where(keep, 1.0 / (1.0 + dist / DECAY), 0.0)
        block[:, 6] = keep & (offsets[None, :, 0] >= c_lo[:, None]) & (offsets[None, :, 1] <= c_hi[:, None])
        block[:, 7] = keep
        lex_cols = dense[:, n_pools * DIM :]
        lex_cols[rows, 5] = [min(len(all_others[r]), 5) / 5.0 for r in rows]
        lex_cols[rows, 6] = s_r / max(len(text), 1)
        lex_cols[rows, 7] = lo == 0
        lex_cols[rows, 8] = c_lo >= 0
        lex_cols[rows, 9] = has_after
        for j, r in enumerate(rows):
            weights[r] = block[j]
        pooled = block.reshape(-1, n_tok) @ emb  # (m * pools, DIM)
        pn = np.linalg.norm(pooled, axis=1)
        pooled /= np.where(pn > 0, pn, 1.0)[:, None]
        dense[rows, : n_pools * DIM] = pooled.reshape(len(rows), n_pools * DIM)
        norms[rows] = pn.reshape(len(rows), n_pools)
    scores = {t: sia.scores(t) for t in unique}
    sent = np.asarray([scores[t] for t in unique], dtype=np.float32).reshape(-1, 4)[sentence_of]
    lex = dense[:, n_pools * DIM :]
    lex[:, 0] = rule_scores
    lex[:, 1] = np.abs(rule_scores)
    lex[:, 2] = sent[:, 3]
    lex[:, 3] = sent[:, 0]
    lex[:, 4] = sent[:, 2]
    return Featurized(dense, sentence_of, weights, norms, tokens, unique)
