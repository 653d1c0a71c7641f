"""The end of a routine: what was done, then back home."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Label

from coach.recorder import RoutineRun
from coach.ui.formatting import left_text
from coach.ui.keymap import bound_key


class SummaryScreen(Screen[None]):
    BINDINGS = [
        Binding(
            "enter,escape,q,space",
            "app.pop_screen",
            "Home",
            tooltip="back home",
            id="summary.home",
        ),
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
            status = "completed" if self.completed else "partial"
            yield Label(f"Logged as {status}.", id="summary-logged")
            yield Label("", id="summary-hint")
        yield Footer()

    def on_mount(self) -> None:
        home_key = bound_key(self, "summary.home")
        self.query_one("#summary-hint", Label).update(f"Press {home_key} to go home.")
