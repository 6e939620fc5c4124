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
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.corpus.dates import parse_dates
from analysis.errors import InputError, InputWarning

#: Columns every articles table has, in this order; metadata columns follow.
ARTICLE_COLUMNS = ["doc_id", "outlet", "date", "title", "text", "source_path"]
#: Columns the reader derives: where the title came from, the date read as YYYY-MM-DD.
DERIVED_COLUMNS = ["title_from", "date_iso"]
TEXT_COLUMNS = ("text", "body", "content")
ID_COLUMNS = ("doc_id", "id")
_SIDE_CAR = "metadata.csv"
_HEADLINE_MAX_WORDS = 30
#: Characters of an article that are scored by default (``--max-chars``); the rest is cut
#: with a warning naming the article. Real news articles are far shorter (the longest of
#: the 4,000 AllSides articles has 52,102 characters); a page of tables or a pasted feed
#: can be megabytes.
MAX_CHARS = 200_000


def limit_text(text: str, max_chars: int | None, where: str) -> str:
    """``text`` cut to at most ``max_chars`` characters (at the last whitespace before the
    limit when there is one in its last tenth), with an :class:`InputWarning` naming
    ``where``; unchanged when it is short enough or ``max_chars`` is None or 0."""
    if not max_chars or len(text) <= max_chars:
        return text
    cut = max_chars
    space = max(text.rfind(" ", 0, max_chars + 1), text.rfind("\n", 0, max_chars + 1))
    if space >= max_chars * 9 // 10:
        cut = space
    warnings.warn(
        f"{where}: article of {len(text):,} characters cut to the first {cut:,} (--max-chars {max_chars})",
        InputWarning,
        stacklevel=2,
    )
    return text[:cut]


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
            raise InputError(path, f"not UTF-8 (invalid byte at position {exc.start}) and not cp1252 either") from None
        warnings.warn(
            f"{path}: not valid UTF-8 (byte {raw[exc.start]:#04x} at position {exc.start}); decoded as cp1252",
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
    from analysis.corpus.boilerplate import line_reason  # local: boilerplate imports nothing from here

    if line_reason(first, is_first=False):
        return ""
    return first


@dataclass(frozen=True)
class Part:
    """One partition of a corpus: records ``start``..``stop`` (byte offsets for JSONL,
    row numbers for CSV and Parquet, file positions for a folder)."""

    index: int
    start: int
    stop: int
    first_line: int = 1


def _txt_files(path: Path, warn: bool = True) -> list[Path]:
    """The ``.txt`` articles of a corpus folder, sorted.

    Skipped with a warning (``warn``): hidden files (``.name.txt``), macOS resource files
    (``._name.txt``), links that lead outside the folder and links that lead nowhere.
    """
    files, skipped = [], []
    root = path.resolve()
    for p in sorted(path.iterdir()):
        if p.suffix.lower() != ".txt":
            continue
        if p.name.startswith("."):
            why = "a macOS resource file" if p.name.startswith("._") else "a hidden file"
        elif p.is_symlink() and not p.exists():
            why = "a link to nothing"
        elif p.is_symlink() and root not in p.resolve().parents:
            why = "a link that leads outside the corpus folder"
        elif not p.is_file():
            continue
        else:
            files.append(p)
            continue
        skipped.append(f"{p.name} ({why})")
    if skipped and warn:
        more = f" and {len(skipped) - 5} more" if len(skipped) > 5 else ""
        warnings.warn(f"{path}: skipped {', '.join(skipped[:5])}{more}", InputWarning, stacklevel=3)
    if not files:
        raise InputError(path, "no .txt articles in this folder")
    seen: dict[str, Path] = {}
    for f in files:
        if f.stem in seen:
            raise InputError(f, f"duplicate doc_id {f.stem!r} (also {seen[f.stem].name})")
        seen[f.stem] = f
    return files


def _folder_records(path: Path, part: Part | None = None) -> Iterator[tuple[dict, str]]:
    files = _txt_files(path)
    if part is not None:
        files = files[part.start : part.stop]
    for f in files:
        yield {"doc_id": f.stem, "text": read_text_file(f), "source_path": f.name}, f.name


def _jsonl_records(path: Path, part: Part | None = None) -> Iterator[tuple[dict, str]]:
    with open(path, "rb") as fh:
        start, stop = (0, None) if part is None else (part.start, part.stop)
        fh.seek(start)
        n = part.first_line - 1 if part is not None else 0
        while stop is None or fh.tell() < stop:
            raw = fh.readline()
            if not raw:
                break
            n += 1
            if b"\x00" in raw:
                raise InputError(path, f"line {n}: binary data (NUL bytes), not JSON Lines")
            try:
                line = raw.decode("utf-8-sig" if n == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(path, f"line {n}: not UTF-8 (invalid byte at position {exc.start})") from None
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(path, f"line {n}: invalid JSON ({exc.msg})") from None
            except RecursionError:
                raise InputError(path, f"line {n}: JSON nested too deeply") from None
            except ValueError as exc:  # an integer of more than 4,300 digits
                raise InputError(path, f"line {n}: invalid JSON ({str(exc).split(';')[0]})") from None
            if not isinstance(rec, dict):
                raise InputError(path, f"line {n}: expected a JSON object")
            yield rec, f"line {n}"


def _csv_encoding(path: Path) -> str:
    """``utf-8-sig``, or ``cp1252`` (with a warning naming the file) for a file that is
    not UTF-8 but decodes as cp1252; anything else is refused."""
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                position = offset + exc.start
                break
            offset += len(chunk)
        else:
            return "utf-8-sig"
    try:
        with open(path, encoding="cp1252") as fh:
            while fh.read(1 << 20):
                pass
    except UnicodeDecodeError:
        raise InputError(path, f"not UTF-8 (invalid byte at position {position}) and not cp1252 either") from None
    warnings.warn(f"{path}: not valid UTF-8 (at byte {position}); decoded as cp1252", InputWarning, stacklevel=4)
    return "cp1252"


def _csv_rows(path: Path) -> Iterator[tuple[dict, int]]:
    """Rows of a CSV file as dicts of strings, with their line numbers (header is 1)."""
    encoding = _csv_encoding(path)
    try:
        with open(path, encoding=encoding, newline="") as fh:
            reader = csv.DictReader(fh)
            for row in reader:
                if None in row:
                    raise InputError(path, f"line {reader.line_num}: more fields than the header has")
                if any(v is None for v in row.values()):
                    raise InputError(path, f"line {reader.line_num}: fewer fields than the header has")
                if any("\x00" in (v or "") for v in row.values()):
                    raise InputError(path, f"line {reader.line_num}: binary data (NUL bytes), not CSV")
                yield row, reader.line_num
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not UTF-8 (invalid byte at position {exc.start})") from None
    except csv.Error as exc:
        raise InputError(path, f"malformed CSV ({exc})") from None


def _csv_records(path: Path, part: Part | None = None) -> Iterator[tuple[dict, str]]:
    for i, (row, line) in enumerate(_csv_rows(path)):
        if part is not None and i < part.start:
            continue
        if part is not None and i >= part.stop:
            break
        yield row, f"line {line}"


def _parquet_records(path: Path, part: Part | None = None) -> Iterator[tuple[dict, str]]:
    import pyarrow.parquet as pq

    start, stop = (0, None) if part is None else (part.start, part.stop)
    try:
        handle = pq.ParquetFile(path)
        n = 0
        for batch in handle.iter_batches(batch_size=1024):
            if n + batch.num_rows <= start:
                n += batch.num_rows
                continue
            for rec in batch.to_pylist():
                if n >= start and (stop is None or n < stop):
                    yield rec, f"row {n}"
                n += 1
            if stop is not None and n >= stop:
                break
    except InputError:
        raise
    except Exception as exc:  # pyarrow raises several types for a bad file
        raise InputError(path, f"not a readable Parquet file ({type(exc).__name__})") from None


_READERS = {".jsonl": _jsonl_records, ".ndjson": _jsonl_records, ".csv": _csv_records, ".parquet": _parquet_records}


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


def partition_corpus(path, n_parts: int | None = None, part_size: int | None = None) -> list[Part]:
    """Split a corpus into parts of about ``part_size`` records (or ``n_parts`` equal parts).

    Only positions are computed (line offsets, row counts, file names); no article is
    parsed, so the driver of a distributed run stays small.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(path, "no such file or folder")
    if path.is_dir():
        positions = list(range(len(_txt_files(path, warn=False))))
    else:
        suffix = path.suffix.lower()
        if suffix not in _READERS:
            raise InputError(path, "unsupported corpus format (expected a folder of .txt, .jsonl, .csv or .parquet)")
        if suffix in (".jsonl", ".ndjson"):
            positions, offsets, lines = [], [], []
            with open(path, "rb") as fh:
                offset, line = 0, 0
                for raw in fh:
                    line += 1
                    if raw.strip():
                        positions.append(len(positions))
                        offsets.append(offset)
                        lines.append(line)
                    offset += len(raw)
                end = offset
        elif suffix == ".csv":
            positions = [i for i, _ in enumerate(_csv_rows(path))]
        else:
            import pyarrow.parquet as pq

            positions = list(range(pq.ParquetFile(path).metadata.num_rows))
    total = len(positions)
    if total == 0:
        raise InputError(path, "no articles in this corpus")
    if part_size is None:
        n_parts = max(1, min(n_parts or 1, total))
        part_size = -(-total // n_parts)
    bounds = [(i, min(i + part_size, total)) for i in range(0, total, part_size)]
    parts = []
    for k, (a, b) in enumerate(bounds):
        if not path.is_dir() and path.suffix.lower() in (".jsonl", ".ndjson"):
            stop = offsets[b] if b < total else end
            parts.append(Part(k, offsets[a], stop, lines[a]))
        else:
            parts.append(Part(k, a, b))
    return parts
