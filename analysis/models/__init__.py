"""Trained models: loading, features, inference."""
