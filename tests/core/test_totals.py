"""Totals: minutes per month, counted sessions per routine, weekdays skipped, on explicit days."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from coach.core.totals import totals
from coach.core.vocabulary import SessionStatus

FOUR = time(4, 0)


def row(
    started_at: str,
    routine: str = "morning",
    *,
    status: str = SessionStatus.COMPLETED,
    done: int = 5,
    skipped: int = 0,
    seconds: float = 600.0,
    name: str | None = "Morning",
    **extra: Any,
) -> dict[str, Any]:
    return {
        "started_at": started_at,
        "utc_offset_min": 60,
        "status": status,
        "tags": None,
        "steps_done": done,
        "steps_skipped": skipped,
        "routine_id": routine,
        "routine_name": name,
        "active_seconds": seconds,
        **extra,
    }


def test_an_empty_log_has_no_totals() -> None:
    result = totals([], {}, FOUR, date(2026, 11, 25))
    assert result.months == () and result.routines == ()
    assert result.since is None and result.weekdays == ()


def test_minutes_per_month_by_the_day_a_session_counts_for() -> None:
    rows = [
        row("2026-10-31T23:30:00.000Z", seconds=300),  # 00:30 local on 1 Nov, before 04:00
        row("2026-11-02T06:00:00.000Z", seconds=600, status=SessionStatus.PARTIAL, done=1),
        row("2026-11-03T06:00:00.000Z", seconds=900),
        row("2026-11-04T06:00:00.000Z", seconds=900, deleted_at="2026-11-05T00:00:00Z"),
    ]
    result = totals(rows, {}, FOUR, date(2026, 11, 25))
    assert result.months == ((date(2026, 10, 1), 5.0), (date(2026, 11, 1), 25.0))


def test_only_the_last_twelve_months_with_minutes() -> None:
    rows = [row(f"{2025 + m // 12}-{m % 12 + 1:02d}-10T06:00:00.000Z") for m in range(0, 24, 2)]
    rows += [row("2024-01-10T06:00:00.000Z")]
    result = totals(rows, {}, FOUR, date(2026, 12, 1))
    assert len(result.months) == 12
    assert result.months[0] == (date(2025, 1, 1), 10.0)
    assert result.months[-1][0] == date(2026, 11, 1)


def test_sessions_per_routine_count_only_sessions_that_count() -> None:
    rows = [
        row("2026-11-02T06:00:00.000Z"),
        row("2026-11-03T06:00:00.000Z", name="Morning flow"),
        row("2026-11-04T06:00:00.000Z", status=SessionStatus.PARTIAL),
        row("2026-11-05T06:00:00.000Z", done=1, skipped=4),  # skipped through to the end
        row("2026-11-05T16:00:00.000Z", "desk", name=None),
    ]
    result = totals(rows, {}, FOUR, date(2026, 11, 25))
    assert [(c.routine_id, c.name, c.sessions) for c in result.routines] == [
        ("morning", "Morning flow", 2),
        ("desk", "desk", 1),
    ]


def test_weekdays_skipped_since_the_first_counted_session() -> None:
    # Monday 2 Nov 2026 to Wednesday 25 Nov (today, with nothing yet): 23 days before today.
    rows = [
        row(f"2026-11-{day:02d}T06:00:00.000Z")
        for day in range(2, 25)
        if date(2026, 11, day).weekday() not in (5, 6)  # never at weekends
    ]
    rows.append(row("2026-11-01T06:00:00.000Z", status=SessionStatus.PARTIAL))  # not counted
    marks = {date(2026, 11, 8).toordinal(): "sick"}  # a Sunday, marked: not a skip
    result = totals(rows, marks, FOUR, date(2026, 11, 25))
    assert result.since == date(2026, 11, 2)
    table = {w.weekday: (w.skipped, w.days) for w in result.weekdays}
    assert table[0] == (0, 4)  # four Mondays, all done
    assert table[2] == (0, 3)  # today, a Wednesday not yet over, left out
    assert table[5] == (3, 3)
    assert table[6] == (2, 2)  # three Sundays, one marked sick


def test_today_counts_once_it_is_done_and_the_future_is_left_out() -> None:
    rows = [row("2026-11-24T06:00:00.000Z"), row("2026-11-25T06:00:00.000Z")]
    rows.append(row("2026-11-27T06:00:00.000Z", "later"))
    result = totals(rows, {}, FOUR, date(2026, 11, 25))
    assert [(w.weekday, w.skipped, w.days) for w in result.weekdays if w.days] == [
        (1, 0, 1),
        (2, 0, 1),
    ]
    assert [c.routine_id for c in result.routines] == ["morning"]
