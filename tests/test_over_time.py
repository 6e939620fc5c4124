"""Time as a dimension: dates read once, periods, per-period summaries, pooling, bounded
figures, stable colours, events and the default study's issues."""

from __future__ import annotations

import json

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import analysis as fa
from analysis.corpus.dates import dating_report, parse_date, parse_dates
from analysis.dictionaries.events import events_for
from analysis.errors import InputError
from analysis.plots import style
from analysis.stats.bootstrap import cluster_mean, grouped_bootstrap
from analysis.stats.periods import all_periods, article_periods, group_order, period_label, pool_groups
from analysis.summaries import over_time as ot

from conftest import SEEDS, sentences_of


@pytest.mark.parametrize(
    "given, expected",
    [
        ("2019-07-12", "2019-07-12"),
        ("2019-07-12T10:30:00Z", "2019-07-12"),
        ("2019-07-12 23:59:00+03:00", "2019-07-12"),
        ("2019/7/2", "2019-07-02"),
        ("20190712", "2019-07-12"),
        ("9/28/16", "2016-09-28"),  # AllSides' own short form, month first
        ("7/12/2019", "2019-07-12"),
        ("25/12/2019", "2019-12-25"),  # cannot be month first
        ("July 12, 2019", "2019-07-12"),
        ("Jul. 12 2019", "2019-07-12"),
        ("12 July 2019", "2019-07-12"),
        ("Sept 3, 2018", "2018-09-03"),
        ("Fri, 12 Jul 2019 10:30:00 +0000", "2019-07-12"),  # RSS (RFC 2822)
        ("Friday, July 12, 2019 - 10:30", "2019-07-12"),
        ("12-Jul-2019", "2019-07-12"),
        ("2019-07", ""),  # no day: not guessed
        ("July 2019", ""),
        ("2019", ""),
        ("2019-02-30", ""),  # impossible
        ("soon", ""),
        ("", ""),
        (None, ""),
        (float("nan"), ""),
    ],
)
def test_dates_in_the_forms_news_data_uses(given, expected):
    assert parse_date(given) == expected


def test_date_objects_from_yaml_or_parquet_are_read():
    import datetime as dt

    assert parse_date(dt.date(2020, 12, 14)) == "2020-12-14"
    assert parse_date(pd.Timestamp("2020-12-14 08:00")) == "2020-12-14"
    assert list(parse_dates(["9/28/16", "", "9/28/16"])) == ["2016-09-28", "", "2016-09-28"]


@pytest.fixture
def dated_corpus(tmp_path):
    rows = [
        {"id": "a", "outlet": "One", "date": "2019-07-12", "text": "Turkey and Russia met."},
        {"id": "b", "outlet": "One", "date": "9/28/16", "text": "Turkey spoke."},
        {"id": "c", "outlet": "Two", "date": None, "text": "Russia spoke."},
        {"id": "d", "outlet": "Two", "date": "sometime in spring", "text": "NATO spoke."},
        {"id": "e", "outlet": "Three", "date": "Fri, 12 Jul 2019 10:30:00 +0000", "text": "The US spoke."},
    ]
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_dates_are_read_once_when_the_corpus_is_loaded_and_undated_articles_are_kept(dated_corpus):
    arts = fa.load_corpus(dated_corpus)
    assert len(arts) == 5  # nothing dropped
    assert dict(zip(arts["doc_id"], arts["date_iso"])) == {
        "a": "2019-07-12",
        "b": "2016-09-28",
        "c": "",
        "d": "",
        "e": "2019-07-12",
    }
    assert list(arts["date"])[3] == "sometime in spring"  # the given value is kept as it was
    report = dating_report(arts)
    assert report["dated"] == 3 and report["undated"] == 1 and report["unreadable"] == 1
    assert report["unreadable_examples"] == ["sometime in spring"]
    assert (report["first"], report["last"]) == ("2016-09-28", "2019-07-12")


def test_streaming_batches_carry_the_parsed_dates(dated_corpus):
    from analysis.corpus.readers import iter_corpus

    batches = list(iter_corpus(dated_corpus, batch_size=2))
    assert all("date_iso" in b.columns for b in batches)
    assert sorted(pd.concat(batches)["date_iso"]) == ["", "", "2016-09-28", "2019-07-12", "2019-07-12"]


