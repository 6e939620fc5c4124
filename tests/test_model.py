"""The trained target-sentiment model: inference, cues, the table, and its rebuild."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import analysis as fa
from analysis.errors import InputError
from analysis.models import target_sentiment as ts

from conftest import ROOT

SHARED = ROOT.parent / "shared"
MODEL_DIR = ROOT / "analysis" / "models" / "data"


def _span(text: str, word: str) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


def test_predict_gives_probabilities_scores_labels_and_cues():
    text = "The United States harshly condemned Russia for its brutal and illegal invasion."
    start, end = _span(text, "Russia")
    probs, scores, labels, cues = ts.predict([text], [start], [end])
    assert probs.shape == (1, 3)
    assert np.allclose(probs.sum(axis=1), 1.0)
    assert scores[0] == pytest.approx(probs[0, 2] - probs[0, 0])
    assert labels == ["negative"]
    assert set(cues[0].split("; ")) & {"brutal", "illegal", "invasion", "condemned", "harshly"}
    assert "russia" not in cues[0]  # the target's own name is never a cue


def test_cues_are_the_words_that_moved_the_decision():
    """Leaving out the strongest cue lowers the probability of the chosen label."""
    text = "Turkey praised Russia as a reliable and generous partner in the successful talks."
    start, end = _span(text, "Russia")
    probs, _, labels, cues = ts.predict([text], [start], [end], [[_span(text, "Turkey")]])
    top = cues[0].split("; ")[0]
    assert top and top != "turkey"  # another target is never a cue
    k = ts.CLASSES.index(labels[0])
    lowered = text.replace(f" {top} ", " ")
    assert lowered != text
    s2, e2 = _span(lowered, "Russia")
    probs2, *_ = ts.predict([lowered], [s2], [e2], [[_span(lowered, "Turkey")]])
    assert probs2[0, k] < probs[0, k]


@pytest.mark.parametrize("head", ts.HEADS)
def test_each_head_s_cues_are_the_words_that_moved_its_decision(head):
    """The cue shares are exact for each head: the words named are those whose removal
    lowers the chosen label's probability most."""
    text = "NATO sharply criticised Turkey for its reckless and illegal purchase of Russian missiles."
    start, end = _span(text, "Turkey")
    probs, _, labels, cues = ts.predict([text], [start], [end], [[_span(text, "NATO")]], head=head)
    top = cues[0].split("; ")[0]
    assert top and top not in {"turkey", "nato"}
    k = ts.CLASSES.index(labels[0])
    lowered = text.replace(f" {top} ", " ")
    assert lowered != text
    s2, e2 = _span(lowered, "Turkey")
    probs2, *_ = ts.predict([lowered], [s2], [e2], [[_span(lowered, "NATO")]], head=head)
    assert probs2[0, k] < probs[0, k]


def test_unknown_head_is_refused():
    with pytest.raises(ValueError, match="unknown head 'people'"):
        ts.predict(["Turkey won."], [0], [6], head="people")
    frame = pd.DataFrame({"text": ["Turkey won."], "start": [0], "end": [6]})
    out = fa.target_sentiment(frame, head="actor")
    probs, scores, labels, _ = ts.predict(["Turkey won."], [0], [6], head="actor")
    assert out["label"].tolist() == labels and out["score"].iloc[0] == pytest.approx(scores[0])


def test_target_aware_other_targets_change_the_features():
    text = "Russia attacked Ukraine while Turkey mediated."
    start, end = _span(text, "Turkey")
    alone, *_ = ts.predict([text], [start], [end], [[]])
    others, *_ = ts.predict([text], [start], [end], [[_span(text, "Russia"), _span(text, "Ukraine")]])
    assert not np.allclose(alone, others)


def test_model_is_the_default_method_and_in_the_table():
    frame = pd.DataFrame({"text": ["Washington sanctioned Ankara over the missiles."], "start": [22], "end": [28]})
    out = fa.target_sentiment(frame)
    assert out["method"].tolist() == ["model"]
    assert out["label"].iloc[0] in ts.CLASSES
    results = fa.analyze(fa.load_corpus(ROOT / "seeds"))
    table = results.actor_sentiment
    per_method = table.groupby("method").size()
    assert set(per_method.index) == {"model", "sentence", "target"}
    assert per_method.nunique() == 1  # every actor × sentence has a row of every method
    model = table[table["method"] == "model"]
    assert model["label"].isin(ts.CLASSES).all()
    assert model["score"].between(-1, 1).all()


