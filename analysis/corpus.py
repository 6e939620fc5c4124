"""Load a corpus of news articles into the ``articles`` table.

Accepted forms:

* a folder of ``.txt`` files, one article each, the file stem being the ``doc_id``,
  with an optional ``metadata.csv`` beside them;
* a ``.jsonl`` or ``.csv`` file with a text column (``text``) and an id column
  (``doc_id`` or ``id``) plus any metadata columns;
* a ``.parquet`` file with the same columns.

Inputs are only read. Every problem a user can fix raises :class:`InputError` naming
the file and the problem; recoverable ones (a row with no text in a JSONL file, a file
in cp1252 instead of UTF-8) give an :class:`InputWarning`.
"""

from __future__ import annotations

import csv
import json
import os
import re
import warnings
from pathlib import Path

import pandas as pd

from .errors import InputError, InputWarning

#: Columns every articles table has, in this order; metadata columns follow.
ARTICLE_COLUMNS = ["doc_id", "outlet", "date", "title", "text", "source_path"]
TEXT_COLUMNS = ("text", "body", "content")
ID_COLUMNS = ("doc_id", "id")
_SIDE_CAR = "metadata.csv"
_HEADLINE_MAX_WORDS = 30
_LINE_RE = re.compile(r"[^\r\n]*")


def read_text_file(path: Path) -> str:
    """Decode one article file: UTF-8 (BOM allowed), else cp1252 with a warning."""
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise InputError(path, "binary file (contains NUL bytes), not a text article")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            raise InputError(
                path, f"not UTF-8 (invalid byte at position {exc.start}) and not cp1252 either"
            ) from None
        warnings.warn(
            f"{path}: not valid UTF-8 (byte {raw[exc.start]:#04x} at position {exc.start}); "
            "decoded as cp1252",
            InputWarning,
            stacklevel=2,
        )
    if not text.strip():
        raise InputError(path, "empty file (no text)")
    return text


def _first_line_headline(text: str) -> str:
    """The first line if it looks like a headline, else an empty string.

    A headline stands alone in its paragraph, has at most 30 words, and does not end
    like a sentence or a clause (``.``, ``,``, ``;``, ``:``).
    """
    stripped = text.lstrip()
    lines = stripped.splitlines()
    if not lines:
        return ""
    first = lines[0].strip()
    if len(lines) > 1 and lines[1].strip():
        return ""  # the paragraph goes on: body text, not a headline
    words = first.split()
    if not (2 <= len(words) <= _HEADLINE_MAX_WORDS):
        return ""
    if first[-1] in ".,;:" or not any(ch.isalpha() for ch in first):
        return ""
    from .boilerplate import line_reason  # local: boilerplate imports nothing from here

    if line_reason(first, is_first=False):
        return ""
    return first


def _folder(path: Path) -> pd.DataFrame:
    files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() == ".txt")
    if not files:
        raise InputError(path, "no .txt articles in this folder")
    rows, seen = [], {}
    for f in files:
        doc_id = f.stem
        if doc_id in seen:
            raise InputError(f, f"duplicate doc_id {doc_id!r} (also {seen[doc_id].name})")
        seen[doc_id] = f
        rows.append({"doc_id": doc_id, "text": read_text_file(f), "source_path": f.name})
    return pd.DataFrame(rows)


def _records_frame(path: Path, records: list[dict], where: list[str]) -> pd.DataFrame:
    """Validate id/text columns of JSONL/CSV/Parquet records (``where`` locates each)."""
    if not records:
        raise InputError(path, "no articles in this file")
    keys = set().union(*(r.keys() for r in records))
    id_col = next((c for c in ID_COLUMNS if c in keys), None)
    text_col = next((c for c in TEXT_COLUMNS if c in keys), None)
    if id_col is None:
        raise InputError(path, "no id column (expected 'doc_id' or 'id')")
    if text_col is None:
        raise InputError(path, "no text column (expected 'text')")
    rows, seen = [], {}
    for rec, loc in zip(records, where):
        doc_id = rec.get(id_col)
        if doc_id is None or (isinstance(doc_id, float) and pd.isna(doc_id)) or str(doc_id) == "":
            raise InputError(path, f"{loc}: empty {id_col}")
        doc_id = str(doc_id)
        if doc_id in seen:
            raise InputError(path, f"{loc}: duplicate doc_id {doc_id!r} (first at {seen[doc_id]})")
        seen[doc_id] = loc
        text = rec.get(text_col)
        if not isinstance(text, str) or not text.strip():
            warnings.warn(
                f"{path}: {loc}: doc_id {doc_id!r} has no text; skipped", InputWarning, stacklevel=3
            )
            continue
        if "\x00" in text:
            raise InputError(path, f"{loc}: doc_id {doc_id!r}: text contains NUL bytes")
        row = {k: v for k, v in rec.items() if k not in (id_col, text_col)}
        row.update(doc_id=doc_id, text=text, source_path=f"{path.name}:{loc}")
        rows.append(row)
    if not rows:
        raise InputError(path, "no article with text in this file")
    return pd.DataFrame(rows)


def _jsonl(path: Path) -> pd.DataFrame:
    records, where = [], []
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise InputError(path, "binary file (contains NUL bytes), not JSON Lines")
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not UTF-8 (invalid byte at position {exc.start})") from None
    for n, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(path, f"line {n}: invalid JSON ({exc.msg})") from None
        if not isinstance(rec, dict):
            raise InputError(path, f"line {n}: expected a JSON object")
        records.append(rec)
        where.append(f"line {n}")
    return _records_frame(path, records, where)


