"""Edits that travel: logs edited on two or three "machines" (each with its own clock, some
behind), merged into each other in any order and as often as you like, end the same, to the
byte of their exports; and every edit that happened last on some machine is what they all say.
"""

from __future__ import annotations

import itertools
import random
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.core.clock import FakeClock
from coach.core.safety import Answers
from coach.core.vocabulary import RestKind, SessionStatus
from coach.services.portability import export_json, merge_from
from coach.store import Store

START = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
DAYS = [date(2026, 3, 2) + timedelta(days=n) for n in range(4)]
MONDAYS = [date(2026, 3, 2), date(2026, 3, 9)]

EDITS = ["start", "finish", "note", "delete", "restore", "mark", "clear", "deload", "undeload",
         "checkin"]  # fmt: skip
edit = st.tuples(
    st.integers(0, 2),  # on which machine
    st.sampled_from(EDITS + ["merge"] * 4),  # merges often, so rows are edited on both sides
    st.integers(0, 1000),  # which session, day, week or other machine (modulo)
    st.floats(0.001, 600),  # seconds until the next edit
)


class Machines:
    """Logs on machines whose clocks disagree (by up to a few minutes either way)."""

    def __init__(self, folder: Path, count: int, skews: list[float]) -> None:
        self.logs: list[Store] = []
        self.clocks = [FakeClock(START + timedelta(seconds=skew)) for skew in skews[:count]]
        for number, clock in enumerate(self.clocks):
            log = Store.open(folder / f"machine-{number}.db")
            log.clock = clock.now
            self.logs.append(log)

    def close(self) -> None:
        for log in self.logs:
            log.close()

    def sessions(self, log: Store) -> list[str]:
        return sorted(row[0] for row in log.db.execute("SELECT id FROM sessions"))

    def apply(self, machine: int, what: str, pick: int, wait: float) -> None:
        log, clock = self.logs[machine % len(self.logs)], self.clocks[machine % len(self.logs)]
        now = clock.now()
        ids = self.sessions(log)
        session = ids[pick % len(ids)] if ids else None
        if what == "start":
            log.start_session(
                routine_id="desk-break",
                routine_name="Desk break",
                tags=("desk",),
                planned_seconds=180,
                now=now,
            )
        elif what == "finish" and session:
            log.finish_session(
                session, status=SessionStatus.COMPLETED, now=now, active_seconds=pick
            )
        elif what == "note" and session:
            log.set_note(session, f"note {pick}")
        elif what == "delete" and session:
            log.delete_session(session, now=now)
        elif what == "restore" and session:
            log.restore_session(session)
        elif what == "mark":
            day = DAYS[pick % len(DAYS)]
            log.mark_days(day, day, list(RestKind)[pick % len(RestKind)], now=now)
        elif what == "clear":
            day = DAYS[pick % len(DAYS)]
            log.mark_days(day, day, None, now=now)
        elif what == "deload":
            log.mark_deload(MONDAYS[pick % 2], now=now)
        elif what == "undeload":
            log.unmark_deload(MONDAYS[pick % 2], now=now)
        elif what == "checkin":
            log.record_checkin(
                kind="before", answers=Answers(pick % 11), outcome="go", routine_id=None, now=now
            )
        elif what == "merge":
            other = self.logs[pick % len(self.logs)]
            if other is not log:
                merge_from(log, other)
        for each in self.clocks:
            each.advance(wait)

    def sync_all(self, order: random.Random) -> None:
        """Every log merges every other, twice over, in a shuffled order."""
        pairs = [(a, b) for a, b in itertools.permutations(range(len(self.logs)), 2)]
        for _ in range(2):
            order.shuffle(pairs)
            for into, source in pairs:
                merge_from(self.logs[into], self.logs[source])


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    count=st.sampled_from([2, 3]),
    skews=st.lists(st.floats(-300, 300), min_size=3, max_size=3),
    edits=st.lists(edit, min_size=5, max_size=40),
    seed=st.integers(0, 2**32),
)
def test_logs_edited_apart_converge_whatever_the_order(count, skews, edits, seed) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        machines = Machines(Path(tmp), count, skews)
        try:
            for machine, what, pick, wait in edits:
                machines.apply(machine, what, pick, wait)
            machines.sync_all(random.Random(seed))
            exports = [export_json(log) for log in machines.logs]
            assert all(text == exports[0] for text in exports), "the logs did not converge"
            # and merging again, in any direction, changes nothing and finds nothing to settle
            for a, b in itertools.permutations(machines.logs, 2):
                report = merge_from(a, b)
                assert report.total_added == report.total_updated == 0 and not report.conflicts
            assert [export_json(log) for log in machines.logs] == exports
        finally:
            machines.close()


def test_the_later_edit_wins_even_from_a_machine_whose_clock_is_behind(tmp_path: Path) -> None:
    """The laptop's clock is 10 minutes behind. It deletes a session after seeing the desktop's
    note on it (a merge): its delete still wins, as it happened after the note it had seen."""
    machines = Machines(tmp_path, 2, [0, -600, 0])
    desktop, laptop = machines.logs
    try:
        machines.apply(0, "start", 0, 1)
        (session,) = machines.sessions(desktop)
        desktop.set_note(session, "felt good")
        merge_from(laptop, desktop)
        laptop.delete_session(session, now=machines.clocks[1].now())
        merge_from(desktop, laptop)
        row = desktop.session(session)
        assert row is not None and row["deleted_at"] is not None and row["note"] == "felt good"
        laptop.restore_session(session)  # and undoing the delete travels too
        merge_from(desktop, laptop)
        assert desktop.session(session)["deleted_at"] is None  # type: ignore[index]
    finally:
        machines.close()


def test_two_logs_that_marked_the_same_day_merge(tmp_path: Path) -> None:
    """Once ``UNIQUE constraint failed: day_marks.local_date``: now a day's mark is one row on
    every machine, and the later of the two marks is the day's."""
    machines = Machines(tmp_path, 2, [0, 0, 0])
    a, b = machines.logs
    try:
        a.mark_days(DAYS[0], DAYS[1], RestKind.REST, now=START)
        machines.clocks[1].advance(60)
        b.mark_days(DAYS[1], DAYS[2], RestKind.SICK, now=START)
        b.mark_deload(MONDAYS[0], now=START)
        a.mark_deload(MONDAYS[0], now=START)
        merge_from(a, b)
        merge_from(b, a)
        expected = [(DAYS[0], "rest"), (DAYS[1], "sick"), (DAYS[2], "sick")]
        for log in (a, b):
            marks = [(date.fromisoformat(m["local_date"]), m["kind"]) for m in log.day_marks()]
            assert sorted(marks) == expected
            assert log.deload_weeks() == [MONDAYS[0]]
        assert export_json(a) == export_json(b)
    finally:
        machines.close()
