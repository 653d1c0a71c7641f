"""A coach log is known by coach's mark, never by its table names; anything else at the log path
is refused in one line with its bytes unchanged, and nothing at the path can make coach hang.

Old coach logs (one fixture per past schema) carry no mark: they are told apart by having
exactly the tables and columns coach's migrations made for their version, and get the mark
when they are upgraded.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from coach.store import SCHEMA_VERSION, Store, StoreError, read_status
from coach.store.schema import APPLICATION_ID, MARKED_FROM, table_columns, tables_at
from tests.store.fixtures.make_fixtures import fixture_path
from tests.store.test_log_safety import files_in, refused

ROOT = Path(__file__).resolve().parents[2]


def pragma(path: Path, name: str) -> int:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        return int(conn.execute(f"PRAGMA {name}").fetchone()[0])
    finally:
        conn.close()


def test_the_mark_spells_coach():
    assert APPLICATION_ID.to_bytes(4, "big") == b"cach"


def test_a_new_log_carries_the_mark(tmp_path: Path):
    path = tmp_path / "coach.db"
    Store.open(path).close()
    assert pragma(path, "application_id") == APPLICATION_ID


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION))
def test_a_real_old_log_is_adopted_and_marked(tmp_path: Path, version: int):
    path = tmp_path / "coach.db"
    shutil.copyfile(fixture_path(version), path)
    assert pragma(path, "application_id") == (APPLICATION_ID if version >= MARKED_FROM else 0)
    Store.open(path).close()
    assert pragma(path, "application_id") == APPLICATION_ID
    assert pragma(path, "user_version") == SCHEMA_VERSION


def foreign(path: Path, version: int, *, columns: str, application_id: int = 0) -> None:
    """Another program's database that has a ``sessions`` table."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(f"CREATE TABLE sessions ({columns})")
        conn.execute("INSERT INTO sessions (id) VALUES ('their row')")
    conn.execute(f"PRAGMA user_version = {version}")
    conn.execute(f"PRAGMA application_id = {application_id}")
    conn.close()


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION + 1))
def test_another_programs_sessions_table_is_refused_unchanged(tmp_path: Path, version: int):
    path = tmp_path / "coach.db"
    foreign(path, version, columns="id TEXT PRIMARY KEY, user TEXT, expires REAL")
    assert refused(path) == (
        f"{path}: is an SQLite file but not a coach log; move it aside or pass --db PATH"
    )


@pytest.mark.parametrize("version", range(1, MARKED_FROM))
def test_coach_tables_with_one_column_more_are_not_coach_logs(tmp_path: Path, version: int):
    """Near enough is not enough: the schema of an unmarked log must be exactly coach's."""
    path = tmp_path / "coach.db"
    shutil.copyfile(fixture_path(version), path)
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE sessions ADD COLUMN their_column TEXT")
    conn.close()
    assert "is an SQLite file but not a coach log" in refused(path)


def test_an_unmarked_log_claiming_a_marked_version_is_refused(tmp_path: Path):
    path = tmp_path / "coach.db"
    shutil.copyfile(fixture_path(MARKED_FROM), path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 0")
    assert table_columns(conn) == tables_at(MARKED_FROM)  # its tables are coach's
    conn.close()
    assert "is an SQLite file but not a coach log" in refused(path)


@pytest.mark.parametrize("version", [1, 4, SCHEMA_VERSION])
def test_another_applications_mark_is_refused_whatever_its_tables(tmp_path: Path, version: int):
    path = tmp_path / "coach.db"
    made = Store.create_at_version(path, version)  # coach's very tables
    made.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute(f"PRAGMA application_id = {0x46697373}")  # Fossil's
    conn.close()
    assert refused(path) == (
        f"{path}: is another program's SQLite file (application_id 0x46697373), not a coach "
        "log; move it aside or pass --db PATH"
    )


def test_an_empty_file_is_refused_unchanged(tmp_path: Path):
    path = tmp_path / "coach.db"
    path.write_bytes(b"")
    assert refused(path) == (
        f"{path}: is an empty file, not a coach log; move it aside or pass --db PATH"
    )


# -- nothing at the path can make coach wait for ever -----------------------------------------


def special(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / "coach.db"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path.symlink_to("/dev/zero")
    else:
        path.mkdir()
    return path


def coach(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
    }
    return subprocess.run(
        [sys.executable, "-m", "coach", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,  # a FIFO opened for reading would block here for ever
        check=False,
    )


@pytest.mark.parametrize("kind", ["fifo", "device", "directory"])
def test_a_special_file_at_the_log_path_is_refused_without_blocking(tmp_path: Path, kind: str):
    path = special(tmp_path, kind)
    words = {
        "fifo": "is a FIFO",
        "device": "is a character device",
        "directory": "is a directory",
    }[kind]
    with pytest.raises(StoreError, match=words):
        Store.open(path)  # checked before anything opens it: a hang would time the suite out
    for command in (["history"], ["backup"], ["merge", str(path)]):
        done = coach("--db", str(path), *command, home=tmp_path)
        assert done.returncode == 2, (command, done.stderr)
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and words in lines[0], (command, done.stderr)
    done = coach("--db", str(path), "status", home=tmp_path)
    assert "Traceback" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.name == "coach.db") == ["coach.db"]


def test_the_status_line_refuses_another_programs_file_and_leaves_it_alone(tmp_path: Path):
    path = tmp_path / "coach.db"
    made = Store.create_at_version(path, SCHEMA_VERSION)
    made.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA application_id = 7")
    conn.close()
    listing = files_in(tmp_path)
    with pytest.raises(StoreError, match="is not a coach log"):
        read_status(path, date(2026, 3, 2), state_key="x")
    assert files_in(tmp_path) == listing
