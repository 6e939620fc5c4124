"""analysis.text.vader equals NLTK's VADER exactly (overlay off), and the overlay switch works."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest

from analysis.corpus.nltk_offline import nltk_vader, punkt_tokenizer
from analysis.errors import InputError
from analysis.measures.sentiment import score_sentences
from analysis.text.vader import Vader, analyzer, base_lexicon, load_overlay

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(os.environ.get("FRAMING_BENCH_CORPUS") or ROOT.parent / "shared" / "corpora" / "allsides_sample.jsonl")

negation = "Turkey is not happy with the deal, and Russia isn't either."
but = "The summit was friendly, but the talks were a failure."
caps = "Washington is VERY ANGRY about the purchase."
caps_all = "THIS IS GREAT NEWS"
exclaim = "What a wonderful day!!!"
question = "Is this really a good deal???"
idiom = "That missile is the bomb and the deal was the kiss of death."
kind_of = "The talks were kind of good, sort of."
boosters = "An extremely bad and slightly good, hardly terrible result."
least = "It was the least bad option, at least it was not the worst."
never_so = "Never so good, never this bad, so very good."
emoticons = "I am sad :( but then :) happy :-D and <3"
punctuation = '"Great," he said; -good- ... "bad!!" (nice) \'fine\' ?!?bad'
repeated = "not good good bad not bad"
empty_like = "a b c . ! ?"
empty = ""

TRICKY = [
    negation,
    but,
    caps,
    caps_all,
    exclaim,
    question,
    idiom,
    kind_of,
    boosters,
    least,
    never_so,
    emoticons,
    punctuation,
    repeated,
    empty_like,
    empty,
]


def close(a: dict, b: dict) -> bool:
    return all(abs(a[k] - b[k]) <= 1e-9 for k in ("neg", "neu", "pos", "compound"))


@pytest.mark.parametrize("text", TRICKY)
def test_equals_nltk_on_tricky_sentences(text):
    assert close(analyzer(False).polarity_scores(text), nltk_vader().polarity_scores(text))


def test_tricky_sentences_are_not_trivial():
    # the rules under test really fire: caps, "but" and negation move the score
    v = analyzer(False)
    assert v.polarity_scores(caps)["compound"] < v.polarity_scores(caps.lower())["compound"] < 0
    assert v.polarity_scores(negation)["compound"] < 0
    assert v.polarity_scores(but)["compound"] < 0  # the clause after "but" wins


def test_token_valences_sum_to_the_sentence_sum():
    v = analyzer(False)
    toks = v.tokens(but)
    assert [w for _, _, w, _ in toks][:3] == ["The", "summit", "was"]
    assert all(but[a:b].startswith(w) or but[a:b].endswith(w) for a, b, w, _ in toks)
    friendly = next(val for _, _, w, val in toks if w == "friendly")
    assert friendly == pytest.approx(base_lexicon()["friendly"] * 0.5)  # halved before "but"
    failure = next(val for _, _, w, val in toks if w == "failure")
    assert failure == pytest.approx(base_lexicon()["failure"] * 1.5)
    assert [val for *_, val in v.tokens(but, but=False) if val] == [
        base_lexicon()["friendly"],
        base_lexicon()["failure"],
    ]


def _bench_sentences(n: int) -> list[str]:
    tok = punkt_tokenizer()
    out: list[str] = []
    with open(BENCH, encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line).get("text") or ""
            out.extend(tok.tokenize(text))
            if len(out) >= n:
                break
    return out[:n]


def test_equals_nltk_on_5000_corpus_sentences():
    if not BENCH.is_file():
        pytest.skip(f"benchmark corpus not found at {BENCH} (set FRAMING_BENCH_CORPUS to run this test)")
    sents = _bench_sentences(5000)
    assert len(sents) == 5000
    fast = Vader(base_lexicon())
    nltk = nltk_vader()
    got = fast.score_many(sents)
    bad = [
        s
        for s, row in zip(sents, got)
        if not close(dict(zip(("neg", "neu", "pos", "compound"), row)), nltk.polarity_scores(s))
    ]
    assert bad == []
    assert (fast.score_many(sents) == got).all()  # the second pass reads the per-text cache
    assert (got[:, 3] != 0).sum() > 2500  # most news sentences carry some valence


def test_overlay_changes_exactly_the_words_it_lists():
    base, overlay = analyzer(False), analyzer(True)
    assert (base.name, overlay.name) == ("vader", "vader+overlay")
    listed = load_overlay()
    assert {"sanctions", "embargo", "coup", "defense", "missile"} <= set(listed)
    for word, valence in listed.items():
        text = f"They spoke about {word} today."
        before = base.polarity_scores(text)["compound"]
        after = overlay.polarity_scores(text)["compound"]
        if valence == base_lexicon().get(word, 0):
            assert after == before, word
        else:
            assert after != before, word
            assert (after > 0) == (valence > 0) and (after < 0) == (valence < 0), word
    plain = "The meeting was held in the capital on Monday and the talks were good."
    assert overlay.polarity_scores(plain) == base.polarity_scores(plain)


def test_overlay_off_scores_sentences_like_nltk_and_says_so():
    sents = pd.DataFrame(
        {
            "text": ["Sanctions hit the economy.", "A caption", "The defense deal was a success."],
            "boilerplate": [False, True, False],
        }
    )
    off = score_sentences(sents, overlay=False)
    on = score_sentences(sents)
    assert list(off["lexicon"]) == ["vader", "", "vader"] and list(on["lexicon"]) == [
        "vader+overlay",
        "",
        "vader+overlay",
    ]
    assert off["compound"].iloc[0] == nltk_vader().polarity_scores(sents["text"].iloc[0])["compound"] == 0
    assert on["compound"].iloc[0] < 0  # "sanctions" is negative in the overlay
    assert off["compound"].iloc[2] == nltk_vader().polarity_scores(sents["text"].iloc[2])["compound"]
    assert pd.isna(on["compound"].iloc[1])
    assert "compound" not in sents.columns  # input untouched


def test_bad_overlay_file_names_the_line(tmp_path):
    bad = tmp_path / "overlay.tsv"
    bad.write_text("word\tvalence\treason\nsanctions\tvery bad\tpunitive\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"overlay.tsv: line 2: valence 'very bad'"):
        load_overlay(bad)
    bad.write_text("word\tvalence\treason\nsanctions\t-9\tpunitive\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 2: .*-4..4"):
        load_overlay(bad)
    bad.write_text("word\tvalence\treason\nsanctions\t-1\t\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 2: expected word, valence and a reason"):
        load_overlay(bad)


def test_another_overlay_file_can_be_used(tmp_path):
    mine = tmp_path / "mine.tsv"
    mine.write_text("# my study\nword\tvalence\treason\nsummit\t2\tmeetings are good news here\n", encoding="utf-8")
    assert analyzer(False).polarity_scores("The summit ended.")["compound"] == 0
    assert analyzer(str(mine)).polarity_scores("The summit ended.")["compound"] > 0
