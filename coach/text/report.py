"""``coach history`` as text or JSON: the habit table, a character heatmap, break adherence.

Plain strings only (no Textual), so the command starts fast and its output pipes cleanly.
"""

from __future__ import annotations

import textwrap
from datetime import date
from typing import Any

from coach.core.adherence import BreakTally
from coach.core.habits import STRENGTH_EXPLAINED, HabitHistory, Heatmap
from coach.core.pain import PainTrend
from coach.core.streaks import RATE_WINDOWS, Streak
from coach.text.calendar import LEGEND, WEEK_GLYPHS, WEEK_LEGEND, day_glyph, month_labels
from coach.text.formatting import (
    count_text,
    day_heading,
    keep_text,
    pain_bars,
    percent,
    span_text,
)

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
NAME_WIDTH = 17
WRAP = 79


def habit_table(history: HabitHistory) -> list[str]:
    header = (
        f"{'Habit':<{NAME_WIDTH}}  {'Streak':<8} {'Best':<8} {'Strength':>8}  "
        + "  ".join(f"{f'{w} d':>4}" for w in RATE_WINDOWS)
        + "  Keep it"
    )
    lines = [header]
    for habit in history.habits:
        summary = history.summaries[habit.id]
        rates = "  ".join(f"{percent(summary.rates[w]):>4}" for w in RATE_WINDOWS)
        lines.append(
            f"{habit.name:<{NAME_WIDTH}}  "
            f"{count_text(summary.current.length, summary.unit):<8} "
            f"{count_text(summary.best.length, summary.unit):<8} "
            f"{percent(summary.strength):>8}  {rates}  "
            f"{keep_text(habit, summary, history.today)}".rstrip()
        )
    return lines


def best_text(best: Streak) -> str:
    if not best.length or best.start is None or best.end is None:
        return "no run yet"
    return f"best {span_text(best.start, best.end)}"


def detail_lines(history: HabitHistory) -> list[str]:
    lines = []
    for habit in history.habits:
        summary = history.summaries[habit.id]
        parts = [best_text(summary.best)]
        if summary.unit == "week":
            parts.append(f"{count_text(len(summary.missed), 'missed week')} in the last 12")
        else:
            parts.append(f"{count_text(len(summary.missed), 'missed day')} in the last 30")
        lines.append(f"{habit.name:<{NAME_WIDTH}}  " + " · ".join(parts))
    return lines


def breaks_line(weeks: list[tuple[date, BreakTally]]) -> str:
    if not any(tally.due for _, tally in weeks):
        return "Breaks taken / due: none due in the last 4 weeks"
    cells = []
    for monday, tally in weeks:
        label = "this week" if monday == weeks[-1][0] else f"w/c {monday.day} {monday:%b}"
        cells.append(f"{label} {tally.taken}/{tally.due}" if tally.due else f"{label} —")
    last = weeks[-1][1]
    snoozed = f"; {percent(last.snooze_share)} of this week's were snoozed" if last.due else ""
    return "Breaks taken / due: " + " · ".join(cells) + snoozed


def heatmap_block(history: HabitHistory, weeks: int) -> list[str]:
    """The habits' heatmaps side by side: a column per week, a row per weekday."""
    maps = [history.heatmap(habit.id, weeks) for habit in history.habits]
    width = max(weeks, 12)
    gap = "  "
    label = " " * 4
    titles = gap.join(f"{m.habit.short[:width]:<{width}}" for m in maps)
    months = gap.join(month_labels(maps[0]).ljust(width) for _ in maps)
    lines = [f"Last {weeks} weeks", label + titles, label + months]
    for weekday in range(7):
        row = gap.join(
            "".join(
                day_glyph(week.days[weekday].state, week.days[weekday].mark) for week in m.weeks
            ).ljust(width)
            for m in maps
        )
        lines.append(f"{WEEKDAYS[weekday]} {row}".rstrip())
    marks = gap.join(week_row(m).ljust(width) for m in maps)
    if marks.strip():
        lines.append(label + marks.rstrip())
    lines.append(LEGEND[0])
    lines.append(f"{LEGEND[1]}   {WEEK_LEGEND}")
    return lines


def week_row(grid: Heatmap) -> str:
    """For weekly habits, whether each week met its target."""
    if not grid.habit.weekly:
        return ""
    return "".join(WEEK_GLYPHS[week.state] if week.state else " " for week in grid.weeks)


def persistent_pain_notice(reason: str) -> str:
    """The calm notice home and the check-in show when pain persists: what the log shows and
    who to see, never why it hurts, and nothing it stops."""
    return (
        f"Your log shows {reason}. Pain that lasts is worth showing a doctor or "
        "physiotherapist; coach can't tell why it hurts."
    )


