"""The log is Datasette-ready: every column described, and a view of the sessions that count."""

from __future__ import annotations

import json
from itertools import product
from pathlib import Path

import pytest

from coach.cli.datasette import metadata
from coach.cli.main import main
from coach.core.habit_day import counts_as_done
from coach.core.vocabulary import SessionStatus
from coach.store import SCHEMA_VERSION, Store
from coach.store.descriptions import TABLES, VIEWS
from coach.store.schema import tables_at
from tests.store.test_portability import session_row


def test_every_column_of_every_table_is_described() -> None:
    tables = tables_at(SCHEMA_VERSION)
    missing = [
        f"{table}.{column}"
        for table, columns in tables.items()
        for column in sorted(columns)
        if not (table in TABLES and TABLES[table].columns.get(column, "").strip())
    ]
    assert not missing, f"describe these in coach/store/descriptions.py: {missing}"
    extra = [
        f"{table}.{column}"
        for table, described in TABLES.items()
        for column in described.columns
        if column not in tables.get(table, ())
    ]
    assert not extra, f"described but not in the log: {extra}"
    assert all(d.title and d.description for d in [*TABLES.values(), *VIEWS.values()])


def test_every_view_is_described_with_its_columns(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "coach.db")
    try:
        views = {
            row[0]: [c[1] for c in store.db.execute(f"PRAGMA table_info([{row[0]}])")]
            for row in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'view'")
        }
    finally:
        store.close()
    assert set(views) == set(VIEWS)
    for name, columns in views.items():
        assert set(columns) == set(VIEWS[name].columns), name


def test_counted_sessions_is_the_habit_rule(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "coach.db")
    rows = [
        session_row(
            f"s{number:03}",
            status=status,
            steps_done=done,
            steps_skipped=skipped,
            deleted_at=deleted,
        )
        for number, (status, done, skipped, deleted) in enumerate(
            product(
                [*SessionStatus],
                [None, 0, 1, 3],
                [None, 0, 1, 3, 4],
                [None, "", "2026-03-03T08:00:00.000Z"],
            )
        )
    ]
    try:
        with store.bulk_write():
            store.insert_rows("sessions", rows)
        in_view = [row["id"] for row in store.db.query("SELECT * FROM counted_sessions")]
        by_rule = [
            r["id"] for r in store.rows("sessions") if not r["deleted_at"] and counts_as_done(r)
        ]
    finally:
        store.close()
    assert sorted(in_view) == by_rule
    assert 0 < len(by_rule) < len(rows)


def test_the_metadata_is_datasettes_format() -> None:
    data = metadata("coach")
    tables = data["databases"]["coach"]["tables"]
    assert set(tables) == set(TABLES) | set(VIEWS)
    sessions = tables["sessions"]
    assert sessions["title"] == "Sessions" and sessions["description"]
    assert all(isinstance(text, str) and text for text in sessions["columns"].values())


def test_the_command_names_the_database_after_the_log_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "mylog.db"
    assert main(["datasette-metadata", "--db", str(db), "--config", str(tmp_path / "c")]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert list(printed["databases"]) == ["mylog"]
    assert not db.exists()  # it describes the log; it never opens or makes one
