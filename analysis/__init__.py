"""Framing analysis of news: corpus loading, sentiment, actors, relations, frames.

The public verbs are re-exported here; each lives in a small module of its own.
"""

from .actor_sentiment import (
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
from .actors import ActorSet, cooccurrence, find_mentions, load_actors
from .config import Config, load_config
from .corpus import load_corpus
from .cues import load_cues
from .errors import InputError, InputWarning
from .frames import find_frames, frame_shares, frame_shares_by_group, load_frames, top_cues
from .framing_plots import plot_fightin_words, plot_frame_shares, plot_word_choice
from .issues import find_issue_mentions, load_issues
from .keyness import fightin_words, keyness_by_group, split_counts, term_counts, tokenize
from .kwic import kwic, kwic_spans, kwic_text
from .overview import corpus_summary, mentions_per_article, plot_mentions_per_article, plot_sentiment_arc
from .pipeline import Results, analyze, load_results, score_batch
from .relations import find_dyads
from .relations_eval import evaluate_relations, evaluate_stance
from .relations_report import (
    dyad_evidence,
    dyad_summary,
    plot_dyad_heatmap,
    plot_relations_network,
    plot_stance_matrix,
    stance_evidence,
    stance_summary,
)
from .segment import segment
from .sentiment import score_sentences
from .stance import find_stance
from .stats import bootstrap_mean, group_labels, grouped_bootstrap
from .style import save_figure
from .target import target_sentiment
from .wordchoice import differing_labels, find_word_choice, load_labels, top_labels, word_choice

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
