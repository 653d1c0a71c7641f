"""The habits coach tracks and what counts for each: pure functions of log rows and "today".

- **Morning mobility**, daily: a completed routine tagged ``morning``.
- **Stand-up breaks**, daily on work days: a day counts when at least ``break_target_share`` of
  its due breaks were taken; days with no breaks due don't count either way.
- **Pre-lift warm-up**, ``prelift_per_week`` days per calendar week: a completed routine tagged
  ``pre-lift`` (two on one day are one day).
- **Any routine**, daily: any completed routine.

A session counts for the local day it started on, from its stored UTC instant and UTC offset and
the day-start hour, so a trip or a DST change never moves it. A partial session, or one skipped
through more than done, is *tried*, not done. Days can be marked rest, sick, injury or travel:
see :mod:`coach.core.streaks` for what that does.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from coach.core.adherence import BreakTally, weekly_tallies
from coach.core.days import MIDNIGHT, stored_ordinal
from coach.core.habit_day import HabitId, counts_as_done, habits_counted
from coach.core.streaks import (
    DayState,
    Summary,
    Track,
    WeekState,
    day_states,
    monday,
    span,
    strength_series,
    summarize_daily,
    summarize_weekly,
    week_states,
)

STRENGTH_EXPLAINED = (
    "Strength rises with every day you keep a habit and fades slowly when you miss "
    "(half-life 13 days), so one lapse after a good run barely dents it; marked days pause it."
)


@dataclass(frozen=True)
class Habit:
    id: HabitId
    name: str
    per_week: int | None
    """Days per calendar week for a weekly habit; None for a daily one."""
    counts: str
    """What counts, in a few words."""
    short: str
    """A name for narrow places (a heatmap column, a tile)."""

    @property
    def weekly(self) -> bool:
        return self.per_week is not None


@dataclass(frozen=True)
class HabitRules:
    """The settings habits depend on (``[habits]`` in config.toml)."""

    day_starts_at: time = MIDNIGHT
    break_target_share: float = 0.75
    prelift_per_week: int = 3

    def habits(self) -> tuple[Habit, ...]:
        share = f"{self.break_target_share:.0%}"
        return (
            Habit(
                HabitId.MORNING, "Morning mobility", None, "a completed morning routine", "Morning"
            ),
            Habit(
                HabitId.BREAKS,
                "Stand-up breaks",
                None,
                f"{share} of a work day's breaks taken",
                "Breaks",
            ),
            Habit(
                HabitId.PRELIFT,
                "Pre-lift warm-up",
                self.prelift_per_week,
                f"{self.prelift_per_week} warm-ups a week (Mon–Sun)",
                "Pre-lift",
            ),
            Habit(HabitId.ANY, "Any routine", None, "any completed routine", "Any routine"),
        )

    def habit(self, habit_id: HabitId | str) -> Habit:
        return next(h for h in self.habits() if h.id == habit_id)


# -- from rows to tracks -------------------------------------------------------------------


def _track(completed: Mapping[int, int], tried: set[int], marks: Mapping[int, str]) -> Track:
    levels = {day: 3 if count >= 2 else 2 for day, count in completed.items()}
    for day in tried:
        levels.setdefault(day, 1)
    return Track(levels=levels, marks=marks, start=min(levels) if levels else None)


def done_today(summary: Summary) -> bool:
    """Whether the habit's day is done, as the heatmap, the tiles, home and status say it."""
    return summary.today in (DayState.DONE, DayState.MORE)


SessionDays = tuple[str | None, bool, Sequence[int]]
"""A tag list (stored comma-separated), whether its sessions count as done
(:func:`counts_as_done`), and the day ordinal each of them counts for (a day twice: two
sessions): what the session habits need of the log, grouped."""


