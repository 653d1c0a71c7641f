"""Pain that persisted in the log: home says so in a line, the next check-in once, neither
blocks anything, and the next day neither says it again."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import Static

from coach.core.safety import Answers
from coach.ui.screens.checkin import CheckinScreen
from coach.ui.screens.home import HomeScreen
from coach.ui.screens.player import PlayerScreen
from tests.conftest import START

DAY = 24 * 3600


def high_fortnight(store, days: int = 9) -> None:
    for days_ago in range(days):
        store.record_checkin(
            kind="before",
            answers=Answers(7),
            outcome="lighter",
            routine_id="pre-lift-warmup",
            now=START - timedelta(days=days_ago, hours=1),
        )


def notice(screen, selector: str) -> str | None:
    widget = screen.query_one(selector, Static)
    return str(widget.render()) if widget.display else None


async def home_notice(app) -> str | None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        return notice(app.screen, "#pain-notice")


async def test_home_says_it_for_a_log_that_calls_for_it(make_app, store):
    high_fortnight(store)
    line = await home_notice(make_app())
    assert line is not None
    assert "pain at or above 6 on 9 of the last 14 days" in line
    assert "doctor or physiotherapist" in line


async def test_home_says_nothing_for_a_log_that_does_not(make_app, store):
    high_fortnight(store, days=7)  # exactly half of the 14 days
    assert await home_notice(make_app()) is None


async def test_home_says_nothing_the_next_day(make_app, store, clock):
    high_fortnight(store)
    assert await home_notice(make_app()) is not None
    clock.advance(DAY)
    assert await home_notice(make_app()) is None


async def test_the_check_in_says_it_once_and_still_lets_the_routine_start(
    make_app, store, routines, clock
):
    high_fortnight(store)
    app = make_app(start_with=routines.get("pre-lift-warmup"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CheckinScreen)
        line = notice(screen, "#checkin-pain-notice")
        assert line is not None and "doctor or physiotherapist" in line
        await pilot.press("2", "n", "n", "n", "n", "enter")
        assert isinstance(app.screen, PlayerScreen)
    clock.advance(DAY)
    app = make_app(start_with=routines.get("pre-lift-warmup"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)
        assert notice(app.screen, "#checkin-pain-notice") is None
