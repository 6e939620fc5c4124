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

Output goes to a temporary folder beside ``out`` and is moved into place at the end.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import warnings
from pathlib import Path

import pandas as pd

from analysis.corpus.readers import iter_corpus, partition_corpus
from analysis.corpus.repeats import RepeatIndex, outlets_of
from analysis.errors import InputError
from analysis.io import atomic_write, to_csv
from analysis.pipeline import score_batch, swap_into
from analysis.pipeline import uniform_dtypes as arrow_ready

ENGINES = ("pandas", "dask")


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
    from tqdm import tqdm  # plain text, never a notebook widget (tqdm.auto warns without ipywidgets)

    # disable=None: shown on a terminal, silent when stderr is a file or a pipe
    return tqdm(
        total=total,
        desc=desc,
        unit="part" if "part" in desc else "article",
        disable=None if enabled else True,
        file=sys.stderr,
        leave=False,
    )


def score_pandas(
    corpus, out, *, config=None, metadata=None, batch_size: int = 500, progress: bool = True
) -> dict[str, int]:
    """Stream the corpus through :func:`score_batch`; return rows written per table."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    appender = _Appender(tmp)
    try:
        repeats = RepeatIndex()  # first pass: runs repeated across an outlet's articles
        with warnings.catch_warnings():  # the corpus's warnings are given once, by the second pass
            warnings.simplefilter("ignore")
            for batch in iter_corpus(corpus, metadata, batch_size=batch_size):
                repeats.add(outlets_of(batch), batch["text"])
        columns = None
        with _progress(None, "scoring", progress) as bar:
            for batch in iter_corpus(corpus, metadata, batch_size=batch_size, columns=columns):
                columns = columns or list(batch.columns)
                for name, frame in score_batch(batch, config, repeats).items():
                    appender.add(name, frame)
                bar.update(len(batch))
        appender.close()
        swap_into(tmp, out)
        return dict(appender.rows)
    finally:
        appender.close()
        shutil.rmtree(tmp, ignore_errors=True)


def index_partition(corpus, part, metadata=None, columns=None) -> RepeatIndex:
    """The repeat index of one partition (summed over partitions by :func:`score_dask`)."""
    index = RepeatIndex()
    with warnings.catch_warnings():  # given by the scoring pass
        warnings.simplefilter("ignore")
        for batch in iter_corpus(corpus, metadata, batch_size=10**9, columns=columns, part=part):
            index.add(outlets_of(batch), batch["text"])
    return index


def score_partition(corpus, part, folder, config=None, metadata=None, columns=None, repeats=None) -> dict:
    """Score one partition and write ``folder/NAME.parquet/part-NNNNN.parquet`` for each table.

    Returns the rows written per table and the doc_ids seen (to check for duplicates).
    Safe to run twice: each file is written under a temporary name and renamed.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    frames = [b for b in iter_corpus(corpus, metadata, batch_size=10**9, columns=columns, part=part)]
    result = {"rows": {}, "doc_ids": []}
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
        return Client(scheduler), None
    cluster = LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
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
) -> dict[str, int]:
    """Score the corpus partition by partition on Dask; return rows written per table."""
    out = Path(out).resolve()
    corpus = Path(corpus).resolve()
    metadata = None if metadata is None else Path(metadata).resolve()
    config = str(Path(config).resolve()) if isinstance(config, (str, Path)) else config
    if partitions is None and partition_size is None:
        partitions = max(2 * workers, 1)
    parts = partition_corpus(corpus, n_parts=partitions, part_size=partition_size)
    first = next(iter_corpus(corpus, metadata, batch_size=1000))
    columns = list(first.columns)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    client, cluster = _dask_client(scheduler, workers)
    try:
        from distributed import as_completed

        indexes = client.map(
            index_partition,
            [str(corpus)] * len(parts),
            parts,
            [metadata] * len(parts),
            [columns] * len(parts),
            key=[f"index-partition-{p.index:05d}-{os.getpid()}" for p in parts],
        )
        repeats = RepeatIndex()
        for future in as_completed(indexes):  # sums: the order does not matter
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
            [repeats_future] * len(parts),
            key=[f"score-partition-{p.index:05d}-{os.getpid()}" for p in parts],
        )
        rows: dict[str, int] = {}
        seen: dict[str, int] = {}
        with _progress(len(parts), "partitions", progress) as bar:
            for future in as_completed(futures):
                result = future.result()
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
        for name_dir in tmp.glob("*.parquet"):
            target = out / name_dir.name
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()
        swap_into(tmp, out)
        return rows
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
        shutil.rmtree(tmp, ignore_errors=True)


def read_table(out, name: str) -> pd.DataFrame:
    """Read one table written by either engine (single file or partitioned Parquet)."""
    path = Path(out) / f"{name}.parquet"
    if not path.exists():
        raise InputError(path, "no such table")
    return pd.read_parquet(path)
