"""The hand-coded actor pairs (``coding/relations/coded.csv``) as the relation step sees them.

Each coded item is one sentence and two actors (A named first). The sentence is scored
the way the pipeline scores it: its actor mentions come from the packaged actor
dictionary, and the pair's row is looked up by the two actor ids. Long sentences are not
stored in the repository; :func:`coding.texts.restore` reads them back from
``../shared/corpora``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "coding"))

from texts import inline_masked, restore  # noqa: E402

CODED = ROOT / "coding" / "relations" / "coded.csv"
RELATIONS = ("conflict", "cooperation", "neutral")
DIRECTIONS = ("A>B", "B>A", "mutual")


def load_items(path=CODED, shared=None) -> pd.DataFrame:
    """The coded pairs with their sentence restored, sorted by item id; ``text`` is the
    sentence as the pipeline reads it, inline boilerplate blanked (:func:`texts.inline_masked`)."""
    items = pd.read_csv(path, dtype={"doc_id": str}, keep_default_na=False)
    items = restore(items, shared)
    items["text"] = [inline_masked(s)[0] for s in items["sentence"]]
    return items.sort_values("item_id", kind="stable").reset_index(drop=True)


def sentences_frame(items: pd.DataFrame) -> pd.DataFrame:
    """A sentences table with one sentence per item (doc_id = item id), as the pipeline has
    it: inline boilerplate blanked (``text`` of :func:`load_items`)."""
    return pd.DataFrame(
        {
            "doc_id": items["item_id"].tolist(),
            "sent_id": 0,
            "start": 0,
            "end": items["sentence"].str.len().tolist(),
            "text": items["text"].tolist(),
            "boilerplate": False,
        }
    )


def direction_of(row, actor_a: str, actor_b: str) -> str:
    """The coders' direction vocabulary (A>B, B>A, mutual, none) for a dyad row (or None)."""
    if row is None or row["relation"] == "neutral":
        return "none"
    if not row["directed"]:
        return "mutual"
    return "A>B" if row["source"] == actor_a else "B>A"


def pair_rows(items: pd.DataFrame, dyads: pd.DataFrame) -> list:
    """For each item, its pair's dyad row (a dict) or None when the system gave none."""
    found = {}
    for row in dyads.to_dict("records"):
        found[(row["doc_id"], frozenset((row["source"], row["target"])))] = row
    return [found.get((i, frozenset((a, b)))) for i, a, b in zip(items["item_id"], items["actor_a"], items["actor_b"])]


def item_spans(items: pd.DataFrame, config=None) -> dict:
    """item id → the actor spans of its sentence, found as the pipeline finds them."""
    from analysis import find_mentions
    from analysis.dictionaries.registry import load_config
    from analysis.measures.dyads import actor_spans_by_sentence
    from analysis.pipeline import actors_for

    sentences = sentences_frame(items)
    mentions = find_mentions(sentences, actors_for(load_config(config)))
    mentions = mentions[mentions["role"] == "actor"]  # as the pipeline: places and attributes do not act
    return {doc: spans for (doc, _), spans in actor_spans_by_sentence(sentences, mentions).items()}


def _relative(direction: str, actor_a: str, first: str):
    """The coders' direction (A>B, B>A, mutual, none) relative to the pair's first mention."""
    if direction == "none":
        return None
    if direction == "mutual":
        return "mutual"
    a_first = first == actor_a
    return "first>second" if (direction == "A>B") == a_first else "second>first"


def pair_features(items: pd.DataFrame, config=None) -> pd.DataFrame:
    """Per item: found (the pair is among the sentence's capped pairs), vector (its
    features), first (the actor of its first mention), rule (the rules' row) and
    direction (the coders' direction relative to the first mention, None without one)."""
    from analysis.dictionaries.cues import cues_for
    from analysis.models.relation_features import sentence_pairs

    cueset = cues_for(config)
    spans = item_spans(items, config)
    out = []
    for r in items.itertuples(index=False):
        _, _, pairs = sentence_pairs(r.text, spans.get(r.item_id, []), cueset, cueset.max_partners)
        found = {key: (first, rule, vector) for key, first, rule, vector in pairs}
        key = tuple(sorted((r.actor_a, r.actor_b)))
        if key in found:
            first, rule, vector = found[key]
            out.append(
                {
                    "found": True,
                    "vector": vector,
                    "first": first,
                    "rule": rule,
                    "direction": _relative(r.direction, r.actor_a, first),
                }
            )
        else:
            out.append({"found": False, "vector": None, "first": r.actor_a, "rule": None, "direction": None})
    return pd.DataFrame(out)
