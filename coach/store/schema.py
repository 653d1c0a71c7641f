"""The log's schema: named migrations on ``PRAGMA user_version``, only ever appended.

Migration ``i`` (0-based) brings a file from schema version ``i`` to ``i + 1``; all that a file
needs run in one transaction, through the write funnel. Each is named for what it adds, so a
failure says which step could not be made.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from coach.core.vocabulary import Dose, Entry, SessionStatus

if TYPE_CHECKING:
    from coach.store.connection import LazyLogDatabase


def _schema_v1(db: LazyLogDatabase) -> None:
    db["sessions"].create(
        {
            "id": str,
            "routine_id": str,
            "routine_name": str,
            "tags": str,
            "started_at": str,
            "utc_offset_min": int,
            "local_date": str,
            "ended_at": str,
            "status": str,
            "planned_seconds": float,
            "active_seconds": float,
            "steps_done": int,
            "steps_skipped": int,
            "pid": int,
        },
        pk="id",
        not_null={"routine_id", "started_at", "utc_offset_min", "local_date", "status"},
        defaults={"active_seconds": 0.0, "steps_done": 0, "steps_skipped": 0},
    )
    db["steps"].create(
        {
            "id": str,
            "session_id": str,
            "position": int,
            "step_number": int,
            "exercise": str,
            "side": str,
            "set_number": int,
            "kind": str,
            "planned_seconds": float,
            "reps": int,
            "active_seconds": float,
            "outcome": str,
            "started_at": str,
            "ended_at": str,
            "utc_offset_min": int,
            "local_date": str,
        },
        pk="id",
        foreign_keys=[("session_id", "sessions", "id")],
        not_null={"session_id", "exercise", "outcome", "ended_at", "local_date"},
    )
    db["sessions"].create_index(["local_date"], index_name="sessions_by_day")
    db["sessions"].create_index(["status"], index_name="sessions_by_status")
    db["steps"].create_index(["session_id"], index_name="steps_by_session")


def _schema_v2_app_state(db: LazyLogDatabase) -> None:
    """Small facts coach remembers between runs (a notice seen, the next break due)."""
    db["app_state"].create({"key": str, "value": str, "updated_at": str}, pk="key")


def _schema_safety(db: LazyLogDatabase) -> None:
    """Check-ins (pain, red flags, what happened) and the weeks marked as a deload."""
    db["checkins"].create(
        {
            "id": str,
            "at": str,
            "utc_offset_min": int,
            "local_date": str,
            "kind": str,
            "pain": int,
            "flag_persists": int,
            "flag_leg": int,
            "flag_numbness": int,
            "flag_sleep": int,
            "outcome": str,
            "routine_id": str,
            "session_id": str,
        },
        pk="id",
        foreign_keys=[("session_id", "sessions", "id")],
        not_null={"at", "utc_offset_min", "local_date", "kind"},
    )
    db["checkins"].create_index(["local_date"], index_name="checkins_by_day")
    db["deloads"].create(
        {
            "id": str,
            "week_start": str,
            "marked_at": str,
            "utc_offset_min": int,
            "local_date": str,
        },
        pk="id",
        not_null={"week_start", "marked_at", "utc_offset_min", "local_date"},
    )


def _schema_history(db: LazyLogDatabase) -> None:
    """Typed rest days; a note on a session, and soft deletion so a delete can be undone."""
    db.execute(
        """
        CREATE TABLE day_marks (
            id TEXT PRIMARY KEY,
            local_date TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('rest', 'sick', 'injury', 'travel')),
            created_at TEXT NOT NULL,
            utc_offset_min INTEGER NOT NULL,
            deleted_at TEXT
        )
        """
    )
    db.execute(
        "CREATE UNIQUE INDEX day_marks_one_per_day ON day_marks (local_date) "
        "WHERE deleted_at IS NULL"
    )
    db["sessions"].add_column("note", str)
    db["sessions"].add_column("deleted_at", str)
    db["sessions"].create_index(["started_at"], index_name="sessions_by_start")


def _schema_breaks(db: LazyLogDatabase) -> None:
    """One row per break prompt, and per break taken or gap seen without one."""
    db["breaks"].create(
        {
            "id": str,
            "due_at": str,
            "prompted_at": str,
            "answered_at": str,
            "outcome": str,
            "snoozes": int,
            "utc_offset_min": int,
            "local_date": str,
            "started_at": str,
            "ended_at": str,
        },
        pk="id",
        not_null={"utc_offset_min", "local_date", "snoozes"},
        defaults={"snoozes": 0},
    )
    # A day's tally (and the history's per-day adherence) reads this index alone.
    db["breaks"].create_index(["local_date", "outcome", "snoozes"], index_name="breaks_by_day")
    # The one prompt waiting for an answer, and answers given since a moment (other shells).
    db.execute("CREATE INDEX breaks_pending ON breaks (prompted_at) WHERE outcome IS NULL")
    db["breaks"].create_index(["answered_at"], index_name="breaks_by_answer")


APPLICATION_ID = int.from_bytes(b"cach", "big")
"""``PRAGMA application_id`` of every coach log (0x63616368, ASCII "cach"): the mark that tells a
coach log from another program's SQLite file, whatever its tables are called."""


