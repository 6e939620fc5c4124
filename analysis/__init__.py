"""Framing analysis of news: corpus loading, sentiment, actors, relations, frames.

The public verbs are re-exported here; each lives in a small module of its own.
"""

from .actors import ActorSet, cooccurrence, find_mentions, load_actors
from .config import Config, load_config
from .corpus import load_corpus
from .errors import InputError, InputWarning
from .overview import corpus_summary, mentions_per_article, plot_mentions_per_article, plot_sentiment_arc
from .pipeline import Results, analyze, load_results, score_batch
from .segment import segment
from .sentiment import score_sentences
from .stats import bootstrap_mean, group_labels, grouped_bootstrap
from .style import save_figure

__version__ = "0.1.0"

__all__ = [
    "ActorSet", "Config", "InputError", "InputWarning", "Results", "analyze", "bootstrap_mean",
    "cooccurrence", "corpus_summary", "find_mentions", "group_labels", "grouped_bootstrap",
    "load_actors", "load_config", "load_corpus", "load_results", "mentions_per_article",
    "plot_mentions_per_article", "plot_sentiment_arc", "save_figure", "score_batch",
    "score_sentences", "segment",
]
