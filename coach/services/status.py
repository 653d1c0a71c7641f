"""``coach status``: one short line for a tmux status bar or a shell prompt, or the same as JSON.

``next break 14:32 · mobility ✓ · streak 12``: the break schedule, whether morning mobility is
done today, and its current streak as ``coach history`` counts it.

tmux runs it every few seconds, so it reads the log through the store's plain-sqlite3, read-only
path and never imports Textual or sqlite-utils. The prompting coach keeps its schedule in the
``app_state`` table; whether that coach is still alive is checked by its pid.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from coach.core.days import from_stored, local_day, parse_hhmm
from coach.core.habits import HabitId, HabitRules, day_marks, session_tracks, summarize
from coach.core.work_hours import BreakPolicy, expected_breaks
from coach.services.config import Config
from coach.store import read_status
from coach.system.processes import pid_alive

STATE_KEY = "breaks.status"  # the same key coach.services.break_keeper writes
TAKEN = ("done", "self", "natural")


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
    found = read_status(db_path, day, state_key=STATE_KEY) or {}
    raw = found.get("state")
    state: dict[str, Any] = {}
    if raw:
        try:
            state = json.loads(raw)
        except ValueError:
            state = {}
    running = pid_alive(state.get("pid"))
    phase = state.get("phase") if running else None
    if not config.breaks.enabled:
        phase = "disabled"
    next_due = _when(state.get("next_due"), now) if running else None
    resumes = _when(state.get("resumes_at"), now) if running else None
    tally = found.get("tally", {})
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
        },
        "today": {
            "date": day.isoformat(),
            "taken": sum(tally.get(o, 0) for o in TAKEN),
            "snoozed": tally.get("snoozes", 0),
            "skipped": tally.get("skipped", 0),
            "missed": tally.get("missed", 0),
            "expected": expected_breaks(policy, day, tz),
        },
        "mobility_done": bool(found.get("mobility")),
        "mobility_streak": _streak(found, day_starts_at, day),
    }
    report["text"] = status_text(report, now)
    return report


def _streak(found: dict[str, Any], day_starts_at: time, today: date) -> int:
    """The morning-mobility streak as ``coach history`` counts it (rest days and all)."""
    sessions = found.get("morning") or []
    if not sessions:
        return 0
    marks = day_marks(found.get("marks") or [])
    track = session_tracks(sessions, marks, day_starts_at)[HabitId.MORNING]
    habit = HabitRules(day_starts_at=day_starts_at).habit(HabitId.MORNING)
    return summarize(habit, track, today).current.length


def _breaks_text(breaks: dict[str, Any], now: datetime) -> str:
    state = breaks["state"]
    next_break = breaks["next_break"]
    due = datetime.fromisoformat(next_break) if next_break else None
    if state == "sitting" and due is not None:
        return "break due now" if due <= now else f"next break {_clock_text(due, now)}"
    if state == "prompting":
        return "break due now"
    if state == "snoozed" and due is not None:
        return f"break snoozed to {_clock_text(due, now)}"
    if state == "away":
        return "on a break"
    if state == "busy":
        return "routine playing"
    if state == "off_hours":
        resumes = breaks["resumes_at"]
        if resumes:
            return f"breaks from {_clock_text(datetime.fromisoformat(resumes), now)}"
        return "no work hours"
    if state == "disabled":
        return "breaks off"
    return "coach not running"


def status_text(report: dict[str, Any], now: datetime) -> str:
    """``next break 14:32 · mobility ✓``."""
    parts = [_breaks_text(report["breaks"], now)]
    parts.append("mobility ✓" if report["mobility_done"] else "mobility –")
    if report["mobility_streak"]:
        parts.append(f"streak {report['mobility_streak']}")
    return " · ".join(parts)


def status_json(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, sort_keys=True)
