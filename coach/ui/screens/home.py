"""Home: today at a glance and the routines to start."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer

from coach.core.clock import Clock
from coach.core.days import from_stored, local_day
from coach.core.deload import DeloadStatus, RotationHint, deload_status, rotation_hint, week_start
from coach.core.routine import RoutineSet
from coach.core.vocabulary import BreakPhase, SessionStatus, Tag
from coach.services.config import Config
from coach.services.edits import Edits
from coach.services.pain_notice import home_notice
from coach.services.today import Today, load_today
from coach.store import Store
from coach.text.formatting import (
    day_heading,
    equipment_text,
    minutes_text,
    routine_error_lines,
    time_of_day,
)
from coach.ui.keymap import bound_key
from coach.ui.messages import StartRoutine
from coach.ui.refused import Guarded
from coach.ui.signals import Signals
from coach.ui.undo import undo_bindings
from coach.ui.widgets.break_status import BreakLine, countdown_text, tally_text
from coach.ui.widgets.plain import Label, Static
from coach.ui.widgets.routine_list import RoutineList

if TYPE_CHECKING:
    from coach.ui.breaks import BreakPrompter

STATUS_MARKS = {
    SessionStatus.COMPLETED: "✓",
    SessionStatus.PARTIAL: "◐",
    SessionStatus.RUNNING: "▶",
}


def lifting_lines(
    status: DeloadStatus, hint: RotationHint | None, names: dict[str, str], *, key: str = "w"
) -> list[Content]:
    """What home says about lifting: the deload count (or that one is due) and variety."""
    lines: list[Content] = []
    if status.due:
        lines.append(
            Content.styled(
                f"Deload week due: {status.weeks} training weeks in a row. "
                f"{key} marks this week as a deload.",
                "bold $warning",
            )
        )
    elif status.marked_this_week:
        lines.append(Content("Deload week: marked. The count starts again next week."))
    elif status.weeks:
        plural = "s" if status.weeks != 1 else ""
        lines.append(
            Content(
                f"Lifting: {status.weeks} training week{plural} in a row; "
                f"a deload is due after {status.every_weeks}."
            )
        )
    if hint is not None:
        used = names.get(hint.routine_id, hint.routine_id)
        if hint.alternatives:
            other = names.get(hint.alternatives[0], hint.alternatives[0])
            text = f"Same warm-up ({used}) for {hint.weeks} weeks: rotate, try {other}."
        else:
            text = (
                f"Same warm-up for {hint.weeks} weeks: "
                "vary it with a routine of yours tagged pre-lift."
            )
        lines.append(Content.styled(text, "$text-muted"))
    return lines


def morning_line(today: Today) -> str:
    """Home's habit line: done (and when) or not yet, as history and ``coach status`` count it."""
    done = today.morning_done
    if done is None:
        return "Morning mobility: not yet today"
    at = from_stored(done["started_at"], done["utc_offset_min"])
    return f"Morning mobility done at {time_of_day(at)} ✓"


SESSIONS_SHOWN = 4
"""Today's sessions home lists, newest first; the rest are one line saying how many."""


def session_lines(today: Today, shown: int = SESSIONS_SHOWN) -> list[str]:
    """Today's sessions under their own heading, newest first, the older ones counted.

    Newest first because the one just played is the one a person looks for; a fixed number so
    the routine list below stays on an 80×24 screen however busy the day was.
    """
    sessions = list(reversed(today.sessions))
    if not sessions:
        return []
    lines = [f"Sessions today: {len(sessions)}"]
    for session in sessions[:shown]:
        at = from_stored(session["started_at"], session["utc_offset_min"])
        mark = STATUS_MARKS.get(session["status"], "·")
        name, status = session["routine_name"], session["status"]
        lines.append(f"  {mark} {time_of_day(at)}  {name}  ({status})")
    if len(sessions) > shown:
        lines.append(f"  …and {len(sessions) - shown} earlier (h: history)")
    return lines


LIFTING_LOOKBACK = timedelta(weeks=104)
"""How far back home reads warm-ups: ten years of them cost ~10 ms at every start, and a deload
is due within weeks; older warm-ups only ever count as "not used lately"."""


