"""Shared fixtures. The derived-file cache goes to a temporary folder for the session."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_IDS = ["000_2ff674487f59d7c3", "001_27fc85bd68165e21", "003_760bc2291f13128b"]

os.environ.setdefault("FRAMING_ANALYSIS_CACHE", tempfile.mkdtemp(prefix="fa-test-cache-"))
os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seed_articles():
    from analysis import load_corpus

    return load_corpus(SEEDS)


@pytest.fixture(scope="session")
def seed_results(seed_articles):
    from analysis import analyze

    return analyze(seed_articles)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes (to prove inputs are not modified)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def sentences_of(*texts, doc_id="d1"):
    """A sentences table for named test sentences (one article, no boilerplate)."""
    import pandas as pd

    rows, start = [], 0
    for i, text in enumerate(texts):
        rows.append(
            {
                "doc_id": doc_id,
                "sent_id": i,
                "start": start,
                "end": start + len(text),
                "text": text,
                "boilerplate": False,
            }
        )
        start += len(text) + 1
    return pd.DataFrame(rows)


def default_signals() -> None:
    """``preexec_fn`` for a child that a test interrupts: SIGINT at its default, so Python
    turns it into KeyboardInterrupt even when the test run itself was started in the
    background by a shell without job control (which starts it with SIGINT ignored, and an
    ignored signal stays ignored across exec)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)


def run_analysis(*args, cwd=ROOT, timeout=900):
    """``python -m analysis ARGS`` in a fresh process, as a user runs it (output captured)."""
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "analysis", *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=timeout
    )
