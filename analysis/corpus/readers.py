"""Load a corpus of news articles into the ``articles`` table.

Accepted forms:

* a folder of ``.txt`` files, one article each, the file stem being the ``doc_id``,
  with an optional ``metadata.csv`` beside them;
* a ``.jsonl`` or ``.csv`` file with a text column (``text``) and an id column
  (``doc_id`` or ``id``) plus any metadata columns;
* a ``.parquet`` file with the same columns.

The forms are read by :mod:`analysis.corpus.formats` and each record is checked by
:mod:`analysis.corpus.records`; this module makes the articles table (metadata, titles,
dates, batches). Inputs are only read. Every problem a user can fix raises :class:`InputError` naming
the file and the problem; recoverable ones (a row with no text in a JSONL file, a file
in cp1252 instead of UTF-8) give an :class:`InputWarning`.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from analysis.corpus.dates import parse_dates

# The format readers (analysis.corpus.formats) and the record validation
# (analysis.corpus.records) were split out of this module; their public names are
# imported here so that ``from analysis.corpus.readers import X`` keeps working.
from analysis.corpus.formats import (  # noqa: F401
    ID_COLUMNS,
    MAX_CHARS,
    TEXT_COLUMNS,
    Part,
    _csv_encoding,
    _csv_rows,
    _txt_files,
    limit_text,
    partition_corpus,
    read_text_file,
)
from analysis.corpus.records import _records
from analysis.errors import InputError

#: Columns every articles table has, in this order; metadata columns follow.
ARTICLE_COLUMNS = ["doc_id", "outlet", "date", "title", "text", "source_path"]
#: Columns the reader derives: where the title came from, the date read as YYYY-MM-DD.
DERIVED_COLUMNS = ["title_from", "date_iso"]
_SIDE_CAR = "metadata.csv"
_HEADLINE_MAX_WORDS = 30


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
    from analysis.corpus.boilerplate import line_reason  # local: boilerplate imports nothing from here

    if line_reason(first, is_first=False):
        return ""
    return first


def read_metadata(path: Path) -> pd.DataFrame:
    """Read a metadata sidecar (``doc_id`` plus any columns), all values as strings."""
    if not path.is_file():
        raise InputError(path, "metadata file not found")
    rows, seen = [], {}
    for row, line in _csv_rows(path):
        if "doc_id" not in row:
            raise InputError(path, "metadata has no 'doc_id' column")
        doc_id = (row.get("doc_id") or "").strip()
        if not doc_id:
            raise InputError(path, f"line {line}: empty doc_id")
        if doc_id in seen:
            raise InputError(path, f"line {line}: duplicate doc_id {doc_id!r} (first on line {seen[doc_id]})")
        seen[doc_id] = line
        rows.append({**row, "doc_id": doc_id})
    if not rows:
        raise InputError(path, "metadata file has no rows")
    reserved = [c for c in rows[0] if c in ("text", "source_path", "title_from")]
    if reserved:
        raise InputError(
            path,
            f"metadata may not have a {reserved[0]!r} column (the article text and its source come from the corpus)",
        )
    return pd.DataFrame(rows).fillna("").set_index("doc_id")


def _merge_metadata(articles: pd.DataFrame, meta: pd.DataFrame) -> pd.DataFrame:
    """Fill and override article columns from metadata rows (non-empty values win)."""
    out = articles.copy()
    for col in meta.columns:
        values = out["doc_id"].map(meta[col])
        given = values.notna() & (values.astype("string").fillna("") != "")
        if col in out.columns:
            out[col] = out[col].astype(object).where(~given, values)
        else:
            out[col] = values.fillna("")
    return out


def _finish(rows: list[dict], meta: pd.DataFrame | None, columns: list[str] | None) -> pd.DataFrame:
    """Articles table from validated records: metadata, titles, column order, strings."""
    articles = pd.DataFrame(rows)
    if meta is not None:
        articles = _merge_metadata(articles, meta)
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
    articles["date_iso"] = parse_dates(articles["date"].map(_as_text)).to_numpy(object)
    fixed = columns is not None  # batches of one corpus: every metadata column as text, one schema
    if columns is None:
        extra = sorted(c for c in articles.columns if c not in ARTICLE_COLUMNS and c not in DERIVED_COLUMNS)
        columns = ARTICLE_COLUMNS + DERIVED_COLUMNS + extra
    articles = articles.reindex(columns=columns)
    for col in articles.columns:
        if (
            articles[col].dtype == object
            or str(articles[col].dtype).startswith("str")
            or (fixed and col not in ARTICLE_COLUMNS and col != "title_from")
        ):
            articles[col] = articles[col].map(_as_text)
    return articles.sort_values("doc_id", kind="stable").reset_index(drop=True)


def _as_text(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value)


def corpus_columns(path, metadata=None) -> list[str] | None:
    """Every column of the articles table of a JSON Lines corpus, from one pass over its
    keys (records may differ in their metadata keys, so the first batch does not show
    them all); None for the other forms, whose columns every batch has. Lines that do not
    parse are left for the real read to report."""
    path = Path(path)
    if not (path.is_file() and path.suffix.lower() in (".jsonl", ".ndjson")):
        return None
    keys: set[str] = set()
    with open(path, "rb") as fh:
        for raw in fh:
            try:
                rec = json.loads(raw)
            except (ValueError, RecursionError):
                continue
            if isinstance(rec, dict):
                keys.update(k for k in rec if isinstance(k, str))
    text_col = next((c for c in TEXT_COLUMNS if c in keys), None)
    id_col = next((c for c in ID_COLUMNS if c in keys), None)
    keys -= {text_col, id_col}
    if metadata is not None:
        keys.update(read_metadata(Path(metadata)).columns)
    extra = sorted(c for c in keys if c not in ARTICLE_COLUMNS and c not in DERIVED_COLUMNS)
    return ARTICLE_COLUMNS + DERIVED_COLUMNS + extra


def column_names(path, metadata=None) -> list[str]:
    """The columns the articles table of a corpus will have, read cheaply (a header, a
    schema, the keys of a JSON Lines file), to check a ``group_by`` before scoring."""
    path = Path(path)
    if metadata is None and path.is_dir() and (path / _SIDE_CAR).is_file():
        metadata = path / _SIDE_CAR
    keys: set[str] = set()
    if path.is_file() and path.suffix.lower() == ".csv":
        with open(path, encoding=_csv_encoding(path), newline="") as fh:
            keys.update(next(csv.reader(fh), []))
    elif path.is_file() and path.suffix.lower() == ".parquet":
        import pyarrow.parquet as pq

        try:
            keys.update(pq.read_schema(path).names)
        except Exception:  # reported properly when the corpus is read
            pass
    elif path.is_file():
        keys.update(corpus_columns(path) or ())
    used = {next((c for c in ID_COLUMNS if c in keys), None), next((c for c in TEXT_COLUMNS if c in keys), None)}
    keys -= used  # the id and text columns read; another (a `body` beside `text`) is metadata
    if metadata is not None and Path(metadata).is_file():
        keys.update(read_metadata(Path(metadata)).columns)
    return ARTICLE_COLUMNS + DERIVED_COLUMNS + sorted(keys - set(ARTICLE_COLUMNS) - set(DERIVED_COLUMNS))


def iter_corpus(
    path,
    metadata=None,
    batch_size: int = 1000,
    columns: list[str] | None = None,
    part: Part | None = None,
    max_chars: int | None = MAX_CHARS,
) -> Iterator[pd.DataFrame]:
    """Read a corpus in batches of at most ``batch_size`` articles (see :func:`load_corpus`).

    Memory holds one batch at a time (plus the set of ids seen, to refuse duplicates).
    ``columns`` fixes the articles columns of every batch (e.g. from a first batch);
    by default each batch has the standard columns plus its own metadata columns.
    ``part`` reads only one partition (see :func:`partition_corpus`); the check that
    every metadata row has a document is then left to the caller. An article longer
    than ``max_chars`` characters is cut there with a warning (None: no limit).
    """
    path = Path(path)
    if metadata is None and path.is_dir() and (path / _SIDE_CAR).is_file():
        metadata = path / _SIDE_CAR
    meta = read_metadata(Path(metadata)) if metadata is not None else None
    found: set[str] = set()
    rows: list[dict] = []
    for row, _ in _records(path, part, max_chars):
        rows.append(row)
        if meta is not None:
            found.add(row["doc_id"])
        if len(rows) >= batch_size:
            yield _finish(rows, meta, columns)
            rows = []
    if meta is not None and part is None:
        missing = [d for d in meta.index if d not in found]
        if missing:
            raise InputError(
                metadata,
                f"metadata for a document that is not in the corpus: {missing[0]!r}"
                + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""),
            )
    if rows:
        yield _finish(rows, meta, columns)


def load_corpus(path, metadata=None, max_chars: int | None = MAX_CHARS) -> pd.DataFrame:
    """Load articles from a folder of ``.txt`` files or a ``.jsonl``/``.csv``/``.parquet`` file.

    Parameters
    ----------
    path
        The corpus: a folder of ``.txt`` files (file stem = ``doc_id``), or a file with
        a ``text`` column and a ``doc_id`` or ``id`` column.
    metadata
        Optional CSV with a ``doc_id`` column merged by ``doc_id``. For a folder,
        ``metadata.csv`` inside it is used when this is not given. Non-empty values
        in the metadata take precedence over values in the corpus file.

    Returns
    -------
    DataFrame
        One row per article, sorted by ``doc_id``: doc_id, outlet, date, title, text,
        source_path, title_from (``metadata`` or ``first line`` or empty), date_iso
        (``date`` read as ``YYYY-MM-DD`` by :func:`analysis.corpus.dates.parse_date`;
        empty when the article has no date or one that cannot be read), then any
        further metadata columns. Missing values are empty strings.
    max_chars
        Articles longer than this are cut to it, with a warning naming them (None: no limit).
    """
    batches = list(iter_corpus(path, metadata, batch_size=10**9, max_chars=max_chars))
    return batches[0]
