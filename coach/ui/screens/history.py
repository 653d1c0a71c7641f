"""History: a tile per habit, the selected habit's year as a heatmap, breaks week by week, and
every session, with marking rest days, notes and (undoable) deletion."""

from __future__ import annotations

import os
from datetime import date

from rich.cells import cell_len, set_cell_size
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer

from coach.core.adherence import BreakTally
from coach.core.clock import Clock
from coach.core.days import from_stored, local_day
from coach.core.habit_day import HabitId
from coach.core.habits import STRENGTH_EXPLAINED, Habit, HabitHistory, HabitRules
from coach.core.periods import clamp_back, furthest_back, period
from coach.core.routine import RoutineSet
from coach.core.vocabulary import Dose, Entry, SessionStatus
from coach.services.config import Config
from coach.services.edits import Edits
from coach.services.history import habit_rules, load_history, load_pain
from coach.store import SessionRow, Store
from coach.text.calendar import period_text
from coach.text.formatting import count_text, left_text, pain_line, percent, span_text
from coach.text.safe import one_line
from coach.ui.dialogs.confirm import ConfirmScreen
from coach.ui.dialogs.log_past import LogPastScreen, PastSession
from coach.ui.dialogs.mark_days import DayMarkRequest, MarkDaysScreen
from coach.ui.dialogs.note import NoteScreen
from coach.ui.dialogs.session_steps import SessionStepsScreen
from coach.ui.keymap import bound_key
from coach.ui.refused import Guarded
from coach.ui.signals import Signals
from coach.ui.undo import undo_bindings
from coach.ui.widgets.breaks_bar import BreaksBar
from coach.ui.widgets.habit_tile import HabitTile
from coach.ui.widgets.heatmap import Heatmap
from coach.ui.widgets.message_bar import MessageBar
from coach.ui.widgets.plain import Label
from coach.ui.widgets.plain_table import DataTable
from coach.ui.widgets.strength_chart import StrengthChart

WEEKS = 52
PAGE = 100
STRENGTH_NOTE = "Strength grows with each day done, fades slowly with misses, pauses on rest."
NOTE_FROM_ROWS = 26
"""The strength note shows from this many rows; below, its line goes to the sessions list (the
tiles' tooltips and the README say it too)."""
RESULT_MARKS: dict[str, str] = {
    SessionStatus.COMPLETED: "✓ completed",
    SessionStatus.PARTIAL: "◐ partial",
    SessionStatus.RUNNING: "▶ running",
}


def detail_text(habit: Habit, history: HabitHistory) -> str:
    """The selected habit's best run, completion rates and misses, on one line."""
    summary = history.summaries[habit.id]
    best = summary.best
    parts = [
        f"best {span_text(best.start, best.end)}"
        if best.length and best.start and best.end
        else "no run yet"
    ]
    parts.append(" ".join(f"{w}d {percent(rate)}" for w, rate in summary.rates.items()))
    if habit.weekly:
        parts.append(f"missed {len(summary.missed)} wk in 12")
    else:
        parts.append(f"missed {len(summary.missed)} in 30d")
    return " · ".join(parts)


NOTE_COLUMNS = 24
"""A note in the list ends in "…" here, so the table fits 80 columns; the whole note is in the
session's steps (enter), and in ``coach history`` and the exports."""


def shown_note(note: str) -> str:
    if not note:
        return ""
    marked = f"✎ {note}"
    if cell_len(marked) <= NOTE_COLUMNS:
        return marked
    return set_cell_size(marked, NOTE_COLUMNS - 1) + "…"


def shown_result(session: SessionRow) -> str:
    """``✓ completed``; a session played at the lighter dose keeps the status's mark and says
    ``lighter`` instead (``✓ lighter``, ``◐ lighter``), so the column stays as wide; one logged
    afterwards says ``✓ by hand``."""
    result = RESULT_MARKS.get(session["status"], session["status"])
    if session.get("entered") == Entry.BY_HAND and session["status"] in RESULT_MARKS:
        return f"{result.split(' ', 1)[0]} by hand"
    if session.get("dose") == Dose.LIGHTER and session["status"] in RESULT_MARKS:
        return f"{result.split(' ', 1)[0]} {Dose.LIGHTER}"
    return result


