"""Every screen, with hostile text in every field a person or a file can write: data, never markup.

For each string of ``tests/hostile.py`` a routine holds it as its name, description, a tag, a
step's name and its cues (built directly, as the loader's own checks are not what keeps the
screens safe: a log keeps old names, an import brings others); the break routine is that
routine; the log has a session of it with the string as its note and a step's name; a routine
file that failed to load is named after it; the settings file's path holds it. The walk goes
through home, the palette, help, history (steps, note, delete and undo), the check-in with its
adapt and red-flag screens, the player, the summary, the break prompt and the offer, and setup.
On each: no exception, the string is on the screen as given (less its controls), and no
control character or bidi override is in any cell that would be written to the terminal.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from textual.app import App
from textual.screen import Screen

from coach.core.routine import Routine, RoutineError, RoutineSet, Step
from coach.core.vocabulary import SessionStatus
from coach.services.config import WEEKDAYS, BreakSettings, Config
from coach.store import Store
from tests.hostile import HOSTILE, leaked, shown
from tests.ui.helpers import advance_breaks

SIZE = (120, 40)
LONG_PREFIX = 40
"""A word longer than the screen is cut or wrapped: its first characters must still be there."""


def screen_lines(app: App) -> list[str]:
    """The text of every cell of the screen as it would be written to the terminal."""
    strips = app.screen._compositor.render_strips()  # what the driver would be given
    return ["".join(segment.text for segment in strip) for strip in strips]


def squeezed(text: str) -> str:
    """Text with its spaces gone, so a line wrapped at a space still matches."""
    return re.sub(r"\s+", "", text)


CHECKED: set[str] = set()
"""The screen classes :func:`check_screen` has looked at, for the walk's coverage check."""


def check_screen(app: App, text: str, where: str, *, expect: bool = True) -> None:
    """No control character reaches the terminal; ``text`` is on the screen as written."""
    CHECKED.add(type(app.screen).__name__)
    lines = screen_lines(app)
    whole = "\n".join(lines)
    assert not leaked(whole), f"{where}: {leaked(whole)!r} reached the terminal"
    if expect:
        wanted = squeezed(shown(text))[:LONG_PREFIX]
        assert wanted in squeezed(whole), f"{where}: {wanted!r} not shown in\n{whole}"


def hostile_routine(text: str) -> Routine:
    return Routine(
        id="hostile",
        name=text,
        description=text,
        tags=("desk", text),
        checkin=True,
        steps=(
            Step(name=text, duration=20, cues=(text, f"second cue {text}")),
            Step(name=f"then {text}", duration=10),
        ),
    )


def quick_breaks(routine_id: str) -> Config:
    """Breaks every 15 s all day, offering the hostile routine."""
    return Config(
        breaks=BreakSettings(
            interval_minutes=0.25,
            work_hours="00:00-24:00",
            work_days=list(WEEKDAYS),
            routine=routine_id,
        )
    )


def a_session(store: Store, text: str, at) -> str:
    session_id = store.start_session(
        routine_id="hostile", routine_name=text, tags=("desk",), planned_seconds=30, now=at
    )
    store.record_step(
        session_id,
        position=0,
        step_number=1,
        exercise=text,
        side=None,
        set_number=1,
        kind="hold",
        planned_seconds=20,
        reps=None,
        active_seconds=20,
        outcome="done",
        started=at,
        ended=at + timedelta(seconds=20),
    )
    store.finish_session(
        session_id,
        status=SessionStatus.COMPLETED,
        now=at + timedelta(seconds=20),
        active_seconds=20,
    )
    store.set_note(session_id, text)
    return session_id


async def walk_to(pilot, screen_type: type[Screen], *keys: str) -> Screen:
    await pilot.press(*keys)
    await pilot.pause()
    assert isinstance(pilot.app.screen, screen_type), (keys, pilot.app.screen)
    return pilot.app.screen


async def toasts_shown(pilot) -> None:
    """Toasts are mounted a moment after ``notify``."""
    for _ in range(3):
        await pilot.pause()


