"""What every table, view and column of the log holds, in words: the one place they are written.

``coach datasette-metadata`` turns this into Datasette's metadata; a test checks that every column
of every table the migrations make is described here, so a new column cannot go without one.
"""

from __future__ import annotations

from dataclasses import dataclass

UTC = "(UTC, ISO-8601: 2026-11-25T07:42:10.123Z)"
OFFSET = "the UTC offset in force then, in minutes"
LOCAL_DATE = "the local day it counts for (YYYY-MM-DD)"
FLAG = ": 1 yes, 0 no, empty when not answered"


CHANGES = {
    "changed_at": "when the row last changed (UTC to the microsecond); what a merge or a sync "
    "orders two versions of a row by",
    "changed_on": "the id of the machine where it last changed (empty: before coach kept it)",
}
"""Every user table's last two columns."""


@dataclass(frozen=True)
class Described:
    title: str
    description: str
    columns: dict[str, str]


SESSION_COLUMNS = {
    "id": "UUID",
    "routine_id": "the routine played (its id)",
    "routine_name": "the routine's name when played",
    "tags": "the routine's tags, comma-separated (morning, pre-lift, desk, …)",
    "started_at": f"when it started {UTC}",
    "ended_at": f"when it ended {UTC}; empty while running",
    "utc_offset_min": OFFSET,
    "local_date": LOCAL_DATE,
    "status": "running, completed (reached the end, skips included) or partial (quit or killed)",
    "planned_seconds": "the planned length, in seconds",
    "active_seconds": "time actually spent, pauses excluded, in seconds",
    "steps_done": "how many of its step rows were done",
    "steps_skipped": "how many of its step rows were skipped",
    "pid": "the process id of the coach that ran it",
    "process_started": "when that process started (with pid, tells a live session from a left one)",
    "dose": "usual, or lighter when you chose to go lighter after the check-in",
    "note": "your note on it, or empty",
    "entered": "played (in coach's player) or by-hand (logged afterwards: no step rows)",
    "deleted_at": f"when you deleted it {UTC}; empty unless deleted (every habit leaves it out)",
    **CHANGES,
}

TABLES: dict[str, Described] = {
    "sessions": Described("Sessions", "One row per run of a routine.", SESSION_COLUMNS),
    "steps": Described(
        "Steps",
        "One row per set and side of a session's steps, done or skipped.",
        {
            "id": "UUID",
            "session_id": "the session (sessions.id)",
            "position": "its place among the session's steps, from 0",
            "step_number": "the routine's step it belongs to, from 1",
            "exercise": "the step's name",
            "side": "left, right or empty",
            "set_number": "which set, from 1",
            "kind": "hold, paced or open",
            "planned_seconds": "the planned seconds (empty for open steps)",
            "reps": "the planned repetitions, if any",
            "active_seconds": "time spent, in seconds",
            "outcome": "done or skipped",
            "started_at": f"when it started {UTC}",
            "ended_at": f"when it ended {UTC}",
            "utc_offset_min": OFFSET,
            "local_date": LOCAL_DATE,
            **CHANGES,
        },
    ),
    "checkins": Described(
        "Check-ins",
        "One row per pain check-in, written when it is answered.",
        {
            "id": "UUID",
            "at": f"when it was answered {UTC}",
            "utc_offset_min": OFFSET,
            "local_date": LOCAL_DATE,
            "kind": "before (before a routine) or after (how the back felt after one)",
            "pain": "pain 0–10; empty when skipped",
            "flag_persists": f"red flag, pain that persists and has not improved with rest{FLAG}",
            "flag_leg": f"red flag, pain radiating down a leg{FLAG}",
            "flag_numbness": f"red flag, weakness, numbness or tingling{FLAG}",
            "flag_sleep": f"red flag, pain that disturbs sleep or daily movement{FLAG}",
            "outcome": "go, skipped, stopped, lighter, gentler, rest_today, undecided; "
            "empty for after",
            "routine_id": "the routine it was asked for",
            "session_id": "the session it let start (sessions.id)",
            **CHANGES,
        },
    ),
    "deloads": Described(
        "Deload weeks",
        "One row per week marked as a deload week.",
        {
            "id": "UUID, made from the week (the same on every machine)",
            "week_start": "the Monday of that week (local date)",
            "marked_at": f"when it was marked {UTC}",
            "utc_offset_min": OFFSET,
            "local_date": LOCAL_DATE,
            "deleted_at": f"when the mark was taken back {UTC}; empty while in force",
            **CHANGES,
        },
    ),
    "day_marks": Described(
        "Marked days",
        "Days you marked (rest, sick, injury, travel); one row per day.",
        {
            "id": "UUID, made from the day (the same on every machine)",
            "local_date": "the day marked (YYYY-MM-DD, a local day as habits count them)",
            "kind": "rest, sick, injury or travel",
            "created_at": f"when you marked it {UTC}",
            "utc_offset_min": OFFSET,
            "deleted_at": f"when the mark was cleared {UTC}; empty while in force",
            **CHANGES,
        },
    ),
    "breaks": Described(
        "Stand-up breaks",
        "One row per break prompt, and per break taken or gap seen without one.",
        {
            "id": "UUID",
            "due_at": f"when the break fell due {UTC}",
            "prompted_at": f"when the prompt was first shown {UTC}; empty if nobody was prompted",
            "answered_at": f"when it was answered, marked missed, or the break was logged {UTC}",
            "outcome": "empty while the prompt waits; then done, skipped, missed, self, "
            "natural or away",
            "snoozes": "snoozes used on this prompt",
            "utc_offset_min": OFFSET,
            "local_date": LOCAL_DATE,
            "started_at": f"when you left {UTC}; natural and away only",
            "ended_at": f"when you came back {UTC}; natural and away only",
            **CHANGES,
        },
    ),
    "break_day_totals": Described(
        "Breaks per day",
        "Each day's breaks taken, due and snoozed, kept by triggers as breaks are written "
        "(bookkeeping for the habit stats; not user data, left out of exports and merges).",
        {
            "local_date": LOCAL_DATE,
            "packed": "taken + due × 2^20 + snoozed × 2^40: the day's counts in one integer",
        },
    ),
    "app_state": Described(
        "Remembered state",
        "Small facts coach remembers between runs (not user data; left out of exports).",
        {
            "key": "what is remembered (e.g. breaks.status, notice.medical_seen)",
            "value": "its value (text; JSON for breaks.status)",
            "updated_at": f"when it was last written {UTC}",
        },
    ),
}
"""Every table of the log."""

VIEWS: dict[str, Described] = {
    "counted_sessions": Described(
        "Counted sessions",
        "The sessions that count for habits: not deleted, completed, and either logged by hand "
        "or with at least one step done and no more skipped than done.",
        SESSION_COLUMNS,
    ),
}
"""Every view of the log (its columns are those of the table it reads)."""
