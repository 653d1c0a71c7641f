"""When the log refuses a write (full disk, read-only file), say so instead of crashing.

Routine steps and break rows queue and retry on their own; this is for the one-off writes behind
a key (a note, a rest mark, a check-in answer). A Textual handler that raises ends the app, so
each such write is wrapped here and the person is told exactly what was not saved.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from textual.app import App

from coach.store import LogWriteError


@contextmanager
def saved_or_said(app: App[Any], what: str) -> Iterator[None]:
    """Run the writes in the block; if the log refuses one, notify naming ``what`` wasn't saved."""
    try:
        yield
    except LogWriteError as error:
        say_refused(app, what, error)


def say_refused(app: App[Any], what: str, error: LogWriteError) -> None:
    """Tell the person that ``what`` was not saved, why, and that what was saved is safe."""
    app.notify(
        f"{what} was not saved: {error.message}. Everything saved before is safe; free some "
        "space or fix the file's permissions and try again.",
        title="The log refused a write",
        severity="error",
        timeout=15,
    )
