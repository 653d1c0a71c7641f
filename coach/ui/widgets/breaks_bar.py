"""Stand-up breaks week by week: a bar per week, as tall as the share taken of those due.

It lines up under the heatmap's weeks (same label width, same cell width). Height carries the
value, so it reads without colour; a week with nothing due is blank.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from coach.core.adherence import BreakTally
from coach.text.formatting import percent
from coach.ui.widgets.heatmap import LABEL_WIDTH, LEGEND_WIDTH, cell_width

BARS = "▁▂▃▄▅▆▇█"


def bar_glyph(tally: BreakTally) -> str:
    if not tally.due:
        return " "
    share = tally.share or 0.0
    return BARS[min(len(BARS) - 1, round(share * (len(BARS) - 1)))]


def summary_text(
    weeks: list[tuple[date, BreakTally]], target_share: float, *, current: bool = True
) -> str:
    """This week's breaks and the whole span's; ``current=False`` (an older year) leaves out
    this week."""
    if not any(tally.due for _, tally in weeks):
        return "No stand-up breaks were due in these weeks."
    this_week = weeks[-1][1]
    whole = BreakTally()
    for _, tally in weeks:
        whole = whole + tally
    parts = []
    if current and this_week.due:
        parts.append(
            f"This week {this_week.taken} of {this_week.due} breaks taken "
            f"({percent(this_week.share)}), {percent(this_week.snooze_share)} snoozed"
        )
    elif current:
        parts.append("None due this week yet")
    parts.append(f"{len(weeks)} weeks {percent(whole.share)} (target {percent(target_share)})")
    return " · ".join(parts)


class BreaksBar(Widget):
    DEFAULT_CSS = """
    BreaksBar {
        height: 2;
        width: 100%;
    }
    BreaksBar > .breaks-bar--label { color: $text-muted; }
    BreaksBar > .breaks-bar--met { color: $success; }
    BreaksBar > .breaks-bar--under { color: $warning; }
    """

    COMPONENT_CLASSES = {"breaks-bar--label", "breaks-bar--met", "breaks-bar--under"}

    weeks: reactive[list[tuple[date, BreakTally]]] = reactive(list, layout=True)

    def __init__(self, target_share: float = 0.75, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.target_share = target_share
        self.current = True
        """Whether the last week is this week (set before ``weeks``)."""

    def render(self) -> Text:
        weeks = self.weeks
        if not weeks:
            return Text("")
        label = self.get_component_rich_style("breaks-bar--label", partial=True)
        met = self.get_component_rich_style("breaks-bar--met", partial=True)
        under = self.get_component_rich_style("breaks-bar--under", partial=True)
        cell = cell_width(self.size.width, len(weeks))
        line = Text("Brk".ljust(LABEL_WIDTH), style=label)
        for _, tally in weeks:
            meets = tally.due and (tally.share or 0) + 1e-9 >= self.target_share
            line.append(bar_glyph(tally) * cell, style=met if meets else under)
        if self.size.width >= LABEL_WIDTH + cell * len(weeks) + LEGEND_WIDTH:
            line.append("  breaks taken / due", style=label)
        return Text("\n").join(
            [line, Text(summary_text(weeks, self.target_share, current=self.current), style=label)]
        )
