"""Golden tables: SHA-256 of every table the analysis makes, to prove a refactor changes none.

The seeds (``seeds/``) and the first 200 articles of the AllSides sample
(``../shared/corpora/allsides_sample.jsonl``, beside the repository) are scored with
:func:`analysis.analyze` (which calls :func:`analysis.score_batch`); the summaries and
evaluations the notebooks show are computed from those tables. Each table is written to
CSV the same way every time (``index=False``, ``\\n`` line ends, floats as pandas writes
them) and hashed; ``tests/data/golden.json`` holds the hashes.

    python tests/golden_tables.py            # compare with tests/data/golden.json
    python tests/golden_tables.py --update   # rewrite tests/data/golden.json

Only update after checking that a change of a table is intended, and say why in the
commit message.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
ALLSIDES = ROOT.parent / "shared" / "corpora" / "allsides_sample.jsonl"
GOLDEN = ROOT / "tests" / "data" / "golden.json"
ALLSIDES_ARTICLES = 200
DRAWS = 200  # bootstrap resamples for the summaries: enough to pin the numbers, quick to run


def table_bytes(frame) -> bytes:
    """A table as deterministic CSV bytes (column order kept, no index, ``\\n`` line ends)."""
    buf = io.StringIO()
    frame.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue().encode("utf-8")


def digest(frame) -> str:
    return hashlib.sha256(table_bytes(frame)).hexdigest()


def first_articles(path: Path, n: int):
    """The first ``n`` articles of a JSONL corpus (read through :func:`analysis.load_corpus`)."""
    import tempfile

    import analysis as fa

    with open(path, encoding="utf-8") as fh:
        lines = [line for line in fh if line.strip()][:n]
    with tempfile.TemporaryDirectory() as tmp:
        part = Path(tmp) / "head.jsonl"
        part.write_text("".join(lines), encoding="utf-8")
        articles = fa.load_corpus(part)
    return articles.drop(columns=["source_path"])  # the temporary path differs from run to run


def corpus_tables(articles, group_by: str) -> dict:
    """Every scored table of ``articles`` plus the summaries the notebooks draw."""
    import analysis as fa

    config = fa.load_config(None)
    return summary_tables(fa.analyze(articles, config, progress=False), articles, config, group_by)


def summary_tables(results, articles, config, group_by: str) -> dict:
    """The tables of ``results`` (source_path dropped) and the summaries made from them."""
    import analysis as fa

    tables = dict(results.tables)
    if "source_path" in tables["articles"].columns:
        tables["articles"] = tables["articles"].drop(columns=["source_path"])
    groups = fa.group_labels(articles, group_by)
    sentences, mentions = results.sentences, results.mentions
    tables["summary.corpus"] = fa.corpus_summary(results, group_by)
    tables["summary.mentions_per_article"] = fa.mentions_per_article(results)
    for method in ("target", "sentence"):
        tables[f"summary.actor_scores.{method}"] = fa.actor_scores(
            results.actor_sentiment, groups, method=method, draws=DRAWS, seed=0
        )
    ev = fa.evidence(results.actor_sentiment, sentences, mentions, groups, method="target", k=1)
    tables["summary.actor_evidence"] = ev
    tables["summary.dyads"] = fa.dyad_summary(results.dyads, groups, draws=DRAWS, seed=0)
    tables["summary.dyad_evidence"] = fa.dyad_evidence(results.dyads, sentences, groups)
    tables["summary.stance"] = fa.stance_summary(results.stance, groups, draws=DRAWS, seed=0)
    tables["summary.stance_evidence"] = fa.stance_evidence(results.stance, sentences, groups)
    per_article = fa.frame_shares(results.frames, sentences, config)
    tables["summary.frame_shares"] = per_article
    for method in ("two-stage", "article"):
        tables[f"summary.frame_shares_by_group.{method}"] = fa.frame_shares_by_group(
            per_article, groups, draws=DRAWS, seed=0, method=method
        )
    tables["summary.top_cues"] = fa.top_cues(results.frames, groups, n=5).rename_axis("frame").reset_index()
    occurrences = fa.find_word_choice(sentences, mentions, config)
    tables["summary.word_choice_occurrences"] = occurrences
    choice = fa.word_choice(sentences, mentions, config, groups=groups, occurrences=occurrences)
    tables["summary.word_choice"] = choice
    tables["summary.differing_labels"] = fa.differing_labels(choice)
    tables["summary.top_labels"] = fa.top_labels(choice)
    tables["summary.keyness"] = fa.keyness_by_group(sentences, groups)
    tables["summary.kwic"] = fa.kwic(sentences, "USA", mentions, groups)
    return tables


def seed_tables() -> dict:
    import analysis as fa

    articles = fa.load_corpus(SEEDS).drop(columns=["source_path"])
    tables = corpus_tables(articles, "outlet")
    gold = fa.read_gold(SEEDS / "gold" / "actor_sentiment.csv")
    tables["evaluation.actor_sentiment"] = fa.evaluate_actor_sentiment(tables["actor_sentiment"], gold)
    import pandas as pd

    relations = pd.read_csv(SEEDS / "gold" / "relations.csv")
    stance = pd.read_csv(SEEDS / "gold" / "stance.csv")
    tables["evaluation.relations"] = fa.evaluate_relations(tables["dyads"], relations)
    tables["evaluation.stance"] = fa.evaluate_stance(tables["stance"], stance)
    return tables


def allsides_tables() -> dict:
    return corpus_tables(first_articles(ALLSIDES, ALLSIDES_ARTICLES), "bias_text")


def checksums(which=("seeds", "allsides")) -> dict[str, dict[str, str]]:
    makers = {"seeds": seed_tables, "allsides": allsides_tables}
    return {name: {t: digest(f) for t, f in sorted(makers[name]().items())} for name in which}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", action="store_true", help="rewrite tests/data/golden.json")
    args = parser.parse_args(argv)
    os.environ.setdefault("MPLBACKEND", "Agg")
    sys.path.insert(0, str(ROOT))
    which = ("seeds", "allsides") if ALLSIDES.is_file() else ("seeds",)
    got = checksums(which)
    if args.update:
        old = json.loads(GOLDEN.read_text()) if GOLDEN.is_file() else {}
        old.update(got)
        GOLDEN.write_text(json.dumps(old, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {GOLDEN.relative_to(ROOT)} ({', '.join(which)})")
        return 0
    want = json.loads(GOLDEN.read_text())
    bad = [f"{c}/{t}" for c in which for t in sorted(set(want[c]) | set(got[c])) if want[c].get(t) != got[c].get(t)]
    print("differ: " + ", ".join(bad) if bad else "all tables identical")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
