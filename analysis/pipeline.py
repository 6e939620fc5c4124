"""The analysis as one function from a batch of articles to tables.

:func:`score_batch` holds no state between calls: every table row depends only on
its own article, the configuration and the corpus's repeat index
(:mod:`analysis.corpus.repeats`, built over the whole corpus before scoring), so a
corpus can be scored in any partition and the results concatenated (the Dask engine
does exactly that).
"""

from __future__ import annotations

import gc
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from pandas.api.types import infer_dtype

from analysis.corpus.inline import inline_spans, may_hold_prompts, merge_spans
from analysis.corpus.masking import masked_spans_table
from analysis.corpus.repeats import RepeatIndex, build_index, outlets_of, shingles
from analysis.corpus.segment import segment
from analysis.dictionaries.actors import ActorSet, parse_actors
from analysis.dictionaries.registry import Config, load_config
from analysis.errors import InputError
from analysis.io import to_csv
from analysis.measures.actor_sentiment import actor_sentiment
from analysis.measures.dyads import find_dyads
from analysis.measures.frames import find_frames
from analysis.measures.issues import find_issue_mentions
from analysis.measures.mentions import find_mentions
from analysis.measures.sentiment import score_sentences
from analysis.measures.stance import find_stance
from analysis.text.vader import forget_texts

#: Tables in the order they are written, with the key columns they are sorted by.
TABLE_KEYS: dict[str, list[str]] = {
    "articles": ["doc_id"],
    "sentences": ["doc_id", "sent_id"],
    "masked_spans": ["doc_id", "sent_id", "start"],
    "mentions": ["doc_id", "sent_id", "start", "actor"],
    "actor_sentiment": ["doc_id", "sent_id", "actor", "method"],
    "issue_mentions": ["doc_id", "sent_id", "start", "issue"],
    "dyads": ["doc_id", "sent_id", "source", "target"],
    "stance": ["doc_id", "sent_id", "issue", "actor"],
    "frames": ["doc_id", "sent_id", "frame"],
}


def actors_for(config: Config) -> ActorSet:
    return config.part("actors", "actors.yaml", parse_actors)


