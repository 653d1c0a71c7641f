"""Backups, exports, imports and merges: nothing lost, nothing doubled, nothing overwritten."""

from __future__ import annotations

import json
import shutil
import sqlite3
import stat
import tempfile
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import coach.store.schema
from coach.services.portability import (
    backup,
    export_csv,
    export_data,
    export_json,
    import_json,
    merge_file,
    merge_from,
)
from coach.store import SCHEMA_VERSION, Store, StoreError
from tests.store.fixtures.make_fixtures import fixture_path

# -- building logs -------------------------------------------------------------------------


def session_row(session_id: str, **values: Any) -> dict[str, Any]:
    row = {
        "id": session_id,
        "routine_id": "morning-mobility",
        "routine_name": "Morning mobility",
        "tags": "morning",
        "started_at": "2026-03-02T06:00:00.000Z",
        "utc_offset_min": 60,
        "local_date": "2026-03-02",
        "ended_at": "2026-03-02T06:10:00.000Z",
        "status": "completed",
        "planned_seconds": 600.0,
        "active_seconds": 590.5,
        "steps_done": 1,
        "steps_skipped": 0,
        "pid": 99,
    }
    row.update(values)
    return row


def step_row(step_id: str, session_id: str, **values: Any) -> dict[str, Any]:
    row = {
        "id": step_id,
        "session_id": session_id,
        "position": 1,
        "step_number": 1,
        "exercise": "Cat-cow",
        "side": None,
        "set_number": 1,
        "kind": "paced",
        "planned_seconds": 60.0,
        "reps": 10,
        "active_seconds": 61.25,
        "outcome": "done",
        "started_at": "2026-03-02T06:00:05.000Z",
        "ended_at": "2026-03-02T06:01:06.000Z",
        "utc_offset_min": 60,
        "local_date": "2026-03-02",
    }
    row.update(values)
    return row


def make_log(path: Path, sessions: list[dict], steps: list[dict]) -> Store:
    store = Store.open(path)
    with store.bulk_write():
        store.insert_rows("sessions", sessions)
        store.insert_rows("steps", steps)
    return store


def played(store: Store, now: datetime, routine: str = "desk-break") -> str:
    """A routine played the ordinary way, through the store's own writes."""
    session_id = store.start_session(
        routine_id=routine,
        routine_name=routine.title(),
        tags=("desk",),
        planned_seconds=180.0,
        now=now,
    )
    for position in range(2):
        store.record_step(
            session_id,
            position=position,
            step_number=position + 1,
            exercise=f"Step {position}",
            side="left" if position else None,
            set_number=1,
            kind="hold",
            planned_seconds=30.0,
            reps=None,
            active_seconds=29.9,
            outcome="done" if position else "skipped",
            started=now,
            ended=now + timedelta(seconds=30 * (position + 1)),
        )
    store.finish_session(session_id, status="completed", now=now, active_seconds=59.8)
    store.set_state("not-user-data", "x", now=now)
    return session_id


@pytest.fixture
def log(tmp_path: Path, now: datetime) -> Iterator[Store]:
    store = Store.open(tmp_path / "coach.db")
    played(store, now)
    played(store, now + timedelta(hours=2), "morning-mobility")
    yield store
    store.close()


# -- exports -------------------------------------------------------------------------------


def test_export_is_every_user_row_sorted_and_byte_identical_run_to_run(log: Store) -> None:
    text = export_json(log)
    assert export_json(log) == text
    data = json.loads(text)
    assert data == export_data(log)
    assert data["format"] == "coach-export"
    assert data["schema"] == SCHEMA_VERSION
    assert sorted(data["tables"]) == sorted(log.user_tables())
    assert {"sessions", "steps"} <= set(data["tables"]) and "app_state" not in data["tables"]
    assert len(data["tables"]["sessions"]) == 2
    assert len(data["tables"]["steps"]) == 4
    for rows in data["tables"].values():
        assert [r["id"] for r in rows] == sorted(r["id"] for r in rows)
    assert text.index('"format"') < text.index('"schema"') < text.index('"tables"')


