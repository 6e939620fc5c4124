"""The validation kit: blind coding sheets and their scores (python -m analysis validate)."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from analysis import validation

from conftest import ROOT, SEEDS


def run(*args, cwd=ROOT):
    return subprocess.run(
        [sys.executable, "-m", "analysis", *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=600
    )


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    out = tmp_path_factory.mktemp("tables")
    res = run("score", SEEDS, "--out", out, "--no-progress")
    assert res.returncode == 0, res.stderr
    return out


@pytest.fixture(scope="module")
def sheet(tmp_path_factory):
    path = tmp_path_factory.mktemp("sheet") / "coding.csv"
    res = run(
        "validate", "sample", SEEDS, "--measure", "actor_sentiment", "--n", "40", "--per-article", "20", "--out", path
    )
    assert res.returncode == 0, res.stderr
    return path


def test_sample_is_blind_stratified_bounded_and_repeatable(sheet, tmp_path):
    frame = pd.read_csv(sheet, dtype=str, keep_default_na=False)
    assert len(frame) == 40
    assert {"item_id", "doc_id", "sent_id", "actor", "target", "sentence", "coder_1", "coder_2", "gold"} <= set(
        frame.columns
    )
    assert not ({"label", "score", "method", "cues"} & set(frame.columns))  # no method's output
    assert (frame[["coder_1", "coder_2", "gold"]] == "").all().all()
    assert frame.groupby("doc_id").size().max() <= 20
    assert not frame.duplicated(["doc_id", "sent_id"]).any()
    assert frame["sentence"].str.contains(r"\[\[.+\]\]").all()
    assert frame["actor"].nunique() >= 3
    again = tmp_path / "again.csv"
    assert run("validate", "sample", SEEDS, "--n", "40", "--per-article", "20", "--out", again).returncode == 0
    assert again.read_bytes() == sheet.read_bytes()


def _coded(sheet, tmp_path, flip=0):
    """A sheet coded from the seed gold (coder_1) and a second coder who differs on ``flip`` items."""
    frame = pd.read_csv(sheet, dtype=str, keep_default_na=False)
    gold = pd.read_csv(SEEDS / "gold" / "actor_sentiment.csv", dtype=str)
    gold = gold.set_index(["doc_id", "sent_id", "actor"])["label"]
    frame = frame[[(d, s, a) in gold.index for d, s, a in zip(frame["doc_id"], frame["sent_id"], frame["actor"])]]
    frame = frame.copy()
    frame["coder_1"] = [gold[(d, s, a)] for d, s, a in zip(frame["doc_id"], frame["sent_id"], frame["actor"])]
    frame["coder_2"] = frame["coder_1"]
    for i in range(flip):
        frame.iloc[i, frame.columns.get_loc("coder_2")] = (
            "neutral" if frame.iloc[i]["coder_1"] != "neutral" else "negative"
        )
    path = tmp_path / "coded.csv"
    frame.to_csv(path, index=False)
    return path, frame


def test_score_reports_every_method_beside_the_majority_baseline(sheet, scored, tmp_path):
    path, frame = _coded(sheet, tmp_path, flip=3)
    out = tmp_path / "result.json"
    res = run("validate", "score", path, scored, "--json", out, "--draws", "200")
    assert res.returncode == 0, res.stderr
    assert "majority (" in res.stdout and "Krippendorff's alpha between coders" in res.stdout
    result = json.loads(out.read_text())
    assert set(result["methods"]) == {"model", "sentence", "target"}
    agree = frame[frame["coder_1"] == frame["coder_2"]]
    assert result["n_scored"] == len(agree) - (agree["coder_1"] == "not_actor").sum()
    assert 0 < result["alpha_between_coders"] < 1
    gold = agree["coder_1"].tolist()
    majority = max(set(gold), key=gold.count)
    assert result["majority_baseline"]["label"] == majority
    assert result["majority_baseline"]["accuracy"] == pytest.approx(gold.count(majority) / len(gold))
    for m in result["methods"].values():
        lo, hi = m["accuracy_ci"]
        assert lo <= m["accuracy"] <= hi
        assert sum(sum(row.values()) for row in m["confusion"].values()) == result["n_scored"]


def test_reference_label_rules():
    sheet = pd.DataFrame(
        {
            "coder_1": ["negative", "neutral", "positive", ""],
            "coder_2": ["negative", "positive", "", ""],
            "gold": ["", "", "", "neutral"],
        }
    )
    assert validation.reference_labels(sheet).tolist() == ["negative", "", "positive", "neutral"]
    assert validation.cohen_kappa(["a", "b", "a", "b"], ["a", "b", "a", "b"]) == pytest.approx(1.0)


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda f: f.drop(columns=["actor"]), "missing column 'actor'"),
        (lambda f: f.assign(coder_1="awful"), "unknown label 'awful' in column 'coder_1'"),
        (lambda f: f.assign(doc_id="no_such_doc"), "is not in the actor_sentiment table"),
        (lambda f: f.drop(columns=["coder_1", "coder_2", "gold"]), "no coder columns"),
    ],
)
def test_bad_sheets_get_one_line_and_exit_2(sheet, scored, tmp_path, change, message):
    path, frame = _coded(sheet, tmp_path)
    change(frame).to_csv(path, index=False)
    res = run("validate", "score", path, scored)
    assert res.returncode == 2
    assert message in res.stderr
    assert "Traceback" not in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1
    assert str(path) in res.stderr


def test_sample_warns_when_fewer_items_exist(tmp_path):
    res = run("validate", "sample", SEEDS, "--n", "40", "--out", tmp_path / "x.csv")
    assert res.returncode == 0
    assert "only 9 actor_sentiment items can be drawn" in res.stderr


def test_sample_refuses_bad_arguments(tmp_path):
    res = run("validate", "sample", SEEDS, "--n", "0", "--out", tmp_path / "x.csv")
    assert res.returncode == 2 and "at least 1" in res.stderr
    res = run("validate", "sample", tmp_path / "missing", "--out", tmp_path / "x.csv")
    assert res.returncode == 2 and "Traceback" not in res.stderr


def test_score_sheet_reads_missing_values_as_not_coded(sheet, scored):
    from analysis.pipeline import load_results

    frame = pd.read_csv(sheet)  # default NA handling: empty cells are NaN
    frame["coder_1"] = ["negative"] * 5 + [None] * (len(frame) - 5)
    frame["coder_notes"] = "free text is not a coder"
    result = validation.score_sheet(frame, load_results(scored), draws=50)
    assert result["n_scored"] == 5 and result["skipped"]["not_coded_or_split"] == len(frame) - 5
    assert result["label_counts"]["negative"] == 5
