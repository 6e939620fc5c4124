"""Aggregates with uncertainty: grouping, bootstrap, keyness, agreement."""

from analysis.stats.bootstrap import bootstrap_mean, grouped_bootstrap
from analysis.stats.groups import group_labels

__all__ = ["bootstrap_mean", "group_labels", "grouped_bootstrap"]