def session_row(session: SessionRow, this_year: int) -> tuple[str, ...]:
    """The list's cells. The year is shown only on sessions of other years (as ``ls -l`` does),
    which leaves the note room at 80 columns. A session logged by hand has no steps to count."""
    started = from_stored(session["started_at"], session["utc_offset_min"])
    when = f"{started:%a} {started.day:>2} {started:%b}"
    when += f" {started:%H:%M}" if started.year == this_year else f" {started:%Y %H:%M}"
    steps = (session["steps_done"] or 0) + (session["steps_skipped"] or 0)
    note = session.get("note") or ""
    return (
        when,
        session["routine_name"] or session["routine_id"],
        left_text(session["active_seconds"] or 0),
        shown_result(session),
        "—" if session.get("entered") == Entry.BY_HAND else f"{session['steps_done'] or 0}/{steps}",
        shown_note(one_line(note)),
    )


class HistoryScreen(Guarded, Screen[None]):
    CSS_PATH = "history.tcss"
    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", tooltip="back home", id="history.back"),
        Binding(
            "left",
            "step_habit(-1)",
            "Habit",
            key_display="←→",
            priority=True,
            tooltip="the previous habit's heatmap",
            id="history.previous_habit",
        ),
        Binding(
            "right",
            "step_habit(1)",
            "Next habit",
            show=False,
            priority=True,
            tooltip="the next habit's heatmap",
            id="history.next_habit",
        ),
        Binding(
            "1", "select_habit(0)", show=False, tooltip="morning mobility", id="history.habit_1"
        ),
        Binding(
            "2", "select_habit(1)", show=False, tooltip="stand-up breaks", id="history.habit_2"
        ),
        Binding(
            "3", "select_habit(2)", show=False, tooltip="pre-lift warm-up", id="history.habit_3"
        ),
        Binding("4", "select_habit(3)", show=False, tooltip="any routine", id="history.habit_4"),
        Binding(
            "left_square_bracket",
            "page_year(1)",
            show=False,
            tooltip="the heatmap and charts a year further back",
            id="history.year_back",
        ),
        Binding(
            "right_square_bracket",
            "page_year(-1)",
            show=False,
            tooltip="the heatmap and charts a year forward (up to this week)",
            id="history.year_forward",
        ),
        Binding(
            "r",
            "mark_days",
            "Rest days",
            tooltip="mark days rest, sick, injury or travel (or clear them)",
            id="history.mark_days",
        ),
        Binding("n", "note", "Note", tooltip="a note on the selected session", id="history.note"),
        Binding(
            "d,delete",
            "delete",
            "Delete",
            tooltip="delete the selected session (asks first; u undoes)",
            id="history.delete",
        ),
        Binding(
            "l",
            "log_past",
            "Log",
            tooltip="log a session you did away from coach",
            id="history.log_past",
        ),
        *undo_bindings("history", show=True),
    ]

    def __init__(
        self,
        *,
        config: Config,
        store: Store,
        clock: Clock,
        signals: Signals,
        edits: Edits | None = None,
        routines: RoutineSet | None = None,
    ) -> None:
        super().__init__()
        self.config = config
        self.store = store
        self.clock = clock
        self.signals = signals
        self.edits = edits or Edits(store, clock)
        """Where every edit made here goes, to be undone (shared with home through the app)."""
        self.routines = routines
        self.rules: HabitRules | None = None
        self.history: HabitHistory | None = None
        self.selected = 0
        self.back = 0
        """Years (pages of 52 weeks) back from this week that the heatmap and charts show."""
        self._last_page_key: tuple[str, str] | None = None
        self._more = False

    def compose(self) -> ComposeResult:
        self.rules = habit_rules(self.config)
        with Vertical(id="history"):
            with Horizontal(id="tiles"):
                for habit in self.rules.habits():
                    yield HabitTile(habit, id=f"tile-{habit.id}")
            yield Label(STRENGTH_NOTE, id="strength-note")
            yield Label("", id="habit-detail")
            yield Label("", id="period")
            yield Heatmap(id="heatmap")
            yield StrengthChart(id="strength-chart")
            yield BreaksBar(self.rules.break_target_share, id="breaks-bar")
            yield Label("", id="pain-line")
            yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
            yield MessageBar(max_lines=2, id="history-message")
        yield Footer(show_command_palette=False)  # ctrl+p still opens it (home and ? say so)

    def on_mount(self) -> None:
        for tile in self.query(HabitTile):
            tile.tooltip = f"{tile.habit.name}: {tile.habit.counts}. {STRENGTH_EXPLAINED}"
        table = self.query_one("#sessions", DataTable)
        table.add_columns("Started", "Routine", "Time", "Result", "Steps", "Note")
        self.reload()
        self.listen(self.signals.log, self._log_changed)
        self._fit_note()
        table.focus()

    def on_resize(self) -> None:
        self._fit_note()

    def _fit_note(self) -> None:
        self.query_one("#strength-note", Label).display = self.size.height >= NOTE_FROM_ROWS

    # -- loading -----------------------------------------------------------------------------

    @property
    def today(self) -> date:
        assert self.rules is not None
        return local_day(self.clock.now(), self.rules.day_starts_at)

    def _log_changed(self, _: None) -> None:
        self.reload()

    def reload(self) -> None:
        """Read the log again (three queries) and redraw everything."""
        assert self.rules is not None
        self.history = load_history(self.store, self.rules, self.today)
        pain = load_pain(self.store, self.today)
        self.query_one("#pain-line", Label).update(pain_line(pain))
        self.show_habits()
        self.load_sessions()
        self.show_undo()

    def show_undo(self) -> None:
        """``u`` and ``U`` are offered only while there is something to undo or redo."""
        self.refresh_bindings()

    def show_habits(self) -> None:
        history = self.history
        assert history is not None
        breaks_today = history.break_days.get(history.today, BreakTally())
        for i, habit in enumerate(history.habits):
            tile = self.query_one(f"#tile-{habit.id}", HabitTile)
            tile.show(
                history.summaries[habit.id],
                history.today,
                breaks_today,
                selected=i == self.selected,
            )
        habit = history.habits[self.selected]
        self.query_one("#habit-detail", Label).update(detail_text(habit, history))
        self.show_year()

    # -- paging through the years ------------------------------------------------------------

    def show_year(self) -> None:
        """The heatmap, strength and breaks of the year ``back`` pages before this week's."""
        history = self.history
        assert history is not None
        habit = history.habits[self.selected]
        self.back = clamp_back(self.back, history.today, history.first_day, WEEKS)
        shown = period(history.today, self.back, WEEKS)
        end = shown.end(history.today)
        self.query_one("#period", Label).update(self.period_line(shown.first, end))
        self.query_one("#heatmap", Heatmap).grid = history.heatmap(habit.id, WEEKS, end)
        chart = self.query_one("#strength-chart", StrengthChart)
        chart.weeks = history.weekly_strength(habit.id, WEEKS, end)
        breaks = self.query_one("#breaks-bar", BreaksBar)
        breaks.current = self.back == 0
        breaks.weeks = history.weekly_breaks(WEEKS, end)

    def period_line(self, first: date, end: date) -> str:
        """``Dec 2024 – Nov 2025 · [ a year back · ] forward``: only the ways that lead on."""
        assert self.history is not None
        parts = [period_text(first, end)]
        if self.back < furthest_back(self.history.today, self.history.first_day, WEEKS):
            parts.append(f"{bound_key(self, 'history.year_back')} a year back")
        if self.back:
            parts.append(f"{bound_key(self, 'history.year_forward')} forward")
        return " · ".join(parts)

    def action_page_year(self, step: int) -> None:
        if self.history is None:
            return
        self.back += step
        self.show_year()

    def load_sessions(self) -> None:
        table = self.query_one("#sessions", DataTable)
        row = table.cursor_row
        table.clear()
        self._last_page_key = None
        self._more = True
        self.load_more_sessions()
        while self._more and table.row_count <= row:
            self.load_more_sessions()
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    def load_more_sessions(self) -> None:
        table = self.query_one("#sessions", DataTable)
        page = self.store.session_page(PAGE, self._last_page_key)
        this_year = self.today.year
        for session in page:
            table.add_row(*session_row(session, this_year), key=session["id"])
        self._more = len(page) == PAGE
        if page:
            self._last_page_key = (page[-1]["started_at"], page[-1]["id"])

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self._more and event.cursor_row >= event.data_table.row_count - 1:
            self.load_more_sessions()

    # -- choosing a habit --------------------------------------------------------------------

    def action_select_habit(self, index: int) -> None:
        if self.history is None:
            return
        self.selected = index % len(self.history.habits)
        self.show_habits()

    def action_step_habit(self, step: int) -> None:
        self.action_select_habit(self.selected + step)

    def on_habit_tile_selected(self, message: HabitTile.Selected) -> None:
        assert self.history is not None
        ids = [habit.id for habit in self.history.habits]
        self.action_select_habit(ids.index(HabitId(message.habit_id)))

    @property
    def selected_habit(self) -> Habit:
        assert self.history is not None
        return self.history.habits[self.selected]

    # -- sessions ----------------------------------------------------------------------------

    def selected_session(self) -> SessionRow | None:
        table = self.query_one("#sessions", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.store.session(str(key)) if key is not None else None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        session = self.selected_session()
        if session is not None:
            self.app.push_screen(SessionStepsScreen(session, self.store.steps(session["id"])))

    def action_note(self) -> None:
        session = self.selected_session()
        if session is None:
            return
        session_id = session["id"]

        def save(note: str | None) -> None:
            if note is None:
                return
            self.edits.set_note(session_id, note)
            self.load_sessions()
            self.show_undo()

        self.app.push_screen(
            NoteScreen(session["routine_name"] or session["routine_id"], session.get("note") or ""),
            save,
        )

    def action_delete(self) -> None:
        session = self.selected_session()
        if session is None:
            return
        if session["status"] == SessionStatus.RUNNING and session["pid"] == os.getpid():
            self.notify("That session is still running.", severity="warning")
            return
        started = from_stored(session["started_at"], session["utc_offset_min"])
        name = session["routine_name"] or session["routine_id"]
        when = f"{started:%a} {started.day} {started:%b %Y, %H:%M}"
        session_id = session["id"]

        def answer(delete: bool | None) -> None:
            if not delete:
                return
            self.edits.delete_session(session_id)
            self.reload()
            self.notify(f"Deleted {name}, {when}. Press u to undo.")

        self.app.push_screen(
            ConfirmScreen(
                f"Delete {name}, {when}?",
                "It leaves your streaks and lists; press u to undo.",
                yes="Delete",
                no="Keep",
            ),
            answer,
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "log_past":
            return self.routines is not None
        return True

    def action_log_past(self) -> None:
        if self.routines is None:
            return

        def log(past: PastSession | None) -> None:
            if past is None:
                return
            self.edits.log_session(past.routine, past.started, past.seconds)
            self.reload()
            self.notify(
                f"Logged {past.routine.name}, {past.started:%a} {past.started.day} "
                f"{past.started:%b %H:%M}, entered by hand. Press u to undo.",
                markup=False,
            )

        self.app.push_screen(LogPastScreen(self.routines.sorted(), self.clock.now), log)

    # -- marking days ------------------------------------------------------------------------

    def action_mark_days(self) -> None:
        def mark(request: DayMarkRequest | None) -> None:
            if request is None:
                return
            _, count = self.edits.mark_days(request.start, request.end, request.kind)
            self.reload()
            if request.kind is None:
                self.notify(f"Cleared {count_text(count, 'marked day')}. Press u to undo.")
            else:
                self.notify(
                    f"Marked {count_text(count, 'day')} as {request.kind}. Press u to undo."
                )

        self.app.push_screen(MarkDaysScreen(self.today), mark)
