"""One call that sets a notebook up: configuration, corpus, tables, groups.

:func:`open_study` replaces the set-up cells every notebook used to repeat. Given
``tables_path`` (the Parquet tables ``python -m analysis report`` scored once for all
notebooks) it reads them; without it (a notebook opened on its own in JupyterLab) it
analyses the corpus it is given. Inside a Jupyter kernel whose environment says
``MPLBACKEND=Agg`` (``make`` exports it), it switches matplotlib to the inline backend so
figures show in the notebook.

Paths given to a notebook are read from the current folder, else from the notebooks
folder (:func:`analysis.report.paths.resolve_input`), so a notebook runs with plain
papermill from the repository root or any folder. List parameters (``actors``,
``issues``) may arrive from ``papermill -p`` as text (``'[USA, TUR]'``, ``USA,TUR``):
:func:`as_list` reads them, and :meth:`Study.actor_ids` / :meth:`Study.issue_ids` accept
an id or a label ("China") and refuse anything else with the list of valid ids.
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
from analysis.errors import InputError
from analysis.pipeline import Results, actors_for, analyze, load_results, sort_table
from analysis.report.paths import resolve_input
from analysis.stats.groups import group_labels


def as_list(value, name: str = "parameter") -> list:
    """A list parameter as a list, whatever form it arrived in.

    ``papermill -p actors '[USA, TUR]'`` passes the text ``'[USA, TUR]'`` (papermill's
    ``-p`` reads numbers and booleans only; ``-y 'actors: [USA, TUR]'`` passes a list).
    Text starting with ``[`` is read as a YAML list (plain values only); other text is
    split at commas (``USA,TUR`` or one id ``USA``); empty text or None is ``[]``.
    """
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return []
        if text.startswith("["):
            from analysis.report.params import parse_value

            parsed = parse_value(text, name)
            if not isinstance(parsed, list):
                raise InputError(None, f"parameter {name!r}: {value!r} is not a list (write it as [A, B])")
            return parsed
        return [part.strip() for part in text.split(",") if part.strip()]
    raise InputError(None, f"parameter {name!r}: expected a list, got {type(value).__name__} {value!r}")


def resolve_ids(values, known: dict[str, str], what: str, name: str = "actors") -> list[str]:
    """Ids for ``values``: each an id of ``known`` (id -> label, or id -> several labels)
    or one of its labels, ignoring case.

    Anything else is refused with one line listing the valid ids and labels, so a
    misspelt or unknown name never gives silently empty tables.
    """
    values = as_list(values, name)
    by_id = {k.casefold(): k for k in known}
    by_label = {}
    for k, label in known.items():
        for name in (label,) if isinstance(label, str) else label:
            by_label.setdefault(str(name).casefold(), k)
    out, unknown = [], []
    for v in values:
        key = str(v).strip().casefold()
        found = by_id.get(key) or by_label.get(key)
        if found is None:
            unknown.append(str(v))
        elif found not in out:
            out.append(found)
    if unknown:
        first = {k: label if isinstance(label, str) else next(iter(label), k) for k, label in known.items()}
        valid = ", ".join(f"{k} ({label})" if label and label != k else k for k, label in first.items())
        raise InputError(
            None, f"parameter {name!r}: unknown {what} {', '.join(map(repr, unknown))}; valid ids (labels): {valid}"
        )
    return out


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


def plain_warnings() -> bool:
    """In a Jupyter kernel, show each warning as one plain line on stdout (``warning: ...``),
    without the file path and source line Python adds (a report shared from the notebook
    would show them in a pink box, with the author's paths); True if set."""
    if not in_kernel():
        return False
    import warnings

    def show(message, category, filename, lineno, file=None, line=None):
        print(f"warning: {message}")

    warnings.showwarning = show
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

    def actor_ids(self, values) -> list[str]:
        """Actor ids for a parameter given as ids or labels (:func:`resolve_ids`)."""
        labels = self.actor_labels
        return resolve_ids(values, {i: labels.get(i, i) for i in self.actor_set.ids}, "actor")

    def issue_ids(self, values) -> list[str]:
        """Issue ids for a parameter given as ids or labels (:func:`resolve_ids`)."""
        return resolve_ids(values, self.issue_set.labels, "issue", name="issues")

    def target_ids(self, values) -> list[str]:
        """Ids of actors or issues (the word-choice targets) given as ids or labels."""
        known = {i: [self.actor_labels.get(i, i)] for i in self.actor_set.ids}
        for source in (self.issue_set.labels, self.label_set.names):
            for i, label in source.items():
                known.setdefault(i, []).append(label)
        return resolve_ids(values, known, "actor or issue")

    def mentioned_actors(self, wanted=(), in_relations: bool = False) -> list[str]:
        """``wanted`` (ids or labels) if given, else the configured actors that are mentioned
        (or, with ``in_relations``, that take part in a non-neutral dyad), in configuration order."""
        if as_list(wanted, "actors"):
            return self.actor_ids(wanted)
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
    plain_warnings()
    corpus_path, config_path, tables_path = (resolve_input(p) for p in (corpus_path, config_path, tables_path))
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
