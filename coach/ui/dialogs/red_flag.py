"""A red flag: the routine does not start. Calm, plain, and clear about why and what next."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer

from coach.core.routine import Routine
from coach.core.safety import NOT_MEDICAL_ADVICE, SEE_SOMEONE, RedFlag
from coach.ui.widgets.plain import Label, Static


class RedFlagScreen(Screen[None]):
    BINDINGS = [
        Binding("enter,escape,q", "dismiss_screen", "Home", id="red_flag.home", priority=True),
    ]

    def __init__(self, routine: Routine, stopped_by: tuple[RedFlag, ...]) -> None:
        super().__init__()
        self.routine = routine
        self.stopped_by = stopped_by

    def compose(self) -> ComposeResult:
        with Vertical(id="red-flag"):
            yield Label(f"{self.routine.name} won't start today.", id="red-flag-title")
            yield Label("You answered yes to:", id="red-flag-lead")
            with Vertical(id="red-flag-reasons"):
                for flag in self.stopped_by:
                    yield Label(f"• {flag.question.rstrip('?')}", classes="reason", markup=False)
                    yield Static(flag.why, classes="reason-why", markup=False)
            yield Static(SEE_SOMEONE, id="red-flag-advice")
            yield Label(NOT_MEDICAL_ADVICE, id="red-flag-notice")
            yield Label("This check-in is saved in your log.", id="red-flag-logged")
            yield Label("Press enter to go home.", id="red-flag-hint")
        yield Footer()

    def action_dismiss_screen(self) -> None:
        self.dismiss(None)
