"""open_study: one set-up call for every notebook; tables read back give the same summaries."""

from __future__ import annotations

import os

import golden_tables as golden

import analysis as fa
from analysis.study import in_kernel, show_figures_inline

from conftest import SEEDS


def test_open_study_analyses_the_corpus_when_no_tables_are_given():
    study = fa.open_study(SEEDS, "", "", group_by="outlet")
    assert len(study.articles) == 3 and len(study.results.sentences) > 50
    assert study.groups.index.tolist() == study.articles["doc_id"].tolist()
    assert study.mentioned_actors()[:3] == ["USA", "TUR", "RUS"]
    assert study.mentioned_actors(["RUS"]) == ["RUS"]
    assert set(study.mentioned_actors(in_relations=True)) <= set(study.mentioned_actors())


def test_tables_written_once_give_the_same_tables_and_summaries(tmp_path, seed_results):
    seed_results.save(tmp_path / "tables")
    study = fa.open_study("no-such-corpus", "", tmp_path / "tables", group_by="outlet")
    fresh = golden.summary_tables(seed_results, seed_results.articles, fa.load_config(None), "outlet")
    read = golden.summary_tables(study.results, study.articles, study.config, "outlet")
    assert sorted(read) == sorted(fresh)
    assert [n for n in fresh if golden.digest(fresh[n]) != golden.digest(read[n])] == []


def test_outside_a_kernel_the_backend_is_left_alone(monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    assert not in_kernel()
    assert show_figures_inline() is False
    assert os.environ["MPLBACKEND"] == "Agg"
