"""Counting training weeks for deloads, and the nudge to rotate the warm-up.

Calendar weeks start on Monday and are counted by the local day a session counts for, so the
count runs straight through a new year and ISO week 53 (2026 has one: 28 Dec – 3 Jan).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from freezegun import freeze_time

from coach.core.days import local_day
from coach.core.deload import deload_status, rotation_hint, week_start
from coach.store import Store

BERLIN = ZoneInfo("Europe/Berlin")
WED = date(2026, 11, 25)
"""A Wednesday; its week starts on Monday 23 November."""


def sessions(*days: date | str, routine: str = "pre-lift-warmup") -> list[dict]:
    return [{"local_date": str(day), "routine_id": routine} for day in days]


def weekly(last: date, count: int, routine: str = "pre-lift-warmup") -> list[dict]:
    """One session a week for ``count`` weeks, the last one on ``last``."""
    return sessions(*(last - timedelta(weeks=i) for i in range(count)), routine=routine)


def status(rows, today=WED, deloads=(), every=6):
    return deload_status(rows, deloads, today=today, every_weeks=every)


@pytest.mark.parametrize(
    ("day", "monday"),
    [
        (date(2026, 11, 25), date(2026, 11, 23)),
        (date(2026, 11, 23), date(2026, 11, 23)),
        (date(2026, 11, 29), date(2026, 11, 23)),
        (date(2027, 1, 3), date(2026, 12, 28)),  # Sunday of ISO week 53 of 2026
        (date(2027, 1, 1), date(2026, 12, 28)),
        (date(2021, 1, 1), date(2020, 12, 28)),  # 2020 has a week 53 too
        (date(2025, 12, 31), date(2025, 12, 29)),  # ISO week 1 of 2026
    ],
)
def test_week_starts_on_monday(day, monday):
    assert week_start(day) == monday


def test_six_weeks_in_a_row_make_a_deload_due():
    result = status(weekly(date(2026, 11, 23), 6))
    assert (result.weeks, result.due, result.weeks_to_go) == (6, True, 0)


def test_five_weeks_are_not_yet_due():
    result = status(weekly(date(2026, 11, 24), 5))
    assert (result.weeks, result.due, result.weeks_to_go) == (5, False, 1)


def test_the_threshold_comes_from_settings():
    rows = weekly(date(2026, 11, 24), 6)
    assert not status(rows, every=8).due
    assert status(rows + weekly(date(2026, 10, 14), 2), every=8).due  # 8 in a row


def test_a_week_in_progress_without_a_session_yet_is_not_a_gap():
    result = status(weekly(date(2026, 11, 20), 6))  # last session on last week's Friday
    assert (result.weeks, result.due) == (6, True)


def test_several_sessions_in_a_week_count_once():
    rows = sessions("2026-11-23", "2026-11-24", "2026-11-25", "2026-11-17", "2026-11-19")
    assert status(rows).weeks == 2


def test_a_week_without_sessions_starts_the_count_again():
    rows = weekly(date(2026, 11, 23), 3) + weekly(date(2026, 10, 26), 5)  # 9 Nov week empty
    assert status(rows).weeks == 3


def test_no_session_last_week_or_this_week_means_no_streak():
    rows = weekly(date(2026, 11, 11), 6)
    assert (status(rows).weeks, status(rows).due) == (0, False)


def test_marking_a_deload_week_resets_the_count():
    rows = weekly(date(2026, 11, 23), 8)
    marked = status(rows, deloads=[date(2026, 11, 2)])
    assert (marked.weeks, marked.due, marked.last_deload) == (3, False, date(2026, 11, 2))


def test_sessions_in_a_deload_week_do_not_count():
    rows = weekly(date(2026, 11, 23), 4)
    assert status(rows, deloads=["2026-11-16"]).weeks == 1


def test_marked_this_week_is_not_due_even_after_training_in_it():
    rows = weekly(date(2026, 11, 23), 7)
    result = status(rows, deloads=[date(2026, 11, 25)])  # any day of the week marks it
    assert (result.weeks, result.marked_this_week, result.due) == (0, True, False)


def test_future_rows_are_ignored():
    rows = weekly(date(2026, 11, 23), 2) + sessions("2026-12-01")
    assert status(rows, deloads=["2026-11-30"]).weeks == 2


def test_the_count_runs_through_new_year_and_iso_week_53():
    # Thursdays 10 Dec 2026 … 7 Jan 2027: weeks 50, 51, 52, 53 (of 2026) and 1 (of 2027).
    rows = weekly(date(2027, 1, 7), 5)
    assert [date.fromisoformat(r["local_date"]).isocalendar().week for r in rows] == [
        1,
        53,
        52,
        51,
        50,
    ]
    result = status(rows, today=date(2027, 1, 8), every=5)
    assert (result.weeks, result.due) == (5, True)


def test_a_week_split_across_two_years_is_one_week():
    rows = sessions("2026-12-29", "2027-01-02", "2026-12-22")
    assert status(rows, today=date(2027, 1, 3)).weeks == 2


def test_a_gap_at_new_year_breaks_the_count():
    rows = sessions("2027-01-05", "2026-12-22", "2026-12-15")  # nothing in week 53
    assert status(rows, today=date(2027, 1, 6)).weeks == 1


# -- as logged: the store stamps "now", freezegun moves it ----------------------------------


def log_prelift(store: Store) -> None:
    now = datetime.now(BERLIN)
    store.start_session(
        routine_id="pre-lift-warmup",
        routine_name="Pre-lift warm-up",
        tags=("pre-lift",),
        planned_seconds=660,
        now=now,
    )


def test_logged_sessions_count_by_local_day_across_new_year(tmp_path: Path):
    store = Store.open(tmp_path / "coach.db", day_starts_at=time(4, 0))
    try:
        with freeze_time("2026-12-07 17:30:00") as frozen:  # Monday 18:30 in Berlin
            for _ in range(4):
                log_prelift(store)
                frozen.tick(timedelta(weeks=1))
            # Monday 4 Jan 2027, 01:30 in Berlin: before the day starts, so it counts for
            # Sunday 3 Jan, the last day of ISO week 53, which already has a session.
            frozen.move_to("2027-01-04 00:30:00")
            log_prelift(store)
            today = local_day(datetime.now(BERLIN), store.day_starts_at)
            assert today == date(2027, 1, 3)
            result = deload_status(
                store.prelift_sessions(), store.deload_weeks(), today=today, every_weeks=4
            )
            assert (result.weeks, result.due) == (4, True)

            frozen.move_to("2027-01-05 17:00:00")  # Tuesday of week 1
            today = local_day(datetime.now(BERLIN), store.day_starts_at)
            store.mark_deload(week_start(today), now=datetime.now(BERLIN))
            result = deload_status(
                store.prelift_sessions(), store.deload_weeks(), today=today, every_weeks=4
            )
            assert (result.weeks, result.marked_this_week, result.due) == (0, True, False)
    finally:
        store.close()


@freeze_time("2026-03-29 00:30:00")  # 01:30 in Berlin, half an hour before clocks go forward
def test_a_session_on_the_night_of_a_dst_change_stays_in_its_week(tmp_path: Path):
    store = Store.open(tmp_path / "coach.db")
    try:
        log_prelift(store)
        (row,) = store.prelift_sessions()
        assert row["local_date"] == "2026-03-29"  # a Sunday
        assert week_start(date.fromisoformat(row["local_date"])) == date(2026, 3, 23)
    finally:
        store.close()


# -- rotating the warm-up --------------------------------------------------------------------


def test_same_warm_up_for_three_weeks_suggests_the_least_recently_used_other():
    rows = (
        sessions("2026-10-01", routine="hinge-day")
        + sessions("2026-10-20", routine="squat-day")
        + weekly(date(2026, 11, 23), 3)
        + sessions("2026-11-18")
    )
    hint = rotation_hint(
        rows, ["pre-lift-warmup", "squat-day", "hinge-day", "press-day"], today=WED
    )
    assert hint is not None
    assert hint.routine_id == "pre-lift-warmup"
    assert hint.weeks == 3
    assert hint.alternatives == ("press-day", "hinge-day", "squat-day")


def test_no_rotation_hint_when_another_warm_up_was_used():
    rows = weekly(date(2026, 11, 23), 3) + sessions("2026-11-11", routine="hinge-day")
    assert rotation_hint(rows, ["pre-lift-warmup", "hinge-day"], today=WED) is None


def test_no_rotation_hint_before_three_weeks_or_across_a_gap():
    assert rotation_hint(weekly(date(2026, 11, 23), 2), ["pre-lift-warmup"], today=WED) is None
    rows = sessions("2026-11-23", "2026-11-16", "2026-11-02")
    assert rotation_hint(rows, ["pre-lift-warmup"], today=WED) is None


def test_rotation_hint_with_no_other_warm_up_has_no_alternatives():
    hint = rotation_hint(weekly(date(2026, 11, 20), 3), ["pre-lift-warmup"], today=WED)
    assert hint is not None and hint.alternatives == ()
