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


# The interruption the command line's signal handlers were asked for. The handler raises
# it, but an exception raised by a signal handler can land where Python throws it away: a
# SIGTERM arriving while ``xml.etree`` is imported (NLTK imports it) became an ImportError
# inside a C module's set-up, which ElementTree ignores, and the run went on to write its
# outputs (about one run in 40 when the signal came early). So the handler also notes it
# here, and the loops of a run and every final rename (:func:`stop_if_asked`) raise it
# again. (For a report, Ctrl-C keeps Python's own handler, which asyncio relies on.)
_asked: list[type[KeyboardInterrupt]] = []


def ask_to_stop(kind: type[KeyboardInterrupt] = KeyboardInterrupt) -> None:
    """Note that the run must stop with ``kind`` (the first interruption is kept)."""
    if not _asked:
        _asked.append(kind)


def stop_if_asked() -> None:
    """Raise the interruption noted by :func:`ask_to_stop`, if any."""
    if _asked:
        raise _asked[0]()


def clear_stop() -> None:
    """Forget a noted interruption (at the start and end of a command)."""
    _asked.clear()
