"""Breaks without a window: the break keeper driven by a plain loop, for ``coach keeper``.

The app's :class:`~coach.ui.breaks.BreakPrompter` drives a :class:`BreakKeeper` from Textual
timers; here a loop does the same once a second on an injected clock, so it runs under systemd or
launchd with no terminal at all. What a prompt looks like is a desktop notification with Done and
Snooze buttons, the terminal bell when there is a terminal, and one line on standard output. A
button is clicked on the notifier's reader thread; the click is queued and answered on the loop's
own thread, between two ticks, so the keeper is only ever touched from one thread.

The lock decides who prompts, as between two windows: while a window holds it this loop only
retries (the keeper does, every few seconds) and says once who holds it; when the window closes
it takes over. ``sleep`` and ``stop`` are injected, so tests run hours of breaks in milliseconds.
"""

from __future__ import annotations

import queue
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

from coach.core.breaks import (
    IDLE_POLL_SECONDS,
    Event,
    IdleWatch,
    PromptClosed,
    Prompted,
    Snoozed,
)
from coach.core.clock import Clock
from coach.core.vocabulary import BreakAnswer, BreakOutcome
from coach.services.break_keeper import BreakKeeper, notification_actions
from coach.text.formatting import time_of_day

if TYPE_CHECKING:
    from coach.system.idle import IdleReading
    from coach.system.tmux import TmuxPopup

TICK_SECONDS = 1.0
"""How often the keeper looks at the clocks."""


IdleReader = Callable[[], "IdleReading | None"]


class Notifies(Protocol):
    """What the loop needs of :class:`coach.system.notify.Notifier`."""

    def notify(
        self,
        title: str,
        body: str,
        *,
        actions: Sequence[tuple[str, str]] = (),
        on_action: Callable[[str], None] | None = None,
    ) -> str | None: ...

    def close(self) -> None: ...


class HeadlessKeeper:
    """One keeper, its notifications and its lines of output, ticked by :meth:`run`."""

    def __init__(
        self,
        keeper: BreakKeeper,
        *,
        clock: Clock,
        notifier: Notifies,
        say: Callable[[str], None],
        warn: Callable[[str], None],
        bell: Callable[[], None] = lambda: None,
        idle_reader: IdleReader | None = None,
        popup: TmuxPopup | None = None,
        ask_command: Sequence[str] = (),
    ) -> None:
        self.keeper = keeper
        self.popup = popup
        """The tmux popup over the pane in use (``[breaks] tmux_popup``), running
        ``ask_command`` (``coach break ask`` on this log)."""
        self.ask_command = list(ask_command)
        self.clock = clock
        self.notifier = notifier
        self.say = say
        """One line for the person (standard output: the terminal, or the journal)."""
        self.warn = warn
        """One line about something that went wrong (a row the log refused)."""
        self.bell = bell
        self.idle_reader = idle_reader
        self.actions: queue.SimpleQueue[str] = queue.SimpleQueue()
        """Buttons clicked on a notification, waiting for the loop's thread."""
        self.idle = IdleWatch()
        self._polled_at = float("-inf")
        self._told_holder = ""
        """The line last said about who prompts."""

    # -- the loop ------------------------------------------------------------------------------

    def run(
        self,
        *,
        stop: Callable[[], bool],
        sleep: Callable[[float], object],
        once: bool = False,
        tick_seconds: float = TICK_SECONDS,
    ) -> None:
        """Start, tick until ``stop()`` says so (or once), then release the lock."""
        try:
            self.start()
            while not stop():
                self.step()
                if once:
                    break
                sleep(tick_seconds)
        finally:
            self.close()

    def start(self) -> list[Event]:
        """Take the lock if it is free and pick up where the last prompting coach left off."""
        self.poll_idle()
        events = self.keeper.start()
        self.show(events)
        return events

    def step(self) -> list[Event]:
        """One tick: the idle reading when due, the clocks and the log, then the clicks since
        the last tick. The log first: a click on a prompt answered meanwhile in a shell finds
        it closed and does nothing, rather than saying "done" over the shell's "skip"."""
        if self.clock.monotonic() - self._polled_at >= IDLE_POLL_SECONDS:
            self.poll_idle()
        events = self.keeper.tick(self.idle_now(), whole_desk=self.idle.whole_desk)
        self.show(events)
        while True:
            try:
                key = self.actions.get_nowait()
            except queue.Empty:
                break
            events += self.act(key)
        return events

    def close(self) -> None:
        """Take the notification down and let a window take over: on any way out of the loop."""
        self.notifier.close()
        self.keeper.close()

    # -- the parts -----------------------------------------------------------------------------

    def act(self, key: str) -> list[Event]:
        """A button clicked: done or snooze for the prompt that is up (if it still is)."""
        if not (self.keeper.holder and self.keeper.scheduler.pending):
            return []
        if key == BreakAnswer.DONE:
            events = self.keeper.answer(BreakOutcome.DONE)
        elif key == BreakAnswer.SNOOZE:
            events = self.keeper.snooze()
        else:
            return []
        self.show(events)
        return events

    def clicked(self, key: str) -> None:
        """The notifier's ``on_action``, on its reader thread: queued for the loop."""
        self.actions.put(key)

    def poll_idle(self) -> None:
        self._polled_at = self.clock.monotonic()
        if self.idle_reader is None:
            return
        reading = self.idle_reader()
        at = self.clock.monotonic()
        if reading is None:
            self.idle.take(None, at)
            return
        self.idle.take(reading.seconds, at, whole_desk=reading.whole_desk)
        self.keeper.idle_source = reading.source

    def idle_now(self) -> float | None:
        """The last reading aged by the seconds since, while fresh (as the app does)."""
        return self.idle.now(self.clock.monotonic())

    def show(self, events: list[Event]) -> None:
        """What each event looks like here; the keeper has written the rows already."""
        for unsaved in self.keeper.take_unsaved():
            self.warn(f"not saved to the log: {unsaved}")
        self._say_holder()
        now = time_of_day(self.keeper.clock.now())
        for event in events:
            if isinstance(event, Prompted):
                self.bell()
                answers = "done | snooze | skip" if event.can_snooze else "done | skip"
                self.say(f"{now} Time to stand up — coach break {answers}")
                actions = notification_actions(
                    can_snooze=event.can_snooze, snooze_seconds=self.keeper.policy.snooze
                )
                self.notifier.notify(
                    "Time to stand up",
                    self.keeper.sat_text(),
                    actions=actions,
                    on_action=self.clicked,
                )
                if self.popup is not None and self.ask_command:
                    self.popup.show(self.ask_command)
            elif isinstance(event, Snoozed):
                self._take_down()
                self.say(f"{now} Snoozed until {time_of_day(event.until)}.")
            elif isinstance(event, PromptClosed):
                self._take_down()
                self.say(f"{now} Break {event.outcome.value}: logged.")

    def _take_down(self) -> None:
        """Answered (anywhere): no notification or popup left asking."""
        self.notifier.close()
        if self.popup is not None:
            self.popup.close()

    def _say_holder(self) -> None:
        """One line whenever who prompts changes: this keeper, or another coach (its pid)."""
        if self.keeper.holder:
            line = "Breaks: this keeper prompts now."
        else:
            pid = self.keeper.other_holder()
            who = "another coach" if pid is None else f"another coach (pid {pid})"
            line = f"Breaks: {who} prompts for now; waiting to take over."
        if line != self._told_holder:
            self._told_holder = line
            self.say(line)
