"""Tokens, phrase matchers (one per matching style), clause rules and VADER."""
