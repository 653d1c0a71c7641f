"""Fair streaks and habit strength over a habit's days: pure functions of a :class:`Track`.

The rules, in the order a user would ask about them:

- A day is *done* (the habit counted), *missed* (it didn't, and the day is over), or it doesn't
  count either way: a day marked rest/sick/injury/travel, a day before the habit began, or for a
  habit that only counts some days (work days with breaks due), any other day. Days that don't
  count neither break nor lengthen a streak, and cannot start one.
- Today is never missed until it ends: a streak that ended yesterday is still current today.
- Weekly habits count calendar weeks starting Monday. A week is met when it has enough done days;
  marked days lower that week's target in proportion (a fully marked week doesn't count).
- Strength is Loop Habit Tracker's score: each counted day ``score = prev·m + v·(1−m)`` with
  ``m = 0.5^(sqrt(f)/13)`` (f = target per day; v = 1 done, 0 missed, or partial credit), so a
  daily habit's half-life is 13 days. Days that don't count freeze it; today only ever raises it.

Days are proleptic ordinals (``date.toordinal()``): sets of ints keep ten years fast.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from functools import cached_property

from coach.core.vocabulary import RestKind

RATE_WINDOWS = (7, 30, 90)
MISSED_DAYS_WINDOW = 30
MISSED_WEEKS_WINDOW = 12
HALF_LIFE_DAYS = 13


class DayState(StrEnum):
    """How one day reads for one habit (what a heatmap cell shows)."""

    MORE = "more"
    """Counted, and then some: two sessions, or every due break taken."""
    DONE = "done"
    TRIED = "tried"
    """Something, but not enough: a partial session, too few breaks."""
    MISSED = "missed"
    PENDING = "pending"
    """Today, not done yet: not missed until the day ends."""
    REST = "rest"
    """Marked rest, sick, injury or travel (the kind is on the cell)."""
    OFF = "off"
    """Doesn't count either way: before the habit began, or no breaks were due."""
    FUTURE = "future"


class WeekState(StrEnum):
    MET = "met"
    MISSED = "missed"
    PENDING = "pending"
    REST = "rest"
    OFF = "off"


@dataclass(frozen=True)
class Streak:
    """A run of done days (or met weeks); ``start``/``end`` are its first and last."""

    length: int = 0
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True)
class Track:
    """One habit's days, as day ordinals: everything streaks and strength need.

    ``levels``: 1 tried, 2 done, 3 more. ``marks``: day → rest kind. ``counted``: when not None,
    only these days count at all (and days after today, which may yet). ``credit``: a partial
    value (0–1) for days that didn't reach done. ``start``: the habit's first day.
    """

    levels: Mapping[int, int] = field(default_factory=dict)
    marks: Mapping[int, str] = field(default_factory=dict)
    counted: frozenset[int] | None = None
    credit: Mapping[int, float] = field(default_factory=dict)
    start: int | None = None

    def done_days(self) -> frozenset[int]:
        return self._done

    @cached_property
    def _done(self) -> frozenset[int]:
        return frozenset(day for day, level in self.levels.items() if level >= 2)

    def with_done(self, day: int) -> Track:
        """The same track with ``day`` done (for properties and what-ifs)."""
        levels = dict(self.levels)
        levels[day] = max(2, levels.get(day, 0))
        counted = self.counted | {day} if self.counted is not None else None
        start = day if self.start is None else min(self.start, day)
        return Track(levels, self.marks, counted, self.credit, start)

    def with_mark(self, day: int, kind: str = RestKind.REST) -> Track:
        marks = dict(self.marks)
        marks[day] = kind
        return Track(self.levels, marks, self.counted, self.credit, self.start)


