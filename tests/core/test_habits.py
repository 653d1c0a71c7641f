"""Which day a session counts for, and what counts for each habit, from plain log rows.

"Today" comes from the wall clock frozen with freezegun, read in the user's zone and shifted by
the day-start hour, exactly as the app and ``coach history`` work it out.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from freezegun import freeze_time

from coach.core.adherence import BreakTally
from coach.core.days import MIDNIGHT, local_day, to_utc_text, utc_offset_minutes
from coach.core.habits import (
    HabitId,
    HabitRules,
    counts_as_done,
    habit_history,
    heatmap,
    session_tracks,
)
from coach.core.streaks import DayState, Streak, WeekState

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
SINGAPORE = ZoneInfo("Asia/Singapore")
SAN_FRANCISCO = ZoneInfo("America/Los_Angeles")
FOUR = time(4, 0)


def session(
    at: datetime,
    *,
    tags: str = "morning,gentle",
    status: str = "completed",
    done: int = 10,
    skipped: int = 0,
    deleted: bool = False,
) -> dict:
    """A session row as the store keeps it: UTC text plus the offset in force."""
    return {
        "started_at": to_utc_text(at),
        "utc_offset_min": utc_offset_minutes(at),
        "status": status,
        "tags": tags,
        "steps_done": done,
        "steps_skipped": skipped,
        "deleted_at": "2026-01-01T00:00:00.000Z" if deleted else None,
    }


def at_utc(text: str, zone: ZoneInfo) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC).astimezone(zone)


def history(rows, today: date, *, day_starts_at: time = MIDNIGHT, marks=(), breaks=None):
    rules = HabitRules(day_starts_at=day_starts_at)
    return habit_history(rows, marks, breaks or {}, rules, today)


def morning(rows, zone: ZoneInfo, day_starts_at: time = MIDNIGHT):
    """The morning habit as it stands now (the frozen wall clock) in ``zone``."""
    today = local_day(datetime.now(zone), day_starts_at)
    result = history(rows, today, day_starts_at=day_starts_at)
    return today, result.summaries[HabitId.MORNING], result.tracks[HabitId.MORNING]


def days_done(track) -> list[date]:
    return sorted(date.fromordinal(day) for day in track.done_days())


# -- the day boundary ----------------------------------------------------------------------


@freeze_time("2026-11-24 23:05:00")  # 00:05 on Wednesday the 25th in Berlin
def test_midnight_is_the_boundary_by_default() -> None:
    rows = [
        session(datetime(2026, 11, 24, 23, 59, tzinfo=BERLIN)),
        session(datetime(2026, 11, 25, 0, 1, tzinfo=BERLIN)),
    ]
    today, summary, track = morning(rows, BERLIN)
    assert today == date(2026, 11, 25)
    assert days_done(track) == [date(2026, 11, 24), date(2026, 11, 25)]
    assert summary.current == Streak(2, date(2026, 11, 24), date(2026, 11, 25))


@freeze_time("2026-11-25 02:00:00")  # 03:00 in Berlin: with a 04:00 start, still Tuesday
def test_the_day_start_hour_moves_the_boundary() -> None:
    rows = [
        session(datetime(2026, 11, 24, 7, 0, tzinfo=BERLIN)),
        session(datetime(2026, 11, 25, 0, 30, tzinfo=BERLIN)),  # counts for Tuesday
    ]
    today, summary, track = morning(rows, BERLIN, FOUR)
    assert today == date(2026, 11, 24)
    assert days_done(track) == [date(2026, 11, 24)]
    assert track.levels[date(2026, 11, 24).toordinal()] == 3  # twice that day
    assert summary.current.length == 1
    assert summary.today is DayState.MORE


def test_the_day_start_hour_in_force_when_read_decides() -> None:
    # Written when the day started at midnight; read with a 04:00 start it moves back a day.
    row = session(datetime(2026, 11, 25, 0, 30, tzinfo=BERLIN))
    tracks = session_tracks([row], {}, FOUR)
    assert days_done(tracks[HabitId.MORNING]) == [date(2026, 11, 24)]
    tracks = session_tracks([row], {}, MIDNIGHT)
    assert days_done(tracks[HabitId.MORNING]) == [date(2026, 11, 25)]


@freeze_time("2026-11-24 06:00:00")
def test_a_session_crossing_midnight_counts_for_the_day_it_started() -> None:
    # 23:50 Monday to 00:20 Tuesday: Monday's, and Tuesday is still open.
    rows = [session(datetime(2026, 11, 23, 23, 50, tzinfo=BERLIN))]
    today, summary, track = morning(rows, BERLIN)
    assert today == date(2026, 11, 24)
    assert days_done(track) == [date(2026, 11, 23)]
    assert summary.current.length == 1
    assert summary.today is DayState.PENDING
    assert summary.due_by == today


# -- daylight saving, in two zones ---------------------------------------------------------


def every_morning(zone: ZoneInfo, first: date, days: int, hour: int = 7) -> list[dict]:
    return [
        session(datetime.combine(first + timedelta(days=i), time(hour, 0), tzinfo=zone))
        for i in range(days)
    ]


@freeze_time("2026-03-31 10:00:00")
def test_berlin_spring_forward_is_one_day() -> None:
    rows = every_morning(BERLIN, date(2026, 3, 26), 6)  # Thu to Tue, over Sun 29 March
    rows.append(session(at_utc("2026-03-28 23:30", BERLIN)))  # 00:30 CET on the 29th
    today, summary, track = morning(rows, BERLIN, FOUR)
    assert today == date(2026, 3, 31)
    assert days_done(track) == [date(2026, 3, 26) + timedelta(days=i) for i in range(6)]
    assert track.levels[date(2026, 3, 28).toordinal()] == 3  # the 00:30 one is Saturday's
    assert summary.current.length == 6


@freeze_time("2026-10-27 10:00:00")
def test_berlin_fall_back_counts_the_repeated_hour_once() -> None:
    rows = every_morning(BERLIN, date(2026, 10, 23), 5)  # Fri to Tue, over Sun 25 October
    rows += [
        session(at_utc("2026-10-25 00:30", BERLIN)),  # 02:30 CEST
        session(at_utc("2026-10-25 01:30", BERLIN)),  # 02:30 CET, the same wall time again
    ]
    today, summary, track = morning(rows, BERLIN, FOUR)
    assert days_done(track) == [date(2026, 10, 23) + timedelta(days=i) for i in range(5)]
    assert track.levels[date(2026, 10, 24).toordinal()] == 3
    assert summary.current.length == 5


@freeze_time("2026-03-09 12:00:00")
def test_new_york_spring_forward() -> None:
    rows = every_morning(NEW_YORK, date(2026, 3, 6), 4)  # Fri to Mon, over Sun 8 March
    rows.append(session(at_utc("2026-03-08 07:30", NEW_YORK)))  # 03:30 EDT: still Saturday's
    today, summary, track = morning(rows, NEW_YORK, FOUR)
    assert today == date(2026, 3, 9)
    assert days_done(track) == [date(2026, 3, 6) + timedelta(days=i) for i in range(4)]
    assert track.levels[date(2026, 3, 7).toordinal()] == 3
    assert summary.current.length == 4


@freeze_time("2026-11-02 14:00:00")
def test_new_york_fall_back() -> None:
    rows = every_morning(NEW_YORK, date(2026, 10, 30), 4)
    rows.append(session(at_utc("2026-11-01 05:30", NEW_YORK)))  # 01:30 EDT
    rows.append(session(at_utc("2026-11-01 06:30", NEW_YORK)))  # 01:30 EST
    today, summary, track = morning(rows, NEW_YORK, FOUR)
    assert today == date(2026, 11, 2)
    assert days_done(track) == [date(2026, 10, 30) + timedelta(days=i) for i in range(4)]
    assert summary.current.length == 4


# -- a trip ----------------------------------------------------------------------------------


@freeze_time("2026-06-16 15:00:00")  # Tuesday 08:00 in San Francisco
def test_a_trip_from_singapore_to_san_francisco() -> None:
    rows = [
        session(datetime(2026, 6, 13, 7, 0, tzinfo=SINGAPORE)),  # Sat, UTC Fri 23:00
        session(datetime(2026, 6, 14, 7, 0, tzinfo=SINGAPORE)),  # Sun, UTC Sat 23:00
        # Fly out Sunday evening, land Sunday afternoon: Sunday happens twice.
        session(datetime(2026, 6, 14, 20, 0, tzinfo=SAN_FRANCISCO)),  # Sun again, UTC Mon 03:00
        session(datetime(2026, 6, 15, 7, 0, tzinfo=SAN_FRANCISCO)),  # Mon
        session(datetime(2026, 6, 16, 7, 30, tzinfo=SAN_FRANCISCO)),  # Tue
    ]
    today, summary, track = morning(rows, SAN_FRANCISCO, FOUR)
    assert today == date(2026, 6, 16)
    assert days_done(track) == [date(2026, 6, 13) + timedelta(days=i) for i in range(4)]
    assert track.levels[date(2026, 6, 14).toordinal()] == 3  # both Sundays: one day, done twice
    assert summary.current == Streak(4, date(2026, 6, 13), date(2026, 6, 16))
    # Read back in Singapore it is the same four days: the offset stored with each row decides.
    with freeze_time("2026-06-16 15:00:00"):
        assert morning(rows, SINGAPORE, FOUR)[2].levels == track.levels


# -- what counts -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "done", "skipped", "counts"),
    [
        ("completed", 10, 0, True),
        ("completed", 6, 5, True),
        ("completed", 5, 6, False),  # skipped through more than done: tried, not done
        ("completed", 0, 11, False),
        ("partial", 10, 0, False),
        ("running", 3, 0, False),
    ],
)
def test_what_counts_as_done(status: str, done: int, skipped: int, counts: bool) -> None:
    row = session(datetime(2026, 11, 25, 7, 0, tzinfo=BERLIN), status=status)
    row.update(steps_done=done, steps_skipped=skipped)
    assert counts_as_done(row) is counts


def test_skipping_through_never_extends_a_streak() -> None:
    today = date(2026, 11, 25)
    rows = every_morning(BERLIN, date(2026, 11, 21), 4)  # Sat to Tue
    rows.append(session(datetime(2026, 11, 25, 7, 0, tzinfo=BERLIN), done=0, skipped=11))
    result = history(rows, today)
    assert result.summaries[HabitId.MORNING].current.length == 4
    assert result.summaries[HabitId.MORNING].today is DayState.TRIED
    result = history(rows, today + timedelta(days=1))
    assert result.summaries[HabitId.MORNING].current.length == 0


def test_tags_decide_the_habit_and_deleted_sessions_are_ignored() -> None:
    today = date(2026, 11, 25)
    noon = datetime(2026, 11, 25, 12, 0, tzinfo=BERLIN)
    rows = [
        session(noon, tags="pre-lift"),
        session(noon - timedelta(days=1), tags="desk,gentle"),
        session(noon - timedelta(days=2), tags="morning", deleted=True),
    ]
    result = history(rows, today)
    assert result.summaries[HabitId.MORNING].best.length == 0
    assert result.summaries[HabitId.PRELIFT].week_done == 1
    assert result.summaries[HabitId.ANY].current.length == 2


def test_marked_days_reach_every_habit() -> None:
    today = date(2026, 11, 25)
    rows = every_morning(BERLIN, date(2026, 11, 20), 3) + [
        session(datetime(2026, 11, 25, 7, 0, tzinfo=BERLIN))
    ]
    marks = [
        {"local_date": "2026-11-23", "kind": "sick"},
        {"local_date": "2026-11-24", "kind": "sick"},
    ]
    result = history(rows, today, marks=marks)
    assert result.summaries[HabitId.MORNING].current == Streak(
        4, date(2026, 11, 20), date(2026, 11, 25)
    )
    assert result.summaries[HabitId.ANY].current.length == 4


# -- stand-up breaks -----------------------------------------------------------------------


def test_a_work_day_counts_when_enough_breaks_were_taken() -> None:
    today = date(2026, 11, 25)  # Wednesday
    breaks = {
        date(2026, 11, 20): BreakTally(taken=12, due=16),  # Fri: 75%, counts
        date(2026, 11, 23): BreakTally(taken=16, due=16),  # Mon: all
        date(2026, 11, 24): BreakTally(taken=11, due=16),  # Tue: 69%, doesn't
        date(2026, 11, 25): BreakTally(taken=2, due=3),  # today so far
    }
    result = history([], today, breaks=breaks)
    summary = result.summaries[HabitId.BREAKS]
    assert summary.current.length == 0
    assert summary.best == Streak(2, date(2026, 11, 20), date(2026, 11, 23))
    assert summary.today is DayState.TRIED
    track = result.tracks[HabitId.BREAKS]
    assert track.levels[date(2026, 11, 23).toordinal()] == 3
    assert track.credit[date(2026, 11, 24).toordinal()] == pytest.approx(11 / 16 / 0.75)
    assert summary.rates[7] == pytest.approx(2 / 3)


def test_the_weekend_neither_breaks_nor_extends_the_break_habit() -> None:
    breaks = {
        date(2026, 11, 20): BreakTally(taken=14, due=16),
        date(2026, 11, 23): BreakTally(taken=15, due=16),
    }
    result = history([], date(2026, 11, 23), breaks=breaks)
    assert result.summaries[HabitId.BREAKS].current.length == 2
    cells = result.heatmap(HabitId.BREAKS, weeks=2).weeks
    assert [c.state for c in cells[0].days[4:]] == [DayState.DONE, DayState.OFF, DayState.OFF]


# -- the heatmap ---------------------------------------------------------------------------


def test_heatmap_weeks_run_monday_to_sunday_and_end_this_week() -> None:
    today = date(2026, 11, 25)
    rows = every_morning(BERLIN, date(2026, 11, 16), 9)
    rows[3]["status"] = "partial"
    marks = [{"local_date": "2026-11-21", "kind": "travel"}]
    result = history(rows, today, marks=marks)
    grid = result.heatmap(HabitId.MORNING, weeks=52)
    assert len(grid.weeks) == 52
    assert grid.weeks[-1].monday == date(2026, 11, 23)
    assert grid.weeks[0].monday == date(2026, 11, 23) - timedelta(weeks=51)
    last_two = [cell for week in grid.weeks[-2:] for cell in week.days]
    assert [cell.state for cell in last_two] == [
        DayState.DONE,
        DayState.DONE,
        DayState.DONE,
        DayState.TRIED,
        DayState.DONE,
        DayState.DONE,  # done on the travel day: done wins
        DayState.DONE,
        DayState.DONE,
        DayState.DONE,
        DayState.PENDING,  # today, not done yet
        DayState.FUTURE,
        DayState.FUTURE,
        DayState.FUTURE,
        DayState.FUTURE,
    ]
    assert grid.weeks[0].days[0].state is DayState.OFF


def test_heatmap_shows_marked_days_and_weekly_states() -> None:
    today = date(2026, 11, 25)
    rows = [
        session(datetime(2026, 11, d, 18, 0, tzinfo=BERLIN), tags="pre-lift")
        for d in (16, 18, 20, 23)
    ]
    marks = [{"local_date": "2026-11-19", "kind": "injury"}]
    result = history(rows, today, marks=marks)
    grid = heatmap(
        result.rules.habit(HabitId.PRELIFT), result.tracks[HabitId.PRELIFT], today, weeks=3
    )
    assert [week.state for week in grid.weeks] == [
        WeekState.OFF,
        WeekState.MET,
        WeekState.PENDING,
    ]
    thursday = grid.weeks[1].days[3]
    assert (thursday.state, thursday.mark) == (DayState.REST, "injury")
