"""The break prompt: stand up now, with done / snooze / skip on single keys.

Shown over whatever screen is up when the gentle toast was ignored for a minute (never over a
routine that is playing). It dismisses with the answer; the app logs it. After done, a second
small dialog offers the break routine.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer

from coach.core.routine import Routine
from coach.core.vocabulary import BreakAnswer
from coach.text.formatting import minutes_text
from coach.ui.refused import Guarded
from coach.ui.widgets.plain import Label, Static


class BreakPromptScreen(Guarded, ModalScreen[str | None]):
    """Dismisses with ``"done"``, ``"snooze"`` or ``"skip"`` (None if closed from elsewhere)."""

    CSS_PATH = "break_prompt.tcss"

    BINDINGS = [
        Binding("d", "answer('done')", "Done", tooltip="I stood up", id="prompt.done"),
        Binding("z", "answer('snooze')", "Snooze", tooltip="put the break off", id="prompt.snooze"),
        Binding("x", "answer('skip')", "Skip", tooltip="skip this break", id="prompt.skip"),
    ]

    def __init__(
        self,
        *,
        sat_seconds: float,
        snoozes: int,
        max_snoozes: int,
        snooze_seconds: float,
    ) -> None:
        super().__init__()
        self.sat_seconds = sat_seconds
        self.snoozes = snoozes
        self.max_snoozes = max_snoozes
        self.snooze_seconds = snooze_seconds

    @property
    def can_snooze(self) -> bool:
        return self.snoozes < self.max_snoozes

    def compose(self) -> ComposeResult:
        with Vertical(id="break-dialog"):
            yield Label("Time to stand up", id="break-title")
            yield Static(
                f"You have been sitting for {minutes_text(self.sat_seconds)}. Get up and walk "
                "for two or three minutes: walking beats standing still.",
                id="break-detail",
            )
            if not self.can_snooze and self.max_snoozes:
                note = f"No snoozes left ({self.snoozes} of {self.max_snoozes}): done or skip."
            elif self.snoozes:
                note = f"Snoozed {self.snoozes} of {self.max_snoozes} times."
            else:
                note = ""
            snooze_note = Label(note, id="break-snoozes")
            snooze_note.display = bool(note)
            yield snooze_note
            with Horizontal(id="break-buttons"):
                yield Button("Done (d)", variant="success", id="done")
                if self.can_snooze:
                    yield Button(f"Snooze {minutes_text(self.snooze_seconds)} (z)", id="snooze")
                yield Button("Skip (x)", variant="default", id="skip")
        yield Footer()  # the keys of this dialog, not of the screen under it

    def on_mount(self) -> None:
        self.query_one("#done", Button).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "answer" and parameters == (BreakAnswer.SNOOZE,):
            return self.can_snooze
        return True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id)

    def action_answer(self, answer: str) -> None:
        self.dismiss(answer)


class BreakOfferScreen(Guarded, ModalScreen[bool]):
    """After done: play the break routine now?"""

    CSS_PATH = "break_prompt.tcss"

    BINDINGS = [
        Binding("y", "answer(True)", "Play", tooltip="play the routine", id="offer.play"),
        Binding("n,escape", "answer(False)", "Not now", id="offer.no"),
    ]

    def __init__(self, routine: Routine, *, get_ready_seconds: float) -> None:
        super().__init__()
        self.routine = routine
        self.get_ready_seconds = get_ready_seconds

    def compose(self) -> ComposeResult:
        length = minutes_text(self.routine.estimated_seconds(self.get_ready_seconds))
        with Vertical(id="offer-dialog"):
            yield Label("Logged. Nice work.", id="offer-title")
            yield Label(f"Play {self.routine.name} ({length}) now?", id="offer-question")
            if self.routine.description:
                yield Static(self.routine.description, id="offer-detail")
            with Horizontal(id="offer-buttons"):
                yield Button("Play (enter)", variant="success", id="play")
                yield Button("Not now (n)", id="no")
        yield Footer()  # the keys of this dialog, not of the screen under it

    def on_mount(self) -> None:
        self.query_one("#play", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "play")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
