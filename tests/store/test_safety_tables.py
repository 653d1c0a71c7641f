"""Check-ins and deload marks in the log: written at the moment of the answer, read back whole."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import sqlite_utils

import coach.store.schema
from coach.core.safety import Answers, Outcome
from coach.store import SCHEMA_VERSION, Store
from tests.store.conftest import assert_changed_here


def start(store: Store, now: datetime, tags=("pre-lift",), routine_id="pre-lift-warmup", **kw):
    return store.start_session(
        routine_id=routine_id,
        routine_name=routine_id.title(),
        tags=tags,
        planned_seconds=600,
        now=now,
        **kw,
    )


def read_row(path: Path, checkin_id: str) -> dict:
    """Read with a separate connection: the row must already be committed."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        return dict(conn.execute("SELECT * FROM checkins WHERE id = ?", [checkin_id]).fetchone())
    finally:
        conn.close()


def test_a_check_in_is_committed_with_every_answer(store: Store, db_path: Path, now: datetime):
    checkin_id = store.record_checkin(
        kind="before",
        answers=Answers(4, {"persists": False, "leg": True, "numbness": False}),
        outcome=Outcome.STOPPED,
        routine_id="pre-lift-warmup",
        now=now,
    )
    row = read_row(db_path, checkin_id)
    assert_changed_here(row)
    assert row == {
        "id": checkin_id,
        "at": "2026-03-02T06:00:00.000Z",
        "utc_offset_min": 60,
        "local_date": "2026-03-02",
        "kind": "before",
        "pain": 4,
        "flag_persists": 0,
        "flag_leg": 1,
        "flag_numbness": 0,
        "flag_sleep": None,
        "outcome": "stopped",
        "routine_id": "pre-lift-warmup",
        "session_id": None,
    }


def test_a_skipped_check_in_has_no_answers(store: Store, now: datetime):
    checkin_id = store.record_checkin(
        kind="before", answers=Answers(), outcome="skipped", routine_id="r", now=now
    )
    row = store.checkin(checkin_id)
    assert row is not None
    assert [
        row[c] for c in ("pain", "flag_persists", "flag_leg", "flag_numbness", "flag_sleep")
    ] == [None] * 5


def test_the_session_it_let_start_is_linked_and_the_choice_recorded(store: Store, now: datetime):
    checkin_id = store.record_checkin(
        kind="before", answers=Answers(7), outcome="undecided", routine_id="r", now=now
    )
    store.set_checkin_outcome(checkin_id, Outcome.GENTLER)
    session_id = start(store, now, tags=("gentle",), routine_id="cool-down", checkin_id=checkin_id)
    row = store.checkin(checkin_id)
    assert row is not None
    assert (row["outcome"], row["session_id"]) == ("gentler", session_id)


def test_a_pain_score_can_be_corrected(store: Store, now: datetime):
    checkin_id = store.record_checkin(
        kind="after", answers=Answers(3), outcome=None, routine_id="r", now=now
    )
    store.set_checkin_pain(checkin_id, 5)
    assert store.checkin(checkin_id)["pain"] == 5  # type: ignore[index]


def test_check_ins_since_a_day_oldest_first(store: Store, now: datetime):
    for days_ago in (3, 1, 2):
        store.record_checkin(
            kind="before",
            answers=Answers(days_ago),
            outcome="go",
            routine_id="r",
            now=now - timedelta(days=days_ago),
        )
    assert [r["pain"] for r in store.checkins()] == [3, 2, 1]
    assert [r["pain"] for r in store.checkins(date(2026, 2, 28))] == [2, 1]


def test_deload_weeks_are_logged_and_read_once_each(store: Store, now: datetime):
    store.mark_deload(date(2026, 3, 2), now=now)
    store.mark_deload(date(2026, 1, 5), now=now)
    store.mark_deload(date(2026, 3, 2), now=now + timedelta(hours=1))
    assert store.deload_weeks() == [date(2026, 1, 5), date(2026, 3, 2)]
    row = next(store.db.query("SELECT * FROM deloads ORDER BY marked_at LIMIT 1"))
    assert (row["marked_at"], row["utc_offset_min"], row["local_date"]) == (
        "2026-03-02T06:00:00.000Z",
        60,
        "2026-03-02",
    )


def test_pre_lift_sessions_match_the_whole_tag(store: Store, now: datetime):
    start(store, now, tags=("pre-lift",))
    start(store, now, tags=("strength", "pre-lift", "gentle"), routine_id="hinge-day")
    start(store, now, tags=("pre-lifting",), routine_id="nope")
    start(store, now, tags=("morning",), routine_id="morning-mobility")
    assert [r["routine_id"] for r in store.prelift_sessions()] == ["pre-lift-warmup", "hinge-day"]


def test_a_schema_2_log_gains_the_safety_tables_and_keeps_its_rows(tmp_path: Path):
    path = tmp_path / "coach.db"
    old = sqlite_utils.Database(path)
    coach.store.schema.MIGRATIONS[0](old)
    coach.store.schema.MIGRATIONS[1](old)
    old.execute("PRAGMA user_version = 2")
    old["app_state"].insert({"key": "k", "value": "v", "updated_at": "x"})
    old.close()
    store = Store.open(path)
    try:
        assert store.schema_version() == SCHEMA_VERSION
        assert {"checkins", "deloads"} <= set(store.db.table_names())
        assert store.get_state("k") == "v"
    finally:
        store.close()


def test_pre_lift_sessions_since_a_day_count_by_the_local_day_at_any_offset(store: Store):
    """The read is bounded by the UTC start too (for speed); a session far east, whose UTC
    start is the day before, still counts on its own day, and the day before does not."""
    from datetime import timezone

    since = date(2026, 3, 2)
    for offset in (14, 5, 0, -5, -12):
        zone = timezone(timedelta(hours=offset))
        start(store, datetime(2026, 3, 2, 0, 30, tzinfo=zone), routine_id=f"on-{offset}")
        start(store, datetime(2026, 3, 1, 23, 30, tzinfo=zone), routine_id=f"before-{offset}")
    found = sorted(r["routine_id"] for r in store.prelift_sessions(since=since))
    assert found == sorted(f"on-{offset}" for offset in (14, 5, 0, -5, -12))
