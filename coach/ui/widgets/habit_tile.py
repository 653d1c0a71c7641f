"""One habit at a glance: streak, best, strength, and what today asks for."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.message import Message

from coach.core.adherence import BreakTally
from coach.core.habit_day import HabitId
from coach.core.habits import Habit, done_today
from coach.core.streaks import DayState, Summary
from coach.text.formatting import count_text, keep_text, percent
from coach.ui.widgets.plain import Static

TILE_TEXT_WIDTH = 18


def streak_line(summary: Summary, width: int = TILE_TEXT_WIDTH) -> str:
    """``12 days · best 40``, shortened to ``12 d · best 40`` when it would not fit."""
    unit = summary.unit
    line = f"{count_text(summary.current.length, unit)} · best {summary.best.length}"
    if len(line) > width:
        line = f"{summary.current.length} {unit[0]} · best {summary.best.length}"
    return line


def today_line(habit: Habit, summary: Summary, today: date, breaks_today: BreakTally) -> str:
    if habit.id == HabitId.BREAKS:
        if breaks_today.due:
            return f"today {breaks_today.taken}/{breaks_today.due} taken"
        return "no breaks due yet"
    if done_today(summary) and not habit.weekly:
        return "done today ✓"
    if summary.today is DayState.REST:
        return "marked today"
    keep = keep_text(habit, summary, today)
    if habit.weekly:
        return f"{summary.week_done} of {summary.week_needed} this week"
    if keep == "today":
        return "due today"
    return keep or "not yet today"


class HabitTile(Static, can_focus=False):
    """A tile per habit; the selected one shows ▶ and is highlighted. Click to select."""

    class Selected(Message):
        def __init__(self, habit_id: HabitId) -> None:
            super().__init__()
            self.habit_id = habit_id

    def __init__(self, habit: Habit, **kwargs: Any) -> None:
        super().__init__("", **kwargs)
        self.habit = habit
        self.tooltip = f"{habit.name}: {habit.counts}"

    def show(
        self, summary: Summary, today: date, breaks_today: BreakTally, *, selected: bool
    ) -> None:
        self.set_class(selected, "-selected")
        marker = "▶ " if selected else "  "
        lines = [
            f"{marker}{self.habit.name}",
            f"  {streak_line(summary)}",
            f"  strength {percent(summary.strength)}",
            f"  {today_line(self.habit, summary, today, breaks_today)}",
        ]
        self.update("\n".join(lines))

    def on_click(self) -> None:
        self.post_message(self.Selected(self.habit.id))
