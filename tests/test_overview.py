"""Corpus overview tables and figures."""

from __future__ import annotations

import pandas as pd

import analysis as fa


def test_corpus_summary_counts_per_group(seed_results):
    summary = fa.corpus_summary(seed_results, "outlet").set_index("group")
    assert summary.loc["CGTN", "articles"] == 1
    assert summary["sentences"].sum() == len(seed_results.sentences)
    assert summary["boilerplate"].sum() == int(seed_results.sentences["boilerplate"].sum())
    assert summary["mentions"].sum() == len(seed_results.mentions)


def test_mentions_per_article_includes_zeros(seed_results):
    table = fa.mentions_per_article(seed_results, ["USA", "TUR", "EU"])
    assert len(table) == 9 and (table[table["actor"] == "EU"]["mentions"] == 0).all()


def test_many_articles_are_shown_as_group_means_with_intervals():
    rows = [
        {"doc_id": f"d{i:02d}", "actor": a, "mentions": (i % 5) + (a == "USA"), "sentences": 10}
        for i in range(30)
        for a in ("USA", "RUS")
    ]
    table = pd.DataFrame(rows)
    groups = pd.Series({f"d{i:02d}": "left" if i % 2 else "right" for i in range(30)})
    fig = fa.plot_mentions_per_article(table, {"USA": "United States"}, groups, max_articles=12)
    ax = fig.axes[0]
    assert ax.get_title() == "Actor mentions per article, by group"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["left\nn=15 articles", "right\nn=15 articles"]
    few = fa.plot_mentions_per_article(table[table["doc_id"] < "d05"], None, groups, max_articles=12)
    assert few.axes[0].get_title() == "Actor mentions per article"