@dataclass(frozen=True)
class Summary:
    """Everything a habit tile or ``coach history`` says about one habit."""

    unit: str
    """``day`` or ``week``: what streak lengths count."""
    current: Streak
    best: Streak
    strength: float
    """0–1."""
    rates: dict[int, float | None]
    """Window in days → completion rate 0–1, or None when no day in it counted."""
    missed: tuple[date, ...]
    """Missed days in the last 30 days (Mondays of missed weeks in the last 12, weekly)."""
    due_by: date | None
    """The last day the next completion keeps the current streak (None: no streak)."""
    days_left: int | None
    """Whole days after today before the streak breaks: 0 means it breaks when today ends."""
    today: DayState
    week_done: int = 0
    week_needed: int = 0
    """Weekly habits: done days this week, and the target this week (after marked days)."""


def multiplier(per_day: float) -> float:
    """Loop's ``m``: how much of yesterday's strength survives a day."""
    return math.pow(0.5, math.sqrt(per_day) / HALF_LIFE_DAYS)


def monday(day: int) -> int:
    """The Monday on or before ordinal ``day`` (ordinal 1 is a Monday)."""
    return day - (day - 1) % 7


def _doesnt_count(track: Track, day: int, today: int, done: frozenset[int]) -> bool:
    if day in done:
        return False
    if day in track.marks:
        return True
    return track.counted is not None and day <= today and day not in track.counted


def _window_counts(
    track: Track, t: int, window: int, done: frozenset[int], excluded: Callable[[int], bool]
) -> tuple[int, int]:
    """(days done, days that could have been) over the last ``window`` days to ``t``.

    Today counts once it is done, never as a miss; ``excluded`` days (marked, not counted) are
    left out of both.
    """
    eligible = hits = 0
    for day in range(max(track.start or t, t - window + 1), t + 1):
        if day in done:
            eligible += 1
            hits += 1
        elif day != t and not excluded(day):
            eligible += 1
    return hits, eligible


# -- daily habits --------------------------------------------------------------------------


def summarize_daily(track: Track, today: date) -> Summary:
    t = today.toordinal()
    done = track.done_days()
    if track.start is None or track.start > t:
        return _empty("day", today, t, track, done)
    marks, counted, credit = track.marks, track.counted, track.credit
    m = multiplier(1.0)
    keep = 1.0 - m
    score = 0.0
    run = 0
    run_first = 0
    best = (0, 0, 0)
    for day in range(track.start, t):
        if day in done:
            if run == 0:
                run_first = day
            run += 1
            if run >= best[0]:
                best = (run, run_first, day)
            score = score * m + keep
        elif day in marks or (counted is not None and day not in counted):
            continue
        else:
            run = 0
            score = score * m + credit.get(day, 0.0) * keep
    run_last = t - 1
    if t in done:
        if run == 0:
            run_first = t
        run += 1
        run_last = t
        if run >= best[0]:
            best = (run, run_first, t)
        score = score * m + keep
    elif not _doesnt_count(track, t, t, done):
        score = max(score, score * m + credit.get(t, 0.0) * keep)
    if run:
        # The run's last done day: walk back over days that don't count.
        while run_last not in done:
            run_last -= 1
        current = Streak(run, date.fromordinal(run_first), date.fromordinal(run_last))
    else:
        current = Streak()
    due_by = None
    if run:
        day = t
        while day in done or day in marks:
            day += 1
        due_by = date.fromordinal(day)
    rates = {}
    for window in RATE_WINDOWS:
        hits, eligible = _window_counts(
            track, t, window, done, lambda day: _doesnt_count(track, day, t, done)
        )
        rates[window] = hits / eligible if eligible else None
    missed = tuple(
        date.fromordinal(day)
        for day in range(max(track.start, t - MISSED_DAYS_WINDOW), t)
        if day not in done and not _doesnt_count(track, day, t, done)
    )
    return Summary(
        unit="day",
        current=current,
        best=Streak(best[0], date.fromordinal(best[1]), date.fromordinal(best[2]))
        if best[0]
        else Streak(),
        strength=score,
        rates=rates,
        missed=missed,
        due_by=due_by,
        days_left=None if due_by is None else (due_by - today).days,
        today=day_state(track, t, t, done),
    )


