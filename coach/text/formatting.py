"""How durations and days read on screen: one place, so every screen says it the same way."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from coach.core.pain import PainTrend
from coach.core.routine import RoutineError
from coach.core.routine import minutes_text as minutes_text  # the core's rule, said by every list
from coach.text.safe import one_line

if TYPE_CHECKING:
    from coach.core.habits import Habit
    from coach.core.streaks import Summary


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
    """``25 min`` or ``1 h 05 min`` until a break, and ``45 s`` in its last minute.

    Whole minutes, rounded up (``24:01`` left is ``25 min``; with "at 16:00" beside it): the
    line changes once a minute, not every second, so idle home repaints once a minute. Seconds
    that tick past in the corner of the eye tell a person at their desk nothing they can use.
    """
    whole = max(0, math.ceil(seconds - 1e-9))
    if whole < 60:
        return f"{whole} s"
    minutes = math.ceil(whole / 60)
    if minutes <= 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def when_text(at: datetime, now: datetime) -> str:
    """``14:32`` today, ``Mon 09:00`` another day."""
    return time_of_day(at) if at.date() == now.date() else f"{at:%a} {time_of_day(at)}"


def home_path(path: Path) -> str:
    """``~/.config/coach/routines`` rather than the whole home directory's path."""
    try:
        return one_line("~/" + str(path.relative_to(Path.home())))
    except ValueError:
        return one_line(path)


def fitted_path(path: Path, width: int) -> str:
    """:func:`home_path`, shortened in the middle to ``width`` columns when it is longer.

    ``/srv/shared/…/coach/config.toml``: the start says where it lives and the end which file it
    is, and a path is never folded mid-name across lines. Where the whole path matters (to copy
    it) coach also prints it whole: ``coach config path``.
    """
    whole = home_path(path)
    if len(whole) <= width:
        return whole
    parts = whole.split("/")
    lead, rest = ("/" + parts[1], parts[2:]) if whole.startswith("/") else (parts[0], parts[1:])
    for start in range(1, len(rest)):
        fitted = "/".join([lead, "…", *rest[start:]])
        if len(fitted) <= width:
            return fitted
    last = "…/" + rest[-1] if rest else whole
    return last if len(last) <= width else "…" + whole[-(width - 1) :]


def routine_error_lines(errors: Iterable[RoutineError]) -> list[str]:
    """Broken routine files, grouped by folder, each file on one line under its folder."""
    by_folder: dict[Path, list[str]] = {}
    for error in errors:
        parts = (error.path.name, error.where, error.message)
        detail = one_line(": ".join(part for part in parts if part))
        by_folder.setdefault(error.path.parent, []).append(detail)
    lines = []
    for folder, details in by_folder.items():
        files = "file" if len(details) == 1 else "files"
        lines.append(f"⚠ Not loaded: {len(details)} {files} in {home_path(folder)}")
        lines.extend(f"• {detail}" for detail in details)
    if lines:
        lines.append("Fix, then `coach routines check` and restart coach.")
    return lines


def count_text(count: int, unit: str) -> str:
    """``12 days``, ``1 week``."""
    return f"{count} {unit}" + ("" if count == 1 else "s")


def short_day(day: date) -> str:
    """``Sun 29 Nov``."""
    return f"{day:%a} {day.day} {day:%b}"


def span_text(start: date, end: date) -> str:
    """``3–11 Jan 2026``, ``3 Jan – 11 Feb 2026``, ``28 Dec 2025 – 4 Jan 2026``."""
    if start == end:
        return f"{start.day} {start:%b %Y}"
    if start.year != end.year:
        return f"{start.day} {start:%b %Y} – {end.day} {end:%b %Y}"
    if start.month != end.month:
        return f"{start.day} {start:%b} – {end.day} {end:%b %Y}"
    return f"{start.day}–{end.day} {end:%b %Y}"


def percent(share: float | None) -> str:
    """``78%``; an em dash when there is nothing to divide by."""
    return "—" if share is None else f"{share * 100:.0f}%"


def due_text(due_by: date | None, today: date) -> str:
    """When the next completion is needed to keep a streak: ``today``, ``by tomorrow``…"""
    if due_by is None:
        return ""
    days = (due_by - today).days
    if days <= 0:
        return "today"
    if days == 1:
        return "by tomorrow"
    return f"by {short_day(due_by)}"


def keep_text(habit: Habit, summary: Summary, today: date) -> str:
    """What it takes to keep the streak: ``today``, ``2 more by Sun``, ``done``."""
    if summary.due_by is None:
        if habit.weekly and summary.week_needed > summary.week_done:
            return f"{summary.week_needed - summary.week_done} more by Sun"
        return ""
    if habit.weekly and summary.due_by - today < timedelta(days=7):
        needed = summary.week_needed - summary.week_done
        if needed > 0:
            return f"{needed} more by {summary.due_by:%a}"
        return f"done · next {due_text(summary.due_by, today)}"
    return due_text(summary.due_by, today)


PAIN_BARS = "▁▂▃▄▅▆▇█"


def pain_bars(trend: PainTrend) -> str:
    """One character per day on an absolute 0–10 scale (``·`` for a day without a check-in)."""
    worst = dict(trend.days)
    days = (trend.today - trend.since).days + 1
    cells = []
    for offset in range(days):
        pain = worst.get(trend.since + timedelta(days=offset))
        cells.append("·" if pain is None else PAIN_BARS[round(pain * (len(PAIN_BARS) - 1) / 10)])
    return "".join(cells)


def pain_line(trend: PainTrend) -> str:
    """``Pain 30 d ▁▂·▃… latest 3 · adapted 1 · stopped 0``: one line for the history screen."""
    if not trend.days:
        return f"Pain 30 d: no check-ins yet · adapted {trend.adapted} · stopped {trend.stopped}"
    return (
        f"Pain 30 d {pain_bars(trend)} latest {trend.latest} · "
        f"adapted {trend.adapted} · stopped {trend.stopped}"
    )


def equipment_text(equipment: Iterable[str]) -> str:
    """What a routine or an exercise needs, as people say it: ``band, mat`` or ``nothing``."""
    return ", ".join(equipment) or "nothing"


def clipped(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters, an ellipsis saying it was cut."""
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"
