"""The CLI's own one-line failure, and how every expected error is rendered: once, in ``main``."""

from __future__ import annotations

from coach.core.errors import CoachError
from coach.text.safe import clean

EXIT_USAGE = 2
"""Every error a user or a file can cause: one line on stderr, then this exit code."""
EXIT_INTERRUPTED = 130
"""Ctrl+C: the shell's convention (128 + SIGINT), with no traceback."""


class CliError(CoachError):
    """A one-line failure for the user, printed as ``coach: …``."""


def os_error_line(exc: OSError) -> str:
    """An ``OSError`` as one line naming the file(s): ``/path: Permission denied``."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    if exc.filename is not None and exc.filename2 is not None:
        return f"{exc.filename} → {exc.filename2}: {reason}"
    if exc.filename is not None:
        return f"{exc.filename}: {reason}"
    return reason


def one_line(text: object) -> str:
    """The message on a single line, whatever it holds (an error's text is one line by contract,
    but a path or a value quoted in it may hold a line break), with no control character."""
    return clean(str(text)) or "failed"
