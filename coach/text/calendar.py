"""The heatmap as characters, shared by the heatmap widget and ``coach history``.

Levels differ by glyph, not only by colour, so the heatmap reads on a monochrome terminal.
"""

from __future__ import annotations

from datetime import date

from coach.core.habits import Heatmap
from coach.core.streaks import DayState, WeekState
from coach.core.vocabulary import RestKind

DAY_GLYPHS: dict[DayState, str] = {
    DayState.MORE: "█",
    DayState.DONE: "▓",
    DayState.TRIED: "░",
    DayState.MISSED: "·",
    DayState.PENDING: "○",
    DayState.REST: "r",
    DayState.OFF: " ",
    DayState.FUTURE: " ",
}

MARK_GLYPHS: dict[str, str] = {
    RestKind.REST: "r",
    RestKind.SICK: "s",
    RestKind.INJURY: "i",
    RestKind.TRAVEL: "t",
}

WEEK_GLYPHS: dict[WeekState, str] = {
    WeekState.MET: "✓",
    WeekState.MISSED: "✗",
    WeekState.PENDING: "…",
    WeekState.REST: "r",
    WeekState.OFF: " ",
}

LEGEND: tuple[str, ...] = (
    "█ done, and more  ▓ done  ░ tried  · missed  ○ today, not yet",
    "r s i t  rest, sick, injury, travel",
)
WEEK_LEGEND = "✓ ✗  week met, missed"


def day_glyph(state: DayState, mark: str | None = None) -> str:
    if state is DayState.REST or (state is DayState.FUTURE and mark):
        return MARK_GLYPHS.get(mark or RestKind.REST, "r")
    return DAY_GLYPHS[state]


def month_labels(grid: Heatmap, cell: int = 1) -> str:
    """Month names over the week each month begins in; the first month's name only if it
    doesn't crowd the next."""
    width = len(grid.weeks) * cell
    starts = []
    for i, week in enumerate(grid.weeks):
        first = next((c.day for c in week.days if c.day.day == 1), None)
        if first is not None:
            starts.append((i * cell, f"{first:%b}"))
    if not starts or starts[0][0] >= 4:
        starts.insert(0, (0, f"{grid.weeks[0].days[0].day:%b}"))
    row = [" "] * width
    free = 0
    for at, name in starts:
        if at >= free and at + len(name) <= width:
            row[at : at + len(name)] = name
            free = at + len(name) + 1
    return "".join(row)


STRENGTH_BARS = "▁▂▃▄▅▆▇█"
STRENGTH_SCALE = "strength ▁0–█100 %"
"""The strength chart's scale in words: the lowest bar is 0 %, the full block 100 %."""


def strength_glyph(value: float | None) -> str:
    """A bar as tall as the strength (0–1); blank before the habit began."""
    if value is None:
        return " "
    share = min(1.0, max(0.0, value))
    return STRENGTH_BARS[round(share * (len(STRENGTH_BARS) - 1))]


def period_text(first: date, end: date) -> str:
    """``Dec 2025 – Nov 2026``: the months a history page spans."""
    return f"{first:%b %Y} – {end:%b %Y}"
