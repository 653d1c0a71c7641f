"""The end of a routine: what was done, then back home."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Label

from coach.recorder import RETRY_SECONDS, RoutineRun
from coach.ui.formatting import left_text
from coach.ui.widgets.log_trouble import LogTroubleBanner


class SummaryScreen(Screen[None]):
    BINDINGS = [
        Binding("enter,escape,q,space", "app.pop_screen", "Home", id="summary.home"),
    ]

    def __init__(self, run: RoutineRun, *, completed: bool) -> None:
        super().__init__()
        self.run = run
        self.completed = completed

    def compose(self) -> ComposeResult:
        player = self.run.player
        title = "Routine complete. Well done." if self.completed else "Stopped early."
        held = player.completed_work
        skipped = player.skipped_work
        with Vertical(id="summary"):
            yield Label(title, id="summary-title")
            yield Label(self.run.routine.name, id="summary-routine")
            yield Label(f"Time: {left_text(player.active_seconds)}", id="summary-time")
            yield Label(
                f"Sets done: {held}" + (f" · skipped: {skipped}" if skipped else ""),
                id="summary-counts",
            )
            yield Label("", id="summary-logged")
            yield LogTroubleBanner(id="log-trouble")
            yield Label("Press enter to go home.", id="summary-hint")
        yield Footer()

    def on_mount(self) -> None:
        self.show_saved()
        if self.run.unsaved:
            self.set_interval(RETRY_SECONDS, self.retry)

    def retry(self) -> None:
        if self.run.unsaved:
            self.run.flush()
            self.show_saved()

    def show_saved(self) -> None:
        """Say what the log holds; while rows wait, say exactly which."""
        status = "completed" if self.completed else "partial"
        unsaved = self.run.unsaved
        logged = f"Not logged yet as {status}." if unsaved else f"Logged as {status}."
        self.query_one("#summary-logged", Label).update(logged)
        self.query_one(LogTroubleBanner).show_trouble(self.run.write_error, unsaved, running=False)
