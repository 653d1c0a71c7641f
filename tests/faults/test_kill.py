"""kill -9 at random moments while ``coach run`` plays a routine, through the real CLI.

After each kill the log passes ``PRAGMA integrity_check``, every step the screen had moved past
is in it (a step ends, its row is committed, and only then does the screen show the next one),
and the next start closes the killed session as partial.
"""

from __future__ import annotations

import random
import re
import sqlite3
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest

from coach.core.vocabulary import StateKey
from coach.store import Store
from tests.faults.consistency import log_problems
from tests.faults.processes import Coach, coach_env

NAMES = ("Alpha", "Bravo", "Charlie", "Delta", "Echo")
HOLD = 0.5
TOTAL = HOLD * len(NAMES)
ROUTINE = 'name = "Kill me"\n' + "".join(
    f'[[steps]]\nname = "{name}"\nduration = {HOLD}\n' for name in NAMES
)
STEP_SHOWN = re.compile(rf"step (\d)/{len(NAMES)}")
CHAINS, TRIALS = 4, 5
"""Four logs killed five times each, side by side: 20 trials."""


def query(db: Path, sql: str, params=()) -> list[sqlite3.Row]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def wait_for_session(db: Path, pid: int, timeout: float = 30.0) -> str | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if db.exists():
            try:
                rows = query(db, "SELECT id FROM sessions WHERE pid = ?", [pid])
            except sqlite3.OperationalError:  # not migrated yet
                rows = []
            if rows:
                return rows[0]["id"]
        time.sleep(0.02)
    return None


def kill_chain(home: Path, seed: int, problems: list[str]) -> None:
    rng = random.Random(seed)
    home.mkdir()
    (home / "config.toml").write_text("[player]\nget_ready_seconds = 0\n")
    routine = home / "kill-me.toml"
    routine.write_text(ROUTINE)
    db = home / "coach.db"
    seen = Store.open(db)  # a log that has been used before: the one-time notice was seen
    seen.set_state(StateKey.MEDICAL_NOTICE_SEEN, "yes", now=datetime.now().astimezone())
    seen.close()
    env = coach_env(home)
    previous: str | None = None

    def closed(session_id: str, when: str) -> None:
        row = query(db, "SELECT status, ended_at FROM sessions WHERE id = ?", [session_id])[0]
        if row["status"] not in ("partial", "completed") or not row["ended_at"]:
            problems.append(f"{home.name}: {when}, the killed session is {dict(row)}")

    for trial in range(TRIALS):
        where = f"{home.name} trial {trial}"
        child = Coach(["run", str(routine)], env)
        in_startup = rng.random() < 0.2
        if in_startup:
            time.sleep(rng.uniform(0.05, 0.6))
            session = None
        else:
            session = wait_for_session(db, child.pid)
            if session is None:
                child.kill()
                problems.append(f"{where}: no session row appeared:\n{child.output[-500:]}")
                continue
            if previous is not None:
                closed(previous, f"{where} started")
            time.sleep(rng.uniform(0, TOTAL + 0.3))
        child.kill()
        shown = [int(n) for n in STEP_SHOWN.findall(child.output)]
        if not db.exists():
            continue
        check = query(db, "PRAGMA integrity_check")
        if [r[0] for r in check] != ["ok"]:
            problems.append(f"{where}: integrity_check {[tuple(r) for r in check]}")
        session = session or next(
            iter(r["id"] for r in query(db, "SELECT id FROM sessions WHERE pid = ?", [child.pid])),
            None,
        )
        if session is None:
            if shown:
                problems.append(f"{where}: the player was shown but no session was logged")
            continue
        steps = [
            r["exercise"]
            for r in query(db, "SELECT exercise FROM steps WHERE session_id = ? ORDER BY position",
                            [session])
        ]  # fmt: skip
        ended = NAMES[: max(shown, default=1) - 1]  # the screen moved past these
        if "Routine complete" in child.output:
            ended = NAMES
        if steps[: len(ended)] != list(ended) or steps != list(NAMES[: len(steps)]):
            problems.append(f"{where}: the screen moved past {ended}, the log has {steps}")
        previous = session
    if previous is not None:
        store = Store.open(db)  # what every start does first
        store.close_abandoned(datetime.now().astimezone())
        problems.extend(f"{home.name}: {p}" for p in log_problems(store))
        store.close()
        closed(previous, "after the last start")


@pytest.mark.slow
def test_kill_9_at_random_moments_keeps_the_log_sound(tmp_path: Path):
    problems: list[str] = []
    chains = [
        threading.Thread(target=kill_chain, args=(tmp_path / f"log{n}", 20261125 + n, problems))
        for n in range(CHAINS)
    ]
    for chain in chains:
        chain.start()
    for chain in chains:
        chain.join()
    assert problems == []