def test_periods_month_quarter_year():
    day = pd.Timestamp("2019-07-12")
    assert [period_label(day, p) for p in ("month", "quarter", "year")] == ["2019-07", "2019-Q3", "2019"]
    arts = pd.DataFrame({"doc_id": ["a", "b", "c"], "date": ["", "", ""], "date_iso": ["2019-07-12", "", "2020-01-02"]})
    assert article_periods(arts, "quarter").to_dict() == {"a": "2019-Q3", "c": "2020-Q1"}
    assert all_periods(["2019-Q3", "2020-Q1"], "quarter") == ["2019-Q3", "2019-Q4", "2020-Q1"]
    with pytest.raises(ValueError, match="month, quarter, year"):
        article_periods(arts, "week")


def test_tables_saved_before_date_iso_are_read_from_date():
    arts = pd.DataFrame({"doc_id": ["a", "b"], "date": ["July 12, 2019", ""]})
    assert article_periods(arts, "month").to_dict() == {"a": "2019-07"}


def test_top_groups_pools_the_rest_as_other_and_says_how_many():
    groups = pd.Series(["A"] * 5 + ["B"] * 3 + ["C"] * 3 + ["D"], index=[f"d{i}" for i in range(12)])
    pooled = pool_groups(groups, 2, "outlets")
    # B and C tie on 3 articles: the tie goes by name
    assert pooled.value_counts().to_dict() == {"A": 5, "other (2 outlets)": 4, "B": 3}
    assert group_order(pooled) == ["A", "B", "other (2 outlets)"]
    assert pool_groups(groups, 0).equals(groups) and pool_groups(groups, 4).equals(groups)


def test_open_study_pools_groups_and_groups_by_period(dated_corpus):
    study = fa.open_study(dated_corpus, group_by="outlet", top_groups=1, period="year")
    assert set(study.groups) == {"One", "other (2 outlets)"}
    assert "other (2 outlets)" in study.pooled
    assert study.periods.to_dict() == {"a": "2019", "b": "2016", "e": "2019"}
    by_date = fa.open_study(dated_corpus, group_by="date", period="year")
    assert by_date.groups.to_dict() == {"a": "2019", "b": "2016", "c": "undated", "d": "undated", "e": "2019"}


def test_cluster_bootstrap_weights_every_cluster_equally():
    # outlet x: one article with 4 mentions; outlet y: three articles with none
    stats = cluster_mean([4, 0, 0, 0], ["x", "y", "y", "y"], draws=500, seed=1)
    assert stats["mean"] == pytest.approx(2.0) and stats["n"] == 4
    assert stats["lo"] <= 2.0 <= stats["hi"] and stats["hi"] > stats["lo"]
    assert cluster_mean([4, 0, 0, 0], ["x", "y", "y", "y"], draws=500, seed=1) == stats
    frame = pd.DataFrame({"g": ["a"] * 4, "v": [4, 0, 0, 0], "c": ["x", "y", "y", "y"]})
    assert grouped_bootstrap(frame, "g", "v", draws=500, seed=1, cluster="c").iloc[0]["mean"] == pytest.approx(2.0)


def test_attention_is_mentions_per_article_normalised_by_each_outlets_volume():
    articles = pd.DataFrame({"doc_id": ["a1", "b1", "b2", "b3"], "outlet": ["x", "y", "y", "y"]})
    mentions = pd.DataFrame({"doc_id": ["a1"] * 4, "actor": ["TUR"] * 4})
    groups = pd.Series("left", index=articles["doc_id"])
    periods = pd.Series("2019", index=articles["doc_id"])
    out = ot.attention_over_time(articles, mentions, groups, periods, actors=["TUR"], draws=300)
    row = out.iloc[0]
    assert (row["group"], row["period"], row["actor"]) == ("left", "2019", "TUR")
    assert row["mean"] == pytest.approx(2.0)  # (4/1 + 0/3) / 2, not 4/4
    assert (row["n"], row["outlets"], row["mentions"]) == (4, 2, 4)


