"""The app's one rendering of a refusal: a write the log refused, or any CoachError, as one line.

Routine steps and break rows queue and retry on their own; this is for everything else behind a
key (a note, a rest mark, a check-in answer, the choice after it). A Textual handler that raises
ends the app, and a guard each action must remember gets forgotten (the choice after the
check-in forgot it), so the app applies :func:`saved_or_said` where every action passes: each
key, click and palette command (``CoachApp.run_action``), each dialog's answer
(``CoachApp.push_screen``) and each message a screen posts up. A screen writes first and then
changes what it shows, so a refused write leaves the screen as it was, with the line over it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from inspect import isawaitable
from typing import Any, TypeVar

from textual.app import App

from coach.core.errors import CoachError
from coach.store import LogWriteError

REFUSED_TITLE = "The log refused a write"
"""The title of the toast a refused write shows (tests look for it)."""
FAILED_TITLE = "coach could not do that"

T = TypeVar("T")


def refusal_line(error: CoachError, what: str | None = None) -> str:
    """``Not saved: /path/coach.db: cannot write … Everything saved before is safe; …``.

    ``what`` names what was refused when the caller knows (``The note``); a refusal caught at
    the app's seam says only why, as the person knows which key they just pressed.
    """
    if isinstance(error, LogWriteError):
        lead = f"{what} was not saved" if what else "Not saved"
        return (
            f"{lead}: {error}. Everything saved before is safe; free some space or fix the "
            "file's permissions and try again."
        )
    return f"{what}: {error}" if what else str(error)


def say_refused(app: App[Any], what: str | None, error: CoachError) -> None:
    """Tell the person, where they are, what was refused and why; coach goes on."""
    app.notify(
        refusal_line(error, what),
        title=REFUSED_TITLE if isinstance(error, LogWriteError) else FAILED_TITLE,
        severity="error",
        timeout=15,
        markup=False,
    )


@contextmanager
def saved_or_said(app: App[Any], what: str | None = None) -> Iterator[None]:
    """Run the block; a CoachError raised in it is said in one line instead of ending coach."""
    try:
        yield
    except CoachError as error:
        say_refused(app, what, error)


def said_on_refusal(
    app: App[Any], callback: Callable[[T | None], object]
) -> Callable[[T | None], Awaitable[None]]:
    """``callback`` (a dialog's answer), with a refusal inside it said by :func:`saved_or_said`.

    Textual awaits what a result callback returns, so one wrapper serves plain and async ones.
    """

    @wraps(callback)
    async def guarded(result: T | None) -> None:
        with saved_or_said(app):
            returned = callback(result)
            if isawaitable(returned):
                await returned

    return guarded
