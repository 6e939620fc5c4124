"""Issues: the default file, finding mentions and anaphors, and bad files."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import InputError
from analysis.dictionaries.issues import load_issues
from analysis.measures.issues import ISSUE_MENTION_COLUMNS, find_issue_mentions

from conftest import sentences_of


def test_default_issues_start_with_the_s400_purchase():
    issues = load_issues()
    assert issues.ids[0] == "S400" and len(issues.ids) == 6  # the others: tests/test_over_time.py
    s400 = issues.issues[0]
    assert {"S-400", "S-400s", "missile defense system", "air defense system"} <= set(s400.aliases)
    assert {"the deal", "the purchase"} <= set(s400.anaphors)
    assert any(c.polarity > 0 for c in s400.cues) and any(c.polarity < 0 for c in s400.cues)


def test_aliases_any_case_longest_first_with_offsets():
    text = "Turkey bought S-400s and a Missile Defense System, not an S-4000."
    found = load_issues().find(text)
    assert [(i, s) for i, s, *_ in found] == [("S400", "S-400s"), ("S400", "Missile Defense System")]
    for _, surface, a, b, _ in found:
        assert text[a:b] == surface


def test_anaphor_counts_only_after_the_issue_is_named_in_that_article():
    s0, s1, s2 = "The deal was signed.", "Turkey bought the S-400.", "The deal is going ahead."
    sentences = pd.concat([sentences_of(s0, s1, s2, doc_id="a"), sentences_of(s2, doc_id="b")], ignore_index=True)
    m = find_issue_mentions(sentences)
    assert list(m.columns) == ISSUE_MENTION_COLUMNS
    assert [(d, s, surf, ana) for d, s, surf, ana in zip(m["doc_id"], m["sent_id"], m["surface"], m["anaphor"])] == [
        ("a", 1, "S-400", False),
        ("a", 2, "The deal", True),
    ]
    row = m.iloc[1]
    assert (
        sentences.loc[2, "text"][row.start - sentences.loc[2, "start"] : row.end - sentences.loc[2, "start"]]
        == "The deal"
    )


def test_boilerplate_is_skipped():
    sentences = sentences_of("Photo: the S-400 on parade.", "Turkey bought the S-400.")
    sentences.loc[0, "boilerplate"] = True
    assert find_issue_mentions(sentences)["sent_id"].tolist() == [1]


def test_select_keeps_issues_and_refuses_unknown_ids():
    issues = load_issues()
    assert issues.select([]).ids == issues.ids and issues.select(["S400"]).ids == ["S400"]
    with pytest.raises(InputError, match="unknown issue id 'F99'"):
        issues.select(["F99"])


@pytest.mark.parametrize(
    "body, problem",
    [
        ("issues:\n  - {id: X, label: x}\n", "issue X: missing key 'aliases'"),
        ("issues:\n  - {id: X, aliases: []}\n", "issue X.aliases: expected a non-empty list"),
        ("issues:\n  - {id: X, aliases: ['']}\n", "issue X.aliases[0]: expected a non-empty string"),
        ("issues:\n  - {id: X, aliases: [x], colour: red}\n", "unknown key 'colour'"),
        ("issues:\n  - {id: X, aliases: [x], support: [{text: approve, weight: 0}]}\n", "issue X.support[0].weight"),
        ("issues:\n  - {id: X, aliases: [x]}\n  - {id: X, aliases: [y]}\n", "duplicate issue id 'X'"),
        ("topics: []\n", "unknown key 'topics'"),
    ],
)
def test_bad_issue_file_is_refused_naming_file_and_key(tmp_path, body, problem):
    path = tmp_path / "issues.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_issues(path)
    assert str(path) in str(err.value) and problem in str(err.value)


def test_a_study_config_replaces_the_issues(tmp_path):
    (tmp_path / "issues.yaml").write_text(
        "issues:\n  - {id: ARMS_TW, label: Arms sales to Taiwan, aliases: [arms sales to Taiwan]}\n", encoding="utf-8"
    )
    (tmp_path / "study.yaml").write_text("issues: issues.yaml\n", encoding="utf-8")
    m = find_issue_mentions(
        sentences_of("Beijing condemned the arms sales to Taiwan.", "The S-400 again."),
        config=str(tmp_path / "study.yaml"),
    )
    assert m[["sent_id", "issue"]].values.tolist() == [[0, "ARMS_TW"]]


def test_an_alias_shared_by_two_issues_is_refused(tmp_path):
    from analysis.dictionaries.issues import load_issues
    from analysis.errors import InputError

    path = tmp_path / "issues.yaml"
    path.write_text("issues:\n  - {id: A, aliases: [the pipeline]}\n  - {id: B, aliases: [The Pipeline]}\n")
    with pytest.raises(InputError, match=r"issue B\.aliases: 'The Pipeline' is also an alias of issue A"):
        load_issues(path)


def test_an_anaphor_shared_by_two_issues_goes_to_the_first_listed(tmp_path):
    from analysis.dictionaries.issues import load_issues

    path = tmp_path / "issues.yaml"
    path.write_text(
        "issues:\n  - {id: B, aliases: [pipeline], anaphors: [the deal]}\n"
        "  - {id: A, aliases: [arms sale], anaphors: [the deal]}\n"
    )
    found = load_issues(path).find("The pipeline and the arms sale: the deal.")
    assert [(iid, surface) for iid, surface, *_ in found if surface == "the deal"] == [("B", "the deal")]
