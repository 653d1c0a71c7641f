"""The log: created safely, written the moment things happen, and never writing to a stranger."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

import coach.store.schema
from coach.core.vocabulary import SessionStatus
from coach.store import SCHEMA_VERSION, LogWriteError, Store, StoreError
from coach.system.processes import own_start, process_started
from tests.store.conftest import assert_changed_here


def other_connection(path: Path) -> sqlite3.Connection:
    """A second reader, like another coach process: it only sees committed rows."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    return conn


def read_one(path: Path, sql: str, params: tuple[Any, ...] = ()) -> dict[str, Any]:
    conn = other_connection(path)
    try:
        row = conn.execute(sql, params).fetchone()
        return dict(row) if row is not None else {}
    finally:
        conn.close()


def start(store: Store, now: datetime, routine_id: str = "morning-mobility") -> str:
    return store.start_session(
        routine_id=routine_id,
        routine_name="Morning mobility",
        tags=("morning", "gentle"),
        planned_seconds=580.0,
        now=now,
    )


def record(
    store: Store,
    session_id: str,
    ended: datetime,
    *,
    outcome: str = "done",
    active: float = 60.0,
    position: int = 1,
) -> str:
    return store.record_step(
        session_id,
        position=position,
        step_number=2,
        exercise="Pigeon stretch",
        side="left",
        set_number=1,
        kind="hold",
        planned_seconds=60.0,
        reps=None,
        active_seconds=active,
        outcome=outcome,
        started=ended - timedelta(seconds=active),
        ended=ended,
    )


def set_pid(path: Path, session_id: str, pid: int) -> None:
    """The session now belongs to process ``pid`` (as that process would have written it)."""
    conn = other_connection(path)
    with conn:
        conn.execute(
            "UPDATE sessions SET pid = ?, process_started = ? WHERE id = ?",
            (pid, process_started(pid), session_id),
        )
    conn.close()