def _schema_application_id(db: LazyLogDatabase) -> None:
    """The mark only coach writes (a log made before it has exactly coach's tables)."""
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def _schema_process_started(db: LazyLogDatabase) -> None:
    """When the process that plays a session started: with the pid, it names that process, so
    a zombie or a reused pid is not taken for a live coach."""
    db.execute("ALTER TABLE sessions ADD COLUMN process_started TEXT")


def _schema_dose(db: LazyLogDatabase) -> None:
    """Which dose a session played (coach.core.vocabulary.Dose): the usual one, or lighter after
    a check-in found pain. Sessions logged before it played the usual dose."""
    db.execute(f"ALTER TABLE sessions ADD COLUMN dose TEXT NOT NULL DEFAULT '{Dose.USUAL}'")


CHANGED_FROM = {
    "sessions": "COALESCE(deleted_at, ended_at, started_at)",
    "steps": "ended_at",
    "checkins": "at",
    "deloads": "marked_at",
    "day_marks": "COALESCE(deleted_at, created_at)",
    "breaks": "COALESCE(ended_at, answered_at, prompted_at, started_at, due_at)",
}
"""What an older row's last change is taken to be: the latest time it carries."""
MARK_NAMESPACE = "6f1c6c2e-0d8e-4c55-9a8a-63616368d4a7"
"""The UUID namespace of the ids a day mark and a deload take from their day (uuid5)."""


def mark_id(kind: str, day: str) -> str:
    """A day mark's (``kind="day"``) or a deload week's (``kind="deload"``) id: the same on every
    machine, so two machines marking one day mark one row, and the later change wins."""
    import uuid

    return str(uuid.uuid5(uuid.UUID(MARK_NAMESPACE), f"{kind}:{day}"))


def _schema_changes(db: LazyLogDatabase) -> None:
    """When and where each row last changed (``changed_at``, UTC with microseconds, and
    ``changed_on``, the machine's id), so a merge takes the later change of a row; deloads can be
    unmarked (``deleted_at``); a day's mark and a week's deload are one row on every machine.

    Older rows take their latest own time and no machine (``''``). Day marks and deloads are
    re-keyed to their day: of the rows one day had, the latest stays (a mark in force first)."""
    for table, taken_from in CHANGED_FROM.items():
        db.execute(f"ALTER TABLE [{table}] ADD COLUMN changed_at TEXT")
        db.execute(f"ALTER TABLE [{table}] ADD COLUMN changed_on TEXT NOT NULL DEFAULT ''")
        db.execute(f"UPDATE [{table}] SET changed_at = COALESCE({taken_from}, '')")
    db.execute("ALTER TABLE deloads ADD COLUMN deleted_at TEXT")
    for table, day_column, kind in (
        ("day_marks", "local_date", "day"),
        ("deloads", "week_start", "deload"),
    ):
        rows = db.execute(
            f"SELECT id, [{day_column}] FROM [{table}] "
            f"ORDER BY [{day_column}], deleted_at IS NULL, changed_at, id"
        ).fetchall()
        keep = {day: row_id for row_id, day in rows}  # the last of each day: live, latest
        kept = set(keep.values())
        for row_id, _ in rows:
            if row_id not in kept:
                db.execute(f"DELETE FROM [{table}] WHERE id = ?", [row_id])
        for day, row_id in keep.items():
            db.execute(f"UPDATE [{table}] SET id = ? WHERE id = ?", [mark_id(kind, day), row_id])


