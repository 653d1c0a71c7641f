"""The adherence log: the only place SQL lives.

Rows are written the moment things happen (a session when it starts, a step when it ends), so a
killed terminal loses at most the step in progress. Every row carries a UUID, the UTC instant, the
UTC offset in force and the local day it counts for. The schema version lives in
``PRAGMA user_version``; migrations run in one transaction.
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import sqlite_utils

from coach.core.adherence import DUE, TAKEN
from coach.core.days import MIDNIGHT, local_day, to_utc_text, utc_offset_minutes
from coach.core.habits import REST_KINDS
from coach.core.safety import PRE_LIFT_TAG, RED_FLAGS, Answers

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


def _schema_safety(db: sqlite_utils.Database) -> None:
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


def _schema_history(db: sqlite_utils.Database) -> None:
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


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _schema_v1,
    _schema_v2_app_state,
    _schema_safety,
    _schema_history,
]
"""Index ``i`` brings a file from schema version ``i`` to ``i + 1``. Only ever append."""
SCHEMA_VERSION = len(MIGRATIONS)


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

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Many writes in one transaction (a synthetic log, an import): all or nothing."""
        with self.db.atomic():
            yield

    # -- sessions and steps ----------------------------------------------------------------

    def start_session(
        self,
        *,
        routine_id: str,
        routine_name: str,
        tags: tuple[str, ...] | list[str],
        planned_seconds: float,
        now: datetime,
        checkin_id: str | None = None,
    ) -> str:
        """Write the session row as the routine starts; returns its id.

        ``checkin_id``: the check-in that let this session start, linked to it here.
        """
        stamp = self.stamp(now)
        session_id = str(uuid.uuid4())
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
        if checkin_id is not None:
            self.link_checkin(checkin_id, session_id)
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
        step_id = str(uuid.uuid4())
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

    # -- check-ins and deloads ---------------------------------------------------------------

    def record_checkin(
        self,
        *,
        kind: str,
        answers: Answers,
        outcome: str | None,
        routine_id: str | None,
        now: datetime,
        session_id: str | None = None,
    ) -> str:
        """Write a check-in the moment it is answered; returns its id."""
        stamp = self.stamp(now)
        checkin_id = str(uuid.uuid4())
        row: dict[str, Any] = {
            "id": checkin_id,
            "at": stamp.utc,
            "utc_offset_min": stamp.offset,
            "local_date": stamp.day,
            "kind": kind,
            "pain": answers.pain,
            "outcome": outcome,
            "routine_id": routine_id,
            "session_id": session_id,
        }
        for flag in RED_FLAGS:
            answer = answers.flag(flag.key)
            row[flag.column] = None if answer is None else int(answer)
        self.db["checkins"].insert(row)
        return checkin_id

    def set_checkin_outcome(self, checkin_id: str, outcome: str) -> None:
        """The user's choice after the check-in (e.g. gentler instead of undecided)."""
        self.db["checkins"].update(checkin_id, {"outcome": outcome})

    def set_checkin_pain(self, checkin_id: str, pain: int) -> None:
        """Correct the pain of a check-in just given (a second key on the summary)."""
        self.db["checkins"].update(checkin_id, {"pain": pain})

    def link_checkin(self, checkin_id: str, session_id: str) -> None:
        """Tie a check-in to the session it let start."""
        self.db["checkins"].update(checkin_id, {"session_id": session_id})

    def checkin(self, checkin_id: str) -> dict[str, Any] | None:
        rows = list(self.db.query("SELECT * FROM checkins WHERE id = ?", [checkin_id]))
        return rows[0] if rows else None

    def checkins(self, since: date | None = None) -> list[dict[str, Any]]:
        """Check-ins, oldest first; from the local day ``since`` on when given."""
        return list(
            self.db.query(
                "SELECT * FROM checkins WHERE local_date >= ? ORDER BY at",
                [since.isoformat() if since else ""],
            )
        )

    def mark_deload(self, week_start: date, *, now: datetime) -> str:
        """Log that the week starting ``week_start`` is a deload week."""
        stamp = self.stamp(now)
        deload_id = str(uuid.uuid4())
        self.db["deloads"].insert(
            {
                "id": deload_id,
                "week_start": week_start.isoformat(),
                "marked_at": stamp.utc,
                "utc_offset_min": stamp.offset,
                "local_date": stamp.day,
            }
        )
        return deload_id

    def deload_weeks(self) -> list[date]:
        """The Mondays of the weeks marked as a deload, oldest first, each once."""
        rows = self.db.execute("SELECT DISTINCT week_start FROM deloads ORDER BY week_start")
        return [date.fromisoformat(row[0]) for row in rows.fetchall()]

    def prelift_sessions(self, since: date | None = None) -> list[dict[str, Any]]:
        """Sessions of routines tagged pre-lift (any status), oldest first."""
        return list(
            self.db.query(
                "SELECT id, routine_id, local_date, status FROM sessions"
                " WHERE ',' || tags || ',' LIKE ? AND local_date >= ? ORDER BY started_at",
                [f"%,{PRE_LIFT_TAG},%", since.isoformat() if since else ""],
            )
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
        """Sessions counted for a local day, oldest first (deleted ones left out)."""
        return list(
            self.db.query(
                "SELECT * FROM sessions WHERE local_date = ? AND deleted_at IS NULL "
                "ORDER BY started_at",
                [day.isoformat()],
            )
        )

    def iter_sessions(self) -> Iterator[dict[str, Any]]:
        yield from self.db.query("SELECT * FROM sessions ORDER BY started_at")

    # -- history: notes, soft deletion, marked days ----------------------------------------

    def set_note(self, session_id: str, note: str | None) -> None:
        """A note on a session; empty or None clears it."""
        with self.db.atomic():
            self.db.execute(
                "UPDATE sessions SET note = ? WHERE id = ?",
                [(note or "").strip() or None, session_id],
            )

    def delete_session(self, session_id: str, *, now: datetime) -> None:
        """Soft-delete: the session and its steps stay, every habit and list leaves it out."""
        with self.db.atomic():
            self.db.execute(
                "UPDATE sessions SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL",
                [to_utc_text(now), session_id],
            )

    def restore_session(self, session_id: str) -> None:
        """Undo :meth:`delete_session`."""
        with self.db.atomic():
            self.db.execute("UPDATE sessions SET deleted_at = NULL WHERE id = ?", [session_id])

    def mark_days(self, start: date, end: date, kind: str | None, *, now: datetime) -> int:
        """Mark every day from ``start`` to ``end`` as ``kind`` (one of REST_KINDS), replacing
        marks already there; ``kind=None`` clears them. Returns how many days changed."""
        if kind is not None and kind not in REST_KINDS:
            raise ValueError(f"kind must be one of {', '.join(REST_KINDS)}, got {kind!r}")
        if end < start:
            start, end = end, start
        stamp = self.stamp(now)
        days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
        with self.db.atomic():
            cleared = self.db.execute(
                "UPDATE day_marks SET deleted_at = ? "
                "WHERE deleted_at IS NULL AND local_date BETWEEN ? AND ?",
                [stamp.utc, start.isoformat(), end.isoformat()],
            ).rowcount
            if kind is None:
                return cleared
            self.db["day_marks"].insert_all(
                {
                    "id": str(uuid.uuid4()),
                    "local_date": day.isoformat(),
                    "kind": kind,
                    "created_at": stamp.utc,
                    "utc_offset_min": stamp.offset,
                    "deleted_at": None,
                }
                for day in days
            )
        return len(days)

    def day_marks(self) -> list[dict[str, Any]]:
        """Every marked day in force: ``local_date``, ``kind``."""
        return [
            {"local_date": day, "kind": kind}
            for day, kind in self.db.execute(
                "SELECT local_date, kind FROM day_marks WHERE deleted_at IS NULL"
            )
        ]

    def habit_sessions(self) -> list[dict[str, Any]]:
        """What habits need of every session not deleted: one query, no ordering."""
        cursor = self.db.execute(
            "SELECT started_at, utc_offset_min, status, tags, steps_done, steps_skipped "
            "FROM sessions WHERE deleted_at IS NULL"
        )
        return [
            {
                "started_at": started,
                "utc_offset_min": offset,
                "status": status,
                "tags": tags,
                "steps_done": done,
                "steps_skipped": skipped,
            }
            for started, offset, status, tags, done, skipped in cursor
        ]

    def break_days(self) -> list[dict[str, Any]]:
        """Per local day, breaks taken, due and snoozed (see coach.core.adherence for which
        outcomes are which); [] while the log has no ``breaks`` table."""
        if "breaks" not in self.db.table_names():
            return []
        taken = ", ".join("?" * len(TAKEN))
        due = ", ".join("?" * len(DUE))
        sql = (
            "SELECT local_date, "
            f"COUNT(*) FILTER (WHERE outcome IN ({taken})), "
            f"COUNT(*) FILTER (WHERE outcome IN ({due})), "
            f"COUNT(*) FILTER (WHERE outcome IN ({due}) AND snoozes > 0) "
            "FROM breaks GROUP BY local_date"
        )
        params = [*sorted(TAKEN), *sorted(DUE), *sorted(DUE)]
        return [
            {"local_date": day, "taken": taken_count, "due": due_count, "snoozed": snoozed}
            for day, taken_count, due_count, snoozed in self.db.execute(sql, params)
        ]

    def session_page(self, limit: int, before: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """Sessions not deleted, newest first, ``limit`` at a time; ``before`` is the
        ``(started_at, id)`` of the last row of the previous page."""
        if before is None:
            return list(
                self.db.query(
                    "SELECT * FROM sessions WHERE deleted_at IS NULL "
                    "ORDER BY started_at DESC, id DESC LIMIT ?",
                    [limit],
                )
            )
        return list(
            self.db.query(
                "SELECT * FROM sessions WHERE deleted_at IS NULL AND (started_at, id) < (?, ?) "
                "ORDER BY started_at DESC, id DESC LIMIT ?",
                [before[0], before[1], limit],
            )
        )

    def session_count(self) -> int:
        return int(
            self.db.execute("SELECT COUNT(*) FROM sessions WHERE deleted_at IS NULL").fetchone()[0]
        )
