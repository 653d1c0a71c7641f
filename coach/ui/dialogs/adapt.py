"""Pain at or above the threshold: go lighter, do something gentler, or rest. The user chooses.

"Go lighter" says what changes (coach.core.dose's description) before it is chosen, and plays
the lighter routine; "something gentler" lists every routine tagged ``gentle`` with its length.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, OptionList
from textual.widgets.option_list import Option

from coach.core.dose import LighterPlan
from coach.core.routine import Routine
from coach.core.safety import PAIN_MAX, Outcome
from coach.text.formatting import minutes_text
from coach.ui.refused import Guarded
from coach.ui.widgets.plain import Label, plain

LIGHTER = "lighter"
REST = "rest"


@dataclass(frozen=True)
class Choice:
    outcome: Outcome
    routine: Routine | None = None
    """What to play instead (the lighter routine when going lighter); ``None`` when resting."""


class AdaptScreen(Guarded, Screen[Choice]):
    BINDINGS = [
        Binding("l", "choose_lighter", "Go lighter", id="adapt.lighter"),
        Binding("r,escape", "choose_rest", "Rest today", id="adapt.rest"),
    ]

    def __init__(
        self,
        routine: Routine,
        pain: int,
        gentler: list[Routine],
        *,
        lighter: LighterPlan,
        threshold: int,
        get_ready_seconds: float,
    ) -> None:
        super().__init__()
        self.routine = routine
        self.lighter = lighter
        """The routine at the lighter dose, and what changes."""
        self.pain = pain
        self.gentler = {r.id: r for r in gentler}
        self.threshold = threshold
        self.get_ready_seconds = get_ready_seconds

    def compose(self) -> ComposeResult:
        with Vertical(id="adapt"):
            yield Label(
                f"Back pain {self.pain}/{PAIN_MAX} today (your threshold is {self.threshold}).",
                id="adapt-title",
            )
            yield Label("Don't train through pain. Choose what to do instead:", id="adapt-intro")
            options = [
                Option(
                    plain(
                        f"Go lighter: {self.routine.name}, easy effort, stop if it hurts\n"
                        f"{self.lighter.description}"
                    ),
                    LIGHTER,
                )
            ]
            for routine in self.gentler.values():
                options.append(
                    Option(
                        plain(f"Something gentler: {routine.name} ({self._length(routine)})"),
                        routine.id,
                    )
                )
            options.append(Option("Rest today: nothing starts, the check-in is logged", REST))
            yield OptionList(*options, id="adapt-choices", markup=False)
            yield Label("↑↓ and enter to choose · l lighter · r rest", id="adapt-hint")
        yield Footer()

    def _length(self, routine: Routine) -> str:
        return minutes_text(routine.estimated_seconds(self.get_ready_seconds))

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        key = event.option.id
        if key == LIGHTER:
            self.action_choose_lighter()
        elif key == REST:
            self.action_choose_rest()
        elif key in self.gentler:
            self.dismiss(Choice(Outcome.GENTLER, self.gentler[key]))

    def action_choose_lighter(self) -> None:
        self.dismiss(Choice(Outcome.LIGHTER, self.lighter.routine))

    def action_choose_rest(self) -> None:
        self.dismiss(Choice(Outcome.REST_TODAY))
