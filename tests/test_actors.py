"""The actor dictionary: matching rules, leaders, exclusions and bad files."""

from __future__ import annotations

import pytest

from analysis import InputError, load_actors
from analysis.measures.mentions import cooccurrence

ACTORS = load_actors()


def found(text, actors=ACTORS):
    return [(a, s) for a, s, *_ in actors.find(text)]


def test_case_rules_us_but_not_us():
    assert found("The US and us.") == [("USA", "US")]
    assert found("turkey for dinner") == []


def test_longest_alias_first():
    assert found("the Syrian Democratic Forces and the Syrian army") == [
        ("KURDS", "Syrian Democratic Forces"),
        ("SYR", "Syrian"),
    ]
    assert found("Syrian Kurds") == [("KURDS", "Syrian Kurds")]


@pytest.mark.parametrize("text", ["Turkey’s army", "Turkey's army", "Turkeys"])
def test_possessives_straight_and_curly(text):
    expected = [] if text == "Turkeys" else [("TUR", "Turkey")]
    assert found(text) == expected


def test_us_possessive_with_periods():
    assert found("all the U.S.’s warnings") == [("USA", "U.S.")]
    assert found("the U.S.'s warnings") == [("USA", "U.S.")]


def test_exclusions():
    assert found("The Washington Post reported that Washington objects.") == [("USA", "Washington")]
    assert found("flights to Latin America") == []


def test_country_and_its_leader_are_one_mention():
    m = ACTORS.find("Turkish President Recep Tayyip Erdogan met Putin.")
    assert [(a, s, lead) for a, s, _, _, lead in m] == [
        ("TUR", "Turkish President Recep Tayyip Erdogan", "ERDOGAN"),
        ("RUS", "Putin", "PUTIN"),
    ]


def test_leaders_as_their_own_actors():
    own = load_actors(leaders_as_actors=True)
    assert found("Erdogan met Putin in Russia.", own) == [("ERDOGAN", "Erdogan"), ("PUTIN", "Putin"), ("RUS", "Russia")]
    assert "ERDOGAN" in own.ids and "ERDOGAN" not in ACTORS.ids


def test_offsets_point_at_the_surface():
    text = "Despite all the U.S.’s warnings to Turkey"
    for _, surface, a, b, _ in ACTORS.find(text):
        assert text[a:b] == surface


def test_cooccurrence_counts_sentences(seed_results):
    co = cooccurrence(seed_results.mentions)
    pair = co[(co["actor_a"] == "RUS") & (co["actor_b"] == "TUR")]
    assert int(pair["sentences"].iloc[0]) >= 10


def test_every_seed_mentions_the_three_countries(seed_results):
    per_doc = seed_results.mentions.groupby("doc_id")["actor"].apply(set)
    assert len(per_doc) == 3
    for actors in per_doc:
        assert {"USA", "TUR", "RUS"} <= actors


@pytest.mark.parametrize(
    "content, message",
    [
        ("actors: [\n  - id: X\n", "invalid YAML at line"),
        ("actors:\n  - id: X\n    aliases: [X]\n    colour: red\n", "actor X: unknown key 'colour'"),
        ("actors:\n  - id: X\n    aliases: ['']\n", r"actor X\.aliases\[0\]: empty alias"),
        ("actors:\n  - id: X\n    aliases: [A]\n  - id: Y\n    aliases: [A]\n", "alias 'A' is also an alias of X"),
        ("people: []\n", "unknown key 'people'"),
    ],
)
def test_bad_actor_files_name_the_file_and_key(tmp_path, content, message):
    path = tmp_path / "mine.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message) as exc:
        load_actors(path)
    assert str(exc.value).startswith(str(path))


def test_user_file_extends_the_defaults(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("extends: default\nactors:\n  - id: CHN\n    label: China\n    aliases: [China, Beijing]\n")
    mine = load_actors(path)
    assert "CHN" in mine.ids and "TUR" in mine.ids
    assert found("Beijing and Ankara", mine) == [("CHN", "Beijing"), ("TUR", "Ankara")]