@contextmanager
def _collector_paused():
    """Pause the cyclic garbage collector while a batch is scored.

    Scoring allocates many small long-lived objects (caches of tokens and words), which
    makes Python run full collections over and over; our tables hold no reference
    cycles, so pausing loses nothing and the collector runs once afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def score_batch(articles: pd.DataFrame, config=None, repeats: RepeatIndex | None = None) -> dict[str, pd.DataFrame]:
    """Score one batch of articles and return every table, sorted by its keys.

    ``repeats``: the corpus's :class:`~analysis.corpus.repeats.RepeatIndex` (runs repeated
    across an outlet's articles are masked); None builds it from this batch alone.
    """
    with _collector_paused():
        return _score_batch(articles, config, repeats)


def batch_masks(articles: pd.DataFrame, repeats: RepeatIndex | None = None) -> dict:
    """doc_id → masked spans of each article: inline boilerplate and repeated runs."""
    outlets, texts = outlets_of(articles), list(articles["text"])
    found = shingles(outlets, texts)
    if repeats is None:
        repeats = RepeatIndex().add_shingles(outlets, found)
    repeated = repeats.find(outlets, texts, found)
    masks = {}
    for doc_id, text, runs, gate in zip(articles["doc_id"], texts, repeated, may_hold_prompts(texts)):
        spans = inline_spans(text, gate)
        if runs:
            spans = merge_spans(spans + runs)
        if spans:
            masks[doc_id] = spans
    return masks


def _score_batch(articles: pd.DataFrame, config=None, repeats=None) -> dict[str, pd.DataFrame]:
    forget_texts()  # the per-sentence cache serves one batch: memory stays flat over a corpus
    config = load_config(config)
    masks = batch_masks(articles, repeats)
    scoring: list = []
    # text columns as Python objects (strings=False): every measure below reads them back
    # into Python, which Arrow-backed strings would make convert again each time; the
    # tables get the str dtype at the end (sort_table), so their values and types are the same
    sentences = segment(articles, masks, scoring, strings=False)
    masked = masked_spans_table(sentences, masks)
    # every measure reads the scoring view: masked characters blanked, offsets unchanged
    # (the same as analysis.corpus.masking.scoring_view(sentences, masked))
    view = score_sentences(sentences.assign(text=_objects(scoring, sentences.index)), overlay=config.lexicon_overlay)
    sentences = view.assign(text=sentences["text"])
    mentions = find_mentions(view, actors_for(config))
    acting = mentions[mentions["role"] == "actor"]  # places and attributes do not act
    issue_mentions = find_issue_mentions(view, config)
    tables = {
        "articles": articles,
        "sentences": sentences,
        "masked_spans": masked,
        "mentions": mentions,
        "actor_sentiment": actor_sentiment(view, mentions, overlay=config.lexicon_overlay, config=config),
        "issue_mentions": issue_mentions,
        "dyads": find_dyads(view, acting, config),
        "stance": find_stance(view, acting, config, issue_mentions),
        "frames": find_frames(view, config),
    }
    return {name: sort_table(name, frame) for name, frame in tables.items()}


def _objects(values: list, index) -> pd.Series:
    """``values`` as an object-dtype Series (no conversion to Arrow strings)."""
    return pd.Series(values, index=index, dtype=object)


def uniform_dtypes(frame: pd.DataFrame) -> pd.DataFrame:
    """Give every text column the string dtype (empty tables too) and join list cells,
    so tables from any batch or partition have one schema and concatenate cleanly."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object:
            values = out[col]
            if infer_dtype(values, skipna=False) == "string":  # every cell a str: the usual case
                out[col] = values.astype("str")
                continue
            if values.map(lambda v: isinstance(v, (list, tuple))).any():
                values = values.map(lambda v: "; ".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
            if values.map(lambda v: v is None or isinstance(v, str) or (isinstance(v, float) and pd.isna(v))).all():
                out[col] = values.astype("str")
            else:
                out[col] = values
    return out


def sort_table(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """A table with uniform dtypes, sorted by its keys (see TABLE_KEYS)."""
    frame = uniform_dtypes(frame)
    keys = [k for k in TABLE_KEYS.get(name, []) if k in frame.columns]
    if not keys:
        return frame.reset_index(drop=True)
    return frame.sort_values(keys, kind="stable").reset_index(drop=True)


@dataclass
class Results:
    """The tables of one analysis, as attributes (``results.sentences``, ...)."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    def __getattr__(self, name):
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)

    def __dir__(self):
        return sorted(set(super().__dir__()) | set(self.tables))

    def save(self, out_dir) -> Path:
        """Write every table as ``NAME.csv`` and ``NAME.parquet`` into ``out_dir``.

        In the CSV files, text cells that start like a spreadsheet formula get an
        apostrophe (:func:`analysis.io.to_csv`); the Parquet files keep the raw values.

        The folder is written next to its final place and swapped in at the end,
        so a failure leaves earlier outputs intact.
        """
        return write_tables(self.tables, out_dir)


def write_tables(tables: dict[str, pd.DataFrame], out_dir) -> Path:
    """Write every table as ``NAME.csv`` and ``NAME.parquet`` into ``out_dir``, which is
    replaced as a whole (:func:`analysis.io.replace_folder`) and locked meanwhile."""
    from analysis.engine import TABLE_FILES
    from analysis.io import check_output_path, check_replaceable, output_lock, replace_folder

    out_dir = check_output_path(out_dir, [])
    check_replaceable(out_dir, TABLE_FILES, "Results.save", option="the folder")
    with output_lock(out_dir, option="folder"):
        tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
        try:
            for name, frame in tables.items():
                to_csv(frame, tmp / f"{name}.csv")
                frame.to_parquet(tmp / f"{name}.parquet", index=False)
            replace_folder(tmp, out_dir)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return out_dir


def load_results(out_dir) -> Results:
    """Read the tables written by :meth:`Results.save` or ``score`` (Parquet)."""
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise InputError(out_dir, "no such results folder")
    tables = {}
    for p in sorted(out_dir.glob("*.parquet")):
        try:
            tables[p.stem] = pd.read_parquet(p)
        except Exception as exc:  # pyarrow raises several types for a damaged file
            raise InputError(
                p, f"not a readable Parquet table ({type(exc).__name__}); write the tables again"
            ) from None
    if not tables:
        raise InputError(out_dir, "no tables (*.parquet) in this folder")
    return Results(tables)


def analyze(articles: pd.DataFrame, config=None, progress: bool | None = None, batch_size: int = 200) -> Results:
    """Run the whole analysis on an articles table (see :func:`analysis.load_corpus`).

    ``progress`` shows a plain text progress bar on stderr while batches of
    ``batch_size`` articles are scored; by default only for more than one batch and never
    inside a Jupyter kernel (a notebook, and the report made from it, would keep the bar
    or a widget warning as output). The tables are the same either way: every row depends
    on its own article and on the corpus's repeat index (runs repeated across an outlet's
    articles), which is built over all ``articles`` before any batch is scored.
    """
    config = load_config(config)
    if progress is None:
        from analysis.study import in_kernel

        progress = len(articles) > batch_size and not in_kernel()
    if not progress or len(articles) <= batch_size:
        return Results(score_batch(articles, config))
    from tqdm import tqdm  # plain text, never a notebook widget

    parts: dict[str, list[pd.DataFrame]] = {}
    repeats = build_index(articles)  # repeated runs are counted over the whole corpus
    with tqdm(total=len(articles), desc="scoring", unit="article") as bar:
        for start in range(0, len(articles), batch_size):
            batch = articles.iloc[start : start + batch_size]
            for name, frame in score_batch(batch, config, repeats).items():
                parts.setdefault(name, []).append(frame)
            bar.update(len(batch))
    return Results({name: sort_table(name, pd.concat(frames, ignore_index=True)) for name, frames in parts.items()})