def files_in(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


# -- opening -------------------------------------------------------------------------------


def test_open_creates_a_private_file_and_its_directory(db_path: Path) -> None:
    assert not db_path.parent.exists()
    store = Store.open(db_path)
    try:
        assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
        assert stat.S_IMODE(db_path.parent.stat().st_mode) == 0o700
        assert store.schema_version() == SCHEMA_VERSION
        assert {"sessions", "steps"} <= set(store.db.table_names())
    finally:
        store.close()
    # What another process sees once this one is gone.
    assert read_one(db_path, "PRAGMA journal_mode") == {"journal_mode": "wal"}
    assert read_one(db_path, "PRAGMA user_version") == {"user_version": SCHEMA_VERSION}


def test_open_enforces_foreign_keys(store: Store, now: datetime) -> None:
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with pytest.raises(LogWriteError, match="FOREIGN KEY constraint failed"):
        record(store, "no-such-session", now)


def test_reopening_keeps_the_rows(db_path: Path, now: datetime) -> None:
    store = Store.open(db_path)
    session_id = start(store, now)
    store.close()

    again = Store.open(db_path)
    try:
        assert again.schema_version() == SCHEMA_VERSION
        assert again.session(session_id) is not None
    finally:
        again.close()


def test_an_empty_file_is_refused_not_adopted(tmp_path: Path) -> None:
    """An empty file may be anything that was about to be written; coach never leaves one (a
    new log is made whole beside its name, then moved there)."""
    path = tmp_path / "coach.db"
    path.touch()
    with pytest.raises(StoreError) as caught:
        Store.open(path)
    assert str(caught.value) == (
        f"{path}: is an empty file, not a coach log; move it aside or pass --db PATH"
    )
    assert path.read_bytes() == b""
    assert files_in(tmp_path) == ["coach.db"]


# -- refusing files that are not ours ------------------------------------------------------


def refused(path: Path) -> str:
    before = path.read_bytes()
    with pytest.raises(StoreError) as caught:
        Store.open(path)
    message = str(caught.value)
    del caught  # drop the traceback, and with it anything the failed open still holds
    assert path.read_bytes() == before
    assert files_in(path.parent) == [path.name]
    assert "\n" not in message
    return message


def test_a_file_that_is_not_sqlite_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "coach.db"
    path.write_bytes(b"my shopping list\nmilk\neggs\n")
    assert refused(path) == (
        f"{path}: is not a coach log (not an SQLite file); move it aside or pass --db PATH"
    )


def test_a_short_file_is_not_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "coach.db"
    path.write_bytes(b"SQLite")
    assert "is not a coach log (not an SQLite file)" in refused(path)


def test_another_programs_database_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "coach.db"
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
        conn.execute("INSERT INTO notes (text) VALUES ('keep me')")
    conn.close()

    assert refused(path) == (
        f"{path}: is an SQLite file but not a coach log; move it aside or pass --db PATH"
    )
    assert read_one(path, "SELECT text FROM notes") == {"text": "keep me"}
    assert read_one(path, "PRAGMA user_version") == {"user_version": 0}


def test_a_log_from_a_newer_coach_is_refused(db_path: Path) -> None:
    Store.open(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()

    assert refused(db_path) == (
        f"{db_path}: was written by a newer coach (schema {SCHEMA_VERSION + 1}, "
        f"this one knows {SCHEMA_VERSION}); upgrade coach to open it"
    )


def test_a_corrupt_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "coach.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    message = refused(path)
    assert message.startswith(f"{path}: cannot be opened as a coach log (")


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as caught:
        Store.open(tmp_path)
    assert str(caught.value) == f"{tmp_path}: is a directory; pass a file path with --db"


# -- writing as it happens -----------------------------------------------------------------


def test_start_session_commits_a_running_row(store: Store, now: datetime) -> None:
    session_id = start(store, now)

    row = read_one(store.path, "SELECT * FROM sessions WHERE id = ?", (session_id,))
    assert_changed_here(row)
    assert row == {
        "id": session_id,
        "routine_id": "morning-mobility",
        "routine_name": "Morning mobility",
        "tags": "morning,gentle",
        "started_at": "2026-03-02T06:00:00.000Z",
        "utc_offset_min": 60,
        "local_date": "2026-03-02",
        "ended_at": None,
        "status": SessionStatus.RUNNING,
        "planned_seconds": 580.0,
        "active_seconds": 0.0,
        "steps_done": 0,
        "steps_skipped": 0,
        "pid": os.getpid(),
        "note": None,
        "deleted_at": None,
        "process_started": own_start(),
        "dose": "usual",
        "entered": "played",
    }
    read = dict(store.session(session_id) or {})
    assert_changed_here(read)
    assert read == row


def test_record_step_commits_the_row_and_the_counts(store: Store, now: datetime) -> None:
    session_id = start(store, now)

    step_id = record(store, session_id, now + timedelta(seconds=65), active=60.12345)

    row = read_one(store.path, "SELECT * FROM steps WHERE id = ?", (step_id,))
    assert_changed_here(row)
    assert row == {
        "id": step_id,
        "session_id": session_id,
        "position": 1,
        "step_number": 2,
        "exercise": "Pigeon stretch",
        "side": "left",
        "set_number": 1,
        "kind": "hold",
        "planned_seconds": 60.0,
        "reps": None,
        "active_seconds": 60.123,
        "outcome": "done",
        "started_at": "2026-03-02T06:00:04.876Z",
        "ended_at": "2026-03-02T06:01:05.000Z",
        "utc_offset_min": 60,
        "local_date": "2026-03-02",
    }
    counts = "SELECT steps_done, steps_skipped FROM sessions WHERE id = ?"
    assert read_one(store.path, counts, (session_id,)) == {"steps_done": 1, "steps_skipped": 0}

    record(store, session_id, now + timedelta(seconds=130), outcome="skipped", position=3)
    record(store, session_id, now + timedelta(seconds=200), position=5)
    assert read_one(store.path, counts, (session_id,)) == {"steps_done": 2, "steps_skipped": 1}
    assert [s["position"] for s in store.steps(session_id)] == [1, 3, 5]


def test_finish_session(store: Store, now: datetime) -> None:
    session_id = start(store, now)
    store.finish_session(
        session_id,
        status=SessionStatus.COMPLETED,
        now=now + timedelta(minutes=10),
        active_seconds=600.0004,
    )
    row = read_one(store.path, "SELECT * FROM sessions WHERE id = ?", (session_id,))
    assert (row["status"], row["ended_at"], row["active_seconds"]) == (
        "completed",
        "2026-03-02T06:10:00.000Z",
        600.0,
    )


def test_sessions_on_a_day_oldest_first(store: Store, now: datetime) -> None:
    later = start(store, now + timedelta(hours=9), "desk-break")
    earlier = start(store, now)
    start(store, now + timedelta(days=1))
    assert [s["id"] for s in store.sessions_on(date(2026, 3, 2))] == [earlier, later]
    assert len(list(store.iter_sessions())) == 3
    assert store.session("nope") is None


# -- sessions left running -----------------------------------------------------------------


@pytest.fixture
def dead_pid() -> int:
    """The pid of a process that has exited and been reaped."""
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


@pytest.fixture
def live_pid() -> Iterator[int]:
    """The pid of another process that is still running for the length of the test."""
    process = subprocess.Popen(["sleep", "60"])
    try:
        yield process.pid
    finally:
        process.kill()
        process.wait()


def test_a_session_whose_coach_is_gone_is_closed_as_partial(
    store: Store, now: datetime, dead_pid: int
) -> None:
    with_steps = start(store, now)
    record(store, with_steps, now + timedelta(seconds=70), active=60)
    record(store, with_steps, now + timedelta(seconds=140), active=45, position=3)
    without_steps = start(store, now + timedelta(minutes=1))
    for session_id in (with_steps, without_steps):
        set_pid(store.path, session_id, dead_pid)

    closed = store.close_abandoned(now + timedelta(hours=2))

    assert closed == 2
    row = read_one(store.path, "SELECT * FROM sessions WHERE id = ?", (with_steps,))
    assert (row["status"], row["ended_at"], row["active_seconds"]) == (
        "partial",
        "2026-03-02T06:02:20.000Z",  # when its last step ended
        105.0,
    )
    row = read_one(store.path, "SELECT * FROM sessions WHERE id = ?", (without_steps,))
    assert (row["status"], row["ended_at"], row["active_seconds"]) == (
        "partial",
        "2026-03-02T08:00:00.000Z",  # nothing to go by but now
        0.0,
    )
    assert store.close_abandoned(now + timedelta(hours=3)) == 0


def test_a_session_owned_by_a_live_process_is_left_running(
    store: Store, now: datetime, live_pid: int, dead_pid: int
) -> None:
    theirs = start(store, now)
    set_pid(store.path, theirs, live_pid)
    mine = start(store, now)  # this process: still running, obviously
    finished = start(store, now)
    store.finish_session(finished, status=SessionStatus.COMPLETED, now=now, active_seconds=1)
    set_pid(store.path, finished, dead_pid)

    assert store.close_abandoned(now + timedelta(hours=2)) == 0

    statuses = {s["id"]: s["status"] for s in store.iter_sessions()}
    assert statuses == {theirs: "running", mine: "running", finished: "completed"}


# -- local days ----------------------------------------------------------------------------


def test_local_date_honours_the_day_start(db_path: Path, now: datetime) -> None:
    store = Store.open(db_path, day_starts_at=time(4, 0))
    try:
        night = now.replace(hour=0, minute=30)  # 00:30 on Monday counts for Sunday
        session_id = start(store, night)
        record(store, session_id, now.replace(hour=4, minute=10))
        session = store.session(session_id)
        assert session is not None
        assert (session["started_at"], session["local_date"]) == (
            "2026-03-01T23:30:00.000Z",
            "2026-03-01",
        )
        assert [s["local_date"] for s in store.steps(session_id)] == ["2026-03-02"]
        assert [s["id"] for s in store.sessions_on(date(2026, 3, 1))] == [session_id]
        assert store.sessions_on(date(2026, 3, 2)) == []
    finally:
        store.close()


def test_midnight_is_the_default_day_start(store: Store, now: datetime) -> None:
    session_id = start(store, now.replace(hour=0, minute=30))
    assert store.session(session_id)["local_date"] == "2026-03-02"  # type: ignore[index]


# -- migrations ----------------------------------------------------------------------------


def test_an_older_log_is_migrated_and_keeps_its_rows(tmp_path: Path, now: datetime) -> None:
    path = tmp_path / "coach.db"
    old = sqlite_utils.Database(path)
    coach.store.schema.MIGRATIONS[0](old)
    old.execute("PRAGMA user_version = 1")
    old["sessions"].insert(
        {"id": "s1", "routine_id": "r", "started_at": "x", "utc_offset_min": 0,
         "local_date": "2026-03-01", "status": "completed"}
    )  # fmt: skip
    old.close()

    store = Store.open(path)
    try:
        assert store.schema_version() == SCHEMA_VERSION
        assert store.session("s1") is not None
        assert set(store.db.table_names()) >= {"sessions", "steps", "app_state"}
    finally:
        store.close()


def test_a_failed_migration_leaves_the_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(db: Any) -> None:
        db["half_done"].create({"id": int})
        raise RuntimeError("migration bug")

    monkeypatch.setattr(coach.store.schema, "MIGRATIONS", [*coach.store.schema.MIGRATIONS, broken])
    monkeypatch.setattr(coach.store.schema, "SCHEMA_VERSION", len(coach.store.schema.MIGRATIONS))
    path = tmp_path / "coach.db"
    with pytest.raises(StoreError, match=r"could not be upgraded .* \(migration bug\)"):
        Store.open(path)  # one line for the user, not the migration's traceback
    assert files_in(tmp_path) == []  # a new log is made whole or not at all


# -- remembered facts ----------------------------------------------------------------------


def test_state_is_remembered_and_forgotten(db_path: Path, now: datetime) -> None:
    store = Store.open(db_path)
    assert store.get_state("notice_seen") is None
    assert store.get_state("notice_seen", "no") == "no"
    store.set_state("notice_seen", "yes", now=now)
    store.set_state("notice_seen", "2026-03-02", now=now)
    store.close()

    store = Store.open(db_path)
    try:
        assert store.get_state("notice_seen") == "2026-03-02"
        row = read_one(db_path, "SELECT * FROM app_state")
        assert row == {
            "key": "notice_seen",
            "value": "2026-03-02",
            "updated_at": "2026-03-02T06:00:00.000Z",
        }
        store.set_state("notice_seen", None, now=now)
        assert store.get_state("notice_seen") is None
        assert read_one(db_path, "SELECT COUNT(*) AS n FROM app_state") == {"n": 0}
    finally:
        store.close()
