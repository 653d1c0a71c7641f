"""The log stays whole: migrations with a backup first, strangers and damage left untouched,
private files, and a second coach that never makes the first one fail."""

from __future__ import annotations

import shutil
import sqlite3
import stat
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

import coach.store.schema
from coach.store import SCHEMA_VERSION, Store, StoreError
from tests.store.fixtures.make_fixtures import fixture_path


def files_in(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def dump(path: Path) -> dict[str, Any]:
    """Schema version and every row of every table, read without writing anything."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {
            "version": conn.execute("PRAGMA user_version").fetchone()[0],
            "tables": {t: [dict(r) for r in conn.execute(f"SELECT * FROM [{t}]")] for t in tables},
        }
    finally:
        conn.close()


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# -- migrations ----------------------------------------------------------------------------


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION))
def test_a_log_from_every_earlier_version_is_backed_up_then_migrated(
    tmp_path: Path, version: int
) -> None:
    fixture = fixture_path(version)
    assert fixture.exists(), (
        f"no fixture for schema {version}: run python tests/store/fixtures/make_fixtures.py"
    )
    path = tmp_path / "coach.db"
    shutil.copyfile(fixture, path)
    before = dump(path)
    assert before["version"] == version

    store = Store.open(path)
    try:
        assert store.schema_version() == SCHEMA_VERSION
        after = dump(path)
    finally:
        store.close()

    backup = tmp_path / f"coach.db.bak-{version}"
    assert dump(backup) == before
    assert mode_of(backup) == 0o600
    # Every row the old file had is still there, with the values it had.
    for table, rows in before["tables"].items():
        migrated = {tuple(sorted(r.items())) for r in after["tables"][table]}
        for row in rows:
            kept = [m for m in migrated if set(row.items()) <= set(m)]
            assert kept, f"{table} row {row} lost in the migration from {version}"


def test_a_second_migration_keeps_the_first_backup(tmp_path: Path) -> None:
    path = tmp_path / "coach.db"
    shutil.copyfile(fixture_path(1), path)
    (tmp_path / "coach.db.bak-1").write_bytes(b"an older backup")
    Store.open(path).close()
    assert (tmp_path / "coach.db.bak-1").read_bytes() == b"an older backup"
    assert dump(tmp_path / "coach.db.bak-1.2")["version"] == 1


def test_a_log_at_the_current_version_is_not_backed_up(tmp_path: Path) -> None:
    path = tmp_path / "coach.db"
    Store.open(path).close()
    Store.open(path).close()
    assert files_in(tmp_path) == ["coach.db"]


def test_a_failed_migration_leaves_the_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "coach.db"
    Store.open(path).close()
    before = dump(path)

    def half_done(db: Any) -> None:
        db["half_done"].create({"id": str}, pk="id")
        raise ValueError("disk on fire")

    monkeypatch.setattr(
        coach.store.schema, "MIGRATIONS", [*coach.store.schema.MIGRATIONS, half_done]
    )
    monkeypatch.setattr(coach.store.schema, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(StoreError) as caught:
        Store.open(path)

    assert str(caught.value) == (
        f"{path}: could not be upgraded from schema {SCHEMA_VERSION} to {SCHEMA_VERSION + 1}, "
        "half_done (disk on fire); it is unchanged, so an older coach still opens it"
    )
    assert dump(path) == before
    assert dump(tmp_path / f"coach.db.bak-{SCHEMA_VERSION}") == before


# -- files that are not ours, or are damaged -----------------------------------------------


def refused(path: Path) -> str:
    before = path.read_bytes()
    listing = files_in(path.parent)
    with pytest.raises(StoreError) as caught:
        Store.open(path)
    message = str(caught.value)
    del caught
    assert path.read_bytes() == before
    assert files_in(path.parent) == listing, "opening left files next to it"
    assert "\n" not in message
    return message


def test_another_programs_wal_database_gets_no_sidecars(tmp_path: Path) -> None:
    path = tmp_path / "coach.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    with conn:
        conn.execute("CREATE TABLE bookmarks (url TEXT)")
    conn.close()
    assert files_in(tmp_path) == ["coach.db"]
    assert "is an SQLite file but not a coach log" in refused(path)


def test_a_database_with_a_version_but_no_sessions_is_not_ours(tmp_path: Path) -> None:
    path = tmp_path / "coach.db"
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("CREATE TABLE things (id TEXT PRIMARY KEY)")
    conn.execute("PRAGMA user_version = 1")
    conn.close()
    assert "is an SQLite file but not a coach log" in refused(path)


def damage(path: Path) -> None:
    """Scribble over a few pages in the middle, leaving the header intact."""
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(page * 3, page * 6, 4):
        data[offset : offset + 4] = b"\x07\x00\xff\x13"
    path.write_bytes(bytes(data))


def test_a_damaged_log_is_refused_and_left_alone(tmp_path: Path, now: datetime) -> None:
    path = tmp_path / "coach.db"
    store = Store.open(path)
    for _ in range(300):
        store.start_session(
            routine_id="morning-mobility",
            routine_name="Morning mobility " * 3,
            tags=("morning",),
            planned_seconds=600,
            now=now,
        )
    store.close()
    damage(path)

    message = refused(path)
    assert message.startswith(f"{path}: is damaged (SQLite quick_check: Page ")
    assert message.endswith("); move it aside and put a backup in its place, or pass --db PATH")


def test_a_text_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "coach.db"
    path.write_text("Dear diary,\ntoday I stretched.\n")
    assert refused(path) == (
        f"{path}: is not a coach log (not an SQLite file); move it aside or pass --db PATH"
    )


def test_a_newer_log_in_use_by_a_newer_coach_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "coach.db"
    Store.open(path).close()
    newer = sqlite3.connect(path)  # a newer coach, still running: its -wal and -shm exist
    newer.execute("PRAGMA journal_mode = WAL")
    newer.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    try:
        assert "was written by a newer coach" in refused(path)
    finally:
        newer.close()


# -- private files -------------------------------------------------------------------------


def test_the_log_and_its_sidecars_are_private(tmp_path: Path, now: datetime) -> None:
    path = tmp_path / "data" / "coach" / "coach.db"
    store = Store.open(path)
    try:
        store.start_session(
            routine_id="desk-break", routine_name="Desk", tags=(), planned_seconds=1, now=now
        )
        assert mode_of(path.parent) == 0o700
        assert mode_of(path) == 0o600
        for suffix in ("-wal", "-shm"):
            sidecar = path.with_name(path.name + suffix)
            assert sidecar.exists()
            assert mode_of(sidecar) == 0o600, suffix
        store.backup_to(tmp_path / "copy.db")
        assert mode_of(tmp_path / "copy.db") == 0o600
    finally:
        store.close()


def test_an_existing_directory_keeps_its_mode(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    Store.open(shared / "coach.db").close()
    assert mode_of(shared) == 0o755
    assert mode_of(shared / "coach.db") == 0o600


# -- a second coach on the same log --------------------------------------------------------


def hold_write_lock(path: Path, seconds: float) -> threading.Thread:
    """Another coach in the middle of a long write, for ``seconds``."""
    ready = threading.Event()

    def hold() -> None:
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        ready.set()
        time.sleep(seconds)
        conn.execute("COMMIT")
        conn.close()

    thread = threading.Thread(target=hold)
    thread.start()
    ready.wait()
    return thread


def start(store: Store, now: datetime) -> str:
    return store.start_session(
        routine_id="desk-break", routine_name="Desk", tags=(), planned_seconds=1, now=now
    )


def test_a_write_waits_for_the_other_coach(tmp_path: Path, now: datetime) -> None:
    path = tmp_path / "coach.db"
    Store.open(path).close()
    store = Store.open(path, patience=5)
    store.db.execute("PRAGMA busy_timeout = 20")  # SQLite gives up quickly; coach retries
    try:
        other = hold_write_lock(path, 0.3)
        session_id = start(store, now)
        store.set_state("seen", "yes", now=now)
        other.join()
        assert store.session(session_id) is not None
    finally:
        store.close()


def test_a_log_busy_for_too_long_is_one_line_not_locked(tmp_path: Path, now: datetime) -> None:
    path = tmp_path / "coach.db"
    Store.open(path).close()
    store = Store.open(path, patience=0.1)
    store.db.execute("PRAGMA busy_timeout = 10")
    try:
        other = hold_write_lock(path, 0.5)
        with pytest.raises(StoreError) as caught:
            start(store, now)
        other.join()
        assert str(caught.value) == (
            f"{path}: another coach kept the log busy for 0.1 s; try again in a moment"
        )
    finally:
        store.close()


def test_a_read_then_write_transaction_waits_instead_of_failing(
    tmp_path: Path, now: datetime
) -> None:
    """A deferred transaction that read, then saw another coach commit, cannot write (SQLite
    fails it at once with SQLITE_BUSY); coach's transactions take the write lock first."""
    path = tmp_path / "coach.db"
    Store.open(path).close()
    has_read = threading.Event()
    errors: list[BaseException] = []

    def read_then_write() -> None:
        mine = Store.open(path)
        try:
            with mine.db.atomic():
                list(mine.iter_sessions())
                has_read.set()
                time.sleep(0.2)
                start(mine, now)
        except BaseException as exc:  # pragma: no cover - the failure this test guards against
            errors.append(exc)
        finally:
            mine.close()

    thread = threading.Thread(target=read_then_write)
    thread.start()
    has_read.wait()
    theirs = Store.open(path)
    try:
        start(theirs, now)
    finally:
        theirs.close()
    thread.join()
    assert errors == []
    assert len(dump(path)["tables"]["sessions"]) == 2
