"""Paragraphs, sentences, offsets and boilerplate on the seeds and named texts."""

from __future__ import annotations

import csv

from analysis import segment
from analysis.corpus.boilerplate import flag_lines, line_reason
from analysis.corpus.segment import split_article

from conftest import ROOT


def test_every_seed_sentence_boundary(seed_articles):
    with open(ROOT / "tests" / "data" / "seed_sentences.csv", encoding="utf-8", newline="") as fh:
        expected = [
            (r["doc_id"], int(r["sent_id"]), int(r["paragraph"]), r["boilerplate_reason"], r["text"])
            for r in csv.DictReader(fh)
        ]
    got = [
        (r.doc_id, r.sent_id, r.paragraph, r.boilerplate_reason, r.text) for r in segment(seed_articles).itertuples()
    ]
    assert got == expected


def test_us_possessive_does_not_split(seed_articles):
    texts = segment(seed_articles)["text"].tolist()
    one = [t for t in texts if t.startswith("Despite all the U.S.’s warnings to Turkey")]
    assert len(one) == 1 and one[0].endswith("the deal is going ahead.")
    assert any(t.startswith("And while the U.S. continues to be Turkey’s most important ally") for t in texts)


def test_offsets_slice_back_to_each_sentence(seed_articles):
    sents = segment(seed_articles)
    texts = seed_articles.set_index("doc_id")["text"]
    for row in sents.itertuples():
        assert texts[row.doc_id][row.start : row.end] == row.text


def test_repeated_caption_in_the_first_seed_is_flagged(seed_articles):
    sents = segment(seed_articles)
    first = sents[sents["doc_id"] == "000_2ff674487f59d7c3"]
    captions = first[first["text"].str.startswith("Turkish President Erdogan and Russian President Putin")]
    assert len(captions) == 2
    assert captions["boilerplate"].all()
    assert set(captions["boilerplate_reason"]) == {"repeated caption", "photo caption or credit"}


def test_cgtn_boilerplate_and_headline(seed_articles):
    sents = segment(seed_articles)
    third = sents[sents["doc_id"] == "003_760bc2291f13128b"].set_index("sent_id")
    assert third.loc[0, "is_title"] and not third.loc[0, "boilerplate"]
    assert third.loc[1, "text"] == "World Today" and third.loc[1, "boilerplate"]
    assert third[third["text"] == "CGTN’s Dan Ashby reports."]["boilerplate"].all()
    caption = third[third["text"].str.contains("Photo via AP")]
    assert caption["boilerplate"].all()


def test_abbreviations_do_not_end_sentences():
    text = "Gen. Smith met Sen. Jones on Jan. 5 at the U.N. headquarters. Mr. Erdogan left."
    assert [s["text"] for s in split_article(text)] == [
        "Gen. Smith met Sen. Jones on Jan. 5 at the U.N. headquarters.",
        "Mr. Erdogan left.",
    ]


def test_paragraphs_come_from_blank_lines_and_crlf_is_handled():
    text = "First one. Second one.\r\n\r\nThird\r\nline continues.\r\n"
    sents = split_article(text)
    assert [(s["paragraph"], s["text"]) for s in sents] == [
        (0, "First one."),
        (0, "Second one."),
        (1, "Third\r\nline continues."),
    ]
    for s in sents:
        assert text[s["start"] : s["end"]] == s["text"]


def test_boilerplate_rules_on_named_lines():
    assert line_reason("Photo Credit: Reuters", is_first=False) == "photo caption or credit"
    assert (
        line_reason("Leaders meet in Ankara. (AP Photo/Burhan Ozbilici)", is_first=False) == "photo caption or credit"
    )
    assert line_reason("BBC’s Jane Doe reports from Moscow.", is_first=False) == "reporter sign-off"
    assert line_reason("Advertisement", is_first=False) == "stock phrase"
    assert line_reason("World Today", is_first=False) == "programme or section name"
    assert line_reason("World Today", is_first=True) == ""  # may be a headline
    assert line_reason("Turkey bought the system.", is_first=False) == ""
    assert flag_lines(["Same line here.", "", "Same line here."], [True, False, True])[2] == "repeated line"


def test_boilerplate_is_kept_but_not_scored(seed_results):
    s = seed_results.sentences
    assert s["boilerplate"].sum() == 7
    assert s.loc[s["boilerplate"], "compound"].isna().all()
    assert s.loc[~s["boilerplate"], "compound"].notna().all()


def test_object_columns_hold_the_same_values(seed_articles):
    from analysis.corpus.segment import segment

    plain = segment(seed_articles)
    objects = segment(seed_articles, strings=False)
    assert objects["text"].dtype == object and objects["doc_id"].dtype == object
    assert plain.equals(objects.astype({c: plain[c].dtype for c in plain.columns}))
