"""Dyads: cue classes, inflections, direction, context, configuration and the seeds."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis import InputError, find_mentions, load_actors, load_config
from analysis.dictionaries.cues import load_cues
from analysis.measures.dyads import DYAD_COLUMNS, find_dyads
from analysis.pipeline import actors_for
from analysis.text.inflect_match import word_forms

from conftest import sentences_of

ACTORS = load_actors()


def dyads_of(*texts, config=None, method="rules"):
    """Dyads of test sentences; by the cue rules unless ``method`` says otherwise (the rules'
    behaviour is what these tests pin down; the model is tested in test_relation_model.py)."""
    sentences = sentences_of(*texts)
    actors = actors_for(load_config(config)) if config is not None else ACTORS
    return find_dyads(sentences, find_mentions(sentences, actors), config, method=method)


def one(text, a, b, config=None):
    """The row of the pair {a, b} in a one-sentence text."""
    d = dyads_of(text, config=config)
    row = d[((d["source"] == a) & (d["target"] == b)) | ((d["source"] == b) & (d["target"] == a))]
    assert len(row) == 1, d
    return row.iloc[0]


# -- the lexicon and inflections -----------------------------------------------------
def test_word_forms_cover_regular_and_irregular_inflections():
    assert {"pressure", "pressures", "pressured", "pressuring"} <= word_forms("pressure")
    assert {"buy", "buys", "bought", "buying"} <= word_forms("buy")
    assert {"step", "stepped", "stepping"} <= word_forms("step")
    assert {"ally", "allies"} <= word_forms("ally")


@pytest.mark.parametrize(
    "text",
    [
        "Washington pressured Ankara.",
        "Washington is pressuring Ankara.",
        "Washington pressures Ankara.",
        "Washington has put intense pressure on Ankara.",
    ],
)
def test_pressure_in_any_inflection_is_us_to_turkey_conflict(text):
    row = one(text, "USA", "TUR")
    assert (row.source, row.target, row.directed, row.relation) == ("USA", "TUR", True, "conflict")


# -- each cue class ----------------------------------------------------------------
s_verbal_coop = "Turkey praised Russia for its help."
s_material_coop = "Turkey has bought the Russian-made S-400 air defense system."
s_verbal_conflict = "Washington has put intense pressure on Turkey to drop its plan."
s_material_conflict = "The United States imposed sanctions on Turkey."
s_force = "The United States launched airstrikes against ISIS."


@pytest.mark.parametrize(
    "text, source, target, quad, intensity",
    [
        (s_verbal_coop, "TUR", "RUS", "verbal cooperation", 3.4),
        (s_material_coop, "TUR", "RUS", "material cooperation", 6.4),
        (s_verbal_conflict, "USA", "TUR", "verbal conflict", -5.0),
        (s_material_conflict, "USA", "TUR", "material conflict", -8.0),
        (s_force, "USA", "ISIS", "material conflict", -10.0),
    ],
)
def test_each_cue_class_with_its_goldstein_intensity(text, source, target, quad, intensity):
    row = one(text, source, target)
    assert (row.source, row.target, row.quad, row.intensity) == (source, target, quad, intensity)
    assert row.relation == ("cooperation" if "cooperation" in quad else "conflict")
    assert row.modality == "asserted" and row.cues


def test_multiword_cue_wins_over_its_parts():
    row = one("Turkey and Russia step up military ties.", "RUS", "TUR")
    assert row.cues == "step up military ties" and row.quad == "material cooperation" and row.intensity == 7.4
    assert one("The arms embargo on Turkey by the United States hurt.", "TUR", "USA").cues == "arms embargo"


# -- direction ---------------------------------------------------------------------
def test_active_and_passive_give_the_same_direction():
    active = one("Washington sanctioned Ankara.", "USA", "TUR")
    passive = one("Ankara was sanctioned by Washington.", "USA", "TUR")
    assert (active.source, active.target) == (passive.source, passive.target) == ("USA", "TUR")
    assert active.directed and passive.directed


def test_possessive_noun_and_from_phrases():
    assert tuple(one("Washington's pressure on Ankara grew.", "USA", "TUR")[["source", "target"]]) == ("USA", "TUR")
    assert tuple(one("Ankara bought missiles from Moscow.", "TUR", "RUS")[["source", "target"]]) == ("TUR", "RUS")
    assert tuple(one("Despite pleas from the US, Turkey went on.", "USA", "TUR")[["source", "target"]]) == (
        "USA",
        "TUR",
    )


def test_symmetric_relations_are_undirected_and_alphabetical():
    row = one("Turkey and Russia step up military ties.", "RUS", "TUR")
    assert (row.source, row.target, row.directed) == ("RUS", "TUR", False)
    row = one("Turkey has agreed to deepen its defense ties with Russia.", "RUS", "TUR")
    assert (row.source, row.target, row.directed) == ("RUS", "TUR", False)


def test_coordinated_subjects_share_the_relation():
    d = dyads_of("Turkey and Russia criticized the United States.")
    rel = {(r.source, r.target): r.relation for r in d.itertuples()}
    assert rel[("TUR", "USA")] == rel[("RUS", "USA")] == "conflict"


@pytest.mark.parametrize(
    "text",
    [
        "Russia's ties to the United States were examined.",  # ties: a topic, not an act
        "Washington and its allies in Syria fight the Assad regime.",  # allies of a third party
        "Russia and the United States discussed trade.",
        "The United States will investigate Russia.",
        "The United States called on Turkey to release the pastor.",  # a demand, mostly coded conflict
        "Erdogan will visit Russia next week.",
        "Russia offered Turkey a discount on the S-400.",
        "Turkey and Russia held a summit in Sochi.",
    ],
)
def test_cue_words_dropped_for_their_low_precision_give_no_rule_relation(text):
    """Bare "ties", "ally", "trade", "terrorist", "investigate" and "aid", then "call on",
    "promise", "offer", "summit" and "visit" were right in 0-34% of the coded training pairs
    where the rules used them (train split only); the pair goes to the classifier instead.
    "military ties", "alliance" and the like stay cues."""
    d = dyads_of(text)
    words = {"ties", "allies", "ally", "trade", "terrorist", "investigate", "called", "visit", "offered", "summit"}
    assert not any(set(c.split()) & words and r == "arguments" for c, r in zip(d["cues"], d["rule"])), d


def test_pair_with_no_cue_is_neutral():
    row = one("Turkey and Russia are neighbours.", "RUS", "TUR")
    assert (row.relation, row.intensity, row.quad, row.directed, row.rule) == ("neutral", 0.0, "", False, "none")


# -- context: negation, plans, attribution -------------------------------------------
def test_negated_cooperation_is_rejection_and_says_so():
    row = one("Russia did not sign an agreement with Turkey.", "RUS", "TUR")
    assert row.modality == "negated" and "not" in row.markers
    assert row.relation == "conflict" and row.cues == "sign an agreement"


def test_negated_conflict_is_not_conflict():
    row = one("The United States refused to impose sanctions on Turkey.", "TUR", "USA")
    assert row.modality == "negated" and row.relation == "cooperation" and "impose sanctions" in row.cues


def test_two_negations_cancel():
    row = one("Washington did not stop its refusal to sell Turkey the jets.", "TUR", "USA")
    assert row.modality == "asserted"


@pytest.mark.parametrize(
    "text",
    [
        "Washington is considering the introduction of sanctions against Ankara.",
        "Washington might impose sanctions on Ankara.",
        "If Washington imposes sanctions on Ankara, trade will suffer.",
        "Washington threatens to impose sanctions on Ankara.",
        "Sanctions on Ankara by Washington can be applied in July.",
    ],
)
def test_plans_and_conditions_are_hypothetical_not_done(text):
    row = one(text, "TUR", "USA")
    assert row.modality == "hypothetical" and row.relation == "conflict" and row.markers


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("Putin said that Russia and Turkey signed an agreement.", "RUS"),
        ("According to Bloomberg, Turkey bought missiles from Russia.", "Bloomberg"),
        ("The National Interest also emphasizes that Turkey is approaching Russia.", "The National Interest"),
        ("Turkey will buy more missiles from Russia, the newspaper said.", "the newspaper"),
    ],
)
def test_attribution_names_who_says_it(text, speaker):
    assert one(text, "RUS", "TUR").attribution == speaker


def test_unattributed_is_empty():
    assert one(s_material_coop, "RUS", "TUR").attribution == ""


# -- the table ---------------------------------------------------------------------
def test_table_shape_boilerplate_and_inputs_untouched():
    sentences = sentences_of(s_verbal_conflict, "Turkey alone.", s_material_coop)
    sentences.loc[2, "boilerplate"] = True
    mentions = find_mentions(sentences.assign(boilerplate=False), ACTORS)
    before = (sentences.copy(), mentions.copy())
    d = find_dyads(sentences, mentions)
    assert list(d.columns) == DYAD_COLUMNS
    assert d["sent_id"].tolist() == [0]  # one actor: no pair; boilerplate: left out
    pd.testing.assert_frame_equal(sentences, before[0])
    pd.testing.assert_frame_equal(mentions, before[1])


# -- another study: China, Taiwan, the US -------------------------------------------------
@pytest.fixture
def taiwan_config(tmp_path):
    (tmp_path / "actors.yaml").write_text(
        "actors:\n"
        "  - {id: CHN, label: China, aliases: [China, Beijing, Chinese]}\n"
        "  - {id: TWN, label: Taiwan, aliases: [Taiwan, Taipei, Taiwanese]}\n"
        "  - {id: USA, label: United States, aliases: [United States, Washington, US]}\n",
        encoding="utf-8",
    )
    (tmp_path / "cues.yaml").write_text(
        "extends: default\n"
        "cues:\n"
        "  - {text: arms sales, class: material cooperation, intensity: 6.4}\n"
        "  - {text: military drills around, class: material conflict, intensity: -7.2}\n",
        encoding="utf-8",
    )
    (tmp_path / "issues.yaml").write_text(
        "issues:\n"
        "  - id: ARMS_TW\n"
        "    label: US arms sales to Taiwan\n"
        "    aliases: [arms sales to Taiwan, arms package]\n"
        "    anaphors: [the sale]\n"
        "    support: [approve, welcome]\n"
        "    oppose: [condemn, {text: retaliate, weight: 2}]\n",
        encoding="utf-8",
    )
    (tmp_path / "study.yaml").write_text(
        "actors: actors.yaml\ncues: cues.yaml\nissues: issues.yaml\n", encoding="utf-8"
    )
    return tmp_path / "study.yaml"


def test_other_actors_and_cues_from_a_study_config(taiwan_config):
    row = one("Beijing held military drills around Taiwan.", "CHN", "TWN", config=str(taiwan_config))
    assert (row.source, row.target, row.quad, row.intensity) == ("CHN", "TWN", "material conflict", -7.2)
    row = one("Washington approved new arms sales to Taipei.", "TWN", "USA", config=str(taiwan_config))
    assert (row.source, row.target, row.relation) == ("USA", "TWN", "cooperation")
    row = one("Beijing condemned Washington.", "CHN", "USA", config=str(taiwan_config))  # a default cue, kept
    assert (row.source, row.target, row.relation) == ("CHN", "USA", "conflict")


# -- bad configuration -------------------------------------------------------------
@pytest.mark.parametrize(
    "cue, problem",
    [
        ("{text: invade, class: material conflict, intensity: -12}", "intensity"),
        ("{text: hug, class: friendly, intensity: 2}", "unknown class 'friendly'"),
        ("{text: hug, class: verbal cooperation, intensity: -2}", "wrong sign"),
        ("{text: hug, class: verbal cooperation, intensity: 2, colour: red}", "unknown key 'colour'"),
        ("{class: verbal cooperation, intensity: 2}", "missing key 'text'"),
    ],
)
def test_bad_cue_file_is_refused_naming_file_and_key(tmp_path, cue, problem):
    path = tmp_path / "bad_cues.yaml"
    path.write_text(f"cues:\n  - {cue}\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_cues(path)
    assert str(path) in str(err.value) and "cues[0]" in str(err.value) and problem in str(err.value)
    study = tmp_path / "study.yaml"
    study.write_text("cues: bad_cues.yaml\n", encoding="utf-8")
    with pytest.raises(InputError, match="bad_cues.yaml"):
        dyads_of(s_verbal_conflict, config=str(study))


def test_bad_word_list_and_options_are_refused(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("extends: default\nnegators: not\n", encoding="utf-8")
    with pytest.raises(InputError, match="negators: expected a list"):
        load_cues(path)
    path.write_text("extends: default\noptions: {max_gap: -1}\n", encoding="utf-8")
    with pytest.raises(InputError, match="options.max_gap"):
        load_cues(path)


# -- the seeds ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def seed_dyads(seed_results):
    # the pipeline's own dyads: of the mentions acting as actors (a place, as "Russia" in
    # "Russia's orbit of influence", is no party to a relation; find_dyads on every
    # mention related it)
    d = seed_results.dyads
    return d.merge(seed_results.sentences[["doc_id", "sent_id", "text"]], on=["doc_id", "sent_id"])


def test_seeds_turkey_and_russia_cooperate_in_every_article_that_relates_them(seed_dyads):
    pair = seed_dyads[
        (seed_dyads[["source", "target"]].apply(sorted, axis=1).str.join("-") == "RUS-TUR")
        & (seed_dyads["relation"] != "neutral")
    ]
    assert pair["doc_id"].nunique() == 3
    for doc_id, part in pair.groupby("doc_id"):
        assert (part["relation"] == "cooperation").all(), (doc_id, part[["sent_id", "cues", "text"]])
        assert part["intensity"].mean() > 0 and part["text"].str.len().gt(0).all()
    bought = pair[pair["text"].str.contains("Russian-made")].iloc[0]
    assert (bought.source, bought.target, bought.quad) == ("TUR", "RUS", "material cooperation")


def test_seeds_united_states_to_turkey_is_conflict(seed_dyads):
    us_tr = seed_dyads[(seed_dyads["source"] == "USA") & (seed_dyads["target"] == "TUR") & seed_dyads["directed"]]
    assert us_tr["intensity"].mean() < 0
    assert (us_tr["relation"] == "conflict").mean() >= 0.75, us_tr[["sent_id", "relation", "cues", "text"]]
    cues = " ".join(us_tr.loc[us_tr["relation"] == "conflict", "cues"]).lower()
    for word in ("pressure", "warnings", "supplying"):
        assert word in cues
    pressure = us_tr[us_tr["text"].str.startswith("Washington has put intense pressure")].iloc[0]
    assert (pressure.relation, pressure.quad, pressure.modality) == ("conflict", "verbal conflict", "asserted")


def test_seeds_sanctions_are_marked_as_planned_or_negated(seed_dyads):
    sanctions = seed_dyads[seed_dyads["text"].str.contains("considering the introduction")].iloc[0]
    assert sanctions.relation == "conflict"
    refused = seed_dyads[seed_dyads["text"].str.startswith("Erdogan, in turn, refused")].iloc[0]
    assert (refused.source, refused.target, refused.cues) == ("TUR", "USA", "threatened")


# -- aggregates, evidence and figures ------------------------------------------------
def test_group_summary_evidence_and_figures(tmp_path):
    import matplotlib.pyplot as plt

    from analysis.plots import relations as rp
    from analysis.plots import style
    from analysis.plots.style import save_figure
    from analysis.summaries import relations as rr

    a = sentences_of(
        s_verbal_conflict, "Washington sanctioned Ankara.", "Turkey and Russia step up military ties.", doc_id="a"
    )
    b = sentences_of("Turkey and Russia are neighbours.", doc_id="b")
    sentences = pd.concat([a, b], ignore_index=True)
    dyads = find_dyads(sentences, find_mentions(sentences, ACTORS), method="rules")
    groups = pd.Series({"a": "Outlet A", "b": "unknown outlet (b)"})
    summary = rr.dyad_summary(dyads, groups, draws=200, seed=1)
    us_tr = summary[(summary["actor_a"] == "TUR") & (summary["actor_b"] == "USA")].iloc[0]
    assert (us_tr["group"], us_tr["n"], us_tr["mean"], us_tr["conflict"], us_tr["b_to_a"], us_tr["direction"]) == (
        "Outlet A",
        2,
        -6.5,
        2,
        2,
        "b→a",
    )
    assert us_tr["lo"] <= us_tr["mean"] <= us_tr["hi"]
    assert "unknown outlet (b)" not in set(summary["group"])  # only a neutral pair there
    with_neutral = rr.dyad_summary(dyads, groups, include_neutral=True, draws=50)
    assert with_neutral.set_index("group").loc["unknown outlet (b)", "mean"] == 0.0
    evidence = rr.dyad_evidence(dyads, sentences, groups)
    assert len(evidence) == 3 and evidence["text"].str.len().gt(0).all() and evidence["cues"].ne("").all()
    for fig, name in (
        (rp.plot_relations_network(summary, ACTORS.labels), "net"),
        (rp.plot_dyad_heatmap(summary, ACTORS.labels), "heat"),
    ):
        assert fig.axes and "per" in (fig._suptitle.get_text() if fig._suptitle else fig.axes[0].get_title())
        assert all(p.stat().st_size > 1000 for p in save_figure(fig, name, tmp_path))
        plt.close(fig)
    assert style.group_names(
        ["unknown outlet (000_2ff674487f59d7c3)", "unknown outlet (001_27fc85bd68165e21)"], "\n"
    ) == {
        "unknown outlet (000_2ff674487f59d7c3)": "unknown outlet\n000_2ff6…",
        "unknown outlet (001_27fc85bd68165e21)": "unknown outlet\n001_27fc…",
    }
    assert style.group_names(["unknown outlet (000_2ff674487f59d7c3)", "CGTN"]) == {
        "unknown outlet (000_2ff674487f59d7c3)": "unknown outlet",
        "CGTN": "CGTN",
    }


# -- clause and role word lists from the configuration --------------------------------
def _cue_study(tmp_path, section: str):
    (tmp_path / "my_cues.yaml").write_text(f"extends: default\n{section}", encoding="utf-8")
    (tmp_path / "study.yaml").write_text("cues: my_cues.yaml\n", encoding="utf-8")
    return tmp_path / "study.yaml"


def test_the_clause_and_dyad_word_lists_default_to_the_packaged_ones():
    rules = load_cues().rules
    assert rules.coordinators == {"and", "nor", "or", ",", "neither", "both", "between", "either"}
    assert rules.participles >= {"bought", "made", "put"} and "is" in rules.passive_auxiliaries
    assert rules.clause_marks == {";", ":", "—", "–"} and "could" in rules.modals


def test_a_study_overriding_the_coordinators_changes_the_dyads(tmp_path):
    text = "Washington and Ankara put pressure on Moscow."
    study = _cue_study(tmp_path, "dyads:\n  coordinators: [nor, or]\n")
    default = {frozenset((r.source, r.target)): r.rule for r in dyads_of(text).itertuples()}
    overridden = {frozenset((r.source, r.target)): r.rule for r in dyads_of(text, config=study).itertuples()}
    assert default[frozenset(("USA", "RUS"))] == "arguments"  # Washington shares Ankara's role through "and"
    assert overridden[frozenset(("USA", "RUS"))] != "arguments"  # "and" no longer coordinates


def test_a_study_overriding_the_speaker_skip_words_changes_the_speaker(tmp_path):
    from analysis.dictionaries.cues import cues_for
    from analysis.text.clauses import attributions
    from analysis.text.inflect_match import tokenize

    tokens = tokenize("Erdogan has also said the deal is done.")
    default = attributions(tokens, load_cues().rules, lambda i: "")
    rules = cues_for(_cue_study(tmp_path, "clauses:\n  speaker_skip: [recently]\n")).rules
    assert [s for _, _, s in default] == ["Erdogan"]
    assert [s for _, _, s in attributions(tokens, rules, lambda i: "")] == ["Erdogan has also"]


@pytest.mark.parametrize(
    "section, key",
    [
        ("dyads:\n  participles: [made, 3]\n", "dyads.participles"),
        ("clauses:\n  modals: could\n", "clauses.modals"),
        ("dyads:\n  coordinators: [and, yes]\n", "dyads.coordinators"),
    ],
)
def test_a_bad_clause_or_dyad_word_list_is_refused_with_the_file_and_key(tmp_path, section, key):
    study = _cue_study(tmp_path, section)
    with pytest.raises(InputError, match=r"my_cues\.yaml.*" + re.escape(key)):
        dyads_of("Turkey and Russia step up military ties.", config=study)


def test_an_unknown_key_in_the_dyads_section_is_refused(tmp_path):
    study = _cue_study(tmp_path, "dyads:\n  coordinator: [and]\n")
    with pytest.raises(InputError, match=r"my_cues\.yaml.*dyads: unknown key 'coordinator'"):
        dyads_of("Turkey and Russia step up military ties.", config=study)
