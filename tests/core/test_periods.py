"""Pages of 52 weeks back through the log, on explicit dates."""

from __future__ import annotations

from datetime import date

import pytest

from coach.core.periods import Period, clamp_back, furthest_back, period

TODAY = date(2026, 11, 25)  # a Wednesday


def test_this_weeks_page_ends_on_this_sunday_and_starts_51_mondays_before() -> None:
    assert period(TODAY) == Period(date(2025, 12, 1), date(2026, 11, 29), 0)
    assert period(TODAY).end(TODAY) == TODAY


def test_a_page_back_is_the_52_weeks_just_before() -> None:
    one = period(TODAY, 1)
    assert one == Period(date(2024, 12, 2), date(2025, 11, 30), 1)
    assert one.last.weekday() == 6 and one.first.weekday() == 0
    assert (one.last - one.first).days == 52 * 7 - 1
    assert one.end(TODAY) == one.last
    assert period(TODAY, 2).last == date(2024, 12, 1)


@pytest.mark.parametrize(
    ("first_day", "pages"),
    [
        (None, 0),
        (date(2026, 11, 25), 0),
        (date(2027, 1, 1), 0),  # a clock set wrong once: never past this week
        (date(2025, 12, 1), 0),  # this page's first Monday
        (date(2025, 11, 30), 1),  # the Sunday before it
        (date(2024, 12, 2), 1),
        (date(2024, 12, 1), 2),
        (date(1996, 3, 4), 30),
    ],
)
def test_the_furthest_page_holds_the_first_day(first_day: date | None, pages: int) -> None:
    assert furthest_back(TODAY, first_day) == pages
    if first_day is not None and first_day <= TODAY:
        shown = period(TODAY, pages)
        assert shown.first <= first_day <= shown.last


def test_paging_stops_at_both_ends() -> None:
    first = date(2024, 6, 3)
    assert clamp_back(-1, TODAY, first) == 0
    assert clamp_back(1, TODAY, first) == 1
    assert clamp_back(2, TODAY, first) == 2
    assert clamp_back(3, TODAY, first) == 2
    assert clamp_back(5, TODAY, None) == 0
