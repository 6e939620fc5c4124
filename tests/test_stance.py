"""Stance of actors on issues: holders, wishes, negation, pronouns, other studies, seeds."""

from __future__ import annotations

import pytest

from analysis import find_mentions, load_actors, load_config
from analysis.evaluation import align_stance, evaluate_relations, evaluate_stance, load_gold
from analysis.measures.dyads import find_dyads
from analysis.measures.stance import STANCE_COLUMNS, find_stance
from analysis.pipeline import actors_for

from conftest import SEEDS, sentences_of

ACTORS = load_actors()


def stance_of(*texts, config=None):
    sentences = sentences_of(*texts)
    actors = actors_for(load_config(config)) if config is not None else ACTORS
    return find_stance(sentences, find_mentions(sentences, actors), config)


def table(frame, sent_id=None):
    rows = frame if sent_id is None else frame[frame["sent_id"] == sent_id]
    return {(r.actor, r.issue): r.stance for r in rows.itertuples()}


def test_subject_holds_the_cue():
    s = stance_of("Turkey is adamant about the S-400 purchase.")
    assert list(s.columns) == STANCE_COLUMNS
    assert table(s) == {("TUR", "S400"): "support"}
    assert "adamant" in s.iloc[0].cues and s.iloc[0].score > 0


def test_pressure_to_drop_is_the_pressuring_side_against_and_the_target_for():
    s = stance_of("Washington has put intense pressure on Turkey to drop its plan to buy the S-400.")
    assert table(s) == {("USA", "S400"): "oppose", ("TUR", "S400"): "support"}


def test_urging_someone_not_to_buy_is_opposition_of_the_one_who_urges():
    s = stance_of("The US has been trying to convince Turkey not to purchase the missile defense system.")
    t = table(s)
    assert t[("USA", "S400")] == "oppose"


def test_negated_opposition_counts_as_support_for_both_coordinated_actors():
    s = stance_of("Neither Turkey nor Russia showed any regret about the S-400 deal.")
    assert table(s) == {("TUR", "S400"): "support", ("RUS", "S400"): "support"}
    assert "negated" in s.iloc[0].cues


def test_hypothetical_counts_half():
    asserted = stance_of("Turkey bought the S-400.").iloc[0].score
    planned = stance_of("Turkey might buy the S-400.").iloc[0].score
    assert planned == pytest.approx(asserted / 2) and planned > 0


def test_he_is_the_leader_named_just_before():
    s = stance_of(
        "Turkey bought the S-400.",
        "Erdogan spoke in Istanbul on Monday.",
        "He stressed that the purchase is a decided case.",
    )
    assert table(s, 2) == {("TUR", "S400"): "support"}


def test_speaker_holds_the_words_attributed_to_it():
    s = stance_of("Despite the warnings, Putin reiterated that the S-400 deal is going ahead.")
    assert table(s)[("RUS", "S400")] == "support"


def test_actor_without_a_cue_is_neutral_and_sentences_without_the_issue_give_no_rows():
    s = stance_of("Turkey bought the S-400 from Russia.", "Turkey and Russia met.")
    assert table(s) == {("TUR", "S400"): "support", ("RUS", "S400"): "neutral"}
    assert s["sent_id"].tolist() == [0, 0]


