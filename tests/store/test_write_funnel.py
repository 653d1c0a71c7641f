"""Every write has one path: each public write of the Store, under each way a log refuses a
write, raises LogWriteError and nothing else, and leaves the log as it was.

The table below names every public method of Store as a write (with a call that makes it write),
a read, or a part of opening and closing; a new method fails ``test_every_public_method_is_named``
until it is put in one, so a write cannot be added without being walked here.
"""

from __future__ import annotations

import contextlib
import inspect
import os
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

import pytest

from coach.core.safety import Answers
from coach.store import LogWriteError, Store, StoreError
from coach.store.connection import found_damaged
from tests.faults.injection import LogFault
from tests.store.conftest import NOW

REFUSALS = ["read-only", "disk-full", "busy", "damaged"]


@dataclass
class Ids:
    """Rows that exist before the log starts refusing, for writes that change a row."""

    session: str
    running: str
    brk: str
    checkin: str
    deleted: str


def seed(store: Store) -> Ids:
    session = store.start_session(
        routine_id="morning-mobility",
        routine_name="Morning mobility",
        tags=("morning",),
        planned_seconds=60,
        now=NOW,
    )
    store.record_step(
        session,
        position=0,
        step_number=1,
        exercise="Neck rolls",
        side=None,
        set_number=1,
        kind="timed",
        planned_seconds=30,
        reps=None,
        active_seconds=30,
        outcome="done",
        started=NOW,
        ended=NOW + timedelta(seconds=30),
    )
    running = store.start_session(
        routine_id="desk-break", routine_name="Desk", tags=(), planned_seconds=60, now=NOW
    )
    gone = subprocess.Popen(["true"])
    gone.wait()
    # A session left running by a coach that is gone, so close_abandoned has one to close.
    with store.db.writing() as db:
        db.execute(
            "UPDATE sessions SET pid = ?, process_started = NULL WHERE id = ?", [gone.pid, running]
        )
    brk = store.add_break_prompt(due_at=NOW, prompted_at=NOW)
    checkin = store.record_checkin(
        kind="before", answers=Answers(pain=2), outcome="undecided", routine_id="x", now=NOW
    )
    store.set_state("seen", "yes", now=NOW)
    deleted = store.start_session(
        routine_id="x", routine_name="X", tags=(), planned_seconds=1, now=NOW
    )
    store.delete_session(deleted, now=NOW)
    return Ids(session, running, brk, checkin, deleted)


def a_session_row(n: int) -> dict[str, Any]:
    return {
        "id": f"imported-{n}",
        "routine_id": "r",
        "started_at": "2026-03-01T06:00:00.000Z",
        "utc_offset_min": 60,
        "local_date": "2026-03-01",
        "status": "completed",
    }


def _bulk(store: Store) -> None:
    with store.bulk_write():
        store.insert_rows("sessions", [a_session_row(2)])


