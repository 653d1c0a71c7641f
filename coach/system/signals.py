"""SIGHUP and SIGTERM (a closed pane or terminal, ``kill``) end coach the way quitting does.

Left to their default action, both end the process on the spot: a routine that was playing stayed
``running`` until the next start closed it, and the terminal was left in raw mode. Here the first
one asks the app to finish (its routine logged ``partial``, the break lock released) and exit, on
the event loop, between two callbacks, so no write is cut in half. The handlers are then taken
away: a second signal ends the process by the default action, and so does a watchdog if finishing
takes longer than :data:`GRACE_SECONDS` (a terminal gone with the pane can stall a redraw).
Before the handlers are installed (coach starting up) the default action applies: it still ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
from collections.abc import Callable, Iterator

ENDING: tuple[signal.Signals, ...] = tuple(
    getattr(signal, name) for name in ("SIGHUP", "SIGTERM") if hasattr(signal, name)
)
"""The signals that mean "this coach is going away": the pane closed, or ``kill``."""
GRACE_SECONDS = 5.0
"""How long the app may take to finish after the first signal before it is ended anyway."""


def die_of(signum: int) -> None:
    """End this process as ``signum``'s default action would (its exit status says so)."""
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


class EndOnSignal:
    """Turns the first :data:`ENDING` signal into a call of ``finish(signum)`` on ``loop``."""

    def __init__(
        self,
        finish: Callable[[int], None],
        loop: asyncio.AbstractEventLoop,
        *,
        grace: float = GRACE_SECONDS,
        die: Callable[[int], None] = die_of,
    ) -> None:
        self.finish = finish
        self.loop = loop
        self.grace = grace
        self.die = die
        self.received: int | None = None
        """The signal that asked coach to end, once one has."""
        self._installed: list[signal.Signals] = []
        self._watchdog: threading.Timer | None = None

    def install(self) -> bool:
        """Handle the ending signals from now on; False where that can't be done (not the main
        thread, or a platform without them): the default action applies there."""
        for signum in ENDING:
            try:
                self.loop.add_signal_handler(signum, self._received, signum)
            except (NotImplementedError, RuntimeError, ValueError):
                self.uninstall()
                return False
            self._installed.append(signum)
        return bool(self._installed)

    def uninstall(self) -> None:
        """Give the signals back their default action, and stand the watchdog down."""
        self._remove_handlers()
        if self._watchdog is not None:
            self._watchdog.cancel()
            self._watchdog = None

    def _remove_handlers(self) -> None:
        while self._installed:
            signum = self._installed.pop()
            with contextlib.suppress(RuntimeError, ValueError):
                self.loop.remove_signal_handler(signum)  # back to SIG_DFL

    def _received(self, signum: int) -> None:
        if self.received is not None:
            return
        self.received = signum
        self._remove_handlers()  # a second signal ends the process at once
        self._watchdog = threading.Timer(self.grace, self.die, (signum,))
        self._watchdog.daemon = True
        self._watchdog.start()
        self.finish(signum)


class EndedBySignal(BaseException):
    """SIGHUP or SIGTERM arrived inside :func:`cleaned_up_on_signals` (a BaseException, so no
    ``except Exception`` swallows it on its way out through the clean-ups)."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"ended by signal {signum}")
        self.signum = signum


_cleaning_up = False


@contextlib.contextmanager
def cleaned_up_on_signals() -> Iterator[None]:
    """Inside: an ending signal raises :class:`EndedBySignal`, so every ``finally`` and ``with``
    on the way out runs (a half-written copy is removed); then the process ends as the signal's
    default action would. For file work outside the app (backups, merges, imports). Elsewhere
    than the main thread the default action stays, as it must."""
    global _cleaning_up
    if _cleaning_up or threading.current_thread() is not threading.main_thread():
        yield  # nested: the outermost one ends the process, after every clean-up ran
        return

    def raise_ended(signum: int, _frame: object) -> None:
        raise EndedBySignal(signum)

    previous = {signum: signal.signal(signum, raise_ended) for signum in ENDING}
    _cleaning_up = True
    try:
        yield
    except EndedBySignal as ended:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        die_of(ended.signum)
        raise  # pragma: no cover - die_of ended the process
    finally:
        _cleaning_up = False
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextlib.contextmanager
def stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """Inside: SIGTERM, SIGHUP and SIGINT set ``stop`` instead of ending the process, so a loop
    that watches it (``coach keeper``) finishes its tick, releases what it holds and returns.
    A second signal ends the process by the default action. Outside the main thread nothing is
    installed (Python allows handlers only there)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    ending = (*ENDING, signal.SIGINT)

    def asked(signum: int, _frame: object) -> None:
        if stop.is_set():
            die_of(signum)
        stop.set()

    previous = {signum: signal.signal(signum, asked) for signum in ending}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
