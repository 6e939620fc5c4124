"""Figures: the project style (as a context) and one module per notebook topic; the only place that imports pyplot."""
