"""The adherence log: the only place SQL lives.

Rows are written the moment things happen (a session when it starts, a step when it ends), so a
killed terminal loses at most the step in progress. Every row carries a UUID, the UTC instant, the
UTC offset in force and the local day it counts for. The schema version lives in
``PRAGMA user_version``; migrations run in one transaction.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from coach.core.days import MIDNIGHT, local_day, to_utc_text, utc_offset_minutes

if TYPE_CHECKING:
    # Imported for real inside Store.open: sqlite-utils costs ~100 ms to import, and
    # ``coach status`` (run by tmux every few seconds) reads through plain sqlite3 instead.
    import sqlite_utils

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


class StoreError(Exception):
    """The log cannot be used as it is; rendered as one line naming the file."""

    def __init__(self, path: Path | str, message: str) -> None:
        self.path = Path(path)
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class SessionStatus:
    RUNNING = "running"
    COMPLETED = "completed"
    PARTIAL = "partial"


def _schema_v1(db: sqlite_utils.Database) -> None:
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


def _schema_v2_app_state(db: sqlite_utils.Database) -> None:
    """Small facts coach remembers between runs (a notice seen, the next break due)."""
    db["app_state"].create({"key": str, "value": str, "updated_at": str}, pk="key")


def _schema_breaks(db: sqlite_utils.Database) -> None:
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
    db["breaks"].create_index(["local_date"], index_name="breaks_by_day")
    db["breaks"].create_index(["outcome", "answered_at"], index_name="breaks_by_outcome")


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _schema_v1,
    _schema_v2_app_state,
    _schema_breaks,
]
"""Index ``i`` brings a file from schema version ``i`` to ``i + 1``. Only ever append."""
SCHEMA_VERSION = len(MIGRATIONS)


def _new_id() -> str:
    import uuid  # here, not at the top: ``coach status`` never writes a row

    return str(uuid.uuid4())


def _looks_like_sqlite(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER


def _pid_alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass(frozen=True)
class Stamp:
    """A moment as stored: UTC text, offset and the local day it counts for."""

    utc: str
    offset: int
    day: str

    @classmethod
    def of(cls, at: datetime, day_starts_at: time) -> Stamp:
        return cls(
            to_utc_text(at), utc_offset_minutes(at), local_day(at, day_starts_at).isoformat()
        )


class Store:
    """One open log file. Construct with :meth:`open`."""

    def __init__(self, db: sqlite_utils.Database, path: Path, day_starts_at: time) -> None:
        self.db = db
        self.path = path
        self.day_starts_at = day_starts_at

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, *, day_starts_at: time = MIDNIGHT) -> Store:
        """Open (creating if needed) and migrate the log; never writes to a foreign file."""
        path = Path(path)
        exists = path.exists() and path.stat().st_size > 0
        if path.is_dir():
            raise StoreError(path, "is a directory; pass a file path with --db")
        if exists and not _looks_like_sqlite(path):
            raise StoreError(
                path, "is not a coach log (not an SQLite file); move it aside or pass --db PATH"
            )
        if not exists:
            try:
                path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                path.touch(mode=0o600, exist_ok=True)
            except OSError as exc:
                raise StoreError(path, f"cannot create the log ({exc.strerror})") from None
        import sqlite_utils

        conn: sqlite3.Connection | None = None
        try:
            conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
            db = sqlite_utils.Database(conn, execute_plugins=False)
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            store = cls(db, path, day_starts_at)
            store._migrate()
            if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                db.enable_wal()
            db.execute("PRAGMA foreign_keys = ON")
        except (sqlite3.DatabaseError, StoreError) as exc:
            # A refused file must not be held open (nor its -wal/-shm left behind).
            if conn is not None:
                conn.close()
            if isinstance(exc, StoreError):
                raise
            raise StoreError(path, f"cannot be opened as a coach log ({exc})") from None
        return store

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                self.path,
                f"was written by a newer coach (schema {version}, this one knows "
                f"{SCHEMA_VERSION}); upgrade coach to open it",
            )
        if version == 0 and self.db.table_names():
            raise StoreError(
                self.path,
                "is an SQLite file but not a coach log; move it aside or pass --db PATH",
            )
        if version == SCHEMA_VERSION:
            return
        with self.db.atomic():
            for migration in MIGRATIONS[version:]:
                migration(self.db)
            self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def close(self) -> None:
        self.db.close()

    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def stamp(self, at: datetime) -> Stamp:
        return Stamp.of(at, self.day_starts_at)

    # -- sessions and steps ----------------------------------------------------------------

    def start_session(
        self,
        *,
        routine_id: str,
        routine_name: str,
        tags: tuple[str, ...] | list[str],
        planned_seconds: float,
        now: datetime,
    ) -> str:
        """Write the session row as the routine starts; returns its id."""
        stamp = self.stamp(now)
        session_id = _new_id()
        self.db["sessions"].insert(
            {
                "id": session_id,
                "routine_id": routine_id,
                "routine_name": routine_name,
                "tags": ",".join(tags),
                "started_at": stamp.utc,
                "utc_offset_min": stamp.offset,
                "local_date": stamp.day,
                "ended_at": None,
                "status": SessionStatus.RUNNING,
                "planned_seconds": planned_seconds,
                "active_seconds": 0.0,
                "steps_done": 0,
                "steps_skipped": 0,
                "pid": os.getpid(),
            }
        )
        return session_id

    def record_step(
        self,
        session_id: str,
        *,
        position: int,
        step_number: int,
        exercise: str,
        side: str | None,
        set_number: int,
        kind: str,
        planned_seconds: float | None,
        reps: int | None,
        active_seconds: float,
        outcome: str,
        started: datetime,
        ended: datetime,
    ) -> str:
        """Write one step side the moment it ends, and keep the session's counts current."""
        start, end = self.stamp(started), self.stamp(ended)
        step_id = _new_id()
        counter = "steps_done" if outcome == "done" else "steps_skipped"
        with self.db.atomic():
            self.db["steps"].insert(
                {
                    "id": step_id,
                    "session_id": session_id,
                    "position": position,
                    "step_number": step_number,
                    "exercise": exercise,
                    "side": side,
                    "set_number": set_number,
                    "kind": kind,
                    "planned_seconds": planned_seconds,
                    "reps": reps,
                    "active_seconds": round(active_seconds, 3),
                    "outcome": outcome,
                    "started_at": start.utc,
                    "ended_at": end.utc,
                    "utc_offset_min": end.offset,
                    "local_date": end.day,
                }
            )
            self.db.execute(
                f"UPDATE sessions SET {counter} = {counter} + 1 WHERE id = ?", [session_id]
            )
        return step_id

    def finish_session(
        self, session_id: str, *, status: str, now: datetime, active_seconds: float
    ) -> None:
        """Close a session as completed or partial."""
        self.db["sessions"].update(
            session_id,
            {
                "status": status,
                "ended_at": self.stamp(now).utc,
                "active_seconds": round(active_seconds, 3),
            },
        )

    def close_abandoned(self, now: datetime) -> int:
        """Close sessions left running by a coach that is gone as ``partial``; returns how many."""
        rows = list(
            self.db.query("SELECT id, pid FROM sessions WHERE status = ?", [SessionStatus.RUNNING])
        )
        stale = [
            row["id"] for row in rows if row["pid"] != os.getpid() and not _pid_alive(row["pid"])
        ]
        if not stale:
            return 0
        ended = self.stamp(now).utc
        with self.db.atomic():
            for session_id in stale:
                last = self.db.execute(
                    "SELECT MAX(ended_at) FROM steps WHERE session_id = ?", [session_id]
                ).fetchone()[0]
                active = self.db.execute(
                    "SELECT COALESCE(SUM(active_seconds), 0) FROM steps WHERE session_id = ?",
                    [session_id],
                ).fetchone()[0]
                self.db.execute(
                    "UPDATE sessions SET status = ?, ended_at = ?, active_seconds = ? WHERE id = ?",
                    [SessionStatus.PARTIAL, last or ended, active, session_id],
                )
        return len(stale)

    # -- breaks ------------------------------------------------------------------------------

    def add_break_prompt(self, *, due_at: datetime, prompted_at: datetime) -> str:
        """Write the row for a prompt the moment it is shown; its outcome stays empty."""
        stamp = self.stamp(due_at)
        break_id = _new_id()
        self.db["breaks"].insert(
            {
                "id": break_id,
                "due_at": stamp.utc,
                "prompted_at": to_utc_text(prompted_at),
                "answered_at": None,
                "outcome": None,
                "snoozes": 0,
                "utc_offset_min": stamp.offset,
                "local_date": stamp.day,
                "started_at": None,
                "ended_at": None,
            }
        )
        return break_id

    def snooze_break(self, break_id: str) -> int | None:
        """Count one more snooze on a pending prompt; its new count, or None if it was answered."""
        with self.db.atomic():
            cursor = self.db.execute(
                "UPDATE breaks SET snoozes = snoozes + 1 WHERE id = ? AND outcome IS NULL",
                [break_id],
            )
            if cursor.rowcount == 0:
                return None
            return int(
                self.db.execute("SELECT snoozes FROM breaks WHERE id = ?", [break_id]).fetchone()[0]
            )

    def close_break(
        self,
        break_id: str,
        *,
        outcome: str,
        at: datetime,
        started: datetime | None = None,
        ended: datetime | None = None,
    ) -> bool:
        """Answer a pending prompt; False when something else answered it first."""
        with self.db.atomic():
            cursor = self.db.execute(
                "UPDATE breaks SET outcome = ?, answered_at = ?, started_at = ?, ended_at = ? "
                "WHERE id = ? AND outcome IS NULL",
                [
                    outcome,
                    to_utc_text(at),
                    to_utc_text(started) if started else None,
                    to_utc_text(ended) if ended else None,
                    break_id,
                ],
            )
            return cursor.rowcount == 1

    def log_break(
        self,
        *,
        outcome: str,
        at: datetime,
        due_at: datetime | None = None,
        started: datetime | None = None,
        ended: datetime | None = None,
    ) -> str:
        """A break with no prompt behind it (self, natural, away), counted for the day it began."""
        stamp = self.stamp(started or at)
        break_id = _new_id()
        self.db["breaks"].insert(
            {
                "id": break_id,
                "due_at": to_utc_text(due_at) if due_at else None,
                "prompted_at": None,
                "answered_at": to_utc_text(at),
                "outcome": outcome,
                "snoozes": 0,
                "utc_offset_min": stamp.offset,
                "local_date": stamp.day,
                "started_at": to_utc_text(started) if started else None,
                "ended_at": to_utc_text(ended) if ended else None,
            }
        )
        return break_id

    def end_break(self, break_id: str, ended: datetime) -> None:
        """When a natural break ended: the first key pressed after it."""
        self.db.execute(
            "UPDATE breaks SET ended_at = ? WHERE id = ?", [to_utc_text(ended), break_id]
        )

    def break_row(self, break_id: str) -> dict[str, Any] | None:
        rows = list(self.db.query("SELECT * FROM breaks WHERE id = ?", [break_id]))
        return rows[0] if rows else None

    def pending_break(self) -> dict[str, Any] | None:
        """The prompt waiting for an answer, if any (the newest, should there be several)."""
        rows = list(
            self.db.query(
                "SELECT * FROM breaks WHERE outcome IS NULL ORDER BY prompted_at DESC LIMIT 1"
            )
        )
        return rows[0] if rows else None

    def breaks_on(self, day: date) -> list[dict[str, Any]]:
        """Break rows counted for a local day, in the order they happened."""
        return list(
            self.db.query(
                "SELECT * FROM breaks WHERE local_date = ? "
                "ORDER BY COALESCE(prompted_at, started_at, answered_at)",
                [day.isoformat()],
            )
        )

    def break_tally(self, day: date) -> dict[str, int]:
        """Rows per outcome for a day (``pending`` for unanswered), plus ``snoozes`` used."""
        return _break_tally(self.db.conn, day)

    def breaks_answered_since(self, outcome: str, since_utc: str) -> list[dict[str, Any]]:
        """Rows with ``outcome`` answered after ``since_utc``, oldest first."""
        return list(
            self.db.query(
                "SELECT * FROM breaks WHERE outcome = ? AND answered_at > ? ORDER BY answered_at",
                [outcome, since_utc],
            )
        )

    def data_version(self) -> int:
        """Changes when another connection commits: a cheap "did anyone write?" per second."""
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])

    # -- small remembered facts -------------------------------------------------------------

    def get_state(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM app_state WHERE key = ?", [key]).fetchone()
        return default if row is None else row[0]

    def set_state(self, key: str, value: str | None, *, now: datetime) -> None:
        """Remember ``value`` under ``key`` (``None`` forgets it)."""
        with self.db.atomic():
            if value is None:
                self.db.execute("DELETE FROM app_state WHERE key = ?", [key])
            else:
                self.db["app_state"].upsert(
                    {"key": key, "value": value, "updated_at": to_utc_text(now)}, pk="key"
                )

    # -- reading ---------------------------------------------------------------------------

    def session(self, session_id: str) -> dict[str, Any] | None:
        rows = list(self.db.query("SELECT * FROM sessions WHERE id = ?", [session_id]))
        return rows[0] if rows else None

    def steps(self, session_id: str) -> list[dict[str, Any]]:
        return list(
            self.db.query(
                "SELECT * FROM steps WHERE session_id = ? ORDER BY ended_at, position",
                [session_id],
            )
        )

    def sessions_on(self, day: date) -> list[dict[str, Any]]:
        """Sessions counted for a local day, oldest first."""
        return list(
            self.db.query(
                "SELECT * FROM sessions WHERE local_date = ? ORDER BY started_at",
                [day.isoformat()],
            )
        )

    def iter_sessions(self) -> Iterator[dict[str, Any]]:
        yield from self.db.query("SELECT * FROM sessions ORDER BY started_at")


# -- the status line's read-only path --------------------------------------------------------


def _break_tally(conn: sqlite3.Connection, day: date) -> dict[str, int]:
    tally: dict[str, int] = {"snoozes": 0}
    for outcome, count, snoozes in conn.execute(
        "SELECT COALESCE(outcome, 'pending'), COUNT(*), COALESCE(SUM(snoozes), 0) "
        "FROM breaks WHERE local_date = ? GROUP BY outcome",
        [day.isoformat()],
    ):
        tally[outcome] = count
        tally["snoozes"] += snoozes
    return tally


def read_status(path: Path, day: date, *, state_key: str) -> dict[str, Any] | None:
    """What ``coach status`` prints, through plain sqlite3 opened read-only.

    No sqlite-utils, no migrations, no writes: tmux runs this every few seconds. Returns None
    when there is no log yet; a log from before breaks existed reads as having none.
    """
    if not path.is_file():
        return None
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=1.0)
    except sqlite3.Error:
        return None
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        result: dict[str, Any] = {"state": None, "mobility": False, "tally": {"snoozes": 0}}
        if version >= 2:
            row = conn.execute("SELECT value FROM app_state WHERE key = ?", [state_key]).fetchone()
            result["state"] = row[0] if row else None
        if version >= 1:
            result["mobility"] = (
                conn.execute(
                    "SELECT EXISTS(SELECT 1 FROM sessions WHERE local_date = ? AND status = ? "
                    "AND ',' || tags || ',' LIKE '%,morning,%')",
                    [day.isoformat(), SessionStatus.COMPLETED],
                ).fetchone()[0]
                == 1
            )
        if version >= 3:
            result["tally"] = _break_tally(conn, day)
        return result
    except sqlite3.Error:
        return None
    finally:
        conn.close()
