"""``break_day_totals`` (migration 13): kept by triggers, it always says what summing every break
row says, whatever wrote the breaks (coach, a merge, an import, SQL by hand) and in any order."""

from __future__ import annotations

import random
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from coach.core.vocabulary import BreakOutcome
from coach.services.portability import export_json, import_json, merge_file
from coach.store import SCHEMA_VERSION, Store

FIXTURES = Path(__file__).parent / "fixtures"
START = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
ANSWERS = [o for o in BreakOutcome if o not in (BreakOutcome.SELF, BreakOutcome.NATURAL)]


def assert_totals_are_the_sum(store: Store) -> None:
    assert store.break_days() == store.break_days_summed()


def random_breaks(store: Store, rng: random.Random, count: int) -> None:
    """Prompts snoozed and answered every way, breaks logged by hand, over a few days."""
    for number in range(count):
        at = START + timedelta(days=rng.randrange(6), minutes=rng.randrange(0, 1440, 7))
        if rng.random() < 0.3:
            outcome = rng.choice([BreakOutcome.SELF, BreakOutcome.NATURAL, BreakOutcome.AWAY])
            store.log_break(outcome=outcome, at=at, started=at - timedelta(minutes=5), ended=at)
            continue
        prompt = store.add_break_prompt(due_at=at, prompted_at=at)
        for _ in range(rng.randrange(3)):
            store.snooze_break(prompt)
        if rng.random() < 0.8:  # some stay pending: they count for nothing
            store.close_break(prompt, outcome=rng.choice(ANSWERS), at=at + timedelta(minutes=2))
        if number % 10 == 0:
            assert_totals_are_the_sum(store)


@pytest.mark.parametrize("seed", range(4))
def test_coach_s_own_writes_keep_the_totals(tmp_path: Path, seed: int) -> None:
    store = Store.open(tmp_path / "coach.db")
    try:
        random_breaks(store, random.Random(seed), 120)
        assert_totals_are_the_sum(store)
        assert store.break_days(), "the random breaks should have counted somewhere"
    finally:
        store.close()


def test_sql_by_hand_keeps_them_too(tmp_path: Path) -> None:
    """Datasette, sqlite3 at a prompt: an update of a day, an outcome or snoozes, a delete."""
    path = tmp_path / "coach.db"
    store = Store.open(path)
    random_breaks(store, random.Random(7), 80)
    store.close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE breaks SET local_date = '2026-11-20' WHERE rowid % 5 = 0")
    conn.execute("UPDATE breaks SET outcome = 'missed' WHERE rowid % 7 = 0")
    conn.execute("UPDATE breaks SET outcome = NULL WHERE rowid % 11 = 0")
    conn.execute("UPDATE breaks SET snoozes = snoozes + 1 WHERE rowid % 3 = 0")
    conn.execute("DELETE FROM breaks WHERE rowid % 4 = 0")
    conn.commit()
    conn.close()
    store = Store.open(path)
    try:
        assert_totals_are_the_sum(store)
    finally:
        store.close()


def test_merges_and_imports_keep_each_log_s_own(tmp_path: Path) -> None:
    """The totals are not user data: they travel as the break rows, and each log adds up its
    own; merging twice, or merging each way, still adds up."""
    a, b = Store.open(tmp_path / "a.db"), Store.open(tmp_path / "b.db")
    try:
        random_breaks(a, random.Random(1), 60)
        random_breaks(b, random.Random(2), 60)
        b.close()
        merge_file(a, tmp_path / "b.db")
        merge_file(a, tmp_path / "b.db")
        assert_totals_are_the_sum(a)
        (tmp_path / "a.json").write_text(export_json(a), encoding="utf-8")
        fresh = Store.open(tmp_path / "fresh.db")
        try:
            import_json(fresh, tmp_path / "a.json")
            assert_totals_are_the_sum(fresh)
            assert fresh.break_days() == a.break_days()
        finally:
            fresh.close()
    finally:
        a.close()


def test_the_migration_adds_up_a_log_s_existing_breaks(tmp_path: Path) -> None:
    """A log from before (schema 12, with breaks in it) gets its totals when it is upgraded."""
    old = tmp_path / "old.db"
    shutil.copyfile(FIXTURES / f"v{SCHEMA_VERSION - 1}.db", old)
    with sqlite3.connect(old) as conn:  # three days of breaks, taken, missed and snoozed
        conn.row_factory = sqlite3.Row
        template = dict(conn.execute("SELECT * FROM breaks LIMIT 1").fetchone())
        for number, (outcome, day, snoozes) in enumerate(
            [("done", "2026-11-02", 0), ("missed", "2026-11-02", 2), ("self", "2026-11-03", 0),
             (None, "2026-11-03", 1), ("skipped", "2026-11-04", 1)]
        ):  # fmt: skip
            row = dict(template)
            row.update(
                id=f"11111111-0000-4000-8000-{number:012d}",
                outcome=outcome,
                local_date=day,
                snoozes=snoozes,
                utc_offset_min=0,
                due_at=f"{day}T09:00:00.000Z",
            )
            marks = ", ".join("?" for _ in row)
            conn.execute(
                f"INSERT INTO breaks ({', '.join(row)}) VALUES ({marks})", list(row.values())
            )
    store = Store.open(old)
    try:
        assert store.break_days() and store.break_days() == store.break_days_summed()
        assert [d["local_date"] for d in store.break_days()][-3:] == [
            "2026-11-02",
            "2026-11-03",
            "2026-11-04",
        ]
    finally:
        store.close()


def test_a_day_with_nothing_due_is_left_out(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "coach.db")
    try:
        store.add_break_prompt(due_at=START, prompted_at=START)  # pending: not yet due
        store.log_break(outcome=BreakOutcome.AWAY, at=START + timedelta(days=1))
        assert store.break_days() == [] == store.break_days_summed()
    finally:
        store.close()
