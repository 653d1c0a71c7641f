"""Strength over time: each day's value is what the summary said with that day as today."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from coach.core.habit_day import HabitId
from coach.core.habits import HabitRules, habit_history
from coach.core.streaks import Track, strength_series, summarize_daily, summarize_weekly
from tests.core.test_streaks import track

TODAY = date(2026, 11, 25)  # a Wednesday

PATTERNS = [
    "D",
    "DDDDDDD",
    "DD.DDrrD..DMDT.DD",
    "DDDDDDDDDDDDDDDDDDDD..........DDDDDsssDDDD.",
    "   DD.D",
    "D.D.D.D.D.D.D.D.D.D.DD.D..D.D.D.DDD",
]


def days_of(pattern: str) -> list[date]:
    return [TODAY - timedelta(days=n) for n in range(len(pattern) + 3)]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_daily_values_are_the_summary_of_that_day(pattern: str) -> None:
    t = track(pattern)
    days = days_of(pattern)
    series = strength_series(t, days, TODAY)
    for day, value in zip(days, series, strict=True):
        if t.start is None or day.toordinal() < t.start:
            assert value is None
        else:
            assert value == pytest.approx(summarize_daily(t, day).strength)


@pytest.mark.parametrize("pattern", PATTERNS)
def test_counted_only_days_and_partial_credit_match_too(pattern: str) -> None:
    t = track(pattern.replace(".", "-", 2), counted_only=True)
    t = Track(t.levels, t.marks, t.counted, {d: 0.5 for d in t.counted or ()}, t.start)
    days = days_of(pattern)
    for day, value in zip(days, strength_series(t, days, TODAY), strict=True):
        if value is not None:
            assert value == pytest.approx(summarize_daily(t, day).strength)


@pytest.mark.parametrize("pattern", PATTERNS)
def test_weekly_values_are_the_weekly_summary_of_that_day(pattern: str) -> None:
    t = track(pattern)
    days = days_of(pattern)
    for day, value in zip(days, strength_series(t, days, TODAY, per_week=3), strict=True):
        if value is not None:
            assert value == pytest.approx(summarize_weekly(t, day, 3).strength)


def test_days_after_today_read_as_today_and_an_empty_track_has_none() -> None:
    t = track("DDD.D")
    later = TODAY + timedelta(days=4)
    assert strength_series(t, [later], TODAY) == strength_series(t, [TODAY], TODAY)
    assert strength_series(Track(), [TODAY, later], TODAY) == [None, None]


def morning_at(day: date) -> dict:
    return {
        "started_at": f"{day.isoformat()}T07:00:00.000Z",
        "utc_offset_min": 0,
        "status": "completed",
        "tags": "morning",
        "steps_done": 3,
        "steps_skipped": 0,
    }


def test_a_year_of_weeks_ends_with_the_tiles_strength() -> None:
    # every morning from 1 Sep 2025 to today, except all of March 2026
    first = date(2025, 9, 1)
    rows = [
        morning_at(first + timedelta(days=n))
        for n in range((TODAY - first).days + 1)
        if (first + timedelta(days=n)).month != 3 or (first + timedelta(days=n)).year != 2026
    ]
    history = habit_history(rows, [], {}, HabitRules(), TODAY)
    weeks = history.weekly_strength(HabitId.MORNING)
    assert len(weeks) == 52
    assert weeks[0][0] == date(2025, 12, 1) and weeks[-1][0] == date(2026, 11, 23)
    assert weeks[-1][1] == pytest.approx(history.summaries[HabitId.MORNING].strength)
    by_monday = dict(weeks)
    # March's misses pull it down; April's mornings bring it back
    assert by_monday[date(2026, 3, 30)] < by_monday[date(2026, 2, 23)] / 2  # type: ignore[operator]
    assert by_monday[date(2026, 6, 29)] > 0.9  # type: ignore[operator]
    # a year back: begins before the first session, ends at its last Sunday
    back = history.weekly_strength(HabitId.MORNING, end=date(2025, 11, 30))
    assert back[0][0] == date(2024, 12, 2) and back[-1][0] == date(2025, 11, 24)
    assert back[0][1] is None
    assert back[-1][1] == pytest.approx(
        summarize_daily(history.tracks[HabitId.MORNING], date(2025, 11, 30)).strength
    )
    assert history.first_day == first
    assert habit_history([], [], {}, HabitRules(), TODAY).first_day is None


def test_older_pages_of_heatmap_and_breaks_end_on_their_last_sunday() -> None:
    history = habit_history([morning_at(date(2024, 5, 6))], [], {}, HabitRules(), TODAY)
    grid = history.heatmap(HabitId.MORNING, 52, end=date(2025, 11, 30))
    assert grid.weeks[0].monday == date(2024, 12, 2)
    assert grid.weeks[-1].days[-1].day == date(2025, 11, 30)
    assert grid.today == TODAY
    breaks = history.weekly_breaks(52, end=date(2025, 11, 30))
    assert breaks[0][0] == date(2024, 12, 2) and breaks[-1][0] == date(2025, 11, 24)
