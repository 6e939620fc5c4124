"""Relations on real news: the trained pair classifier, the pair cap, cue senses, the
demanded modality, stance holders on the S-400, the evidence columns and the rebuild."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from analysis import find_mentions, find_stance, load_actors
from analysis.dictionaries.cues import load_cues
from analysis.measures.dyads import find_dyads, rule_analysis
from analysis.models.relation_features import DIM, LEXICAL, POOLS, capped_pairs
from analysis.models.relation_model import load_relation_model

from conftest import ROOT, sentences_of

SHARED = ROOT.parent / "shared"
MODEL_DIR = ROOT / "analysis" / "models" / "data"
ACTORS = load_actors()


def dyads(*texts, method="model"):
    sentences = sentences_of(*texts)
    return find_dyads(sentences, find_mentions(sentences, ACTORS), method=method)


def pair(frame, a, b):
    row = frame[((frame.source == a) & (frame.target == b)) | ((frame.source == b) & (frame.target == a))]
    assert len(row) == 1, frame
    return row.iloc[0]


# -- the model --------------------------------------------------------------------------
def test_model_loads_and_gives_probabilities():
    model = load_relation_model()
    X = np.zeros((2, len(POOLS) * DIM + len(LEXICAL)))
    rel, direction = model.probabilities(X)
    assert rel.shape == direction.shape == (2, 3)
    assert np.allclose(rel.sum(axis=1), 1) and np.allclose(direction.sum(axis=1), 1)
    assert model.meta["evaluation"]["cross_validated_train"]["relation_accuracy"] > 0.5


def test_every_model_row_keeps_its_rule_and_cue_words():
    d = dyads(
        "Washington has put intense pressure on Ankara to drop its plan.",
        "Turkey and Russia signed an arms deal while the United States watched.",
        "Russian troops fought alongside Syrian forces against ISIS in Syria.",
    )
    assert len(d) and d["rule"].str.len().gt(0).all()
    related = d[d.relation != "neutral"]
    assert len(related) and related["cues"].str.len().gt(0).all()
    assert set(d["rule"]) <= {"arguments", "model:relation_pairs"}
    # a cue with both actors as its arguments: the rule decides, and says so
    row = pair(d[d.sent_id == 0], "USA", "TUR")
    assert (row.source, row.target, row.relation, row.rule) == ("USA", "TUR", "conflict", "arguments")


def test_the_method_can_be_chosen_by_the_configuration():
    from analysis import load_config

    assert load_config({"relations": "rules"}).relations == "rules"
    with pytest.raises(Exception, match="relations"):
        load_config({"relations": "magic"})
    sentences = sentences_of("Turkey and Russia are neighbours.")
    d = find_dyads(sentences, find_mentions(sentences, ACTORS), {"relations": "rules"})
    assert list(d["rule"]) == ["none"]


# -- the pair cap -----------------------------------------------------------------------------
def test_pair_cap_pairs_each_mention_with_its_nearest_partners_only():
    spans = [(a, 2 * i, 2 * i + 1) for i, a in enumerate("ABCDEFG")]
    pairs = capped_pairs(spans, 2)
    assert ("A", "B") in pairs and ("A", "C") in pairs and ("A", "D") not in pairs
    assert pairs[("A", "B")] == (0, 1)
    # repeated actors: the closest two mentions of the pair are kept
    spans = [("A", 0, 1), ("B", 10, 11), ("A", 12, 13)]
    assert capped_pairs(spans, 4)[("A", "B")] == (1, 2)

    # a long run of one actor is jumped over, not scanned from each of its mentions
    class Counted(list):  # work counted, not timed: each look at a mention
        looks = 0

        def __getitem__(self, i):
            Counted.looks += 1
            return super().__getitem__(i)

    spans = Counted([("A", 2 * i, 2 * i + 1) for i in range(20000)] + [("B", 40000, 40001)])
    assert capped_pairs(spans, 4) == {("A", "B"): (19999, 20000)}
    assert Counted.looks < 10 * len(spans)  # scanning the run from each mention: ~200 million


def test_a_sentence_naming_actors_thousands_of_times_stays_linear():
    # work counted, not timed (a shared machine makes timings noisy): the Python lines run
    names = ["Turkey", "Russia", "Iran", "Syria", "the United States", "NATO"]

    def run(n):
        text = ", ".join(names[i % len(names)] for i in range(n)) + " signed a deal."
        lines = 0

        def tracer(frame, event, arg):
            nonlocal lines
            lines += event == "line"
            return tracer

        sys.settrace(tracer)
        try:
            d = dyads(text)
        finally:
            sys.settrace(None)
        return lines, d

    run(300)  # warm caches (the first model use loads it)
    small, _ = run(300)
    large, d = run(3000)
    assert len(d) <= len(names) * (len(names) - 1) // 2
    assert large < 30 * small  # ten times the mentions: far from a hundred times the work


# -- cue senses, missing cues, modality ------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "During the Cold War, Russia and the United States built up their arsenals.",
        "The Turkish Armed Forces and NATO held a ceremony.",
    ],
)
def test_non_relational_senses_are_no_cues(text):
    cues = load_cues()
    sentences = sentences_of(text)
    mentions = find_mentions(sentences, ACTORS)
    spans = [(a, s, e) for a, s, e in zip(mentions.actor, mentions.start, mentions.end)]
    _, matches, rows = rule_analysis(text, spans, cues)
    assert not matches and all(r["relation"] == "neutral" for r in rows.values())


@pytest.mark.parametrize(
    "text, source, target, relation",
    [
        ("Washington pushed Ankara to drop the purchase.", "USA", "TUR", "conflict"),
        ("The United States urged Turkey to reconsider.", "USA", "TUR", "conflict"),
        ("Russia backed Syria throughout the war.", "RUS", "SYR", "cooperation"),
        ("The United States decided to withdraw from the treaty with Russia.", "USA", "RUS", "conflict"),
        ("Turkey continued to fight against ISIS.", "TUR", "ISIS", "conflict"),
    ],
)
def test_missing_cues_are_found(text, source, target, relation):
    row = pair(dyads(text, method="rules"), source, target)
    assert (row.source, row.target, row.relation) == (source, target, relation)


def test_a_demanded_relation_keeps_its_class_and_says_so():
    row = pair(dyads("Washington urged Ankara to cut ties with Moscow.", method="rules"), "TUR", "RUS")
    assert (row.relation, row.modality) == ("conflict", "demanded") and "urged" in row.markers


# -- stance holders ----------------------------------------------------------------------------
def _stance(*texts):
    sentences = sentences_of(*texts)
    return find_stance(sentences, find_mentions(sentences, ACTORS))


def test_a_cue_ending_in_by_is_held_by_the_actor_before_it():
    s = _stance("Some US politicians have been angered by Ankara's purchase of the S-400 system.")
    by = s.set_index("actor")
    assert by.loc["USA", "stance"] == "oppose" and by.loc["USA", "rule"] == "felt"
    assert by.loc["TUR", "stance"] == "support"


def test_x_verb_y_to_cue_goes_to_x_only_after_a_demand_verb():
    s = _stance("Turkey bought the Russian S-400 system, a move that prompted Washington to withhold the jets.")
    by = s.set_index("actor")
    assert by.loc["USA", "stance"] == "oppose" and by.loc["RUS", "stance"] == "neutral"
    s = _stance("Washington convinced Ankara to drop the S-400 deal.").set_index("actor")
    assert s.loc["USA", "stance"] == "oppose" and s.loc["USA", "rule"] == "urged"


def test_every_stance_row_names_its_rule():
    s = _stance("Turkey is adamant about the S-400 purchase, despite US concerns.")
    assert s["rule"].str.len().gt(0).all()
    assert set(s.loc[s.stance == "neutral", "rule"]) <= {"none"}


@pytest.mark.skipif(not (SHARED / "corpora" / "allsides_turkey_dev.jsonl").is_file(), reason="../shared absent")
def test_us_opposes_and_turkey_supports_the_s400_on_the_shared_dev_corpus():
    import analysis as fa

    articles = fa.load_corpus(SHARED / "corpora" / "allsides_turkey_dev.jsonl")
    tables = fa.score_batch(articles)
    s = tables["stance"]
    s = s[s.issue == "S400"]
    counts = s.groupby(["actor", "stance"]).size()
    assert counts.get(("USA", "oppose"), 0) > counts.get(("USA", "support"), 0)
    assert counts.get(("TUR", "support"), 0) > counts.get(("TUR", "oppose"), 0)


# -- the agreement table and the rebuild -------------------------------------------------------
def test_the_agreement_table_is_shipped_with_the_majority_baseline():
    table = pd.read_csv(ROOT / "analysis" / "data" / "relation_agreement.csv")
    assert {"method", "measure", "value", "lo", "hi", "n", "majority_label", "majority_value"} <= set(table.columns)
    acc = table[(table.method == "model") & (table.measure == "accuracy") & (table.not_actor == "excluded")].iloc[0]
    assert acc.lo <= acc.value <= acc.hi and acc.value > acc.majority_value


@pytest.mark.skipif(not (SHARED / "corpora" / "allsides_turkey_dev.jsonl").is_file(), reason="../shared absent")
def test_make_train_rebuilds_the_relation_weights_identically(tmp_path):
    subprocess.run(
        [sys.executable, str(ROOT / "train" / "train_relations.py"), "--shared", str(SHARED), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    for suffix in (".safetensors", ".json"):
        name = "relation_pairs" + suffix
        assert (tmp_path / name).read_bytes() == (MODEL_DIR / name).read_bytes(), name


def test_the_rules_decide_argument_pairs_unless_the_classifier_may_override(monkeypatch):
    import dataclasses

    import analysis.models.relation_model as rm

    texts = (
        "Washington has put intense pressure on Ankara to drop its plan.",
        "Turkey bought the Russian-made S-400 system despite US warnings.",
    )
    rules = dyads(*texts, method="rules")
    shipped = load_relation_model()
    assert shipped.overrides()[0] > 1  # the shipped model never overrides the rules' relation

    def with_overrides(relation, direction):
        params = {
            **shipped.meta["evaluation"]["params"],
            "override_relation": relation,
            "override_direction": direction,
        }
        meta = {**shipped.meta, "evaluation": {**shipped.meta["evaluation"], "params": params}}
        model = dataclasses.replace(shipped, meta=meta)
        monkeypatch.setattr(rm, "load_relation_model", lambda path=None: model)
        return dyads(*texts)

    never = with_overrides(2.0, 2.0)
    ruled = never[never.rule == "arguments"]
    assert len(ruled)
    for row in ruled.itertuples():
        same = rules[(rules.sent_id == row.sent_id) & (rules.source == row.source) & (rules.target == row.target)]
        assert len(same) == 1 and same.iloc[0].relation == row.relation and same.iloc[0].rule == "arguments"
    # overriding at any probability: where the classifier's relation or direction differs
    # from the rule's ("bought"), the row is the classifier's and says so
    always = with_overrides(0.0, 0.0)
    bought = pair(always[always.sent_id == 1], "TUR", "RUS")
    assert pair(never[never.sent_id == 1], "TUR", "RUS").rule == "arguments"
    assert bought.rule == "model:relation_pairs"
    assert len(always) == len(never)
