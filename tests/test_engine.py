"""Engines: streaming pandas and Dask give the same tables; a killed worker loses nothing."""

from __future__ import annotations

import itertools
import json
import os
import signal
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from analysis import analyze, load_corpus
from analysis.engine import read_table, score_dask, score_pandas
from analysis.errors import InputError
from analysis.pipeline import TABLE_KEYS

from conftest import ROOT, SEEDS

BENCH = Path(os.environ.get("FRAMING_BENCH_CORPUS", ROOT.parent / "shared" / "corpora" / "allsides_sample.jsonl"))


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory) -> Path:
    """120 real articles from the benchmark corpus, or the seeds repeated under new ids."""
    path = tmp_path_factory.mktemp("corpus") / "small.jsonl"
    if BENCH.is_file():
        with open(BENCH, encoding="utf-8") as fh:
            lines = list(itertools.islice(fh, 120))
        path.write_text("".join(lines), encoding="utf-8")
    else:
        seeds = load_corpus(SEEDS)
        rows = [{"id": f"s{i:03d}", "text": seeds["text"][i % 3], "outlet": f"o{i % 4}"} for i in range(60)]
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def sort(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    keys = [k for k in TABLE_KEYS.get(name, []) if k in frame.columns]
    rest = [c for c in frame.columns if c not in keys and frame[c].dtype != float]
    return frame.sort_values(keys + rest, kind="stable").reset_index(drop=True)


def assert_same_tables(a: Path, b: Path) -> None:
    names = sorted(p.name.removesuffix(".parquet") for p in a.glob("*.parquet"))
    assert names and names == sorted(p.name.removesuffix(".parquet") for p in b.glob("*.parquet"))
    for name in names:
        left, right = sort(read_table(a, name), name), sort(read_table(b, name), name)
        pd.testing.assert_frame_equal(left, right, check_dtype=False, obj=name)


def test_streaming_engine_equals_in_memory_analysis(small_corpus, tmp_path):
    rows = score_pandas(small_corpus, tmp_path / "stream", batch_size=17, progress=False)
    whole = analyze(load_corpus(small_corpus))
    for name, frame in whole.tables.items():
        assert rows[name] == len(frame)
        streamed = sort(read_table(tmp_path / "stream", name), name)
        pd.testing.assert_frame_equal(streamed, sort(frame, name), check_dtype=False, obj=name)
        csv = pd.read_csv(tmp_path / "stream" / f"{name}.csv", keep_default_na=False)
        assert len(csv) == len(frame)


@pytest.fixture(scope="module")
def cluster():
    pytest.importorskip("distributed")
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=50) as c:
        yield c


@pytest.fixture(scope="module")
def pandas_tables(small_corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pandas") / "tables"
    score_pandas(small_corpus, out, progress=False)
    return out


def test_dask_engine_equals_pandas_engine(small_corpus, pandas_tables, cluster, tmp_path):
    rows = score_dask(
        small_corpus, tmp_path / "dask", scheduler=cluster.scheduler_address, partitions=6, progress=False
    )
    assert len(list((tmp_path / "dask" / "sentences.parquet").glob("part-*.parquet"))) == 6
    assert rows["articles"] == len(read_table(pandas_tables, "articles"))
    assert_same_tables(pandas_tables, tmp_path / "dask")


def test_killed_worker_loses_and_duplicates_no_rows(small_corpus, pandas_tables, cluster, tmp_path):
    from distributed import Client

    with Client(cluster.scheduler_address) as client:
        victim = sorted(client.run(os.getpid).values())[0]
    out = tmp_path / "dask"
    state = {}

    def kill_after_first_parts():
        deadline = time.time() + 120
        while time.time() < deadline:
            done = list(tmp_path.glob(".dask-*/articles.parquet/part-*.parquet"))
            if len(done) >= 2:
                state["done_at_kill"] = len(done)
                os.kill(victim, signal.SIGKILL)
                return
            time.sleep(0.02)

    killer = threading.Thread(target=kill_after_first_parts, daemon=True)
    killer.start()
    score_dask(small_corpus, out, scheduler=cluster.scheduler_address, partition_size=6, progress=False)
    killer.join(timeout=5)
    assert "done_at_kill" in state and state["done_at_kill"] < 20  # killed mid-run, 20 partitions
    assert_same_tables(pandas_tables, out)


def test_dask_engine_without_dask_says_what_to_install(monkeypatch):
    from analysis import engine

    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(InputError, match=r"needs the 'distributed' package.*pip install -e '\.\[scale\]'"):
        engine._dask_client(None, 2)


def test_analyze_in_batches_with_progress_gives_the_same_tables(small_corpus):
    articles = load_corpus(small_corpus).head(45)
    whole = analyze(articles, progress=False)
    batched = analyze(articles, progress=True, batch_size=10)
    for name, frame in whole.tables.items():
        pd.testing.assert_frame_equal(batched.tables[name], frame, obj=name)
