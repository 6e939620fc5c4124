"""Actor mentions: where each actor of the dictionary is named, and co-occurrence."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd

from analysis.dictionaries.actors import ActorSet
from analysis.text.roles import mention_roles

MENTION_COLUMNS = ["doc_id", "sent_id", "actor", "surface", "start", "end", "leader", "role"]


def find_mentions(sentences: pd.DataFrame, actors: ActorSet) -> pd.DataFrame:
    """Locate actor mentions in each non-boilerplate sentence.

    Returns
    -------
    DataFrame
        One row per mention: doc_id, sent_id, actor, surface, start, end (character
        offsets into the article text), leader (the leader's id when the mention is
        a leader's name, else empty), role (actor / place / attribute, see
        :mod:`analysis.text.roles`: only actors act in relations and stance).

    Pass the scoring view of the sentences (:func:`analysis.corpus.masking.scoring_view`)
    so that no mention comes from inside a masked span.
    """
    rows = []
    keep = np.flatnonzero(~sentences["boilerplate"].to_numpy(bool))
    texts = sentences["text"].to_numpy(object)[keep].tolist()
    keep = keep[actors.may_mention(texts)]  # the others hold no alias: nothing to find
    doc_ids, sent_ids, starts, texts = (
        sentences[col].to_numpy(object)[keep].tolist() for col in ("doc_id", "sent_id", "start", "text")
    )
    for doc_id, sent_id, start, text in zip(doc_ids, sent_ids, starts, texts):
        found = actors.find(text)
        if not found:
            continue
        for (actor, surface, a, b, leader), role in zip(found, mention_roles(text, found, actors.roles)):
            rows.append((doc_id, sent_id, actor, surface, start + a, start + b, leader, role))
    frame = pd.DataFrame(rows, columns=MENTION_COLUMNS)
    return frame.astype({"sent_id": "int64", "start": "int64", "end": "int64"})


def cooccurrence(mentions: pd.DataFrame, by: pd.Series | None = None) -> pd.DataFrame:
    """Sentences in which two actors are both mentioned.

    Parameters
    ----------
    by
        Optional Series indexed by doc_id giving a group (e.g. outlet) per article.

    Returns
    -------
    DataFrame
        One row per unordered actor pair (and group): [group,] actor_a, actor_b
        (actor_a < actor_b), sentences (number of sentences mentioning both).
    """
    pairs = []
    for (doc_id, sent_id), ids in mentions.groupby(["doc_id", "sent_id"], sort=True)["actor"]:
        for a, b in combinations(sorted(set(ids)), 2):
            pairs.append((doc_id, sent_id, a, b))
    frame = pd.DataFrame(pairs, columns=["doc_id", "sent_id", "actor_a", "actor_b"])
    keys = ["actor_a", "actor_b"]
    if by is not None:
        frame.insert(0, "group", frame["doc_id"].map(by))
        keys = ["group"] + keys
    out = frame.groupby(keys, sort=True).size().rename("sentences").reset_index()
    return out
