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
from coach.core.totals import Totals
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
MIN_WIDTH = 40
"""The narrowest ``coach history`` lays itself out for."""
GAP = "  "
LABEL = " " * 4


def fit(line: str, width: int) -> list[str]:
    """``line`` as lines of at most ``width`` characters, wrapped at spaces, the rest indented."""
    if len(line) <= width:
        return [line]
    return textwrap.wrap(line, width, subsequent_indent="  ", break_on_hyphens=False)


def fit_all(lines: list[str], width: int) -> list[str]:
    return [part for line in lines for part in fit(line, width)]


def pack(items: list[str], width: int, sep: str = "  ", indent: str = "") -> list[str]:
    """Items side by side, ``sep`` between them, as many to a line as fit in ``width``."""
    lines: list[str] = []
    line = ""
    for item in items:
        if line and len(line) + len(sep) + len(item) > width:
            lines.append(line)
            line = ""
        line = f"{line}{sep}{item}" if line else indent + item
    if line:
        lines.append(line)
    return fit_all(lines, width)


def habit_table(history: HabitHistory, width: int = 80) -> list[str]:
    """A row per habit; when that is wider than ``width``, a few short lines per habit."""
    lines = wide_habit_table(history)
    if max(len(line) for line in lines) <= width:
        return lines
    narrow = []
    for habit in history.habits:
        summary = history.summaries[habit.id]
        rates = " · ".join(f"{w} d {percent(summary.rates[w])}" for w in RATE_WINDOWS)
        narrow += [
            habit.name,
            *fit(
                f"  streak {count_text(summary.current.length, summary.unit)} · "
                f"best {count_text(summary.best.length, summary.unit)} · "
                f"strength {percent(summary.strength)}",
                width,
            ),
            *fit(f"  {rates}", width),
            *fit(f"  keep it: {keep_text(habit, summary, history.today)}", width),
        ]
    return narrow


def wide_habit_table(history: HabitHistory) -> list[str]:
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


def heatmap_layout(weeks: int, habits: int, width: int) -> tuple[int, int]:
    """How many of ``weeks`` fit (whole weeks, the newest kept) and how many habits side by
    side, in ``width`` columns: every week if one habit per row holds them, then as many
    habits per row as fit."""
    shown = min(weeks, width - len(LABEL))
    column = max(shown, 12)
    per_row = max(
        k for k in range(1, habits + 1) if len(LABEL) + k * column + (k - 1) * len(GAP) <= width
    )
    return shown, per_row


def heatmap_block(history: HabitHistory, weeks: int, width: int = 218) -> list[str]:
    """The habits' heatmaps: a column per week (the newest at the right), a row per weekday;
    side by side when they fit in ``width``, else in rows of habits; fewer weeks (and a line
    saying so) only when even one habit's weeks don't fit."""
    shown, per_row = heatmap_layout(weeks, len(history.habits), width)
    column = max(shown, 12)
    maps = [history.heatmap(habit.id, shown) for habit in history.habits]
    if shown < weeks:
        title = f"Last {shown} of {weeks} weeks (widen the terminal or pass --width)"
    else:
        title = f"Last {weeks} weeks"
    lines = fit(title, width)
    for at in range(0, len(maps), per_row):
        group = maps[at : at + per_row]
        if at:
            lines.append("")
        titles = GAP.join(f"{m.habit.short[:column]:<{column}}" for m in group)
        months = GAP.join(month_labels(m).ljust(column) for m in group)
        lines += [(LABEL + titles).rstrip(), (LABEL + months).rstrip()]
        for weekday in range(7):
            row = GAP.join(
                "".join(
                    day_glyph(week.days[weekday].state, week.days[weekday].mark) for week in m.weeks
                ).ljust(column)
                for m in group
            )
            lines.append(f"{WEEKDAYS[weekday]} {row}".rstrip())
        marks = GAP.join(week_row(m).ljust(column) for m in group)
        if marks.strip():
            lines.append(LABEL + marks.rstrip())
    if per_row < len(maps):
        lines.append("")
    lines += pack([*LEGEND[0].split("  "), LEGEND[1], WEEK_LEGEND], width)
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


def totals_lines(totals: Totals, width: int = 80) -> list[str]:
    """Active minutes per month as bars, counted sessions per routine, weekdays skipped."""
    lines = ["Totals"]
    if totals.months:
        lines += fit("Active minutes per month (every session; the last 12 months with any)", width)
        most = max(minutes for _, minutes in totals.months) or 1.0
        digits = len(str(round(most)))
        for month, minutes in totals.months:
            prefix = f"  {month:%b %Y}  {round(minutes):>{digits}} min  "
            bar = max(1, round(minutes / most * min(width - len(prefix), 40)))
            lines.append(prefix + "█" * bar)
    else:
        lines.append("Active minutes per month: none yet")
    if totals.routines:
        lines += fit("Sessions per routine (all time, those that count for the habits)", width)
        digits = len(str(totals.routines[0].sessions))
        room = width - 4 - digits
        name_width = min(max(len(c.name) for c in totals.routines), room)
        for count in totals.routines:
            name = count.name if len(count.name) <= room else count.name[: room - 1] + "…"
            lines.append(f"  {name:<{name_width}}  {count.sessions:>{digits}}")
    else:
        lines.append("Sessions per routine: none counted yet")
    if totals.since is not None:
        since = f"{totals.since.day} {totals.since:%b %Y}"
        lines += fit(f"Weekdays skipped (no session that counts, since {since})", width)
        items = [f"{WEEKDAYS[w.weekday]} {w.skipped} of {w.days}" for w in totals.weekdays]
        lines += pack(items, width, sep=" · ", indent="  ")
    return lines


def history_text(
    history: HabitHistory,
    weeks: int = 12,
    pain: PainTrend | None = None,
    totals: Totals | None = None,
    width: int = 80,
) -> str:
    """The whole report, every line at most ``width`` (at least :data:`MIN_WIDTH`) long."""
    width = max(width, MIN_WIDTH)
    rules = history.rules
    starts = f"{rules.day_starts_at:%H:%M}"
    lines = [
        *fit(f"coach history · {day_heading(history.today)} · days start at {starts}", width),
        "",
        *habit_table(history, width),
        "",
        *fit_all(detail_lines(history), width),
        "",
        *fit(breaks_line(history.weekly_breaks(4)), width),
        "",
        *([*fit_all(pain_lines(pain), width), ""] if pain is not None else []),
        *textwrap.wrap(STRENGTH_EXPLAINED, min(WRAP, width)),
        "",
        *heatmap_block(history, weeks, width),
        *(["", *totals_lines(totals, width)] if totals is not None else []),
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


def totals_json(totals: Totals) -> dict[str, Any]:
    return {
        "minutes_per_month": [
            {"month": f"{month:%Y-%m}", "minutes": round(minutes, 1)}
            for month, minutes in totals.months
        ],
        "sessions_per_routine": [
            {"routine_id": c.routine_id, "name": c.name, "sessions": c.sessions}
            for c in totals.routines
        ],
        "since": _day(totals.since),
        "weekdays_skipped": [
            {"weekday": WEEKDAYS[w.weekday], "skipped": w.skipped, "days": w.days}
            for w in totals.weekdays
        ],
    }


def history_json(
    history: HabitHistory,
    weeks: int = 12,
    pain: PainTrend | None = None,
    totals: Totals | None = None,
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
        **({"totals": totals_json(totals)} if totals is not None else {}),
        "strength_explained": STRENGTH_EXPLAINED,
    }
