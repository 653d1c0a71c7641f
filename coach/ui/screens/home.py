"""Home: today at a glance and the routines to start."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, Static

from coach.core.days import from_stored, local_day
from coach.core.routine import Routine
from coach.ui.formatting import day_heading, minutes_text, time_of_day
from coach.ui.widgets.break_status import BreakLine, countdown_text, tally_text

if TYPE_CHECKING:
    from coach.ui.app import CoachApp

STATUS_MARKS = {"completed": "✓", "partial": "◐", "running": "▶"}


class HomeScreen(Screen[None]):
    BINDINGS = [
        Binding("enter", "start", "Start", id="home.start", priority=True),
        Binding("s", "stood_up", "I stood up", id="home.stood_up"),
        Binding("q", "app.quit", "Quit", id="home.quit"),
    ]

    app: CoachApp

    def compose(self) -> ComposeResult:
        with Vertical(id="home"):
            yield Label("", id="today-heading")
            yield BreakLine("", id="break-next")
            yield BreakLine("", id="break-tally")
            yield Static("", id="today")
            yield Label("Routines", id="routines-heading", classes="heading")
            yield DataTable(id="routines", cursor_type="row", zebra_stripes=False)
            yield Static("", id="routine-errors")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#routines", DataTable)
        table.add_columns("Routine", "Length", "Tags")
        get_ready = self.app.config.player.get_ready_seconds
        for routine in self.app.routines.sorted():
            length = minutes_text(routine.estimated_seconds(get_ready))
            if routine.has_open_steps:
                length = "~" + length
            name = routine.name if routine.builtin else f"{routine.name} (yours)"
            table.add_row(name, length, " ".join(routine.tags), key=routine.id)
        errors = self.app.routines.errors
        self.query_one("#routine-errors", Static).update(
            "\n".join(f"⚠ {error}" for error in errors)
        )
        self.query_one("#routine-errors").display = bool(errors)
        self.refresh_today()
        self.refresh_breaks(tally=True)
        table.focus()

    def on_screen_resume(self) -> None:
        self.refresh_today()
        self.refresh_breaks(tally=True)

    def refresh_breaks(self, *, tally: bool = True) -> None:
        """The countdown line (every tick) and, when rows changed, today's tally."""
        keeper = self.app.breaks
        status = keeper.scheduler.status()
        self.query_one("#break-next", BreakLine).show(
            countdown_text(
                status.phase,
                now=self.app.clock.now(),
                seconds_left=keeper.scheduler.seconds_left(),
                next_due=status.next_due,
                resumes_at=status.resumes_at,
                snoozes=status.snoozes,
                other_window=None if keeper.holder else (keeper.other_holder() or 0),
            )
        )
        if tally:
            self.query_one("#break-tally", BreakLine).show(tally_text(keeper.tally()))

    def action_stood_up(self) -> None:
        self.app.show_break_events(self.app.breaks.stood_up())

    def refresh_today(self) -> None:
        now = self.app.clock.now()
        today = local_day(now, self.app.store.day_starts_at)
        self.query_one("#today-heading", Label).update(day_heading(today))
        sessions = self.app.store.sessions_on(today)
        lines = []
        morning = [s for s in sessions if "morning" in s["tags"].split(",")]
        done = [s for s in morning if s["status"] == "completed"]
        if done:
            at = from_stored(done[0]["started_at"], done[0]["utc_offset_min"])
            lines.append(f"Morning mobility done at {time_of_day(at)} ✓")
        else:
            lines.append("Morning mobility: not yet today")
        for session in sessions:
            at = from_stored(session["started_at"], session["utc_offset_min"])
            mark = STATUS_MARKS.get(session["status"], "·")
            lines.append(
                f"  {mark} {time_of_day(at)}  {session['routine_name']}  ({session['status']})"
            )
        self.query_one("#today", Static).update("\n".join(lines))

    def selected_routine(self) -> Routine | None:
        table = self.query_one("#routines", DataTable)
        if table.row_count == 0:
            return None
        row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return self.app.routines.get(str(row_key.value))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_start()

    def action_start(self) -> None:
        routine = self.selected_routine()
        if routine is not None:
            self.app.start_routine(routine)
