"""Masked spans: text inside an article that is not part of it, kept but never scored.

A masked span (a hover card, a prompt, a run repeated across an outlet's articles) stays
in the sentence's ``text`` with its offsets; the ``masked_spans`` table lists it (doc_id,
sent_id, start, end, reason; offsets into the article text, clipped to the sentence).
Every measure reads a *scoring view* of the sentences in which masked characters are
blanked (replaced by spaces, line breaks kept), so no mention, score, cue or frame can
come from inside a span, and every offset still points into the article text.
"""

from __future__ import annotations

import re
from bisect import bisect_right

import numpy as np
import pandas as pd

MASKED_COLUMNS = ["doc_id", "sent_id", "start", "end", "reason"]
_NOT_BREAK = re.compile(r"[^\r\n]")


def blank(text: str, spans, offset: int = 0) -> str:
    """``text`` with the characters of ``spans`` (article offsets; ``offset`` is where
    ``text`` starts in the article) replaced by spaces; line breaks are kept."""
    if not spans:
        return text
    pieces, at, n = [], 0, len(text)
    for a, b, *_ in spans:
        a, b = min(max(a - offset, at), n), min(max(b - offset, 0), n)
        if b <= a:
            continue
        pieces += [text[at:a], _NOT_BREAK.sub(" ", text[a:b])]
        at = b
    pieces.append(text[at:])
    return "".join(pieces)


def _doc_rows(sentences: pd.DataFrame, doc_ids) -> dict:
    """doc_id → (first row, end row) of the given documents' sentences, which the
    sentences table holds together, in order (as :func:`analysis.corpus.segment.segment`
    gives them)."""
    docs = sentences["doc_id"].to_numpy(object)
    if not len(docs):
        return {}
    change = np.flatnonzero(docs[1:] != docs[:-1]) + 1
    firsts = np.concatenate(([0], change))
    ends = np.concatenate((change, [len(docs)]))
    wanted = set(doc_ids)
    return {d: (int(a), int(b)) for d, a, b in zip(docs[firsts], firsts, ends) if d in wanted}


def masked_spans_table(sentences: pd.DataFrame, masks: dict) -> pd.DataFrame:
    """The ``masked_spans`` table: each masked span clipped to each sentence it overlaps
    (``sentences`` as :func:`analysis.corpus.segment.segment` gives them)."""
    rows = []
    if masks:
        starts_all, ends_all = sentences["start"].to_numpy(), sentences["end"].to_numpy()
        sent_all = sentences["sent_id"].to_numpy()
        for doc_id, (first, end) in _doc_rows(sentences, masks).items():
            starts, ends = starts_all[first:end].tolist(), ends_all[first:end].tolist()
            sent_ids = sent_all[first:end].tolist()
            for a, b, reason in masks[doc_id]:
                k = max(bisect_right(starts, a) - 1, 0)
                while k < len(starts) and starts[k] < b:
                    lo, hi = max(a, starts[k]), min(b, ends[k])
                    if lo < hi:
                        rows.append((doc_id, sent_ids[k], lo, hi, reason))
                    k += 1
    frame = pd.DataFrame(rows, columns=MASKED_COLUMNS)
    return frame.astype({"sent_id": "int64", "start": "int64", "end": "int64"})


def scoring_view(sentences: pd.DataFrame, masked: pd.DataFrame | None) -> pd.DataFrame:
    """``sentences`` with the masked characters of each sentence's ``text`` blanked."""
    if masked is None or masked.empty:
        return sentences
    spans: dict = {}
    for key, a, b in zip(
        zip(masked["doc_id"].tolist(), masked["sent_id"].tolist()), masked["start"].tolist(), masked["end"].tolist()
    ):
        spans.setdefault(key, []).append((a, b))
    texts = sentences["text"].to_numpy(object).copy()
    starts, sent_ids = sentences["start"].to_numpy(), sentences["sent_id"].to_numpy()
    docs = set(masked["doc_id"].tolist())
    if _grouped(sentences):
        rows = [i for a, b in _doc_rows(sentences, docs).values() for i in range(a, b)]
    else:
        rows = np.flatnonzero(sentences["doc_id"].isin(docs).to_numpy()).tolist()
    doc_col = sentences["doc_id"].to_numpy(object)
    for i in rows:
        key = (doc_col[i], int(sent_ids[i]))
        if key in spans:
            texts[i] = blank(texts[i], spans[key], int(starts[i]))
    return sentences.assign(text=texts)


def _grouped(sentences: pd.DataFrame) -> bool:
    """Whether each document's sentences stand together (as segment and the sorted tables give them)."""
    docs = sentences["doc_id"].to_numpy(object)
    change = int((docs[1:] != docs[:-1]).sum()) if len(docs) > 1 else 0
    return change + 1 == sentences["doc_id"].nunique()
