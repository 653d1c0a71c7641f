"""A process is its pid and its start: a zombie, or a pid now held by another program, is not
the coach that wrote it. Covers coach.system.processes and its two users, the abandoned-session
sweep and ``coach status``."""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from coach.core.vocabulary import StateKey
from coach.services.config import Config
from coach.services.status import status_report
from coach.store import Store
from coach.system.processes import own_start, pid_alive, process_started
from tests.store.conftest import NOW

LINUX = Path("/proc/self/stat").exists()


@pytest.fixture
def zombie() -> Iterator[int]:
    """A child that has exited but is not yet reaped (its pid still answers kill(pid, 0))."""
    child = subprocess.Popen(["true"])
    deadline = time.monotonic() + 10
    while LINUX and time.monotonic() < deadline:
        state = Path(f"/proc/{child.pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        if state == "Z":
            break
        time.sleep(0.01)
    os.kill(child.pid, 0)  # the kernel still knows the pid: a pid-only check says alive
    try:
        yield child.pid
    finally:
        child.wait()


@pytest.fixture
def live() -> Iterator[int]:
    child = subprocess.Popen(["sleep", "60"])
    try:
        yield child.pid
    finally:
        child.kill()
        child.wait()


@pytest.fixture
def dead() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


@pytest.mark.skipif(not LINUX, reason="zombies are told by /proc")
def test_a_zombie_is_not_alive(zombie: int):
    assert not pid_alive(zombie)
    assert process_started(zombie) is None


def test_a_live_process_is_alive_with_its_own_start_only(live: int):
    started = process_started(live)
    assert started is not None
    assert pid_alive(live, started)
    assert pid_alive(live)  # rows from before starts were stored trust the pid
    assert not pid_alive(live, "another-boot:12345")  # the pid was handed on


def test_a_reaped_process_and_nonsense_are_not_alive(dead: int):
    assert not pid_alive(dead)
    for pid in (None, 0, -1, True, "123", 1.5):
        assert not pid_alive(pid)


def test_own_start_is_this_process(tmp_path: Path):
    assert own_start() == process_started(os.getpid())
    assert pid_alive(os.getpid(), own_start())


def test_the_stat_line_is_read_after_the_command_name(tmp_path: Path):
    """A command may be named ``a) (b c``: the fields are read after its last parenthesis."""
    (tmp_path / "77").mkdir()
    fields = ["S", *["0"] * 18, "98765", *["0"] * 20]  # field 3 is the state, field 22 the start
    (tmp_path / "77" / "stat").write_text(f"77 (a) (b c) {' '.join(fields)}\n")
    assert process_started(77, proc=tmp_path) == "98765"
    assert pid_alive(77, "98765", proc=tmp_path)
    assert not pid_alive(77, "98766", proc=tmp_path)
    assert not pid_alive(78, proc=tmp_path)
    (tmp_path / "77" / "stat").write_text(f"77 (x) Z {' '.join(fields[1:])}\n")
    assert not pid_alive(77, proc=tmp_path)


# -- the users -------------------------------------------------------------------------------


def own(store: Store, session_id: str, pid: int, started: str | None) -> None:
    with store.db.writing() as db:
        db.execute(
            "UPDATE sessions SET pid = ?, process_started = ? WHERE id = ?",
            [pid, started, session_id],
        )


def start(store: Store) -> str:
    return store.start_session(
        routine_id="r", routine_name="R", tags=(), planned_seconds=60, now=NOW
    )


def statuses(store: Store) -> dict[str, str]:
    return {row["id"]: row["status"] for row in store.iter_sessions()}


@pytest.mark.skipif(not LINUX, reason="zombies are told by /proc")
def test_a_session_of_a_zombie_or_a_reused_pid_is_closed(
    store: Store, zombie: int, live: int
) -> None:
    of_zombie, of_reused, of_live, of_earlier_me, mine = (start(store) for _ in range(5))
    own(store, of_zombie, zombie, None)
    own(store, of_reused, live, "another-boot:1")
    own(store, of_live, live, process_started(live))
    own(store, of_earlier_me, os.getpid(), "another-boot:2")  # a coach that had my pid
    assert store.close_abandoned(NOW + timedelta(hours=1)) == 3
    assert statuses(store) == {
        of_zombie: "partial",
        of_reused: "partial",
        of_live: "running",
        of_earlier_me: "partial",
        mine: "running",
    }


def test_status_counts_a_reused_pid_as_no_coach_running(store: Store, live: int) -> None:
    def running(pid: int, started: str | None) -> bool:
        payload = {"phase": "sitting", "snoozes": 0, "pid": pid, "started": started}
        store.set_state(StateKey.BREAKS, json.dumps(payload), now=NOW)
        report = status_report(store.path, Config(), NOW)
        return bool(report["breaks"]["coach_running"])

    assert running(live, process_started(live))
    assert not running(live, "another-boot:1")
    assert running(os.getpid(), None)  # a coach from before start times were kept
