"""CoachApp: wires config, the log, the routines and the clock into screens.

Break prompts live here rather than on a screen, because they reach the person over whatever
screen is showing: a toast with the bell first, the prompt dialog a minute later, never over a
routine that is playing. One timer, once a second, drives the break scheduler and repaints the
home countdown; the tmux idle reading runs in a worker thread every few seconds.

What only a routine, the check-in, help, setup or history needs is imported when it is first
shown, so home's first frame does not wait for it.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.keys import _character_to_key
from textual.screen import Screen
from textual.timer import Timer

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
from coach.core.days import local_day
from coach.core.routine import Routine, RoutineSet
from coach.core.safety import MEDICAL_NOTICE_SHORT, needs_checkin
from coach.core.work_hours import BreakPolicy
from coach.services.break_keeper import BreakKeeper
from coach.services.config import Config, ConfigError, load_config, write_config
from coach.store.log import LogWriteError, Store
from coach.system.idle import tmux_idle_seconds
from coach.system.lock import BreakLock, lock_path_for
from coach.system.notify import Notifier, tmux_client_term
from coach.text.formatting import minutes_text, time_of_day
from coach.ui.commands import CoachCommands
from coach.ui.dialogs import medical_notice
from coach.ui.messages import RoutineEnded
from coach.ui.refused import saved_or_said, say_refused
from coach.ui.screens.home import HomeScreen
from coach.ui.themes import COACH_THEMES

if TYPE_CHECKING:
    from coach.services.recorder import RoutineRun
    from coach.system.cues import CueSounder
    from coach.ui.dialogs.break_prompt import BreakPromptScreen
    from coach.ui.screens.checkin import Cleared
    from coach.ui.screens.setup import SetupAnswers

CONFIG_HEADER = """\
coach settings: every key, with what it does. Edit freely; a mistake is reported as one line.
`coach setup` asks the first-run questions again. Choosing a theme in coach (ctrl+p) rewrites
this file with the same values, so notes of your own here are not kept."""
ESCALATE_AFTER = 60.0
"""Seconds a break toast may be ignored before the prompt dialog opens."""
IDLE_POLL_SECONDS = 5.0
"""How often tmux is asked when the last key was pressed."""

IdleReader = Callable[[], float | None]


def _home_relative(path: Path) -> str:
    """``~/.config/coach/config.toml``: short enough for a notification."""
    try:
        return f"~/{path.relative_to(Path.home())}"
    except ValueError:
        return str(path)


class CoachApp(App[None]):
    CSS_PATH = "coach.tcss"
    TITLE = "coach"
    COMMANDS = App.COMMANDS | {CoachCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "?",
            "help",
            "Help",
            tooltip="help: every key of this screen, with its id",
            id="app.help",
        ),
        Binding(
            "ctrl+p",
            "command_palette",
            "Commands",
            show=False,
            priority=True,
            tooltip="command palette: routines, theme, settings",
            id="app.palette",
        ),
        # While a break toast is up on home or the summary, single keys answer it (they win
        # over those screens' own keys only then, and never while text is being typed).
        Binding(
            "d",
            "break_answer('done')",
            "Done",
            show=False,  # the toast and home's break line name these keys
            priority=True,
            tooltip="the break: I stood up",
            id="break.done",
        ),
        Binding(
            "z",
            "break_answer('snooze')",
            "Snooze",
            show=False,  # the toast and home's break line name these keys
            priority=True,
            tooltip="put the break off for the snooze time",
            id="break.snooze",
        ),
        Binding(
            "x",
            "break_answer('skip')",
            "Skip",
            show=False,  # the toast and home's break line name these keys
            priority=True,
            tooltip="skip this break (it is logged)",
            id="break.skip",
        ),
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
        config_path: Path | None = None,
        first_run: bool = False,
        break_now: bool = False,
        idle_reader: IdleReader | None = None,
        notifier: Notifier | None = None,
        break_lock: BreakLock | None = None,
        break_tick_seconds: float = 1.0,
        refused_at_start: Sequence[tuple[str, LogWriteError]] = (),
    ) -> None:
        super().__init__()
        self.config = config
        self.store = store
        self.routines = routines
        self.clock = clock or SystemClock()
        self.start_with = start_with
        self._sounder = sounder
        self.tick_seconds = tick_seconds
        self.config_path = config_path
        """Where settings are saved (first run, theme); None keeps them in memory only."""
        self.first_run = first_run
        self.runs: list[RoutineRun] = []
        """Every routine started in this app, so rows a full disk held back are not forgotten."""
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
        self.refused_at_start = tuple(refused_at_start)
        """Writes the log refused before the app started (what, why): said once it is up."""
        self._idle: float | None = None
        self._idle_read_at = 0.0
        self._prompt_screen: BreakPromptScreen | None = None
        self._break_timer: Timer | None = None
        for theme in COACH_THEMES:
            self.register_theme(theme)
        self.theme = config.ui.theme
        if config.keys:
            self.set_keymap(config.keys)
            if palette := config.keys.get("app.palette"):
                first = palette.split(",")[0].strip()
                self.COMMAND_PALETTE_BINDING = (
                    _character_to_key(first) if len(first) == 1 else first
                )

    def get_default_screen(self) -> HomeScreen:
        """Home is the bottom of the stack: no blank screen is drawn first."""
        return HomeScreen()

    def on_mount(self) -> None:
        for what, error in self.refused_at_start:
            say_refused(self, what, error)
        self.show_break_events(self.breaks.start())
        self._break_timer = self.set_interval(self.break_tick_seconds, self.tick_breaks)
        if self.idle_reader is not None:
            self.set_interval(IDLE_POLL_SECONDS, self.poll_idle)
            self.poll_idle()
        if os.environ.get("TMUX") and self.notifier.terminal:
            self.run_worker(self._find_outer_term, thread=True, exit_on_error=False)
        if self.break_now:
            self.show_break_events(self.breaks.stood_up())
        routine = self.start_with
        if routine is not None and needs_checkin(routine):
            medical_notice.show_once(self, then=lambda: self.start_routine(routine))
        elif routine is not None:
            # `coach run` from a script or a tmux key plays by itself: the notice is shown
            # beside the routine (for 15 s) rather than in front of it.
            if not medical_notice.seen(self):
                self.notify(MEDICAL_NOTICE_SHORT, title="Not medical advice", timeout=15)
                medical_notice.mark_seen(self)
            self.start_routine(routine, answered=self.break_now)
        elif self.first_run:
            self.open_setup()  # setup shows the notice too
        else:
            medical_notice.show_once(self, then=lambda: None)

    def on_unmount(self) -> None:
        self.breaks.close()

    def _write_to_terminal(self, text: str) -> None:
        if not self.is_headless and self._driver is not None:
            self._driver.write(text)

    def _find_outer_term(self) -> None:
        self.notifier.outer_term = tmux_client_term()

    @property
    def sounder(self) -> CueSounder:
        if self._sounder is None:
            from coach.system.cues import CueSounder

            player = self.config.player
            self._sounder = CueSounder(bell=self.bell, sound=player.sound, speech=player.speech)
        return self._sounder

    def start_routine(self, routine: Routine, *, answered: bool = False) -> None:
        """THE way a routine starts: after a check-in when the routine asks for one.

        Playing a routine counts as standing up (``answered`` when the break it answers is
        logged already, as after done in the break prompt or ``coach break now``).
        """
        from coach.ui.screens.summary import SummaryScreen

        while isinstance(self.screen, SummaryScreen):
            self.pop_screen()
        if needs_checkin(routine):
            from coach.ui.screens.checkin import CheckinScreen

            self.push_screen(CheckinScreen(routine), self._play_cleared)
        else:
            self._play(routine, answered=answered)

    def _play_cleared(self, cleared: Cleared | None) -> None:
        if cleared is not None:
            self._play(cleared.routine, checkin_id=cleared.checkin_id)

    def _play(
        self, routine: Routine, *, checkin_id: str | None = None, answered: bool = False
    ) -> None:
        from coach.services.recorder import RoutineRun
        from coach.ui.screens.player import PlayerScreen

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
            checkin_id=checkin_id,
        )
        self.runs.append(run)
        self.push_screen(PlayerScreen(run, self.sounder, tick_seconds=self.tick_seconds))

    @property
    def routine_running(self) -> bool:
        from coach.ui.screens.player import PlayerScreen

        return any(isinstance(screen, PlayerScreen) for screen in self.screen_stack)

    # -- history ---------------------------------------------------------------------------

    def action_open_history(self) -> None:
        """History over home (never over a routine in progress)."""
        from coach.ui.screens.history import HistoryScreen

        if self.routine_running:
            self.notify("Finish or quit the routine first.", severity="warning")
        elif not any(isinstance(screen, HistoryScreen) for screen in self.screen_stack):
            self.push_screen(HistoryScreen())

    def today(self) -> date:
        """The local day it is now, with the configured day-start hour."""
        return local_day(self.clock.now(), self.store.day_starts_at)

    def action_mark_rest_day(self) -> None:
        """Mark today as a rest day: it neither breaks nor lengthens a streak."""
        today = self.today()
        with saved_or_said(self, "Today's rest mark"):
            self.store.mark_days(today, today, "rest", now=self.clock.now())
        from coach.ui.screens.history import HistoryScreen

        for screen in self.screen_stack:
            if isinstance(screen, HistoryScreen):
                screen.reload()
        self.notify(f"{today:%A} {today.day} {today:%B} marked as a rest day.")

    def on_routine_ended(self, message: RoutineEnded) -> None:
        from coach.ui.screens.summary import SummaryScreen

        self.show_break_events(self.breaks.routine_ended())
        self.switch_screen(SummaryScreen(message.run, completed=message.completed))

    def unsaved(self) -> list[str]:
        """Rows still not in the log after one last try: for the user, on the way out."""
        return [row for run in self.runs if run.flush() for row in run.unsaved]

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
            and not self.routine_running
        ):
            self.open_break_prompt()
        self._refresh_home(tally=False)
        return events

    def show_break_events(self, events: list[Event], *, quiet: bool = False) -> None:
        """What each break event looks and sounds like; the rows are written already.

        ``quiet`` when a routine starts: the routine itself says the break was taken.
        """
        if unsaved := self.breaks.take_unsaved():
            # after any clearing of toasts this call schedules, so it stays up
            self.call_later(
                self.notify,
                "Not saved to the log: " + "; ".join(unsaved),
                severity="error",
                timeout=10,
            )
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
        from coach.ui.dialogs.break_prompt import BreakPromptScreen

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
        if routine is None or self.routine_running:
            return

        def decided(play: bool | None) -> None:
            if play:
                self.start_routine(routine, answered=True)

        from coach.ui.dialogs.break_prompt import BreakOfferScreen

        self.push_screen(
            BreakOfferScreen(routine, get_ready_seconds=self.config.player.get_ready_seconds),
            decided,
        )

    def action_break_answer(self, answer: str) -> None:
        self.answer_break(answer)

    def break_keys_active(self) -> bool:
        """A break toast is up on home or the summary: d, z and x answer it for now."""
        from coach.ui.screens.summary import SummaryScreen

        return (
            self.breaks_pending
            and self._prompt_screen is None
            and self.breaks.scheduler.phase is Phase.PROMPTING
            # elsewhere the dialog comes in a minute; keys there belong to the screen
            and isinstance(self.screen, HomeScreen | SummaryScreen)
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "break_answer":
            if not self.break_keys_active():
                return False
            return self.breaks.scheduler.can_snooze() if parameters == ("snooze",) else True
        return True

    def action_break_now(self) -> None:
        """Take a break now: logged, and the break routine starts."""
        routine = self.routines.get(self.config.breaks.routine)
        self.show_break_events(self.breaks.stood_up())
        if routine is not None and not self.routine_running:
            self.start_routine(routine, answered=True)

    def action_snooze_break(self) -> None:
        if self.breaks_pending and self.breaks.scheduler.can_snooze():
            self.answer_break("snooze")
        elif self.breaks_pending:
            self.notify("No snoozes left: done or skip.", timeout=4)
        else:
            self.notify("No break is due.", timeout=3)

    def _refresh_home(self, *, tally: bool) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen) and screen.is_mounted:
                screen.refresh_breaks(tally=tally)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's own commands, less the two coach offers in its own words (theme, keys)."""
        for command in super().get_system_commands(screen):
            if command.title not in ("Theme", "Keys"):
                yield command

    # -- help, setup, settings -------------------------------------------------------------

    def action_help(self) -> None:
        from coach.ui.dialogs.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen.for_screen(self.screen))

    def open_setup(self, then: Callable[[], None] | None = None) -> None:
        """Show the setup questions; their answers are written to the settings file."""

        def answered(answers: SetupAnswers | None) -> None:
            medical_notice.mark_seen(self)  # the setup screen shows the notice too
            if answers is not None:
                self._save(answers.apply, saved="Settings saved to")
            if then is not None:
                then()

        from coach.ui.screens.setup import SetupScreen

        self.push_screen(SetupScreen(self.config, self.config_path), answered)

    def watch_theme(self, theme: str) -> None:
        if theme != self.config.ui.theme:
            self._save(
                lambda c: dataclasses.replace(c, ui=dataclasses.replace(c.ui, theme=theme)),
                saved=f"Theme {theme} saved to",
            )

    def _save(self, change: Callable[[Config], Config], *, saved: str) -> None:
        """Apply ``change`` to the settings in use and to the file on disk, keeping both whole.

        The file is read again first, so an edit made while coach runs is kept; a file that no
        longer loads is left alone and the change applies to this session only.
        """
        self._apply(change(self.config))
        if self.config_path is None:
            return
        try:
            on_disk = load_config(self.config_path)
            write_config(self.config_path, change(on_disk), header=CONFIG_HEADER)
        except ConfigError as exc:
            self.notify(f"Not saved: {exc}", severity="error", timeout=10)
            return
        self.notify(_home_relative(self.config_path), title=saved, timeout=4)

    def _apply(self, config: Config) -> None:
        self.config = config
        self.sounder.sound = config.player.sound
        self.sounder.speech = config.player.speech
        self.notifier.desktop = config.notify.desktop
        self.notifier.terminal = config.notify.terminal
        self.show_break_events(self.breaks.set_policy(BreakPolicy.from_settings(config.breaks)))
        self._refresh_home(tally=True)  # the countdown and the day's expected count may change
        if self.theme != config.ui.theme:
            self.theme = config.ui.theme
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.show_routines()

    def action_show_config_path(self) -> None:
        if self.config_path is None:
            self.notify("No settings file: this session uses settings given on start.")
            return
        state = "" if self.config_path.exists() else " (not written yet)"
        self.copy_to_clipboard(str(self.config_path))
        self.notify(
            f"{_home_relative(self.config_path)}{state}", title="Settings file (copied)", timeout=10
        )


def _default_idle_reader() -> IdleReader | None:
    """tmux knows when a key was last pressed in any pane; outside tmux nothing does."""
    return tmux_idle_seconds if os.environ.get("TMUX") else None
