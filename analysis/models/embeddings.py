"""Static token embeddings, read offline from the ``wordllama`` package's wheel.

WordLlama (MIT) ships a 256-dimension embedding matrix for the 32,000 tokens of the
Llama-2 tokenizer, and the tokenizer itself, inside its PyPI wheel. Its own ``load()``
tries to fetch the tokenizer from a hub (a path mismatch), so the two files are read here
directly from the installed package: nothing is downloaded, ever.
"""

from __future__ import annotations

import importlib.util
import threading
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


_WORD_VECTORS: dict[str, int] = {}  # word → its row in _ROWS
_MAX_WORDS = 150_000  # the cache is dropped beyond this: memory stays bounded (about 155 MB)
_ROWS = np.zeros((0, 256), dtype=np.float32)  # the remembered vectors (rows beyond the words: unused)
_LOCK = threading.Lock()  # threads of one process share the rows: one at a time fills or reads them


def _room(n_rows: int) -> np.ndarray:
    """_ROWS with room for ``n_rows`` words (allocated once for _MAX_WORDS: the pages a
    corpus never fills are never touched, so they cost no memory)."""
    global _ROWS
    if len(_ROWS) < n_rows:
        grown = np.empty((max(n_rows, _MAX_WORDS), _ROWS.shape[1]), dtype=np.float32)
        grown[: len(_ROWS)] = _ROWS
        _ROWS = grown
    return _ROWS


def word_vectors(words: list[str]) -> np.ndarray:
    """A (len(words), 256) float32 matrix: each word's vector is the sum of the unit
    embeddings of its tokens, scaled to unit length. A word is tokenised once (as it would
    stand after a space) and remembered, so a corpus pays for each distinct word once."""
    import scipy.sparse as sp

    tokenizer, matrix = static_embeddings()
    with _LOCK:
        missing = [w for w in dict.fromkeys(words) if w not in _WORD_VECTORS]
        if missing and len(_WORD_VECTORS) + len(missing) > _MAX_WORDS:
            _WORD_VECTORS.clear()  # start afresh: every word of this call is computed again
            missing = list(dict.fromkeys(words))
        if missing:
            # the same ids as encode_batch, without the character offsets nothing here reads
            encodings = tokenizer.encode_batch_fast(missing, add_special_tokens=False)
            ids = [enc.ids for enc in encodings]
            counts = np.fromiter((len(x) for x in ids), dtype=np.int64, count=len(ids))
            flat = np.fromiter((i for x in ids for i in x), dtype=np.int64, count=int(counts.sum()))
            rows = sp.csr_matrix(
                (np.ones(len(flat), dtype=np.float32), flat, np.concatenate([[0], np.cumsum(counts)])),
                shape=(len(missing), matrix.shape[0]),
            )
            vecs = np.asarray(rows @ matrix, dtype=np.float32)
            norms = np.linalg.norm(vecs, axis=1)
            vecs /= np.where(norms > 0, norms, 1.0)[:, None]
            first = len(_WORD_VECTORS)
            _room(first + len(missing))[first : first + len(missing)] = vecs
            _WORD_VECTORS.update(zip(missing, range(first, first + len(missing))))
        if not words:
            return np.zeros((0, matrix.shape[1]), dtype=np.float32)
        return _ROWS[np.fromiter(map(_WORD_VECTORS.__getitem__, words), dtype=np.intp, count=len(words))]
