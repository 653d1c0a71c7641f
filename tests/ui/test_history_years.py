"""Paging the history screen's heatmap, strength and breaks back through the years, on the
fake clock over the demo log plus a fortnight of mornings in March 2024."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from coach.core.adherence import BreakTally
from coach.services.config import Config
from coach.ui.dialogs.help import HelpScreen
from coach.ui.screens.history import HistoryScreen
from coach.ui.widgets.breaks_bar import BreaksBar, summary_text
from coach.ui.widgets.heatmap import Heatmap
from coach.ui.widgets.plain import Label
from coach.ui.widgets.strength_chart import StrengthChart
from tests.demo_log import session, write_demo_log

FIRST = date(2024, 3, 4)
"""The log's first session (a Monday): two pages back from 25 Nov 2026."""


@pytest.fixture
def old_log(store, clock):
    zone = clock.now().tzinfo
    write_demo_log(store, clock.now())
    for n in range(14):
        start = datetime.combine(FIRST + timedelta(days=n), time(7, 0), tzinfo=zone)
        session(store, "morning-mobility", "Morning mobility", ("morning", "gentle"), start)
    return store


async def open_history(pilot) -> HistoryScreen:
    await pilot.press("h")
    await pilot.pause()
    assert isinstance(pilot.app.screen, HistoryScreen)
    return pilot.app.screen


def label(screen: HistoryScreen) -> str:
    return str(screen.query_one("#period", Label).render())


def shown(screen: HistoryScreen) -> tuple[date, date]:
    grid = screen.query_one("#heatmap", Heatmap).grid
    assert grid is not None
    return grid.weeks[0].monday, grid.weeks[-1].days[-1].day


async def test_brackets_page_a_year_back_and_forward(make_app, old_log):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        assert label(screen) == "Dec 2025 – Nov 2026 · [ a year back"
        assert shown(screen) == (date(2025, 12, 1), date(2026, 11, 29))
        await pilot.press("left_square_bracket")
        assert label(screen) == "Dec 2024 – Nov 2025 · [ a year back · ] forward"
        assert shown(screen) == (date(2024, 12, 2), date(2025, 11, 30))
        breaks = screen.query_one("#breaks-bar", BreaksBar)
        assert breaks.weeks[0][0] == date(2024, 12, 2) and not breaks.current
        chart = screen.query_one("#strength-chart", StrengthChart)
        assert [monday for monday, _ in chart.weeks] == [
            date(2024, 12, 2) + timedelta(weeks=i) for i in range(52)
        ]
        await pilot.press("right_square_bracket")
        assert label(screen) == "Dec 2025 – Nov 2026 · [ a year back"
        assert breaks.current


async def test_paging_stops_at_the_first_session_and_at_this_week(make_app, old_log):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        await pilot.press("right_square_bracket")  # already this week: nothing further
        assert screen.back == 0
        await pilot.press(*["left_square_bracket"] * 5)
        assert screen.back == 2
        assert label(screen) == "Dec 2023 – Dec 2024 · ] forward"
        first, last = shown(screen)
        assert first <= FIRST <= last
        await pilot.press(*["right_square_bracket"] * 5)
        assert screen.back == 0


async def test_an_old_year_shows_its_strength_and_no_today_marker(make_app, old_log):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        heatmap = screen.query_one("#heatmap", Heatmap)
        assert "▲" in str(heatmap.render())
        await pilot.press("left_square_bracket", "left_square_bracket")
        await pilot.pause()
        assert "▲" not in str(heatmap.render())
        chart = screen.query_one("#strength-chart", StrengthChart)
        values = dict(chart.weeks)
        assert values[date(2024, 2, 26)] is None  # before the first session
        assert values[date(2024, 3, 11)] is not None and values[date(2024, 3, 11)] > 0.2
        # a fortnight then nothing: it fades week by week
        assert values[date(2024, 6, 3)] < values[date(2024, 3, 11)]  # type: ignore[operator]
        text = str(chart.render())
        assert text.startswith("Str ")
        assert text.endswith("strength ▁0–█100 %")
        bars = text[4 : 4 + 52]
        assert bars[:13] == " " * 13  # 4 Dec 2023 to 26 Feb 2024: not begun
        assert " " not in bars[13:]  # a bar every week after, however low


async def test_choosing_another_habit_keeps_the_year(make_app, old_log):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        await pilot.press("left_square_bracket", "3")
        assert screen.back == 1
        assert shown(screen) == (date(2024, 12, 2), date(2025, 11, 30))


async def test_an_empty_log_has_one_page(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        await pilot.press("left_square_bracket")
        assert screen.back == 0
        assert label(screen) == "Dec 2025 – Nov 2026"
        chart = screen.query_one("#strength-chart", StrengthChart)
        assert all(value is None for _, value in chart.weeks)


async def test_the_label_names_remapped_keys_and_help_lists_them(make_app, old_log):
    app = make_app(Config(keys={"history.year_back": "b", "history.year_forward": "f"}))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        await pilot.press("b")
        assert screen.back == 1
        assert label(screen) == "Dec 2024 – Nov 2025 · b a year back · f forward"
        await pilot.press("left_square_bracket")  # the old key no longer pages
        assert screen.back == 1
        await pilot.press("f")
        assert screen.back == 0
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = {row.binding_id: row.keys for row in app.screen.rows}
        assert rows["history.year_back"] == "b"
        assert rows["history.year_forward"] == "f"


async def test_help_shows_the_bracket_keys(make_app, old_log):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = {row.binding_id: row.keys for row in app.screen.rows}
        assert (rows["history.year_back"], rows["history.year_forward"]) == ("[", "]")


def test_an_older_years_breaks_line_leaves_out_this_week() -> None:
    weeks = [(date(2025, 11, 17), BreakTally(due=8, taken=6)), (date(2025, 11, 24), BreakTally())]
    assert summary_text(weeks, 0.75, current=False) == "2 weeks 75% (target 75%)"
    assert summary_text(weeks, 0.75).startswith("None due this week yet · ")
