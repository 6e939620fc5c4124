"""Score a whole corpus to disk: streaming in one process, or partitioned on Dask.

Both engines call :func:`analysis.pipeline.score_batch` on pieces of the corpus, so
their tables are the same rows (compare after sorting by the table keys):

* ``pandas``: reads the corpus in batches and appends each table to ``NAME.csv``
  and ``NAME.parquet``; memory holds one batch at a time, whatever the corpus size.
* ``dask``: splits the corpus into partitions (:func:`analysis.corpus.readers.partition_corpus`),
  scores each on a ``distributed`` cluster (a ``LocalCluster`` by default, or an
  existing scheduler), and writes each table as partitioned Parquet
  (``NAME.parquet/part-00000.parquet``, ...). Each partition writes its own file under
  a fixed name with an atomic rename, so a task re-run after a worker dies replaces
  its file instead of adding rows.

Both engines first read the corpus once to count the runs of text repeated across an
outlet's articles (:class:`analysis.corpus.repeats.RepeatIndex`, a fixed-size sketch:
per batch in the pandas engine, per partition and then summed in the Dask engine), and
give that one index to every batch, so the masked spans do not depend on the batching.

Output goes to a temporary folder beside ``out``, which replaces ``out`` as a whole at the
end (one atomic exchange on Linux); ``out`` is locked against a second run meanwhile.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import warnings
from pathlib import Path

import pandas as pd

from analysis.corpus.readers import MAX_CHARS, column_names, corpus_columns, iter_corpus, partition_corpus
from analysis.corpus.repeats import RepeatIndex, outlets_of
from analysis.dictionaries.registry import load_config
from analysis.errors import InputError, InputWarning, stop_if_asked
from analysis.io import atomic_write, output_lock, replace_folder, to_csv
from analysis.pipeline import score_batch
from analysis.pipeline import uniform_dtypes as arrow_ready

ENGINES = ("pandas", "dask")
#: Seconds to wait for an existing ``--scheduler`` to answer.
SCHEDULER_TIMEOUT = 5


class _Appender:
    """Appends tables batch by batch to NAME.csv and NAME.parquet in a folder."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.writers: dict = {}
        self.rows: dict[str, int] = {}

    def add(self, name: str, frame: pd.DataFrame) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        frame = arrow_ready(frame)
        if name not in self.writers:
            table = pa.Table.from_pandas(frame, preserve_index=False)
            writer = pq.ParquetWriter(self.folder / f"{name}.parquet", table.schema)
            self.writers[name] = (writer, table.schema)
            to_csv(frame, self.folder / f"{name}.csv")
            self.rows[name] = 0
        else:
            writer, schema = self.writers[name]
            table = pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
            to_csv(frame, self.folder / f"{name}.csv", header=False, mode="a")
        writer.write_table(table)
        self.rows[name] += len(frame)

    def close(self) -> None:
        for writer, _ in self.writers.values():
            writer.close()


def _progress(total, desc, enabled):
    from tqdm.auto import tqdm

    # disable=None: shown on a terminal, silent when stderr is a file or a pipe
    return tqdm(
        total=total,
        desc=desc,
        unit="part" if "part" in desc else "article",
        disable=None if enabled else True,
        file=sys.stderr,
        leave=False,
    )


#: What a folder of tables holds; anything else in an existing ``--out`` is refused.
TABLE_FILES = ("*.csv", "*.parquet")


def _start(out: Path) -> Path:
    """Check that ``out`` may be replaced and make the temporary folder beside it."""
    from analysis.io import check_output_path, check_replaceable

    check_output_path(out, [])
    check_replaceable(out, TABLE_FILES, "score")
    out.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))


def score_pandas(
    corpus,
    out,
    *,
    config=None,
    metadata=None,
    batch_size: int = 500,
    progress: bool = True,
    max_chars: int | None = MAX_CHARS,
) -> dict[str, int]:
    """Stream the corpus through :func:`score_batch`; return rows written per table.

    The tables are written into a temporary folder beside ``out``, which replaces
    ``out`` as a whole at the end (:func:`analysis.io.replace_folder`): a failure leaves
    the earlier folder whole, and no table of an earlier run (of either engine) is left
    beside the new ones. ``out`` is locked against a second run for the duration.
    """
    out = Path(out)
    config = load_config(config)  # a bad configuration is refused before anything is read
    with output_lock(out):
        tmp = _start(out)
        appender = _Appender(tmp)
        try:
            # every batch gets the same columns (metadata as text), so the tables have one schema
            columns = corpus_columns(corpus, metadata) or column_names(corpus, metadata)
            repeats = _repeat_index(corpus, metadata, batch_size, columns, max_chars)
            with _progress(None, "scoring", progress) as bar:
                for batch in iter_corpus(corpus, metadata, batch_size=batch_size, columns=columns, max_chars=max_chars):
                    stop_if_asked()
                    columns = columns or list(batch.columns)
                    for name, frame in score_batch(batch, config, repeats).items():
                        appender.add(name, frame)
                    bar.update(len(batch))
            appender.close()
            if not appender.rows:
                raise InputError(corpus, "no article with text to score")
            replace_folder(tmp, out)
            return dict(appender.rows)
        finally:
            appender.close()
            shutil.rmtree(tmp, ignore_errors=True)


