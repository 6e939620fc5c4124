"""Features of (sentence, target span) pairs for the trained target-sentiment model.

Two kinds, both computed from the sentence alone:

* **static embeddings** (:mod:`analysis.models.embeddings`: each word's vector is the sum
  of its tokens' embeddings) pooled relative to the target: its own words; the 6 words
  before and after it; every other word weighted by its distance (``1 / (1 + d / 3)``);
  the words of its clause (cut as the rule method cuts clauses); the whole sentence. Words
  of other targets are left out of every pool but the target's own, and every pool is
  L2-normalised.
* **target-aware lexicon features** the rule method computes (its score toward the target,
  VADER's scores of the sentence, where the target stands, how many others share it).

Every pool is a weighted sum of word vectors, so each word's share in a decision is
exact for a linear model (see :mod:`analysis.models.target_sentiment`); the pool weights
are kept for that. (Word n-gram indicators around the target were tried as a third kind:
they added nothing on the coded in-domain data or NewsMTSC's dev files and doubled the
time, so they were dropped; so were pools of the 3 words either side, for speed.) Below,
"token" means a word: the unit of every pool.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.measures.target import cuts_of, others_spans, score_rows, target_rules
from analysis.text.vader import analyzer

from .embeddings import word_vectors

WINDOW = 6
DECAY = 3.0
POOLS = ("target", "left", "right", "distance", "clause", "sentence")
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
_WORD = re.compile("[A-Za-z0-9][A-Za-z0-9'\u2019-]*")


def _words_of(texts: list[str]):
    """The words of every text, found for all texts at once on their code points: a word is
    an ASCII letter or digit followed by letters, digits, apostrophes (' ’) and hyphens (the
    regular expression ``[a-z0-9][a-z0-9'’-]*``, ASCII, any case). Returns (words, starts,
    ends, the text of each word, where each text starts), offsets into the texts joined by
    newlines."""
    joined = "\n".join(texts)
    char_base = np.zeros(len(texts), dtype=np.int64)
    if len(texts) > 1:
        char_base[1:] = np.cumsum(np.fromiter((len(t) + 1 for t in texts[:-1]), dtype=np.int64, count=len(texts) - 1))
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    alnum = ((codes >= 48) & (codes <= 57)) | ((codes >= 65) & (codes <= 90)) | ((codes >= 97) & (codes <= 122))
    cont = alnum | (codes == 39) | (codes == 0x2019) | (codes == 45)
    edges = np.diff(np.concatenate([[0], cont.astype(np.int8), [0]]))
    run_start, run_end = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    # a word starts at the first letter or digit of a run of word characters
    nxt = np.where(alnum, np.arange(len(codes)), len(codes))
    nxt = np.minimum.accumulate(nxt[::-1])[::-1] if len(nxt) else nxt
    first = nxt[run_start] if len(run_start) else run_start
    ok = first < run_end
    w_start, w_end = first[ok].astype(np.int64), run_end[ok].astype(np.int64)
    words = _WORD.findall(joined)  # the same words, found by the regular expression in C
    if len(words) != len(w_start):  # never expected: cut them by the offsets instead
        words = [joined[a:b] for a, b in zip(w_start.tolist(), w_end.tolist())]
    w_sent = np.searchsorted(char_base, w_start, side="right") - 1
    return words, w_start, w_end, w_sent, char_base


@dataclass
class Featurized:
    """Dense features of n targets, and what the cues need: every non-zero pool weight as an
    entry (target, pool, token position, weight), the norm each pool was divided by, and
    the tokens of the unique sentences (concatenated; ``sent_ptr`` marks where each starts)."""

    dense: np.ndarray  # (n, len(POOLS) * DIM + len(LEXICAL)) float64
    sentence_of: np.ndarray  # (n,) index into ``texts``
    texts: list  # the unique sentences
    tok_ids: np.ndarray  # (N,) each word's row in ``vectors`` (the words of all unique sentences)
    tok_off: np.ndarray  # (N, 2) character offsets of each word in its sentence
    words: list  # the distinct words (``tok_ids`` index them)
    vectors: np.ndarray  # (distinct words, DIM) their unit vectors
    sent_ptr: np.ndarray  # (S + 1,) first token of each unique sentence
    entry_target: np.ndarray  # (E,) the target of each pool weight
    entry_pool: np.ndarray  # (E,) its pool
    entry_pos: np.ndarray  # (E,) its token (index into tok_ids)
    entry_weight: np.ndarray  # (E,) its weight
    norms: np.ndarray  # (n, len(POOLS)) the L2 norm each pool was divided by (0: empty)


_BIG = np.int64(1) << np.int64(32)


def _spans_to_tokens(keys_start, keys_end, sent, starts, ends, base, top):
    """Token ranges [lo, hi) (global indices) overlapping character spans of the given sentences;
    the nearest token when none overlaps (as the tokens were cut)."""
    lo = np.searchsorted(keys_end, sent * _BIG + starts, side="right")
    hi = np.searchsorted(keys_start, sent * _BIG + ends, side="left")
    lo = np.minimum(lo, top - 1)
    hi = np.minimum(np.maximum(hi, lo + 1), top)
    return np.maximum(lo, base), hi


def featurize(texts, starts, ends, all_others=None, overlay=True, rule_scores=None) -> Featurized:
    """Features of every (text, start, end[, others]) target; ``rule_scores`` may pass the
    rule method's scores when they are already known (they are computed otherwise).

    Vectorised over all targets at once: every pool is a sparse (targets × vocabulary)
    matrix of token weights multiplied with the embedding matrix."""
    import scipy.sparse as sp

    texts = list(texts)
    n = len(texts)
    starts = np.asarray(starts, dtype=np.int64)
    ends = np.asarray(ends, dtype=np.int64)
    if all_others is None:
        all_others = [()] * n
    all_others = [o if type(o) is list else others_spans(o) for o in all_others]  # NaN, None: no others
    sia = analyzer(overlay)
    if rule_scores is None:
        rule_scores, _ = score_rows(texts, starts.tolist(), ends.tolist(), all_others, "target", sia)
    rule_scores = np.asarray(rule_scores, dtype=np.float64)
    index: dict[str, int] = {}
    sentence_of = np.fromiter((index.setdefault(t, len(index)) for t in texts), dtype=np.int64, count=n)
    unique = list(index)
    # the units of every pool are words (as :func:`_words_of` finds them), each with the
    # vector of its tokens (analysis.models.embeddings.word_vectors); found for all sentences
    # at once, on their code points
    words, w_start, w_end, w_sent, char_base = _words_of(unique)
    lengths = np.bincount(w_sent, minlength=len(unique)).astype(np.int64)
    sent_ptr = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    tok_ids, distinct = pd.factorize(pd.Series(words, dtype=object))
    tok_ids = tok_ids.astype(np.int64)
    distinct = list(distinct)
    tok_off = (
        np.stack([w_start - char_base[w_sent], w_end - char_base[w_sent]], axis=1)
        if len(words)
        else np.zeros((0, 2), dtype=np.int64)
    )
    vectors = word_vectors(distinct)
    tok_sent = np.repeat(np.arange(len(unique)), lengths)
    keys_start = tok_sent * _BIG + tok_off[:, 0]
    keys_end = tok_sent * _BIG + tok_off[:, 1]
    n_pools = len(POOLS)

    base, top = sent_ptr[sentence_of], sent_ptr[sentence_of + 1]
    lo, hi = _spans_to_tokens(keys_start, keys_end, sentence_of, starts, ends, base, top)
    size = top - base
    pair_ptr = np.concatenate([[0], np.cumsum(size)]).astype(np.int64)
    n_pairs = int(pair_ptr[-1])
    pair_target = np.repeat(np.arange(n), size)
    pos = np.arange(n_pairs) - pair_ptr[pair_target]  # token index within the sentence
    tok = base[pair_target] + pos  # global token index
    lo_l, hi_l = (lo - base)[pair_target], (hi - base)[pair_target]
    own = (pos >= lo_l) & (pos < hi_l)

    # other targets' tokens: +1 where a span starts, -1 where it ends, summed along each target
    o_t, o_a, o_b = [], [], []
    for r, others in enumerate(all_others):
        for a, b in others:
            if not (a < ends[r] and b > starts[r]):
                o_t.append(r)
                o_a.append(a)
                o_b.append(b)
    diff = np.zeros(n_pairs + 1, dtype=np.int64)
    if o_t:
        o_t = np.asarray(o_t, dtype=np.int64)
        o_s = sentence_of[o_t]
        o_lo, o_hi = _spans_to_tokens(keys_start, keys_end, o_s, np.asarray(o_a), np.asarray(o_b), base[o_t], top[o_t])
        ok = size[o_t] > 0
        np.add.at(diff, pair_ptr[o_t[ok]] + (o_lo - base[o_t])[ok], 1)
        np.add.at(diff, pair_ptr[o_t[ok]] + (o_hi - base[o_t])[ok], -1)
    keep = ~own & (np.cumsum(diff)[:n_pairs] <= 0)
    before, after = pos < lo_l, pos >= hi_l
    dist = np.maximum(np.where(before, lo_l - pos, pos - hi_l + 1), 1)

    # clauses: the last cut before the target's start and the first at or after its end
    cut_s, cut_c = [], []
    cuts = cuts_of(target_rules())  # text → where its clauses are cut (as the rule method cuts them)
    for s, text in enumerate(unique):
        found = cuts[text]  # where _BOUNDARY matches, scanning only where it could
        if found:
            cut_s += [s] * len(found)
            cut_c += found
    cut_key = np.asarray(cut_s, dtype=np.int64) * _BIG + np.asarray(cut_c, dtype=np.int64)
    cut_s = np.asarray(cut_s, dtype=np.int64)
    cut_c = np.asarray(cut_c, dtype=np.int64)
    text_len = np.fromiter((len(t) for t in unique), dtype=np.int64, count=len(unique))[sentence_of]
    if len(cut_key):
        i_lo = np.searchsorted(cut_key, sentence_of * _BIG + starts, side="left") - 1
        has_before = (i_lo >= 0) & (cut_s[np.maximum(i_lo, 0)] == sentence_of)
        c_lo = np.where(has_before, cut_c[np.maximum(i_lo, 0)], -1)
        i_hi = np.searchsorted(cut_key, sentence_of * _BIG + ends, side="left")
        i_hc = np.minimum(i_hi, len(cut_key) - 1)
        has_after = (i_hi < len(cut_key)) & (cut_s[i_hc] == sentence_of)
        c_hi = np.where(has_after, cut_c[i_hc], text_len + 1)
    else:
        has_before = has_after = np.zeros(n, dtype=bool)
        c_lo, c_hi = np.full(n, -1), text_len + 1
    in_clause = (tok_off[tok, 0] >= c_lo[pair_target]) & (tok_off[tok, 1] <= c_hi[pair_target])

    weights = [
        own.astype(np.float32),
        (keep & before & (dist <= WINDOW)).astype(np.float32),
        (keep & after & (dist <= WINDOW)).astype(np.float32),
        np.where(keep, 1.0 / (1.0 + dist / DECAY), 0.0).astype(np.float32),
        (keep & in_clause).astype(np.float32),
        keep.astype(np.float32),
    ]
    e_target, e_pool, e_pos, e_weight = [], [], [], []
    for p, w in enumerate(weights):
        nz = np.flatnonzero(w)
        e_target.append(pair_target[nz])
        e_pool.append(np.full(len(nz), p, dtype=np.int64))
        e_pos.append(tok[nz])
        e_weight.append(w[nz])
    e_target, e_pool = np.concatenate(e_target), np.concatenate(e_pool)
    e_pos, e_weight = np.concatenate(e_pos), np.concatenate(e_weight)
    # Same inputs, same features, whatever else is in the batch: each pool row sums its words
    # in sentence order (the CSR is built in that order, never re-sorted by column, whose
    # numbering depends on the batch) and in float64, so no result depends on the batch.
    row = e_target * n_pools + e_pool
    order = np.argsort(row, kind="stable")  # each pool's entries come in (target, word) order already
    indptr = np.concatenate([[0], np.cumsum(np.bincount(row, minlength=n * n_pools))])
    pools = sp.csr_matrix(
        (e_weight[order].astype(np.float64), tok_ids[e_pos[order]], indptr), shape=(n * n_pools, len(vectors))
    )
    pools.has_sorted_indices = True  # sentence order is the order wanted: never re-sort
    pooled = np.asarray(pools @ vectors.astype(np.float64))
    pn = np.sqrt(np.einsum("ij,ij->i", pooled, pooled))
    pooled /= np.where(pn > 0, pn, 1.0)[:, None]
    dense = np.zeros((n, n_pools * DIM + len(LEXICAL)), dtype=np.float64)
    dense[:, : n_pools * DIM] = pooled.reshape(n, n_pools * DIM)

    scores = np.asarray([sia.scores(t) for t in unique], dtype=np.float64).reshape(-1, 4)[sentence_of]
    lex = dense[:, n_pools * DIM :]
    lex[:, 0] = rule_scores
    lex[:, 1] = np.abs(rule_scores)
    lex[:, 2] = scores[:, 3]
    lex[:, 3] = scores[:, 0]
    lex[:, 4] = scores[:, 2]
    lex[:, 5] = np.minimum([len(o) for o in all_others], 5) / 5.0 if n else 0.0
    lex[:, 6] = starts / np.maximum(text_len, 1)
    lex[:, 7] = (lo - base) == 0
    lex[:, 8] = has_before
    lex[:, 9] = has_after
    return Featurized(
        dense,
        sentence_of,
        unique,
        tok_ids,
        tok_off,
        distinct,
        vectors,
        sent_ptr,
        e_target,
        e_pool,
        e_pos,
        e_weight,
        pn.reshape(n, n_pools),
    )