def session_days(rows: Iterable[Mapping[str, Any]], day_starts_at: time) -> list[SessionDays]:
    """Session rows (``started_at``, ``utc_offset_min``, ``status``, ``tags``, ``steps_done``,
    ``steps_skipped``, ``entered``; rows with ``deleted_at`` set are ignored) as
    :data:`SessionDays`: what the store's ``habit_days`` reads in SQL."""
    groups: dict[tuple[str | None, bool], list[int]] = {}
    for row in rows:
        if row.get("deleted_at"):
            continue
        day = stored_ordinal(row["started_at"], row["utc_offset_min"], day_starts_at)
        groups.setdefault((row["tags"], counts_as_done(row)), []).append(day)
    return [(tags, done, days) for (tags, done), days in groups.items()]


def session_tracks_of_days(
    groups: Iterable[SessionDays], marks: Mapping[int, str]
) -> dict[HabitId, Track]:
    """Tracks for the session habits from :data:`SessionDays`."""
    session_habits = (HabitId.MORNING, HabitId.PRELIFT, HabitId.ANY)
    completed: dict[HabitId, Counter[int]] = {habit: Counter() for habit in session_habits}
    tried: dict[HabitId, set[int]] = {habit: set() for habit in session_habits}
    for tags, done, days in groups:
        for habit in habits_counted(tags):
            if done:
                completed[habit].update(days)
            else:
                tried[habit].update(days)
    return {habit: _track(completed[habit], tried[habit], marks) for habit in session_habits}


def session_tracks(
    rows: Iterable[Mapping[str, Any]], marks: Mapping[int, str], day_starts_at: time
) -> dict[HabitId, Track]:
    """Tracks for the session habits from session rows (see :func:`session_days`)."""
    return session_tracks_of_days(session_days(rows, day_starts_at), marks)


def breaks_track(
    days: Mapping[date, BreakTally], marks: Mapping[int, str], target_share: float
) -> Track:
    """The stand-up habit's track: only days with breaks due count."""
    levels: dict[int, int] = {}
    credit: dict[int, float] = {}
    due_days: list[int] = []
    for day, tally in days.items():
        if not tally.due:
            continue
        ordinal = day.toordinal()
        due_days.append(ordinal)
        value = tally.credit(target_share)
        if value >= 1.0:
            levels[ordinal] = 3 if tally.taken == tally.due else 2
        else:
            credit[ordinal] = value
            if tally.taken:
                levels[ordinal] = 1
    counted = frozenset(due_days)
    return Track(
        levels=levels,
        marks=marks,
        counted=counted,
        credit=credit,
        start=min(counted) if counted else None,
    )


def day_marks(rows: Iterable[Mapping[str, Any]]) -> dict[int, str]:
    """Day ordinal → rest kind from ``day_marks`` rows (``local_date``, ``kind``)."""
    return {
        date.fromisoformat(row["local_date"]).toordinal(): row["kind"]
        for row in rows
        if not row.get("deleted_at")
    }


def summarize(habit: Habit, track: Track, today: date) -> Summary:
    if habit.per_week is not None:
        return summarize_weekly(track, today, habit.per_week)
    return summarize_daily(track, today)


def session_summary(
    habit: Habit,
    session_rows: Iterable[Mapping[str, Any]],
    mark_rows: Iterable[Mapping[str, Any]],
    day_starts_at: time,
    today: date,
) -> Summary:
    """One session habit's summary, as :func:`habit_history` makes it for every habit: for a
    caller that reads only this habit's rows (``coach status`` reads the morning ones)."""
    track = session_tracks(session_rows, day_marks(mark_rows), day_starts_at)[habit.id]
    return summarize(habit, track, today)


# -- the heatmap ---------------------------------------------------------------------------


@dataclass(frozen=True)
class HeatmapDay:
    day: date
    state: DayState
    mark: str | None = None
    """The rest kind when the day is marked."""


@dataclass(frozen=True)
class HeatmapWeek:
    monday: date
    days: tuple[HeatmapDay, ...]
    """Monday to Sunday."""
    state: WeekState | None = None
    """Weekly habits: whether the week met its target."""


@dataclass(frozen=True)
class Heatmap:
    habit: Habit
    today: date
    weeks: tuple[HeatmapWeek, ...]
    """Oldest first; the last is this week."""


def _weekly_day(state: DayState, habit: Habit) -> DayState:
    """A day without a warm-up isn't missed: only a week can miss its target."""
    return DayState.OFF if habit.weekly and state is DayState.MISSED else state


