"""Static token embeddings, read offline from the ``wordllama`` package's wheel.

WordLlama (MIT) ships a 256-dimension embedding matrix for the 32,000 tokens of the
Llama-2 tokenizer, and the tokenizer itself, inside its PyPI wheel. Its own ``load()``
tries to fetch the tokenizer from a hub (a path mismatch), so the two files are read here
directly from the installed package: nothing is downloaded, ever.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..errors import InputError

WEIGHTS = "weights/l2_supercat_256.safetensors"
TOKENIZER = "tokenizers/l2_supercat_tokenizer_config.json"


def package_root() -> Path:
    spec = importlib.util.find_spec("wordllama")
    if spec is None or spec.origin is None:
        raise InputError(None, "the trained models need the 'wordllama' package (pip install wordllama==0.4.0.post1)")
    return Path(spec.origin).parent


@lru_cache(maxsize=1)
def static_embeddings() -> tuple[object, np.ndarray]:
    """(tokenizer, matrix): the ``tokenizers.Tokenizer`` and a float32 (32000, 256) matrix
    whose rows are L2-normalised."""
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    root = package_root()
    for rel in (WEIGHTS, TOKENIZER):
        if not (root / rel).is_file():
            raise InputError(root / rel, "missing from the installed wordllama package (reinstall 0.4.0.post1)")
    matrix = load_file(str(root / WEIGHTS))["embedding.weight"].astype(np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    matrix /= np.where(norms > 0, norms, 1.0)
    tokenizer = Tokenizer.from_file(str(root / TOKENIZER))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return tokenizer, matrix


def encode(texts: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Token ids and character offsets ((n, 2) array) of each text, no special tokens."""
    tokenizer, _ = static_embeddings()
    out = []
    for enc in tokenizer.encode_batch(list(texts), add_special_tokens=False):
        ids = np.asarray(enc.ids, dtype=np.int64)
        offsets = np.asarray(enc.offsets, dtype=np.int64).reshape(-1, 2)
        out.append((ids, offsets))
    return out