def test_export_import_export_is_identical(log: Store, tmp_path: Path) -> None:
    exported = tmp_path / "export.json"
    exported.write_text(export_json(log), encoding="utf-8")
    empty = Store.open(tmp_path / "elsewhere" / "coach.db")
    try:
        report = import_json(empty, exported)
        assert report.added == {"sessions": 2, "steps": 4}
        assert export_json(empty) == exported.read_text(encoding="utf-8")
        again = import_json(empty, exported)
        assert again.total_added == 0 and again.conflicts == []
        assert again.already_here == {"sessions": 2, "steps": 4}
    finally:
        empty.close()


values = st.one_of(
    st.none(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=12),
)


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.tuples(st.uuids(), values, values, values), max_size=6, unique_by=lambda t: t[0])
)
def test_round_trip_keeps_any_values(rows: list[tuple]) -> None:
    with tempfile.TemporaryDirectory() as work:
        sessions = [session_row(str(uid), tags=a, pid=b, ended_at=c) for uid, a, b, c in rows]
        first = make_log(Path(work) / "a.db", sessions, [])
        exported = Path(work) / "export.json"
        exported.write_text(export_json(first), encoding="utf-8")
        second = Store.open(Path(work) / "b.db")
        try:
            import_json(second, exported)
            assert export_json(second) == exported.read_text(encoding="utf-8")
        finally:
            first.close()
            second.close()


def test_csv_export_is_one_file_per_table(log: Store, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    written = export_csv(log, out)
    assert [p.name for p in written] == [f"{t}.csv" for t in sorted(log.user_tables())]
    lines = (out / "steps.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(log.columns("steps"))
    assert len(lines) == 5
    first_step = next(log.rows("steps"))
    assert lines[1].startswith(first_step["id"] + ",")
    assert stat.S_IMODE((out / "steps.csv").stat().st_mode) == 0o600


def test_csv_export_refuses_a_file(log: Store, tmp_path: Path) -> None:
    (tmp_path / "out").write_text("x")
    with pytest.raises(StoreError, match="is a file; CSV export needs a directory"):
        export_csv(log, tmp_path / "out")


def test_export_includes_tables_added_by_later_migrations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, now: datetime
) -> None:
    def add_notes(db: Any) -> None:
        db["notes"].create(
            {"id": str, "session_id": str, "text": str},
            pk="id",
            foreign_keys=[("session_id", "sessions", "id")],
        )

    monkeypatch.setattr(
        coach.store.schema, "MIGRATIONS", [*coach.store.schema.MIGRATIONS, add_notes]
    )
    monkeypatch.setattr(coach.store.schema, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    a = Store.open(tmp_path / "a.db")
    b = Store.open(tmp_path / "b.db")
    try:
        session_id = played(a, now)
        with a.bulk_write():
            a.insert_rows("notes", [{"id": "n-1", "session_id": session_id, "text": "sore"}])
        assert a.user_tables().index("sessions") < a.user_tables().index("notes")
        assert export_data(a)["tables"]["notes"] == [
            {"id": "n-1", "session_id": session_id, "text": "sore"}
        ]
        report = merge_file(b, a.path)
        assert report.added == {"sessions": 1, "notes": 1, "steps": 2}
    finally:
        a.close()
        b.close()


# -- importing bad files -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON (line 1 column 2: Expecting property name"),
        ('{"format": "other"}', 'not a coach export (expected "format": "coach-export"'),
        (
            json.dumps({"format": "coach-export", "schema": 99, "tables": {}}),
            "was exported by a newer coach (schema 99",
        ),
        (
            json.dumps({"format": "coach-export", "schema": 1, "tables": {"app_state": []}}),
            'tables: unknown table "app_state" for schema 1; known: sessions, steps',
        ),
        (
            json.dumps(
                {
                    "format": "coach-export",
                    "schema": 1,
                    "tables": {"sessions": [{"id": "x", "mood": 1}]},
                }
            ),
            'tables.sessions[0]: unknown column "mood"',
        ),
        (
            json.dumps(
                {"format": "coach-export", "schema": 1, "tables": {"sessions": [{"id": "x"}]}}
            ),
            'tables.sessions[0] (id "x"): NOT NULL constraint failed: sessions.routine_id',
        ),
        (
            json.dumps(
                {
                    "format": "coach-export",
                    "schema": 1,
                    "tables": {"steps": [step_row("s-1", "no-such-session")]},
                }
            ),
            'steps row "s-1" refers to a sessions row that is not there',
        ),
    ],
)
def test_a_bad_import_is_one_line_and_changes_nothing(
    log: Store, tmp_path: Path, content: str, message: str
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    before = export_json(log)
    with pytest.raises(StoreError) as caught:
        import_json(log, bad)
    assert str(caught.value).startswith(f"{bad}: ")
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)
    assert export_json(log) == before


