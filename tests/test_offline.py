"""The whole pipeline runs with no NLTK data, no downloader and no network."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from conftest import ROOT

SCRIPT = textwrap.dedent(
    """
    import socket, sys
    import nltk, nltk.downloader

    def refuse(*args, **kwargs):
        raise RuntimeError("nltk.download was called")

    nltk.download = nltk.downloader.download = refuse
    nltk.downloader.Downloader.download = refuse

    class NoNetwork(socket.socket):
        def connect(self, *args, **kwargs):
            raise RuntimeError("network access attempted")
    socket.socket = NoNetwork

    import analysis
    arts = analysis.load_corpus(sys.argv[1])
    res = analysis.analyze(arts)
    assert "model" in set(res.actor_sentiment["method"])  # the trained model ran, offline
    res.save(sys.argv[2])
    from analysis.corpus.nltk_offline import nltk_vader  # NLTK's own analyzer, used as the reference
    assert nltk_vader().polarity_scores("a good deal")["compound"] > 0
    print(len(res.sentences), len(res.mentions), round(float(res.sentences["compound"].sum()), 6))
    """
)


def test_pipeline_runs_offline_with_empty_nltk_data(tmp_path):
    empty = tmp_path / "nltk_data"
    empty.mkdir()
    env = dict(os.environ, NLTK_DATA=str(empty), FRAMING_ANALYSIS_CACHE=str(tmp_path / "cache"), HOME=str(tmp_path))
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(ROOT / "seeds"), str(tmp_path / "out")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    n_sent, n_ment, _ = proc.stdout.split()
    assert int(n_sent) == 58 and int(n_ment) > 50
    assert (tmp_path / "out" / "sentences.parquet").is_file()
    assert list(empty.iterdir()) == []  # nothing was written into NLTK's data path
    # the lexicon was laid out in the cache, byte for byte from vaderSentiment
    copied = list((tmp_path / "cache").rglob("vader_lexicon.txt"))
    import vaderSentiment

    packaged = (ROOT.__class__(vaderSentiment.__file__).parent / "vader_lexicon.txt").read_bytes()
    assert len(copied) == 1 and copied[0].read_bytes() == packaged


def test_unwritable_cache_falls_back_to_a_temporary_folder(tmp_path):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    env = dict(os.environ, FRAMING_ANALYSIS_CACHE=str(blocked / "sub"))
    code = (
        "from analysis.corpus.nltk_offline import nltk_vader; print(nltk_vader().polarity_scores('good')['compound'])"
    )
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert float(proc.stdout) > 0
