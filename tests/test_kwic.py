"""Keyword in context: literal terms, actors, alignment, grouping."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.stats.groups import group_labels
from analysis.summaries.kwic import kwic, kwic_spans, kwic_text

s1 = "Washington has put intense pressure on Turkey to drop the S-400 (Russian) deal."
s2 = "The U.S. warned Ankara; the US said the S-400 deal is dangerous."
s3 = "Photo: S-400 deal signing"


def sentences():
    rows = [("a", 0, s1, False), ("b", 0, s2, False), ("b", 1, s3, True)]
    starts, out = {"a": 0, "b": 0}, []
    for doc, sid, text, boiler in rows:
        out.append(
            {
                "doc_id": doc,
                "sent_id": sid,
                "start": starts[doc],
                "end": starts[doc] + len(text),
                "text": text,
                "boilerplate": boiler,
            }
        )
        starts[doc] += len(text) + 1
    return pd.DataFrame(out)


def test_literal_term_with_regex_characters_and_case():
    lines = kwic(sentences(), "s-400 (russian)")
    assert lines["keyword"].tolist() == ["S-400 (Russian)"]
    assert kwic(sentences(), "U.S.")["keyword"].tolist() == ["U.S."]  # "." is not a wildcard: "US" is not found
    assert kwic(sentences(), "s-400", ignore_case=False).empty


def test_lines_are_aligned_and_skip_boilerplate():
    lines = kwic(sentences(), "S-400 deal", window=20)
    assert lines["doc_id"].tolist() == ["b"]  # s1 has "S-400 (Russian) deal"; s3 is a caption
    line = lines.iloc[0]
    assert len(line["left"]) == len(line["right"]) == 20
    assert line["left"].endswith("said the ") and line["left"].startswith("…")
    assert line["right"].startswith(" is dangerous.")
    text_b = s2
    assert text_b[line["start"] : line["end"]] == "S-400 deal"


def test_actor_lines_from_mentions_grouped_by_outlet():
    mentions = pd.DataFrame(
        {
            "doc_id": ["a", "b", "b"],
            "sent_id": [0, 0, 0],
            "actor": ["TUR", "USA", "TUR"],
            "start": [s1.index("Turkey"), s2.index("U.S."), s2.index("Ankara")],
            "end": [s1.index("Turkey") + 6, s2.index("U.S.") + 4, s2.index("Ankara") + 6],
        }
    )
    groups = pd.Series({"a": "Outlet Z", "b": "Outlet A"})
    lines = kwic(sentences(), "TUR", mentions, groups)
    assert lines[["group", "keyword"]].values.tolist() == [["Outlet A", "Ankara"], ["Outlet Z", "Turkey"]]
    text = kwic_text(lines)
    assert "── Outlet A (1 line)" in text and "[Ankara]" in text


def test_bad_arguments():
    with pytest.raises(ValueError):
        kwic(sentences(), "  ")
    with pytest.raises(ValueError):
        kwic_spans(sentences(), pd.DataFrame(columns=["doc_id", "sent_id", "start", "end"]), window=0)


def test_seed_concordance_for_kurdish_forces(seed_articles, seed_results):
    groups = group_labels(seed_articles, "outlet")
    lines = kwic(seed_results.sentences, "KURDS", seed_results.mentions, groups)
    assert len(lines) == (seed_results.mentions["actor"] == "KURDS").sum()
    assert {"Kurdish militias", "Kurdish groups"} <= set(lines["keyword"])
    assert lines["left"].str.len().nunique() == 1
