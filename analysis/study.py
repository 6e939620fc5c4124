"""One call that sets a notebook up: configuration, corpus, tables, groups.

:func:`open_study` replaces the set-up cells every notebook used to repeat. Given
``tables_path`` (the Parquet tables ``python -m analysis report`` scored once for all
notebooks) it reads them; without it (a notebook opened on its own in JupyterLab) it
analyses the corpus it is given. Inside a Jupyter kernel whose environment says
``MPLBACKEND=Agg`` (``make`` exports it), it switches matplotlib to the inline backend so
figures show in the notebook.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from analysis.corpus.readers import load_corpus
from analysis.dictionaries.registry import Config, load_config
from analysis.pipeline import Results, actors_for, analyze, load_results, sort_table
from analysis.stats.groups import group_labels


def in_kernel() -> bool:
    """True inside a Jupyter (IPython) kernel."""
    if "ipykernel" not in sys.modules:
        return False
    from IPython import get_ipython

    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def show_figures_inline() -> bool:
    """In a Jupyter kernel left with a non-interactive backend (``MPLBACKEND=Agg``
    inherited from ``make``), switch matplotlib to the inline backend; True if switched."""
    if not in_kernel() or os.environ.get("MPLBACKEND", "").lower() not in ("agg", "pdf", "svg", "ps", "cairo"):
        return False
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    from IPython import get_ipython

    get_ipython().run_line_magic("matplotlib", "inline")
    return True


@dataclass
class Study:
    """What a notebook works on: ``config``, ``articles``, ``results`` (the tables),
    ``groups`` (group label per doc_id for ``group_by``)."""

    config: Config
    articles: pd.DataFrame
    results: Results
    groups: pd.Series
    group_by: str
    corpus_path: str = ""
    period: str = "year"
    top_groups: int = 0

    @cached_property
    def periods(self) -> pd.Series:
        """The ``period`` of each dated article (month, quarter or year; indexed by doc_id)."""
        from analysis.stats.periods import article_periods

        return article_periods(self.articles, self.period)

    @cached_property
    def dating(self) -> dict:
        """How many articles are dated, undated, or carry a date that cannot be read."""
        from analysis.corpus.dates import dating_report

        return dating_report(self.articles)

    @cached_property
    def events(self) -> pd.DataFrame:
        """The study's dated events (``events:`` of the configuration): date, label."""
        from analysis.dictionaries.events import events_for

        return events_for(self.config)

    @property
    def pooled(self) -> str:
        """A sentence saying which groups were pooled as "other" (empty when none were)."""
        other = sorted({g for g in self.groups if str(g).startswith("other (")})
        if not other:
            return ""
        n = int((self.groups == other[0]).sum())
        return (
            f"Groups beyond the {self.top_groups} with most articles ({n} article{'s' if n != 1 else ''}) "
            f"are pooled as {other[0]!r} (top_groups = {self.top_groups})."
        )

    @cached_property
    def actor_set(self):
        return actors_for(self.config)

    @property
    def actor_labels(self) -> dict[str, str]:
        return self.actor_set.labels

    @cached_property
    def issue_set(self):
        from analysis.dictionaries.issues import issues_for

        return issues_for(self.config)

    @cached_property
    def frame_set(self):
        from analysis.dictionaries.frames import frames_for

        return frames_for(self.config)

    @cached_property
    def label_set(self):
        from analysis.dictionaries.labels import labels_for

        return labels_for(self.config)

    def mentioned_actors(self, wanted=(), in_relations: bool = False) -> list[str]:
        """``wanted`` if given, else the configured actors that are mentioned (or, with
        ``in_relations``, that take part in a non-neutral dyad), in configuration order."""
        if wanted:
            return list(wanted)
        if in_relations:
            related = self.results.dyads[self.results.dyads["relation"] != "neutral"]
            seen = set(related["source"]) | set(related["target"])
        else:
            seen = set(self.results.mentions["actor"])
        return [a for a in self.actor_set.ids if a in seen]

    def with_text(self, table: pd.DataFrame) -> pd.DataFrame:
        """``table`` with each row's sentence text (joined on doc_id, sent_id)."""
        return table.merge(
            self.results.sentences[["doc_id", "sent_id", "text"]], on=["doc_id", "sent_id"], validate="many_to_one"
        )


def open_study(
    corpus_path="",
    config_path="",
    tables_path="",
    group_by: str = "outlet",
    max_colwidth: int | None = 160,
    top_groups: int = 0,
    period: str = "year",
) -> Study:
    """Set a notebook up: read the configuration and the scored tables, or analyse the corpus.

    Parameters
    ----------
    corpus_path
        The corpus (any form :func:`analysis.load_corpus` reads); analysed when
        ``tables_path`` is empty.
    config_path
        Study configuration YAML; empty for the packaged defaults.
    tables_path
        Folder of Parquet tables written by :meth:`analysis.Results.save` or by
        ``python -m analysis report`` (which scores the corpus once for every notebook).
    group_by
        Metadata column that groups the articles (:func:`analysis.group_labels`);
        ``date`` groups them by ``period`` of their date (undated articles: one group,
        ``undated``).
    max_colwidth
        ``display.max_colwidth`` for pandas in the notebook (None leaves it).
    top_groups
        Keep this many groups with most articles and pool the rest as ``other (K
        outlets)`` (:func:`analysis.stats.periods.pool_groups`); 0 keeps every group.
    period
        ``month``, ``quarter`` or ``year``: the periods of :attr:`Study.periods` (and of
        the groups when ``group_by`` is ``date``).
    """
    from analysis.plots.style import register_colours
    from analysis.stats.periods import check_period, group_order, noun_for, pool_groups

    check_period(period)
    show_figures_inline()
    if max_colwidth is not None:
        pd.set_option("display.max_colwidth", max_colwidth)
    config = load_config(config_path or None)
    if tables_path and Path(tables_path).is_dir():
        loaded = load_results(tables_path)
        results = Results({name: sort_table(name, frame) for name, frame in loaded.tables.items()})
        articles = results.articles
    else:
        articles = load_corpus(corpus_path)
        results = analyze(articles, config)
    groups = date_groups(articles, period) if group_by == "date" else group_labels(articles, group_by)
    groups = pool_groups(groups, top_groups, noun_for(group_by))
    study = Study(config, articles, results, groups, group_by, str(corpus_path), period, top_groups)
    register_colours(group_order(groups))
    register_colours(study.actor_set.ids)
    return study


def date_groups(articles: pd.DataFrame, period: str) -> pd.Series:
    """Articles grouped by the period of their date; undated ones form the group ``undated``."""
    from analysis.stats.periods import article_periods

    periods = article_periods(articles, period)
    ids = articles["doc_id"].to_numpy()
    return pd.Series(periods.reindex(ids).fillna("undated").to_numpy(object), index=ids, name="date")
