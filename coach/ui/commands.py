"""coach's commands in the command palette (ctrl+p), each with one line of help.

A routine starts the way a row chosen on home starts it (a ``StartRoutine`` message to the app);
every other command runs the app's action through ``run_action``, as its key would, so a write
the log refuses is said the same way. Commands for features that live in other parts of the app
(history, breaks, rest days) are offered only when the app has the action that does the work
(``action_open_history`` and so on), so the palette never lists a command that can't run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from coach.core.routine import Routine
from coach.text.formatting import minutes_text
from coach.text.safe import one_line as safe_line
from coach.ui.messages import StartRoutine
from coach.ui.widgets.plain import literal_markup, plain

if TYPE_CHECKING:
    from coach.ui.app import CoachApp


@dataclass(frozen=True)
class PaletteCommand:
    """One palette entry. ``title`` and ``help`` may hold a routine's name and description:
    they are cleaned here and shown as plain text (Textual would read a string as markup)."""

    title: str
    help: str
    run: Callable[[], object]

    def __post_init__(self) -> None:
        object.__setattr__(self, "title", safe_line(self.title))
        object.__setattr__(self, "help", safe_line(self.help))

    @property
    def help_markup(self) -> str:
        """The help line as the palette wants it (a markup string), escaped to read literally."""
        return literal_markup(self.help)


HELP_WIDTH = 72

FEATURE_ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("Open history", "streaks, the heatmap and every session", "open_history"),
    ("Take a break now", "start the desk-break routine and log a break taken", "break_now"),
    ("Snooze the break", "put off the stand-up break that is due", "snooze_break"),
    (
        "Count my time away as a break",
        'yes to "Away from the desk?": log the time away from the keys as a break',
        "credit_away",
    ),
    ("Mark today as rest", "a rest day neither breaks nor lengthens a streak", "mark_rest_day"),
)
"""(title, help, action): offered when the app has ``action_<action>``."""


def one_line(text: str, width: int = HELP_WIDTH) -> str:
    """``text`` cut at a word to fit one line of the palette at 80 columns."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    return text[: width - 1].rsplit(" ", 1)[0].rstrip(" ,.;:·") + "…"


def _action(app: CoachApp, action: str) -> Callable[[], object]:
    """Run ``action`` as a key bound to it would: through the app's ``run_action``."""
    return partial(app.call_later, app.run_action, action)


def _start(app: CoachApp, routine: Routine) -> None:
    app.post_message(StartRoutine(routine))


def palette_commands(app: CoachApp) -> Iterator[PaletteCommand]:
    """Everything the palette can do right now, in the order it is listed."""
    if not app.routine_running:
        get_ready = app.config.player.get_ready_seconds
        for routine in app.routines.sorted():
            length = minutes_text(routine.estimated_seconds(get_ready))
            about = routine.description or " ".join(routine.tags)
            yield PaletteCommand(
                f"Start {routine.name}",
                one_line(f"{length} · {about}" if about else length),
                partial(_start, app, routine),
            )
    for title, help_text, action in FEATURE_ACTIONS:
        if callable(getattr(app, f"action_{action}", None)):
            yield PaletteCommand(title, help_text, _action(app, action))
    yield PaletteCommand(
        "Switch theme",
        "pick a colour theme; the choice is saved in the settings file",
        _action(app, "change_theme"),
    )
    yield PaletteCommand(
        "Show settings file",
        "where the settings file is (the path is also copied to the clipboard)",
        _action(app, "show_config_path"),
    )
    yield PaletteCommand(
        "Setup", "work hours, break interval, lifting, sound: ask again", _action(app, "setup")
    )
    yield PaletteCommand(
        "Keys and help", "every key of this screen and its id", _action(app, "help")
    )


class CoachCommands(Provider):
    @property
    def coach(self) -> CoachApp:
        return cast("CoachApp", self.app)

    async def discover(self) -> Hits:
        for command in palette_commands(self.coach):
            yield DiscoveryHit(
                plain(command.title), command.run, text=command.title, help=command.help_markup
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in palette_commands(self.coach):
            if (score := matcher.match(command.title)) > 0:
                yield Hit(
                    score,
                    highlight(matcher, command.title),
                    command.run,
                    text=command.title,
                    help=command.help_markup,
                )


def highlight(matcher: Matcher, title: str) -> Content:
    """``Matcher.highlight`` without reading ``title`` as markup (it calls ``from_markup``)."""
    content = plain(title)
    _, offsets = matcher.fuzzy_search.match(matcher.query, title)
    for offset in offsets:
        if not title[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
