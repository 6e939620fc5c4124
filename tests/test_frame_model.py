"""The trained frame model: inference, the words behind a frame, the default, its rebuild."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import analysis as fa
from analysis.dictionaries.frames import load_frames, parse_frames
from analysis.errors import InputError
from analysis.measures.frames import find_frames
from analysis.models import frame_model as fm

from conftest import ROOT

SHARED = ROOT.parent / "shared"
MODEL_DIR = ROOT / "analysis" / "models" / "data"
FRAMES = load_frames()


def sentences_of(*texts):
    return pd.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(len(texts))],
            "sent_id": 0,
            "start": 0,
            "end": [len(t) for t in texts],
            "text": list(texts),
            "boilerplate": False,
        }
    )


def test_predict_gives_probabilities_frames_and_cues():
    texts = [
        "Turkish troops and warplanes struck Kurdish militia positions near the border.",
        "The economy shrank as inflation soared and the lira lost a third of its value.",
        "The weather was pleasant on Sunday.",
    ]
    probs, carried, rows = fm.predict(texts, FRAMES)
    assert probs.shape == (3, len(FRAMES.ids)) and ((probs >= 0) & (probs <= 1)).all()
    found = {(i, fid): cues for i, fid, _, cues in rows}
    assert (0, "security_defense") in found and (1, "economic") in found
    assert not carried[2].any()
    assert "troops" in found[(0, "security_defense")].split("; ")  # the frame's dictionary cues name it
    assert all(cues for cues in found.values())  # every row names what decided it
    for i, fid, p, _ in rows:
        assert p == probs[i, FRAMES.ids.index(fid)]


def test_model_words_name_a_frame_carried_without_its_cues():
    """A frame carried without any of its dictionary cues is named by the words that pushed
    it most: leaving out the strongest lowers the frame's probability."""
    text = "Fighting raged as shells hit the besieged city."
    assert FRAMES.find(text, all_cues=True) == []  # no dictionary cue at all
    probs, _, rows = fm.predict([text], FRAMES)
    j = FRAMES.ids.index("security_defense")
    cues = next(c for _, fid, _, c in rows if fid == "security_defense").split("; ")
    assert 1 <= len(cues) <= fm.MAX_WORDS
    lowered = " ".join(w for w in text.split() if w.lower().strip(".,") != cues[0])
    assert lowered != text
    probs2, _, _ = fm.predict([lowered], FRAMES)
    assert probs2[0, j] < probs[0, j]


def test_the_dictionary_by_default_the_model_on_request_and_only_for_the_packaged_frames(tmp_path):
    s = sentences_of("Washington has put intense pressure on Turkey over the missiles.")
    assert set(find_frames(s)["method"]) == {"dictionary"}
    assert set(find_frames(s, method="model")["method"]) == {"model"}
    assert set(find_frames(s, {"frame_method": "model"})["method"]) == {"model"}
    own = tmp_path / "frames.yaml"
    own.write_text("extends: default\nframes:\n  - id: energy\n    cues: [pipeline]\n", encoding="utf-8")
    table = find_frames(s, {"frames": str(own)})
    assert set(table["method"]) == {"dictionary"}
    with pytest.raises(ValueError, match="only the packaged default frames"):
        find_frames(s, {"frames": str(own)}, method="model")
    with pytest.raises(ValueError, match="only the packaged default frames"):
        find_frames(s, {"frames": str(own), "frame_method": "model"})
    with pytest.raises(InputError, match="frame_method: expected dictionary or model"):
        find_frames(s, {"frame_method": "bert"})
    with pytest.raises(ValueError, match="method must be one of"):
        find_frames(s, method="bayes")
    with pytest.raises(InputError, match="only the packaged default frames"):
        fm.predict(["x"], parse_frames({"frames": [{"id": "a", "cues": ["x"]}]}, "inline"))


def test_model_rows_weigh_by_probability_and_skip_boilerplate():
    s = sentences_of("NATO allies warned Ankara that the S-400 threatens the alliance.", "Photo: troops")
    s.loc[1, "boilerplate"] = True
    table = find_frames(s, method="model")
    assert set(table["doc_id"]) == {"d0"}
    assert table["weight"].between(0, 1).all()
    assert table.equals(table.sort_values(["doc_id", "sent_id", "frame"]).reset_index(drop=True))


