"""Totals over the whole log: minutes per month, sessions per routine, weekdays skipped.

Pure functions of session rows (``started_at``, ``utc_offset_min``, ``status``, ``steps_done``,
``steps_skipped``, ``routine_id``, ``routine_name``, ``active_seconds``; rows with
``deleted_at`` set are ignored), the marked days and ``today``. A session belongs to the day and
month it counts for (:func:`coach.core.habits.session_day`); "counted" is
:func:`coach.core.habits.counts_as_done`, the rule the habits use.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from coach.core.days import stored_ordinal
from coach.core.habit_day import counts_as_done

MONTHS = 12
"""How many months (the latest with any minutes) the totals show."""


@dataclass(frozen=True)
class RoutineCount:
    routine_id: str
    name: str
    """The routine's name as last logged (its id when the log has none)."""
    sessions: int


@dataclass(frozen=True)
class WeekdaySkips:
    weekday: int
    """0 is Monday."""
    skipped: int
    """Days with no counted session (marked rest days and today, not yet over, left out)."""
    days: int
    """Days of this weekday since the first counted session (same exclusions)."""


@dataclass(frozen=True)
class Totals:
    today: date
    months: tuple[tuple[date, float], ...]
    """(first of the month, active minutes), oldest first: the last :data:`MONTHS` months with
    any active time, every session (quit ones too: the minutes were moved)."""
    routines: tuple[RoutineCount, ...]
    """Counted sessions per routine, all time, most first."""
    since: date | None
    """The day of the first counted session."""
    weekdays: tuple[WeekdaySkips, ...]
    """Monday to Sunday; empty before the first counted session."""


def totals(
    rows: Iterable[Mapping[str, Any]],
    marks: Mapping[int, str],
    day_starts_at: time,
    today: date,
) -> Totals:
    """The totals as of ``today``; ``marks`` maps day ordinals to rest kinds (marked days are
    never skipped). Sessions after ``today`` are left out."""
    end = today.toordinal()
    minutes: dict[date, float] = {}
    counted: dict[str, int] = {}
    names: dict[str, tuple[str, str]] = {}
    done_days: set[int] = set()
    for row in rows:
        if row.get("deleted_at"):
            continue
        ordinal = stored_ordinal(row["started_at"], row["utc_offset_min"], day_starts_at)
        if ordinal > end:
            continue
        day = date.fromordinal(ordinal)
        seconds = row.get("active_seconds") or 0.0
        if seconds > 0:
            month = day.replace(day=1)
            minutes[month] = minutes.get(month, 0.0) + seconds / 60
        if not counts_as_done(row):
            continue
        done_days.add(ordinal)
        routine = str(row["routine_id"])
        counted[routine] = counted.get(routine, 0) + 1
        started = str(row["started_at"])
        if row.get("routine_name") and (routine not in names or started > names[routine][0]):
            names[routine] = (started, str(row["routine_name"]))
    months = tuple(sorted(minutes.items())[-MONTHS:])
    routines = tuple(
        sorted(
            (RoutineCount(r, names.get(r, ("", r))[1], n) for r, n in counted.items()),
            key=lambda c: (-c.sessions, c.name, c.routine_id),
        )
    )
    if not done_days:
        return Totals(today, months, routines, None, ())
    first = min(done_days)
    skipped = [0] * 7
    days = [0] * 7
    for ordinal in range(first, end + 1):
        done = ordinal in done_days
        if ordinal in marks and not done:
            continue
        if ordinal == end and not done:
            continue
        weekday = date.fromordinal(ordinal).weekday()
        days[weekday] += 1
        skipped[weekday] += not done
    weekdays = tuple(WeekdaySkips(w, skipped[w], days[w]) for w in range(7))
    return Totals(today, months, routines, date.fromordinal(first), weekdays)
