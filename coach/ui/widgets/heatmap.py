"""A calendar heatmap: a column per week (Monday at the top), a glyph per day.

Levels differ by glyph as well as colour (█ ▓ ░ ·), marked days show their kind's letter, today
is reversed with a ▲ under its week, months and weekdays are labelled, and a legend sits to the
right when there is room. Wide terminals get two-character cells.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.style import Style
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from coach.core.habits import Heatmap as HeatmapGrid
from coach.core.streaks import DayState, WeekState
from coach.text.calendar import WEEK_GLYPHS, day_glyph, month_labels

WEEKDAY_LABELS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
LABEL_WIDTH = 4
LEGEND_WIDTH = 20
"""Room the legend needs to the right of the grid, its two-space gap included."""

STATE_CLASSES: dict[DayState, str] = {
    DayState.MORE: "heatmap--more",
    DayState.DONE: "heatmap--done",
    DayState.TRIED: "heatmap--tried",
    DayState.MISSED: "heatmap--missed",
    DayState.PENDING: "heatmap--pending",
    DayState.REST: "heatmap--rest",
    DayState.OFF: "heatmap--off",
    DayState.FUTURE: "heatmap--off",
}


def cell_width(width: int, weeks: int) -> int:
    """Two characters a day when the grid still leaves room for the legend."""
    return 2 if width >= LABEL_WIDTH + 2 * weeks + LEGEND_WIDTH else 1


class Heatmap(Widget):
    """The last N weeks of one habit."""

    DEFAULT_CSS = """
    Heatmap {
        height: 9;
        width: 100%;
    }
    Heatmap > .heatmap--label { color: $text-muted; }
    Heatmap > .heatmap--more { color: $success; text-style: bold; }
    Heatmap > .heatmap--done { color: $success; }
    Heatmap > .heatmap--tried { color: $warning; }
    Heatmap > .heatmap--missed { color: $error 70%; }
    Heatmap > .heatmap--pending { color: $text; }
    Heatmap > .heatmap--rest { color: $accent; text-style: bold; }
    Heatmap > .heatmap--off { color: $text-disabled; }
    Heatmap > .heatmap--today { text-style: reverse bold; }
    """

    COMPONENT_CLASSES = {
        "heatmap--label",
        "heatmap--more",
        "heatmap--done",
        "heatmap--tried",
        "heatmap--missed",
        "heatmap--pending",
        "heatmap--rest",
        "heatmap--off",
        "heatmap--today",
    }

    grid: reactive[HeatmapGrid | None] = reactive(None, layout=True)

    def __init__(self, grid: HeatmapGrid | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.set_reactive(Heatmap.grid, grid)

    def style_of(self, name: str) -> Style:
        return self.get_component_rich_style(name, partial=True)

    def render(self) -> Text:
        grid = self.grid
        if grid is None or not grid.weeks:
            return Text("")
        cell = cell_width(self.size.width, len(grid.weeks))
        label = self.style_of("heatmap--label")
        today_style = self.style_of("heatmap--today")
        legend = self.legend_lines(grid)
        lines: list[Text] = []
        months = Text(" " * LABEL_WIDTH + month_labels(grid, cell), style=label)
        lines.append(months)
        for weekday in range(7):
            line = Text(f"{WEEKDAY_LABELS[weekday]:<{LABEL_WIDTH}}", style=label)
            for week in grid.weeks:
                day = week.days[weekday]
                glyph = day_glyph(day.state, day.mark) * cell
                style = self.style_of(STATE_CLASSES[day.state])
                if day.day == grid.today:
                    style = style + today_style
                line.append(glyph, style=style)
            lines.append(line)
        lines.append(self.marker_line(grid, cell, label))
        width = LABEL_WIDTH + cell * len(grid.weeks)
        for i, line in enumerate(lines):
            if i < len(legend) and self.size.width >= width + LEGEND_WIDTH:
                line.append("  ")
                line.append_text(legend[i])
        return Text("\n").join(lines)

    def marker_line(self, grid: HeatmapGrid, cell: int, label: Style) -> Text:
        """Weekly habits: whether each week met its target; and ▲ under this week (when the
        grid shows it: an older year has none)."""
        line = Text(" " * LABEL_WIDTH)
        for week in grid.weeks:
            if week.monday <= grid.today <= week.days[-1].day:
                line.append("▲".ljust(cell), style=self.style_of("heatmap--pending"))
                continue
            glyph = WEEK_GLYPHS[week.state] if week.state is not None else " "
            style = self.week_style(week.state)
            line.append(glyph.ljust(cell), style=style)
        return line

    def week_style(self, state: WeekState | None) -> Style:
        if state is WeekState.MET:
            return self.style_of("heatmap--done")
        if state is WeekState.MISSED:
            return self.style_of("heatmap--missed")
        if state is WeekState.REST:
            return self.style_of("heatmap--rest")
        return self.style_of("heatmap--label")

    def legend_lines(self, grid: HeatmapGrid) -> list[Text]:
        label = self.style_of("heatmap--label")
        entries = [
            (("█", "heatmap--more"), "done, and more"),
            (("▓", "heatmap--done"), "done"),
            (("░", "heatmap--tried"), "tried"),
            (("·", "heatmap--missed"), "missed"),
            (("○", "heatmap--pending"), "today, not yet"),
            (("r", "heatmap--rest"), "rest  s sick"),
            (("i", "heatmap--rest"), "injury  t travel"),
        ]
        lines = [Text(f"{today_text(grid.today)}", style=label)]
        for (glyph, style), text in entries:
            line = Text()
            line.append(glyph, style=self.style_of(style))
            line.append(f" {text}", style=label)
            lines.append(line)
        lines.append(Text("✓ ✗ week met/missed" if grid.habit.weekly else "", style=label))
        return lines


def today_text(day: date) -> str:
    return f"today {day:%a} {day.day} {day:%b}"
