"""Framing analysis of news: corpus loading, sentiment, actors, relations, frames.

The public verbs are re-exported here; each lives in a small module of its own.
"""

from analysis.corpus.readers import load_corpus
from analysis.corpus.segment import segment
from analysis.dictionaries.actors import ActorSet, cooccurrence, find_mentions, load_actors
from analysis.dictionaries.cues import load_cues
from analysis.dictionaries.issues import find_issue_mentions, load_issues
from analysis.dictionaries.registry import Config, load_config
from analysis.errors import InputError, InputWarning
from analysis.evaluation import evaluate_relations, evaluate_stance
from analysis.measures.actor_sentiment import (
    actor_scores,
    actor_sentiment,
    compare_with_gold,
    evaluate_actor_sentiment,
    evidence,
    evidence_html,
    gold_confusion,
    plot_actor_arc,
    plot_actor_scores,
    read_gold,
)
from analysis.measures.dyads import find_dyads
from analysis.measures.frames import find_frames, frame_shares, frame_shares_by_group, load_frames, top_cues
from analysis.measures.sentiment import score_sentences
from analysis.measures.stance import find_stance
from analysis.measures.target import target_sentiment
from analysis.measures.wordchoice import differing_labels, find_word_choice, load_labels, top_labels, word_choice
from analysis.pipeline import Results, analyze, load_results, score_batch
from analysis.plots.framing import plot_fightin_words, plot_frame_shares, plot_word_choice
from analysis.plots.style import save_figure
from analysis.stats.bootstrap import bootstrap_mean, group_labels, grouped_bootstrap
from analysis.stats.keyness import fightin_words, keyness_by_group, split_counts, term_counts, tokenize
from analysis.summaries.kwic import kwic, kwic_spans, kwic_text
from analysis.summaries.overview import (
    corpus_summary,
    mentions_per_article,
    plot_mentions_per_article,
    plot_sentiment_arc,
)
from analysis.summaries.relations import (
    dyad_evidence,
    dyad_summary,
    plot_dyad_heatmap,
    plot_relations_network,
    plot_stance_matrix,
    stance_evidence,
    stance_summary,
)

__version__ = "0.1.0"

__all__ = [
    "ActorSet", "Config", "InputError", "InputWarning", "Results", "actor_scores", "actor_sentiment",
    "analyze", "bootstrap_mean", "cooccurrence", "corpus_summary", "dyad_evidence", "dyad_summary",
    "evaluate_actor_sentiment", "evaluate_relations", "evaluate_stance", "evidence", "evidence_html",
    "find_dyads", "find_issue_mentions", "find_mentions", "find_stance", "group_labels", "grouped_bootstrap",
    "load_actors", "load_config", "load_corpus", "load_cues", "load_issues", "load_results",
    "mentions_per_article", "plot_actor_arc", "plot_actor_scores", "plot_dyad_heatmap",
    "plot_mentions_per_article", "plot_relations_network", "plot_sentiment_arc", "plot_stance_matrix",
    "save_figure", "score_batch", "score_sentences", "segment", "stance_evidence", "stance_summary",
    "target_sentiment", "find_frames", "frame_shares", "frame_shares_by_group", "load_frames", "top_cues",
    "plot_fightin_words", "plot_frame_shares", "plot_word_choice", "fightin_words", "keyness_by_group",
    "split_counts", "term_counts", "tokenize", "kwic", "kwic_spans", "kwic_text", "differing_labels",
    "find_word_choice", "load_labels", "top_labels", "word_choice", "compare_with_gold", "gold_confusion",
    "read_gold",
]
