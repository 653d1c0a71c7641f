"""``coach status``: one short line for a tmux status bar or a shell prompt, or the same as JSON.

``next break 14:32 · mobility ✓ · streak 12``: the break schedule, whether morning mobility is
done today, and its current streak, both exactly as ``coach history`` and home count them
(:func:`coach.core.habits.session_summary`).

tmux runs it every few seconds, so it reads the log through the store's plain-sqlite3, read-only
path and never imports Textual or sqlite-utils. The prompting coach keeps its schedule in the
``app_state`` table; whether that coach is still alive is checked by its pid and start time.
"""

from __future__ import annotations

import json
import math
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from coach.core.days import from_stored, local_day, parse_hhmm
from coach.core.habit_day import HabitId
from coach.core.habits import HabitRules, done_today, session_summary
from coach.core.streaks import Summary
from coach.core.vocabulary import BREAK_TAKEN, BreakOutcome, BreakPhase, StateKey
from coach.core.work_hours import BreakPolicy, expected_breaks
from coach.services.break_state import break_state
from coach.services.config import Config
from coach.store import read_status
from coach.system.processes import pid_alive


def _text_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _when(text: str | None, now: datetime) -> datetime | None:
    if not text:
        return None
    return from_stored(text, 0).astimezone(now.tzinfo)


def _clock_text(at: datetime, now: datetime) -> str:
    """``14:32`` today, ``Mon 09:00`` on another day."""
    return f"{at:%H:%M}" if at.date() == now.date() else f"{at:%a %H:%M}"


def status_report(db_path: Path, config: Config, now: datetime) -> dict[str, Any]:
    """Everything the status line says, as data (this is the JSON form)."""
    day_starts_at = parse_hhmm(config.habits.day_starts_at)
    day = local_day(now, day_starts_at)
    found = read_status(db_path, day, state_key=StateKey.BREAKS) or {}
    state = break_state(found.get("state"))
    running = pid_alive(state.get("pid"), _text_or_none(state.get("started")))
    phase = state.get("phase") if running else None
    if not config.breaks.enabled:
        phase = BreakPhase.DISABLED
    next_due = _when(state.get("next_due"), now) if running else None
    resumes = _when(state.get("resumes_at"), now) if running else None
    tally = found.get("tally", {})
    morning = _morning(found, day_starts_at, day)
    tz = now.tzinfo
    assert tz is not None
    policy = BreakPolicy.from_settings(config.breaks)
    report: dict[str, Any] = {
        "breaks": {
            "state": phase or "not_running",
            "next_break": next_due.isoformat(timespec="seconds") if next_due else None,
            "resumes_at": resumes.isoformat(timespec="seconds") if resumes else None,
            "snoozes": state.get("snoozes", 0) if running else 0,
            "coach_running": running,
            "prompted_by": (state.get("role") or "window") if running else None,
            "idle_source": state.get("idle_source") if running else None,
        },
        "today": {
            "date": day.isoformat(),
            "taken": sum(tally.get(o, 0) for o in BREAK_TAKEN),
            "snoozed": tally.get("snoozes", 0),
            "skipped": tally.get(BreakOutcome.SKIPPED, 0),
            "missed": tally.get(BreakOutcome.MISSED, 0),
            "expected": expected_breaks(policy, day, tz),
        },
        "mobility_done": done_today(morning),
        "mobility_streak": morning.current.length,
    }
    report["text"] = status_text(report, now)
    return report


def _morning(found: dict[str, Any], day_starts_at: time, today: date) -> Summary:
    """Morning mobility as ``coach history`` counts it: the same rows through the same core
    functions, so a deleted, skipped-through or partial session is never "done" here either,
    and each session's day follows the day start in force now."""
    return session_summary(
        HabitRules(day_starts_at=day_starts_at).habit(HabitId.MORNING),
        found.get("morning_sessions") or [],
        found.get("marks") or [],
        day_starts_at,
        today,
    )


GLANCE_MINUTES = 60
"""Within this, the status line counts down in minutes (``break in 12m``), which reads at a
glance in a status bar; further off it says the time (``break at 15:20``)."""


def _in(due: datetime, now: datetime) -> str:
    minutes = math.ceil((due - now).total_seconds() / 60)
    return f"in {minutes}m" if minutes <= GLANCE_MINUTES else f"at {_clock_text(due, now)}"


def _breaks_text(breaks: dict[str, Any], now: datetime) -> str:
    state = breaks["state"]
    next_break = breaks["next_break"]
    due = datetime.fromisoformat(next_break) if next_break else None
    if state == BreakPhase.SITTING and due is not None:
        return "break now" if due <= now else f"break {_in(due, now)}"
    if state == BreakPhase.PROMPTING:
        return "break now"
    if state == BreakPhase.SNOOZED and due is not None:
        return f"snoozed, break {_in(due, now)}"
    if state == BreakPhase.AWAY:
        return "on a break"
    if state == BreakPhase.BUSY:
        return "routine playing"
    if state == BreakPhase.OFF_HOURS:
        resumes = breaks["resumes_at"]
        if resumes:
            return f"breaks from {_clock_text(datetime.fromisoformat(resumes), now)}"
        return "no work hours"
    if state == BreakPhase.DISABLED:
        return "breaks off"
    return "coach not running"


def status_text(report: dict[str, Any], now: datetime) -> str:
    """``break in 32m · mobility ✓ · streak 12``: short enough for tmux's 40-column default."""
    parts = [_breaks_text(report["breaks"], now)]
    parts.append("mobility ✓" if report["mobility_done"] else "mobility –")
    if report["mobility_streak"]:
        parts.append(f"streak {report['mobility_streak']}")
    return " · ".join(parts)


def status_json(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, sort_keys=True)
