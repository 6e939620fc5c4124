"""Masked spans: hover cards, prompts and runs repeated across an outlet, never scored."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import analysis as fa
from analysis.corpus.inline import HOVER_CARD, hover_cards, inline_spans
from analysis.corpus.masking import blank
from analysis.corpus.repeats import REPEATED, RepeatIndex, build_index
from analysis.text.vader import analyzer

# A hover card made up for the test, shaped like The Hill's: the name as written, the full
# legal name glued to headlines of other stories (with "?" and "." that must not end the
# sentence, and actors that must not be found), and MORE.
CARD = (
    " Donald John TrumpErdogan says Russia air defense system deal is done. Putin praises Ankara? "
    "Senators cheer the great friendship with Moscow MORE"
)
SENTENCE = f"President Trump{CARD} threatened Turkey with harsh sanctions on Monday."
DEV = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "allsides_turkey_dev.jsonl"


def _articles(texts, outlet="The Hill"):
    return pd.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(len(texts))],
            "outlet": outlet,
            "date": "2019-11-13",
            "title": "",
            "text": texts,
        }
    )


def test_hover_card_span_keeps_the_written_name():
    (a, b), *_ = hover_cards(SENTENCE)
    assert SENTENCE[:a] == "President Trump"
    assert SENTENCE[a:b] == CARD
    assert SENTENCE[b:].startswith(" threatened")


@pytest.mark.parametrize(
    "text, written",
    [
        ("Sen. Lindsey Graham Lindsey Olin GrahamSenate trial must go on MORE (R-S.C.) said.", "Sen. Lindsey Graham"),
        ("Joe Biden Joe Biden Parnas says more to come MORE and his son.", "Joe Biden"),
        ("Speaker Paul Ryan Paul Davis Ryan Retirees say no thanks MORE (R-Wis.) warned.", "Speaker Paul Ryan"),
        ("and John Kennedy John Neely KennedyMORE (R-La.) have voiced discontent.", "and John Kennedy"),
        ("Stephen BreyerStephen BreyerJustices wrestle with reach of act MORE and others.", "Stephen Breyer"),
    ],
)
def test_hover_card_shapes(text, written):
    (a, b), *_ = hover_cards(text)
    assert text[:a] == written
    assert text[b - 4 : b] == "MORE"


def test_no_card_without_a_repeated_name():
    assert hover_cards("FURTHERMORE, Turkey and Russia signed. MORE news at eleven.") == []
    assert hover_cards("The McConnell plan drew MORE votes than expected.") == []
    assert hover_cards("Joe Biden Joe Biden said so. (MORE: Biden Biden visits Ankara)") == []
    assert hover_cards("Joe Biden Joe Biden said so. CLICK HERE TO READ MORE") == []


def test_hover_card_masked_while_the_rest_of_the_sentence_is_scored():
    article = f"Trump warns Turkey\n\n{SENTENCE}\n\nThe talks went on."
    res = fa.analyze(_articles([article]))
    sents = res.sentences
    # one sentence: the card's "." and "?" did not split it; text and offsets unchanged
    row = sents[sents["text"].str.startswith("President")].iloc[0]
    assert row["text"] == SENTENCE
    assert article[row["start"] : row["end"]] == SENTENCE
    assert not row["boilerplate"]
    masked = res.masked_spans
    assert masked[["doc_id", "sent_id", "reason"]].values.tolist() == [["d0", row["sent_id"], HOVER_CARD]]
    a, b = int(masked["start"].iloc[0]), int(masked["end"].iloc[0])
    assert article[a:b] == CARD
    # the sentence is scored on its own words only
    expected = analyzer(True).score_many([blank(SENTENCE, [(a - row["start"], b - row["start"])])])[0]
    assert row["compound"] == pytest.approx(expected[3])
    assert row["compound"] != pytest.approx(analyzer(True).score_many([SENTENCE])[0][3])
    # no mention from the card (Erdogan, Russia, Putin, Ankara, Moscow); the rest is found
    m = res.mentions[res.mentions["sent_id"] == row["sent_id"]]
    assert sorted(m["surface"]) == ["Trump", "Turkey"]
    assert ((m["end"] <= a) | (m["start"] >= b)).all()
    # actor sentiment, dyads and stance see only the sentence's own actors
    here = lambda t: t[t["sent_id"] == row["sent_id"]]  # noqa: E731
    assert set(here(res.actor_sentiment)["actor"]) == {"USA", "TUR"}
    card_words = {"praises", "cheer", "great", "friendship", "deal", "done", "senators"}
    for cues in here(res.actor_sentiment)["cues"]:  # the target windows skip the card
        assert not card_words & set(cues.lower().replace(";", " ").split()), cues
    dyads = here(res.dyads)
    assert dyads[["source", "target"]].values.tolist() == [["USA", "TUR"]]
    assert dyads["relation"].iloc[0] == "conflict"
    assert "deal" not in " ".join(here(res.stance)["cues"])
    # no frame cue from the card ("friendship", "deal", "praises"); the sentence's own are found
    cues = " ".join(here(res.frames)["cues"]).lower()
    assert "sanction" in cues and "friendship" not in cues and "deal" not in cues
    # word choice (notebook 04) reads the scoring view: no label from the card
    view = fa.scoring_view(res.sentences, res.masked_spans)
    words = fa.find_word_choice(view, res.mentions)
    assert ((words["end"] <= a) | (words["start"] >= b)).all()
    raw = fa.find_word_choice(res.sentences, res.mentions)
    assert len(raw) > len(words)  # the check would see a label inside the card


def test_coded_sentences_are_read_as_the_pipeline_reads_them():
    # the training and evaluation scripts (train/) blank a coded sentence's inline spans
    # with coding/texts.inline_masked; the result must be the pipeline's scoring view
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "coding"))
    from texts import inline_masked

    text, spans = inline_masked(SENTENCE)
    res = fa.analyze(_articles([SENTENCE]))
    view = fa.scoring_view(res.sentences, res.masked_spans)
    assert view["text"].tolist() == [text]
    assert spans == [(len("President Trump"), len("President Trump") + len(CARD))]
    assert "Erdogan" not in text and text.startswith("President Trump ") and text.endswith("on Monday.")
    assert inline_masked("Turkey bought the S-400.") == ("Turkey bought the S-400.", [])


def test_masked_spans_listed_and_clipped_to_sentences():
    text = "Turkey bought the S-400. (RELATED: Russia praises Turkey) Washington objected.\n\nSign up for our newsletter and alerts today."
    res = fa.analyze(_articles([text], outlet="Daily Example"))
    spans = res.masked_spans
    got = [text[a:b] for a, b in zip(spans["start"], spans["end"])]
    assert "(RELATED: Russia praises Turkey)" in got
    assert "RUS" not in set(res.mentions["actor"])
    for d, s, a, b in spans[["doc_id", "sent_id", "start", "end"]].itertuples(index=False):
        sent = res.sentences[(res.sentences["doc_id"] == d) & (res.sentences["sent_id"] == s)].iloc[0]
        assert sent["start"] <= a < b <= sent["end"]


def test_inline_prompts():
    spans = inline_spans("The deal stands. Click here for reprint permission.\nIs it over? Read more\n")
    assert [r for *_, r in spans] == ["prompt or widget", "prompt or widget"]


PROMO = "Get our stories you care about delivered to your inbox every single morning for free"


def _outlet_corpus():
    bodies = [
        "Turkey and Russia signed a deal on air defense.",
        "The United States warned Turkey over the purchase.",
        "NATO allies met in Brussels to discuss the alliance.",
        "Russia praised Turkey for its independent policy.",
        "Washington is considering sanctions against Ankara.",
        "Officials in Ankara welcomed the first deliveries.",
    ]
    texts = [f"{b} {PROMO}. More reporting followed." for b in bodies]
    arts = _articles(texts, outlet="Monitor")
    other = _articles([f"A lone copy: {PROMO}."], outlet="Other").assign(doc_id="o0")
    return pd.concat([arts, other], ignore_index=True)


def test_repeated_runs_across_an_outlet_are_masked():
    arts = _outlet_corpus()
    res = fa.analyze(arts)
    rep = res.masked_spans[res.masked_spans["reason"] == REPEATED]
    texts = arts.set_index("doc_id")["text"]
    found = {d: texts[d][a:b] for d, a, b in zip(rep["doc_id"], rep["start"], rep["end"])}
    assert sorted(found) == [f"d{i}" for i in range(6)]  # not the other outlet's single copy
    assert all(PROMO in v for v in found.values())
    assert all("Turkey" not in v and "deal" not in v for v in found.values())


def test_repeat_index_is_the_same_however_the_corpus_is_split():
    arts = _outlet_corpus()
    whole = build_index(arts)
    parts = build_index(arts.iloc[:3]).merge(build_index(arts.iloc[3:]))
    assert np.array_equal(whole.sketch, parts.sketch) and whole.docs == parts.docs
    one = fa.analyze(arts, batch_size=1000)
    batched = fa.analyze(arts, batch_size=2, progress=True)
    for name in ("sentences", "masked_spans", "mentions", "dyads", "frames"):
        pd.testing.assert_frame_equal(one.tables[name], batched.tables[name])


def test_repeat_index_memory_is_fixed():
    index = RepeatIndex(width_bits=16)
    size = index.sketch.nbytes
    index.add(["a"] * 50, [f"word{i} " * 40 for i in range(50)])
    assert index.sketch.nbytes == size == 4 * (1 << 16)


def test_mention_roles():
    text = "Turkish troops crossed the Syrian border. Syrian refugees in Turkey met a Turkish gold trader. Turkey bought the S-400 from Russia."
    res = fa.analyze(_articles([text], outlet="X"))
    roles = dict(zip(res.mentions["start"].map(lambda s: text[s : s + 12]), res.mentions["role"]))
    assert roles["Turkish troo"] == "actor"
    assert roles["Syrian borde"] == "place"
    assert roles["Syrian refug"] == "attribute"
    assert roles["Turkey met a"] == "place"
    assert roles["Turkish gold"] == "attribute"
    assert roles["Turkey bough"] == "actor"
    # places and attributes do not act: the only dyad is Turkey-Russia, from the last sentence
    assert res.dyads[["source", "target"]].drop_duplicates().values.tolist() == [["TUR", "RUS"]]


def test_role_lists_are_configuration(tmp_path):
    path = tmp_path / "actors.yaml"
    path.write_text(
        "extends: default\nactors:\n  - {id: TUR, aliases: [Turkey, Turkish]}\nroles:\n  attribute_heads: [delight]\n",
        encoding="utf-8",
    )
    actors = fa.load_actors(path)
    assert actors.roles.attribute_heads == frozenset({"delight"})
    assert "in" in actors.roles.place_before  # the lists not given stay the packaged ones
    bad = tmp_path / "bad.yaml"
    bad.write_text("extends: default\nactors:\n  - {id: TUR, aliases: [Turkey]}\nroles:\n  colours: [red]\n")
    with pytest.raises(fa.errors.InputError, match="roles: unknown key 'colours'"):
        fa.load_actors(bad)


def _card_stretches(texts):
    """An independent check: every stretch from a glued name ("TrumpGOP") to the next MORE
    on its line (after the previous MORE) lies in a hover card: (doc_id, start, MORE's end)."""
    out = []
    for doc_id, text in texts.items():
        floor = 0
        for more in re.finditer(r"(?<![A-Z])MORE\b", text):
            lo = max(text.rfind("\n", 0, more.start()) + 1, floor)
            floor = more.end()
            glued = re.search(r"[a-z]{3}(?=[A-Z0-9])", text[lo : more.start()])  # not "McCarthy"
            if glued and more.start() - (lo + glued.end()) <= 900:
                out.append((doc_id, lo + glued.end(), more.start(), more.end()))
    return out


def _inside(mentions, stretches) -> int:
    by_doc = {d: g for d, g in mentions.groupby("doc_id")}
    n = 0
    for doc_id, lo, _, hi in stretches:
        m = by_doc.get(doc_id)
        if m is not None:
            n += int(((m["start"] >= lo) & (m["start"] < hi)).sum())
    return n


@pytest.mark.skipif(not DEV.is_file(), reason="needs ../shared/corpora/allsides_turkey_dev.jsonl")
def test_no_actor_mention_inside_a_hover_card_on_the_dev_corpus():
    arts = fa.load_corpus(DEV)
    stretches = _card_stretches(arts.set_index("doc_id")["text"])
    assert len(stretches) > 50
    # the check finds mentions in cards when nothing is masked ...
    unmasked = fa.find_mentions(fa.segment(arts), fa.load_actors())
    assert _inside(unmasked, stretches) > 50
    # ... and none in the tables
    res = fa.analyze(arts)
    assert _inside(res.mentions, stretches) == 0
    spans = res.masked_spans
    for doc_id, _, more, end in stretches:  # every card's MORE is masked
        here = spans[spans["doc_id"] == doc_id]
        assert ((here["start"] <= more) & (here["end"] >= end)).any(), (doc_id, more)