def test_every_summary_is_available_per_period_with_n(seed_results):
    groups = fa.group_labels(seed_results.articles, "outlet")
    periods = pd.Series({d: p for d, p in zip(groups.index, ["2018", "2019", "2019"])})
    scores = ot.actor_scores_over_time(seed_results.actor_sentiment, groups, periods, draws=200)
    assert list(scores.columns[:3]) == ["group", "period", "actor"]
    assert (scores["n"] >= 1).all() and set(scores["period"]) <= {"2018", "2019"}
    # a cell per group and period equals the per-group summary of that period's articles
    one = scores[scores["period"] == "2018"]
    docs = periods[periods == "2018"].index
    part = seed_results.actor_sentiment[seed_results.actor_sentiment["doc_id"].isin(docs)]
    direct = fa.actor_scores(part, groups, draws=200)
    assert np.allclose(one["mean"].to_numpy(), direct["mean"].to_numpy())
    for fn, table in (
        (ot.dyad_summary_over_time, seed_results.dyads),
        (ot.stance_summary_over_time, seed_results.stance),
    ):
        out = fn(table, groups, periods, draws=200)
        assert "period" in out.columns and len(out) and (out["n"] >= 1).all()
    shares = fa.frame_shares(seed_results.frames, seed_results.sentences)
    frames = ot.frame_shares_over_time(shares, groups, periods, draws=200)
    assert {"group", "period", "frame", "mean", "lo", "hi", "n"} <= set(frames.columns)
    # undated articles are left out, not pooled into a period
    partial = ot.actor_scores_over_time(seed_results.actor_sentiment, groups, periods.iloc[:1], draws=200)
    assert set(partial["period"]) == {"2018"}


def test_no_png_is_larger_than_6000_pixels_a_side(tmp_path):
    fig, ax = plt.subplots(figsize=(40, 4))  # 12,000 px wide at 300 dpi
    ax.plot([0, 1], [0, 1])
    ax.set_title("a very wide figure")
    (png, _) = style.save_figure(fig, "wide", tmp_path, show=False)
    width, height = style.png_size(png.read_bytes())
    assert max(width, height) <= style.MAX_PIXELS and width > 5000
    small, _ = style.save_figure(plt.subplots(figsize=(4, 3))[0], "small", tmp_path, show=False)
    assert max(style.png_size(small.read_bytes())) < 1300  # small figures keep 300 dpi


def test_colours_are_stable_per_group_across_figures():
    fixed = style.register_colours(["Big", "Middle", "Small", "other (5 outlets)"])
    assert fixed["other (5 outlets)"] == style.OTHER_COLOUR
    assert len({fixed["Big"], fixed["Middle"], fixed["Small"]}) == 3
    # a figure showing only some groups, in another order, draws them the same
    assert style.colours(["Small", "Big"]) == {"Small": fixed["Small"], "Big": fixed["Big"]}
    # an unregistered key gets a colour no registered key of the figure uses
    mixed = style.colours(["Big", "New"])
    assert mixed["New"] != mixed["Big"]


