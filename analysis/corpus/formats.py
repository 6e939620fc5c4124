"""The corpus forms, read record by record: a folder of ``.txt`` files, JSON Lines, CSV
and Parquet, and their partitions (:func:`partition_corpus`, for the Dask engine).

Each reader yields (record, location) pairs; :mod:`analysis.corpus.records` validates
the records and :mod:`analysis.corpus.readers` makes the articles table of them.
"""

from __future__ import annotations

import csv
import json
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from analysis.errors import InputError, InputWarning

TEXT_COLUMNS = ("text", "body", "content")
ID_COLUMNS = ("doc_id", "id")
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
