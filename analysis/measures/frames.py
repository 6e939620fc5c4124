"""Frames: the frame dictionary, cue matching in sentences, and frame shares.

A frame dictionary (default ``analysis/data/frames.yaml``, whose header documents the
format and the source of each frame) lists cue words and phrases per frame. A
sentence *carries* a frame when at least one of its cues occurs in it, or, for a frame
with a ``min_weight``, when their summed weight reaches it (the packaged economic,
morality and conflict frames: a half-weight cue such as "deal", "duty" or "concern" needs
another cue of the frame beside it); the frame's weight in the sentence is the sum of the
weights of the cue occurrences.

Cue matching (shared with :mod:`analysis.measures.wordchoice`):

* Words are runs of letters and digits; hyphens and apostrophes split them
  (``anti-aircraft`` is ``anti`` ``aircraft``, ``S-400`` is ``s`` ``400``), and a
  possessive ``'s`` is dropped. Matching ignores case.
* A multi-word cue matches consecutive words separated only by spaces, line breaks,
  hyphens or apostrophes: ``missile defense`` matches ``missile-defense`` but not
  ``missile, defense``.
* Inflections: each word is reduced by NLTK's Snowball (Porter 2) stemmer, which needs
  no downloaded data, so ``sanction`` matches ``sanctions`` and ``sanctioned`` and
  ``missile system`` matches ``missile systems``. A cue written
  ``{text: ..., stem: false}`` matches the word forms as written (still ignoring case).
* British spellings are folded into American ones before stemming, so ``missile
  defense`` matches ``missile defence``: the ``-ence`` nouns (defence, offence,
  licence, pretence), ``-our`` words (labour, favour, honour, neighbour, behaviour,
  ...), ``-re`` words (centre, theatre, metre, ...), ``programme`` and the ``-ise`` /
  ``-isation`` forms of a listed set of roots (recognise, organise, criticise, ...).
* Where cues overlap, the longest cue starting at a word wins, and matches of one frame
  do not overlap; a word may count for several frames.

Known limits: no negation ("not a threat" carries the security frame), no word-sense
disambiguation ("court" the tribunal and "courting" an ally share a stem).

Two methods make the table (its ``method`` column says which):

* ``dictionary`` (the default): the cue rule above; ``weight`` is the summed cue weight.
  Always used for a study's own frame dictionary (or one that extends the default).
* ``model`` (``frame_method: model`` in the configuration, packaged frames only): the
  trained frame model
  (:mod:`analysis.models.frame_model`): per frame a logistic regression over the sentence's
  pooled static word vectors (summed, divided by the square root of their number) and every
  frame's cue weights, with a threshold tuned by
  cross-validation on the coded ``train`` sentences. ``weight`` is the frame's probability;
  ``cues`` lists the frame's dictionary cues in the sentence or, for a frame carried without
  any, the words that pushed its score up most.

Why the dictionary is the default: on the 395 held-out coded sentences the model's macro-F1
is 0.564 against the dictionary's 0.554 (0.550 before ``min_weight``; a difference of 0.012 then
had a 95% interval, bootstrap over the 226 articles, from -0.03 to +0.06); the model is worse
on the weakest frame (sovereignty and identity, F1 0.17 against 0.30); and on the 4,000
AllSides articles the frames step takes
about 1.5 times the CPU time (9.7 s against 6.4 s, measured in the same minute; the model runs the
dictionary too). Neither reaches the coders well on sovereignty, morality or conflict
(``analysis/data/frame_agreement.csv``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.dictionaries.frames import FrameSet, frames_for, is_default
from analysis.dictionaries.registry import load_config
from analysis.text.stem_match import Token as Token  # re-exported: the word matching lives in textmatch
from analysis.text.stem_match import american_spelling as american_spelling
from analysis.text.stem_match import tokens as tokens
from analysis.text.stem_match import word_keys as word_keys

FRAME_COLUMNS = ["doc_id", "sent_id", "frame", "weight", "cues", "method"]
METHODS = ("model", "dictionary")


# -- tables -------------------------------------------------------------------------
def frame_method(config=None, method=None) -> str:
    """The method :func:`find_frames` uses: ``method`` if given, else the configuration's
    ``frame_method`` (``"dictionary"`` unless set; a :class:`FrameSet` given as ``config``
    means the dictionary). ``"model"`` is refused for frames other than the packaged ones."""
    if method not in (None, *METHODS):
        raise ValueError(f"method must be one of {', '.join(METHODS)}, got {method!r}")
    if method is None:
        method = "dictionary" if isinstance(config, FrameSet) else load_config(config).frame_method
    if method == "model" and not is_default(frames_for(config)):
        raise ValueError("the frame model covers only the packaged default frames: use method='dictionary'")
    return method


def find_frames(sentences: pd.DataFrame, config=None, method: str | None = None) -> pd.DataFrame:
    """The frames each non-boilerplate sentence carries.

    Parameters
    ----------
    config
        None (packaged dictionary), a configuration (path, mapping or Config) whose
        ``frames`` key names a dictionary, or a :class:`FrameSet`.
    method
        ``"dictionary"`` (cue matching), ``"model"`` (the trained frame model; only for
        the packaged frames), or None for the configuration's ``frame_method``
        (``"dictionary"`` unless set).

    Returns
    -------
    DataFrame
        One row per sentence and frame carried, sorted by doc_id, sent_id, frame:
        doc_id, sent_id, frame, weight (dictionary: sum of the weights of the cue
        occurrences; model: the frame's probability), cues (the matched words as
        written, ``"; "``-separated, first occurrence each; for a frame the model finds
        without its cues, the words that pushed it most), method.
    """
    method = frame_method(config, method)
    frame_set = frames_for(config)
    scored = np.flatnonzero(~sentences["boilerplate"].to_numpy(bool))
    doc_ids = sentences["doc_id"].to_numpy()[scored].tolist()
    sent_ids = sentences["sent_id"].to_numpy()[scored].tolist()
    texts = sentences["text"].to_numpy()[scored].tolist()
    columns: list[list] = [[] for _ in FRAME_COLUMNS[:-1]]  # columns, not row tuples: far fewer objects
    doc_col, sent_col, frame_col, weight_col, cues_col = columns
    if method == "model":
        from analysis.models.frame_model import predict

        found = predict(texts, frame_set)[2]
        doc_col += np.asarray(doc_ids, dtype=object)[found.text].tolist() if doc_ids else []
        sent_col += np.asarray(sent_ids, dtype=np.int64)[found.text].tolist() if sent_ids else []
        frame_col += found.frame
        weight_col += found.probability.tolist()
        cues_col += found.cues
    else:
        for k, carried in frame_set.find_many(texts):
            for fid, weight, cues in carried:
                doc_col.append(doc_ids[k])
                sent_col.append(sent_ids[k])
                frame_col.append(fid)
                weight_col.append(weight)
                cues_col.append("; ".join(cues))
    columns.append([method] * len(doc_col))
    if doc_col:
        out = pd.DataFrame(dict(zip(FRAME_COLUMNS, columns))).astype({"sent_id": "int64", "weight": "float64"})
    else:
        out = pd.DataFrame([], columns=FRAME_COLUMNS).astype({"sent_id": "int64", "weight": "float64"})
    return out.sort_values(["doc_id", "sent_id", "frame"], kind="stable").reset_index(drop=True)
