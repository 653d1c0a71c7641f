"""First run: five questions on one screen and the safety notice, written to the settings file.

Shown when there is no settings file yet, and again by ``coach setup``. Skipping writes the
file too (with the values shown), so the questions are asked once. The answers are validated by
the same rules as the settings file, so the form can't write a file that doesn't load.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input

from coach.core.safety import MEDICAL_NOTICE
from coach.services.config import WEEKDAYS, Config, ConfigError, parse_config
from coach.text.formatting import fitted_path
from coach.ui.refused import Guarded
from coach.ui.widgets.plain import Label, Static
from coach.ui.widgets.tickbox import TickBox

FIELD_NAMES = {
    "[breaks] work_hours": "Work hours",
    "[breaks] work_days": "Work days",
    "[breaks] interval_minutes": "Break every",
}


@dataclass(frozen=True)
class SetupAnswers:
    """What the first-run questions set; everything else in the settings file is kept."""

    work_hours: str
    work_days: tuple[str, ...]
    interval_minutes: float
    lifts: bool
    sound: bool

    @classmethod
    def of(cls, config: Config) -> SetupAnswers:
        return cls(
            work_hours=config.breaks.work_hours,
            work_days=tuple(config.breaks.work_days),
            interval_minutes=config.breaks.interval_minutes,
            lifts=config.ui.lifts,
            sound=config.player.sound,
        )

    def apply(self, config: Config) -> Config:
        return dataclasses.replace(
            config,
            breaks=dataclasses.replace(
                config.breaks,
                work_hours=self.work_hours,
                work_days=list(self.work_days),
                interval_minutes=self.interval_minutes,
            ),
            ui=dataclasses.replace(config.ui, lifts=self.lifts),
            player=dataclasses.replace(config.player, sound=self.sound),
        )


def _minutes_text(minutes: float) -> str:
    return str(int(minutes)) if float(minutes).is_integer() else str(minutes)


PATH_COLUMNS = 56
"""The settings file's path in the intro: fitted, so it is never folded mid-name at 80×24."""


class SetupScreen(Guarded, Screen[SetupAnswers]):
    BINDINGS = [
        Binding(
            "ctrl+s",
            "save",
            "Save",
            priority=True,
            tooltip="save these answers to the settings file",
            id="setup.save",
        ),
        Binding(
            "escape",
            "skip",
            "Skip",
            tooltip="skip the questions: the settings stay as they were (coach's defaults on a "
            "first run); what you typed here is not saved",
            id="setup.skip",
        ),
    ]

    def __init__(self, config: Config, path: Path | None) -> None:
        super().__init__()
        self.initial = config
        self.path = path

    def compose(self) -> ComposeResult:
        config = self.initial
        where = (
            f"in {fitted_path(self.path, PATH_COLUMNS)}" if self.path else "in the settings file"
        )
        with Vertical(id="setup"):
            first_time = self.path is None or not self.path.exists()
            yield Label("Welcome to coach" if first_time else "coach setup", id="setup-title")
            yield Static(
                f"A few answers to set it up, saved {where}. "
                "Change them there any time, or run coach setup.",
                id="setup-intro",
            )
            yield from self.questions(config)
            yield Label("", id="setup-error")
            with Horizontal(id="setup-buttons"):
                yield Button("Save", variant="primary", compact=True, id="save")
                yield Button(
                    "Use defaults" if first_time else "Keep as they were", compact=True, id="skip"
                )
        yield Footer()

    def questions(self, config: Config) -> ComposeResult:
        """The questions and the notice: they scroll on a short screen, while the error and the
        buttons below them stay in sight (ctrl+s with a typo must never look dead)."""
        with VerticalScroll(id="setup-form"):
            with Horizontal(classes="setup-row"):
                yield Label("Work hours", classes="setup-label")
                yield Input(
                    config.breaks.work_hours,
                    placeholder="09:00-18:00",
                    restrict=r"[0-9:\- ]*",
                    max_length=13,
                    compact=True,
                    id="work-hours",
                )
                yield Label("breaks come only then", classes="setup-help")
            with Horizontal(classes="setup-row", id="work-days"):
                yield Label("Work days", classes="setup-label")
                for day in WEEKDAYS:
                    yield TickBox(
                        day.title(),
                        value=day in config.breaks.work_days,
                        compact=True,
                        id=f"day-{day}",
                    )
            with Horizontal(classes="setup-row"):
                yield Label("Break every", classes="setup-label")
                yield Input(
                    _minutes_text(config.breaks.interval_minutes),
                    type="number",
                    max_length=6,
                    compact=True,
                    id="interval",
                )
                yield Label("minutes of sitting", classes="setup-help")
            with Horizontal(classes="setup-row"):
                yield Label("Do you lift?", classes="setup-label")
                yield TickBox(
                    "show the pre-lift warm-up and deload reminders",
                    value=config.ui.lifts,
                    compact=True,
                    id="lifts",
                )
            with Horizontal(classes="setup-row"):
                yield Label("Sound", classes="setup-label")
                yield TickBox(
                    "ring the terminal bell at 3-2-1 and at each change",
                    value=config.player.sound,
                    compact=True,
                    id="sound",
                )
            yield Static(MEDICAL_NOTICE, id="setup-notice")

    def on_mount(self) -> None:
        self.query_one("#setup-error").display = False
        self.query_one("#work-hours", Input).focus()

    def answers(self) -> SetupAnswers:
        """The form as settings; raises ConfigError (naming the field) when one is invalid."""
        where = self.path or Path("config.toml")
        interval_text = self.query_one("#interval", Input).value.strip()
        if not interval_text:  # parse_config would take a missing value for the default
            raise ConfigError(where, "[breaks] interval_minutes", "enter a number of minutes")
        try:
            interval: float | str = float(interval_text)
        except ValueError:
            interval = interval_text
        data = {
            "breaks": {
                "work_hours": self.query_one("#work-hours", Input).value.strip(),
                "work_days": [
                    day for day in WEEKDAYS if self.query_one(f"#day-{day}", TickBox).value
                ],
                "interval_minutes": interval,
            },
            "ui": {"lifts": self.query_one("#lifts", TickBox).value},
            "player": {"sound": self.query_one("#sound", TickBox).value},
        }
        return SetupAnswers.of(parse_config(data, where))

    def action_save(self) -> None:
        try:
            answers = self.answers()
        except ConfigError as exc:
            error = self.query_one("#setup-error", Label)
            error.update(f"{FIELD_NAMES.get(exc.key or '', exc.key)}: {exc.message}")
            error.display = True
            return
        self.dismiss(answers)

    def action_skip(self) -> None:
        self.dismiss(SetupAnswers.of(self.initial))

    @on(Button.Pressed, "#save")
    def _save_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#skip")
    def _skip_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_skip()

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()
