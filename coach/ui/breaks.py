"""Break prompting: the toast, the dialog a minute later, the answers and the offer of the routine.

Prompts reach the person over whatever screen is showing (never over a routine that is playing),
so they belong to no screen: the app owns one :class:`BreakPrompter`, tells it when routines start
and end, and routes the break keys to it. The prompter shows what each break event looks and
sounds like (the keeper has written the rows already) and publishes the app's breaks signal, so
the screens showing break lines repaint them. One timer, once a second, drives the scheduler; the
tmux idle reading runs in a worker thread every few seconds.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.screen import Screen
from textual.signal import Signal

from coach.core.breaks import (
    IDLE_POLL_SECONDS,
    AwayAsked,
    BackAtDesk,
    BreakLogged,
    Event,
    IdleWatch,
    PromptClosed,
    Prompted,
    Snoozed,
    routine_counts_as_break,
)
from coach.core.clock import Clock
from coach.core.routine import Routine, RoutineSet
from coach.core.vocabulary import BreakAnswer, BreakOutcome, BreakPhase
from coach.core.work_hours import BreakPolicy
from coach.services.break_keeper import BreakKeeper, notification_actions
from coach.services.config import Config
from coach.system.notify import Notifier
from coach.text.formatting import minutes_text, time_of_day

if TYPE_CHECKING:
    from coach.system.idle import IdleReading
    from coach.system.tmux import TmuxPopup
    from coach.ui.dialogs.break_prompt import BreakPromptScreen

ESCALATE_AFTER = 60.0
"""Seconds a break toast may be ignored before the prompt dialog opens."""

ASK_SECONDS = 10 * 60.0
"""How long "Away from the desk for 6 min?" can still be answered; then nothing is credited."""

IdleReader = Callable[[], "IdleReading | None"]


class BreakPrompter:
    """The break prompts of one app: what the keeper's events look like, and the answers to them.

    ``changed`` (the app's ``signals.breaks``) is published with ``True`` when break rows were
    written (today's tally may change) and ``False`` on a tick (only the countdown moves).
    """

    def __init__(
        self,
        app: App[None],
        keeper: BreakKeeper,
        *,
        config: Config,
        routines: RoutineSet,
        clock: Clock,
        notifier: Notifier,
        bell: Callable[[], None],
        play: Callable[[Routine], None],
        routine_running: Callable[[], bool],
        changed: Signal[bool],
        idle_reader: IdleReader | None = None,
        find_idle_reader: Callable[[], IdleReader | None] | None = None,
        tick_seconds: float = 1.0,
        popup: TmuxPopup | None = None,
        ask_command: Callable[[], list[str]] | None = None,
    ) -> None:
        self.app = app
        self.keeper = keeper
        self.config = config
        """The settings in use; the app sets it again when they change (see :meth:`apply`)."""
        self.routines = routines
        self.clock = clock
        self.notifier = notifier
        self.bell = bell
        self.play = play
        """Starts the break routine, as logged already (a done or ``coach break now``)."""
        self.routine_running = routine_running
        self.idle_reader = idle_reader
        self.find_idle_reader = find_idle_reader
        """Finds this machine's idle source when none was given, just after the first frame
        (the sources' module and the probe cost it ~1 ms and 0.15 MiB)."""
        self.tick_seconds = tick_seconds
        self.changed = changed
        self.popup = popup
        """The tmux popup (``[breaks] tmux_popup``), when coach runs inside tmux."""
        self.ask_command = ask_command
        """``coach break ask`` on this log, for the popup to run."""
        self.idle = IdleWatch()
        self.idle_source: str | None = None
        """The idle source in use, for ``coach status`` and the diagnosis."""
        self.away_asked: AwayAsked | None = None
        """A quiet stretch tmux saw, waiting for "was that a break?"."""
        self._asked_at = 0.0
        self._answered = False
        """The routine playing answers a break that is logged already."""
        self._courier = ThreadPoolExecutor(max_workers=1, thread_name_prefix="coach-notify")
        """Desktop notifications, one at a time and in order (a close never overtakes the
        notification it closes)."""
        self._courier_open = True
        self._prompt_screen: BreakPromptScreen | None = None

    # -- the timers ----------------------------------------------------------------------------

    def start(self) -> None:
        """Take the break lock (if free), then tick once a second and poll tmux for idleness.

        What the first frame shows (the countdown, from the lock and the last run) is read
        now; the heartbeat row, finding the idle source and its first poll (a thread) wait
        until that frame is drawn, a few milliseconds the person would otherwise wait for."""
        self.show(self.keeper.start(announce=False))
        self.app.set_interval(self.tick_seconds, self.tick)
        self.app.call_after_refresh(self._after_first_frame)

    def _after_first_frame(self) -> None:
        self.keeper.announce()
        if self.idle_reader is None and self.find_idle_reader is not None:
            self.idle_reader = self.find_idle_reader()
        if self.idle_reader is not None:
            self.app.set_interval(IDLE_POLL_SECONDS, self.poll_idle)
            self.poll_idle()

    def tick(self) -> list[Event]:
        """Once a second: the scheduler looks at the clocks; the countdown repaints."""
        events = self.keeper.tick(self.idle_now(), whole_desk=self.idle.whole_desk)
        self.show(events)
        shown = self.keeper.scheduler.shown_for() if self.keeper.holder else None
        if (
            shown is not None
            and shown >= self.escalate_after()
            and self._prompt_screen is None
            and not self.routine_running()
        ):
            self.open_prompt()
        self.changed.publish(False)
        return events

    def escalate_after(self) -> float:
        """The toast's minute, or half the time to "missed" when that is shorter: the dialog
        always comes before a prompt is marked missed, whatever the settings."""
        return min(ESCALATE_AFTER, self.keeper.policy.missed_after / 2)

    def answer_keys(self, screen: Screen[Any]) -> str | None:
        """``d done · z snooze · x skip`` as bound now (snooze only while one is left), on the
        screens where a toast's keys answer it; None elsewhere, where keys are the screen's."""
        if not _keys_answer_on(screen):
            return None
        from coach.ui.keymap import bound_key

        parts = [f"{bound_key(screen, 'break.done')} done"]
        if self.keeper.scheduler.can_snooze():
            parts.append(f"{bound_key(screen, 'break.snooze')} snooze")
        parts.append(f"{bound_key(screen, 'break.skip')} skip")
        return " · ".join(parts)

    def poll_idle(self) -> None:
        """Ask tmux off the event loop: a subprocess must never stall the screen."""
        self.app.run_worker(
            self._read_idle, thread=True, group="idle", exclusive=True, exit_on_error=False
        )

    def _read_idle(self) -> None:
        assert self.idle_reader is not None
        reading = self.idle_reader()
        read_at = self.clock.monotonic()
        if reading is None:
            self.app.call_from_thread(self.set_idle, None, read_at)
        else:
            self.app.call_from_thread(
                self.set_idle,
                reading.seconds,
                read_at,
                whole_desk=reading.whole_desk,
                source=reading.source,
            )

    def set_idle(
        self,
        seconds: float | None,
        read_at: float | None = None,
        *,
        whole_desk: bool = False,
        source: str | None = None,
    ) -> None:
        """Seconds since the last input as of ``read_at`` (default now); None: unknown.
        ``whole_desk`` when the source sees the whole desktop session (not just tmux)."""
        at = self.clock.monotonic() if read_at is None else read_at
        self.idle.take(seconds, at, whole_desk=whole_desk)
        if source is not None:
            self.idle_source = source
            self.keeper.idle_source = source

    def idle_now(self) -> float | None:
        return self.idle.now(self.clock.monotonic())

    # -- what happens elsewhere ----------------------------------------------------------------

    @property
    def pending(self) -> bool:
        """A prompt of this window's is waiting for an answer."""
        return self.keeper.holder and self.keeper.scheduler.pending

    def routine_starting(self, routine: Routine, *, answered: bool = False) -> None:
        """No prompt comes while a routine plays (in this window or, through the log, in the
        one that prompts); how it ends decides whether it was a break.

        ``answered`` when the break it answers is logged already (done in the prompt, or
        ``coach break now``): its end logs nothing more.
        """
        self._answered = answered
        self.show(self.keeper.routine_started(), quiet=True)

    def routine_ended(self, *, completed: bool, active_seconds: float) -> None:
        """A break when it was one (``routine_counts_as_break``): completed, or two minutes
        played; otherwise the prompt it held comes back and sitting time goes on."""
        counts = routine_counts_as_break(completed=completed, active_seconds=active_seconds)
        self.show(self.keeper.routine_ended(counts=counts, answered=self._answered))
        self._answered = False

    def apply(self, config: Config) -> None:
        """New settings: the schedule follows them at once."""
        self.config = config
        self.show(self.keeper.set_policy(BreakPolicy.from_settings(config.breaks)))
        self.changed.publish(True)  # the countdown and the day's expected count may change

    def close(self) -> None:
        """Coach is ending (quit, a signal): the lock freed, the notification taken down."""
        self.keeper.close()
        if self._courier_open:
            self._courier_open = False
            self._courier.submit(self.notifier.close)  # no nudge left behind a closed coach
            self._courier.shutdown(wait=True)

    # -- the desktop notification --------------------------------------------------------------

    def _notify(self, title: str, body: str) -> None:
        """The nudge beyond the pane. A desktop one has Done and Snooze buttons, and is sent
        from the courier thread (asking the server what it can show, or closing the one before,
        takes milliseconds that must not stall the screen); a terminal escape goes at once."""
        if not self.notifier.can_use_desktop():
            self.notifier.notify(title, body)
            return
        actions = notification_actions(
            can_snooze=self.keeper.scheduler.can_snooze(), snooze_seconds=self.keeper.policy.snooze
        )
        if self._courier_open:
            self._courier.submit(
                self.notifier.notify, title, body, actions=actions, on_action=self._clicked
            )

    def _clicked(self, key: str) -> None:
        """A button of the notification, from its reader thread: answered on the app's loop."""
        with contextlib.suppress(RuntimeError):  # the app has stopped: nothing to answer
            self.app.call_from_thread(self._answer_clicked, key)

    def _answer_clicked(self, key: str) -> None:
        snooze = key == BreakAnswer.SNOOZE
        if snooze and not self.keeper.scheduler.can_snooze():
            return
        self.answer(BreakAnswer.SNOOZE if snooze else BreakAnswer.DONE)

    def _unnotify(self) -> None:
        """Answered anywhere (here, a shell, another window, the notification): take it down."""
        if self._courier_open:
            self._courier.submit(self.notifier.close)
            if self.popup is not None:
                self._courier.submit(self.popup.close)

    def _show_popup(self) -> None:
        """Over the pane you are working in, when asked for (``[breaks] tmux_popup``)."""
        popup, command = self.popup, self.ask_command
        if popup is None or command is None or not self.config.breaks.tmux_popup:
            return
        if self._courier_open and popup.available():
            self._courier.submit(popup.show, command())

    # -- showing events ------------------------------------------------------------------------

    def show(self, events: list[Event], *, quiet: bool = False) -> None:
        """What each break event looks and sounds like; the rows are written already.

        ``quiet`` when a routine starts: the routine itself says the break was taken.
        """
        if unsaved := self.keeper.take_unsaved():
            # after any clearing of toasts this call schedules, so it stays up
            self.app.call_later(
                self.app.notify,
                "Not saved to the log: " + "; ".join(unsaved),
                severity="error",
                timeout=10,
            )
        if not events:
            return
        notify = self.app.notify
        for event in events:
            if isinstance(event, Prompted):
                self._close_prompt()
                self.bell()
                keys = self.answer_keys(self.app.screen)
                wait = minutes_text(self.escalate_after())
                notify(
                    f"Time to stand up.  {keys}"
                    if keys
                    else f"Time to stand up. The break dialog opens in {wait}.",
                    title="Break",
                    severity="warning",
                    timeout=self.escalate_after(),
                )
                self._notify("Time to stand up", self.sat_text())
                self._show_popup()
            elif isinstance(event, Snoozed):
                self._close_prompt()
                self._unnotify()
                notify(f"Snoozed until {time_of_day(event.until)}.", timeout=4)
            elif isinstance(event, PromptClosed):
                self._close_prompt()
                self._unnotify()
                if event.outcome is BreakOutcome.MISSED:
                    notify("Break missed: logged. The next one is a full interval away.")
                elif event.outcome is BreakOutcome.NATURAL and event.ended is not None:
                    notify(_credited(event.started, event.ended), timeout=4)
            elif (
                isinstance(event, BreakLogged) and event.outcome is BreakOutcome.SELF and not quiet
            ):
                notify("Logged: you stood up. The interval starts again.", timeout=4)
            elif isinstance(event, BreakLogged) and event.outcome is BreakOutcome.AWAY:
                since = time_of_day(event.started) if event.started else "a while"
                notify(f"Away since {since}: logged. The break timer starts now.", timeout=6)
            elif isinstance(event, AwayAsked):
                self.away_asked = event
                self._asked_at = self.clock.monotonic()
                minutes = max(1, round((event.ended - event.started).total_seconds() / 60))
                key = self.away_key(self.app.screen)
                how = f"{key} counts it as a break" if key else "say so in the palette (ctrl+p)"
                notify(f"Away from the desk for {minutes} min? {how}.", timeout=60)
            elif (
                isinstance(event, BreakLogged)
                and event.outcome is BreakOutcome.NATURAL
                and event.ended is not None
            ):
                notify(_credited(event.started, event.ended), timeout=4)
            elif isinstance(event, BackAtDesk):
                minutes = round((event.back_at - event.away_since).total_seconds() / 60)
                notify(f"Welcome back: {minutes} min away counted as a break.", timeout=6)
        self.app.refresh_bindings()
        self.changed.publish(True)

    def sat_text(self) -> str:
        return self.keeper.sat_text()

    # -- the prompt dialog and the routine offer -----------------------------------------------

    def open_prompt(self) -> None:
        prompt = self.keeper.scheduler.prompt
        if prompt is None:
            return
        self._clear_toasts()
        from coach.ui.dialogs.break_prompt import BreakPromptScreen

        screen = BreakPromptScreen(
            sat_seconds=self.keeper.scheduler.sitting_for(),
            snoozes=prompt.snoozes,
            max_snoozes=self.config.breaks.max_snoozes,
            snooze_seconds=self.config.breaks.snooze_minutes * 60,
        )
        self._prompt_screen = screen

        def answered(answer: str | None) -> None:
            if self._prompt_screen is not screen:
                return  # closed from elsewhere already: this answer is for nothing
            self._prompt_screen = None
            if answer is not None:
                self.answer(answer)

        self.app.push_screen(screen, answered)

    def _close_prompt(self) -> None:
        """The prompt was answered (here or from another shell): take it off the screen."""
        self._clear_toasts()
        screen = self._prompt_screen
        self._prompt_screen = None
        if screen is not None and self.app.screen is screen:
            screen.dismiss(None)

    def _clear_toasts(self) -> None:
        """Now, from the screen showing them, and again after any toast still on its way."""
        self.app.clear_notifications()
        self.app.call_later(self.app.clear_notifications)

    def answer(self, answer: str) -> None:
        """``done``, ``snooze`` or ``skip`` for the prompt that is up."""
        if not self.pending:
            return
        if answer == BreakAnswer.SNOOZE:
            self.show(self.keeper.snooze())
            return
        outcome = BreakOutcome.DONE if answer == BreakAnswer.DONE else BreakOutcome.SKIPPED
        self.show(self.keeper.answer(outcome))
        if outcome is BreakOutcome.DONE:
            self.offer_routine()

    def offer_routine(self) -> None:
        routine = self.routines.get(self.config.breaks.routine)
        if routine is None or self.routine_running():
            return

        def decided(play: bool | None) -> None:
            if play:
                self.play(routine)

        from coach.ui.dialogs.break_prompt import BreakOfferScreen

        self.app.push_screen(
            BreakOfferScreen(routine, get_ready_seconds=self.config.player.get_ready_seconds),
            decided,
        )

    def asking(self) -> AwayAsked | None:
        """The "Away from the desk?" question, while it can still be answered."""
        if self.away_asked is None:
            return None
        if self.clock.monotonic() - self._asked_at > ASK_SECONDS:
            self.away_asked = None  # unanswered: nothing is credited
        return self.away_asked

    def away_key(self, screen: Screen[Any]) -> str | None:
        """The key that answers yes on ``screen`` (home and the summary), else None."""
        if not _keys_answer_on(screen):
            return None
        from coach.ui.keymap import bound_key

        return bound_key(screen, "break.away")

    def can_credit_away(self, screen: Screen[Any]) -> bool:
        return self.asking() is not None and _keys_answer_on(screen)

    def credit_away(self) -> None:
        """Yes: the quiet stretch was a break."""
        asked = self.asking()
        if asked is None:
            self.app.notify("Nothing to count: no time away is waiting for an answer.", timeout=4)
            return
        self.away_asked = None
        self.show(self.keeper.credit_away(asked))

    def stood_up(self) -> None:
        """Home's key: a break taken (the prompt answered as done, if one is up)."""
        self.show(self.keeper.stood_up())

    def break_now(self) -> None:
        """Take a break now: logged, and the break routine starts."""
        routine = self.routines.get(self.config.breaks.routine)
        self.stood_up()
        if routine is not None and not self.routine_running():
            self.play(routine)

    def snooze(self) -> None:
        """The palette's snooze: says why not when there is nothing to snooze."""
        if self.pending and self.keeper.scheduler.can_snooze():
            self.answer(BreakAnswer.SNOOZE)
        elif self.pending:
            self.app.notify("No snoozes left: done or skip.", timeout=4)
        else:
            self.app.notify("No break is due.", timeout=3)

    # -- the single keys -----------------------------------------------------------------------

    def keys_active(self, screen: Screen[Any]) -> bool:
        """A break toast is up on home or the summary: d, z and x answer it for now."""
        if not (
            self.pending
            and self._prompt_screen is None
            and self.keeper.scheduler.phase is BreakPhase.PROMPTING
        ):
            return False
        return _keys_answer_on(screen)

    def can_answer(self, answer: str, screen: Screen[Any]) -> bool:
        """Whether a single key answers the toast now (snooze only while snoozes are left)."""
        if not self.keys_active(screen):
            return False
        return self.keeper.scheduler.can_snooze() if answer == BreakAnswer.SNOOZE else True


def _credited(started: datetime | None, ended: datetime) -> str:
    minutes = max(1, round((ended - (started or ended)).total_seconds() / 60))
    return f"Logged: {minutes} min away counted as a break."


def _keys_answer_on(screen: Screen[Any]) -> bool:
    """Home and the summary, whose own keys leave d, z, x and y free: there a break toast's
    keys answer it; elsewhere keys belong to the screen (and the dialog comes in a minute).
    Each such screen says so itself (``BREAK_KEYS_ANSWER``), so asking imports no screen."""
    return bool(getattr(screen, "BREAK_KEYS_ANSWER", False))
