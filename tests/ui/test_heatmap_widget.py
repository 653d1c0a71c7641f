"""The heatmap widget and the month labels it shares with ``coach history``."""

from __future__ import annotations

from datetime import date

from textual.app import App, ComposeResult

from coach.core.habits import HabitRules, heatmap
from coach.core.streaks import Track
from coach.text.calendar import month_labels
from coach.ui.widgets.heatmap import Heatmap, cell_width

TODAY = date(2026, 11, 25)  # a Wednesday
RULES = HabitRules()


def grid(weeks: int = 52, done: tuple[date, ...] = (), marks: dict[date, str] | None = None):
    levels = {day.toordinal(): 2 for day in done}
    track = Track(
        levels=levels,
        marks={day.toordinal(): kind for day, kind in (marks or {}).items()},
        start=min(levels) if levels else None,
    )
    return heatmap(RULES.habit("morning"), track, TODAY, weeks)


def test_months_are_labelled_over_the_week_they_begin() -> None:
    labels = month_labels(grid(12))
    # 12 weeks from Mon 7 Sep: October begins in the 4th column (week of 28 Sep),
    # November in the 8th (week of 26 Oct); September is dropped, too close to October.
    assert labels == "   Oct Nov    "[: len(labels)]
    assert labels.index("Oct") == 3 and labels.index("Nov") == 7
    wide = month_labels(grid(12), cell=2)
    assert wide.index("Oct") == 6 and wide.index("Sep") == 0


def test_two_character_cells_only_when_the_legend_still_fits() -> None:
    assert cell_width(80, 52) == 1
    assert cell_width(4 + 104 + 20, 52) == 2
    assert cell_width(4 + 104 + 19, 52) == 1


class Show(App[None]):
    def __init__(self, widget: Heatmap) -> None:
        super().__init__()
        self.widget = widget

    def compose(self) -> ComposeResult:
        yield self.widget


async def test_rows_are_weekdays_and_glyphs_carry_the_level() -> None:
    days = (date(2026, 11, 23), date(2026, 11, 24))
    widget = Heatmap(grid(52, done=days, marks={date(2026, 11, 22): "travel"}))
    app = Show(widget)
    async with app.run_test(size=(80, 12)):
        text = widget.render()
        lines = text.plain.splitlines()
        assert [line[:3] for line in lines[1:8]] == [
            "Mon",
            "Tue",
            "Wed",
            "Thu",
            "Fri",
            "Sat",
            "Sun",
        ]
        last = [line[4 + 51] for line in lines[1:8]]
        assert last == ["▓", "▓", "○", " ", " ", " ", " "]  # today not yet: ○
        assert lines[7][4 + 50] == "t"  # travel last Sunday
        assert lines[8][4 + 51] == "▲"
        assert "today Wed 25 Nov" in lines[0]
        assert "▓ done" in text.plain
        # Today's cell is reversed: more than colour marks it.
        spans = [s for s in text.spans if "reverse" in str(s.style)]
        assert spans, "today is not reversed"