def test_missing_model_file_is_named(tmp_path):
    fm.load_model.cache_clear()
    with pytest.raises(InputError, match="frame_model.safetensors"):
        fm.load_model(tmp_path / "frame_model")
    fm.load_model.cache_clear()


def test_shipped_agreement_matches_what_training_measured():
    """The package's numpy inference, run by train/evaluate_frames.py on the held-out coded
    sentences, gives the per-frame figures the training script measured with scikit-learn."""
    meta = json.loads((MODEL_DIR / "frame_model.json").read_text())
    held = meta["evaluation"]["coded_heldout"]
    table = fa.frame_agreement("model").set_index("frame")
    for fid in FRAMES.ids:
        assert table.loc[fid, "f1"] == pytest.approx(held[fid]["f1"], abs=1e-4)
        assert table.loc[fid, "coded_present"] == held[fid]["coded_present"]
    both = fa.frame_agreement()
    assert set(both["method"]) == {"model", "dictionary"}
    assert (both["majority_f1"] == 0).all()


@pytest.mark.skipif(not (SHARED / "corpora" / "allsides_turkey_dev.jsonl").is_file(), reason="../shared/corpora absent")
def test_make_train_rebuilds_the_shipped_frame_model_identically(tmp_path):
    subprocess.run(
        [sys.executable, str(ROOT / "train" / "train_frames.py"), "--shared", str(SHARED), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
        timeout=1200,
    )
    for name in ("frame_model.safetensors", "frame_model.json"):
        assert (tmp_path / name).read_bytes() == (MODEL_DIR / name).read_bytes(), name


def test_features_do_not_depend_on_the_batch():
    texts = ["Sanctions hit the Turkish economy.", "Erdogan defied Washington.", "Troops crossed the border."]
    alone = np.vstack(
        [fm.probabilities(fm.load_model(), fm.featurize([t], FRAMES, fm.load_model().stopwords)) for t in texts]
    )
    together = fm.probabilities(fm.load_model(), fm.featurize(texts, FRAMES, fm.load_model().stopwords))
    assert np.array_equal(alone, together)


def test_a_nul_inside_a_text_does_not_shift_the_sentences():
    model = fm.load_model()
    texts = ["Troops\x00crossed the border.", "Prices rose."]
    feats = fm.featurize(texts, FRAMES, model.stopwords)
    assert feats.counts.shape[0] == 2 and feats.words[:3] == ["troops", "crossed", "border"]
    assert np.array_equal(
        fm.probabilities(model, feats)[1], fm.probabilities(model, fm.featurize(texts[1:], FRAMES, model.stopwords))[0]
    )


def test_thresholds_are_chosen_on_the_averaged_f1_curve():
    """train_frames picks each frame's threshold where its F1, averaged over a window of
    thresholds, is best (window 0: the plain argmax), so one lucky threshold does not decide."""
    sys.path.insert(0, str(ROOT / "train"))
    import train_frames as tf

    rng = np.random.default_rng(3)
    Y = (rng.random((300, 2)) < [0.1, 0.4]).astype(np.int64)
    probs = np.clip(0.5 * Y + rng.normal(0.3, 0.2, Y.shape), 0, 1)
    for window in (0, 3, tf.WINDOW):
        chosen, scores = tf.best_thresholds(Y, probs, window)
        for j in range(2):
            curve = np.array([tf.f1(Y[:, j].astype(bool), probs[:, j] >= t)[2] for t in tf.THRESHOLDS])
            padded = np.concatenate([[curve[0]] * window, curve, [curve[-1]] * window])
            avg = np.array([padded[k : k + 2 * window + 1].mean() for k in range(len(curve))])
            k = int(np.flatnonzero(np.isclose(avg, avg.max(), rtol=0, atol=1e-12))[0])
            assert chosen[j] == tf.THRESHOLDS[k] and scores[j] == pytest.approx(curve[k])
    meta = json.loads((MODEL_DIR / "frame_model.json").read_text())
    assert meta["evaluation"]["threshold_window"] == tf.WINDOW


def test_model_features_see_half_weight_cues_below_min_weight():
    """The dictionary's min_weight decides only the dictionary measure: the model's cue
    features (on which it was trained) keep every cue."""
    text = "Turkey signed the deal in Moscow."
    assert FRAMES.find(text) == []
    feats = fm.featurize([text], FRAMES, frozenset())
    assert feats.cue_weight[0, FRAMES.ids.index("economic")] == 0.5