def test_missing_model_file_is_named(tmp_path):
    ts.load_model.cache_clear()
    with pytest.raises(InputError, match="target_sentiment.safetensors"):
        ts.load_model(tmp_path / "target_sentiment")
    ts.load_model.cache_clear()


@pytest.mark.skipif(not (SHARED / "newsmtsc" / "split_rw_dev.jsonl").is_file(), reason="../shared/newsmtsc absent")
def test_numpy_inference_reproduces_the_recorded_dev_scores():
    """The shipped weights, run by the package's numpy code, give the macro-F1 that the
    training script measured with scikit-learn on NewsMTSC's dev files."""
    sys.path.insert(0, str(ROOT / "train"))
    import train_sentiment as train

    meta = json.loads((MODEL_DIR / "target_sentiment.json").read_text())
    for name in ("rw", "mt"):
        dev = train.newsmtsc(SHARED / "newsmtsc" / f"split_{name}_dev.jsonl")
        _, _, labels, _ = ts.predict(dev["text"], dev["start"], dev["end"], dev["others"].tolist(), cues=False)
        got = train.scores(dev["label"], labels)
        assert got["macro_f1"] == pytest.approx(meta["evaluation"][f"newsmtsc_{name}_dev"]["macro_f1"], abs=1e-4)


@pytest.mark.skipif(not (SHARED / "newsmtsc" / "train.jsonl").is_file(), reason="../shared/newsmtsc absent")
def test_make_train_rebuilds_the_shipped_weights_identically(tmp_path):
    subprocess.run(
        [sys.executable, str(ROOT / "train" / "train_sentiment.py"), "--shared", str(SHARED), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
        timeout=1200,
    )
    files = sorted(MODEL_DIR.glob(f"{ts.NAME}.*"))  # the relation model has its own rebuild test
    assert files
    for f in files:
        assert (tmp_path / f.name).read_bytes() == f.read_bytes(), f.name


def test_training_pins_the_cpu_kernels_before_numpy_loads():
    # numpy's AVX-512 loops and OpenBLAS's per-CPU kernels changed the last bits of every
    # fitted model on an AVX-512 host; the training scripts pin both (train/pinned_kernels.py)
    env = {k: v for k, v in os.environ.items() if k not in ("NPY_DISABLE_CPU_FEATURES", "OPENBLAS_CORETYPE")}
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import pinned_kernels as p, numpy, scipy.linalg, threadpoolctl\n"
        "from numpy._core._multiarray_umath import __cpu_features__ as f, __cpu_dispatch__ as d\n"
        "blas = sorted({i['architecture'] for i in threadpoolctl.threadpool_info() if i['user_api'] == 'blas'})\n"
        "print(p.PINNED, f.get('AVX2', False), any(f.get(t) for t in d if t not in ('X86_V2', 'X86_V3')), *blas)"
    )
    run = subprocess.run([sys.executable, "-c", code, str(ROOT / "train")], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    out = run.stdout.split()
    pinned = out[0] == "True"  # an x86-64 CPU with AVX2 and FMA
    if pinned:  # no AVX-512 loop, Haswell kernels in numpy's and scipy's BLAS
        assert out[1:] == ["True", "False", "Haswell"], out
    for script in ("train_sentiment", "train_frames", "train_relations"):
        text = (ROOT / "train" / f"{script}.py").read_text(encoding="utf-8")
        assert text.index("import pinned_kernels") < text.index("import numpy"), script
    if pinned:  # imported after numpy (a test importing a script): pins nothing, and says so
        late = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys, numpy; sys.path.insert(0, sys.argv[1]); import pinned_kernels as p; print(p.PINNED)",
                str(ROOT / "train"),
            ],
            capture_output=True,
            text=True,
            env=env,
        )
        assert late.stdout.split() == ["False"] and "numpy was imported before" in late.stderr, late.stderr


