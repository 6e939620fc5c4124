"""Sentence sentiment with VADER (NLTK's implementation, packaged lexicon, no download)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .nltk_offline import nltk_vader

SCORE_COLUMNS = ["neg", "neu", "pos", "compound"]


def score_sentences(sentences: pd.DataFrame) -> pd.DataFrame:
    """Add VADER scores to each sentence that is not boilerplate.

    Returns
    -------
    DataFrame
        A copy of ``sentences`` with neg, neu, pos, compound (NaN for boilerplate
        sentences, which are left out of scoring) and lexicon (``vader``).
    """
    sia = nltk_vader()
    out = sentences.copy()
    scores = np.full((len(out), 4), np.nan)
    for i, (text, skip) in enumerate(zip(out["text"], out["boilerplate"])):
        if not skip:
            s = sia.polarity_scores(text)
            scores[i] = (s["neg"], s["neu"], s["pos"], s["compound"])
    for j, col in enumerate(SCORE_COLUMNS):
        out[col] = scores[:, j]
    out["lexicon"] = "vader"
    return out
