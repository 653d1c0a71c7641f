"""The one-paragraph "not medical advice" notice, shown once and then remembered.

Kept small and separate so a first-run setup can show the same paragraph as one of its pages
and mark it seen with :func:`mark_seen`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen

from coach.core.days import to_utc_text
from coach.core.safety import MEDICAL_NOTICE
from coach.core.vocabulary import StateKey
from coach.ui.refused import saved_or_said
from coach.ui.widgets.plain import Label, Static

if TYPE_CHECKING:
    from coach.ui.app import CoachApp


def seen(app: CoachApp) -> bool:
    return app.store.get_state(StateKey.MEDICAL_NOTICE_SEEN) is not None


def mark_seen(app: CoachApp) -> None:
    now = app.clock.now()
    with saved_or_said(app, "That you read the notice"):
        app.store.set_state(StateKey.MEDICAL_NOTICE_SEEN, to_utc_text(now), now=now)


def show_once(app: CoachApp, then: Callable[[], None]) -> None:
    """Show the notice unless it was seen before; ``then`` runs once it is out of the way."""
    if seen(app):
        then()
        return

    def acknowledged(_: None) -> None:
        mark_seen(app)
        then()

    app.push_screen(MedicalNoticeScreen(), acknowledged)


class MedicalNoticeScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("enter,escape,space", "acknowledge", "OK", id="notice.ok", priority=True),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="notice"):
            yield Label("Before you start", id="notice-title")
            yield Static(MEDICAL_NOTICE, id="notice-text", markup=False)
            yield Label("Press enter to continue. This is shown once.", id="notice-hint")

    def action_acknowledge(self) -> None:
        self.dismiss(None)
