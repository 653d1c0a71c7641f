"""Log a session done away from coach, from history: which routine, and when it started.

The time is read by :func:`coach.core.when.parse_when` (``yesterday 07:30``, ``mon 18:00``,
``2h ago``); a time it can't read, or one still to come, is said on the dialog's own line and
nothing is logged until it reads. The routine's length is taken as how long it took.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, OptionList
from textual.widgets.option_list import Option

from coach.core.routine import Routine
from coach.core.when import WhenError, parse_when
from coach.text.formatting import minutes_text
from coach.ui.refused import Guarded
from coach.ui.widgets.plain import Label, plain


@dataclass(frozen=True)
class PastSession:
    routine: Routine
    started: datetime
    seconds: float


class LogPastScreen(Guarded, ModalScreen[PastSession | None]):
    CSS_PATH = "../screens/history.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", tooltip="log nothing", id="log_past.cancel"),
    ]

    def __init__(self, routines: list[Routine], now: Callable[[], datetime]) -> None:
        super().__init__()
        self.routines = routines
        self.now = now

    def compose(self) -> ComposeResult:
        with Vertical(id="log-dialog"):
            yield Label("Log a session you did away from coach", id="log-title")
            yield OptionList(
                *(
                    Option(plain(f"{r.name} ({minutes_text(r.estimated_seconds())})"), r.id)
                    for r in self.routines
                ),
                id="log-routine",
            )
            yield Input(placeholder="when: yesterday 07:30, mon 18:00, 2h ago", id="log-when")
            yield Label(
                "↑↓ the routine · type when it started · enter logs it",
                id="log-hint",
            )
        yield Footer()

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            options.highlighted = 0
        self.query_one(Input).focus()

    def on_key(self, event: events.Key) -> None:
        """Up and down move through the routines while the time is typed."""
        options = self.query_one(OptionList)
        if event.key == "up":
            options.action_cursor_up()
        elif event.key == "down":
            options.action_cursor_down()
        else:
            return
        event.stop()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return
        routine = self.routines[options.highlighted]
        try:
            started = parse_when(event.value or "now", self.now())
        except WhenError as exc:
            hint = self.query_one("#log-hint", Label)
            hint.update(str(exc))
            hint.add_class("-warn")
            return
        self.dismiss(PastSession(routine, started, routine.estimated_seconds()))

    def action_cancel(self) -> None:
        self.dismiss(None)
