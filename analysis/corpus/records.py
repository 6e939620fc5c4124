"""Validation of corpus records, one by one, as the format readers yield them."""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from analysis.corpus.formats import _READERS, ID_COLUMNS, MAX_CHARS, TEXT_COLUMNS, Part, _folder_records, limit_text
from analysis.errors import InputError, InputWarning

_SURROGATE = re.compile("[\ud800-\udfff]")


def _broken(value) -> bool:
    """True for text holding a lone surrogate (JSON ``"\\ud800"``): it cannot be written as UTF-8."""
    return isinstance(value, str) and _SURROGATE.search(value) is not None


def _records(path: Path, part: Part | None = None, max_chars: int | None = MAX_CHARS) -> Iterator[tuple[dict, str]]:
    """Records of a corpus (or one part of it) with a location for messages, validated one by one.

    Refused (:class:`InputError`): a record with no id, an empty or duplicate id, an id
    or metadata value with a lone surrogate, text with NUL bytes. Skipped with a
    warning: a record whose text is missing, empty, not text (a number, a list) or
    holds a lone surrogate. Text longer than ``max_chars`` is cut (:func:`limit_text`).
    """
    if not path.exists():
        raise InputError(path, "no such file or folder")
    if path.is_dir():
        for rec, loc in _folder_records(path, part):
            rec["text"] = limit_text(rec["text"], max_chars, f"{path / loc}")
            yield rec, loc
        return
    suffix = path.suffix.lower()
    if suffix not in _READERS:
        raise InputError(path, "unsupported corpus format (expected a folder of .txt, .jsonl, .csv or .parquet)")
    if os.path.getsize(path) == 0:
        raise InputError(path, "empty file (no articles)")
    if suffix != ".parquet":
        with open(path, "rb") as fh:
            if b"\x00" in fh.read(8192):
                raise InputError(path, "binary file (contains NUL bytes), not text")
    seen: dict[str, str] = {}
    any_record = kept = False
    fallback_told = False
    for rec, loc in _READERS[suffix](path, part):
        any_record = True
        id_col = next((c for c in ID_COLUMNS if c in rec), None)
        text_col = next((c for c in TEXT_COLUMNS if c in rec), None)
        if id_col is None:
            raise InputError(path, f"{loc}: no id column (expected 'doc_id' or 'id')")
        if text_col is None:
            raise InputError(path, f"{loc}: no text column (expected 'text', or else 'body' or 'content')")
        if text_col != "text" and not fallback_told:
            warnings.warn(
                f"{path}: no 'text' column; the article text is read from {text_col!r}", InputWarning, stacklevel=2
            )
            fallback_told = True
        doc_id = rec[id_col]
        if doc_id is None or (isinstance(doc_id, float) and pd.isna(doc_id)) or str(doc_id).strip() == "":
            raise InputError(path, f"{loc}: empty {id_col}")
        if isinstance(doc_id, (dict, list, bytes)):
            raise InputError(path, f"{loc}: {id_col} is a {type(doc_id).__name__}, not text or a number")
        doc_id = str(doc_id)
        if _broken(doc_id):
            raise InputError(path, f"{loc}: {id_col} holds a lone surrogate (broken Unicode escape)")
        if len(doc_id) > 1000:
            raise InputError(path, f"{loc}: {id_col} of {len(doc_id):,} characters (at most 1,000)")
        if doc_id in seen:
            raise InputError(path, f"{loc}: duplicate doc_id {doc_id!r} (first at {seen[doc_id]})")
        seen[doc_id] = loc
        text = rec[text_col]
        if text is None or (isinstance(text, str) and not text.strip()):
            warnings.warn(f"{path}: {loc}: doc_id {doc_id!r} has no text; skipped", InputWarning, stacklevel=2)
            continue
        if not isinstance(text, str):
            warnings.warn(
                f"{path}: {loc}: doc_id {doc_id!r}: {text_col} is a {type(text).__name__}, not text; skipped",
                InputWarning,
                stacklevel=2,
            )
            continue
        if _broken(text):
            warnings.warn(
                f"{path}: {loc}: doc_id {doc_id!r}: {text_col} holds a lone surrogate (broken Unicode escape); skipped",
                InputWarning,
                stacklevel=2,
            )
            continue
        if "\x00" in text:
            raise InputError(path, f"{loc}: doc_id {doc_id!r}: text contains NUL bytes")
        row = {k: v for k, v in rec.items() if k not in (id_col, text_col)}
        for key, value in row.items():
            if _broken(key) or _broken(value):
                raise InputError(path, f"{loc}: doc_id {doc_id!r}: column {key!r} holds a lone surrogate")
        text = limit_text(text, max_chars, f"{path}: {loc}: doc_id {doc_id!r}")
        row.update(doc_id=doc_id, text=text, source_path=f"{path.name}:{loc}")
        kept = True
        yield row, loc
    if part is None and not any_record:
        raise InputError(path, "no articles in this file")
    if part is None and not kept:
        raise InputError(path, "no article with text in this file")
