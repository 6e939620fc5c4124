"""Issue mentions: where each issue is named (aliases and anaphors), with a fast prefilter."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.dictionaries.issues import issues_for
from analysis.text.prefilter import _ASCII_LOOKALIKES

ISSUE_MENTION_COLUMNS = ["doc_id", "sent_id", "issue", "surface", "start", "end", "anaphor"]


def find_issue_mentions(sentences: pd.DataFrame, config=None) -> pd.DataFrame:
    """Where each non-boilerplate sentence mentions an issue.

    Returns
    -------
    DataFrame
        One row per mention: doc_id, sent_id, issue, surface, start, end (character
        offsets into the article text), anaphor (True for "the deal" and the like,
        counted only after the article has named the issue).
    """
    issue_set = issues_for(config)
    # Only sentences that may hold an alias or an anaphor are looked at (the others
    # find nothing and leave ``known`` as it is), in (doc_id, sent_id) order.
    has_alias, has_anaphor = _may_match(sentences["text"], [issue_set._anchors(False), issue_set._anchors(True)])
    look = (has_alias | has_anaphor) & ~sentences["boilerplate"].astype(bool).to_numpy()
    keep = sentences.iloc[np.flatnonzero(look)].assign(_alias=has_alias[look])
    keep = keep.sort_values(["doc_id", "sent_id"], kind="stable")
    rows = []
    known: dict = {}
    for doc_id, sent_id, start, text, alias in zip(
        keep["doc_id"].tolist(),
        keep["sent_id"].tolist(),
        keep["start"].tolist(),
        keep["text"].tolist(),
        keep["_alias"].tolist(),
    ):
        named = known.get(doc_id, frozenset())
        if not (alias or named):  # an anaphor needs an issue named before it
            continue
        found = issue_set._find(text, named, alias)
        if found:
            known[doc_id] = named | {iid for iid, *_ in found}
            rows += [
                (doc_id, sent_id, iid, surface, start + a, start + b, anaphor) for iid, surface, a, b, anaphor in found
            ]
    frame = pd.DataFrame(rows, columns=ISSUE_MENTION_COLUMNS)
    return frame.astype({"sent_id": "int64", "start": "int64", "end": "int64", "anaphor": "bool"})


def _may_match(texts: pd.Series, anchor_sets) -> list[np.ndarray]:
    """For each set of :func:`anchors`, a boolean mask of the ``texts`` that may hold a
    match: those holding an anchor in any case or a character of ``_ASCII_LOOKALIKES``,
    a superset of the texts a phrase matches in (all texts when the set is None).

    Uses RE2 through pyarrow: one pass over all texts for all sets, one more over the
    texts found, per set.
    """
    every = np.ones(len(texts), dtype=bool)
    if len(texts):
        try:  # converted to Arrow once (free for Arrow-backed strings), for every pass below
            texts = pa.array(texts.to_numpy(object) if texts.dtype == object else texts)
        except (pa.ArrowException, TypeError, ValueError):  # texts arrow cannot hold: keep all
            return [every.copy() for _ in anchor_sets]
    if not len(texts) or any(found is None for found in anchor_sets):
        return [every if found is None else _hits(texts, found) for found in anchor_sets]
    union = _hits(texts, sorted({a for found in anchor_sets for a in found}))
    rows = np.flatnonzero(union)
    out = []
    for found in anchor_sets:
        mask = np.zeros(len(texts), dtype=bool)
        mask[rows] = _hits(texts.take(pa.array(rows)), found)
        out.append(mask)
    return out


def _hits(texts, words) -> np.ndarray:
    """Mask of the ``texts`` (an Arrow array, or anything :func:`pyarrow.array` takes)
    holding one of ``words`` in any case or a character of ``_ASCII_LOOKALIKES``."""
    if not words:  # no phrases: nothing to find
        return np.zeros(len(texts), dtype=bool)
    body = "|".join("".join(c if c.isalnum() else f"\\x{{{ord(c):02x}}}" for c in w) for w in words)
    try:
        found = pc.match_substring_regex(pa.array(texts), f"(?i:{body})|[{_ASCII_LOOKALIKES}]")
    except (pa.ArrowException, TypeError, ValueError):  # texts arrow cannot hold: keep all
        return np.ones(len(texts), dtype=bool)
    return np.asarray(found.fill_null(True).to_numpy(zero_copy_only=False), dtype=bool)
