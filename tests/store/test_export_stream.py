"""`coach export` streams: the same bytes as the whole-string export, written row by row."""

from __future__ import annotations

import inspect
import io
import json
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from coach.cli.main import main
from coach.services.portability import (
    export_csv,
    export_data,
    import_json,
    write_export,
    write_json,
)
from coach.store import Store
from coach.system import files
from tests.store.test_portability import session_row, step_row

TRICKY = 'quote " back\\slash, comma; tab\tnew\nline é ✓ \u202e bidi \x85 C1'


def old_export_json(store: Store) -> str:
    """The export as it was built before streaming (whole in memory), kept as the reference."""
    data = export_data(store)

    def dump(value: Any) -> str:
        return json.dumps(value, sort_keys=True, ensure_ascii=False)

    tables = []
    for name in sorted(data["tables"]):
        rows = ",\n".join(f"   {dump(row)}" for row in data["tables"][name])
        tables.append(f"  {dump(name)}: [\n{rows}\n  ]" if rows else f"  {dump(name)}: []")
    return (
        f'{{\n "format": {dump(data["format"])},\n "schema": {data["schema"]},\n'
        f' "tables": {{\n' + ",\n".join(tables) + "\n }\n}\n"
    )


def full_log(path: Path) -> Store:
    """A log with rows in every user table (a new table must be added here, or this fails)."""
    store = Store.open(path)
    day = {"utc_offset_min": 60, "local_date": "2026-03-02"}
    rows: dict[str, list[dict[str, Any]]] = {
        "sessions": [
            session_row("s1", note=TRICKY),
            session_row("s2", routine_name=TRICKY, status="partial", deleted_at=None),
        ],
        "steps": [step_row("t1", "s1", exercise=TRICKY), step_row("t2", "s2", side="left")],
        "checkins": [
            {"id": "c1", "at": "2026-03-02T06:00:00.000Z", "kind": "before", "pain": 3,
             "flag_persists": 0, "outcome": TRICKY, "session_id": "s1", **day},
        ],
        "deloads": [
            {"id": "d1", "week_start": "2026-03-02", "marked_at": "2026-03-02T06:00:00.000Z",
             **day},
        ],
        "day_marks": [
            {"id": "m1", "kind": "sick", "created_at": "2026-03-02T06:00:00.000Z",
             "deleted_at": None, **day},
        ],
        "breaks": [
            {"id": "b1", "due_at": "2026-03-02T09:00:00.000Z", "outcome": "done", "snoozes": 2,
             **day},
            {"id": "b2", "due_at": "2026-03-02T10:00:00.000Z", "snoozes": 0, **day},
        ],
    }  # fmt: skip
    assert set(rows) == set(store.user_tables())
    with store.bulk_write():
        for table in store.user_tables():
            store.insert_rows(table, rows[table])
    return store


@pytest.fixture
def log(tmp_path: Path) -> Iterator[Store]:
    store = full_log(tmp_path / "coach.db")
    yield store
    store.close()


def test_streamed_json_is_byte_for_byte_the_old_export(log: Store, tmp_path: Path) -> None:
    out = tmp_path / "export.json"
    write_export(out, log)
    assert out.read_bytes() == old_export_json(log).encode("utf-8")
    pieces: list[str] = []
    write_json(log, pieces.append)
    assert len(pieces) > 10  # written a row at a time, not as one string
    assert "".join(pieces) == old_export_json(log)


def test_an_empty_log_streams_as_it_exported(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "coach.db")
    try:
        text = io.StringIO()
        write_json(store, text.write)
        assert text.getvalue() == old_export_json(store)
    finally:
        store.close()


def test_what_export_writes_import_reads(log: Store, tmp_path: Path) -> None:
    out = tmp_path / "export.json"
    write_export(out, log)
    other = Store.open(tmp_path / "other" / "coach.db")
    try:
        report = import_json(other, out)
        assert report.total_added == sum(len(list(log.rows(t))) for t in log.user_tables())
        assert export_data(other) == export_data(log)
    finally:
        other.close()


def test_cli_export_streams_the_same_to_a_file_and_to_stdout(
    log: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "cli.json"
    db = str(log.path)
    config = str(tmp_path / "none.toml")
    assert main(["export", "--db", db, "--config", config, "--out", str(out)]) == 0
    assert out.read_bytes() == old_export_json(log).encode("utf-8")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    capsys.readouterr()
    assert main(["export", "--db", db, "--config", config]) == 0
    printed = capsys.readouterr().out
    assert json.loads(printed) == json.loads(out.read_text(encoding="utf-8"))
    assert "\u202e" not in printed and "\x85" not in printed  # escaped for the terminal


def test_csv_export_streams_one_file_per_table(log: Store, tmp_path: Path) -> None:
    written = export_csv(log, tmp_path / "csv")
    assert {p.stem for p in written} == set(log.user_tables())
    sessions = (tmp_path / "csv" / "sessions.csv").read_text(encoding="utf-8")
    assert sessions.splitlines()[0] == ",".join(log.columns("sessions"))
    assert '"quote "" back\\slash, comma; tab\tnew\nline' in sessions


def test_rows_are_read_lazily(log: Store) -> None:
    rows = log.rows("sessions")
    assert inspect.isgenerator(rows)
    assert next(rows)["id"] == "s1"


def test_a_failed_streamed_file_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "new" / "out.txt"
    with pytest.raises(RuntimeError), files.private_text_file(target) as out:
        out.write("half")
        raise RuntimeError
    assert list(target.parent.iterdir()) == []
    with files.private_text_file(target) as out:
        out.write("a\nb\r\n")
    assert target.read_bytes() == b"a\nb\r\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
