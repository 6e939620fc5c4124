"""Framing analysis of news: corpus loading, sentiment, actors, relations, frames.

The public verbs are re-exported here; each lives in a small module of its own (the
README's code map says which). Plot verbs are loaded on first use, so that
``import analysis`` (and every scoring process or Dask worker) never imports
matplotlib.pyplot.
"""

from __future__ import annotations

import importlib

from analysis.corpus.masking import scoring_view
from analysis.corpus.readers import load_corpus
from analysis.corpus.segment import segment
from analysis.dictionaries.actors import ActorSet, load_actors
from analysis.dictionaries.cues import load_cues
from analysis.dictionaries.frames import load_frames
from analysis.dictionaries.issues import load_issues
from analysis.dictionaries.labels import load_labels
from analysis.dictionaries.registry import Config, load_config
from analysis.errors import InputError, InputWarning
from analysis.evaluation import (
    compare_with_gold,
    evaluate_actor_sentiment,
    evaluate_relations,
    evaluate_stance,
    frame_agreement,
    frame_dictionary_agreement,
    gold_confusion,
    read_gold,
)
from analysis.measures.actor_sentiment import actor_sentiment
from analysis.measures.dyads import find_dyads
from analysis.measures.frames import find_frames
from analysis.measures.issues import find_issue_mentions
from analysis.measures.mentions import cooccurrence, find_mentions
from analysis.measures.sentiment import score_sentences
from analysis.measures.stance import find_stance
from analysis.measures.target import target_sentiment
from analysis.measures.wordchoice import find_word_choice
from analysis.models.target_sentiment import model_card
from analysis.pipeline import Results, analyze, load_results, score_batch
from analysis.report.html import evidence_table
from analysis.stats.bootstrap import bootstrap_mean, grouped_bootstrap
from analysis.stats.groups import group_labels
from analysis.stats.keyness import fightin_words, keyness_by_group, split_counts, term_counts, tokenize
from analysis.study import Study, as_list, open_study
from analysis.summaries.actor_sentiment import actor_scores, evidence, evidence_html
from analysis.summaries.frames import frame_shares, frame_shares_by_group, top_cues
from analysis.summaries.kwic import kwic, kwic_spans, kwic_text
from analysis.summaries.overview import corpus_summary, mentions_per_article
from analysis.summaries.relations import dyad_evidence, dyad_summary, stance_evidence, stance_summary
from analysis.summaries.wordchoice import differing_labels, top_labels, word_choice

__version__ = "0.1.0"

#: Plot verbs and the module that defines each: imported on first use (PEP 562).
_LAZY = {
    "plot_actor_arc": "analysis.plots.actor_sentiment",
    "plot_actor_scores": "analysis.plots.actor_sentiment",
    "plot_dyad_heatmap": "analysis.plots.relations",
    "plot_relations_network": "analysis.plots.relations",
    "plot_stance_matrix": "analysis.plots.relations",
    "plot_mentions_per_article": "analysis.plots.overview",
    "plot_sentiment_arc": "analysis.plots.overview",
    "plot_fightin_words": "analysis.plots.framing",
    "plot_frame_shares": "analysis.plots.framing",
    "plot_word_choice": "analysis.plots.framing",
    "save_figure": "analysis.plots.style",
}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'analysis' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "as_list",
    "evidence_table",
    "model_card",
    "frame_agreement",
    "frame_dictionary_agreement",
    "ActorSet",
    "Config",
    "InputError",
    "InputWarning",
    "Results",
    "Study",
    "actor_scores",
    "actor_sentiment",
    "analyze",
    "bootstrap_mean",
    "cooccurrence",
    "corpus_summary",
    "dyad_evidence",
    "dyad_summary",
    "evaluate_actor_sentiment",
    "evaluate_relations",
    "evaluate_stance",
    "evidence",
    "evidence_html",
    "find_dyads",
    "find_issue_mentions",
    "find_mentions",
    "find_stance",
    "group_labels",
    "grouped_bootstrap",
    "load_actors",
    "load_config",
    "load_corpus",
    "load_cues",
    "load_issues",
    "load_results",
    "mentions_per_article",
    "open_study",
    "plot_actor_arc",
    "plot_actor_scores",
    "plot_dyad_heatmap",
    "plot_mentions_per_article",
    "plot_relations_network",
    "plot_sentiment_arc",
    "plot_stance_matrix",
    "save_figure",
    "score_batch",
    "score_sentences",
    "segment",
    "scoring_view",
    "stance_evidence",
    "stance_summary",
    "target_sentiment",
    "find_frames",
    "frame_shares",
    "frame_shares_by_group",
    "load_frames",
    "top_cues",
    "plot_fightin_words",
    "plot_frame_shares",
    "plot_word_choice",
    "fightin_words",
    "keyness_by_group",
    "split_counts",
    "term_counts",
    "tokenize",
    "kwic",
    "kwic_spans",
    "kwic_text",
    "differing_labels",
    "find_word_choice",
    "load_labels",
    "top_labels",
    "word_choice",
    "compare_with_gold",
    "gold_confusion",
    "read_gold",
]