def _repeat_index(corpus, metadata, batch_size, columns, max_chars) -> RepeatIndex:
    """First pass of the pandas engine: runs repeated across an outlet's articles. The
    corpus's warnings are given once, by the scoring pass, unless this pass already fails
    (then they come before the error, which they often explain)."""
    repeats = RepeatIndex()
    with warnings.catch_warnings(record=True) as told:
        warnings.simplefilter("always")
        try:
            for batch in iter_corpus(corpus, metadata, batch_size=batch_size, columns=columns, max_chars=max_chars):
                stop_if_asked()
                repeats.add(outlets_of(batch), batch["text"])
        except InputError as exc:
            failed = exc
        else:
            failed = None
    if failed is not None:
        for w in told:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
        raise failed
    return repeats


def index_partition(corpus, part, metadata=None, columns=None, max_chars=MAX_CHARS) -> RepeatIndex:
    """The repeat index of one partition (summed over partitions by :func:`score_dask`)."""
    index = RepeatIndex()
    with warnings.catch_warnings():  # given by the scoring pass
        warnings.simplefilter("ignore")
        for batch in iter_corpus(corpus, metadata, batch_size=10**9, columns=columns, part=part, max_chars=max_chars):
            index.add(outlets_of(batch), batch["text"])
    return index


