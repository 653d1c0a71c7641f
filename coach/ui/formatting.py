"""How durations and days read on screen: one place, so every screen says it the same way."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

from coach.core.routine import RoutineError


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


def home_path(path: Path) -> str:
    """``~/.config/coach/routines`` rather than the whole home directory's path."""
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except ValueError:
        return str(path)


def routine_error_lines(errors: Iterable[RoutineError]) -> list[str]:
    """Broken routine files, grouped by folder, each file on one line under its folder."""
    by_folder: dict[Path, list[str]] = {}
    for error in errors:
        detail = ": ".join(part for part in (error.path.name, error.where, error.message) if part)
        by_folder.setdefault(error.path.parent, []).append(detail)
    lines = []
    for folder, details in by_folder.items():
        files = "file" if len(details) == 1 else "files"
        lines.append(f"⚠ Not loaded: {len(details)} {files} in {home_path(folder)}")
        lines.extend(f"• {detail}" for detail in details)
    if lines:
        lines.append("Fix, then `coach routines check` and restart coach.")
    return lines
