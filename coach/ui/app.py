"""CoachApp: wires config, the log, the routines and the clock into screens.

Break prompts live here rather than on a screen, because they reach the person over whatever
screen is showing: a toast with the bell first, the prompt dialog a minute later, never over a
routine that is playing. One timer, once a second, drives the break scheduler and repaints the
home countdown; the tmux idle reading runs in a worker thread every few seconds.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from textual.app import App
from textual.binding import Binding
from textual.timer import Timer

from coach.break_keeper import BreakKeeper
from coach.break_lock import BreakLock, lock_path_for
from coach.config import Config
from coach.core.breaks import (
    BackAtDesk,
    BreakLogged,
    Event,
    Outcome,
    Phase,
    PromptClosed,
    Prompted,
    Snoozed,
)
from coach.core.clock import Clock, SystemClock
from coach.core.routine import Routine, RoutineSet
from coach.core.work_hours import BreakPolicy
from coach.cues import CueSounder
from coach.idle import tmux_idle_seconds
from coach.notify import Notifier, tmux_client_term
from coach.recorder import RoutineRun
from coach.store import Store
from coach.ui.formatting import minutes_text, time_of_day
from coach.ui.messages import RoutineEnded
from coach.ui.screens.break_prompt import BreakOfferScreen, BreakPromptScreen
from coach.ui.screens.home import HomeScreen
from coach.ui.screens.player import PlayerScreen
from coach.ui.screens.summary import SummaryScreen

ESCALATE_AFTER = 60.0
"""Seconds a break toast may be ignored before the prompt dialog opens."""
IDLE_POLL_SECONDS = 5.0
"""How often tmux is asked when the last key was pressed."""

IdleReader = Callable[[], float | None]


class CoachApp(App[None]):
    CSS_PATH = "coach.tcss"
    TITLE = "coach"
    BINDINGS = [
        Binding("d", "break_answer('done')", "Break done", id="break.done"),
        Binding("z", "break_answer('snooze')", "Snooze", id="break.snooze"),
        Binding("x", "break_answer('skip')", "Skip break", id="break.skip"),
    ]

    def __init__(
        self,
        *,
        config: Config,
        store: Store,
        routines: RoutineSet,
        clock: Clock | None = None,
        start_with: Routine | None = None,
        sounder: CueSounder | None = None,
        tick_seconds: float = 0.2,
        break_now: bool = False,
        idle_reader: IdleReader | None = None,
        notifier: Notifier | None = None,
        break_lock: BreakLock | None = None,
        break_tick_seconds: float = 1.0,
    ) -> None:
        super().__init__()
        self.config = config
        self.store = store
        self.routines = routines
        self.clock = clock or SystemClock()
        self.start_with = start_with
        self.sounder = sounder or CueSounder(
            bell=self.bell, sound=config.player.sound, speech=config.player.speech
        )
        self.tick_seconds = tick_seconds
        self.break_now = break_now
        self.idle_reader = idle_reader if idle_reader is not None else _default_idle_reader()
        self.notifier = notifier or Notifier(
            write=self._write_to_terminal,
            desktop=config.notify.desktop,
            terminal=config.notify.terminal,
        )
        self.breaks = BreakKeeper(
            BreakPolicy.from_settings(config.breaks),
            store,
            self.clock,
            break_lock or BreakLock(lock_path_for(store.path)),
        )
        self.break_tick_seconds = break_tick_seconds
        self._idle: float | None = None
        self._idle_read_at = 0.0
        self._prompt_screen: BreakPromptScreen | None = None
        self._break_timer: Timer | None = None

    # -- lifecycle -----------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.push_screen(HomeScreen())
        self.show_break_events(self.breaks.start())
        self._break_timer = self.set_interval(self.break_tick_seconds, self.tick_breaks)
        if self.idle_reader is not None:
            self.set_interval(IDLE_POLL_SECONDS, self.poll_idle)
            self.poll_idle()
        if os.environ.get("TMUX") and self.notifier.terminal:
            self.run_worker(self._find_outer_term, thread=True, exit_on_error=False)
        if self.break_now and self.start_with is not None:
            self.show_break_events(self.breaks.stood_up())
            self.start_routine(self.start_with, answered=True)
        elif self.start_with is not None:
            self.start_routine(self.start_with)

    def on_unmount(self) -> None:
        self.breaks.close()

    def _write_to_terminal(self, text: str) -> None:
        if not self.is_headless and self._driver is not None:
            self._driver.write(text)

    def _find_outer_term(self) -> None:
        self.notifier.outer_term = tmux_client_term()

    # -- routines ------------------------------------------------------------------------------

    def start_routine(self, routine: Routine, *, answered: bool = False) -> None:
        """THE way a routine starts; starting the break routine counts as standing up."""
        events: list[Event] = []
        if not answered and routine.id == self.config.breaks.routine and not self.breaks_pending:
            events += self.breaks.stood_up()
        events += self.breaks.routine_started()
        self.show_break_events(events, quiet=True)
        run = RoutineRun(
            routine,
            self.store,
            self.clock,
            get_ready_seconds=self.config.player.get_ready_seconds,
        )
        self.push_screen(PlayerScreen(run, self.sounder, tick_seconds=self.tick_seconds))

    def on_routine_ended(self, message: RoutineEnded) -> None:
        self.show_break_events(self.breaks.routine_ended())
        self.switch_screen(SummaryScreen(message.run, completed=message.completed))

    def routine_playing(self) -> bool:
        return any(isinstance(screen, PlayerScreen) for screen in self.screen_stack)

    # -- breaks --------------------------------------------------------------------------------

    @property
    def breaks_pending(self) -> bool:
        return self.breaks.holder and self.breaks.scheduler.pending

    def poll_idle(self) -> None:
        """Ask tmux off the event loop: a subprocess must never stall the screen."""
        self.run_worker(
            self._read_idle, thread=True, group="idle", exclusive=True, exit_on_error=False
        )

    def _read_idle(self) -> None:
        assert self.idle_reader is not None
        value = self.idle_reader()
        self.call_from_thread(self.set_idle, value, self.clock.monotonic())

    def set_idle(self, seconds: float | None, read_at: float | None = None) -> None:
        """Seconds since the last key anywhere as of ``read_at`` (default now); None: unknown."""
        self._idle = seconds
        self._idle_read_at = self.clock.monotonic() if read_at is None else read_at

    def idle_now(self) -> float | None:
        if self._idle is None:
            return None
        return self._idle + max(0.0, self.clock.monotonic() - self._idle_read_at)

    def tick_breaks(self) -> list[Event]:
        """Once a second: the scheduler looks at the clocks; home's countdown repaints."""
        events = self.breaks.tick(self.idle_now())
        self.show_break_events(events)
        shown = self.breaks.scheduler.shown_for() if self.breaks.holder else None
        if (
            shown is not None
            and shown >= ESCALATE_AFTER
            and self._prompt_screen is None
            and not self.routine_playing()
        ):
            self.open_break_prompt()
        self._refresh_home(tally=False)
        return events

    def show_break_events(self, events: list[Event], *, quiet: bool = False) -> None:
        """What each break event looks and sounds like; the rows are written already.

        ``quiet`` when a routine starts: the routine itself says the break was taken.
        """
        if not events:
            return
        for event in events:
            if isinstance(event, Prompted):
                self._close_prompt()
                self.sounder.bell()
                self.notify(
                    "Time to stand up.  d done · z snooze · x skip",
                    title="Break",
                    severity="warning",
                    timeout=ESCALATE_AFTER,
                )
                self.notifier.notify("Time to stand up", self._sat_text())
            elif isinstance(event, Snoozed):
                self._close_prompt()
                self.notify(f"Snoozed until {time_of_day(event.until)}.", timeout=4)
            elif isinstance(event, PromptClosed):
                self._close_prompt()
                if event.outcome is Outcome.MISSED:
                    self.notify("Break missed: logged. The next one is a full interval away.")
            elif isinstance(event, BreakLogged) and event.outcome is Outcome.SELF and not quiet:
                self.notify("Logged: you stood up. The interval starts again.", timeout=4)
            elif isinstance(event, BreakLogged) and event.outcome is Outcome.AWAY:
                since = time_of_day(event.started) if event.started else "a while"
                self.notify(f"Away since {since}: logged. The break timer starts now.", timeout=6)
            elif isinstance(event, BackAtDesk):
                minutes = round((event.back_at - event.away_since).total_seconds() / 60)
                self.notify(f"Welcome back: {minutes} min away counted as a break.", timeout=6)
        self.refresh_bindings()
        self._refresh_home(tally=True)

    def _sat_text(self) -> str:
        sat = minutes_text(self.breaks.scheduler.sitting_for())
        return f"You have been sitting for {sat}. Walk for two or three minutes."

    def open_break_prompt(self) -> None:
        prompt = self.breaks.scheduler.prompt
        if prompt is None:
            return
        self._clear_toasts()
        screen = BreakPromptScreen(
            sat_seconds=self.breaks.scheduler.sitting_for(),
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
                self.answer_break(answer)

        self.push_screen(screen, answered)

    def _close_prompt(self) -> None:
        """The prompt was answered (here or from another shell): take it off the screen."""
        self._clear_toasts()
        screen = self._prompt_screen
        self._prompt_screen = None
        if screen is not None and self.screen is screen:
            screen.dismiss(None)

    def _clear_toasts(self) -> None:
        """Now, from the screen showing them, and again after any toast still on its way."""
        self.clear_notifications()
        self.call_later(self.clear_notifications)

    def answer_break(self, answer: str) -> None:
        """``done``, ``snooze`` or ``skip`` for the prompt that is up."""
        if not self.breaks_pending:
            return
        if answer == "snooze":
            self.show_break_events(self.breaks.snooze())
            return
        outcome = Outcome.DONE if answer == "done" else Outcome.SKIPPED
        self.show_break_events(self.breaks.answer(outcome))
        if outcome is Outcome.DONE:
            self.offer_break_routine()

    def offer_break_routine(self) -> None:
        routine = self.routines.get(self.config.breaks.routine)
        if routine is None or self.routine_playing():
            return

        def decided(play: bool | None) -> None:
            if play:
                self.start_routine(routine, answered=True)

        self.push_screen(
            BreakOfferScreen(routine, get_ready_seconds=self.config.player.get_ready_seconds),
            decided,
        )

    def action_break_answer(self, answer: str) -> None:
        self.answer_break(answer)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "break_answer":
            scheduler = self.breaks.scheduler
            if not self.breaks_pending or self._prompt_screen is not None:
                return False
            if scheduler.phase is not Phase.PROMPTING:
                return False
            return scheduler.can_snooze() if parameters == ("snooze",) else True
        return True

    def _refresh_home(self, *, tally: bool) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen) and screen.is_mounted:
                screen.refresh_breaks(tally=tally)


def _default_idle_reader() -> IdleReader | None:
    """tmux knows when a key was last pressed in any pane; outside tmux nothing does."""
    return tmux_idle_seconds if os.environ.get("TMUX") else None