def score_partition(
    corpus, part, folder, config=None, metadata=None, columns=None, max_chars=MAX_CHARS, repeats=None
) -> dict:
    """Score one partition and write ``folder/NAME.parquet/part-NNNNN.parquet`` for each table.

    Returns the rows written per table and the doc_ids seen (to check for duplicates).
    Safe to run twice: each file is written under a temporary name and renamed.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    with warnings.catch_warnings(record=True) as told:  # passed to the driver, which shows them
        warnings.simplefilter("always")
        frames = list(iter_corpus(corpus, metadata, batch_size=10**9, columns=columns, part=part, max_chars=max_chars))
    result = {"rows": {}, "doc_ids": [], "warnings": [str(w.message) for w in told]}
    if not frames:
        return result
    articles = frames[0]
    result["doc_ids"] = articles["doc_id"].tolist()
    for name, frame in score_batch(articles, config, repeats).items():
        target_dir = Path(folder) / f"{name}.parquet"
        target_dir.mkdir(parents=True, exist_ok=True)
        target = target_dir / f"part-{part.index:05d}.parquet"
        table = pa.Table.from_pandas(arrow_ready(frame), preserve_index=False)
        atomic_write(target, lambda tmp, table=table: pq.write_table(table, tmp))
        result["rows"][name] = len(frame)
    return result


def _reachable(scheduler: str) -> None:
    """Refuse a ``tcp://host:port`` scheduler address nothing listens on, at once (Dask's
    own client retries for its whole timeout)."""
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(scheduler if "://" in scheduler else f"tcp://{scheduler}")
    if parts.scheme not in ("tcp", "tls") or not parts.hostname:
        return
    try:
        port = parts.port or 8786
        socket.create_connection((parts.hostname, port), timeout=SCHEDULER_TIMEOUT).close()
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or type(exc).__name__
        raise InputError(
            None, f"--scheduler {scheduler}: cannot connect ({reason}); is the scheduler running?"
        ) from None


def _dask_client(scheduler, workers):
    try:
        import dask  # noqa: F401
        from distributed import Client, LocalCluster
    except ImportError as exc:
        missing = getattr(exc, "name", None) or "dask"
        raise InputError(
            None,
            f"the dask engine needs the '{missing}' package (and 'distributed'): "
            "install them with  pip install -e '.[scale]'",
        ) from None
    if scheduler:
        _reachable(scheduler)
        try:
            return Client(scheduler, timeout=SCHEDULER_TIMEOUT), None
        except Exception as exc:  # a timeout, or something that is not a Dask scheduler answering
            raise InputError(
                None,
                f"--scheduler {scheduler}: no Dask scheduler answered within {SCHEDULER_TIMEOUT} s "
                f"({type(exc).__name__}); is it running, and is the address right?",
            ) from None
    cluster = LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=50
    )
    return Client(cluster), cluster


def score_dask(
    corpus,
    out,
    *,
    config=None,
    metadata=None,
    partitions: int | None = None,
    partition_size: int | None = None,
    scheduler: str | None = None,
    workers: int = 2,
    progress: bool = True,
    max_chars: int | None = MAX_CHARS,
) -> dict[str, int]:
    """Score the corpus partition by partition on Dask; return rows written per table.

    Written and swapped in like :func:`score_pandas` (a temporary folder that replaces
    ``out`` as a whole; ``out`` locked for the run).
    """
    out = Path(out).resolve()
    corpus = Path(corpus).resolve()
    metadata = None if metadata is None else Path(metadata).resolve()
    config = str(Path(config).resolve()) if isinstance(config, (str, Path)) else config
    load_config(config)  # a bad configuration is refused before the cluster starts
    if partitions is None and partition_size is None:
        partitions = max(2 * workers, 1)
    with output_lock(out):
        parts = partition_corpus(corpus, n_parts=partitions, part_size=partition_size)
        columns = corpus_columns(corpus, metadata)
        if columns is None:
            with warnings.catch_warnings():  # the real read warns
                warnings.simplefilter("ignore")
                columns = list(next(iter_corpus(corpus, metadata, batch_size=1000, max_chars=None)).columns)
        tmp = _start(out)
        client = cluster = None
        try:
            client, cluster = _dask_client(scheduler, workers)
            rows = _run_partitions(client, corpus, parts, tmp, config, metadata, columns, max_chars, progress)
            if not rows:
                raise InputError(corpus, "no article with text to score")
            replace_folder(tmp, out)
            return rows
        finally:
            if client is not None:
                client.close()
            if cluster is not None:
                cluster.close()
            shutil.rmtree(tmp, ignore_errors=True)


def _run_partitions(client, corpus, parts, tmp, config, metadata, columns, max_chars, progress) -> dict[str, int]:
    from distributed import as_completed

    indexes = client.map(
        index_partition,
        [str(corpus)] * len(parts),
        parts,
        [metadata] * len(parts),
        [columns] * len(parts),
        [max_chars] * len(parts),
        key=[f"index-partition-{p.index:05d}-{os.getpid()}" for p in parts],
    )
    repeats = RepeatIndex()
    for future in as_completed(indexes):  # sums: the order does not matter
        stop_if_asked()
        repeats.merge(future.result())
        future.release()
    repeats_future = client.scatter(repeats, broadcast=True)
    futures = client.map(
        score_partition,
        [str(corpus)] * len(parts),
        parts,
        [str(tmp)] * len(parts),
        [config] * len(parts),
        [metadata] * len(parts),
        [columns] * len(parts),
        [max_chars] * len(parts),
        [repeats_future] * len(parts),
        key=[f"score-partition-{p.index:05d}-{os.getpid()}" for p in parts],
    )
    rows: dict[str, int] = {}
    seen: dict[str, int] = {}
    with _progress(len(parts), "partitions", progress) as bar:
        for future in as_completed(futures):
            stop_if_asked()
            result = future.result()
            for message in result.get("warnings", ()):
                warnings.warn(message, InputWarning, stacklevel=2)
            for name, n in result["rows"].items():
                rows[name] = rows.get(name, 0) + n
            for doc_id in result["doc_ids"]:
                if doc_id in seen:
                    raise InputError(corpus, f"duplicate doc_id {doc_id!r} in two partitions")
                seen[doc_id] = 1
            bar.update(1)
    if metadata is not None:
        from analysis.corpus.readers import read_metadata

        missing = [d for d in read_metadata(metadata).index if d not in seen]
        if missing:
            raise InputError(metadata, f"metadata for a document that is not in the corpus: {missing[0]!r}")
    return rows


def read_table(out, name: str) -> pd.DataFrame:
    """Read one table written by either engine (single file or partitioned Parquet)."""
    path = Path(out) / f"{name}.parquet"
    if not path.exists():
        raise InputError(path, "no such table")
    return pd.read_parquet(path)
