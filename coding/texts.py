"""Keep the outlets' texts out of the repository: long sentences are stored as offsets only.

The AllSides texts belong to their outlets. The coded items keep, as research annotations
(as NewsMTSC does), the article id, the sentence's character offsets and the sentence
itself when it is short (at most ``MAX_STORED`` characters); a longer sentence is stored as
offsets and a SHA-256 only, and :func:`restore` reads it back from the shared corpus
(``../shared/corpora``) by its offsets, checking the hash.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

MAX_STORED = 250
TEXT_COLUMNS = ("sentence", "marked")


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def redact(items: pd.DataFrame) -> pd.DataFrame:
    """A copy to store: ``sentence_sha256`` for every row, long sentences blanked."""
    out = items.copy()
    out["sentence_sha256"] = [sha(s) for s in out["sentence"]]
    long = out["sentence"].str.len() > MAX_STORED
    for col in TEXT_COLUMNS:
        if col in out.columns:
            out[col] = out[col].where(~long, "")
    out["stored"] = ~long
    return out


def restore(items: pd.DataFrame, shared=None) -> pd.DataFrame:
    """Fill blanked sentences (and ``marked``) back from the shared corpora."""
    import analysis as fa
    from analysis.validation import mark_spans as mark  # the same marker as the sampler

    missing = items["sentence"].fillna("") == ""
    if not missing.any():
        return items
    shared = Path(shared) if shared else HERE.parent.parent / "shared"
    out = items.copy()
    texts: dict[tuple, str] = {}
    for corpus in sorted(out.loc[missing, "corpus"].unique()):
        path = shared / "corpora" / corpus
        if not path.is_file():
            raise SystemExit(f"{path}: not found; the long sentences of the coded items are read from it")
        articles = fa.load_corpus(path).set_index("doc_id")["text"]
        for idx in out.index[missing & (out["corpus"] == corpus)]:
            row = out.loc[idx]
            text = articles[row["doc_id"]][int(row["sent_start"]) : int(row["sent_end"])]
            if sha(text) != row["sentence_sha256"]:
                raise SystemExit(
                    f"{corpus}: {row['doc_id']}: the sentence at {row['sent_start']} differs from the coded one"
                )
            texts[idx] = text
    for idx, text in texts.items():
        out.at[idx, "sentence"] = text
        row = out.loc[idx]
        s0 = int(row["sent_start"])
        if "mention_start" in out.columns:
            out.at[idx, "marked"] = mark(
                text, [(int(row["mention_start"]) - s0, int(row["mention_end"]) - s0, "[[", "]]")]
            )
        elif "a_start" in out.columns:
            out.at[idx, "marked"] = mark(
                text,
                [
                    (int(row["a_start"]) - s0, int(row["a_end"]) - s0, "[A: ", "]"),
                    (int(row["b_start"]) - s0, int(row["b_end"]) - s0, "[B: ", "]"),
                ],
            )
    return out


def inline_masked(sentence: str) -> tuple[str, list[tuple[int, int]]]:
    """``sentence`` as the pipeline scores it, and the spans it blanks: inline boilerplate
    (hover cards, prompts and widgets; :mod:`analysis.corpus.inline`) replaced by spaces,
    offsets kept (:func:`analysis.corpus.masking.blank`). Runs repeated across an outlet's
    articles need the whole corpus and are not looked for here.

    A coder read the whole sentence, a hover card's headlines included; the pipeline never
    sees them. So the training and evaluation scripts read every coded sentence as this
    text (labels unchanged), and leave out a sentiment item whose actor is named only
    inside such a span, since the pipeline never scores it.
    """
    from analysis.corpus.inline import inline_spans
    from analysis.corpus.masking import blank

    spans = [(a, b) for a, b, _ in inline_spans(sentence)]
    return blank(sentence, spans), spans