def test_events_from_the_configuration(tmp_path):
    default = events_for(None)
    assert {"2019-07-12", "2019-07-17", "2020-12-14"} <= set(default["date"].dt.strftime("%Y-%m-%d"))
    assert default["date"].is_monotonic_increasing
    config = tmp_path / "study.yaml"
    config.write_text('events:\n  - {date: "July 1, 2018", label: My event}\n', encoding="utf-8")
    mine = events_for(config)
    assert mine.to_dict("records") == [{"date": pd.Timestamp("2018-07-01"), "label": "My event"}]
    config.write_text("events: []\n", encoding="utf-8")
    assert events_for(config).empty
    inline = events_for({"events": [{"date": "2022-08-02", "label": " Pelosi  visits Taiwan "}]})
    assert inline.to_dict("records") == [{"date": pd.Timestamp("2022-08-02"), "label": "Pelosi visits Taiwan"}]
    bad = tmp_path / "bad.yaml"
    bad.write_text("events:\n  - {date: 2019-13-45, label: x}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.yaml.*month must be in 1..12"):
        events_for(bad)
    bad.write_text("events:\n  - {date: 'in the spring', label: x}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.yaml.*events\[0\]\.date: not a full date"):
        events_for(bad)
    bad.write_text("events:\n  - {date: 2019-01-01}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"missing key 'label'"):
        events_for(bad)


def test_figures_over_time_draw_groups_events_and_thin_points(tmp_path):
    from analysis.plots.over_time import plot_articles_over_time, plot_over_time

    table = pd.DataFrame(
        {
            "group": ["left", "left", "right", "right"],
            "period": ["2018", "2019", "2018", "2019"],
            "actor": ["TUR"] * 4,
            "mean": [0.1, -0.2, 0.0, 0.3],
            "lo": [0.0, -0.4, -0.1, 0.1],
            "hi": [0.2, 0.0, 0.1, 0.5],
            "n": [10, 12, 2, 9],
        }
    )
    fig = plot_over_time(table, "actor", "year", "mean", "Sentiment", {"TUR": "Turkey"}, events_for(None), min_n=3)
    texts = [t.get_text() for t in fig.findobj(plt.Text)]
    assert any("Turkey" == t for t in texts) and any("Events:" in t for t in texts)
    assert any("fewer than 3" in t for t in texts)
    png, _ = style.save_figure(fig, "over_time", tmp_path, show=False)
    assert max(style.png_size(png.read_bytes())) <= style.MAX_PIXELS
    empty = plot_over_time(table.iloc[:0], "actor", "year", "mean", "Sentiment")
    assert isinstance(empty, style.NoFigure) and "no dated article" in empty.reason
    assert style.save_figure(empty, "empty_over_time", tmp_path, show=False) == []
    assert not list(tmp_path.glob("empty_over_time*"))
    # every value in one period: no line to draw, and the note says why and what to try
    one = plot_over_time(table[table["period"] == "2019"], "actor", "year", "mean", "Sentiment")
    assert isinstance(one, style.NoFigure), one
    assert "falls in one year (2019)" in one.reason and "-p period quarter" in one.reason
    monthly = plot_over_time(table.assign(period="2019-03"), "actor", "month", "mean", "Sentiment")
    assert isinstance(monthly, style.NoFigure) and "finer" not in monthly.reason
    # two periods, but each panel has one: still no line
    apart = pd.concat([table[table["period"] == "2019"], table[table["period"] == "2018"].assign(actor="USA")])
    split = plot_over_time(apart, "actor", "year", "mean", "Sentiment")
    assert isinstance(split, style.NoFigure) and "each panel's values fall in one year (2018, 2019)" in split.reason
    # one panel spanning two periods is enough, beside a panel with one
    both = plot_over_time(pd.concat([table, table.iloc[:1].assign(actor="USA")]), "actor", "year", "mean", "S")
    assert not isinstance(both, style.NoFigure)
    counts = pd.DataFrame({"group": ["left"], "period": ["2019"], "articles": [4]})
    fig = plot_articles_over_time(counts, "year", events_for(None), undated=2)
    assert any("2 undated" in t.get_text() for t in fig.findobj(plt.Text))
    plt.close("all")


def test_default_study_has_six_issues_with_stance():
    issues = fa.load_issues()
    assert issues.ids == ["S400", "F35", "KURDS_SUPPORT", "SANCTIONS", "SYRIA_OPS", "NATO_PLACE"]
    assert all(i.aliases and i.anaphors and i.cues for i in issues.issues)
    sentences = sentences_of(
        "The United States imposed sanctions on Turkey.",
        "Washington removed Turkey from the F-35 program.",
        "The European Union condemned the Turkish offensive.",
        "The United States continued arming the Kurdish-led Syrian Democratic Forces.",
        "Turkey reaffirmed its commitment as a NATO member.",
    )
    mentions = fa.find_mentions(sentences, fa.load_actors())
    stance = fa.find_stance(sentences, mentions)
    got = {(r.actor, r.issue): r.stance for r in stance.itertuples() if r.stance != "neutral"}
    assert got[("USA", "SANCTIONS")] == "support"
    assert got[("USA", "F35")] == "oppose" and got[("TUR", "F35")] == "support"
    assert got[("EU", "SYRIA_OPS")] == "oppose"
    assert got[("USA", "KURDS_SUPPORT")] == "support"
    assert got[("TUR", "NATO_PLACE")] == "support"


def test_seed_corpus_counts_its_undated_articles():
    report = dating_report(fa.load_corpus(SEEDS))
    assert report == {
        "articles": 3,
        "dated": 1,
        "undated": 2,
        "unreadable": 0,
        "unreadable_examples": [],
        "first": "2019-04-08",
        "last": "2019-04-08",
    }
