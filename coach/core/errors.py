"""One error type for everything a user or a file can cause, rendered once at each edge.

Every error coach expects (a bad settings value, a routine file that doesn't parse, a log that
can't be read or written) derives from :class:`CoachError` and reads as one line naming the file,
the field and the fix. The CLI prints that line and exits 2; the app shows it where the user is.
Anything else reaching an edge is a bug, and is allowed to look like one.
"""

from __future__ import annotations

import os
from pathlib import Path

PathLike = str | os.PathLike[str]


class CoachError(Exception):
    """An error meant for the person: ``str(error)`` is the whole message, on one line."""


class FileProblem(CoachError):
    """A file coach cannot use, as one line: ``path: why`` (the log, a settings or routine file)."""

    def __init__(self, path: PathLike, message: str) -> None:
        self.path = Path(path)
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"
