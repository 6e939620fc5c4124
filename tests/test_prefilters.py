"""Shortcuts in issues, relations and stance must not change what is found."""

from __future__ import annotations

from analysis.dictionaries.issues import anchors
from analysis.measures.issues import find_issue_mentions
from analysis.text.inflect_match import Phrase, PhraseIndex, match_phrases, tokenize

from conftest import sentences_of


def test_anchors_cover_every_phrase_and_avoid_common_words():
    phrases = ["the deal", "this deal", "the tax", "S-400 system", "S400"]
    found = anchors(phrases)
    assert "the" not in found and "this" not in found
    for p in phrases:
        assert any(a in p.lower() for a in found), p
    assert anchors(["Москва"]) is None  # no ASCII letters to look for


def test_letters_that_match_in_any_case_are_not_filtered_out():
    # Python's case-insensitive matching takes "ſ" for "s" and "İ" for "i".
    s1 = "Ankara received the ſ-400 and more mİssİle batterİes."
    s2 = "Nothing to see here."
    m = find_issue_mentions(sentences_of(s2, s1))
    assert m[["sent_id", "surface"]].values.tolist() == [[1, "ſ-400"], [1, "mİssİle batterİes"]]


def test_an_alias_without_ascii_letters_is_still_found(tmp_path):
    (tmp_path / "issues.yaml").write_text(
        "issues:\n  - {id: MSK, aliases: [Москва], anaphors: [the city]}\n", encoding="utf-8"
    )
    (tmp_path / "study.yaml").write_text("issues: issues.yaml\n", encoding="utf-8")
    m = find_issue_mentions(
        sentences_of("The city is big.", "Москва said no.", "The city agreed."), config=str(tmp_path / "study.yaml")
    )
    assert m[["sent_id", "surface", "anaphor"]].values.tolist() == [[1, "Москва", False], [2, "The city", True]]


def test_phrase_index_matches_like_the_phrase_list_first_listed_wins_ties():
    tokens = tokenize("Turkey and Russia met and agreed to meet again.")
    phrases = [(Phrase.compile("meet"), "A"), (Phrase.compile("meet"), "B"), (Phrase.compile("agree to meet"), "C")]
    assert match_phrases(tokens, phrases) == match_phrases(tokens, PhraseIndex(phrases)) == [(3, 4, "A"), (5, 8, "C")]


def test_tokens_lower_case_and_offsets_with_and_without_length_changing_letters():
    for text in ("The US’s TIES with Ankara", "İzmir: the US’s TIES with Ankara"):
        tokens = tokenize(text)
        assert [t.text for t in tokens][-4:] == ["US’s", "TIES", "with", "Ankara"]
        for t in tokens:
            assert text[t.start : t.end] == t.text and t.low == t.text.lower().replace("’", "'")


def test_actor_screen_keeps_every_sentence_with_a_mention():
    from analysis.dictionaries.actors import parse_actors
    from analysis.dictionaries.registry import load_config
    from analysis.measures.mentions import find_mentions

    actors = load_config(None).part("actors", "actors.yaml", parse_actors)
    texts = [
        "The United\u00a0States and Türkiye met.",  # a no-break space: the alias regex takes it as a space
        "Nothing here but us and the use of bus routes.",
        "Erdoğan spoke; ERDOGAN did not.",
        "A \ud800 lone surrogate near Ankara.",
    ]
    screened = actors.may_mention(texts[:3])
    assert screened.dtype == bool and len(screened) == 3
    for text, kept in zip(texts[:3], screened):
        if actors.find(text):
            assert kept, text
    assert not screened[1]  # "us", "use", "bus" hold no alias as written
    assert actors.may_mention(texts).all()  # Arrow cannot hold a lone surrogate: nothing ruled out
    table = sentences_of(*texts[:3])
    found = find_mentions(table, actors)
    expected = [(i, f[1]) for i, t in enumerate(texts[:3]) for f in actors.find(t)]
    assert list(zip(found["sent_id"], found["surface"])) == expected


def test_screen_pattern_keeps_case_for_sensitive_phrases_only():
    from analysis.text.prefilter import screen, screen_pattern

    pattern = screen_pattern(["White House"], ["pkk"])
    kept = screen(["the white house", "The White House", "the PKK", "the ſ-400", "none"], pattern)
    assert kept.tolist() == [False, True, True, True, False]
    assert screen_pattern(["Москва"], []) is None
    assert screen(["a", "b"], None).tolist() == [True, True]


def test_issue_prefilter_gives_the_same_on_object_and_str_columns():
    import pandas as pd

    from analysis.measures.issues import find_issue_mentions

    table = sentences_of("Turkey bought the S-400.", "The deal angered Washington.", "Nothing.")
    as_str = find_issue_mentions(table)
    as_object = find_issue_mentions(table.assign(text=pd.Series(table["text"].tolist(), dtype=object)))
    assert len(as_str) and as_str.equals(as_object)
