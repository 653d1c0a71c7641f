"""The one-paragraph "not medical advice" notice, shown once and then remembered.

Kept small and separate so a first-run setup can show the same paragraph as one of its pages;
the app decides when it is shown and records that it was read.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer

from coach.core.safety import MEDICAL_NOTICE
from coach.ui.refused import Guarded
from coach.ui.widgets.plain import Label, Static


class MedicalNoticeScreen(Guarded, ModalScreen[None]):
    BINDINGS = [
        Binding("enter,escape,space", "acknowledge", "OK", id="notice.ok", priority=True),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="notice"):
            yield Label("Before you start", id="notice-title")
            yield Static(MEDICAL_NOTICE, id="notice-text", markup=False)
            yield Label("Press enter to continue. This is shown once.", id="notice-hint")
        yield Footer()  # the keys of this dialog, not of the screen under it

    def action_acknowledge(self) -> None:
        self.dismiss(None)
