"""The trained relation classifier: one label and a direction per actor pair in a sentence.

Two multinomial logistic regressions over the pair features of
:mod:`analysis.models.relation_features`, trained on the ``train`` part of the project's
coded pairs (``coding/relations``) by ``train/train_relations.py`` (``make train``):

* **relation**: cooperation / conflict / neutral;
* **direction** (fitted on the pairs the coders gave a direction): the first-named of the
  two mentions acts on the second, the second on the first, or mutual.

Where a cue has both actors of a pair as its arguments, the rules' relation and direction
stand unless the classifier (which reads the rules' decision among its features) gives
another answer a probability above ``override_relation`` (``override_direction`` for the
direction): :meth:`RelationModel.overrides`. The shipped model never overrides (both
above 1): every override that cross-validated better on ``train`` turned clear seed
relations around (``train/train_relations.py``, the comment on ``CHOSEN``).

Inference is numpy: no torch, no network. The weights and their measured agreement are in
``analysis/models/data/relation_pairs.*``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError
from .relation_features import DIM, LEXICAL, POOLS
from .weights import MODEL_DIR, read_weights

NAME = "relation_pairs"
RELATIONS = ("conflict", "cooperation", "neutral")
DIRECTIONS = ("first>second", "mutual", "second>first")


@dataclass(frozen=True, eq=False)
class RelationModel:
    mean: np.ndarray
    scale: np.ndarray
    coef_relation: np.ndarray  # (3, D) on standardised features
    intercept_relation: np.ndarray
    coef_direction: np.ndarray  # (3, D)
    intercept_direction: np.ndarray
    meta: dict

    @cached_property
    def _folded(self):
        scale = self.scale.astype(np.float64)
        mean = self.mean.astype(np.float64)
        out = []
        for coef, intercept in (
            (self.coef_relation, self.intercept_relation),
            (self.coef_direction, self.intercept_direction),
        ):
            w = coef.astype(np.float64) / scale
            out.append((w, intercept.astype(np.float64) - w @ mean))
        return out

    def probabilities(self, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(relation probabilities (n, 3) in RELATIONS order, direction (n, 3) in DIRECTIONS order)."""
        return tuple(_softmax(X @ w.T + b) for w, b in self._folded)

    @property
    def name(self) -> str:
        return self.meta.get("name", NAME)

    def overrides(self) -> tuple[float, float]:
        """(relation, direction) probability above which the classifier's answer replaces
        the rules' where a cue has both actors as its arguments (above 1: never)."""
        params = self.meta.get("evaluation", {}).get("params", {})
        return float(params.get("override_relation", 2.0)), float(params.get("override_direction", 2.0))


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


@lru_cache(maxsize=4)
def load_relation_model(path=None) -> RelationModel:
    """The shipped model (``analysis/models/data/relation_pairs.*``) or one at ``path`` (the
    stem of its ``.safetensors`` weights and ``.json`` description)."""
    stem = Path(path) if path else MODEL_DIR / NAME
    arrays, meta = read_weights(stem)
    model = RelationModel(
        mean=arrays["mean"],
        scale=arrays["scale"],
        coef_relation=arrays["coef_relation"],
        intercept_relation=arrays["intercept_relation"],
        coef_direction=arrays["coef_direction"],
        intercept_direction=arrays["intercept_direction"],
        meta=meta,
    )
    width = len(POOLS) * DIM + len(LEXICAL)
    if model.coef_relation.shape != (len(RELATIONS), width) or model.coef_direction.shape != (len(DIRECTIONS), width):
        raise InputError(
            stem.with_suffix(".safetensors"), "model arrays do not match the feature layout of this version"
        )
    return model


def agreement_table() -> pd.DataFrame:
    """The relation step's measured agreement with the held-out coded pairs
    (``analysis/data/relation_agreement.csv``, written by ``train/evaluate_relations.py``):
    per method (model, rules), not_actor pairs excluded or counted, and measure: value, 95%
    bootstrap interval, n and the majority baseline."""

    path = Path(__file__).resolve().parent.parent / "data" / "relation_agreement.csv"
    if not path.is_file():
        raise InputError(path, "relation agreement table missing (run `make train` to rebuild it)")
    return pd.read_csv(path)
