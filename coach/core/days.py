"""Which local day an instant counts for.

A day is the local calendar day shifted by the day-start hour, so a session at 00:30 with the day
starting at 04:00 counts for the day before. Everything is derived from the UTC instant plus the
UTC offset in force when it happened, so a trip across time zones or a DST change never moves a
row to another day after the fact.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone

MIDNIGHT = time(0, 0)
HHMM = re.compile(r"([0-9]{1,2}):([0-9]{2})", re.ASCII)


def local_day(at: datetime, day_starts_at: time = MIDNIGHT) -> date:
    """The day an aware local datetime counts for."""
    if at.tzinfo is None:
        raise ValueError("local_day needs an aware datetime")
    shift = timedelta(hours=day_starts_at.hour, minutes=day_starts_at.minute)
    return (at.replace(tzinfo=None) - shift).date()


def utc_offset_minutes(at: datetime) -> int:
    """The UTC offset in force at ``at``, in whole minutes."""
    offset = at.utcoffset()
    if offset is None:
        raise ValueError("utc_offset_minutes needs an aware datetime")
    return int(offset.total_seconds() // 60)


def to_utc_text(at: datetime) -> str:
    """UTC ISO-8601 with milliseconds and a Z, the form every stored time takes."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{at.microsecond // 1000:03d}Z"


def from_stored(utc_text: str, offset_minutes: int) -> datetime:
    """The local wall time a stored row happened at, in the offset it was recorded with."""
    instant = datetime.fromisoformat(utc_text.replace("Z", "+00:00"))
    return instant.astimezone(timezone(timedelta(minutes=offset_minutes)))


def stored_day(utc_text: str, offset_minutes: int, day_starts_at: time = MIDNIGHT) -> date:
    """The day a stored row counts for, from its UTC instant and recorded offset."""
    return local_day(from_stored(utc_text, offset_minutes), day_starts_at)


def stored_ordinal(utc_text: str, offset_minutes: int, day_starts_at: time = MIDNIGHT) -> int:
    """``stored_day(...).toordinal()`` by integer arithmetic: fast enough for ten years of rows.

    Offsets and day starts are whole minutes, so flooring to the minute never moves a day.
    """
    base = date.fromisoformat(utc_text[:10]).toordinal()
    minutes = int(utc_text[11:13]) * 60 + int(utc_text[14:16]) + offset_minutes
    minutes -= day_starts_at.hour * 60 + day_starts_at.minute
    return base + minutes // 1440


def parse_hhmm(text: str) -> time:
    """``"04:00"`` → ``time(4, 0)``; raises ValueError with a readable message."""
    match = HHMM.fullmatch(text) if isinstance(text, str) else None
    try:
        if match is None:
            raise ValueError
        return time(int(match[1]), int(match[2]))
    except ValueError:
        shown = text.encode("unicode_escape").decode() if isinstance(text, str) else text
        raise ValueError(f'expected a time like "04:00", got "{shown}"') from None
