"""Friendly times for a session logged afterwards: ``yesterday 07:30``, ``mon 18:00``, ``7:30``,
``2026-11-30 07:30``, ``2h ago``, ``now``, parsed against an injected ``now``.

Every failure is a :class:`WhenError` whose message says what was expected, for the one-line
error the CLI and the history dialog show. A time in the future is refused: this logs what
happened, not what is planned.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from coach.core.errors import CoachError

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
EXAMPLES = '"now", "7:30", "yesterday 07:30", "mon 18:00", "2026-11-30 07:30" or "2h ago"'
_CLOCK = re.compile(r"^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$")
_AGO = re.compile(r"^(\d+)\s*(m|min|mins|minutes?|h|hours?|d|days?)\s+ago$")


class WhenError(CoachError):
    """A time that can't be read, or one that hasn't happened yet."""


def parse_when(text: str, now: datetime) -> datetime:
    """``text`` as a moment in ``now``'s time zone, no later than ``now``."""
    said = " ".join(text.strip().lower().split())
    if not said:
        raise WhenError(f"no time given; say when, e.g. {EXAMPLES}")
    at = _parse(said, now)
    if at is None:
        raise WhenError(f'cannot read the time "{text.strip()}"; say it like {EXAMPLES}')
    if at > now:
        raise WhenError(
            f'"{text.strip()}" is {at:%a %d %b %H:%M}, which has not happened yet; '
            "log a session you did, e.g. yesterday 07:30"
        )
    return at


def _parse(said: str, now: datetime) -> datetime | None:
    if said == "now":
        return now
    ago = _AGO.match(said)
    if ago:
        amount, unit = int(ago.group(1)), ago.group(2)[0]
        step = {"m": timedelta(minutes=1), "h": timedelta(hours=1), "d": timedelta(days=1)}[unit]
        return now - amount * step
    day_word, _, rest = said.partition(" ")
    day = _day(day_word, now.date())
    if day is None:  # a time alone: today
        return _at(now.date(), said, now)
    if not rest:
        return None  # a day needs its time: which session would that be?
    return _at(day, rest, now)


def _day(word: str, today: date) -> date | None:
    if word == "today":
        return today
    if word == "yesterday":
        return today - timedelta(days=1)
    for number, name in enumerate(WEEKDAYS):
        if len(word) >= 3 and name.startswith(word):  # the last one, today not counted
            back = (today.weekday() - number) % 7 or 7
            return today - timedelta(days=back)
    try:
        return date.fromisoformat(word)
    except ValueError:
        return None


def _at(day: date, clock: str, now: datetime) -> datetime | None:
    found = _CLOCK.match(clock.replace(".", ":"))
    if not found:
        return None
    hour, minute = int(found.group(1)), int(found.group(2) or 0)
    if found.group(3):
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if found.group(3) == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return datetime.combine(day, time(hour, minute), tzinfo=now.tzinfo)
