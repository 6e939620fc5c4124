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


def masked_spans_table(sentences: pd.DataFrame, masks: dict) -> pd.DataFrame:
    """The ``masked_spans`` table: each masked span clipped to each sentence it overlaps."""
    rows = []
    if masks:
        sents = sentences[sentences["doc_id"].isin(list(masks))]
        by_doc: dict = {}
        for doc_id, sent_id, start, end in zip(
            sents["doc_id"].tolist(), sents["sent_id"].tolist(), sents["start"].tolist(), sents["end"].tolist()
        ):
            by_doc.setdefault(doc_id, []).append((start, end, sent_id))
        for doc_id, spans in masks.items():
            sl = sorted(by_doc.get(doc_id, []))
            starts = [s for s, _, _ in sl]
            for a, b, reason in spans:
                k = max(bisect_right(starts, a) - 1, 0)
                while k < len(sl) and sl[k][0] < b:
                    s, e, sent_id = sl[k]
                    lo, hi = max(a, s), min(b, e)
                    if lo < hi:
                        rows.append((doc_id, sent_id, lo, hi, reason))
                    k += 1
    frame = pd.DataFrame(rows, columns=MASKED_COLUMNS)
    return frame.astype({"sent_id": "int64", "start": "int64", "end": "int64"})


def scoring_view(sentences: pd.DataFrame, masked: pd.DataFrame) -> pd.DataFrame:
    """``sentences`` with the masked characters of each sentence's ``text`` blanked."""
    if masked is None or masked.empty:
        return sentences
    spans: dict = {}
    for key, a, b in zip(
        zip(masked["doc_id"].tolist(), masked["sent_id"].tolist()), masked["start"].tolist(), masked["end"].tolist()
    ):
        spans.setdefault(key, []).append((a, b))
    keys = list(zip(sentences["doc_id"].tolist(), sentences["sent_id"].tolist()))
    texts = sentences["text"].tolist()
    starts = sentences["start"].tolist()
    out = sentences.copy()
    out["text"] = [blank(t, spans[k], s) if k in spans else t for k, t, s in zip(keys, texts, starts)]
    return out