def test_an_export_from_an_older_schema_imports(tmp_path: Path) -> None:
    old = {"format": "coach-export", "schema": 1, "tables": {"sessions": [session_row("s-1")]}}
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old), encoding="utf-8")
    store = Store.open(tmp_path / "coach.db")
    try:
        assert import_json(store, path).added == {"sessions": 1}
        # Columns added since schema 1 (a note, soft deletion) come in empty; its last change
        # is taken to be the latest time it carries, on no machine known.
        assert store.session("s-1") == {
            **session_row("s-1"),
            "note": None,
            "deleted_at": None,
            "process_started": None,
            "dose": "usual",
            "entered": "played",
            "changed_at": session_row("s-1")["ended_at"],
            "changed_on": "",
        }
    finally:
        store.close()


# -- merging -------------------------------------------------------------------------------

ids = st.uuids().map(str)
sides = st.sampled_from(["a", "b", "both"])


@st.composite
def two_machines(draw: st.DrawFn) -> tuple[list[tuple], list[tuple]]:
    """Sessions (with steps) on laptop a, desktop b, or both after an earlier merge."""
    sessions = draw(
        st.lists(st.tuples(ids, sides, st.floats(0, 3600)), max_size=8, unique_by=lambda t: t[0])
    )
    steps = []
    for session_id, side, _ in sessions:
        for step_id in draw(st.lists(ids, max_size=3, unique=True)):
            step_side = side if side != "both" else draw(sides)
            steps.append((step_id, session_id, step_side))
    return sessions, steps


def build_pair(work: Path, sessions: list[tuple], steps: list[tuple]) -> tuple[Path, Path]:
    paths = []
    for machine in ("a", "b"):
        mine = [
            session_row(sid, active_seconds=seconds)
            for sid, side, seconds in sessions
            if side in (machine, "both")
        ]
        my_steps = [step_row(tid, sid) for tid, sid, side in steps if side in (machine, "both")]
        store = make_log(work / f"{machine}.db", mine, my_steps)
        store.close()
        paths.append(work / f"{machine}.db")
    return paths[0], paths[1]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(two_machines())
def test_merge_is_a_union_idempotent_and_symmetric(machines: tuple[list, list]) -> None:
    sessions, steps = machines
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        a, b = build_pair(work, sessions, steps)
        a_copy, b_copy = work / "a-merged.db", work / "b-merged.db"
        shutil.copyfile(a, a_copy)
        shutil.copyfile(b, b_copy)
        b_bytes = b.read_bytes()

        into_a, into_b = Store.open(a_copy), Store.open(b_copy)
        try:
            first = merge_file(into_a, b)
            merge_file(into_b, a)
            assert first.conflicts == []
            assert export_data(into_a) == export_data(into_b)  # A←B and B←A: one history
            union = {sid for sid, _, _ in sessions}
            assert {r["id"] for r in into_a.rows("sessions")} == union
            assert len(list(into_a.rows("steps"))) == len(steps)

            before = export_json(into_a)
            again = merge_file(into_a, b)
            assert again.total_added == 0 and again.conflicts == []
            assert export_json(into_a) == before  # twice adds nothing
        finally:
            into_a.close()
            into_b.close()
        assert b.read_bytes() == b_bytes  # the other machine's log is only read