COUNTS_AS_DONE = (
    f"status = '{SessionStatus.COMPLETED}' "
    f"AND (entered = '{Entry.BY_HAND}' OR (COALESCE(steps_done, 0) > 0 "
    "AND COALESCE(steps_done, 0) >= COALESCE(steps_skipped, 0)))"
)
"""coach.core.habits.counts_as_done in SQL (true, or false or NULL where it says False)."""
COUNTED_SESSIONS = f"(deleted_at IS NULL OR deleted_at = '') AND {COUNTS_AS_DONE}"
"""Which sessions count for habits, in SQL: coach.core.habits.counts_as_done on a session that
is not deleted (a test compares the two)."""


def _schema_entered(db: LazyLogDatabase) -> None:
    """How a session came into the log (coach.core.vocabulary.Entry): played, or logged by hand
    afterwards. Sessions logged before it were played."""
    db.execute(f"ALTER TABLE sessions ADD COLUMN entered TEXT NOT NULL DEFAULT '{Entry.PLAYED}'")


def _schema_counted_view(db: LazyLogDatabase) -> None:
    """``counted_sessions``: the sessions that count for habits, for Datasette and plain SQL."""
    db.execute(f"CREATE VIEW counted_sessions AS SELECT * FROM sessions WHERE {COUNTED_SESSIONS}")


def _schema_habit_days_index(db: LazyLogDatabase) -> None:
    """``sessions_for_habits``: what the habits read of every live session (store.habit_days),
    in one small index that leads with the tag list it groups by, so that read neither visits
    the table nor sorts."""
    db.execute(
        "CREATE INDEX sessions_for_habits ON sessions (tags, started_at, utc_offset_min, status, "
        "entered, steps_done, steps_skipped) WHERE deleted_at IS NULL"
    )


BREAK_PACK_BITS = 20
"""Bits per count in a day's packed break totals: a day holds fewer than a million breaks (one
every 86 ms), so taken, due and snoozed fit one 64-bit integer."""


def break_packed(row: str) -> str:
    """SQL for what one ``breaks`` row (``NEW`` or ``OLD`` in a trigger, or the table itself)
    adds to its day's packed totals: taken in the low bits, due above, snoozed above that
    (coach.core.vocabulary's BREAK_TAKEN and BREAK_DUE say which outcomes are which)."""
    from coach.core.vocabulary import BREAK_DUE, BREAK_TAKEN

    taken, due, snoozed = 1, 1 << BREAK_PACK_BITS, 1 << (2 * BREAK_PACK_BITS)
    cases = " ".join(
        f"WHEN '{outcome}' THEN {taken + due if outcome in BREAK_TAKEN else due}"
        for outcome in sorted(BREAK_DUE)
    )
    return (
        f"(CASE {row}.outcome {cases} ELSE 0 END"
        f" + CASE WHEN {row}.outcome IN ({', '.join(repr(str(o)) for o in sorted(BREAK_DUE))})"
        f" AND {row}.snoozes > 0 THEN {snoozed} ELSE 0 END)"
    )