@pytest.mark.slow
@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
async def test_every_screen_shows_hostile_text_as_data(
    text: str, make_app, routines: RoutineSet, store: Store, clock, tmp_path: Path, listener
):
    from coach.ui.dialogs.adapt import AdaptScreen
    from coach.ui.dialogs.break_prompt import BreakOfferScreen, BreakPromptScreen
    from coach.ui.dialogs.confirm import ConfirmScreen
    from coach.ui.dialogs.help import HelpScreen
    from coach.ui.dialogs.log_past import LogPastScreen
    from coach.ui.dialogs.mark_days import MarkDaysScreen
    from coach.ui.dialogs.note import NoteScreen
    from coach.ui.dialogs.red_flag import RedFlagScreen
    from coach.ui.dialogs.session_steps import SessionStepsScreen
    from coach.ui.screens.checkin import CheckinScreen
    from coach.ui.screens.history import HistoryScreen
    from coach.ui.screens.home import HomeScreen
    from coach.ui.screens.player import PlayerScreen
    from coach.ui.screens.setup import SetupScreen
    from coach.ui.screens.summary import SummaryScreen

    # a lone surrogate comes only from a file's name: a routine file and the log are UTF-8
    stored = text.replace("\udcff", "\ufffd")
    routines.routines = {"hostile": hostile_routine(stored)}
    folder = tmp_path / file_part(text)
    routines.errors.append(RoutineError(folder / "broken.toml", f"step 1 {stored}", stored))
    a_session(store, stored, clock.now() - timedelta(minutes=20))
    app = make_app(quick_breaks("hostile"), config_path=folder / "config.toml")

    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        check_screen(app, text, "home")  # the routine list, today's session and the error

        await pilot.press("ctrl+p")
        await pilot.pause()
        check_screen(app, text, "palette")
        await pilot.press("escape")

        await walk_to(pilot, HelpScreen, "question_mark")
        check_screen(app, text, "help", expect=False)
        await walk_to(pilot, HomeScreen, "escape")

        await walk_to(pilot, HistoryScreen, "h")
        check_screen(app, text, "history")
        await walk_to(pilot, SessionStepsScreen, "enter")
        check_screen(app, text, "session steps")
        await walk_to(pilot, HistoryScreen, "escape")
        await walk_to(pilot, MarkDaysScreen, "r")
        check_screen(app, text, "mark days", expect=False)  # its words are coach's own
        await walk_to(pilot, HistoryScreen, "escape")
        await walk_to(pilot, LogPastScreen, "l")  # the routines' names, from files
        check_screen(app, text, "log a past session")
        await walk_to(pilot, HistoryScreen, "escape")
        await walk_to(pilot, NoteScreen, "n")
        check_screen(app, text, "note")
        await walk_to(pilot, HistoryScreen, "escape")
        await walk_to(pilot, ConfirmScreen, "d")
        check_screen(app, text, "delete?")
        await walk_to(pilot, HistoryScreen, "y")
        await toasts_shown(pilot)
        check_screen(app, text, "deleted (toast)")
        app.clear_notifications()
        await pilot.press("u")
        await toasts_shown(pilot)
        check_screen(app, text, "restored (toast)")
        await walk_to(pilot, HomeScreen, "escape")

        await walk_to(pilot, CheckinScreen, "enter")
        check_screen(app, text, "check-in")
        await walk_to(pilot, AdaptScreen, "9", "n", "n", "n", "n", "enter")
        check_screen(app, text, "adapt")
        await walk_to(pilot, HomeScreen, "r")

        await walk_to(pilot, CheckinScreen, "enter")
        await walk_to(pilot, RedFlagScreen, "y", "enter")
        check_screen(app, text, "red flag")
        await walk_to(pilot, HomeScreen, "enter")

        await walk_to(pilot, CheckinScreen, "enter")
        await walk_to(pilot, PlayerScreen, "s")
        check_screen(app, text, "player, get ready")
        await advance_breaks(pilot, clock, 6)
        check_screen(app, text, "player, the step and its cues")
        assert not leaked(" ".join(listener.spoken))
        await walk_to(pilot, ConfirmScreen, "q")
        await walk_to(pilot, SummaryScreen, "y")
        check_screen(app, text, "summary")
        await walk_to(pilot, HomeScreen, "enter")

        await advance_breaks(pilot, clock, 80)
        assert isinstance(app.screen, BreakPromptScreen)
        check_screen(app, text, "break prompt")
        await walk_to(pilot, BreakOfferScreen, "d")
        check_screen(app, text, "break offer")
        await walk_to(pilot, HomeScreen, "n")

        app.open_setup()
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        # the path is fitted to its line by dropping whole folders from its middle: what is
        # shown of it is the fitted path, as data (a folder too long to fit is the one dropped)
        from coach.text.formatting import fitted_path
        from coach.ui.screens.setup import PATH_COLUMNS

        fitted = fitted_path(folder / "config.toml", PATH_COLUMNS)
        assert fitted.endswith("config.toml")
        check_screen(app, fitted, "setup (the settings file's path)")
    for written in listener.written:  # the terminal's notification escape: only its own controls
        assert not leaked(written.removeprefix("\x1b]9;").removesuffix("\x07"))
    from tests.faults.test_random_input import screen_classes

    unchecked = {cls.__name__ for cls in screen_classes()} - CHECKED - SHOWS_NO_USER_TEXT
    assert not unchecked, f"screens the walk never checked: {sorted(unchecked)}"


SHOWS_NO_USER_TEXT = {"MedicalNoticeScreen"}
"""Screens with nothing a person or a file wrote on them (the not-medical-advice notice is
coach's own words, shown before any routine); every other screen is walked above."""


def file_part(text: str) -> str:
    """``text`` as a folder's name can hold it."""
    return text.replace("/", "_").replace("\x00", "_")[:60]