class HomeScreen(Guarded, Screen[None]):
    BREAK_KEYS_ANSWER: ClassVar[bool] = True
    """A break toast's single keys (d, z, x, y) answer it here: this screen leaves them free."""
    AUTO_FOCUS = "#routines"
    """The table has the keys from the start (focusing it in on_mount instead would first focus
    the scroll around it, then restyle it on the blur: ~10 ms before the first frame)."""

    BINDINGS = [
        Binding(
            "h",
            "app.open_history",
            "History",
            tooltip="history: streaks, heatmap, sessions",
            id="home.history",
        ),
        Binding(
            "s",
            "stood_up",
            "Stood up",
            tooltip="log a break taken: the interval starts again",
            id="home.stood_up",
        ),
        Binding("q", "app.quit", "Quit", tooltip="quit coach", id="home.quit"),
        Binding(
            # not d: while a break toast is up, d answers the break (see ``break.done``)
            "w",
            "mark_deload",
            "Deload week",
            tooltip="mark this week a deload",
            id="home.deload",
        ),
        *undo_bindings("home", show=False),
    ]

    _break_lines: tuple[BreakLine, BreakLine] | None = None
    """The countdown and the tally, once composed: found once, not by a query every second."""

    deload: DeloadStatus | None = None
    """This week's deload status, when lifts are shown (see ``[ui] lifts``)."""

    def __init__(
        self,
        *,
        config: Config,
        routines: RoutineSet,
        store: Store,
        clock: Clock,
        breaks: BreakPrompter,
        signals: Signals,
        edits: Edits | None = None,
    ) -> None:
        super().__init__()
        self.config = config
        """The settings in use; a new value arrives with ``signals.settings``."""
        self.routines = routines
        self.store = store
        self.clock = clock
        self.breaks = breaks
        self.signals = signals
        self.edits = edits or Edits(store, clock)
        """Where the deload mark goes, to be undone (the app's journal, shared with history)."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="home"):
            yield Label("", id="today-heading")
            yield BreakLine("", id="break-next")
            yield BreakLine("", id="break-tally")
            yield Static("", id="today")
            yield Static("", id="pain-notice")
            yield Static("", id="sessions-today")
            yield Static("", id="lifting")
            yield Label("Routines", id="routines-heading", classes="heading")
            columns = Static("", id="routine-columns")
            yield columns
            yield RoutineList(columns, id="routines")
            yield Static("", id="routine-errors")
        yield Footer()

    def on_mount(self) -> None:
        self._break_lines = (
            self.query_one("#break-next", BreakLine),
            self.query_one("#break-tally", BreakLine),
        )
        self.show_routines()
        errors = self.routines.errors
        self.query_one("#routine-errors", Static).update(
            Content("\n".join(routine_error_lines(errors)))
        )
        self.query_one("#routine-errors").display = bool(errors)
        self.listen(self.signals.breaks, self._breaks_changed)
        self.listen(self.signals.settings, self._settings_changed)
        self.listen(self.signals.log, self._log_changed)
        # today, breaks and lifting are filled in on_screen_resume, which follows

    def show_routines(self) -> None:
        """List the routines; pre-lift ones only for people who lift (``[ui] lifts``)."""
        get_ready = self.config.player.get_ready_seconds
        rows = []
        for routine in self.routines.sorted():
            if not self.config.ui.lifts and Tag.PRE_LIFT in routine.tags:
                continue
            length = minutes_text(routine.estimated_seconds(get_ready))
            if routine.has_open_steps:
                length = "~" + length
            name = routine.name
            if routine.id in self.routines.overridden:
                name += " (your copy)"  # of the built-in it replaces; short, so Needs fits
            elif not routine.builtin:
                name += " (yours)"
            needs = equipment_text(routine.equipment)
            rows.append((routine.id, (name, length, needs, " ".join(routine.tags))))
        self.query_one("#routines", RoutineList).show(rows)

    def on_screen_resume(self) -> None:
        self.refresh_today()
        self.refresh_breaks(tally=True)
        self.refresh_lifting()

    def _breaks_changed(self, rows: bool) -> None:
        self.refresh_breaks(tally=rows)

    def _settings_changed(self, config: Config) -> None:
        self.config = config
        self.show_routines()
        self.refresh_lifting()

    def _log_changed(self, _: None) -> None:
        self.refresh_today()
        self.refresh_lifting()

    def refresh_breaks(self, *, tally: bool = True) -> None:
        """The countdown line (every tick) and, when rows changed, today's tally."""
        if self._break_lines is None:
            return  # not composed yet (a tick can come between push and compose)
        countdown, tally_line = self._break_lines
        keeper = self.breaks.keeper
        status = keeper.scheduler.status()
        countdown.show(
            countdown_text(
                status.phase,
                now=self.clock.now(),
                seconds_left=keeper.scheduler.seconds_left(),
                next_due=status.next_due,
                resumes_at=status.resumes_at,
                snoozes=status.snoozes,
                other=keeper.other_holder_text(),
                # the keys are said only while a break is due (and reading them walks every
                # binding of the screen: not once a second for a countdown)
                keys=self.breaks.answer_keys(self)
                if status.phase is BreakPhase.PROMPTING
                else None,
            )
        )
        if tally:
            tally_line.show(tally_text(keeper.tally()))

    def action_stood_up(self) -> None:
        self.breaks.stood_up()

    def refresh_today(self) -> None:
        now = self.clock.now()
        today = local_day(now, self.store.day_starts_at)
        self.query_one("#today-heading", Label).update(day_heading(today))
        found = load_today(self.store, today, self.store.day_starts_at)
        self.query_one("#today", Static).update(morning_line(found))
        sessions = session_lines(found)
        listed = self.query_one("#sessions-today", Static)
        listed.update("\n".join(sessions))
        listed.display = bool(sessions)
        self.refresh_pain_notice(today)

    def refresh_pain_notice(self, today: date) -> None:
        """The persistent-pain notice, on the day it is shown (once per episode; see
        :mod:`coach.services.pain_notice`): a line, never a dialog, and nothing it blocks."""
        threshold = self.config.safety.pain_threshold
        reason = home_notice(self.store, today, threshold, self.clock.now())
        notice = self.query_one("#pain-notice", Static)
        if reason:
            # the report module (history's text, its totals and calendar) only on a day with a
            # notice, not on the way to every first frame
            from coach.text.report import persistent_pain_notice

            notice.update(persistent_pain_notice(reason))
        else:
            notice.update("")
        notice.display = reason is not None

    # -- lifting: deload and rotation -------------------------------------------------------

    def today(self) -> date:
        return local_day(self.clock.now(), self.store.day_starts_at)

    def refresh_lifting(self) -> None:
        """The deload line and the rotation nudge; nothing when lifts are off or not logged."""
        lifting = self.query_one("#lifting", Static)
        self.deload = None
        lines: list[Content] = []
        if self.config.ui.lifts:
            store, today = self.store, self.today()
            sessions = store.prelift_sessions(since=today - LIFTING_LOOKBACK)
            self.deload = deload_status(
                sessions,
                store.deload_weeks(),
                today=today,
                every_weeks=self.config.safety.deload_every_weeks,
            )
            routines = self.routines.routines
            prelift = [r.id for r in routines.values() if Tag.PRE_LIFT in r.tags]
            hint = rotation_hint(sessions, prelift, today=today)
            names = {rid: routine.name for rid, routine in routines.items()}
            lines = lifting_lines(self.deload, hint, names, key=bound_key(self, "home.deload"))
        lifting.update(Content("\n").join(lines))
        lifting.display = bool(lines)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "mark_deload":
            if self.breaks.keys_active(self.app.screen):
                return False  # d answers the break toast for now
            return self.deload is not None and self.deload.weeks > 0
        return True

    def action_mark_deload(self) -> None:
        if self.deload is None or self.deload.marked_this_week:
            return
        self.edits.mark_deload(week_start(self.today()))
        self.notify(
            "This week is marked as a deload week; the count starts again. u undoes it.",
            timeout=4,
        )
        self.refresh_lifting()

    def on_option_list_option_selected(self, event: RoutineList.OptionSelected) -> None:
        event.stop()
        routine = self.routines.get(str(event.option_id))
        if routine is not None:
            self.post_message(StartRoutine(routine))
