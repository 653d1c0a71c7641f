"""Break adherence: taken / due per day and week, and the share of snoozed prompts."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from coach.core.adherence import (
    BreakTally,
    tallies_from_days,
    tally_breaks,
    total,
    weekly_tallies,
)
from coach.core.days import to_utc_text, utc_offset_minutes

BERLIN = ZoneInfo("Europe/Berlin")


def prompt(at: datetime, outcome: str | None, snoozes: int = 0) -> dict:
    return {
        "due_at": to_utc_text(at),
        "utc_offset_min": utc_offset_minutes(at),
        "outcome": outcome,
        "snoozes": snoozes,
    }


def test_taken_due_and_snoozed_per_day() -> None:
    day = date(2026, 11, 25)
    rows = [
        prompt(datetime(2026, 11, 25, 9, 30, tzinfo=BERLIN), "done"),
        prompt(datetime(2026, 11, 25, 10, 0, tzinfo=BERLIN), "self", snoozes=1),
        prompt(datetime(2026, 11, 25, 10, 30, tzinfo=BERLIN), "natural"),
        prompt(datetime(2026, 11, 25, 11, 0, tzinfo=BERLIN), "skipped", snoozes=3),
        prompt(datetime(2026, 11, 25, 11, 30, tzinfo=BERLIN), "missed"),
        prompt(datetime(2026, 11, 25, 12, 0, tzinfo=BERLIN), "away", snoozes=2),  # not due
        prompt(datetime(2026, 11, 25, 12, 30, tzinfo=BERLIN), None),  # pending: not yet due
    ]
    tallies = tally_breaks(rows)
    assert tallies == {day: BreakTally(taken=3, due=5, snoozed=2)}
    assert tallies[day].share == pytest.approx(0.6)
    assert tallies[day].snooze_share == pytest.approx(0.4)


def test_days_with_nothing_due_are_left_out() -> None:
    rows = [prompt(datetime(2026, 11, 28, 10, 0, tzinfo=BERLIN), "away")]
    assert tally_breaks(rows) == {}
    assert BreakTally().share is None
    assert BreakTally().snooze_share is None
    assert not BreakTally().meets(0.0)


def test_the_day_comes_from_the_stored_instant_and_the_day_start() -> None:
    late = prompt(datetime(2026, 11, 26, 1, 0, tzinfo=BERLIN), "done")  # 01:00 Thursday
    assert list(tally_breaks([late])) == [date(2026, 11, 26)]
    assert list(tally_breaks([late], time(4, 0))) == [date(2026, 11, 25)]


@pytest.mark.parametrize(
    ("taken", "due", "share", "meets"),
    [(3, 4, 0.75, True), (2, 4, 0.75, False), (7, 10, 0.7, True), (0, 1, 0.0, True)],
)
def test_meeting_the_target_share(taken: int, due: int, share: float, meets: bool) -> None:
    assert BreakTally(taken, due).meets(share) is meets


def test_credit_is_the_share_of_the_target_reached() -> None:
    assert BreakTally(3, 8).credit(0.75) == pytest.approx(0.5)
    assert BreakTally(8, 8).credit(0.75) == 1.0
    assert BreakTally(0, 0).credit(0.75) == 0.0


def test_weekly_tallies_are_calendar_weeks_oldest_first() -> None:
    days = {
        date(2026, 11, 13): BreakTally(10, 16, 2),  # Fri, two weeks back
        date(2026, 11, 16): BreakTally(12, 16, 1),  # Mon last week
        date(2026, 11, 20): BreakTally(16, 16, 0),  # Fri last week
        date(2026, 11, 25): BreakTally(3, 4, 1),  # today, Wed
        date(2026, 11, 26): BreakTally(9, 9, 9),  # tomorrow (impossible, but ignored)
    }
    weeks = weekly_tallies(days, date(2026, 11, 25), 3)
    assert weeks == [
        (date(2026, 11, 9), BreakTally(10, 16, 2)),
        (date(2026, 11, 16), BreakTally(28, 32, 1)),
        (date(2026, 11, 23), BreakTally(3, 4, 1)),
    ]
    assert weekly_tallies(days, date(2026, 11, 25), 1) == [
        (date(2026, 11, 23), BreakTally(3, 4, 1))
    ]
    assert total(days, date(2026, 11, 16), date(2026, 11, 25)) == BreakTally(31, 36, 2)


def test_tallies_from_days_the_log_summed() -> None:
    rows = [
        {"local_date": "2026-11-25", "taken": 3, "due": 4, "snoozed": 1},
        {"local_date": "2026-11-28", "taken": 0, "due": 0, "snoozed": 0},
    ]
    assert tallies_from_days(rows) == {date(2026, 11, 25): BreakTally(3, 4, 1)}
