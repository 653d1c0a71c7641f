"""The heatmap as characters, shared by the heatmap widget and ``coach history``.

Levels differ by glyph, not only by colour, so the heatmap reads on a monochrome terminal.
"""

from __future__ import annotations

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
