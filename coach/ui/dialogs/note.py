"""A note on a session ("left hip tight"): one line, enter saves, empty clears."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input

from coach.text.safe import clean
from coach.ui.refused import Guarded
from coach.ui.widgets.plain import Label

MAX_NOTE = 200


class NoteScreen(Guarded, ModalScreen[str | None]):
    CSS_PATH = "../screens/history.tcss"
    BINDINGS = [
        Binding(
            "escape",
            "cancel",
            "Cancel",
            tooltip="keep the note as it was",
            id="note.cancel",
        )
    ]

    def __init__(self, routine_name: str, note: str = "") -> None:
        super().__init__()
        self.routine_name = routine_name
        self.note = clean(note)
        """The note as it may be shown: an Input renders its value as it is, and a note may have
        come from an imported file."""

    def compose(self) -> ComposeResult:
        with Vertical(id="note-dialog"):
            yield Label(f"Note on {self.routine_name}", id="note-title")
            yield Input(
                self.note,
                placeholder="e.g. left hip tight",
                id="note-input",
                max_length=MAX_NOTE,
            )
            yield Label("enter saves · an empty note clears it · esc cancels", id="note-hint")
        yield Footer()  # the keys of this dialog, not of the screen under it

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
