"""What ``coach status`` reads: plain sqlite3, read-only, from a log at any schema version.

No sqlite-utils, no migrations, no writes, no files created: tmux runs this every few seconds.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

from coach.core.vocabulary import Tag
from coach.store.breaks import break_tally
from coach.store.files import read_only
from coach.store.schema import APPLICATION_ID
from coach.store.sessions import HABIT_COLUMNS, HabitSession, habit_session


def _morning_history(
    conn: sqlite3.Connection, with_marks: bool
) -> tuple[list[HabitSession], list[dict[str, Any]]]:
    """What the morning-mobility streak needs: its sessions (the fields coach.core.habits reads)
    and the marked days, from a log at any schema version."""
    alive = " AND deleted_at IS NULL" if with_marks else ""  # soft deletion came with day marks
    sessions = [
        habit_session(row)
        for row in conn.execute(
            f"SELECT {HABIT_COLUMNS} FROM sessions WHERE ',' || tags || ',' LIKE ?{alive}",
            [f"%,{Tag.MORNING},%"],
        )
    ]
    marks = []
    if with_marks:
        marks = [
            {"local_date": day, "kind": kind}
            for day, kind in conn.execute(
                "SELECT local_date, kind FROM day_marks WHERE deleted_at IS NULL"
            )
        ]
    return sessions, marks


def read_status(path: Path, day: date, *, state_key: str) -> dict[str, Any] | None:
    """What ``coach status`` prints, through plain sqlite3, read-only.

    No sqlite-utils, no migrations, no writes, no files created: tmux runs this every few
    seconds. None when there is no log (or no readable one); a log from before a table existed
    reads as having none of its rows.
    """
    if not path.is_file():
        return None
    try:
        with read_only(path) as conn:
            if conn.execute("PRAGMA application_id").fetchone()[0] not in (0, APPLICATION_ID):
                return None  # another program's file
            tables = {
                row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            result: dict[str, Any] = {"state": None, "tally": {"snoozes": 0}}
            if "app_state" in tables:
                row = conn.execute(
                    "SELECT value FROM app_state WHERE key = ?", [state_key]
                ).fetchone()
                result["state"] = row[0] if row else None
            if "breaks" in tables:
                result["tally"] = break_tally(conn, day)
            result["morning_sessions"], result["marks"] = _morning_history(
                conn, "day_marks" in tables
            )
            return result
    except sqlite3.Error:
        return None