def test_another_issue_from_a_study_config(tmp_path):
    (tmp_path / "actors.yaml").write_text(
        "actors:\n"
        "  - {id: CHN, label: China, aliases: [China, Beijing]}\n"
        "  - {id: TWN, label: Taiwan, aliases: [Taiwan, Taipei]}\n"
        "  - {id: USA, label: United States, aliases: [United States, Washington]}\n",
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
    study = tmp_path / "study.yaml"
    study.write_text("actors: actors.yaml\nissues: issues.yaml\n", encoding="utf-8")
    s = stance_of(
        "Washington approved new arms sales to Taiwan.",
        "Beijing condemned the sale and threatened to retaliate.",
        "Taipei welcomed the arms package.",
        config=str(study),
    )
    assert table(s) == {("USA", "ARMS_TW"): "support", ("CHN", "ARMS_TW"): "oppose", ("TWN", "ARMS_TW"): "support"}
    assert s.loc[s["actor"] == "CHN", "score"].iloc[0] == pytest.approx(-1 - 2 * 0.5)  # "threatened to": a plan


# -- the seeds ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def seed_stance(seed_results):
    s = find_stance(seed_results.sentences, seed_results.mentions)
    return s.merge(seed_results.sentences[["doc_id", "sent_id", "text"]], on=["doc_id", "sent_id"])


def test_seeds_turkey_supports_the_purchase_in_every_article(seed_stance):
    tur = seed_stance[(seed_stance["actor"] == "TUR") & (seed_stance["issue"] == "S400")]
    assert tur["doc_id"].nunique() == 3
    for doc_id, part in tur.groupby("doc_id"):
        assert part["score"].sum() > 0 and (part["stance"] == "oppose").sum() == 0, (
            doc_id,
            part[["sent_id", "cues", "text"]],
        )
    adamant = tur[tur["text"].str.startswith("Turkey is adamant")].iloc[0]
    assert adamant.stance == "support" and "adamant" in adamant.cues


def test_seeds_united_states_opposes_the_purchase_in_every_article(seed_stance):
    usa = seed_stance[(seed_stance["actor"] == "USA") & (seed_stance["issue"] == "S400")]
    for doc_id, part in usa.groupby("doc_id"):
        assert part["score"].sum() < 0 and (part["stance"] == "support").sum() == 0, (
            doc_id,
            part[["sent_id", "cues", "text"]],
        )
    fears = usa[usa["text"].str.startswith("Washington fears the S-400 deal")].iloc[0]
    assert fears.stance == "oppose" and "fears" in fears.cues


def test_agreement_with_gold_is_reported(seed_results, seed_stance):
    gold_stance, gold_rel = load_gold(SEEDS / "gold", "stance"), load_gold(SEEDS / "gold", "relations")
    if gold_stance is None or gold_rel is None:
        pytest.skip("no gold labels")
    ev = evaluate_stance(seed_stance, gold_stance).iloc[0]
    assert ev.n == len(gold_stance) and 0.6 <= ev.accuracy <= 1 and 0 <= ev.macro_f1 <= 1
    aligned = align_stance(seed_stance, gold_stance)
    assert set(aligned["stance"]) <= {"support", "oppose", "neutral"} and len(aligned) == len(gold_stance)
    dyads = find_dyads(seed_results.sentences, seed_results.mentions)
    rel = evaluate_relations(dyads, gold_rel).set_index("measure")
    assert rel.loc["relation", "n"] == len(gold_rel) and rel.loc["relation", "accuracy"] >= 0.6


def test_missing_gold_folder_gives_none(tmp_path):
    assert load_gold(tmp_path, "stance") is None and load_gold("", "stance") is None


# -- stance word lists from the configuration ------------------------------------------
def _issue_study(tmp_path, section: str):
    from analysis.dictionaries.registry import default_path

    packaged = default_path("issues.yaml").read_text(encoding="utf-8")
    head, _, rest = packaged.partition("\nstance:\n")
    issues = rest[rest.index("\nissues:") :]
    (tmp_path / "my_issues.yaml").write_text(f"{head}\n{section}{issues}", encoding="utf-8")
    (tmp_path / "study.yaml").write_text("issues: my_issues.yaml\n", encoding="utf-8")
    return tmp_path / "study.yaml"


def test_a_study_overriding_the_target_words_changes_the_stance(tmp_path):
    text = "Washington threatened sanctions on Turkey over the S-400."
    study = _issue_study(tmp_path, "stance:\n  target_words: [to, against]\n")
    s400 = lambda frame: table(frame[frame["issue"] == "S400"])  # noqa: E731 ("sanctions" names another issue)
    assert s400(stance_of(text)) == {("USA", "S400"): "oppose", ("TUR", "S400"): "support"}
    # "on" no longer joins the cue to Turkey: Turkey is named but not portrayed as holding the issue
    assert s400(stance_of(text, config=study)) == {("USA", "S400"): "oppose", ("TUR", "S400"): "neutral"}


def test_an_issue_file_without_a_stance_section_keeps_the_packaged_lists(tmp_path):
    from analysis.dictionaries.issues import issues_for, packaged_stance

    study = _issue_study(tmp_path, "")
    assert issues_for(study).stance == packaged_stance()
    assert packaged_stance().personal_pronouns == {"he", "she"}


def test_a_bad_stance_word_list_is_refused_with_the_file_and_key(tmp_path):
    from analysis import InputError

    study = _issue_study(tmp_path, "stance:\n  target_words: [to, on]\n")  # unquoted on is YAML's true
    with pytest.raises(InputError, match=r"my_issues\.yaml.*stance\.target_words.*quote words"):
        stance_of("Turkey is adamant about the S-400 purchase.", config=study)