def persistent_line(pain: PainTrend) -> str:
    """Whether the persistent-pain rule holds now, why, and when its notice was shown."""
    if pain.persistent is None:
        return "Persistent pain: no (the notice is not due)"
    shown = f"; notice shown {pain.notice_shown_on.isoformat()}" if pain.notice_shown_on else ""
    return f"Persistent pain: yes, {pain.persistent}{shown}"


def pain_lines(pain: PainTrend) -> list[str]:
    """The last 30 days of back pain from the check-ins, what they changed, and whether the
    persistent-pain rule holds."""
    counts = f"adapted {pain.adapted} · stopped by a red flag {pain.stopped} · rest {pain.rested}"
    if not pain.days:
        return ["Back pain, last 30 days: no check-ins yet", counts, persistent_line(pain)]
    return [
        "Back pain, last 30 days (each day's highest, 0–10; · no check-in)",
        f"{pain_bars(pain)}  latest {pain.latest} · highest {pain.highest}",
        counts,
        persistent_line(pain),
    ]


def history_text(history: HabitHistory, weeks: int = 12, pain: PainTrend | None = None) -> str:
    rules = history.rules
    starts = f"{rules.day_starts_at:%H:%M}"
    lines = [
        f"coach history · {day_heading(history.today)} · days start at {starts}",
        "",
        *habit_table(history),
        "",
        *detail_lines(history),
        "",
        breaks_line(history.weekly_breaks(4)),
        "",
        *([*pain_lines(pain), ""] if pain is not None else []),
        *textwrap.wrap(STRENGTH_EXPLAINED, WRAP),
        "",
        *heatmap_block(history, weeks),
    ]
    return "\n".join(lines) + "\n"


# -- JSON ----------------------------------------------------------------------------------


def _day(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _streak(streak: Streak) -> dict[str, Any]:
    return {"length": streak.length, "start": _day(streak.start), "end": _day(streak.end)}


def pain_json(pain: PainTrend) -> dict[str, Any]:
    return {
        "since": pain.since.isoformat(),
        "days": [{"date": day.isoformat(), "pain": value} for day, value in pain.days],
        "adapted": pain.adapted,
        "stopped": pain.stopped,
        "rested": pain.rested,
        "persistent": {
            "holds": pain.persistent is not None,
            "reason": pain.persistent,
            "notice_shown_on": _day(pain.notice_shown_on),
        },
    }


def history_json(
    history: HabitHistory, weeks: int = 12, pain: PainTrend | None = None
) -> dict[str, Any]:
    """Everything the text says, as data (dates ISO, shares 0–1)."""
    habits = []
    for habit in history.habits:
        summary = history.summaries[habit.id]
        grid = history.heatmap(habit.id, weeks)
        days = [
            {"date": cell.day.isoformat(), "state": str(cell.state), "mark": cell.mark}
            for week in grid.weeks
            for cell in week.days
            if cell.day <= history.today
        ]
        entry: dict[str, Any] = {
            "id": str(habit.id),
            "name": habit.name,
            "counts": habit.counts,
            "unit": summary.unit,
            "current": _streak(summary.current),
            "best": _streak(summary.best),
            "strength": round(summary.strength, 4),
            "rates": {str(w): None if r is None else round(r, 4) for w, r in summary.rates.items()},
            "missed": [day.isoformat() for day in summary.missed],
            "due_by": _day(summary.due_by),
            "days_left": summary.days_left,
            "today": str(summary.today),
            "heatmap": days,
        }
        if habit.weekly:
            entry["per_week"] = habit.per_week
            entry["this_week"] = {"done": summary.week_done, "needed": summary.week_needed}
            entry["weeks"] = [
                {"week": week.monday.isoformat(), "state": str(week.state)} for week in grid.weeks
            ]
        habits.append(entry)
    breaks = [
        {
            "week": monday.isoformat(),
            "taken": tally.taken,
            "due": tally.due,
            "snoozed": tally.snoozed,
            "share": None if tally.share is None else round(tally.share, 4),
            "snooze_share": None if tally.snooze_share is None else round(tally.snooze_share, 4),
        }
        for monday, tally in history.weekly_breaks(weeks)
    ]
    return {
        "today": history.today.isoformat(),
        "day_starts_at": f"{history.rules.day_starts_at:%H:%M}",
        "break_target_share": history.rules.break_target_share,
        "habits": habits,
        "breaks": breaks,
        **({"pain": pain_json(pain)} if pain is not None else {}),
        "strength_explained": STRENGTH_EXPLAINED,
    }
