"""Work hours and break counts: when breaks may be prompted, and how many a day holds.

Kept apart from the scheduler so ``coach status`` can count today's expected breaks without
loading the state machine. Work hours are read on the local wall clock; durations go through UTC,
so a DST day's all-day window really is 23 or 25 hours long.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Protocol


class BreakSettings(Protocol):
    """What the policy reads from the ``[breaks]`` settings (the core knows no settings file)."""

    @property
    def enabled(self) -> bool: ...
    @property
    def interval_minutes(self) -> float: ...
    @property
    def snooze_minutes(self) -> float: ...
    @property
    def max_snoozes(self) -> int: ...
    @property
    def work_hours(self) -> str: ...
    @property
    def work_days(self) -> Sequence[str]: ...
    @property
    def missed_after_minutes(self) -> float: ...
    @property
    def natural_break_minutes(self) -> float: ...


DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _parse_hours(text: str) -> tuple[time, time | None]:
    """``"09:00-18:00"`` → (09:00, 18:00); an end of ``24:00`` is ``None`` (midnight after)."""
    start_text, _, end_text = text.partition("-")
    hours, minutes = start_text.strip().split(":")
    start = time(int(hours), int(minutes))
    end_text = end_text.strip()
    if end_text == "24:00":
        return start, None
    hours, minutes = end_text.split(":")
    return start, time(int(hours), int(minutes))


@dataclass(frozen=True)
class BreakPolicy:
    """The settings that shape a day of breaks, in seconds and wall-clock times."""

    interval: float = 30 * 60
    snooze: float = 5 * 60
    max_snoozes: int = 3
    missed_after: float = 10 * 60
    natural_after: float = 3 * 60
    work_start: time = time(9, 0)
    work_end: time | None = time(18, 0)
    """``None`` means midnight at the end of the day (``"…-24:00"``)."""
    work_days: frozenset[int] = frozenset(range(5))
    """Weekday numbers, Monday = 0."""
    enabled: bool = True

    @classmethod
    def from_settings(cls, settings: BreakSettings) -> BreakPolicy:
        start, end = _parse_hours(settings.work_hours)
        return cls(
            interval=settings.interval_minutes * 60,
            snooze=settings.snooze_minutes * 60,
            max_snoozes=settings.max_snoozes,
            missed_after=settings.missed_after_minutes * 60,
            natural_after=settings.natural_break_minutes * 60,
            work_start=start,
            work_end=end,
            work_days=frozenset(DAY_NAMES.index(d) for d in settings.work_days),
            enabled=settings.enabled,
        )

    def _window(self, day: date) -> tuple[datetime, datetime]:
        """The naive local wall-clock window of work that starts on ``day``."""
        start = datetime.combine(day, self.work_start)
        if self.work_end is None:
            end = datetime.combine(day + timedelta(days=1), time(0, 0))
        else:
            end = datetime.combine(day, self.work_end)
            if end <= start:  # a night shift: ends the next morning
                end += timedelta(days=1)
        return start, end

    def in_work(self, now: datetime) -> bool:
        """Whether ``now`` (aware, local) falls inside a work window, read on the wall clock."""
        wall = now.replace(tzinfo=None)
        for day in (wall.date(), wall.date() - timedelta(days=1)):
            if day.weekday() not in self.work_days:
                continue
            start, end = self._window(day)
            if start <= wall < end:
                return True
        return False

    def window_start(self, now: datetime) -> datetime | None:
        """When the work window ``now`` is in began (aware, in ``now``'s zone)."""
        wall = now.replace(tzinfo=None)
        for day in (wall.date(), wall.date() - timedelta(days=1)):
            if day.weekday() not in self.work_days:
                continue
            start, end = self._window(day)
            if start <= wall < end:
                return _aware(start, now.tzinfo)
        return None

    def next_window_start(self, now: datetime) -> datetime | None:
        """When the next work window opens after ``now``; None when no day is a work day."""
        wall = now.replace(tzinfo=None)
        for offset in range(0, 8):
            day = wall.date() + timedelta(days=offset)
            if day.weekday() not in self.work_days:
                continue
            start, _ = self._window(day)
            if start > wall:
                return _aware(start, now.tzinfo)
        return None


def _aware(wall: datetime, tz: tzinfo | None) -> datetime:
    return wall.replace(tzinfo=tz)


def shifted(at: datetime, seconds: float) -> datetime:
    """``at`` moved by real seconds, read in its own zone.

    Plain ``at + timedelta`` is wall-clock arithmetic that drops ``fold``, so near a DST change
    it would land an hour off; going through UTC never does.
    """
    return (at.astimezone(UTC) + timedelta(seconds=seconds)).astimezone(at.tzinfo)


def seconds_between(earlier: datetime, later: datetime) -> float:
    """Real seconds between two aware instants (through UTC, so a DST change counts)."""
    return (later.astimezone(UTC) - earlier.astimezone(UTC)).total_seconds()


def expected_breaks(policy: BreakPolicy, day: date, tz: tzinfo) -> int:
    """Breaks a full work day starting on ``day`` holds: one per interval, none at the very end."""
    if not policy.enabled or day.weekday() not in policy.work_days:
        return 0
    start, end = policy._window(day)
    seconds = seconds_between(start.replace(tzinfo=tz), end.replace(tzinfo=tz))
    if seconds <= 0:
        return 0
    return max(0, math.ceil(seconds / policy.interval - 1e-9) - 1)
