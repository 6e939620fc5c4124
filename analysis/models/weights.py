"""The two files of a shipped model: ``NAME.safetensors`` (its arrays) and ``NAME.json``
(its description and measured agreement), read by the model loaders and written by the
training scripts in ``train/`` (deterministically, so ``make train`` rebuilds them bit for bit)."""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import InputError

MODEL_DIR = Path(__file__).resolve().parent / "data"


def read_weights(stem) -> tuple[dict, dict]:
    """(arrays, description) of the model whose files are ``stem`` + ``.safetensors`` / ``.json``."""
    from safetensors.numpy import load_file

    stem = Path(stem)
    files = [stem.with_suffix(s) for s in (".safetensors", ".json")]
    for f in files:
        if not f.is_file():
            raise InputError(f, "trained model file missing (run `make train` to rebuild it)")
    return load_file(str(files[0])), json.loads(files[1].read_text(encoding="utf-8"))


def write_weights(folder, name: str, arrays: dict, meta: dict) -> None:
    """Write ``name.safetensors`` and ``name.json`` into ``folder``, each atomically."""
    from safetensors.numpy import save

    from analysis.io import atomic_write

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write(folder / f"{name}.safetensors", save(arrays))
    atomic_write(folder / f"{name}.json", json.dumps(meta, indent=1, sort_keys=True) + "\n")
