"""Frames: cue matching (phrases, inflections, spelling), the dictionary file, shares."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import InputError, load_config, segment
from analysis.dictionaries.frames import load_frames, parse_frames
from analysis.measures.frames import american_spelling, find_frames
from analysis.summaries.frames import frame_shares, frame_shares_by_group, top_cues

from conftest import ROOT, SEED_IDS

FRAMES = load_frames()


def carried(text, frames=FRAMES):
    """{frame: [cue surfaces]} for one text."""
    return {fid: cues for fid, _, cues in frames.find(text)}


def sentences_of(*texts, boilerplate=None):
    rows = []
    for i, t in enumerate(texts):
        rows.append(
            {
                "doc_id": f"d{i}",
                "sent_id": 0,
                "start": 0,
                "end": len(t),
                "text": t,
                "boilerplate": bool(boilerplate and i in boilerplate),
            }
        )
    return pd.DataFrame(rows)


# -- cue matching -----------------------------------------------------------------------
s_sanctions = "Washington has threatened sanctions, and Ankara was sanctioned before."
s_defence = "Turkey bought a missile defence system and missile-defense radars."
s_comma = "They fired a missile, defense officials said."
s_relative = "Relatives said it was important."


def test_inflections_match_one_cue():
    cues = carried(s_sanctions)["external_reputation"]
    assert cues == ["sanctions", "sanctioned"]


def test_multi_word_cue_matches_across_spelling_and_hyphen():
    cues = carried(s_defence)["security_defense"]
    assert cues[:2] == ["missile defence", "missile-defense"]


def test_multi_word_cue_does_not_cross_punctuation():
    cues = carried(s_comma)["security_defense"]
    assert "missile, defense" not in cues and cues[:2] == ["missile", "defense"]


def test_exact_cues_avoid_stem_collisions():
    # "relatives" shares a stem with "relations", "important" with "import"
    assert carried(s_relative) == {}
    assert "external_reputation" in carried("Their relations are poor.")
    assert "economic" in carried("Turkey imports gas.")


def test_morale_is_not_morality():
    assert carried("Morale is at an all-time low.") == {}
    assert carried("They questioned the morality of the deal.")["morality"] == ["morality"]


def test_names_in_the_exclusion_list_hide_cues():
    assert "sovereignty_identity" not in carried("This is stated in the article The National Interest.")
    assert carried("Erdogan defends the national interest.")["sovereignty_identity"] == ["national interest"]


def test_british_spellings_are_folded():
    assert american_spelling("defence") == "defense"
    assert american_spelling("neighbours") == "neighbors"
    assert american_spelling("organisation") == "organization"
    assert american_spelling("centre") == "center"
    assert american_spelling("rise") == "rise"


def test_find_frames_table_skips_boilerplate_and_sums_weights():
    s1 = "Washington has put intense pressure on Turkey."
    s2 = "The deal was a purchase worth $2.5 billion."  # deal 0.5 + purchase 0.5 + billion 1
    s3 = "Photo: missile defense drill"
    table = find_frames(sentences_of(s1, s2, s3, boilerplate={2}), method="dictionary")
    assert list(table.columns) == ["doc_id", "sent_id", "frame", "weight", "cues", "method"]
    assert set(table["method"]) == {"dictionary"}
    assert "d2" not in set(table["doc_id"])
    econ = table[(table["doc_id"] == "d1") & (table["frame"] == "economic")].iloc[0]
    assert econ["weight"] == pytest.approx(2.0)
    assert econ["cues"] == "deal; purchase; billion"
    d0 = table[table["doc_id"] == "d0"]
    assert set(d0["frame"]) == {"external_reputation", "conflict"}
    assert table.equals(table.sort_values(["doc_id", "sent_id", "frame"]).reset_index(drop=True))


# -- the dictionary ---------------------------------------------------------------------
def test_default_dictionary_has_the_codebook_frames_with_sources():
    assert FRAMES.ids == [
        "security_defense",
        "economic",
        "political",
        "external_reputation",
        "legality",
        "sovereignty_identity",
        "morality",
        "conflict",
    ]
    assert all(f.source and f.description for f in FRAMES.frames)


def test_user_dictionary_replaces_the_default(tmp_path):
    path = tmp_path / "frames.yaml"
    path.write_text(
        "frames:\n  - id: health\n    label: Health\n    cues: [vaccine, public health]\n", encoding="utf-8"
    )
    config = load_config({"frames": str(path)})
    table = find_frames(sentences_of("Public-health officials bought vaccines.", "Missiles were fired."), config)
    assert table[["doc_id", "frame", "cues"]].values.tolist() == [["d0", "health", "Public-health; vaccines"]]


def test_user_dictionary_extends_the_default(tmp_path):
    path = tmp_path / "study.yaml"
    path.write_text(
        "extends: default\nremove: [morality]\n"
        "frames:\n"
        "  - id: security_defense\n    cues: [{text: S-400, weight: 2}]\n"
        "  - id: energy\n    cues: [pipeline, natural gas]\n",
        encoding="utf-8",
    )
    frames = parse_frames(__import__("yaml").safe_load(path.read_text()), path)
    assert "morality" not in frames.ids and frames.ids[-1] == "energy"
    found = {fid: (w, cues) for fid, w, cues in frames.find("Turkey bought the S-400 and a gas pipeline.")}
    assert found["security_defense"] == (2.0, ["S-400"])
    assert found["energy"][1] == ["pipeline"]
    assert "troops" in [c.text for c in next(f for f in frames.frames if f.id == "security_defense").cues]


def test_half_weight_cue_carries_a_frame_with_min_weight_only_beside_another():
    """economic, morality and conflict have min_weight 1 (chosen by cross-validation on the
    coded train sentences): "deal", "duty" or "concern" alone (weight 0.5) does not carry them."""
    assert carried("Turkey signed the deal in Moscow.") == {}
    assert FRAMES.find("Turkey signed the deal in Moscow.", all_cues=True) == [("economic", 0.5, ["deal"])]
    assert carried("The deal is worth $2.5 billion.")["economic"] == ["deal", "billion"]
    assert "morality" not in carried("It is our duty to help.")
    assert carried("It is our moral duty.")["morality"] == ["moral", "duty"]
    assert "conflict" not in carried("Officials voiced concern.")
    assert carried("Officials voiced concern and warned Ankara.")["conflict"] == ["concern", "warned"]
    assert carried("Officials voiced concern and concerns.")["conflict"] == ["concern", "concerns"]  # 0.5 + 0.5
    table = find_frames(sentences_of("Turkey signed the deal.", "The deal costs $2.5 billion."))
    assert table[table["frame"] == "economic"]["doc_id"].tolist() == ["d1"]


def test_min_weight_in_a_user_dictionary_and_when_extending(tmp_path):
    own = tmp_path / "own.yaml"
    own.write_text("frames:\n  - id: energy\n    min_weight: 2\n    cues: [pipeline, natural gas]\n", encoding="utf-8")
    frames = parse_frames(__import__("yaml").safe_load(own.read_text()), own)
    assert carried("A pipeline.", frames) == {}
    assert carried("A pipeline for natural gas.", frames) == {"energy": ["pipeline", "natural gas"]}
    ext = tmp_path / "ext.yaml"
    ext.write_text(
        "extends: default\nframes:\n  - id: conflict\n    min_weight: 0.5\n    cues: [spat]\n", encoding="utf-8"
    )
    frames = parse_frames(__import__("yaml").safe_load(ext.read_text()), ext)
    least = {f.id: f.min_weight for f in frames.frames}
    assert least["economic"] == 1.0 and least["conflict"] == 0.5 and least["political"] == 0.0
    assert "conflict" in carried("Officials voiced concern.", frames)


@pytest.mark.parametrize(
    "body, problem",
    [
        ("frames:\n  - id: a\n    cues: [x]\n    colour: red\n", "frame a: unknown key 'colour'"),
        ("frames:\n  - id: a\n    cues: ['  ']\n", "frame a.cues[0]: empty cue"),
        ("frames:\n  - id: a\n    cues: [{text: x, weight: 0}]\n", "frame a.cues[0]: weight must be a positive number"),
        ("frames:\n  - id: a\n    cues: [{text: x, weight: heavy}]\n", "weight must be a positive number, got 'heavy'"),
        ("frames:\n  - id: a\n    weight: -1\n    cues: [x]\n", "frame a.weight: weight must be a positive number"),
        ("frames:\n  - id: a\n    cues: [x]\n  - id: a\n    cues: [y]\n", "duplicate frame id 'a'"),
        ("frames:\n  - id: a\n    min_weight: 0\n    cues: [x]\n", "frame a.min_weight: weight must be a positive"),
        ("frames:\n  - id: a\n", "frame a: missing key 'cues'"),
        ("frames:\n  - id: a\n    cues: [--]\n", "has no words"),
        ("extends: mine\nframes: []\n", "extends: only 'default'"),
        ("extends: default\nremove: [nope]\nframes: []\n", "remove: unknown frame id 'nope'"),
        ("frame: []\n", "frame file: unknown key 'frame'"),
    ],
)
def test_bad_dictionary_is_refused_naming_file_and_key(tmp_path, body, problem):
    path = tmp_path / "bad_frames.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(InputError) as err:
        find_frames(sentences_of("x"), {"frames": str(path)})
    assert str(path) in str(err.value) and problem in str(err.value)


# -- shares -----------------------------------------------------------------------------
def test_frame_shares_include_zeros_and_count_sentences():
    sents = sentences_of("Troops moved.", "Prices rose.")
    sents.loc[1, "doc_id"] = "d0"
    sents.loc[1, "sent_id"] = 1
    shares = frame_shares(find_frames(sents, method="dictionary"), sents)
    assert len(shares) == len(FRAMES.ids)
    row = shares.set_index("frame").loc["security_defense"]
    assert (row["sentences"], row["carrying"], row["share"]) == (2, 1, 0.5)
    assert shares.set_index("frame").loc["legality", "share"] == 0


def test_group_shares_intervals_for_both_methods():
    shares = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "frame": "conflict",
            "sentences": [10, 10, 4],
            "carrying": [2, 6, 1],
            "share": [0.2, 0.6, 0.25],
            "weight": 1.0,
        }
    )
    groups = pd.Series({"a": "X", "b": "X", "c": "Y"})
    art = frame_shares_by_group(shares, groups, method="article", draws=500).set_index("group")
    two = frame_shares_by_group(shares, groups, method="two-stage", draws=500).set_index("group")
    assert art.loc["X", "mean"] == pytest.approx(0.4) and two.loc["X", "mean"] == pytest.approx(0.4)
    assert art.loc["Y", "lo"] == art.loc["Y", "hi"] == 0.25  # one article: no article-level interval
    assert two.loc["Y", "lo"] < 0.25 < two.loc["Y", "hi"]  # the sentences still vary
    assert (two.loc["X", "n"], two.loc["X", "sentences"], two.loc["X", "carrying"]) == (2, 20, 8)
    again = frame_shares_by_group(shares, groups, method="two-stage", draws=500).set_index("group")
    assert two.equals(again)
    with pytest.raises(ValueError):
        frame_shares_by_group(shares, groups, method="bayes")


# -- the seeds --------------------------------------------------------------------------
def test_every_seed_article_carries_the_security_frame(seed_results):
    table = find_frames(seed_results.sentences)
    security = table[table["frame"] == "security_defense"]
    assert sorted(security["doc_id"].unique()) == SEED_IDS
    cues = " ".join(security["cues"]).lower()
    for cue in ("missile defense", "anti-aircraft", "air defense", "military ties"):
        assert cue in cues
    boiler = seed_results.sentences.loc[seed_results.sentences["boilerplate"], ["doc_id", "sent_id"]]
    assert table.merge(boiler, on=["doc_id", "sent_id"]).empty


def test_segmented_text_round_trip():
    # frames work on any sentences table made by segment()
    arts = pd.DataFrame({"doc_id": ["z"], "title": [""], "text": ["Turkey faces sanctions.\n\nThe court ruled."]})
    table = find_frames(segment(arts), method="dictionary")
    assert table[["sent_id", "frame"]].values.tolist() == [[0, "external_reputation"], [1, "legality"]]


def test_top_cues_per_frame_and_group():
    sents = sentences_of("Pressure and sanctions.", "More pressure.", "Sanctions again.")
    groups = pd.Series({"d0": "A", "d1": "A", "d2": "B"})
    table = top_cues(find_frames(sents, method="dictionary"), groups)
    assert table.loc["external_reputation", "A"] == "pressure (2), sanctions (1)"
    assert table.loc["external_reputation", "B"] == "sanctions (1)"
    assert table.loc["conflict", "B"] == ""


def test_exclusion_with_a_curly_apostrophe_hides_its_cues():
    # regression: the exclusion pattern once turned "Workers'" into a class that never matched
    from analysis.measures.frames import frames_for

    frame_set = frames_for(None)
    assert frame_set.find("They fought the Kurdistan Workers’ Party in the south.") == []
    assert frame_set.find("They fought the Kurdistan Workers' Party in the south.") == []
    assert [f for f, *_ in frame_set.find("They fought the ruling party in the south.")] == ["political", "legality"]


def test_one_bootstrap_path_two_stage_matches_grouped_bootstrap():
    from analysis.stats.bootstrap import grouped_bootstrap, two_stage_mean

    data = pd.DataFrame({"group": ["a", "a", "b"], "sentences": [4, 6, 5], "carrying": [1, 3, 0]})
    out = grouped_bootstrap(data, "group", nested=("sentences", "carrying"), draws=200, seed=3)
    direct = two_stage_mean([4, 6], [1, 3], draws=200, seed=3)
    assert out.iloc[0][["mean", "lo", "hi", "n"]].tolist() == [direct["mean"], direct["lo"], direct["hi"], direct["n"]]
    with pytest.raises(ValueError, match="either value or nested"):
        grouped_bootstrap(data, "group", "carrying", nested=("sentences", "carrying"))


def test_frame_dictionary_agreement_is_shipped_with_baselines():
    import analysis as fa

    table = fa.frame_dictionary_agreement()
    frames = list(fa.load_frames().ids)
    assert table["frame"].tolist() == [*frames, "macro average"]
    per = table[table["frame"] != "macro average"]
    assert (per[["precision", "recall", "f1", "accuracy", "majority_accuracy"]] >= 0).all().all()
    assert ((per["majority_accuracy"] - 1 + per["coded_present"] / per["n"]).abs() < 1e-3).all()
    assert table.iloc[-1]["f1"] == pytest.approx(per["f1"].mean(), abs=1e-3)


@pytest.mark.skipif(
    not (ROOT.parent / "shared" / "corpora" / "allsides_turkey_dev.jsonl").is_file(), reason="../shared/corpora absent"
)
def test_frame_agreement_table_is_rebuilt_identically(tmp_path):
    import subprocess
    import sys

    out = tmp_path / "frame_agreement.csv"
    subprocess.run(
        [sys.executable, str(ROOT / "train" / "evaluate_frames.py"), "--out", str(out)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    assert out.read_bytes() == (ROOT / "analysis" / "data" / "frame_agreement.csv").read_bytes()