LATER = NOW + timedelta(hours=3)
WRITES: dict[str, Callable[[Store, Ids], object]] = {
    "start_session": lambda s, i: s.start_session(
        routine_id="r", routine_name="R", tags=(), planned_seconds=1, now=LATER
    ),
    "record_step": lambda s, i: s.record_step(
        i.session,
        position=1,
        step_number=2,
        exercise="Squat",
        side="left",
        set_number=1,
        kind="reps",
        planned_seconds=None,
        reps=5,
        active_seconds=10,
        outcome="skipped",
        started=LATER,
        ended=LATER,
    ),
    "finish_session": lambda s, i: s.finish_session(
        i.session, status="completed", now=LATER, active_seconds=30
    ),
    "close_abandoned": lambda s, i: s.close_abandoned(LATER),
    "set_note": lambda s, i: s.set_note(i.session, "left hip [/] tight"),
    "delete_session": lambda s, i: s.delete_session(i.session, now=LATER),
    "restore_session": lambda s, i: s.restore_session(i.deleted),
    "add_break_prompt": lambda s, i: s.add_break_prompt(due_at=LATER, prompted_at=LATER),
    "snooze_break": lambda s, i: s.snooze_break(i.brk),
    "close_break": lambda s, i: s.close_break(i.brk, outcome="done", at=LATER),
    "log_break": lambda s, i: s.log_break(outcome="self", at=LATER),
    "end_break": lambda s, i: s.end_break(i.brk, LATER),
    "record_checkin": lambda s, i: s.record_checkin(
        kind="after", answers=Answers(pain=3), outcome=None, routine_id=None, now=LATER
    ),
    "set_checkin_outcome": lambda s, i: s.set_checkin_outcome(i.checkin, "gentler"),
    "set_checkin_pain": lambda s, i: s.set_checkin_pain(i.checkin, 4),
    "link_checkin": lambda s, i: s.link_checkin(i.checkin, i.session),
    "mark_deload": lambda s, i: s.mark_deload(date(2026, 3, 2), now=LATER),
    "unmark_deload": lambda s, i: s.unmark_deload(date(2026, 3, 2), now=LATER),
    "mark_days": lambda s, i: s.mark_days(date(2026, 3, 3), date(2026, 3, 4), "rest", now=LATER),
    "set_day_marks": lambda s, i: s.set_day_marks({date(2026, 3, 3): None}, now=LATER),
    "set_state": lambda s, i: s.set_state("seen", "no", now=LATER),
    "insert_rows": lambda s, i: s.insert_rows("sessions", [a_session_row(1)]),
    "put_rows": lambda s, i: s.put_rows("sessions", [a_session_row(2)]),
    "insert_batch": lambda s, i: s.insert_batch("sessions", [a_session_row(3)]),
    "log_session": lambda s, i: s.log_session(
        routine_id="desk-break",
        routine_name="Desk break",
        tags=("desk",),
        planned_seconds=180,
        started=NOW,
        active_seconds=170,
    ),
    "bulk_write": lambda s, i: _bulk(s),
}
"""Every public method that writes the log, and a call that makes it write."""

READS: dict[str, Callable[[Store, Ids], object]] = {
    "stamp": lambda s, i: s.stamp(NOW),
    "session": lambda s, i: s.session(i.session),
    "steps": lambda s, i: s.steps(i.session),
    "sessions_on": lambda s, i: s.sessions_on(date(2026, 3, 2)),
    "sessions_started": lambda s, i: s.sessions_started("2026", "2027"),
    "iter_sessions": lambda s, i: list(s.iter_sessions()),
    "prelift_sessions": lambda s, i: s.prelift_sessions(),
    "habit_sessions": lambda s, i: s.habit_sessions(),
    "habit_days": lambda s, i: s.habit_days(time(4, 0)),
    "total_sessions": lambda s, i: s.total_sessions(),
    "session_page": lambda s, i: s.session_page(10),
    "session_count": lambda s, i: s.session_count(),
    "break_row": lambda s, i: s.break_row(i.brk),
    "pending_break": lambda s, i: s.pending_break(),
    "breaks_on": lambda s, i: s.breaks_on(date(2026, 3, 2)),
    "break_tally": lambda s, i: s.break_tally(date(2026, 3, 2)),
    "breaks_answered_since": lambda s, i: s.breaks_answered_since("done", ""),
    "break_days": lambda s, i: s.break_days(),
    "break_days_summed": lambda s, i: s.break_days_summed(),
    "checkin": lambda s, i: s.checkin(i.checkin),
    "checkins": lambda s, i: s.checkins(),
    "deload_weeks": lambda s, i: s.deload_weeks(),
    "day_marks": lambda s, i: s.day_marks(),
    "get_state": lambda s, i: s.get_state("seen"),
    "data_version": lambda s, i: s.data_version(),
    "table_names": lambda s, i: s.table_names(),
    "user_tables": lambda s, i: s.user_tables(),
    "columns": lambda s, i: s.columns("sessions"),
    "rows": lambda s, i: list(s.rows("sessions")),
    "rows_by_id": lambda s, i: s.rows_by_id("sessions", [i.session]),
    "schema_version": lambda s, i: s.schema_version(),
    "machine_id": lambda s, i: s.machine_id(),  # made by the first write (the seed's)
}
"""Every public method that only reads; each must work while the log refuses writes."""

