"""Streaks and strength, hand-computed on small day patterns, and their properties.

A pattern is one character per day, the last one today: ``D`` done, ``M`` done twice, ``T``
tried (a partial session), ``.`` nothing, ``r``/``s``/``i``/``t`` marked rest/sick/injury/travel,
``-`` a day that doesn't count (no breaks due), `` `` before the habit began.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.core.streaks import (
    DayState,
    Streak,
    Track,
    WeekState,
    day_state,
    multiplier,
    summarize_daily,
    summarize_weekly,
    week_needs,
    week_states,
)

TODAY = date(2026, 11, 25)  # a Wednesday
MARKS = {"r": "rest", "s": "sick", "i": "injury", "t": "travel"}
M_DAILY = 0.5 ** (1 / 13)


def track(pattern: str, today: date = TODAY, *, counted_only: bool = False) -> Track:
    """A track from a pattern ending today."""
    levels: dict[int, int] = {}
    marks: dict[int, str] = {}
    counted: set[int] = set()
    first = today.toordinal() - len(pattern) + 1
    for offset, char in enumerate(pattern):
        day = first + offset
        if char in "DMT":
            levels[day] = {"T": 1, "D": 2, "M": 3}[char]
        elif char in MARKS:
            marks[day] = MARKS[char]
        if char not in "- " and not (char in MARKS and counted_only):
            counted.add(day)
    return Track(
        levels=levels,
        marks=marks,
        counted=frozenset(counted) if counted_only else None,
        start=min(levels) if levels else None,
    )


def d(days_ago: int) -> date:
    return TODAY - timedelta(days=days_ago)


# -- daily streaks -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "current", "best"),
    [
        ("D", 1, 1),
        ("DDD", 3, 3),
        ("DD.", 2, 2),  # today not done yet: the streak that ended yesterday is still current
        ("DD..", 0, 2),  # yesterday was missed: it's over
        ("DDD.DD", 2, 3),
        ("DDrD", 3, 3),  # a rest day neither breaks nor lengthens
        ("DsiD", 2, 2),
        ("DDtttttD", 3, 3),  # a week of travel
        ("D.rrD", 1, 1),  # rest days don't bridge a miss
        ("rrrD", 1, 1),  # ... and can't start a streak
        ("Dr", 1, 1),  # rest today: still current
        ("Drr.", 1, 1),
        ("DDTD", 1, 2),  # a partial session is not done: it breaks the streak
        ("MMD", 3, 3),  # twice a day is still one day
        ("...", 0, 0),
    ],
)
def test_daily_streaks(pattern: str, current: int, best: int) -> None:
    summary = summarize_daily(track(pattern), TODAY)
    assert (summary.current.length, summary.best.length) == (current, best)


def test_streak_dates_are_its_first_and_last_done_days() -> None:
    summary = summarize_daily(track("DD.DDrD.r"), TODAY)
    # days: 8 7 6 5 4 3 2 1 0 ago; today is marked rest, yesterday missed... no: yesterday is '.'
    assert summary.current == Streak(0)
    summary = summarize_daily(track("DD.DDrDr"), TODAY)
    assert summary.current == Streak(3, d(4), d(1))
    assert summary.best == Streak(3, d(4), d(1))


def test_best_streak_keeps_its_dates_and_prefers_the_latest_tie() -> None:
    summary = summarize_daily(track("DDD.DDDD..DDDD."), TODAY)
    assert summary.best == Streak(4, d(4), d(1))
    assert summary.current == Streak(4, d(4), d(1))
    summary = summarize_daily(track("DDDDD.DD.."), TODAY)
    assert summary.best == Streak(5, d(9), d(5))
    assert summary.current == Streak(0)


@pytest.mark.parametrize(
    ("pattern", "due_by", "days_left"),
    [
        ("DD.", TODAY, 0),  # do it today or it breaks when today ends
        ("DDD", d(-1), 1),  # done today: safe until tomorrow ends
        ("DDDr", d(-1), 1),
        ("..", None, None),
    ],
)
def test_days_until_the_streak_breaks(pattern, due_by, days_left) -> None:
    summary = summarize_daily(track(pattern), TODAY)
    assert (summary.due_by, summary.days_left) == (due_by, days_left)


def test_rest_marked_ahead_moves_the_deadline() -> None:
    base = track("DDD")
    ahead = base.with_mark(TODAY.toordinal() + 1, "travel").with_mark(TODAY.toordinal() + 2)
    summary = summarize_daily(ahead, TODAY)
    assert summary.due_by == d(-3)
    assert summary.days_left == 3


def test_completion_rates_leave_out_today_until_it_is_done_and_marked_days() -> None:
    summary = summarize_daily(track("D" * 83 + "DDD.DD."), TODAY)
    assert summary.rates[7] == pytest.approx(5 / 6)
    assert summary.rates[30] == pytest.approx(28 / 29)
    assert summary.rates[90] == pytest.approx(88 / 89)
    summary = summarize_daily(track("DrD.DDD"), TODAY)
    assert summary.rates[7] == pytest.approx(5 / 6)
    # Days before the habit began are not missed.
    summary = summarize_daily(track("DD"), TODAY)
    assert summary.rates == {7: 1.0, 30: 1.0, 90: 1.0}


def test_missed_days_are_not_rest_days() -> None:
    summary = summarize_daily(track("D.r.sDD"), TODAY)
    assert summary.missed == (d(5), d(3))


def test_a_habit_never_begun() -> None:
    summary = summarize_daily(Track(), TODAY)
    assert summary.current == summary.best == Streak()
    assert summary.strength == 0.0
    assert summary.rates == {7: None, 30: None, 90: None}
    assert summary.today is DayState.OFF


# -- strength ------------------------------------------------------------------------------


def test_multiplier_is_a_13_day_half_life_for_daily_habits() -> None:
    assert multiplier(1.0) ** 13 == pytest.approx(0.5)
    assert multiplier(3 / 7) == pytest.approx(0.5 ** (math.sqrt(3 / 7) / 13))


@pytest.mark.parametrize(
    ("pattern", "strength"),
    [
        # Loop Habit Tracker's own figures for a daily habit done on the last n days: 1 - m^n.
        ("D" * 20, 0.655747),
        ("D" * 19 + ".", 0.636894),  # today pending: the same as yesterday's score
        ("D" * 8, 0.347244),
        ("D", 0.051922),
        # rest on three of the twenty days (Loop's skips) freezes those days: 1 - m^17
        ("DDDDDDDDrrDDDDrDDDDD", 0.596033),
    ],
)
def test_strength_matches_loop(pattern: str, strength: float) -> None:
    assert summarize_daily(track(pattern), TODAY).strength == pytest.approx(strength, abs=1e-6)


def test_one_lapse_after_sixty_good_days_is_not_failure() -> None:
    good = summarize_daily(track("D" * 60 + "D"), TODAY).strength
    lapse = summarize_daily(track("D" * 60 + "."), d(-1)).strength  # yesterday missed, today open
    assert good == pytest.approx(1 - M_DAILY**61)
    assert lapse == pytest.approx((1 - M_DAILY**60) * M_DAILY)
    assert lapse > 0.9


def test_partial_credit_counts_towards_strength_but_not_the_streak() -> None:
    # Done three days ago and the day before yesterday; yesterday half the target; today open.
    t = track("DD..")
    half = Track(t.levels, {}, None, {TODAY.toordinal() - 1: 0.5}, t.start)
    expected = ((1 - M_DAILY) * M_DAILY + (1 - M_DAILY)) * M_DAILY + 0.5 * (1 - M_DAILY)
    summary = summarize_daily(half, TODAY)
    assert summary.strength == pytest.approx(expected)
    assert summary.current.length == 0


# -- habits that count only some days (stand-up breaks on work days) ------------------------


def test_days_without_breaks_due_neither_break_nor_extend() -> None:
    summary = summarize_daily(track("DDDDD--DD", counted_only=True), TODAY)
    assert summary.current.length == 7
    summary = summarize_daily(track("DD.DD--DD", counted_only=True), TODAY)
    assert summary.current.length == 4


def test_today_without_breaks_due_yet_is_open() -> None:
    summary = summarize_daily(track("DDD-", counted_only=True), TODAY)
    assert summary.current.length == 3
    assert summary.today is DayState.OFF


# -- weekly habits -------------------------------------------------------------------------

MONDAY = date(2026, 11, 23)
SUNDAY = date(2026, 11, 29)


def weekly(pattern: str, today: date) -> Track:
    return track(pattern, today)


def test_week_needs_is_proportional_and_rounds_up() -> None:
    assert [week_needs(3, n) for n in range(8)] == [0, 1, 1, 2, 2, 3, 3, 3]


def test_a_weekly_habit_never_begun_still_shows_this_weeks_target() -> None:
    summary = summarize_weekly(Track(), MONDAY + timedelta(days=2), 3)
    assert (summary.week_done, summary.week_needed) == (0, 3)


def test_a_weekly_target_met_on_mon_wed_fri() -> None:
    # Mon Tue Wed Thu Fri Sat Sun, twice; the second week today is Friday.
    two_weeks = weekly("D.D.D..D.D.D", MONDAY + timedelta(days=11))
    states = week_states(two_weeks, MONDAY + timedelta(days=11), 3)
    assert [state for state, _, _ in states.values()] == [WeekState.MET, WeekState.MET]
    summary = summarize_weekly(two_weeks, MONDAY + timedelta(days=11), 3)
    assert summary.current == Streak(2, MONDAY, SUNDAY + timedelta(days=7))
    assert (summary.week_done, summary.week_needed) == (3, 3)


def test_weeks_are_calendar_weeks_not_a_rolling_window() -> None:
    # Mon, Wed, Fri of one week; then Sat, Sun and Mon, Tue: three in any rolling seven days
    # from Sat to Tue, but two in each calendar week.
    today = MONDAY + timedelta(days=8)  # Tuesday of the week after
    t = weekly("D.D.D..", MONDAY - timedelta(days=1)).with_done(
        (MONDAY + timedelta(days=5)).toordinal()
    )
    for extra in (6, 7, 8):
        t = t.with_done((MONDAY + timedelta(days=extra)).toordinal())
    states = week_states(t, today, 3)
    assert [s for s, _, _ in states.values()] == [
        WeekState.MET,
        WeekState.MISSED,
        WeekState.PENDING,
    ]
    summary = summarize_weekly(t, today, 3)
    assert summary.current.length == 0
    assert summary.best == Streak(1, MONDAY - timedelta(days=7), MONDAY - timedelta(days=1))
    assert (summary.week_done, summary.week_needed) == (2, 3)
    assert summary.due_by is None


def test_this_week_still_open_keeps_last_weeks_streak() -> None:
    today = MONDAY + timedelta(days=9)  # Wednesday
    t = weekly("D.D.D..D.", today)
    summary = summarize_weekly(t, today, 3)
    assert summary.current.length == 1
    assert summary.due_by == SUNDAY + timedelta(days=7)
    assert summary.days_left == 4
    assert (summary.week_done, summary.week_needed) == (1, 3)


def test_marked_days_lower_the_week_target() -> None:
    today = SUNDAY
    t = weekly("D.ssssD", today)  # sick Wed to Sat: 3 days left, target ceil(3*3/7) = 2
    states = week_states(t, today, 3)
    assert list(states.values()) == [(WeekState.MET, 2, 2)]
    whole = weekly("D" + "." * 6 + "ttttttt", SUNDAY + timedelta(days=7))
    states = week_states(whole, SUNDAY + timedelta(days=7), 3)
    assert [s for s, _, _ in states.values()] == [WeekState.OFF, WeekState.REST]


def test_the_first_week_is_never_missed() -> None:
    today = MONDAY + timedelta(days=7)
    t = weekly(".....D.D", today)  # began on Saturday with one warm-up
    states = week_states(t, today, 3)
    assert [s for s, _, _ in states.values()] == [WeekState.OFF, WeekState.PENDING]


def test_weekly_strength_uses_loops_doubled_window() -> None:
    m = multiplier(3 / 7)
    # Done today only (a Wednesday), the habit's first day: v = 1/6.
    assert summarize_weekly(weekly("D", TODAY), TODAY, 3).strength == pytest.approx((1 - m) / 6)
    t = weekly("D.D", TODAY)
    expected = (1 - m) / 6
    expected = expected * m + (1 / 6) * (1 - m)  # yesterday: still 1 in the window
    expected = expected * m + (2 / 6) * (1 - m)
    assert summarize_weekly(t, TODAY, 3).strength == pytest.approx(expected)


# -- properties ----------------------------------------------------------------------------

patterns = st.text(alphabet="DDMT..rst-", min_size=1, max_size=60)
weekly_patterns = st.text(alphabet="DDM...r", min_size=1, max_size=60)


def summarize(t: Track, *, per_week: int | None):
    if per_week:
        return summarize_weekly(t, TODAY, per_week)
    return summarize_daily(t, TODAY)


@settings(max_examples=300, deadline=None)
@given(
    patterns,
    st.integers(min_value=0, max_value=70),
    st.sampled_from([None, 3, 7]),
    st.booleans(),
)
def test_adding_a_completion_never_lowers_streak_or_strength(
    pattern: str, days_ago: int, per_week: int | None, counted_only: bool
) -> None:
    if per_week:
        counted_only = False
    before = track(pattern, counted_only=counted_only)
    after = before.with_done(TODAY.toordinal() - days_ago)
    old, new = summarize(before, per_week=per_week), summarize(after, per_week=per_week)
    assert new.current.length >= old.current.length
    assert new.best.length >= old.best.length
    assert new.strength >= old.strength - 1e-12


@settings(max_examples=300, deadline=None)
@given(patterns, st.sampled_from([None, 3, 5]), st.booleans())
def test_best_is_at_least_current_and_strength_is_a_share(
    pattern: str, per_week: int | None, counted_only: bool
) -> None:
    summary = summarize(
        track(pattern, counted_only=counted_only and not per_week), per_week=per_week
    )
    assert summary.best.length >= summary.current.length
    assert 0.0 <= summary.strength <= 1.0
    for rate in summary.rates.values():
        assert rate is None or 0.0 <= rate <= 1.0


@settings(max_examples=300, deadline=None)
@given(
    patterns,
    st.integers(min_value=-5, max_value=70),
    st.sampled_from(list(MARKS.values())),
    st.sampled_from([None, 3, 4]),
)
def test_marking_a_rest_day_never_shortens_a_streak(
    pattern: str, days_ago: int, kind: str, per_week: int | None
) -> None:
    before = track(pattern)
    after = before.with_mark(TODAY.toordinal() - days_ago, kind)
    old, new = summarize(before, per_week=per_week), summarize(after, per_week=per_week)
    assert new.current.length >= old.current.length
    assert new.best.length >= old.best.length


@given(weekly_patterns)
def test_day_states_agree_with_the_summary(pattern: str) -> None:
    t = track(pattern)
    summary = summarize_daily(t, TODAY)
    state = day_state(t, TODAY.toordinal(), TODAY.toordinal())
    assert summary.today is state
    if state in (DayState.DONE, DayState.MORE):
        assert summary.current.end == TODAY
