"""Sentence sentiment with VADER (exact re-implementation of NLTK's, packaged lexicon).

Scores come from :mod:`analysis.text.vader`, which equals NLTK's
``SentimentIntensityAnalyzer.polarity_scores`` on the original lexicon and is several
times faster. By default the domain overlay (``analysis/data/lexicon_overlay.tsv``) is
applied; ``overlay=False`` (or ``lexicon_overlay: false`` in a study's configuration)
scores with VADER's original lexicon alone. The ``lexicon`` column records which.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.text.vader import analyzer

SCORE_COLUMNS = ["neg", "neu", "pos", "compound"]


def score_sentences(sentences: pd.DataFrame, overlay=True) -> pd.DataFrame:
    """Add VADER scores to each sentence that is not boilerplate.

    Parameters
    ----------
    sentences : DataFrame
        With columns ``text`` and ``boilerplate`` (see :func:`analysis.corpus.segment`).
    overlay : bool or path, default True
        Apply the domain lexicon overlay (True), score with VADER's original lexicon
        (False), or apply the overlay file at this path.

    Returns
    -------
    DataFrame
        A copy of ``sentences`` with neg, neu, pos, compound (NaN for boilerplate
        sentences, which are left out of scoring) and lexicon (``vader`` or
        ``vader+overlay``; empty for boilerplate).
    """
    sia = analyzer(overlay)
    out = sentences.copy()
    keep = ~out["boilerplate"].fillna(False).astype(bool).to_numpy()
    scores = np.full((len(out), 4), np.nan)
    texts = out["text"].to_numpy(object)[keep]
    if len(texts):
        scores[keep] = sia.score_many(texts)
    for j, col in enumerate(SCORE_COLUMNS):
        out[col] = scores[:, j]
    out["lexicon"] = np.where(keep, sia.name, "")
    return out
