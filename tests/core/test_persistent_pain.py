"""The persistent-pain rule over dated scores and rest days: every edge of both halves."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from freezegun import freeze_time

from coach.core.persistent_pain import (
    HIGH_MOST_DAYS,
    HIGH_WINDOW_DAYS,
    TREND_MIN_SCORED,
    TREND_WINDOW_DAYS,
    persistent_pain,
    resting_days,
)

TODAY = date(2027, 3, 21)


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def high_days(count: int, pain: int = 7, start: int = 0) -> dict[date, int]:
    """``count`` scored days ending ``start`` days ago, every other day low."""
    return {ago(start + i): pain for i in range(count)}


def rule(scores, rest=(), threshold: int = 6) -> str | None:
    return persistent_pain(scores, rest, today=TODAY, threshold=threshold)


def test_the_numbers_are_most_of_two_weeks_and_three_weeks():
    assert (HIGH_WINDOW_DAYS, HIGH_MOST_DAYS, TREND_WINDOW_DAYS) == (14, 8, 21)


def test_more_than_half_of_the_last_14_days_at_the_threshold_holds():
    assert rule(high_days(8, pain=6)) == "pain at or above 6 on 8 of the last 14 days"
    assert rule(high_days(9)) == "pain at or above 6 on 9 of the last 14 days"


def test_exactly_half_is_not_most():
    assert rule(high_days(7)) is None


def test_below_the_threshold_does_not_count_and_the_threshold_is_the_settings():
    assert rule(high_days(10, pain=5)) is None
    assert rule(high_days(10, pain=5), threshold=5) == (
        "pain at or above 5 on 10 of the last 14 days"
    )


def test_days_without_a_check_in_are_not_high():
    scores = {ago(i): 8 for i in range(0, 14, 2)}  # 7 of 14, the rest unscored
    assert rule(scores) is None


def test_old_high_days_outside_the_14_fall_away():
    scores = high_days(7) | {ago(14): 9, ago(20): 9}
    assert rule(scores) is None
    assert rule(high_days(7) | {ago(13): 9}) is not None


def test_future_days_do_not_count():
    scores = high_days(7) | {TODAY + timedelta(days=1): 9}
    assert rule(scores) is None


def flat(first: int, last: int, per_week: int = 3) -> dict[date, int]:
    """``per_week`` scores in the first week of the 21 days and in the last one."""
    scores = {ago(20 - i): first for i in range(per_week)}
    scores |= {ago(i): last for i in range(per_week)}
    return scores


TWO_REST = (ago(10), ago(12))


def test_flat_pain_over_three_weeks_with_two_rest_days_holds():
    assert rule(flat(4, 4), TWO_REST) == ("no improvement over 3 weeks that included 2 rest days")


def test_worse_pain_holds_and_improving_pain_does_not():
    assert rule(flat(3, 5), TWO_REST) is not None
    assert rule(flat(5, 4), TWO_REST) is None


def test_one_rest_day_is_not_enough():
    assert rule(flat(4, 4), (ago(10),)) is None
    assert rule(flat(4, 4), (ago(10), ago(10))) is None  # the same day twice is one


def test_rest_days_outside_the_21_do_not_count():
    assert rule(flat(4, 4), (ago(3), ago(21))) is None
    assert rule(flat(4, 4), (ago(3), ago(20), ago(30))) is not None


def test_too_few_check_ins_at_either_end_is_no_trend():
    short = TREND_MIN_SCORED - 1
    assert rule(flat(4, 4, per_week=short), TWO_REST) is None
    first_only = {ago(20 - i): 4 for i in range(3)} | {ago(0): 4, ago(1): 4}
    assert rule(first_only, TWO_REST) is None


def test_the_middle_week_does_not_count_for_the_trend():
    scores = flat(4, 4) | {ago(10): 0, ago(9): 0, ago(8): 0}
    assert rule(scores, TWO_REST) is not None


def test_flat_and_barely_there_is_no_pain_that_fails_to_improve():
    assert rule(flat(0, 0), TWO_REST) is None
    assert rule(flat(1, 1), TWO_REST) is None
    assert rule(flat(2, 2), TWO_REST) is not None


def test_high_pain_is_said_before_the_trend():
    scores = {ago(i): 7 for i in range(21)}
    assert rule(scores, TWO_REST) == "pain at or above 6 on 14 of the last 14 days"


def test_no_scores_at_all_is_nothing():
    assert rule({}, TWO_REST) is None


def test_rest_days_are_the_days_marked_rest():
    marks = [
        {"local_date": "2027-03-10", "kind": "rest"},
        {"local_date": "2027-03-11", "kind": "travel"},
        {"local_date": "2027-03-12", "kind": "rest"},
    ]
    assert resting_days(marks) == [date(2027, 3, 10), date(2027, 3, 12)]


@freeze_time("2027-03-21 08:00:00")
@pytest.mark.parametrize("days", [8, 14])
def test_today_from_a_frozen_clock(days):
    today = date.today()
    scores = {today - timedelta(days=i): 6 for i in range(days)}
    assert persistent_pain(scores, [], today=today, threshold=6) == (
        f"pain at or above 6 on {days} of the last 14 days"
    )