def _empty(
    unit: str, today: date, t: int, track: Track, done: frozenset[int], week_needed: int = 0
) -> Summary:
    """A habit with nothing logged yet; a weekly one still shows this week's target."""
    return Summary(
        unit=unit,
        current=Streak(),
        best=Streak(),
        strength=0.0,
        rates=dict.fromkeys(RATE_WINDOWS),
        missed=(),
        due_by=None,
        days_left=None,
        today=day_state(track, t, t, done),
        week_needed=week_needed,
    )


# -- weekly habits -------------------------------------------------------------------------


def week_needs(per_week: int, available_days: int) -> int:
    """A week's target after marked days: in proportion, rounded up (0 when none are left)."""
    return -(-per_week * available_days // 7)


def week_states(track: Track, today: date, per_week: int) -> dict[int, tuple[WeekState, int, int]]:
    """Monday ordinal → (state, done days, target) for every week from the habit's start.

    The first week can be met but never missed: nobody starts a habit on a Monday.
    """
    t = today.toordinal()
    if track.start is None or track.start > t:
        return {}
    done = track.done_days()
    this_week = monday(t)
    first_week = monday(track.start)
    counts = Counter(monday(day) for day in done if day <= t)
    unavailable = Counter(monday(day) for day in track.marks if day not in done)
    weeks = {}
    for week in range(first_week, this_week + 1, 7):
        needed = week_needs(per_week, max(0, 7 - unavailable[week]))
        count = counts[week]
        if needed == 0:
            state = WeekState.REST
        elif count >= needed:
            state = WeekState.MET
        elif week == this_week:
            state = WeekState.PENDING
        elif week == first_week:
            state = WeekState.OFF
        else:
            state = WeekState.MISSED
        weeks[week] = (state, count, needed)
    return weeks


def summarize_weekly(track: Track, today: date, per_week: int) -> Summary:
    t = today.toordinal()
    done = track.done_days()
    if track.start is None or track.start > t:
        available = sum(1 for day in range(monday(t), monday(t) + 7) if day not in track.marks)
        return _empty("week", today, t, track, done, week_needs(per_week, available))
    weeks = week_states(track, today, per_week)
    run = 0
    run_first = 0
    run_last = 0
    best = (0, 0, 0)
    for week, (state, _count, _needed) in weeks.items():
        if state is WeekState.MET:
            if run == 0:
                run_first = week
            run += 1
            run_last = week
            if run >= best[0]:
                best = (run, run_first, week)
        elif state is WeekState.MISSED:
            run = 0
    this_week = monday(t)
    state, week_done, week_needed = weeks[this_week]
    current = (
        Streak(run, date.fromordinal(run_first), date.fromordinal(run_last + 6))
        if run
        else Streak()
    )
    due_by = None
    if run:
        week = this_week + 7 if state in (WeekState.MET, WeekState.REST) else this_week
        while all(day in track.marks for day in range(week, week + 7)):
            week += 7
        due_by = date.fromordinal(week + 6)
    rates = {}
    for window in RATE_WINDOWS:
        hits, eligible = _window_counts(track, t, window, done, track.marks.__contains__)
        expected = per_week / 7 * eligible
        rates[window] = min(1.0, hits / expected) if expected else None
    missed = tuple(
        date.fromordinal(week)
        for week, (state, _c, _n) in weeks.items()
        if state is WeekState.MISSED and week >= this_week - 7 * MISSED_WEEKS_WINDOW
    )
    return Summary(
        unit="week",
        current=current,
        best=Streak(best[0], date.fromordinal(best[1]), date.fromordinal(best[2] + 6))
        if best[0]
        else Streak(),
        strength=weekly_strength(track, t, per_week, done),
        rates=rates,
        missed=missed,
        due_by=due_by,
        days_left=None if due_by is None else (due_by - today).days,
        today=day_state(track, t, t, done),
        week_done=week_done,
        week_needed=week_needed,
    )


def weekly_strength(track: Track, t: int, per_week: int, done: frozenset[int]) -> float:
    """Loop's score for an n-per-week habit: v is the share of the target over a rolling window.

    As Loop does, the window is doubled (3 in 7 becomes 6 in 14) to smooth uneven weeks.
    """
    assert track.start is not None
    numerator, window = (per_week * 2, 14) if per_week < 7 else (per_week, 7)
    m = multiplier(per_week / 7)
    keep = 1.0 - m
    score = 0.0
    rolling = 0
    marks = track.marks
    for day in range(track.start, t + 1):
        if day in done:
            rolling += 1
        if day - window in done:
            rolling -= 1
        if day in marks and day not in done:
            continue
        value = rolling / numerator if rolling < numerator else 1.0
        new = score * m + value * keep
        score = max(score, new) if day == t else new
    return score


# -- what a day looks like -----------------------------------------------------------------


def day_state(track: Track, day: int, today: int, done: frozenset[int] | None = None) -> DayState:
    done = track.done_days() if done is None else done
    level = track.levels.get(day, 0)
    if day > today:
        return DayState.REST if day in track.marks else DayState.FUTURE
    if track.start is None or day < track.start:
        return DayState.REST if day in track.marks else DayState.OFF
    if level >= 3:
        return DayState.MORE
    if level == 2:
        return DayState.DONE
    if day in track.marks:
        return DayState.REST
    if track.counted is not None and day not in track.counted:
        return DayState.OFF
    if level == 1:
        return DayState.TRIED
    return DayState.PENDING if day == today else DayState.MISSED


def day_states(track: Track, first: date, last: date, today: date) -> dict[date, DayState]:
    """Every day from ``first`` to ``last`` (a heatmap's span), as it reads today."""
    done = track.done_days()
    t = today.toordinal()
    return {
        date.fromordinal(day): day_state(track, day, t, done)
        for day in range(first.toordinal(), last.toordinal() + 1)
    }


def span(today: date, weeks: int) -> tuple[date, date]:
    """The Monday ``weeks - 1`` weeks before this one, and this week's Sunday."""
    this_monday = today - timedelta(days=today.weekday())
    return this_monday - timedelta(weeks=weeks - 1), this_monday + timedelta(days=6)


# -- strength over time --------------------------------------------------------------------


def strength_series(
    track: Track, days: list[date], today: date, per_week: int | None = None
) -> list[float | None]:
    """Strength as it read on each of ``days`` (0–1; None before the habit began), in one walk
    over the track: what :func:`summarize_daily` (or, given ``per_week``, the weekly summary)
    says with that day as today. Days after ``today`` read as today.
    """
    t = today.toordinal()
    asked = [min(day.toordinal(), t) for day in days]
    if track.start is None or not asked:
        return [None] * len(days)
    start = track.start
    wanted = {day for day in asked if day >= start}
    last = max(wanted, default=start - 1)
    done = track.done_days()
    marks, counted, credit = track.marks, track.counted, track.credit
    found: dict[int, float] = {}
    score = 0.0
    if per_week is None:
        m = multiplier(1.0)
        keep = 1.0 - m
        for day in range(start, last + 1):
            if day in done:
                new = score * m + keep
            elif day in marks or (counted is not None and day not in counted):
                new = score
            else:
                new = score * m + credit.get(day, 0.0) * keep
            if day in wanted:
                found[day] = max(score, new)
            score = new
    else:
        numerator, window = (per_week * 2, 14) if per_week < 7 else (per_week, 7)
        m = multiplier(per_week / 7)
        keep = 1.0 - m
        rolling = 0
        for day in range(start, last + 1):
            if day in done:
                rolling += 1
            if day - window in done:
                rolling -= 1
            if day in marks and day not in done:
                new = score
            else:
                value = rolling / numerator if rolling < numerator else 1.0
                new = score * m + value * keep
            if day in wanted:
                found[day] = max(score, new)
            score = new
    return [found.get(day) for day in asked]
