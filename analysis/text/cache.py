"""One cache helper: a dict that computes a missing value on first use.

:class:`Memo` is a plain ``dict`` subclass, so a hit is a C-level dict lookup (and
``map(memo.__getitem__, tokens)`` runs in C); only a miss calls Python. With a
``limit`` it is emptied when it holds that many entries, so memory stays bounded on any
corpus; the values are pure functions of the key, so emptying it changes no result.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Memo(dict):
    """key → ``fn(key)``, computed on first use and kept (emptied at ``limit`` entries)."""

    __slots__ = ("fn", "limit")

    def __init__(self, fn: Callable[[Any], Any], limit: int | None = None):
        super().__init__()
        self.fn = fn
        self.limit = limit

    def __missing__(self, key):
        if self.limit is not None and len(self) >= self.limit:
            self.clear()
        value = self[key] = self.fn(key)
        return value
