"""Aggregates with uncertainty: grouping, bootstrap, keyness, agreement."""

from analysis.stats.bootstrap import bootstrap_mean, group_labels, grouped_bootstrap

__all__ = ["bootstrap_mean", "group_labels", "grouped_bootstrap"]
