"""Word choice: label variants, noun phrases around mentions, the outlet × label table."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import InputError, find_mentions, load_actors, load_config, segment
from analysis.measures.wordchoice import find_word_choice, noun_phrase
from analysis.stats.groups import group_labels
from analysis.summaries.wordchoice import differing_labels, word_choice

from conftest import SEED_IDS

ACTORS = load_actors()


def tables(*texts):
    """Sentences and mentions of one-paragraph articles d0, d1, ..."""
    arts = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "title": "", "text": list(texts)})
    sentences = segment(arts)
    return sentences, find_mentions(sentences, ACTORS)


def labels_in(*texts, config=None, method="label list"):
    sentences, mentions = tables(*texts)
    occ = find_word_choice(sentences, mentions, config)
    occ = occ[occ["method"] == method]
    return [(t, lab, s) for t, lab, s in zip(occ["target"], occ["label"], occ["surface"])]


s_militias = "The US backs the Kurdish militias fighting the murderous terrorist organization."
s_groups = "The United States provides support to Kurdish groups on Syrian territory."
s_views = "Turkey views the Syrian Kurds as terrorists."
s_other_terrorists = "The terrorists attacked a market in Paris."
s_advanced = "Ankara agreed to buy an advanced missile defence system from Russia."
s_antiair = "Turkey is adamant about the Russian S-400 anti-aircraft missile system."
s_official = "A senior Turkish official said the talks went well."
s_convince = "They tried to convince Turkish officials and Turkey refused."


def test_label_variants_with_their_targets():
    assert labels_in(s_militias) == [
        ("KURDS", "Kurdish militias", "Kurdish militias"),
        ("ISIS", "murderous terrorist organization", "murderous terrorist organization"),
    ]
    assert labels_in(s_groups) == [("KURDS", "Kurdish groups", "Kurdish groups")]


def test_longest_variant_wins_across_targets():
    found = labels_in(s_militias)
    assert ("ISIS", "terrorist organization", "terrorist organization") not in found


def test_variant_that_needs_a_mention():
    assert ("KURDS", "terrorists", "terrorists") in labels_in(s_views)
    assert labels_in(s_other_terrorists) == []


def test_issue_variants_match_inflections_and_spelling():
    assert labels_in(s_advanced) == [("S400", "advanced missile defense system", "advanced missile defence system")]
    assert labels_in(s_antiair) == [
        ("S400", "S-400", "S-400"),
        ("S400", "anti-aircraft missile systems", "anti-aircraft missile system"),
    ]


def test_noun_phrases_around_mentions():
    assert ("TUR", "senior Turkish official", "senior Turkish official") in labels_in(s_official, method="noun phrase")
    found = labels_in(s_convince, method="noun phrase")
    assert ("TUR", "Turkish officials", "Turkish officials") in found  # no "convince" before it
    assert ("TUR", "Turkey", "Turkey") in found  # a name is not widened into "Turkey refused"


def test_noun_phrase_spans():
    text = "the US-backed Kurdish forces"
    start = text.index("Kurdish")
    assert text[slice(*noun_phrase(text, start, start + len("Kurdish forces")))] == "US-backed Kurdish forces"
    text = "Syrian Kurdish militias fighting ISIS"
    assert text[slice(*noun_phrase(text, 0, len("Syrian Kurdish")))] == "Syrian Kurdish militias"


def test_offsets_point_into_the_article_text():
    text = "Intro sentence here.\n\n" + s_advanced
    sentences, mentions = tables(text)
    occ = find_word_choice(sentences, mentions)
    for surface, a, b in zip(occ["surface"], occ["start"], occ["end"]):
        assert text[a:b] == surface


def test_user_label_file_extends_the_default(tmp_path):
    path = tmp_path / "labels.yaml"
    path.write_text(
        "extends: default\ntargets:\n  - id: EMBARGO\n    kind: issue\n    variants: [arms embargo]\n"
        "  - id: KURDS\n    variants: [Kurdish partners in Syria]\n",
        encoding="utf-8",
    )
    config = load_config({"labels": str(path)})
    found = labels_in("An arms embargo hurt the Kurdish partners in Syria and the Kurdish groups.", config=config)
    assert found == [
        ("EMBARGO", "arms embargo", "arms embargo"),
        ("KURDS", "Kurdish partners in Syria", "Kurdish partners in Syria"),
        ("KURDS", "Kurdish groups", "Kurdish groups"),
    ]


@pytest.mark.parametrize(
    "body, problem",
    [
        ("targets:\n  - id: X\n    variants: [a]\n    colour: red\n", "target X: unknown key 'colour'"),
        ("targets:\n  - id: X\n    variants: ['']\n", "target X.variants[0]: empty variant"),
        ("targets:\n  - id: X\n    kind: topic\n    variants: [a]\n", "target X.kind: expected actor or issue"),
        (
            "targets:\n  - id: X\n    kind: issue\n    variants: [{text: a, needs_mention: true}]\n",
            "only for kind actor",
        ),
        (
            "targets:\n  - id: X\n    variants: [red line]\n  - id: Y\n    variants: [red lines]\n",
            "variant 'red lines' is also a variant of X",
        ),
    ],
)
def test_bad_label_file_is_refused(tmp_path, body, problem):
    path = tmp_path / "bad_labels.yaml"
    path.write_text(body, encoding="utf-8")
    sentences, mentions = tables("x")
    with pytest.raises(InputError) as err:
        find_word_choice(sentences, mentions, {"labels": str(path)})
    assert str(path) in str(err.value) and problem in str(err.value)


def test_word_choice_table_counts_per_group():
    sentences, mentions = tables(s_militias, s_groups, s_militias + " Kurdish militias again.")
    groups = pd.Series({"d0": "A", "d1": "B", "d2": "A"})
    table = word_choice(sentences, mentions, groups=groups)
    kurds = table[(table["target"] == "KURDS") & (table["method"] == "label list")].set_index(["group", "label"])
    assert kurds.loc[("A", "Kurdish militias"), ["count", "articles"]].tolist() == [3, 2]
    assert kurds.loc[("A", "Kurdish militias"), ["doc_id", "sent_id"]].tolist() == ["d0", 0]
    assert kurds.loc[("B", "Kurdish groups"), "share"] == 1.0
    assert kurds.loc[("A", "Kurdish militias"), "text"] == s_militias
    diff = differing_labels(table)
    assert set(zip(diff["group"], diff["label"])) >= {("A", "Kurdish militias"), ("B", "Kurdish groups")}


# -- the seeds --------------------------------------------------------------------------
def test_seed_word_choice_shows_the_different_labels(seed_articles, seed_results):
    groups = group_labels(seed_articles, "outlet")
    table = word_choice(seed_results.sentences, seed_results.mentions, groups=groups)
    t = table[table["method"] == "label list"]
    art000, art001, art003 = SEED_IDS

    def row(target, label):
        hit = t[(t["target"] == target) & (t["label"] == label)]
        assert len(hit) == 1, (target, label, hit)
        return hit.iloc[0]

    expect = [
        ("KURDS", "Kurdish militias", art000, "unknown outlet (000_2ff674487f59d7c3)"),
        ("KURDS", "Kurdish groups", art001, "unknown outlet (001_27fc85bd68165e21)"),
        ("ISIS", "murderous terrorist organization", art000, "unknown outlet (000_2ff674487f59d7c3)"),
        ("S400", "advanced missile defense system", art000, "unknown outlet (000_2ff674487f59d7c3)"),
        ("S400", "anti-aircraft missile systems", art001, "unknown outlet (001_27fc85bd68165e21)"),
        ("S400", "air defense system", art003, "CGTN"),
    ]
    for target, label, doc, group in expect:
        r = row(target, label)
        assert (r["doc_id"], r["group"]) == (doc, group)
        assert label.lower() in r["text"].lower()
        sent = seed_results.sentences.set_index(["doc_id", "sent_id"]).loc[(r["doc_id"], r["sent_id"]), "text"]
        assert sent == r["text"]
    differ = set(differing_labels(table)["label"])
    assert {"Kurdish militias", "Kurdish groups", "air defense system"} <= differ
    assert "missile defense system" not in differ  # all three articles use it


def test_top_labels_text_per_target_and_group():
    from analysis.summaries.wordchoice import top_labels

    sentences, mentions = tables(s_official, s_convince)
    groups = pd.Series({"d0": "A", "d1": "B"})
    table = top_labels(word_choice(sentences, mentions, groups=groups))
    assert table.loc["TUR", "A"] == "senior Turkish official (1)"
    assert table.loc["TUR", "B"] == "Turkey (1), Turkish officials (1)"
