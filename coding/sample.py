"""Draw the items for hand coding: sentence × actor (sentiment), sentence × actor pair
(relations) and sentences (frames), from the shared AllSides corpora.

    python coding/sample.py [--shared ../shared]

Writes ``coding/{sentiment,relations,frames}/items.csv`` (ids, offsets, the sentence
and the marked mention(s); no method output) and the blind coding sheets
``coding/*/batches/batch_K.csv`` given to the coders. The draw is seeded, so the same
corpora give the same items. Only the actor dictionary is used to find candidates
(which actors a sentence names); no score of any method is computed or shown.

Design:
* Candidates are sentences of 5–80 words that are neither titles nor boilerplate.
* At most ``PER_ARTICLE`` items per article, so no article dominates.
* Actors (pairs, leanings) are stratified: items are drawn with weights
  share/frequency of the stratum among the candidates, so rarer actors (NATO, the EU,
  Kurdish forces) are not swamped by the United States, while in the study's own corpus
  Turkey, the US and Russia (and pairs among them) get the largest shares.
* Each item gets a ``split`` by article (a seeded quarter of the articles is
  ``heldout``): every item of an article falls on the same side, so a model is never
  tuned on a sentence of an article it is evaluated on.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from texts import redact  # noqa: E402

import analysis as fa  # noqa: E402
from analysis.validation import mark_spans as mark  # noqa: E402  (the kit's own marker)

SEED = 20261201
HELDOUT_SHARE = 0.25
PLAN = {
    # task: {corpus file: (n items, max per article)}
    "sentiment": {"allsides_turkey_dev.jsonl": (760, 3), "allsides_sample.jsonl": (360, 1)},
    "relations": {"allsides_turkey_dev.jsonl": (620, 3), "allsides_sample.jsonl": (240, 1)},
    "frames": {"allsides_turkey_dev.jsonl": (440, 2), "allsides_sample.jsonl": (200, 1)},
}
BATCHES = 4
# A second draw of sentiment items (``--wave 2``), after the first model showed that
# 800 in-domain items were too few: new sentences only, at most 2 more per article of the
# study's corpus (5 in all) and 1 per article of the AllSides sample not drawn before.
WAVE2 = {
    "sentiment": {"allsides_turkey_dev.jsonl": (760, 2), "allsides_sample.jsonl": (920, 1)},
    # frames: the first 640 sentences leave morality and sovereignty with a few dozen
    # positives; a second draw of new sentences, at most 2 more per article (4 in all)
    "frames": {"allsides_turkey_dev.jsonl": (560, 2), "allsides_sample.jsonl": (400, 1)},
    # relations: 860 pairs left the pair classifier short of its targets (and only 61
    # held-out pairs with a direction); new sentences only, at most 2 more per article of
    # the study's corpus and 1 per AllSides article not drawn before
    "relations": {"allsides_turkey_dev.jsonl": (520, 2), "allsides_sample.jsonl": (280, 1)},
}
BATCH_SIZE = {"sentiment": 280, "frames": 160, "relations": 200}
SHEET_COLUMNS = {
    "sentiment": ["item_id", "target", "marked"],
    "frames": ["item_id", "sentence"],
    "relations": ["item_id", "label_a", "mention_a", "label_b", "mention_b", "marked"],
}
STRATUM_KEY = {"sentiment": "actor", "relations": "pair", "frames": "stratum"}
# A third draw (``--wave 3``), for training only: new sentences of articles whose split is
# ``train`` (so the held-out parts stay plain random samples), enriched for the rare
# classes the models miss. The enrichment looks at the sentence only through a packaged
# method (the frame dictionary's hits; the sentence's VADER compound), never shown to the
# coders: frames rare in the first waves (sovereignty 52, morality 105 sentences) and
# sentences with a positive tone (156 positive targets of 2,762) are drawn more often.
WAVE3 = {
    "sentiment": {"allsides_turkey_dev.jsonl": (250, 1), "allsides_sample.jsonl": (550, 1)},
    "frames": {"allsides_turkey_dev.jsonl": (200, 1), "allsides_sample.jsonl": (400, 1)},
}
WAVE3_SHARES = {
    "sentiment": {"positive tone": 2.0, "negative tone": 1.0, "neutral tone": 1.0},
    "frames": {
        "sovereignty_identity": 2.0,
        "morality": 2.0,
        "conflict": 1.5,
        "economic": 1.0,
        "legality": 1.0,
        "external_reputation": 1.0,
        "political": 0.5,
        "security_defense": 0.5,
        "no frame": 1.0,
    },
}
# A fourth draw (``--wave 4``), for training only, of actor pairs: new sentences of
# ``train`` articles, enriched for cooperation (268 of 1,656 coded pairs; the classifier's
# cooperation precision was 0.48). The enrichment looks at the pair only through the
# pipeline's own relation for it (never shown to the coders): pairs it calls cooperation
# are drawn more often, which also brings the hard cases it gets wrong.
WAVE4 = {"relations": {"allsides_turkey_dev.jsonl": (450, 3), "allsides_sample.jsonl": (350, 1)}}
WAVE4_SHARES = {"relations": {"cooperation": 2.5, "conflict": 1.0, "no relation": 1.0}}
# the rarest frame a sentence's dictionary hits name is its stratum
FRAME_RARITY = list(WAVE3_SHARES["frames"])
# In the study's own corpus the three states of the study get the largest shares.
TURKEY_SENTIMENT_SHARES = {
    "TUR": 4.0,
    "USA": 3.5,
    "RUS": 3.5,
    "SYR": 1.5,
    "KURDS": 1.2,
    "NATO": 1.2,
    "ISIS": 1.0,
    "EU": 0.8,
}
CORE = {"TUR", "USA", "RUS"}


def split_of(corpus: str, doc_id: str) -> str:
    digest = hashlib.sha256(f"{SEED}:{corpus}:{doc_id}".encode()).hexdigest()
    return "heldout" if int(digest[:8], 16) / 0xFFFFFFFF < HELDOUT_SHARE else "train"


def analysed(path: Path):
    articles = fa.load_corpus(path)
    results = fa.analyze(articles, progress=False)
    sents = results.sentences
    words = sents["text"].str.split().str.len()
    keep = (~sents["is_title"].astype(bool)) & (~sents["boilerplate"].astype(bool)) & words.between(5, 80)
    sents = sents[keep]
    return articles.set_index("doc_id"), sents, results.mentions


def described(items: pd.DataFrame, corpus: str, articles: pd.DataFrame, split=None) -> pd.DataFrame:
    """The drawn items with their corpus, outlet, leaning, date and split (by article unless given)."""
    items.insert(0, "corpus", corpus)
    items["outlet"] = items["doc_id"].map(articles["outlet"])
    items["bias_text"] = items["doc_id"].map(articles["bias_text"])
    items["date"] = items["doc_id"].map(articles["date"])
    items["split"] = [split_of(corpus, d) for d in items["doc_id"]] if split is None else split
    return items


def numbered(parts: list, before: pd.DataFrame, task: str, wave: int, batch_size: int) -> pd.DataFrame:
    """A later wave's items shuffled (seeded), numbered after ``before`` and cut into batches."""
    items = pd.concat(parts, ignore_index=True)
    items = items.iloc[np.random.default_rng([SEED, wave]).permutation(len(items))].reset_index(drop=True)
    base = len(before)
    items.insert(0, "item_id", [f"{task[:3]}{base + i:04d}" for i in range(len(items))])
    first_batch = int(before["batch"].max()) + 1
    items["batch"] = [first_batch + i // batch_size for i in range(len(items))]
    items["wave"] = wave
    return items


def stratum_weight(task: str, corpus: str, value: str) -> float:
    """Relative share wanted for a stratum (an actor, a pair or a leaning)."""
    if corpus != "allsides_turkey_dev.jsonl":
        return 1.0
    if task == "sentiment":
        return TURKEY_SENTIMENT_SHARES.get(value, 1.0)
    if task == "relations":
        ends = set(value.split("-"))
        return 3.0 if ends <= CORE else 2.0 if "TUR" in ends else 1.0
    return 1.0


def draw_per_article(cands: pd.DataFrame, n: int, per_article: int, key: str, rng, share) -> pd.DataFrame:
    """Up to ``per_article`` candidates per article, weighted by share/(freq of ``key``),
    distinct sentences within an article; then ``n`` of them, same weights."""
    freq = cands[key].map(cands[key].value_counts())
    cands = cands.assign(_w=cands[key].map(share) / freq, _r=rng.random(len(cands)))
    # Efraimidis–Spirakis weighted sampling without replacement: key u^(1/w)
    cands["_k"] = cands["_r"] ** (1 / cands["_w"])
    cands = cands.sort_values(["_k"], ascending=False, kind="stable")
    picked = []
    for _, group in cands.groupby("doc_id", sort=True):
        seen = set()
        rows = []
        for idx, row in group.iterrows():
            if row["sent_id"] in seen:
                continue
            seen.add(row["sent_id"])
            rows.append(idx)
            if len(rows) == per_article:
                break
        picked += rows
    pool = cands.loc[picked].sort_values("_k", ascending=False, kind="stable")
    if len(pool) < n:
        print(f"  only {len(pool)} candidates for {n} items", file=sys.stderr)
    return pool.head(n).drop(columns=["_w", "_r", "_k"])


def sentiment_candidates(sents, mentions, labels):
    first = mentions.sort_values(["doc_id", "sent_id", "start"]).drop_duplicates(["doc_id", "sent_id", "actor"])
    cands = first.merge(
        sents[["doc_id", "sent_id", "start", "end", "text"]].rename(columns={"start": "sent_start", "end": "sent_end"}),
        on=["doc_id", "sent_id"],
    )
    rows = []
    for r in cands.itertuples(index=False):
        a, b = r.start - r.sent_start, r.end - r.sent_start
        rows.append(
            {
                "doc_id": r.doc_id,
                "sent_id": r.sent_id,
                "sent_start": r.sent_start,
                "sent_end": r.sent_end,
                "actor": r.actor,
                "target": labels[r.actor],
                "mention": r.surface,
                "mention_start": r.start,
                "mention_end": r.end,
                "sentence": r.text,
                "marked": mark(r.text, [(a, b, "[[", "]]")]),
            }
        )
    return pd.DataFrame(rows)


def relation_candidates(sents, mentions, labels):
    first = mentions.sort_values(["doc_id", "sent_id", "start"]).drop_duplicates(["doc_id", "sent_id", "actor"])
    sent_info = sents.set_index(["doc_id", "sent_id"])
    rows = []
    for (doc, sid), group in first.groupby(["doc_id", "sent_id"], sort=True):
        if len(group) < 2 or (doc, sid) not in sent_info.index:
            continue
        s = sent_info.loc[(doc, sid)]
        ms = list(group.itertuples(index=False))
        for i in range(len(ms)):
            for j in range(i + 1, len(ms)):
                a, b = ms[i], ms[j]  # a is named first
                rows.append(
                    {
                        "doc_id": doc,
                        "sent_id": sid,
                        "sent_start": s["start"],
                        "sent_end": s["end"],
                        "pair": f"{a.actor}-{b.actor}" if a.actor < b.actor else f"{b.actor}-{a.actor}",
                        "actor_a": a.actor,
                        "label_a": labels[a.actor],
                        "mention_a": a.surface,
                        "a_start": a.start,
                        "a_end": a.end,
                        "actor_b": b.actor,
                        "label_b": labels[b.actor],
                        "mention_b": b.surface,
                        "b_start": b.start,
                        "b_end": b.end,
                        "sentence": s["text"],
                        "marked": mark(
                            s["text"],
                            [
                                (a.start - s["start"], a.end - s["start"], "[A: ", "]"),
                                (b.start - s["start"], b.end - s["start"], "[B: ", "]"),
                            ],
                        ),
                    }
                )
    return pd.DataFrame(rows)


def frame_candidates(sents, articles):
    cands = (
        sents[["doc_id", "sent_id", "start", "end", "text"]]
        .rename(columns={"start": "sent_start", "end": "sent_end", "text": "sentence"})
        .copy()
    )
    cands["stratum"] = cands["doc_id"].map(articles["bias_text"]).fillna("unknown")
    return cands


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(HERE.parent.parent / "shared"))
    ap.add_argument(
        "--wave",
        type=int,
        choices=[1, 2, 3, 4],
        default=1,
        help="1: the first draw of every task; 2: more items of --task (appended); "
        "3: enriched training items of --task (sentiment or frames; appended); 4: the same for relations",
    )
    ap.add_argument("--task", choices=sorted(WAVE2), default="sentiment", help="the task of --wave 2, 3 or 4")
    args = ap.parse_args(argv)
    if args.wave in (3, 4):
        return enriched_wave(Path(args.shared) / "corpora", args.task, args.wave)
    if args.wave == 2:
        return wave2(Path(args.shared) / "corpora", args.task)
    corpora = Path(args.shared) / "corpora"
    actors = fa.load_actors(None)
    labels = actors.labels
    drawn = {task: [] for task in PLAN}
    for corpus in ["allsides_turkey_dev.jsonl", "allsides_sample.jsonl"]:
        print(f"analysing {corpus} ...", file=sys.stderr)
        articles, sents, mentions = analysed(corpora / corpus)
        for task, plan in PLAN.items():
            n, per_article = plan[corpus]
            rng = np.random.default_rng(
                [SEED, len(task), int(hashlib.sha256(f"{task}{corpus}".encode()).hexdigest()[:8], 16)]
            )
            if task == "sentiment":
                cands, key = sentiment_candidates(sents, mentions, labels), "actor"
            elif task == "relations":
                cands, key = relation_candidates(sents, mentions, labels), "pair"
            else:
                cands, key = frame_candidates(sents, articles), "stratum"
            items = draw_per_article(
                cands, n, per_article, key, rng, lambda v, t=task, c=corpus: stratum_weight(t, c, v)
            )
            drawn[task].append(described(items, corpus, articles))
    for task, parts in drawn.items():
        items = pd.concat(parts, ignore_index=True)
        # shuffle the order once (seeded) so batches mix corpora, then number the items
        order = np.random.default_rng(SEED).permutation(len(items))
        items = items.iloc[order].reset_index(drop=True)
        items.insert(0, "item_id", [f"{task[:3]}{i:04d}" for i in range(len(items))])
        items["batch"] = [i * BATCHES // len(items) + 1 for i in range(len(items))]
        items["wave"] = 1
        folder = HERE / task
        (folder / "batches").mkdir(parents=True, exist_ok=True)
        redact(items).to_csv(folder / "items.csv", index=False, lineterminator="\n")
        sheet_cols = {
            "sentiment": ["item_id", "target", "marked"],
            "relations": ["item_id", "label_a", "mention_a", "label_b", "mention_b", "marked"],
            "frames": ["item_id", "sentence"],
        }[task]
        for k, batch in items.groupby("batch"):
            batch[sheet_cols].to_csv(folder / "batches" / f"batch_{k}.csv", index=False, lineterminator="\n")
        counts = items.groupby(["corpus", "split"]).size().to_dict()
        print(f"{task}: {len(items)} items {counts}", file=sys.stderr)
        if key_col := {"sentiment": "actor", "relations": "pair"}.get(task):
            print(items[key_col].value_counts().to_string(), file=sys.stderr)
    return 0


def wave2(corpora: Path, task: str = "sentiment") -> int:
    folder = HERE / task
    first = pd.read_csv(folder / "items.csv", dtype={"doc_id": str}, keep_default_na=False)
    first = first[first["wave"].astype(int) == 1]
    labels = fa.load_actors(None).labels
    parts = []
    for corpus, (n, per_article) in WAVE2[task].items():
        print(f"analysing {corpus} ...", file=sys.stderr)
        articles, sents, mentions = analysed(corpora / corpus)
        if task == "sentiment":
            cands = sentiment_candidates(sents, mentions, labels)
        elif task == "relations":
            cands = relation_candidates(sents, mentions, labels)
        else:
            cands = frame_candidates(sents, articles)
        key = STRATUM_KEY[task]
        used = first[first["corpus"] == corpus]
        if corpus == "allsides_sample.jsonl":
            cands = cands[~cands["doc_id"].isin(set(used["doc_id"]))]
        elif task == "relations":
            # by offsets: sentence numbers may have moved since the first draw
            taken = set(zip(used["doc_id"], used["sent_start"].astype(int)))
            cands = cands[[(d, int(s)) not in taken for d, s in zip(cands["doc_id"], cands["sent_start"])]]
        else:
            taken = set(zip(used["doc_id"], used["sent_id"].astype(int)))
            cands = cands[[(d, int(s)) not in taken for d, s in zip(cands["doc_id"], cands["sent_id"])]]
        salt = f"wave2{corpus}" if task == "sentiment" else f"wave2{task}{corpus}"
        rng = np.random.default_rng([SEED, 2, int(hashlib.sha256(salt.encode()).hexdigest()[:8], 16)])
        items = draw_per_article(
            cands.reset_index(drop=True), n, per_article, key, rng, lambda v, c=corpus: stratum_weight(task, c, v)
        )
        parts.append(described(items, corpus, articles))
    items = numbered(parts, first, task, 2, BATCH_SIZE[task])
    for k, batch in items.groupby("batch"):
        batch[SHEET_COLUMNS[task]].to_csv(folder / "batches" / f"batch_{k}.csv", index=False, lineterminator="\n")
    pd.concat([first, redact(items)], ignore_index=True).to_csv(folder / "items.csv", index=False, lineterminator="\n")
    print(f"wave 2: {len(items)} items {items.groupby(['corpus', 'split']).size().to_dict()}", file=sys.stderr)
    print(items[STRATUM_KEY[task]].value_counts().to_string(), file=sys.stderr)
    return 0


def pair_relations(dyads: pd.DataFrame) -> pd.Series:
    """The pipeline's relation of each unordered actor pair in a sentence (cooperation
    over conflict where it found both), indexed by (doc_id, sent_id, pair)."""
    if dyads.empty:
        return pd.Series(dtype=object)
    pair = [f"{a}-{b}" if a < b else f"{b}-{a}" for a, b in zip(dyads["source"], dyads["target"])]
    rel = dyads.assign(pair=pair).groupby(["doc_id", "sent_id", "pair"])["relation"].agg(set)
    return rel.map(lambda r: "cooperation" if "cooperation" in r else "conflict" if "conflict" in r else "no relation")


def enriched_wave(corpora: Path, task: str, wave: int) -> int:
    """A training-only draw (waves 3 and 4): new sentences of `train` articles, enriched for
    the rare classes by a packaged method's output that is never shown to the coders."""
    plan, shares = (WAVE3, WAVE3_SHARES) if wave == 3 else (WAVE4, WAVE4_SHARES)
    if task not in plan:
        raise SystemExit(f"--wave {wave} is for {', '.join(sorted(plan))}")
    folder = HERE / task
    before = pd.read_csv(folder / "items.csv", dtype={"doc_id": str}, keep_default_na=False)
    labels = fa.load_actors(None).labels
    shares = shares[task]
    parts = []
    for corpus, (n, per_article) in plan[task].items():
        print(f"analysing {corpus} ...", file=sys.stderr)
        articles = fa.load_corpus(corpora / corpus)
        results = fa.analyze(articles, progress=False)
        sents = results.sentences
        words = sents["text"].str.split().str.len()
        sents = sents[(~sents["is_title"].astype(bool)) & (~sents["boilerplate"].astype(bool)) & words.between(5, 80)]
        articles = articles.set_index("doc_id")
        if task == "sentiment":
            cands = sentiment_candidates(sents, results.mentions, labels)
            tone = sents.set_index(["doc_id", "sent_id"])["compound"]
            c = tone.reindex(list(zip(cands["doc_id"], cands["sent_id"]))).to_numpy()
            tones = np.where(c >= 0.3, "positive tone", np.where(c <= -0.3, "negative tone", "neutral tone"))
            cands["stratum"] = cands["actor"] + " / " + tones  # actors stay stratified as in waves 1-2
        elif task == "relations":
            cands = relation_candidates(sents, results.mentions, labels)
            found = pair_relations(results.dyads).reindex(list(zip(cands["doc_id"], cands["sent_id"], cands["pair"])))
            cands["stratum"] = cands["pair"] + " / " + found.fillna("no relation").to_numpy()
        else:
            cands = frame_candidates(sents, articles)
            hits = results.frames.groupby(["doc_id", "sent_id"])["frame"].agg(set)
            found = hits.reindex(list(zip(cands["doc_id"], cands["sent_id"])))
            cands["stratum"] = [
                next((f for f in FRAME_RARITY if isinstance(h, set) and f in h), "no frame") for h in found
            ]
        cands = cands[[split_of(corpus, d) == "train" for d in cands["doc_id"]]]
        used = before[before["corpus"] == corpus]
        if corpus == "allsides_sample.jsonl" and wave == 3:
            cands = cands[~cands["doc_id"].isin(set(used["doc_id"]))]
        else:  # wave 4: few AllSides articles name two actors, so new sentences of drawn ones too
            taken = set(zip(used["doc_id"], used["sent_start"].astype(int)))
            cands = cands[[(d, int(x)) not in taken for d, x in zip(cands["doc_id"], cands["sent_start"])]]
        salt = int(hashlib.sha256(f"wave{wave}{task}{corpus}".encode()).hexdigest()[:8], 16)
        rng = np.random.default_rng([SEED, wave, salt])

        def share(value, corpus=corpus):
            if task == "frames":
                return shares[value]
            stratum, enriched = value.split(" / ")  # actor and tone, or pair and relation
            return shares[enriched] * stratum_weight(task, corpus, stratum)

        items = draw_per_article(cands.reset_index(drop=True), n, per_article, "stratum", rng, share)
        parts.append(described(items, corpus, articles, split="train"))
    items = numbered(parts, before, task, wave, 200)
    if task in ("sentiment", "relations"):
        items = items.drop(columns=["stratum"])  # the tone / relation stratum is a method's output: not kept
    else:
        items["stratum"] = "wave 3: dictionary finds " + items["stratum"]  # not a label, and never shown
    for k, batch in items.groupby("batch"):
        batch[SHEET_COLUMNS[task]].to_csv(folder / "batches" / f"batch_{k}.csv", index=False, lineterminator="\n")
    out = pd.concat([before, redact(items)], ignore_index=True)
    out.to_csv(folder / "items.csv", index=False, lineterminator="\n")
    print(f"wave {wave}: {len(items)} items {items.groupby(['corpus', 'split']).size().to_dict()}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
