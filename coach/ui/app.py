"""CoachApp: wires config, the log, the routines and the clock into screens, and routes.

The app owns the global keys and decides which screen comes next; what each screen shows is the
screen's. Break prompts reach the person over whatever screen is up, so they live in
:mod:`coach.ui.breaks`, which the app owns and routes the break keys to.

What only a routine, the check-in, help, setup or history needs is imported when it is first
shown, so home's first frame does not wait for it.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal, overload

from textual.actions import ActionParseResult
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.notifications import SeverityLevel
from textual.screen import Screen, ScreenResultCallbackType, ScreenResultType

from coach.core.clock import Clock, SystemClock
from coach.core.days import local_day, to_utc_text
from coach.core.routine import Routine, RoutineSet
from coach.core.safety import MEDICAL_NOTICE_SHORT, needs_checkin
from coach.core.vocabulary import Dose, RestKind, StateKey
from coach.core.work_hours import BreakPolicy
from coach.services.break_keeper import BreakKeeper
from coach.services.config import Config, ConfigError, load_config, update_config
from coach.store import LogWriteError, Store
from coach.system.lock import BreakLock, lock_path_for
from coach.system.notify import Notifier, tmux_client_term
from coach.system.signals import EndOnSignal
from coach.system.tmux import TmuxPopup, coach_command
from coach.text.formatting import fitted_path
from coach.text.safe import clean
from coach.ui.breaks import BreakPrompter, IdleReader
from coach.ui.messages import RoutineEnded, StartRoutine
from coach.ui.refused import Guarded, said_on_refusal, saved_or_said, say_refused
from coach.ui.screens.home import HomeScreen
from coach.ui.signals import Signals
from coach.ui.themes import COACH_THEMES
from coach.ui.widgets.message_bar import MessageBar, Said

if TYPE_CHECKING:
    from textual.command import Provider
    from textual.widget import AwaitMount

    from coach.services.edits import Edit, Edits
    from coach.services.figures import FigureBook
    from coach.services.recorder import RoutineRun
    from coach.system.cues import CueSounder
    from coach.ui.screens.checkin import Cleared
    from coach.ui.screens.setup import SetupAnswers

CONFIG_HEADER = """\
coach settings: every key, with what it does. Edit freely; a mistake is reported as one line.
`coach setup` asks the first-run questions again. When coach saves a change here (a theme chosen
with ctrl+p, the setup answers) only the changed values are rewritten: your notes stay. Edits made
while coach runs are picked up within a few seconds."""


TOAST_COLUMNS = 34
"""What a toast holds on a line at 80 columns (Textual's toast is at most half the screen, less
its padding): a path in a toast is fitted to it rather than folded mid-name."""


SETTINGS_POLL_SECONDS = 2.0
"""How often the settings file is looked at (a stat) for edits made by hand."""


def settings_signature(path: Path | None) -> tuple[int, int, int] | None:
    """What tells an edited settings file from the one last read: inode, size, mtime (ns)."""
    if path is None:
        return None
    try:
        found = path.stat()
    except OSError:
        return None
    return (found.st_ino, found.st_size, found.st_mtime_ns)


def undo_said(done: str, edits: Edits) -> str:
    """What was just done, then what ``u`` and ``U`` would do now: nobody undoes blind."""
    said = [done]
    if edits.next_undo:
        said.append(f"u undoes {edits.next_undo}.")
    if edits.next_redo:
        said.append(f"U makes {edits.next_redo} again.")
    return " ".join(said)


def _coach_commands() -> type[Provider]:
    """The palette's own commands, imported when the palette first opens (Textual takes a
    callable for that), not on the way to home's first frame."""
    from coach.ui.commands import CoachCommands

    return CoachCommands


