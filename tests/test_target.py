"""analysis.measures.target: the naive and the target-aware method on small named sentences."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.errors import InputError
from analysis.measures.target import target_sentiment

s1 = "Washington has put intense pressure on Turkey."
s2 = "Russia was praised at the summit, but Turkey was condemned by its allies."
s3 = "Turkey said the Kurdish militias are terrorists."
s4 = "Turkey did not, after weeks of talks, welcome the offer."
s5 = "Moscow was generous; Ankara was furious."
s6 = "Turkey welcomed the talks, while sanctions hurt Russia"


def frame(*rows) -> pd.DataFrame:
    """Rows of (text, target word); the span is the word's first occurrence."""
    return pd.DataFrame([{"text": t, "start": t.index(w), "end": t.index(w) + len(w)} for t, w in rows])


def labels(df, method):
    return list(target_sentiment(df, method=method)["label"])


def test_both_methods_see_pressure_as_negative():
    for method in ("sentence", "target"):
        out = target_sentiment(frame((s1, "Turkey")), method=method)
        assert out["label"].iloc[0] == "negative" and -1 <= out["score"].iloc[0] < 0
        assert "pressure" in out["cues"].iloc[0]


def test_contrast_separates_the_actors_of_two_clauses():
    df = frame((s2, "Russia"), (s2, "Turkey"))
    assert len(set(labels(df, "sentence"))) == 1  # the naive method copies one score
    assert labels(df, "target") == ["positive", "negative"]
    cues = target_sentiment(df, method="target")["cues"]
    assert cues.iloc[0].startswith("praised") and cues.iloc[1].startswith("condemned")


def test_semicolon_is_a_clause_boundary():
    assert labels(frame((s5, "Moscow"), (s5, "Ankara")), "target") == ["positive", "negative"]


def test_the_source_of_a_statement_is_not_its_target():
    df = frame((s3, "Turkey"), (s3, "Kurdish"))
    turkey, kurdish = zip(df["start"], df["end"])
    df["others"] = [[kurdish], [turkey]]  # each target competes with the other
    out = target_sentiment(df, method="target")
    assert out["label"].tolist() == ["neutral", "negative"]
    assert out["score"].iloc[1] < out["score"].iloc[0] <= 0
    assert labels(df, "sentence") == ["negative", "negative"]


def test_reported_words_count_less_for_their_source():
    said = "According to Turkey, the attack was a disaster."
    did = "Turkey, in the attack, was a disaster."
    source = target_sentiment(frame((said, "Turkey")), method="target")["score"].iloc[0]
    sentence = target_sentiment(frame((said, "Turkey")), method="sentence")["score"].iloc[0]
    actor = target_sentiment(frame((did, "Turkey")), method="target")["score"].iloc[0]
    assert actor < source < 0 and abs(source) < abs(sentence) / 2


def test_negation_reaches_past_vaders_three_word_window():
    assert labels(frame((s4, "Turkey")), "sentence") == ["positive"]
    assert labels(frame((s4, "Turkey")), "target") == ["negative"]


def test_spans_at_the_very_start_and_end_of_the_text():
    df = pd.DataFrame({"text": [s6, s6], "start": [0, len(s6) - 6], "end": [6, len(s6)]})
    out = target_sentiment(df, method="target")
    assert out["label"].tolist() == ["positive", "negative"]
    assert out["cues"].tolist()[1].startswith("hurt")
    assert out["score"].between(-1, 1).all()


def test_returns_a_copy_with_the_documented_columns():
    df = frame((s1, "Turkey"))
    df["id"] = ["a"]
    out = target_sentiment(df, method="target")
    assert list(out.columns) == ["text", "start", "end", "id", "score", "label", "cues", "method"]
    assert list(df.columns) == ["text", "start", "end", "id"]
    assert out["method"].iloc[0] == "target"


def test_overlay_switch_reaches_the_target_method():
    s = "The embargo on Turkey continued."
    on = target_sentiment(frame((s, "Turkey")), method="target")
    off = target_sentiment(frame((s, "Turkey")), overlay=False, method="target")
    assert on["label"].iloc[0] == "negative" and off["label"].iloc[0] == "neutral"


@pytest.mark.parametrize(
    "text,start,end,message",
    [
        ("", 0, 1, "row 'r1': text is empty"),
        ("   ", 0, 1, "row 'r1': text is empty"),
        ("Turkey acted.", 5, 40, r"row 'r1': span 5..40 is outside the text \(length 13\)"),
        ("Turkey acted.", -1, 3, "row 'r1': span -1..3 is outside"),
        ("Turkey acted.", 4, 4, "row 'r1': span 4..4 .* or empty"),
    ],
)
def test_bad_rows_are_named(text, start, end, message):
    df = pd.DataFrame({"text": [text], "start": [start], "end": [end]}, index=["r1"])
    with pytest.raises(InputError, match=message):
        target_sentiment(df)


def test_missing_column_and_unknown_method():
    with pytest.raises(InputError, match="missing column 'end'"):
        target_sentiment(pd.DataFrame({"text": ["x"], "start": [0]}))
    with pytest.raises(ValueError, match="unknown method 'clause'"):
        target_sentiment(frame((s1, "Turkey")), method="clause")


def test_sentence_method_is_the_sentence_compound():
    from analysis.text.vader import analyzer

    for text in (s1, s2, s4, "Great!!! Is it?? Not bad at all :)"):
        out = target_sentiment(pd.DataFrame({"text": [text], "start": [0], "end": [3]}), method="sentence")
        assert out["score"].iloc[0] == analyzer(True).polarity_scores(text)["compound"]


# -- word lists from the configuration -------------------------------------------------
def _study(tmp_path, target_section: str):
    (tmp_path / "my_cues.yaml").write_text(f"extends: default\ntarget:\n{target_section}", encoding="utf-8")
    (tmp_path / "study.yaml").write_text("cues: my_cues.yaml\n", encoding="utf-8")
    return tmp_path / "study.yaml"


def test_a_study_overriding_the_speech_verbs_changes_the_target_score(tmp_path):
    text = "Turkey warned that the deal is a disaster."
    frame = pd.DataFrame({"text": [text], "start": [0], "end": [6]})
    default = target_sentiment(frame, method="target")["score"].iloc[0]
    study = _study(tmp_path, "  speech_verbs: [said, says]\n")
    overridden = target_sentiment(frame, config=study, method="target")["score"].iloc[0]
    assert default < 0 and overridden < default  # "warned" no longer marks Turkey as the source


def test_a_bad_target_word_list_is_refused_with_the_file_and_key(tmp_path):
    study = _study(tmp_path, "  negators: [not, 3]\n")
    frame = pd.DataFrame({"text": ["Turkey is not happy."], "start": [0], "end": [6]})
    with pytest.raises(InputError, match=r"my_cues\.yaml.*target\.negators"):
        target_sentiment(frame, config=study, method="target")
