"""How durations and days read on screen: one place, so every screen says it the same way."""

from __future__ import annotations

import math
from datetime import date, datetime


def minutes_text(seconds: float) -> str:
    """``9 min``, ``45 s``: the length of a routine in a list."""
    if seconds < 60:
        return f"{math.ceil(seconds)} s"
    return f"{round(seconds / 60)} min"


def left_text(seconds: float) -> str:
    """``6:20 left`` for the whole routine."""
    whole = max(0, math.ceil(seconds))
    minutes, secs = divmod(whole, 60)
    return f"{minutes}:{secs:02d}"


def day_heading(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def time_of_day(at: datetime) -> str:
    return f"{at:%H:%M}"


def clock_span(seconds: float) -> str:
    """``24:13`` or ``1:02:07``: time left until a break."""
    whole = max(0, math.ceil(seconds - 1e-9))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def when_text(at: datetime, now: datetime) -> str:
    """``14:32`` today, ``Mon 09:00`` another day."""
    return time_of_day(at) if at.date() == now.date() else f"{at:%a} {time_of_day(at)}"