@settings(max_examples=15, deadline=None)
@given(
    st.lists(ids, min_size=1, max_size=5, unique=True),
    st.sampled_from(["status", "active_seconds", "ended_at"]),
)
def test_versions_that_cannot_be_ordered_are_listed_and_settled_alike(
    shared: list[str], column: str
) -> None:
    """Rows that say they changed at the same moment on the same machine (here: none says when)
    are conflicts: each is listed, and both logs settle it the same way, whichever merges first."""
    changed = {"status": "partial", "active_seconds": 1.0, "ended_at": None}[column]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        a = make_log(work / "a.db", [session_row(i) for i in shared], [])
        b = make_log(work / "b.db", [session_row(i, **{column: changed}) for i in shared], [])
        try:
            report = merge_from(a, b)
            assert [(c.table, c.id, c.columns) for c in report.conflicts] == [
                ("sessions", i, (column,)) for i in sorted(shared)
            ]
            assert report.total_added == 0
            assert "changed at the same moment on the same machine" in str(report.conflicts[0])
            merge_from(b, a)  # b settles each the same way (or already had the winner)
            assert export_json(a) == export_json(b)
            assert merge_from(a, b).conflicts == [] and merge_from(b, a).conflicts == []
        finally:
            a.close()
            b.close()


def test_merge_reads_an_older_log_without_changing_it(log: Store, tmp_path: Path) -> None:
    old = tmp_path / "laptop.db"
    shutil.copyfile(fixture_path(1), old)
    before = old.read_bytes()
    report = merge_file(log, old)
    assert report.added == {"sessions": 1, "steps": 1}
    assert old.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "coach.db",
        "coach.db-shm",
        "coach.db-wal",
        "laptop.db",
    ]


def test_merge_refuses_itself_and_strangers(log: Store, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is this log itself"):
        merge_file(log, log.path)
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    with pytest.raises(StoreError, match="is not a coach log"):
        merge_file(log, notes)
    assert notes.read_text() == "hello"
    with pytest.raises(StoreError, match="no such file"):
        merge_file(log, tmp_path / "missing.db")


def test_merge_of_a_live_log_sees_what_its_coach_committed(
    log: Store, tmp_path: Path, now: datetime
) -> None:
    laptop = Store.open(tmp_path / "laptop" / "coach.db")  # still open: its -wal holds rows
    try:
        played(laptop, now)
        assert merge_file(log, laptop.path).added == {"sessions": 1, "steps": 2}
    finally:
        laptop.close()


# -- backups -------------------------------------------------------------------------------


def test_backup_is_a_private_consistent_copy_that_never_overwrites(
    log: Store, tmp_path: Path, now: datetime
) -> None:
    other = sqlite3.connect(log.path)  # another coach in the middle of a write
    other.execute("BEGIN IMMEDIATE")
    other.execute("DELETE FROM steps")
    try:
        made = backup(log, None, now)
    finally:
        other.rollback()
        other.close()
    assert made == tmp_path / "backups" / "coach-2026-03-02-070000.db"
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    assert stat.S_IMODE(made.parent.stat().st_mode) == 0o700
    copy = Store.open(made)
    try:
        assert export_data(copy) == export_data(log)
    finally:
        copy.close()
    assert sorted(p.name for p in made.parent.iterdir()) == [made.name]
    with pytest.raises(StoreError, match="already exists; choose another path"):
        backup(log, made, now)
    into_dir = backup(log, tmp_path, now + timedelta(seconds=1))
    assert into_dir == tmp_path / "coach-2026-03-02-070001.db"
