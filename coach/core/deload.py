"""When the next deload week is due, and when to rotate the warm-up.

A training week is a calendar week (Monday to Sunday, by the local day each session counts for)
with at least one pre-lift session. Training weeks in a row are counted back from this week (or
from last week, while this one has no session yet): a week without any session is a rest and
starts the count again, and so does a week the user marked as a deload. The domain says a deload
every 6–8 weeks; variety means not doing the same warm-up week after week.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

WEEK = timedelta(days=7)
ROTATE_AFTER_WEEKS = 3


def week_start(day: date) -> date:
    """The Monday of the calendar week ``day`` is in (across year ends and ISO week 53 alike)."""
    return day - timedelta(days=day.weekday())


def _day(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def _sessions_by_week(
    sessions: Iterable[Mapping[str, Any]], today: date
) -> dict[date, list[Mapping[str, Any]]]:
    """Pre-lift session rows (``local_date``, ``routine_id``) by week, ignoring the future."""
    weeks: dict[date, list[Mapping[str, Any]]] = defaultdict(list)
    for row in sessions:
        day = _day(row["local_date"])
        if day <= today:
            weeks[week_start(day)].append(row)
    return weeks


def _last_counted_week(trained: Mapping[date, Any], today: date) -> date:
    """This week if it has a session already, else last week: a week in progress isn't a gap."""
    this_week = week_start(today)
    return this_week if this_week in trained else this_week - WEEK


@dataclass(frozen=True)
class DeloadStatus:
    weeks: int
    """Training weeks in a row, this week included once it has a session."""
    every_weeks: int
    marked_this_week: bool
    last_deload: date | None
    """The Monday of the latest week marked as a deload, if any."""

    @property
    def due(self) -> bool:
        return self.weeks >= self.every_weeks and not self.marked_this_week

    @property
    def weeks_to_go(self) -> int:
        return max(0, self.every_weeks - self.weeks)


def deload_status(
    sessions: Iterable[Mapping[str, Any]],
    deload_weeks: Iterable[date | str],
    *,
    today: date,
    every_weeks: int,
) -> DeloadStatus:
    """Count training weeks in a row from pre-lift session rows and the weeks marked deload."""
    trained = _sessions_by_week(sessions, today)
    deloads = {week_start(_day(d)) for d in deload_weeks if _day(d) <= today}
    this_week = week_start(today)
    marked = this_week in deloads
    count = 0
    if not marked:
        week = _last_counted_week(trained, today)
        while week in trained and week not in deloads:
            count += 1
            week -= WEEK
    return DeloadStatus(
        weeks=count,
        every_weeks=every_weeks,
        marked_this_week=marked,
        last_deload=max(deloads) if deloads else None,
    )


@dataclass(frozen=True)
class RotationHint:
    routine_id: str
    """The warm-up used for every session lately."""
    weeks: int
    alternatives: tuple[str, ...]
    """Other pre-lift routines, the least recently used (or never used) first."""


def rotation_hint(
    sessions: Iterable[Mapping[str, Any]],
    prelift_ids: Iterable[str],
    *,
    today: date,
    weeks: int = ROTATE_AFTER_WEEKS,
) -> RotationHint | None:
    """A nudge when every session of the last ``weeks`` training weeks used the same warm-up."""
    rows = list(sessions)
    by_week = _sessions_by_week(rows, today)
    last = _last_counted_week(by_week, today)
    window = [last - WEEK * i for i in range(weeks)]
    if not all(week in by_week for week in window):
        return None
    used = {row["routine_id"] for week in window for row in by_week[week]}
    if len(used) != 1:
        return None
    (routine_id,) = used
    last_used: dict[str, date] = {}
    for row in rows:
        day = _day(row["local_date"])
        if day <= today:
            last_used[row["routine_id"]] = max(day, last_used.get(row["routine_id"], day))
    others = sorted(
        (rid for rid in set(prelift_ids) if rid != routine_id),
        key=lambda rid: (last_used.get(rid, date.min), rid),
    )
    return RotationHint(routine_id, weeks, tuple(others))