LIFECYCLE = {"open", "create_at_version", "open_copy", "close", "backup_to", "clock"}
"""Opening and closing (tested in test_store and test_log_safety), copying to another file, and
``clock``: where a change's time comes from (tests set a fake one)."""


def public_methods() -> set[str]:
    return {
        name
        for name, member in inspect.getmembers(Store)
        if not name.startswith("_") and callable(member)
    }


def test_every_public_method_is_named():
    named = set(WRITES) | set(READS) | LIFECYCLE
    assert public_methods() - named == set(), "put each new method in WRITES, READS or LIFECYCLE"
    assert named - public_methods() == set(), "a method named here is gone"


def test_each_write_writes(tmp_path: Path):
    """The calls above really write (else the refusal tests below would prove nothing)."""
    for name, write in WRITES.items():
        store = Store.open(tmp_path / f"{name}.db")
        try:
            ids = seed(store)
            before = dump(store)
            write(store, ids)
            assert dump(store) != before, f"{name} wrote nothing"
        finally:
            store.close()


def dump(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    conn = sqlite3.connect(f"file:{store.path}?mode=ro", uri=True)
    try:
        return {
            table: conn.execute(f"SELECT * FROM [{table}] ORDER BY rowid").fetchall()
            for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
    finally:
        conn.close()


# -- the refusals ------------------------------------------------------------------------------


def damage_pages(path: Path) -> None:
    """Overwrite the pages every table and index of the log starts on, leaving the schema
    (``sqlite_master``, read at open, which no longer fits one page) whole."""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        roots = [
            row[0]
            for row in conn.execute(
                "SELECT rootpage FROM sqlite_master WHERE rootpage > 0 AND name NOT LIKE 'sqlite_%'"
            )
        ]
    with open(path, "r+b") as handle:
        for root in roots:
            handle.seek((root - 1) * size)
            handle.write(bytes((n * 37 + root) % 256 for n in range(size)))


class Refusal:
    """A log that refuses every write in one way, between ``on()`` and ``off()``."""

    def __init__(self, kind: str, path: Path) -> None:
        self.kind = kind
        self.path = path
        self._fault: LogFault | None = None
        self._holder: sqlite3.Connection | None = None

    def open(self) -> tuple[Store, Ids]:
        store = Store.open(self.path)
        ids = seed(store)
        if self.kind == "damaged":
            store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            store.close()
            damage_pages(self.path)
            # The whole-file check ran earlier today; the damage came after it.
            store = Store.open(self.path, integrity=False)
        return store, ids

    def on(self, store: Store) -> None:
        if self.kind in ("read-only", "disk-full"):
            self._fault = LogFault(store, self.kind)
            self._fault.on()
        elif self.kind == "busy":
            store.db.patience = 0.05
            store.db.execute("PRAGMA busy_timeout = 10")
            self._holder = sqlite3.connect(self.path, isolation_level=None)
            self._holder.execute("BEGIN IMMEDIATE")

    def off(self) -> None:
        if self._fault is not None:
            self._fault.off()
            self._fault = None
        if self._holder is not None:
            self._holder.execute("ROLLBACK")
            self._holder.close()
            self._holder = None


@pytest.fixture(params=REFUSALS)
def refusal(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Refusal]:
    made = Refusal(request.param, tmp_path / "coach.db")
    yield made
    made.off()


@pytest.mark.parametrize("name", sorted(WRITES))
def test_every_write_under_every_refusal_raises_only_log_write_error(
    name: str, refusal: Refusal
) -> None:
    store, ids = refusal.open()
    try:
        before = refusal.path.read_bytes() if refusal.kind == "damaged" else dump(store)
        refusal.on(store)
        with pytest.raises(LogWriteError) as caught:
            WRITES[name](store, ids)
        message = str(caught.value)
        assert message.startswith(f"{refusal.path}: ") and "\n" not in message
        refusal.off()
        if refusal.kind == "damaged":
            assert "is damaged" in message and "coach stopped writing to it" in message
            assert refusal.path.read_bytes() == before
        else:
            assert dump(store) == before, "a refused write changed the log"
    finally:
        store.close()


@pytest.mark.parametrize("kind", ["read-only", "disk-full", "busy"])
def test_reads_go_on_while_writes_are_refused(kind: str, tmp_path: Path) -> None:
    refusal = Refusal(kind, tmp_path / "coach.db")
    store, ids = refusal.open()
    try:
        refusal.on(store)
        for read in READS.values():
            read(store, ids)  # raises if it tried to write
    finally:
        refusal.off()
        store.close()


# -- nothing writes around the funnel ----------------------------------------------------------


def test_a_write_outside_the_funnel_is_refused_even_when_prepared_inside_it(store: Store):
    sql = "INSERT INTO app_state (key, value, updated_at) VALUES ('k', 'v', 'now')"
    with store.db.writing() as db:
        db.execute(sql)
        db.execute("DELETE FROM app_state WHERE key = 'k'")
    for statement in (sql, "DELETE FROM app_state", "PRAGMA user_version = 99"):
        with pytest.raises(sqlite3.DatabaseError, match="not authorized"):
            store.db.execute(statement)
    with pytest.raises(sqlite3.DatabaseError, match="not authorized"):
        store.db["app_state"].insert({"key": "k", "value": "v", "updated_at": "now"})
    assert store.get_state("k") is None


def test_a_refused_write_rolls_back_all_of_it(store: Store):
    with pytest.raises(LogWriteError), store.db.writing() as db:
        db.execute("INSERT INTO app_state (key, value, updated_at) VALUES ('a', '1', 'now')")
        db.execute("INSERT INTO no_such_table VALUES (1)")
    assert store.get_state("a") is None


# -- a damaged log is written to no more -------------------------------------------------------


def test_a_damaged_log_is_left_alone_for_the_rest_of_the_process(tmp_path: Path):
    refusal = Refusal("damaged", tmp_path / "coach.db")
    store, ids = refusal.open()
    try:
        with pytest.raises(LogWriteError) as first:
            store.set_state("seen", "again", now=LATER)
        line = str(first.value)
        after_first = refusal.path.read_bytes()
        assert found_damaged(refusal.path) == first.value.message
        for name, write in WRITES.items():
            with pytest.raises(LogWriteError) as caught:
                write(store, ids)
            assert str(caught.value) == line, name
        assert refusal.path.read_bytes() == after_first
        # A read that meets the damage says the same line, not SQLite's error.
        with pytest.raises(StoreError) as read:
            store.session_page(10)
        assert str(read.value) == line
    finally:
        store.close()
    with pytest.raises(StoreError) as reopened:
        Store.open(refusal.path, integrity=False)
    assert str(reopened.value) == line


def test_history_on_a_damaged_log_is_one_line(tmp_path: Path):
    """`coach history` in a later process: the damage is found by the read, and said."""
    path = tmp_path / "coach.db"
    refusal = Refusal("damaged", path)
    store, _ = refusal.open()
    store.close()
    checked = tmp_path / "state" / "coach" / "log-checked.json"
    checked.parent.mkdir(parents=True)
    checked.write_text(f'{{"{path.resolve()}": "{date.today()}"}}', encoding="utf-8")
    env = {
        **os.environ,
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    done = subprocess.run(
        ["python3", "-m", "coach", "--db", str(path), "history"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and "damaged" in lines[0], done.stderr
