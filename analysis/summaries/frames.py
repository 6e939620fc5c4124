"""Frame shares per article and per group (two-stage bootstrap), top cues."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.measures.frames import frames_for
from analysis.stats.bootstrap import grouped_bootstrap
from analysis.text.stem_match import Token as Token  # re-exported: the word matching lives in textmatch
from analysis.text.stem_match import american_spelling as american_spelling
from analysis.text.stem_match import tokens as tokens
from analysis.text.stem_match import word_keys as word_keys


def frame_shares(frames: pd.DataFrame, sentences: pd.DataFrame, config=None) -> pd.DataFrame:
    """Per article, the share of its scored sentences that carry each frame.

    Returns
    -------
    DataFrame
        One row per article and dictionary frame (zeros included), sorted by doc_id and
        dictionary order: doc_id, frame, sentences (non-boilerplate sentences),
        carrying (sentences carrying the frame), share (carrying / sentences; NaN for an
        article with no scored sentence), weight (summed ``weight`` of the frame rows:
        cue weights for the dictionary, probabilities for the frame model).
    """
    ids = frames_for(config).ids
    scored = sentences.loc[~sentences["boilerplate"].astype(bool)].groupby("doc_id").size()
    docs = sorted(set(sentences["doc_id"]))
    counts = frames.groupby(["doc_id", "frame"]).agg(carrying=("sent_id", "nunique"), weight=("weight", "sum"))
    index = pd.MultiIndex.from_product([docs, ids], names=["doc_id", "frame"])
    out = counts.reindex(index, fill_value=0).reset_index()
    out.insert(2, "sentences", out["doc_id"].map(scored).fillna(0).astype("int64"))
    out["carrying"] = out["carrying"].astype("int64")
    out["share"] = np.where(
        out["sentences"] > 0, out["carrying"] / out["sentences"].where(out["sentences"] > 0), np.nan
    )
    out["weight"] = out["weight"].astype(float)
    return out[["doc_id", "frame", "sentences", "carrying", "share", "weight"]]


def frame_shares_by_group(
    shares: pd.DataFrame,
    groups: pd.Series,
    draws: int = 2000,
    seed: int = 0,
    level: float = 0.95,
    method: str = "two-stage",
) -> pd.DataFrame:
    """Mean share of sentences carrying each frame per group, with a bootstrap interval.

    The estimate is the mean over the group's articles of each article's share, so
    every article counts equally. ``method`` sets how the interval is drawn:

    * ``"article"``: articles resampled within the group
      (:func:`analysis.stats.grouped_bootstrap`). A group of one article gets no interval.
    * ``"two-stage"``: articles resampled, then the sentences of each drawn article
      (a two-stage bootstrap for sentences nested in articles; the sentence stage is
      drawn exactly as a binomial). It is a little wider than ``"article"`` on many
      articles and still gives an interval for a single article, where it says how
      much the share rests on a few sentences.

    Returns
    -------
    DataFrame
        One row per group and frame, sorted: group, frame, mean, lo, hi, n (articles),
        sentences, carrying, method.
    """
    if method not in ("article", "two-stage"):
        raise ValueError(f"method must be 'article' or 'two-stage', got {method!r}")
    data = shares.dropna(subset=["share"]).assign(group=lambda d: d["doc_id"].map(groups))
    if data["group"].isna().any():
        missing = data.loc[data["group"].isna(), "doc_id"].iloc[0]
        raise KeyError(f"no group for article {missing!r}")
    totals = data.groupby(["group", "frame"], sort=True)[["sentences", "carrying"]].sum()
    nested = ("sentences", "carrying") if method == "two-stage" else None
    value = None if nested else "share"
    out = grouped_bootstrap(data, ["group", "frame"], value, draws=draws, seed=seed, level=level, nested=nested)
    out = out.join(totals, on=["group", "frame"])
    out["method"] = method
    return out.reset_index(drop=True)


def top_cues(frames: pd.DataFrame, groups: pd.Series, n: int = 5) -> pd.DataFrame:
    """The cue words that triggered each frame most often, per group (for the frame model,
    the dictionary cues and the words that pushed each frame most).

    Returns
    -------
    DataFrame
        One row per frame (rows) with one column per group, each cell a string of up
        to ``n`` cues with the number of sentences they occur in: "pressure (3), ...".
    """
    cues = (
        frames.assign(group=frames["doc_id"].map(groups), cue=frames["cues"].str.lower().str.split("; "))
        .explode("cue")
        .groupby(["frame", "group", "cue"])
        .size()
        .rename("sentences")
        .reset_index()
        .sort_values(["frame", "group", "sentences", "cue"], ascending=[True, True, False, True])
    )
    rows = {}
    for (fid, group), part in cues.groupby(["frame", "group"], sort=True):
        rows.setdefault(fid, {})[group] = ", ".join(
            f"{c} ({k})" for c, k in zip(part["cue"][:n], part["sentences"][:n])
        )
    return pd.DataFrame.from_dict(rows, orient="index").sort_index().fillna("")
