"""A small yes/no question that dismisses with the answer."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer

from coach.ui.keymap import bound_key
from coach.ui.refused import Guarded
from coach.ui.widgets.plain import Label


class ConfirmScreen(Guarded, ModalScreen[bool]):
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", tooltip="yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", tooltip="no, go back", id="confirm.no"),
    ]

    def __init__(self, question: str, detail: str = "", *, yes: str = "Yes", no: str = "No"):
        super().__init__()
        self.question = question
        self.detail = detail
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.question, id="question")
            if self.detail:
                yield Label(self.detail, id="detail")
            with Horizontal(id="buttons"):
                yield Button(self.yes, variant="error", id="yes")
                yield Button(self.no, variant="primary", id="no")
        yield Footer()  # the keys of this dialog, not of the screen under it

    def on_mount(self) -> None:
        yes_key = bound_key(self, "confirm.yes")
        no_key = bound_key(self, "confirm.no")
        self.query_one("#yes", Button).label = f"{self.yes} ({yes_key})"
        self.query_one("#no", Button).label = f"{self.no} ({no_key})"
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
