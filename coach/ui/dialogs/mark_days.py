"""Mark a day or a range as rest, sick, injury or travel (or clear marks): a small dialog."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, RadioSet

from coach.core.vocabulary import RestKind
from coach.ui.refused import Guarded
from coach.ui.widgets.plain import Label
from coach.ui.widgets.tickbox import RadioChoice

MAX_DAYS = 366
WORDS = {"today": 0, "yesterday": -1, "tomorrow": 1}


@dataclass(frozen=True)
class DayMarkRequest:
    kind: str | None
    """A :class:`RestKind`; None clears the marks in the range."""
    start: date
    end: date


def parse_day(text: str, today: date) -> date:
    """``2026-11-25``, ``today``, ``yesterday`` or ``tomorrow``; ValueError says what's wanted."""
    cleaned = text.strip().lower()
    if cleaned in WORDS:
        return today + timedelta(days=WORDS[cleaned])
    try:
        return date.fromisoformat(cleaned)
    except ValueError:
        raise ValueError(
            f'expected a date like {today.isoformat()} (or today, yesterday), got "{text}"'
        ) from None


def read_range(start_text: str, end_text: str, today: date) -> tuple[date, date]:
    """The range the two fields give, or a ValueError naming the field and the fix."""
    try:
        start = parse_day(start_text, today)
    except ValueError as exc:
        raise ValueError(f"From: {exc}") from None
    try:
        end = parse_day(end_text or start_text, today)
    except ValueError as exc:
        raise ValueError(f"To: {exc}") from None
    if end < start:
        raise ValueError(f"To ({end.isoformat()}) is before From ({start.isoformat()}); swap them")
    days = (end - start).days + 1
    if days > MAX_DAYS:
        raise ValueError(f"That is {days} days; mark at most {MAX_DAYS} at a time")
    return start, end


class MarkDaysScreen(Guarded, ModalScreen[DayMarkRequest | None]):
    CSS_PATH = "../screens/history.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", tooltip="mark nothing", id="mark_days.cancel")
    ]

    def __init__(self, today: date) -> None:
        super().__init__()
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(id="mark-dialog"):
            yield Label("Mark days", id="mark-title")
            yield Label("A marked day neither breaks nor extends a streak.", id="mark-explain")
            with RadioSet(id="mark-kind"):
                for i, kind in enumerate(RestKind):
                    yield RadioChoice(kind.capitalize(), value=i == 0, name=kind.value)
                yield RadioChoice("Clear the marks", name="clear")
            with Horizontal(id="mark-range"):
                yield Label("From", classes="mark-label")
                yield Input(self.today.isoformat(), id="mark-from", max_length=10)
                yield Label("to", classes="mark-label")
                yield Input(self.today.isoformat(), id="mark-to", max_length=10)
            yield Label("", id="mark-error")
            with Horizontal(id="mark-buttons"):
                yield Button("Mark (enter)", variant="primary", id="mark")
                yield Button("Cancel (esc)", id="cancel")
        yield Footer()  # the keys of this dialog, not of the screen under it

    def on_mount(self) -> None:
        self.query_one("#mark-kind", RadioSet).focus()

    def request(self) -> DayMarkRequest | None:
        """The dialog's answer, or None after showing what is wrong."""
        error = self.query_one("#mark-error", Label)
        try:
            start, end = read_range(
                self.query_one("#mark-from", Input).value,
                self.query_one("#mark-to", Input).value,
                self.today,
            )
        except ValueError as exc:
            error.update(str(exc))
            return None
        pressed = self.query_one("#mark-kind", RadioSet).pressed_button
        kind = pressed.name if pressed is not None else RestKind.REST
        return DayMarkRequest(None if kind == "clear" else kind, start, end)

    def submit(self) -> None:
        request = self.request()
        if request is not None:
            self.dismiss(request)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "mark":
            self.submit()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
