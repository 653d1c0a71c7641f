"""What coach does on its own passes the refusal seam: no handler, timer or signal can forget it.

Keys, clicks and dialog answers were guarded where they pass (``run_action``, ``push_screen``);
a screen's first read, a timer's tick, a signal's callback and ``coach run``'s routine start were
not, and a damaged log met there ended the app with a traceback. :class:`coach.ui.refused.Guarded`
is mixed into the app and every screen; these tests check that every screen class has it and that
a damaged log met by each kind of handler is said in one line while coach goes on.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from textual.screen import Screen

import coach.ui
from coach.store import StoreError
from coach.ui.app import CoachApp
from coach.ui.refused import FAILED_TITLE, Guarded
from coach.ui.screens.history import HistoryScreen
from coach.ui.screens.home import HomeScreen
from coach.ui.screens.player import PlayerScreen

DAMAGED = StoreError(Path("/logs/coach.db"), "is damaged (SQLite quick_check: page 7)")


def coach_screens() -> list[type[Screen]]:
    found: list[type[Screen]] = []
    for module in pkgutil.walk_packages(coach.ui.__path__, "coach.ui."):
        for _, value in inspect.getmembers(importlib.import_module(module.name), inspect.isclass):
            if issubclass(value, Screen) and value.__module__.startswith("coach."):
                found.append(value)
    return sorted(set(found), key=lambda cls: cls.__qualname__)


def test_every_screen_and_dialog_and_the_app_pass_the_seam():
    screens = coach_screens()
    assert len(screens) >= 15, screens  # the walk found them, so the check below means something
    assert [cls.__qualname__ for cls in screens if not issubclass(cls, Guarded)] == []
    assert issubclass(CoachApp, Guarded)


def failures(app: CoachApp) -> list[str]:
    return [n.message for n in app._notifications if n.title == FAILED_TITLE]


def damaged(*_: object, **__: object) -> object:
    raise DAMAGED


async def test_a_damaged_log_met_by_a_screen_s_own_read_is_said_and_coach_goes_on(
    make_app, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr("coach.ui.screens.home.load_today", damaged)  # home's first read
    app = make_app()
    async with app.run_test(notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert failures(app) == [str(DAMAGED)]
        await pilot.press("h")  # and coach still answers keys
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("escape")  # back on home: the read fails again, said again
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert failures(app) == [str(DAMAGED)] * 2
    assert app.return_code in (0, None)


async def test_a_damaged_log_met_by_a_timer_is_said_and_coach_goes_on(
    make_app, routines, monkeypatch: pytest.MonkeyPatch
):
    app = make_app(start_with=routines.get("desk-break"))
    async with app.run_test(notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        monkeypatch.setattr(PlayerScreen, "handle", damaged)
        await pilot.pause(0.5)  # the player's interval (0.2 s of real time) ticks into the damage
        assert isinstance(app.screen, PlayerScreen)
        assert str(DAMAGED) in failures(app)
        assert app.is_running


async def test_a_damaged_log_met_by_a_signal_s_callback_is_said_and_coach_goes_on(
    make_app, monkeypatch: pytest.MonkeyPatch
):
    app = make_app()
    async with app.run_test(notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        monkeypatch.setattr(HomeScreen, "refresh_breaks", damaged)
        app.signals.breaks.publish(True)  # Textual would log the error and say nothing
        await pilot.pause()
        assert failures(app) == [str(DAMAGED)]
        assert app.is_running
