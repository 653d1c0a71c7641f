"""The selected habit's strength week by week: a bar per week, as tall as the strength.

It lines up under the heatmap's weeks (same label width, same cell width) as the breaks bar
does. Height carries the value, so it reads without colour; weeks before the habit began are
blank, and the scale is said in words beside it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from coach.text.calendar import STRENGTH_SCALE, strength_glyph
from coach.ui.widgets.heatmap import LABEL_WIDTH, LEGEND_WIDTH, cell_width


class StrengthChart(Widget):
    DEFAULT_CSS = """
    StrengthChart {
        height: 1;
        width: 100%;
    }
    StrengthChart > .strength-chart--label { color: $text-muted; }
    StrengthChart > .strength-chart--bar { color: $accent; }
    """

    COMPONENT_CLASSES = {"strength-chart--label", "strength-chart--bar"}

    weeks: reactive[list[tuple[date, float | None]]] = reactive(list, layout=True)
    """Each week's Monday and the strength (0–1) at its end, oldest first."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.tooltip = (
            "Strength at the end of each week (this week: today), "
            "from ▁ 0 % to █ 100 %; blank before the habit began"
        )

    def render(self) -> Text:
        weeks = self.weeks
        if not weeks:
            return Text("")
        label = self.get_component_rich_style("strength-chart--label", partial=True)
        bar = self.get_component_rich_style("strength-chart--bar", partial=True)
        cell = cell_width(self.size.width, len(weeks))
        line = Text("Str".ljust(LABEL_WIDTH), style=label)
        for _, value in weeks:
            line.append(strength_glyph(value) * cell, style=bar)
        if self.size.width >= LABEL_WIDTH + cell * len(weeks) + LEGEND_WIDTH:
            line.append(f"  {STRENGTH_SCALE}", style=label)
        return line
