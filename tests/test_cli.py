"""python -m analysis score: tables on disk, and one clear line for bad input."""

from __future__ import annotations

import pandas as pd

from conftest import ROOT, SEEDS, run_analysis, snapshot


def run(*args, cwd=ROOT):
    return run_analysis(*args, cwd=cwd, timeout=300)


def test_score_writes_every_table_as_csv_and_parquet(tmp_path):
    before = snapshot(SEEDS)
    proc = run("score", SEEDS, "--out", tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    for name in ("articles", "sentences", "mentions"):
        csv = pd.read_csv(tmp_path / "out" / f"{name}.csv", keep_default_na=False)
        pq = pd.read_parquet(tmp_path / "out" / f"{name}.parquet")
        assert len(csv) == len(pq) > 0
        assert list(csv.columns) == list(pq.columns)
    sents = pd.read_parquet(tmp_path / "out" / "sentences.parquet")
    for col in (
        "doc_id",
        "sent_id",
        "paragraph",
        "start",
        "end",
        "text",
        "boilerplate",
        "neg",
        "neu",
        "pos",
        "compound",
    ):
        assert col in sents.columns
    ments = pd.read_parquet(tmp_path / "out" / "mentions.parquet")
    assert list(ments.columns[:6]) == ["doc_id", "sent_id", "actor", "surface", "start", "end"]
    assert snapshot(SEEDS) == before


def test_bad_input_is_one_line_with_exit_2(tmp_path):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_bytes(b"\x00\x01binary")
    for args, needle in [
        (("score", tmp_path / "missing", "--out", tmp_path / "o"), "missing: no such file or folder"),
        (("score", tmp_path / "corpus", "--out", tmp_path / "o"), "a.txt: binary file"),
    ]:
        proc = run(*args)
        assert proc.returncode == 2
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and needle in lines[0]
        assert "Traceback" not in proc.stderr


def test_warning_is_one_line_and_scoring_goes_on(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_bytes("Turkey said \u201cyes\u201d.".encode("cp1252"))
    proc = run("score", corpus, "--out", tmp_path / "o")
    assert proc.returncode == 0
    assert "warning: " in proc.stderr and "a.txt: not valid UTF-8" in proc.stderr


def test_failed_run_leaves_earlier_outputs_intact(tmp_path):
    out = tmp_path / "o"
    assert run("score", SEEDS, "--out", out).returncode == 0
    before = snapshot(out)
    proc = run("score", tmp_path / "missing", "--out", out)
    assert proc.returncode == 2
    assert snapshot(out) == before
