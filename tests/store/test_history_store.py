"""The log's history side: marked days, notes, soft deletion and the reads habits are built on."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import date, datetime, time, timedelta
from itertools import product
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from coach.core.adherence import tallies_from_days, tally_breaks
from coach.core.days import to_utc_text, utc_offset_minutes
from coach.core.habits import session_days
from coach.core.vocabulary import Entry, SessionStatus
from coach.store import SCHEMA_VERSION, LogWriteError, Store
from tests.store.test_portability import session_row

BERLIN = ZoneInfo("Europe/Berlin")


def start(store: Store, at: datetime, *, tags=("morning",), status: str = "completed") -> str:
    session_id = store.start_session(
        routine_id="morning-mobility",
        routine_name="Morning mobility",
        tags=tags,
        planned_seconds=600.0,
        now=at,
    )
    store.finish_session(
        session_id, status=status, now=at + timedelta(minutes=10), active_seconds=590
    )
    return session_id


def test_a_schema_2_log_gains_the_new_columns_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.execute(
        "CREATE TABLE sessions (id TEXT PRIMARY KEY, routine_id TEXT NOT NULL, routine_name TEXT,"
        " tags TEXT, started_at TEXT NOT NULL, utc_offset_min INTEGER NOT NULL,"
        " local_date TEXT NOT NULL, ended_at TEXT, status TEXT NOT NULL, planned_seconds FLOAT,"
        " active_seconds FLOAT DEFAULT 0.0, steps_done INTEGER DEFAULT 0,"
        " steps_skipped INTEGER DEFAULT 0, pid INTEGER)"
    )
    conn.execute(
        "CREATE TABLE steps (id TEXT PRIMARY KEY, session_id TEXT REFERENCES sessions(id),"
        " position INTEGER, step_number INTEGER, exercise TEXT NOT NULL, side TEXT,"
        " set_number INTEGER, kind TEXT, planned_seconds FLOAT, reps INTEGER,"
        " active_seconds FLOAT, outcome TEXT NOT NULL, started_at TEXT, ended_at TEXT NOT NULL,"
        " utc_offset_min INTEGER, local_date TEXT NOT NULL)"
    )
    conn.execute("CREATE TABLE app_state (key TEXT PRIMARY KEY, value TEXT, updated_at TEXT)")
    conn.execute(
        "INSERT INTO sessions (id, routine_id, tags, started_at, utc_offset_min, local_date,"
        " status, steps_done) VALUES ('s1', 'morning-mobility', 'morning',"
        " '2026-03-02T06:00:00.000Z', 60, '2026-03-02', 'completed', 10)"
    )
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    store = Store.open(path)
    try:
        assert store.schema_version() == SCHEMA_VERSION
        row = store.session("s1")
        assert row is not None
        assert (row["note"], row["deleted_at"]) == (None, None)
        assert store.habit_sessions()[0]["started_at"] == "2026-03-02T06:00:00.000Z"
        assert store.day_marks() == []
    finally:
        store.close()


# -- marked days -----------------------------------------------------------------------------


def test_marking_a_range_writes_one_row_per_day(store: Store, now: datetime) -> None:
    assert store.mark_days(date(2026, 3, 5), date(2026, 3, 3), "travel", now=now) == 3
    assert sorted((m["local_date"], m["kind"]) for m in store.day_marks()) == [
        ("2026-03-03", "travel"),
        ("2026-03-04", "travel"),
        ("2026-03-05", "travel"),
    ]
    row = store.db.execute("SELECT created_at, utc_offset_min FROM day_marks LIMIT 1").fetchone()
    assert row == (to_utc_text(now), utc_offset_minutes(now))


def test_marking_again_replaces_and_clearing_soft_deletes(store: Store, now: datetime) -> None:
    store.mark_days(date(2026, 3, 3), date(2026, 3, 5), "travel", now=now)
    store.mark_days(date(2026, 3, 4), date(2026, 3, 4), "sick", now=now)
    assert sorted((m["local_date"], m["kind"]) for m in store.day_marks()) == [
        ("2026-03-03", "travel"),
        ("2026-03-04", "sick"),
        ("2026-03-05", "travel"),
    ]
    assert store.mark_days(date(2026, 3, 3), date(2026, 3, 4), None, now=now) == 2
    assert [m["local_date"] for m in store.day_marks()] == ["2026-03-05"]
    rows = store.db.execute(
        "SELECT local_date, kind, deleted_at IS NOT NULL FROM day_marks ORDER BY local_date"
    ).fetchall()
    # one row a day (the same id on every machine), cleared ones soft-deleted so a merge sees it
    assert rows == [
        ("2026-03-03", "travel", 1),
        ("2026-03-04", "sick", 1),
        ("2026-03-05", "travel", 0),
    ]


def test_a_bad_kind_is_refused(store: Store, now: datetime) -> None:
    with pytest.raises(ValueError, match="kind must be one of rest, sick, injury, travel"):
        store.mark_days(date(2026, 3, 3), date(2026, 3, 3), "holiday", now=now)
    with pytest.raises(LogWriteError, match="CHECK constraint failed"), store.bulk_write():
        store.db["day_marks"].insert(
            {
                "id": str(uuid.uuid4()),
                "local_date": "2026-03-03",
                "kind": "holiday",
                "created_at": to_utc_text(now),
                "utc_offset_min": 60,
            }
        )


# -- notes and soft deletion -----------------------------------------------------------------


def test_a_note_is_set_and_cleared(store: Store, now: datetime) -> None:
    session_id = start(store, now)
    store.set_note(session_id, "  left hip tight  ")
    assert store.session(session_id)["note"] == "left hip tight"
    store.set_note(session_id, "")
    assert store.session(session_id)["note"] is None


def test_deleting_hides_a_session_everywhere_and_undo_brings_it_back(
    store: Store, now: datetime
) -> None:
    kept = start(store, now - timedelta(days=1))
    gone = start(store, now)
    store.delete_session(gone, now=now)
    assert store.session(gone)["deleted_at"] == to_utc_text(now)
    assert [s["started_at"] for s in store.habit_sessions()] == [
        to_utc_text(now - timedelta(days=1))
    ]
    assert [s["id"] for s in store.session_page(10)] == [kept]
    assert store.sessions_on(now.date()) == []
    assert store.session_count() == 1
    store.restore_session(gone)
    assert [s["id"] for s in store.session_page(10)] == [gone, kept]
    assert store.session_count() == 2


def test_session_pages_run_newest_first_without_gaps(store: Store, now: datetime) -> None:
    ids = [start(store, now - timedelta(hours=i)) for i in range(7)]
    first = store.session_page(3)
    second = store.session_page(3, before=(first[-1]["started_at"], first[-1]["id"]))
    third = store.session_page(3, before=(second[-1]["started_at"], second[-1]["id"]))
    assert [s["id"] for s in first + second + third] == ids


def test_habit_sessions_carry_what_habits_need(store: Store, now: datetime) -> None:
    start(store, now, tags=("pre-lift",), status="partial")
    assert store.habit_sessions() == [
        {
            "started_at": to_utc_text(now),
            "utc_offset_min": 60,
            "status": "partial",
            "tags": "pre-lift",
            "steps_done": 0,
            "steps_skipped": 0,
            "entered": "played",
        }
    ]


def test_total_sessions_add_the_routine_and_its_active_time(store: Store, now: datetime) -> None:
    start(store, now, tags=("pre-lift",), status="partial")
    gone = start(store, now + timedelta(hours=1))
    store.delete_session(gone, now=now)
    assert store.total_sessions() == [
        {
            "started_at": to_utc_text(now),
            "utc_offset_min": 60,
            "status": "partial",
            "tags": "pre-lift",
            "steps_done": 0,
            "steps_skipped": 0,
            "entered": "played",
            "routine_id": "morning-mobility",
            "routine_name": "Morning mobility",
            "active_seconds": 590,
        }
    ]


# -- breaks ----------------------------------------------------------------------------------


def test_break_days_is_empty_without_a_breaks_table(tmp_path: Path) -> None:
    older = Store.create_at_version(tmp_path / "v4.db", 4)  # before the breaks table
    try:
        assert "breaks" not in older.db.table_names()
        assert older.break_days() == []
    finally:
        older.close()


def test_break_days_is_empty_with_no_breaks_yet(store: Store) -> None:
    assert "breaks" in store.db.table_names()
    assert store.break_days() == []


def test_break_days_sums_the_breaks_table_as_the_core_does(store: Store) -> None:
    with store.db.writing() as db:
        db.execute(
            "CREATE TABLE IF NOT EXISTS breaks (id TEXT PRIMARY KEY, due_at TEXT, prompted_at TEXT,"
            " answered_at TEXT, outcome TEXT, snoozes INTEGER, utc_offset_min INTEGER,"
            " local_date TEXT)"
        )
    outcomes = ["done", "self", "natural", "skipped", "missed", "away", None, "done"]
    rows = []
    for day in range(3):
        for i, outcome in enumerate(outcomes):
            due = datetime(2026, 3, 2 + day, 9, 0, tzinfo=BERLIN) + timedelta(minutes=30 * i)
            rows.append(
                {
                    "id": str(uuid.uuid4()),
                    "due_at": to_utc_text(due),
                    "prompted_at": None,
                    "answered_at": None,
                    "outcome": outcome,
                    "snoozes": (i + day) % 3,
                    "utc_offset_min": utc_offset_minutes(due),
                    "local_date": due.date().isoformat(),
                }
            )
    away = datetime(2026, 3, 9, 9, 0, tzinfo=BERLIN)  # a day with nothing due is left out
    for i, outcome in enumerate(["away", None]):
        rows.append(
            {
                **rows[0],
                "id": str(uuid.uuid4()),
                "outcome": outcome,
                "snoozes": i,
                "due_at": to_utc_text(away),
                "local_date": away.date().isoformat(),
            }
        )
    with store.bulk_write():
        store.db["breaks"].insert_all(rows)
    assert "2026-03-09" not in [day["local_date"] for day in store.break_days()]
    summed = tallies_from_days(store.break_days())
    assert summed == tally_breaks(rows)
    assert summed[date(2026, 3, 2)].due == 6
    assert summed[date(2026, 3, 2)].taken == 4


def _grouped(
    groups: list[tuple[str | None, bool, list[int]]],
) -> dict[tuple[str | None, bool], list[int]]:
    return {(tags, done): sorted(days) for tags, done, days in groups if days}


@pytest.mark.parametrize("day_starts_at", [time(0, 0), time(4, 0), time(23, 30), time(2, 17)])
def test_habit_days_group_sessions_as_the_core_does(tmp_path: Path, day_starts_at: time) -> None:
    """The store's SQL (each session's day, and whether it counts as done) is the core's rule:
    coach.core.habits.session_days over the same rows, near midnight and the day start, in
    offsets either side of UTC, with every status, step count and way of entry."""
    store = Store.open(tmp_path / "coach.db")
    instants = [
        "2026-03-01T23:59:59.999Z",
        "2026-03-02T00:00:00.000Z",
        "2026-03-02T02:16:30.000Z",
        "2026-03-02T03:59:00.000Z",
        "2026-03-02T13:30:00.000Z",
        "2028-02-29T22:45:00.500Z",
        "1999-12-31T23:30:00.000Z",
    ]
    cases = product(
        instants,
        [-720, -300, 0, 60, 330, 840],
        [*SessionStatus],
        [(None, None), (0, 0), (1, 0), (3, 4), (2, 2)],
        [*Entry],
        ["morning", "pre-lift", "morning,pre-lift", None, ""],
        [None, "", "2026-03-03T08:00:00.000Z"],
    )
    rows = [
        session_row(
            f"s{number:05}",
            started_at=started,
            utc_offset_min=offset,
            status=status,
            steps_done=steps[0],
            steps_skipped=steps[1],
            entered=entered,
            tags=tags,
            deleted_at=deleted,
        )
        for number, (started, offset, status, steps, entered, tags, deleted) in enumerate(cases)
    ]
    try:
        with store.bulk_write():
            store.insert_rows("sessions", rows)
        in_sql = _grouped(store.habit_days(day_starts_at))
        live = [row for row in store.rows("sessions") if row["deleted_at"] is None]
    finally:
        store.close()
    assert in_sql == _grouped(session_days(live, day_starts_at))
    assert {done for _tags, done in in_sql} == {True, False}


def test_the_habit_index_serves_habit_days_and_not_the_session_list(
    store: Store, now: datetime
) -> None:
    """habit_days reads the partial index alone; a page of the list still walks sessions by
    start, and the totals the table (neither the whole partial index, then the rows)."""
    start(store, now)
    seen: list[str] = []
    store.db.conn.set_trace_callback(seen.append)
    try:
        store.habit_days(time(4, 0))
        page = store.session_page(10)
        store.session_page(10, before=(page[-1]["started_at"], page[-1]["id"]))
        store.total_sessions()
    finally:
        store.db.conn.set_trace_callback(None)
    plans = [
        " ".join(row[3] for row in store.db.execute(f"EXPLAIN QUERY PLAN {sql}"))
        for sql in seen
        if "FROM sessions" in sql
    ]
    assert len(plans) == 4
    assert plans[0] == "SCAN sessions USING INDEX sessions_for_habits"
    assert all("sessions_by_start" in plan for plan in plans[1:3]), plans
    assert "sessions_for_habits" not in plans[3], plans