def heatmap(
    habit: Habit, track: Track, today: date, weeks: int = 52, end: date | None = None
) -> Heatmap:
    """The ``weeks`` weeks ending with ``end``'s (this week's by default), as they read today."""
    first, last = span(today if end is None else end, weeks)
    states = day_states(track, first, last, today)
    marks = track.marks
    week_state: dict[int, tuple[WeekState, int, int]] = {}
    if habit.per_week is not None:
        week_state = week_states(track, today, habit.per_week)
    columns = []
    for i in range(weeks):
        start = first + timedelta(weeks=i)
        days = tuple(
            HeatmapDay(day, _weekly_day(states[day], habit), marks.get(day.toordinal()))
            for day in (start + timedelta(days=d) for d in range(7))
        )
        state = None
        if habit.per_week is not None:
            known = week_state.get(monday(start.toordinal()))
            state = known[0] if known else WeekState.OFF
        columns.append(HeatmapWeek(start, days, state))
    return Heatmap(habit, today, tuple(columns))


# -- everything at once --------------------------------------------------------------------


@dataclass(frozen=True)
class HabitHistory:
    """Every habit's summary and track as of ``today``, plus the break tallies."""

    rules: HabitRules
    today: date
    habits: tuple[Habit, ...]
    tracks: dict[HabitId, Track]
    summaries: dict[HabitId, Summary]
    break_days: dict[date, BreakTally]

    def heatmap(self, habit_id: HabitId | str, weeks: int = 52, end: date | None = None) -> Heatmap:
        habit = self.rules.habit(habit_id)
        return heatmap(habit, self.tracks[habit.id], self.today, weeks, end)

    def weekly_breaks(self, weeks: int, end: date | None = None) -> list[tuple[date, BreakTally]]:
        """Breaks per week for the ``weeks`` weeks ending with ``end``'s (default today's)."""
        return weekly_tallies(self.break_days, min(end or self.today, self.today), weeks)

    def weekly_strength(
        self, habit_id: HabitId | str, weeks: int = 52, end: date | None = None
    ) -> list[tuple[date, float | None]]:
        """Each week's Monday and the habit's strength as it read on its last day (today, for
        this week); None for weeks before the habit began."""
        habit = self.rules.habit(habit_id)
        first, _ = span(self.today if end is None else end, weeks)
        mondays = [first + timedelta(weeks=i) for i in range(weeks)]
        values = strength_series(
            self.tracks[habit.id],
            [day + timedelta(days=6) for day in mondays],
            self.today,
            habit.per_week,
        )
        return list(zip(mondays, values, strict=True))

    @property
    def first_day(self) -> date | None:
        """The log's first day with anything a habit counts (a session, breaks due)."""
        starts = [track.start for track in self.tracks.values() if track.start is not None]
        return date.fromordinal(min(starts)) if starts else None


def habit_history(
    session_rows: Iterable[Mapping[str, Any]],
    mark_rows: Iterable[Mapping[str, Any]],
    break_days: Mapping[date, BreakTally],
    rules: HabitRules,
    today: date,
) -> HabitHistory:
    """Every habit as of ``today`` from session rows (see :func:`session_days`)."""
    return habit_history_of_days(
        session_days(session_rows, rules.day_starts_at), mark_rows, break_days, rules, today
    )


def habit_history_of_days(
    sessions: Iterable[SessionDays],
    mark_rows: Iterable[Mapping[str, Any]],
    break_days: Mapping[date, BreakTally],
    rules: HabitRules,
    today: date,
) -> HabitHistory:
    """Every habit as of ``today`` from sessions already grouped by the store
    (:data:`SessionDays`, counted with ``rules.day_starts_at``)."""
    marks = day_marks(mark_rows)
    tracks = session_tracks_of_days(sessions, marks)
    tracks[HabitId.BREAKS] = breaks_track(break_days, marks, rules.break_target_share)
    habits = rules.habits()
    summaries = {habit.id: summarize(habit, tracks[habit.id], today) for habit in habits}
    return HabitHistory(rules, today, habits, tracks, summaries, dict(break_days))
