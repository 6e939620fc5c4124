"""Errors raised for bad input.

Every problem a user can fix (a missing file, an unreadable corpus, a bad
configuration key) is raised as :class:`InputError` with one line that names the
file and the problem. The command line prints that line and exits with status 2.
"""

from __future__ import annotations

import os


class InputError(ValueError):
    """Bad input or configuration: the message names the file and the problem."""

    def __init__(self, path: str | os.PathLike | None, problem: str):
        self.path = None if path is None else os.fspath(path)
        self.problem = problem
        msg = problem if self.path is None else f"{self.path}: {problem}"
        super().__init__(msg)


class InputWarning(UserWarning):
    """A recoverable problem in the input (the item is decoded differently or skipped)."""


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that every clean-up on the way out runs."""