def test_word_cache_refills_when_full(monkeypatch):
    from analysis.models import embeddings

    monkeypatch.setattr(embeddings, "_MAX_WORDS", 5)
    monkeypatch.setattr(embeddings, "_WORD_VECTORS", {})
    monkeypatch.setattr(embeddings, "_ROWS", embeddings._ROWS[:0].copy())  # the rows the words index
    first = embeddings.word_vectors(["alpha", "beta", "gamma"])
    again = embeddings.word_vectors(["alpha", "delta", "epsilon", "zeta"])  # overflows: the cache starts afresh
    assert np.array_equal(first[0], again[0])
    assert len(embeddings._WORD_VECTORS) <= 5


def test_model_score_does_not_depend_on_the_other_methods_or_a_study_s_rule_lists(tmp_path):
    """The model was trained on the packaged rule lists: a study's own lists change the
    target method only, whichever methods the table is asked for."""
    from conftest import sentences_of

    cues = tmp_path / "cues.yaml"
    cues.write_text("extends: default\ntarget:\n  speech_verbs: [said, says]\n", encoding="utf-8")
    study = tmp_path / "study.yaml"
    study.write_text("cues: cues.yaml\n", encoding="utf-8")
    sentences = sentences_of("Turkey warned that the deal is a disaster.")
    mentions = fa.find_mentions(sentences, fa.load_actors())
    config = fa.load_config(study)
    alone = fa.actor_sentiment(sentences, mentions, methods=["model"], config=config)
    both = fa.actor_sentiment(sentences, mentions, methods=["target", "model"], config=config)
    packaged = fa.actor_sentiment(sentences, mentions, methods=["model"])
    m = both[both["method"] == "model"]["score"].tolist()
    assert alone["score"].tolist() == m == packaged["score"].tolist()


@pytest.mark.parametrize("others", [np.nan, None, np.array([[0, 5]])])
def test_others_may_be_missing_or_an_array(others):
    text = "Obama praised Putin warmly."
    frame = pd.DataFrame({"text": [text], "start": [13], "end": [18], "others": [others]})
    for method in ("model", "target"):
        out = fa.target_sentiment(frame, method=method)
        assert out["label"].iloc[0] in ts.CLASSES
    listed = pd.DataFrame({"text": [text], "start": [13], "end": [18], "others": [[(0, 5)]]})
    if isinstance(others, np.ndarray):  # an array of spans counts like a list of them
        assert fa.target_sentiment(frame)["score"].iloc[0] == fa.target_sentiment(listed)["score"].iloc[0]


def test_a_missing_weights_file_is_named_in_one_error(tmp_path):
    from analysis.models.weights import read_weights, write_weights

    write_weights(tmp_path, "tiny", {"w": np.arange(3, dtype=np.float64)}, {"name": "tiny"})
    arrays, meta = read_weights(tmp_path / "tiny")
    assert arrays["w"].tolist() == [0.0, 1.0, 2.0] and meta == {"name": "tiny"}
    (tmp_path / "tiny.json").unlink()
    with pytest.raises(InputError, match="trained model file missing") as err:
        read_weights(tmp_path / "tiny")
    assert "tiny.json" in str(err.value)


def test_model_card_sets_every_accuracy_beside_its_majority_baseline():
    card = fa.model_card()
    meta = ts.load_model().meta["evaluation"]
    held = card[(card["evaluated_on"] == "coded_heldout") & (card["method"] == "model")].iloc[0]
    assert held["n"] == meta["coded_heldout"]["n"]
    assert held["accuracy"] == meta["coded_heldout"]["accuracy"]
    assert held["majority_accuracy"] == meta["coded_heldout"]["majority_accuracy"]
    assert set(card["method"]) == {"model", "target", "sentence"}
    assert {"coded_heldout", "newsmtsc_rw_dev", "newsmtsc_mt_dev"} <= set(card["evaluated_on"])
    # the difference of two 4-decimal figures, written without float noise ("-0.0016", not
    # "-0.0016000000000000458"), so the CSV in a report reads as the figures it compares
    diff = card["accuracy"] - card["majority_accuracy"]
    assert np.allclose(card["accuracy_minus_majority"], diff, atol=1e-9)
    assert all(len(repr(float(v)).split(".")[-1]) <= 4 for v in card["accuracy_minus_majority"])
