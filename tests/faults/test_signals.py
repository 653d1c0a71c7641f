"""SIGTERM, SIGHUP and a closed pane end ``coach run`` at once, through the real CLI on a pty.

The playing session is ``partial`` with its end and its active time the moment the process is
gone (not at the next start), the prompting coach's state says it has left, the break lock is
free, and the exit status is 128 + the signal. A signal while coach is still starting ends it too.
"""

from __future__ import annotations

import json
import os
import signal
import time
from datetime import datetime
from pathlib import Path

import pytest

from coach.core.vocabulary import SessionStatus, StateKey
from coach.store import Store
from coach.system.lock import BreakLock, lock_path_for
from tests.faults.processes import Coach, coach_env
from tests.faults.test_kill import query, wait_for_session

ROUTINE = 'name = "Hang up on me"\n' + "".join(
    f'[[steps]]\nname = "Hold {n}"\nduration = 60\n' for n in range(3)
)
EXIT_WITHIN = 5.0
"""Seconds from the signal to the process being gone."""


def prepared(home: Path) -> tuple[dict[str, str], Path, Path]:
    home.mkdir(exist_ok=True)
    (home / "config.toml").write_text(
        "[player]\nget_ready_seconds = 0\n"
        '[breaks]\nwork_hours = "00:00-23:59"\n'
        'work_days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]\n'
    )
    routine = home / "hang-up.toml"
    routine.write_text(ROUTINE)
    db = home / "coach.db"
    seen = Store.open(db)  # used before: the one-time notice was seen
    seen.set_state(StateKey.MEDICAL_NOTICE_SEEN, "yes", now=datetime.now().astimezone())
    seen.close()
    return coach_env(home), routine, db


def gone_within(child: Coach, seconds: float) -> float:
    """Seconds until the child exited (it is killed, and the test fails, past ``seconds``)."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        pid, status = os.waitpid(child.pid, os.WNOHANG)
        if pid:
            child.status = os.waitstatus_to_exitcode(status)
            child.wait()
            return time.monotonic() - started
        time.sleep(0.02)
    child.kill()
    pytest.fail(f"coach still running {seconds} s after the signal:\n{child.output[-800:]}")


def assert_left_cleanly(db: Path, session_id: str) -> None:
    row = query(db, "SELECT * FROM sessions WHERE id = ?", [session_id])[0]
    assert row["status"] == SessionStatus.PARTIAL
    assert row["ended_at"]
    assert row["active_seconds"] > 0
    state = json.loads(
        query(db, "SELECT value FROM app_state WHERE key = ?", [StateKey.BREAKS])[0][0]
    )
    assert state["pid"] is None  # the break keeper said goodbye: coach status knows it is gone
    lock = BreakLock(lock_path_for(db))
    assert lock.acquire()
    lock.release()


def wait_until_running(db: Path, child: Coach) -> str:
    session_id = wait_for_session(db, child.pid)
    if session_id is None:
        child.kill()
        pytest.fail(f"no session row appeared:\n{child.output[-800:]}")
    time.sleep(0.5)  # some active time to keep
    return session_id


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_ends_a_playing_routine_as_partial_at_once(tmp_path: Path, signum: int):
    env, routine, db = prepared(tmp_path)
    child = Coach(["run", str(routine)], env)
    session_id = wait_until_running(db, child)
    os.kill(child.pid, signum)
    gone_within(child, EXIT_WITHIN)
    assert child.status == 128 + signum, child.output[-800:]
    assert_left_cleanly(db, session_id)


@pytest.mark.slow
def test_closing_the_pane_ends_a_playing_routine_as_partial_at_once(tmp_path: Path):
    """The terminal going away (its pty closed) is a SIGHUP from the kernel, and a dead tty."""
    env, routine, db = prepared(tmp_path)
    child = Coach(["run", str(routine)], env)
    session_id = wait_until_running(db, child)
    child.hang_up()
    gone_within(child, EXIT_WITHIN)
    assert_left_cleanly(db, session_id)


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.0, 0.15, 0.4])
def test_a_signal_while_starting_still_ends_coach(tmp_path: Path, delay: float):
    env, routine, db = prepared(tmp_path)
    child = Coach(["run", str(routine)], env)
    time.sleep(delay)
    os.kill(child.pid, signal.SIGTERM)
    gone_within(child, EXIT_WITHIN)
    running = query(db, "SELECT id FROM sessions WHERE status = ?", [SessionStatus.RUNNING])
    assert running == []