def _read_csv(path: Path) -> list[dict]:
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise InputError(path, "binary file (contains NUL bytes), not CSV")
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not UTF-8 (invalid byte at position {exc.start})") from None
    try:
        reader = csv.DictReader(content.splitlines(keepends=True) if content else [])
        return [dict(r) for r in reader]
    except csv.Error as exc:
        raise InputError(path, f"malformed CSV ({exc})") from None


def _csv(path: Path) -> pd.DataFrame:
    records = _read_csv(path)
    # DictReader line numbers: header is line 1
    return _records_frame(path, records, [f"row {i}" for i in range(2, len(records) + 2)])


def _parquet(path: Path) -> pd.DataFrame:
    try:
        frame = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several types for a bad file
        raise InputError(path, f"not a readable Parquet file ({type(exc).__name__})") from None
    records = frame.to_dict("records")
    return _records_frame(path, records, [f"row {i}" for i in range(len(records))])


def read_metadata(path: Path) -> pd.DataFrame:
    """Read a metadata sidecar (``doc_id`` plus any columns), all values as strings."""
    if not path.is_file():
        raise InputError(path, "metadata file not found")
    records = _read_csv(path)
    if not records:
        raise InputError(path, "metadata file has no rows")
    if "doc_id" not in records[0]:
        raise InputError(path, "metadata has no 'doc_id' column")
    seen = {}
    for i, rec in enumerate(records, start=2):
        doc_id = (rec.get("doc_id") or "").strip()
        if not doc_id:
            raise InputError(path, f"row {i}: empty doc_id")
        if doc_id in seen:
            raise InputError(path, f"row {i}: duplicate doc_id {doc_id!r} (first on row {seen[doc_id]})")
        seen[doc_id] = i
        if None in rec:
            raise InputError(path, f"row {i}: more fields than the header has")
    meta = pd.DataFrame(records).fillna("")
    meta["doc_id"] = meta["doc_id"].str.strip()
    return meta


def _merge_metadata(articles: pd.DataFrame, meta: pd.DataFrame, meta_path: Path) -> pd.DataFrame:
    known = set(articles["doc_id"])
    missing = [d for d in meta["doc_id"] if d not in known]
    if missing:
        raise InputError(
            meta_path,
            f"metadata for a document that is not in the corpus: {missing[0]!r}"
            + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""),
        )
    out = articles.copy()
    meta = meta.set_index("doc_id")
    for col in meta.columns:
        values = out["doc_id"].map(meta[col])
        if col in out.columns:
            given = values.notna() & (values.astype("string").fillna("") != "")
            out[col] = out[col].astype(object).where(~given, values)
        else:
            out[col] = values.fillna("")
    return out


def load_corpus(path, metadata=None) -> pd.DataFrame:
    """Load articles from a folder of ``.txt`` files or a ``.jsonl``/``.csv``/``.parquet`` file.

    Parameters
    ----------
    path
        The corpus: a folder of ``.txt`` files (file stem = ``doc_id``), or a file.
    metadata
        Optional CSV with a ``doc_id`` column merged by ``doc_id``. For a folder,
        ``metadata.csv`` inside it is used when this is not given. Non-empty values
        in the metadata take precedence over values in the corpus file.

    Returns
    -------
    DataFrame
        One row per article, sorted by ``doc_id``: doc_id, outlet, date, title, text,
        source_path, title_from (``metadata`` or ``first line`` or empty), then any
        further metadata columns. Missing values are empty strings.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(path, "no such file or folder")
    if path.is_dir():
        articles = _folder(path)
        if metadata is None and (path / _SIDE_CAR).is_file():
            metadata = path / _SIDE_CAR
    else:
        suffix = path.suffix.lower()
        readers = {".jsonl": _jsonl, ".ndjson": _jsonl, ".csv": _csv, ".parquet": _parquet}
        if suffix not in readers:
            raise InputError(
                path, "unsupported corpus format (expected a folder of .txt, .jsonl, .csv or .parquet)"
            )
        if os.path.getsize(path) == 0:
            raise InputError(path, "empty file (no articles)")
        articles = readers[suffix](path)
    if metadata is not None:
        meta_path = Path(metadata)
        articles = _merge_metadata(articles, read_metadata(meta_path), meta_path)

    for col in ARTICLE_COLUMNS:
        if col not in articles.columns:
            articles[col] = ""
    articles["title"] = articles["title"].astype(object).where(articles["title"].notna(), "")
    has_title = articles["title"].astype(str).str.strip() != ""
    first_lines = articles["text"].map(_first_line_headline)
    articles["title_from"] = ""
    articles.loc[has_title, "title_from"] = "metadata"
    use_first = ~has_title & (first_lines != "")
    articles.loc[use_first, "title"] = first_lines[use_first]
    articles.loc[use_first, "title_from"] = "first line"

    extra = [c for c in articles.columns if c not in ARTICLE_COLUMNS and c != "title_from"]
    articles = articles[ARTICLE_COLUMNS + ["title_from"] + sorted(extra)]
    for col in articles.columns:
        if articles[col].dtype == object or str(articles[col].dtype).startswith("str"):
            articles[col] = articles[col].map(lambda v: "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v))
    return articles.sort_values("doc_id", kind="stable").reset_index(drop=True)
