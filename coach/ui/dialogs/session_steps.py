"""One session's steps: what was done or skipped, side by side and set by set."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer

from coach.core.days import from_stored
from coach.core.vocabulary import StepOutcome
from coach.text.formatting import left_text
from coach.ui.refused import Guarded
from coach.ui.widgets.plain import Label
from coach.ui.widgets.plain_table import DataTable

if TYPE_CHECKING:
    from coach.store import SessionRow, StepRow

OUTCOMES: dict[str, str] = {StepOutcome.DONE: "✓ done", StepOutcome.SKIPPED: "⤼ skipped"}


class SessionStepsScreen(Guarded, ModalScreen[None]):
    CSS_PATH = "../screens/history.tcss"
    BINDINGS = [
        Binding(
            "escape,enter,q",
            "close",
            "Close",
            tooltip="close the steps",
            id="session_steps.close",
        ),
    ]

    def __init__(self, session: SessionRow, steps: list[StepRow]) -> None:
        super().__init__()
        self.session = session
        self.steps = steps

    def compose(self) -> ComposeResult:
        session = self.session
        started = from_stored(session["started_at"], session["utc_offset_min"])
        with Vertical(id="steps-dialog"):
            yield Label(session["routine_name"] or session["routine_id"], id="steps-title")
            yield Label(
                f"{started:%A} {started.day} {started:%B %Y, %H:%M} · {session['status']} · "
                f"{left_text(session['active_seconds'] or 0)} · "
                f"{session['steps_done'] or 0} done, {session['steps_skipped'] or 0} skipped",
                id="steps-when",
            )
            if session.get("note"):
                yield Label(f"✎ {session['note']}", id="steps-note")
            yield DataTable(id="steps-table", cursor_type="row", zebra_stripes=True)
            yield Label("esc or enter to close", id="steps-hint")
        yield Footer()  # the keys of this dialog, not of the screen under it

    def on_mount(self) -> None:
        table = self.query_one("#steps-table", DataTable)
        table.add_columns("#", "Exercise", "Side", "Set", "Time", "Result")
        for step in self.steps:
            table.add_row(
                str(step["step_number"] or ""),
                step["exercise"],
                step["side"] or "",
                str(step["set_number"] or ""),
                left_text(step["active_seconds"] or 0),
                OUTCOMES.get(step["outcome"], step["outcome"]),
            )
        if not self.steps:
            self.query_one("#steps-hint", Label).update("No steps were logged. esc to close")
        table.focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
