"""What the log can refuse, as one line naming the file (every one a :class:`CoachError`)."""

from __future__ import annotations

from coach.core.errors import FileProblem

MOVE_ASIDE = "move it aside or pass --db PATH"


class StoreError(FileProblem):
    """The log cannot be used as it is; rendered as one line naming the file."""


class LogWriteError(StoreError):
    """A write did not reach the file (disk full, read-only, I/O error, busy, damaged): nothing
    of it was written.

    Raised only by the write funnel (:meth:`coach.store.connection.LazyLogDatabase.writing`), so
    a caller that catches it has caught every way a write can fail. The caller still holds the
    row and can try again; nothing written before is affected.
    """


class MigrationError(Exception):
    """A migration failed; the transaction is rolled back and the file is as it was."""
