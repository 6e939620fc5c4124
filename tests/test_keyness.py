"""Fightin' Words: the weighted log-odds against hand computation, priors, tokens."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.stats.groups import group_labels
from analysis.stats.keyness import fightin_words, keyness_by_group, split_counts, term_counts, tokenize

from conftest import SEED_IDS

A = {"sanctions": 8, "ally": 2, "trade": 5}  # n_a = 15; "deal" absent
B = {"sanctions": 1, "ally": 6, "deal": 3}  # n_b = 10; "trade" absent


def by_hand(y_i, y_j, n_i, n_j, a_w, a_0):
    delta = math.log((y_i + a_w) / (n_i + a_0 - y_i - a_w)) - math.log((y_j + a_w) / (n_j + a_0 - y_j - a_w))
    var = 1 / (y_i + a_w) + 1 / (y_j + a_w)
    return delta, var, delta / math.sqrt(var)


def test_default_prior_matches_hand_computation():
    # default: background a + b, alpha0 = its size (25), so alpha_w = count in a + b
    table = fightin_words(A, B).set_index("term")
    for term in ("sanctions", "ally", "trade", "deal"):
        y_i, y_j = A.get(term, 0), B.get(term, 0)
        delta, var, z = by_hand(y_i, y_j, 15, 10, y_i + y_j, 25)
        assert table.loc[term, "delta"] == pytest.approx(delta, abs=1e-9)
        assert table.loc[term, "var"] == pytest.approx(var, abs=1e-9)
        assert table.loc[term, "z"] == pytest.approx(z, abs=1e-9)
        assert table.loc[term, "prior"] == pytest.approx(y_i + y_j, abs=1e-12)


def test_reference_prior_scaled_by_alpha0_matches_hand_computation():
    ref = {"sanctions": 10, "ally": 10, "deal": 5, "economy": 25}  # 50 words; "trade" unseen -> 0.5
    table = fightin_words(A, B, prior=ref, alpha0=5).set_index("term")
    total = 50.5
    for term in ("sanctions", "ally", "trade", "deal"):
        a_w = 5 * ref.get(term, 0.5) / total
        delta, var, z = by_hand(A.get(term, 0), B.get(term, 0), 15, 10, a_w, 5)
        assert table.loc[term, "delta"] == pytest.approx(delta, abs=1e-9)
        assert table.loc[term, "z"] == pytest.approx(z, abs=1e-9)
    assert "economy" not in table.index  # only terms of a or b are scored


def test_words_absent_from_one_group_are_scored_with_the_right_sign():
    table = fightin_words(A, B).set_index("term")
    assert table.loc["trade", ["count_a", "count_b"]].tolist() == [5, 0]
    assert table.loc["trade", "z"] > 0 and table.loc["deal", "z"] < 0
    assert table["z"].notna().all() and (table["var"] > 0).all()


def test_sorted_by_z_then_term_and_same_for_series_input():
    table = fightin_words(A, B)
    assert list(table.columns) == ["term", "count_a", "count_b", "prior", "delta", "var", "z"]
    assert list(table["term"]) == ["sanctions", "trade", "deal", "ally"]
    tie = fightin_words({"y": 1, "x": 1}, {"z": 2})
    assert list(tie["term"][:2]) == ["x", "y"]
    assert fightin_words(pd.Series(A), pd.Series(B)).equals(table)


@pytest.mark.parametrize("prior", [{}, {"sanctions": 0, "ally": 0}, {"sanctions": 3, "ally": -1}])
def test_prior_without_positive_mass_is_refused(prior):
    with pytest.raises(ValueError, match="prior"):
        fightin_words(A, B, prior=prior)


@pytest.mark.parametrize("alpha0", [0, -5, float("nan")])
def test_alpha0_must_be_positive(alpha0):
    with pytest.raises(ValueError, match="alpha0"):
        fightin_words(A, B, alpha0=alpha0)


def test_negative_counts_are_refused():
    with pytest.raises(ValueError, match="non-negative"):
        fightin_words({"x": -1}, B)


def test_tokenizer():
    s1 = "Turkey's S-400 anti-aircraft systems, the U.S. said, are a 'done deal'."
    assert tokenize(s1) == ["turkey", "s-400", "anti-aircraft", "systems", "done", "deal"]


def sentences_of(pairs):
    rows = [{"doc_id": d, "sent_id": i, "text": t, "boilerplate": b} for i, (d, t, b) in enumerate(pairs)]
    return pd.DataFrame(rows)


def test_term_counts_for_any_two_groups_skip_boilerplate():
    sents = sentences_of(
        [
            ("a", "Sanctions and sanctions.", False),
            ("b", "Trade deal.", False),
            ("c", "Sanctions trade.", False),
            ("a", "Photo credit sanctions", True),
        ]
    )
    assert term_counts(sents).to_dict() == {"deal": 1, "sanctions": 3, "trade": 2}
    ca, cb = split_counts(sents, ["a"])
    assert ca.to_dict() == {"sanctions": 2}
    assert cb.to_dict() == {"deal": 1, "sanctions": 1, "trade": 2}
    ca, cb = split_counts(sents, ["a"], ["b"])
    assert cb.to_dict() == {"deal": 1, "trade": 1}


def test_each_seed_outlet_against_the_rest(seed_articles, seed_results):
    groups = group_labels(seed_articles, "outlet")
    table = keyness_by_group(seed_results.sentences, groups)
    assert set(table["group"]) == set(groups)
    top = table[table["group"] == groups[SEED_IDS[0]]].iloc[0]
    assert top["term"] == "isis" and top["z"] > 0  # ISIS is only in article 000
    cgtn = table[table["group"] == "CGTN"].set_index("term")
    assert cgtn.loc["putin", "z"] > 0 and cgtn.loc["kurdish", "z"] < 0
    assert (table.groupby("group")["z"].apply(lambda z: z.is_monotonic_decreasing)).all()


def test_top_terms_lists_both_sides():
    from analysis.stats.keyness import top_terms

    table = fightin_words(A, B).assign(group="G")
    row = top_terms(table, n=2).iloc[0]
    assert row["typical_of_group"].startswith("sanctions (+") and ", trade (+" in row["typical_of_group"]
    assert row["typical_of_rest"].startswith("ally (-")
