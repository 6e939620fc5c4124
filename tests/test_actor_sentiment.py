"""analysis.measures.actor_sentiment: the table, gold comparison, bootstrap aggregates, evidence."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.evaluation import actor_sentiment_vs_gold, evaluate_actor_sentiment, gold_confusion
from analysis.measures.actor_sentiment import actor_sentiment
from analysis.stats.groups import group_labels
from analysis.summaries.actor_sentiment import actor_scores, evidence, evidence_html

s1 = "Russia was praised at the summit, but Turkey was condemned by its allies."
s2 = "Turkey and Ankara's <allies> were furious & hostile."
s3 = "Photo: Turkey's flag."  # boilerplate
ARTICLE = " ".join([s1, s2, s3])


def tables():
    starts = [0, len(s1) + 1, len(s1) + len(s2) + 2]
    sentences = pd.DataFrame(
        {
            "doc_id": "d1",
            "sent_id": [0, 1, 2],
            "start": starts,
            "end": [a + len(t) for a, t in zip(starts, [s1, s2, s3])],
            "text": [s1, s2, s3],
            "boilerplate": [False, False, True],
        }
    )
    rows = []
    for sent, (text, start) in enumerate(zip([s1, s2, s3], starts)):
        for actor, surface in (("RUS", "Russia"), ("TUR", "Turkey"), ("TUR", "Ankara")):
            if surface in text:
                a = start + text.index(surface)
                rows.append(
                    {
                        "doc_id": "d1",
                        "sent_id": sent,
                        "actor": actor,
                        "surface": surface,
                        "start": a,
                        "end": a + len(surface),
                    }
                )
    return sentences, pd.DataFrame(rows)


def test_one_row_per_actor_sentence_and_method():
    sentences, mentions = tables()
    assert all(ARTICLE[a:b] == s for a, b, s in zip(mentions["start"], mentions["end"], mentions["surface"]))
    table = actor_sentiment(sentences, mentions)
    assert list(table.columns) == ["doc_id", "sent_id", "actor", "score", "label", "method", "cues"]
    keys = table[["sent_id", "actor", "method"]].apply(tuple, axis=1).tolist()
    assert keys == [
        (0, "RUS", "model"),
        (0, "RUS", "sentence"),
        (0, "RUS", "target"),
        (0, "TUR", "model"),
        (0, "TUR", "sentence"),
        (0, "TUR", "target"),
        (1, "TUR", "model"),
        (1, "TUR", "sentence"),
        (1, "TUR", "target"),
    ]  # boilerplate left out; Turkey+Ankara is one row per method
    target = table[table["method"] == "target"].set_index(["sent_id", "actor"])["label"]
    assert target[(0, "RUS")] == "positive" and target[(0, "TUR")] == "negative"
    assert target[(1, "TUR")] == "negative"
    naive = table[table["method"] == "sentence"]
    assert naive.loc[naive["sent_id"] == 0, "score"].nunique() == 1


def test_several_mentions_are_combined_by_their_mean():
    sentences, mentions = tables()
    one = actor_sentiment(sentences, mentions[mentions["surface"] != "Ankara"], methods=("target",))
    both = actor_sentiment(sentences, mentions, methods=("target",))
    solo = actor_sentiment(sentences, mentions[mentions["surface"] != "Turkey"], methods=("target",))
    pick = lambda t: t.loc[(t["sent_id"] == 1) & (t["actor"] == "TUR"), "score"].iloc[0]  # noqa: E731
    assert pick(both) == pytest.approx((pick(one) + pick(solo)) / 2)


def small_gold() -> pd.DataFrame:
    """Hand-coded labels for the rows of :func:`tables` (one of them, USA in sentence 5, not scored)."""
    return pd.DataFrame(
        {
            "doc_id": "d1",
            "sent_id": [0, 0, 1, 5],
            "actor": ["RUS", "TUR", "TUR", "USA"],
            "label": ["positive", "negative", "negative", "neutral"],
        }
    )


def test_evaluation_against_gold():
    sentences, mentions = tables()
    table = actor_sentiment(sentences, mentions)
    gold = small_gold()
    res = evaluate_actor_sentiment(table, gold).set_index("method")
    assert res.loc["target", "accuracy"] == 1.0 and res.loc["target", "n"] == 3
    assert res.loc["target", "n_gold"] == 4
    naive_labels = table[(table["method"] == "sentence")].set_index(["sent_id", "actor"])["label"]
    expected = np.mean(
        [
            naive_labels[(0, "RUS")] == "positive",
            naive_labels[(0, "TUR")] == "negative",
            naive_labels[(1, "TUR")] == "negative",
        ]
    )
    assert res.loc["sentence", "accuracy"] == pytest.approx(expected)
    assert expected < 1
    conf = gold_confusion(table, gold, "target")
    assert conf.loc["negative", "negative"] == 2 and conf.to_numpy().sum() == 3


def test_the_majority_baseline_has_its_own_confusion_matrix(tmp_path):
    sentences, mentions = tables()
    table = actor_sentiment(sentences, mentions)
    gold = small_gold()
    gold.to_csv(tmp_path / "gold.csv", index=False)
    scores, confusions = actor_sentiment_vs_gold(table, tmp_path / "gold.csv")
    assert list(confusions) == scores["method"].tolist()  # one matrix per row of the scores
    baseline = confusions["majority baseline (negative)"]
    # every scored gold row answered "negative": the whole count in that column, none elsewhere
    assert baseline["negative"].to_dict() == {"negative": 2, "neutral": 0, "positive": 1}
    assert baseline.drop(columns="negative").to_numpy().sum() == 0
    assert confusions["target"].to_numpy().sum() == 3


def score_table(n: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "doc_id": "d1",
            "sent_id": range(n),
            "actor": "TUR",
            "score": rng.uniform(-1, 0.5, n),
            "label": "neutral",
            "method": "model",  # the default method of actor_scores
            "cues": "",
        }
    )


def test_bootstrap_is_seeded_contains_the_mean_and_narrows_with_n():
    groups = pd.Series({"d1": "Outlet A"})
    small = score_table(10)
    a = actor_scores(small, groups, seed=3, draws=500)
    b = actor_scores(small, groups, seed=3, draws=500)
    pd.testing.assert_frame_equal(a, b)
    row = a.iloc[0]
    assert (row["group"], row["actor"], row["n"]) == ("Outlet A", "TUR", 10)
    assert row["lo"] <= row["mean"] <= row["hi"] and row["lo"] < row["hi"]
    assert row["mean"] == pytest.approx(small["score"].mean())
    big = actor_scores(score_table(400), groups, seed=3, draws=500).iloc[0]
    assert big["hi"] - big["lo"] < (row["hi"] - row["lo"]) / 3
    assert actor_scores(small, groups, min_mentions=11).empty
    with pytest.raises(ValueError, match="no method 'clause' in the table"):
        actor_scores(small, groups, method="clause")


def test_evidence_marks_mention_and_cues_and_escapes_html():
    sentences, mentions = tables()
    table = actor_sentiment(sentences, mentions)
    ev = evidence(table, sentences, mentions, pd.Series({"d1": "Outlet A"}), k=1, method="target")
    tur = ev[ev["actor"] == "TUR"]
    assert tur["side"].tolist() == ["most negative"]  # Turkey is never positive here
    row = tur.iloc[0]
    assert "[Turkey]" in row["text"] and "*condemned*" in row["text"] or "[Ankara]" in row["text"]
    worst = ev[(ev["actor"] == "TUR")].iloc[0]
    assert (
        worst["sent_id"] in (0, 1)
        and worst["score"] == table[(table["method"] == "target") & (table["actor"] == "TUR")]["score"].min()
    )
    marked = evidence(table, sentences, mentions, pd.Series({"d1": "A"}), actor="TUR", k=2, method="target")
    html_row = marked[marked["sent_id"] == 1].iloc[0]
    assert "&lt;allies&gt;" in html_row["html"] and "&amp;" in html_row["html"] and "<allies>" not in html_row["html"]
    assert "<b>Turkey</b></mark>" in html_row["html"] and "<b>Ankara</b></mark>" in html_row["html"]
    assert "furious</mark>" in html_row["html"]
    assert "[Ankara]'s <allies>" in html_row["text"]
    page = evidence_html(marked)
    assert page.count("<tr>") == len(marked) + 1 and "&lt;allies&gt;" in page


def test_seed_gold_target_aware_beats_naive(seed_articles, seed_results):
    from pathlib import Path

    from analysis.evaluation import read_gold

    path = Path(__file__).resolve().parents[1] / "seeds" / "gold" / "actor_sentiment.csv"
    if not path.is_file():
        pytest.skip("no seed gold labels yet (seeds/gold/actor_sentiment.csv)")
    table = actor_sentiment(seed_results.sentences, seed_results.mentions)
    res = evaluate_actor_sentiment(table, read_gold(path)).set_index("method")
    assert res.loc["target", "n"] == res.loc["target", "n_gold"]  # every gold row was scored
    assert res.loc["target", "macro_f1"] > res.loc["sentence", "macro_f1"]
    assert res.loc["target", "accuracy"] > res.loc["sentence", "accuracy"]
    groups = group_labels(seed_articles, "outlet")
    agg = actor_scores(table, groups, seed=0, draws=200)
    assert {"USA", "TUR", "RUS"} <= set(agg["actor"]) and (agg["lo"] <= agg["mean"]).all()


def test_model_rows_are_the_actor_head_s_mean_probabilities_and_pooled_cues():
    """The model's row of an actor × sentence is the mean of its mentions' class
    probabilities by the ``actor`` head, its cues each mention's words once (mentions of
    the same actor are not each other's competitors; no mention is a cue)."""
    from analysis.models.target_sentiment import predict

    sentences, mentions = tables()
    table = actor_sentiment(sentences, mentions, methods=("model",))
    spans = [(s2.index("Turkey"), s2.index("Turkey") + 6), (s2.index("Ankara"), s2.index("Ankara") + 6)]
    probs, _, _, cues = predict(
        [s2, s2],
        [a for a, _ in spans],
        [b for _, b in spans],
        [[], []],
        hide=[spans, spans],
        head="actor",
    )
    row = table[(table["sent_id"] == 1) & (table["actor"] == "TUR")].iloc[0]
    mean = probs.mean(axis=0)
    assert row["score"] == pytest.approx(mean[2] - mean[0], abs=1e-12)
    assert row["label"] == ["negative", "neutral", "positive"][int(mean.argmax())]
    words = [w for c in cues for w in c.split("; ") if w]
    assert row["cues"] == "; ".join(dict.fromkeys(words))
    general = predict([s2, s2], [a for a, _ in spans], [b for _, b in spans], [[], []])[0]
    assert not np.allclose(general, probs)  # the two heads differ