class CoachApp(Guarded, App[None]):
    CSS_PATH = "coach.tcss"
    TITLE = "coach"
    COMMANDS = App.COMMANDS | {_coach_commands}
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
            "y",
            "break_away",
            "Count as a break",
            show=False,  # the toast names it
            priority=True,
            tooltip="yes, the time away from the keys was a break",
            id="break.away",
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
        popup: TmuxPopup | None = None,
        break_lock: BreakLock | None = None,
        break_tick_seconds: float = 1.0,
        refused_at_start: Sequence[tuple[str, LogWriteError]] = (),
        notices_at_start: Sequence[str] = (),
        started: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self.config = config
        self.store = store
        self.routines = routines
        self.clock = clock or SystemClock()
        self.start_with = start_with
        self._sounder = sounder
        self._figures: FigureBook | None = None
        self.tick_seconds = tick_seconds
        self.config_path = config_path
        """Where settings are saved (first run, theme); None keeps them in memory only."""
        self.first_run = first_run
        self.runs: list[RoutineRun] = []
        """Every routine started in this app, so rows a full disk held back are not forgotten."""
        self.break_now = break_now
        self.signals = Signals.owned_by(self)
        """What changed, for the screens that show it (breaks, settings, the log)."""
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
        self.prompter = BreakPrompter(
            self,
            self.breaks,
            config=config,
            routines=routines,
            clock=self.clock,
            notifier=self.notifier,
            bell=self._ring,
            play=self._play_break_routine,
            routine_running=lambda: self.routine_running,
            changed=self.signals.breaks,
            idle_reader=idle_reader,
            find_idle_reader=_default_idle_reader if idle_reader is None else None,
            tick_seconds=break_tick_seconds,
            popup=popup if popup is not None else TmuxPopup(os.environ),
            ask_command=self._ask_command,
        )
        self.refused_at_start = tuple(refused_at_start)
        """Writes the log refused before the app started (what, why): said once it is up."""
        from coach.services.edits import Edits

        self.edits = Edits(store, self.clock)
        """Edits to the history made on home and in history, to undo and redo."""
        self.notices_at_start = tuple(notices_at_start)
        """Lines to say once the app is up (a sync at start that did not go well)."""
        self.started = started
        """Called once the first screen is drawn (``coach`` resumes the cycle collector)."""
        for theme in COACH_THEMES:
            self.register_theme(theme)
        self.theme = config.ui.theme
        if config.keys:
            self.set_keymap(config.keys)
            if palette := config.keys.get("app.palette"):
                from coach.ui.keymap import character_to_key

                first = palette.split(",")[0].strip()
                # Textual reads this through the instance (App, Footer), so a per-app key works;
                # only its ClassVar annotation says otherwise.
                self.COMMAND_PALETTE_BINDING = (  # type: ignore[misc]
                    character_to_key(first) if len(first) == 1 else first
                )

    # -- the one seam where a refusal becomes a line (coach.ui.refused) ----------------------

    async def run_action(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        """Every key, click and palette command passes here, so no action can forget to say
        a refused write: it is shown where the person is, and coach goes on."""
        with saved_or_said(self):
            return await super().run_action(action, default_namespace, namespaces)
        return True

    if TYPE_CHECKING:

        @overload
        def push_screen(
            self,
            screen: Screen[ScreenResultType] | str,
            callback: ScreenResultCallbackType[ScreenResultType] | None = None,
            wait_for_dismiss: Literal[False] = False,
            *,
            mode: str | None = None,
        ) -> AwaitMount: ...

        @overload
        def push_screen(
            self,
            screen: Screen[ScreenResultType] | str,
            callback: ScreenResultCallbackType[ScreenResultType] | None = None,
            wait_for_dismiss: Literal[True] = True,
            *,
            mode: str | None = None,
        ) -> asyncio.Future[ScreenResultType]: ...

    def push_screen(
        self,
        screen: Screen[ScreenResultType] | str,
        callback: ScreenResultCallbackType[ScreenResultType] | None = None,
        wait_for_dismiss: bool = False,
        *,
        mode: str | None = None,
    ) -> AwaitMount | asyncio.Future[ScreenResultType]:
        """Every dialog's answer is handled under the same seam as a key."""
        guarded = None if callback is None else said_on_refusal(self, callback)
        if wait_for_dismiss:
            return super().push_screen(screen, guarded, True, mode=mode)
        return super().push_screen(screen, guarded, False, mode=mode)

    _ending: EndOnSignal | None = None
    said: Said | None = None
    """The last thing said, for a MessageBar that mounts while it is still up."""
    """SIGHUP and SIGTERM, handled while the app runs."""

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every toast, from any screen, shows its text literally: toasts carry routine names,
        paths and error text, so markup is off and controls are dropped (``markup`` is ignored)."""
        message, title = clean(message, lines=True), clean(title)
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)
        # a screen with no room for a toast over its text says it in its own lines instead,
        # and one pushed while this is still up (coach run's notice) picks it up from here
        said = Said(
            message, title, severity, self.NOTIFICATION_TIMEOUT if timeout is None else timeout
        )
        self.said = said
        for bar in self.screen.query(MessageBar):
            bar.show_said(said)

    def clear_notifications(self) -> None:
        super().clear_notifications()
        self.said = None
        for screen in self.screen_stack:
            for bar in screen.query(MessageBar):
                bar.clear()

    def get_default_screen(self) -> HomeScreen:
        """Home is the bottom of the stack: no blank screen is drawn first."""
        return HomeScreen(
            config=self.config,
            routines=self.routines,
            store=self.store,
            clock=self.clock,
            breaks=self.prompter,
            signals=self.signals,
            edits=self.edits,
        )

    def on_mount(self) -> None:
        self._ending = EndOnSignal(self.end_now, asyncio.get_running_loop())
        self._ending.install()
        if self.started is not None:
            self.call_after_refresh(self.started)  # after the screen's next frame is written
        for what, error in self.refused_at_start:
            say_refused(self, what, error)
        for line in self.notices_at_start:
            self.notify(line, severity="warning", timeout=15, markup=False)
        self.prompter.start()
        self._settings_seen = settings_signature(self.config_path)
        self.set_interval(SETTINGS_POLL_SECONDS, self.check_settings_file)
        if os.environ.get("TMUX") and self.notifier.terminal:
            self.run_worker(self._find_outer_term, thread=True, exit_on_error=False)
        if self.break_now:
            self.prompter.stood_up()
        routine = self.start_with
        if routine is not None and needs_checkin(routine):
            self.show_notice_once(then=lambda: self.start_routine(routine))
        elif routine is not None:
            # `coach run` from a script or a tmux key plays by itself: the notice is shown
            # beside the routine (for 15 s) rather than in front of it.
            if not self.notice_seen():
                self.notify(MEDICAL_NOTICE_SHORT, title="Not medical advice", timeout=15)
                self.mark_notice_seen()
            self.start_routine(routine, answered=self.break_now)
        elif self.first_run:
            self.open_setup()  # setup shows the notice too
        else:
            self.show_notice_once(then=lambda: None)

    # -- the not-medical-advice notice: shown once, then remembered in the log ---------------

    def notice_seen(self) -> bool:
        return self.store.get_state(StateKey.MEDICAL_NOTICE_SEEN) is not None

    def mark_notice_seen(self) -> None:
        now = self.clock.now()
        with saved_or_said(self, "That you read the notice"):
            self.store.set_state(StateKey.MEDICAL_NOTICE_SEEN, to_utc_text(now), now=now)

    def show_notice_once(self, then: Callable[[], None]) -> None:
        """Show the notice unless it was seen before; ``then`` runs once it is out of the way."""
        if self.notice_seen():
            then()
            return

        def acknowledged(_: None) -> None:
            self.mark_notice_seen()
            then()

        from coach.ui.dialogs.medical_notice import MedicalNoticeScreen

        self.push_screen(MedicalNoticeScreen(), acknowledged)

    def on_unmount(self) -> None:
        if self._ending is not None:
            self._ending.uninstall()
        self.prompter.close()

    def end_now(self, signum: int) -> None:
        """SIGHUP or SIGTERM: the routine playing is logged partial and the break lock freed
        before anything is drawn, then coach exits as 128 + the signal's number."""
        for run in self.runs:
            run.quit()
        self.prompter.close()
        self.exit(return_code=128 + signum)

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

    @property
    def figures(self) -> FigureBook:
        """The bundled figures and the user's, read once, on the first routine played."""
        if self._figures is None:
            from coach.services.figures import default_figures

            self._figures = default_figures()
        return self._figures

    def _ring(self) -> None:
        self.sounder.bell()

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

            checkin = CheckinScreen(
                routine,
                store=self.store,
                clock=self.clock,
                routines=self.routines,
                pain_threshold=self.config.safety.pain_threshold,
                get_ready_seconds=self.config.player.get_ready_seconds,
            )
            self.push_screen(checkin, self._play_cleared)
        else:
            self._play(routine, answered=answered)

    def _play_cleared(self, cleared: Cleared | None) -> None:
        if cleared is not None:
            self._play(cleared.routine, checkin_id=cleared.checkin_id, dose=cleared.dose)

    def _play(
        self,
        routine: Routine,
        *,
        checkin_id: str | None = None,
        answered: bool = False,
        dose: Dose = Dose.USUAL,
    ) -> None:
        from coach.services.recorder import RoutineRun
        from coach.ui.screens.player import PlayerScreen

        self.prompter.routine_starting(routine, answered=answered)
        run = RoutineRun(
            routine,
            self.store,
            self.clock,
            get_ready_seconds=self.config.player.get_ready_seconds,
            checkin_id=checkin_id,
            dose=dose,
        )
        self.runs.append(run)
        figures = self.figures if self.config.player.figures else None
        self.push_screen(
            PlayerScreen(run, self.sounder, tick_seconds=self.tick_seconds, figures=figures)
        )

    def _play_break_routine(self, routine: Routine) -> None:
        self.start_routine(routine, answered=True)

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
            self.push_screen(
                HistoryScreen(
                    config=self.config,
                    store=self.store,
                    clock=self.clock,
                    signals=self.signals,
                    edits=self.edits,
                    routines=self.routines,
                )
            )

    def today(self) -> date:
        """The local day it is now, with the configured day-start hour."""
        return local_day(self.clock.now(), self.store.day_starts_at)

    def action_mark_rest_day(self) -> None:
        """Mark today as a rest day: it neither breaks nor lengthens a streak."""
        today = self.today()
        self.edits.mark_days(today, today, RestKind.REST)
        self.signals.log.publish(None)
        self.notify(f"{today:%A} {today.day} {today:%B} marked as a rest day.")

    def on_start_routine(self, message: StartRoutine) -> None:
        with saved_or_said(self):  # messages from screens pass the same seam as keys
            self.start_routine(message.routine)

    def on_routine_ended(self, message: RoutineEnded) -> None:
        from coach.ui.screens.summary import SummaryScreen

        with saved_or_said(self):
            self.prompter.routine_ended(
                completed=message.completed, active_seconds=message.run.player.active_seconds
            )
        summary = SummaryScreen(
            message.run, completed=message.completed, store=self.store, clock=self.clock
        )
        self.switch_screen(summary)

    def unsaved(self) -> list[str]:
        """Rows still not in the log after one last try: for the user, on the way out."""
        return [row for run in self.runs if run.flush() for row in run.unsaved]

    # -- breaks: prompting lives in coach.ui.breaks; these are the keys and the palette's ------

    def action_break_answer(self, answer: str) -> None:
        self.prompter.answer(answer)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "break_answer":
            return self.prompter.can_answer(str(parameters[0]), self.screen)
        if action == "break_away":
            return self.prompter.can_credit_away(self.screen)
        if action == "undo_edit":  # offered (footer, help) only when there is one to undo
            return self.edits.next_undo is not None
        if action == "redo_edit":
            return self.edits.next_redo is not None
        return True

    def _ask_command(self) -> list[str]:
        """``coach break ask`` on this log and these settings, as the tmux popup runs it."""
        extra = ["break", "ask", "--db", str(self.store.path)]
        if self.config_path is not None:
            extra += ["--config", str(self.config_path)]
        return coach_command(extra)

    def action_break_away(self) -> None:
        self.prompter.credit_away()

    def action_credit_away(self) -> None:
        """The palette's way to say yes (from any screen; it says so when nothing waits)."""
        self.prompter.credit_away()

    def action_break_now(self) -> None:
        """Take a break now: logged, and the break routine starts."""
        self.prompter.break_now()

    def action_snooze_break(self) -> None:
        self.prompter.snooze()

    def action_undo_edit(self) -> None:
        """Take back the last edit to the history (home's or history's), saying which."""
        self._step_edits(self.edits.undo, "Nothing to undo.", "Undone", "Not undone")

    def action_redo_edit(self) -> None:
        self._step_edits(self.edits.redo, "Nothing to redo.", "Made again", "Not redone")

    def _step_edits(
        self, step: Callable[[], Edit | None], nothing: str, done: str, refused: str
    ) -> None:
        """One undo or redo: the screens read the log again, a toast says what happened and
        what the next u and U would do; a refusing log is said in one line."""
        with saved_or_said(self, refused):
            edit = step()
            if edit is None:
                self.notify(nothing, timeout=3)
                return
            self.signals.log.publish(None)
            self.notify(undo_said(f"{done}: {edit.what}.", self.edits), timeout=6, markup=False)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's own commands, less the two coach offers in its own words (theme, keys)."""
        for command in super().get_system_commands(screen):
            if command.title not in ("Theme", "Keys"):
                yield command

    # -- help, setup, settings -------------------------------------------------------------

    def action_help(self) -> None:
        from coach.ui.dialogs.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen.for_screen(self.screen))

    def action_setup(self) -> None:
        self.open_setup()

    def open_setup(self, then: Callable[[], None] | None = None) -> None:
        """Show the setup questions; their answers are written to the settings file."""

        def answered(answers: SetupAnswers | None) -> None:
            if not self.notice_seen():
                self.mark_notice_seen()  # the setup screen shows the notice too
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
            update_config(self.config_path, on_disk, change(on_disk), header=CONFIG_HEADER)
        except ConfigError as exc:
            say_refused(self, "Not saved", exc)
            return
        self._settings_seen = settings_signature(self.config_path)  # our own write: no reload
        self.notify(fitted_path(self.config_path, TOAST_COLUMNS), title=saved, timeout=4)

    def check_settings_file(self) -> None:
        """Settings edited by hand while coach runs are picked up within a few seconds; a file
        that no longer loads is said in one line, once, and the settings in force stay."""
        signature = settings_signature(self.config_path)
        if signature == self._settings_seen:
            return
        self._settings_seen = signature
        if self.config_path is None or signature is None:
            return  # removed: what is in force stays until a file is there again
        from coach.ui.keymap import check_keys
        from coach.ui.themes import check_theme

        try:
            config = load_config(self.config_path)
            check_theme(config.ui.theme, config.path)
            if config.keys:
                check_keys(config.keys, config.path)
        except ConfigError as exc:
            say_refused(self, "Settings not applied (the ones in force stay)", exc)
            return
        if config != self.config:
            if config.keys != self.config.keys:
                self.set_keymap(config.keys)
            self._apply(config)
            self.notify(
                fitted_path(self.config_path, TOAST_COLUMNS), title="Settings applied", timeout=4
            )

    def _apply(self, config: Config) -> None:
        self.config = config
        self.sounder.sound = config.player.sound
        self.sounder.speech = config.player.speech
        self.notifier.desktop = config.notify.desktop
        self.notifier.terminal = config.notify.terminal
        self.prompter.apply(config)
        if self.theme != config.ui.theme:
            self.theme = config.ui.theme
        self.signals.settings.publish(config)

    def action_show_config_path(self) -> None:
        if self.config_path is None:
            self.notify("No settings file: this session uses settings given on start.")
            return
        state = "" if self.config_path.exists() else " (not written yet)"
        self.copy_to_clipboard(str(self.config_path))
        self.notify(
            f"{fitted_path(self.config_path, TOAST_COLUMNS)}{state}",
            title="Settings file (copied)",
            timeout=10,
        )


def _default_idle_reader() -> IdleReader | None:
    """The best idle source this machine has (the desktop session's, else tmux's), or None."""
    from coach.system.idle import default_idle_reader

    return default_idle_reader()
