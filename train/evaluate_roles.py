"""Measure the mention-role rules against the coded relation pairs (``coding/relations``).

A pair is *detected* as not acting when the role rules give either of its two mentions a
role other than ``actor``; the coders' label ``not_actor`` marks pairs where a mention
does not refer to an acting actor. Printed per split (``--split train`` while
developing the rules, ``heldout`` to report): precision and recall of the detection for
``not_actor``, and how many detected pairs the coders gave a relation (cooperation or
conflict), which dropping the pair loses. Places named as locations are coded
``neutral`` by the codebook, not ``not_actor``, so a place rule's hits count against
precision here although they cost no relation.

    python train/evaluate_roles.py [--split train|heldout|all] [--json out.json]

``train/roles_train.json`` and ``train/roles_heldout.json`` hold the figures of the
shipped rules (``--json``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "coding"))


def roles_of_pairs(items: pd.DataFrame) -> pd.DataFrame:
    """The role the rules give mention A and mention B of every coded pair."""
    from texts import restore

    from analysis.dictionaries.actors import load_actors
    from analysis.dictionaries.cues import cues_for
    from analysis.text.roles import mention_roles

    items = restore(items)
    actors = load_actors()
    cues = cues_for(None)
    role_a, role_b, with_all, with_actors = [], [], [], []
    for row in items.itertuples():
        text = row.sentence
        found = actors.find(text)
        roles = mention_roles(text, found, actors.roles)
        spans = {(a, b): r for (_, _, a, b, _), r in zip(found, roles)}

        base = int(row.sent_start)
        role_a.append(_role_at(spans, int(row.a_start) - base, int(row.a_end) - base))
        role_b.append(_role_at(spans, int(row.b_start) - base, int(row.b_end) - base))
        # the relation the dyad rules give the pair with every mention, and with actors only
        every = [(x[0], x[2], x[3]) for x in found]
        acting = [(x[0], x[2], x[3]) for x, r in zip(found, roles) if r == "actor"]
        with_all.append(_relation(text, every, row.actor_a, row.actor_b, cues))
        with_actors.append(_relation(text, acting, row.actor_a, row.actor_b, cues))
    return items.assign(role_a=role_a, role_b=role_b, dyads_all=with_all, dyads_actors=with_actors)


def _role_at(spans: dict, s: int, e: int) -> str:
    hit = [r for (a, b), r in spans.items() if a < e and b > s]
    return hit[0] if hit else "actor"


def _relation(text, spans, a, b, cues) -> str:
    from analysis.measures.dyads import sentence_dyads

    for row in sentence_dyads(text, spans, cues):
        if {row["source"], row["target"]} == {a, b}:
            return row["relation"]
    return "neutral"  # no row: the pair is not related


def measure(frame: pd.DataFrame) -> dict:
    detected = (frame["role_a"] != "actor") | (frame["role_b"] != "actor")
    gold = frame["relation"] == "not_actor"
    tp, fp, fn = int((detected & gold).sum()), int((detected & ~gold).sum()), int((~detected & gold).sum())
    lost = int((detected & frame["relation"].isin(["cooperation", "conflict"])).sum())
    return {
        "pairs": len(frame),
        "not_actor": int(gold.sum()),
        "detected": int(detected.sum()),
        "precision": tp / (tp + fp) if tp + fp else None,
        "recall": tp / (tp + fn) if tp + fn else None,
        "detected_not_actor_or_neutral": float((detected & frame["relation"].isin(["not_actor", "neutral"])).sum())
        / max(int(detected.sum()), 1),
        "relations_lost": lost,
        "relations_coded": int(frame["relation"].isin(["cooperation", "conflict"]).sum()),
        # relation accuracy of the dyad rules on the coded pairs (not_actor counted as neutral)
        "dyads_accuracy_all_mentions": _accuracy(frame, "dyads_all"),
        "dyads_accuracy_actors_only": _accuracy(frame, "dyads_actors"),
        "detected_pairs_dyads_right_all_mentions": _accuracy(frame[detected], "dyads_all"),
        "detected_pairs_dyads_right_actors_only": _accuracy(frame[detected], "dyads_actors"),
    }


def _accuracy(frame: pd.DataFrame, column: str) -> float | None:
    if frame.empty:
        return None
    gold = frame["relation"].replace({"not_actor": "neutral"})
    return float((frame[column] == gold).mean())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="train", choices=["train", "heldout", "all"])
    parser.add_argument("--json", help="write the figures here")
    parser.add_argument("--show", type=int, default=0, help="print this many misses and false alarms")
    args = parser.parse_args(argv)
    items = pd.read_csv(ROOT / "coding" / "relations" / "coded.csv", dtype={"sentence": str, "marked": str})
    if args.split != "all":
        items = items[items["split"] == args.split]
    frame = roles_of_pairs(items)
    result = {"split": args.split, **measure(frame)}
    print(json.dumps(result, indent=2))
    if args.show:
        detected = (frame["role_a"] != "actor") | (frame["role_b"] != "actor")
        gold = frame["relation"] == "not_actor"
        for label, rows in (("MISS", frame[gold & ~detected]), ("FALSE", frame[detected & ~gold])):
            for r in rows.head(args.show).itertuples():
                print(label, r.relation, r.mention_a, r.role_a, "|", r.mention_b, r.role_b, "|", r.sentence[:200])
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
