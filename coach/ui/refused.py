"""The app's one rendering of a refusal: a write the log refused, or any CoachError, as one line.

Routine steps and break rows queue and retry on their own; this is for everything else behind a
key (a note, a rest mark, a check-in answer, the choice after it). A Textual handler that raises
ends the app, and a guard each action must remember gets forgotten (the choice after the
check-in forgot it), so the app applies :func:`saved_or_said` where every action passes: each
key, click and palette command (``CoachApp.run_action``), each dialog's answer
(``CoachApp.push_screen``), and, through :class:`Guarded`, every handler, timer and signal
callback of the app and its screens: what coach does on its own (a screen's first read, a
timer's tick, starting ``coach run``'s routine) meets a damaged or refusing log as often as a
key does. A screen writes first and then changes what it shows, so a refused write leaves the
screen as it was, with the line over it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from inspect import isawaitable, iscoroutinefunction
from typing import Any, ClassVar, TypeVar

from textual.app import App
from textual.dom import DOMNode
from textual.signal import Signal

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


HANDLER_PREFIXES = ("on_", "action_", "key_", "watch_")
"""The names Textual calls by itself: message and event handlers, actions, keys, watchers."""


def _guard(method: Callable[..., Any]) -> Callable[..., Any]:
    """``method`` run inside :func:`saved_or_said`, sync or async as it was."""
    if getattr(method, "_coach_guarded", False):
        return method
    if iscoroutinefunction(method):

        @wraps(method)
        async def guarded_async(self: DOMNode, *args: Any, **kwargs: Any) -> Any:
            with saved_or_said(self.app):
                return await method(self, *args, **kwargs)
            return None

        guarded: Callable[..., Any] = guarded_async
    else:

        @wraps(method)
        def guarded_sync(self: DOMNode, *args: Any, **kwargs: Any) -> Any:
            with saved_or_said(self.app):
                returned = method(self, *args, **kwargs)
                if isawaitable(returned):  # a handler that hands back a coroutine
                    return _awaited(self.app, returned)
                return returned
            return None

        guarded = guarded_sync
    guarded._coach_guarded = True  # type: ignore[attr-defined]
    return guarded


async def _awaited(app: App[Any], awaitable: Awaitable[T]) -> T | None:
    with saved_or_said(app):
        return await awaitable
    return None


def _guard_callback(node: DOMNode, callback: Callable[..., Any]) -> Callable[..., Any]:
    """A timer's or signal's callback (a bound method or any callable) under the seam."""
    if getattr(callback, "_coach_guarded", False):
        return callback

    @wraps(callback)
    async def guarded(*args: Any, **kwargs: Any) -> Any:
        with saved_or_said(node.app):
            returned = callback(*args, **kwargs)
            if isawaitable(returned):
                return await returned
            return returned
        return None

    guarded._coach_guarded = True  # type: ignore[attr-defined]
    return guarded


class Guarded:
    """Mixed into the app and every screen, so no handler can forget the refusal seam.

    Every method a subclass defines that Textual calls by name (``on_*``, ``action_*``,
    ``key_*``, ``watch_*``) and every ``@on`` handler runs inside :func:`saved_or_said`, and so
    does each callback given to a timer (``set_interval``, ``set_timer``, ``call_later``,
    ``call_after_refresh``, ``call_next``) or to :meth:`listen` (a signal). A handler that meets
    a refused write or a damaged log says so in one line, and coach goes on; the test in
    ``tests/ui/test_refused_writes.py`` checks that every screen class is Guarded.
    """

    GUARDED: ClassVar[bool] = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name, value in list(vars(cls).items()):
            if (
                name.startswith(HANDLER_PREFIXES)
                and callable(value)
                and not isinstance(value, type)
            ):
                setattr(cls, name, _guard(value))
        # ``@on`` handlers are gathered by Textual's metaclass before this runs: guard them there
        decorated = vars(cls).get("_decorated_handlers")
        if isinstance(decorated, dict):
            for handlers in decorated.values():
                handlers[:] = [(_guard(method), selectors) for method, selectors in handlers]

    def set_interval(self, interval: float, callback: Any = None, *args: Any, **kwargs: Any) -> Any:
        if callback is not None:
            callback = _guard_callback(self, callback)  # type: ignore[arg-type]
        return super().set_interval(interval, callback, *args, **kwargs)  # type: ignore[misc]

    def set_timer(self, delay: float, callback: Any = None, *args: Any, **kwargs: Any) -> Any:
        if callback is not None:
            callback = _guard_callback(self, callback)  # type: ignore[arg-type]
        return super().set_timer(delay, callback, *args, **kwargs)  # type: ignore[misc]

    def call_later(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> bool:
        return super().call_later(_guard_callback(self, callback), *args, **kwargs)  # type: ignore[arg-type, misc, no-any-return]

    def call_after_refresh(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> bool:
        return super().call_after_refresh(_guard_callback(self, callback), *args, **kwargs)  # type: ignore[arg-type, misc, no-any-return]

    def call_next(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        super().call_next(_guard_callback(self, callback), *args, **kwargs)  # type: ignore[arg-type, misc]

    def listen(self, signal: Signal[T], callback: Callable[[T], object]) -> None:
        """Subscribe to ``signal`` (immediately, as the screens do) with ``callback`` guarded."""
        node: DOMNode = self  # type: ignore[assignment]

        def guarded(data: T) -> None:
            with saved_or_said(node.app):
                callback(data)

        signal.subscribe(node, guarded, immediate=True)