def _schema_break_day_totals(db: LazyLogDatabase) -> None:
    """``break_day_totals``: each day's breaks taken, due and snoozed, kept by triggers as the
    ``breaks`` rows are written (by coach, a merge or an import alike), so the habit stats read
    a row a day rather than summing every break of the log (the heaviest read of history over
    ten years). Bookkeeping, not user data: keyed by the day, it is neither exported nor merged;
    each log keeps its own from its own rows."""
    db.execute(
        "CREATE TABLE break_day_totals (local_date TEXT PRIMARY KEY, packed INTEGER NOT NULL)"
    )
    add = (
        "INSERT INTO break_day_totals (local_date, packed) VALUES (NEW.local_date, {new})"
        " ON CONFLICT (local_date) DO UPDATE SET packed = packed + excluded.packed"
    ).format(new=break_packed("NEW"))
    take = (
        "UPDATE break_day_totals SET packed = packed - {old} WHERE local_date = OLD.local_date"
    ).format(old=break_packed("OLD"))
    db.execute(f"CREATE TRIGGER break_day_totals_insert AFTER INSERT ON breaks BEGIN {add}; END")
    db.execute(f"CREATE TRIGGER break_day_totals_delete AFTER DELETE ON breaks BEGIN {take}; END")
    db.execute(
        "CREATE TRIGGER break_day_totals_update AFTER UPDATE OF local_date, outcome, snoozes"
        f" ON breaks BEGIN {take}; {add}; END"
    )
    db.execute(
        "INSERT INTO break_day_totals (local_date, packed)"
        f" SELECT local_date, SUM({break_packed('breaks')}) FROM breaks GROUP BY local_date"
    )


def _schema_prelift_index(db: LazyLogDatabase) -> None:
    """``sessions_prelift``: what home reads of two years of sessions for the deload and
    rotation lines (store.prelift_sessions), in start order, so that read at every start neither
    visits the table's rows (a fifth of the log's pages over ten years, held in SQLite's cache
    for the whole run) nor sorts."""
    db.execute(
        "CREATE INDEX sessions_prelift ON sessions (started_at, tags, id, routine_id, local_date, "
        "status)"
    )


@dataclass(frozen=True)
class Migration:
    """One step of the schema: ``apply`` brings a file from the version before to the next."""

    name: str
    apply: Callable[[LazyLogDatabase], None]

    def __call__(self, db: LazyLogDatabase) -> None:
        self.apply(db)


MIGRATIONS: list[Migration] = [
    Migration("sessions and steps", _schema_v1),
    Migration("app_state", _schema_v2_app_state),
    Migration("check-ins and deloads", _schema_safety),
    Migration("day marks, notes and soft deletion", _schema_history),
    Migration("breaks", _schema_breaks),
    Migration("the coach mark (application_id)", _schema_application_id),
    Migration("process start times", _schema_process_started),
    Migration("the dose a session played", _schema_dose),
    Migration("when and where each row changed", _schema_changes),
    Migration("sessions entered by hand", _schema_entered),
    Migration("the counted_sessions view", _schema_counted_view),
    Migration("an index of what habits read of sessions", _schema_habit_days_index),
    Migration("each day's break totals, kept by triggers", _schema_break_day_totals),
    Migration("an index of what home reads of pre-lift sessions", _schema_prelift_index),
]
"""Index ``i`` brings a file from schema version ``i`` to ``i + 1``. Only ever append."""
SCHEMA_VERSION = len(MIGRATIONS)
MARKED_FROM = 6
"""The first version whose logs carry :data:`APPLICATION_ID`; an unmarked log claiming this
version or later is not coach's."""


@functools.cache
def tables_at(version: int) -> dict[str, frozenset[str]]:
    """The tables, and their columns, that ``MIGRATIONS[:version]`` make: what a log coach wrote
    at that version has, exactly (how an unmarked old log is told from another program's)."""
    from coach.store.connection import LazyLogDatabase

    db = LazyLogDatabase(sqlite3.connect(":memory:"), Path(":memory:"), 0.0)
    try:
        with db.writing():
            for migration in MIGRATIONS[:version]:
                migration(db)
        return table_columns(db.conn)
    finally:
        db.close()


def table_columns(conn: sqlite3.Connection | LazyLogDatabase) -> dict[str, frozenset[str]]:
    """Every table of a database (SQLite's own left out) and the names of its columns."""
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {
        name: frozenset(column[1] for column in conn.execute(f"PRAGMA table_info([{name}])"))
        for name in names
    }
