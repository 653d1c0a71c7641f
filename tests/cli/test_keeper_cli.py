"""The real ``coach keeper``, as a process: it prompts on the real clock, hears ``coach break
done`` from another process, stops on SIGTERM with exit status 0 and leaves every row closed."""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from coach.store import Store
from coach.system.lock import BreakLock, lock_path_for

WORKTREE = Path(__file__).parents[2]

SETTINGS = """\
[breaks]
interval_minutes = 0.05
work_hours = "00:00-24:00"
work_days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
"""


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    config = tmp_path / "config.toml"
    config.write_text(SETTINGS, encoding="utf-8")
    return tmp_path / "coach.db", config


def coach(files: tuple[Path, Path], *args: str) -> list[str]:
    db, config = files
    return [sys.executable, "-m", "coach", "--db", str(db), "--config", str(config), *args]


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(WORKTREE)
    env["PYTHONUNBUFFERED"] = "1"
    return env


class Lines:
    """A process's standard output, line by line, read on a thread so waiting has a deadline."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.seen: list[str] = []
        self._queue: queue.SimpleQueue[str | None] = queue.SimpleQueue()
        assert process.stdout is not None
        stdout = process.stdout

        def read() -> None:
            for line in stdout:
                self._queue.put(line.rstrip("\n"))
            self._queue.put(None)

        threading.Thread(target=read, daemon=True).start()

    def wait_for(self, text: str, timeout: float = 6.0) -> str:
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self._queue.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                break
            self.seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"no line with {text!r} in {timeout} s; saw {self.seen}")


def test_the_keeper_prompts_hears_a_shell_answer_and_stops_cleanly_on_sigterm(files):
    process = subprocess.Popen(
        coach(files, "keeper"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment(),
    )
    try:
        lines = Lines(process)
        lines.wait_for("Breaks: this keeper prompts now.")
        prompt = lines.wait_for("Time to stand up — coach break done | snooze | skip")
        assert prompt[:5].replace(":", "").isdigit()  # "09:30 Time to stand up …"
        answered = subprocess.run(
            coach(files, "break", "done"),
            capture_output=True,
            text=True,
            env=environment(),
            timeout=10,
        )
        assert answered.returncode == 0, answered.stderr
        assert answered.stdout.strip() == "Break done. Logged."
        lines.wait_for("Break done: logged.", timeout=3)
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=5)
        lines.wait_for("stopped; the break lock is released", timeout=2)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.stderr is not None
    errors = process.stderr.read()
    assert code == 0, errors
    assert "Traceback" not in errors
    db, _ = files
    with contextlib.closing(sqlite3.connect(db)) as connection:
        rows = connection.execute(
            "SELECT outcome, prompted_at, answered_at FROM breaks ORDER BY prompted_at"
        ).fetchall()
    assert rows, "the prompt was not logged"
    for outcome, prompted_at, answered_at in rows:
        assert outcome is not None  # every row closed
        assert prompted_at <= answered_at
    assert rows[0][0] == "done"
    lock = BreakLock(lock_path_for(db))
    assert lock.acquire()  # released on the way out
    lock.release()


def test_the_keeper_waits_for_the_coach_that_holds_the_lock_and_says_whose_it_is(files):
    db, _ = files
    Store.open(db).close()
    lock = BreakLock(lock_path_for(db))
    assert lock.acquire()
    try:
        result = subprocess.run(
            coach(files, "keeper", "--once"),
            capture_output=True,
            text=True,
            env=environment(),
            timeout=10,
        )
    finally:
        lock.release()
    assert result.returncode == 0, result.stderr
    assert f"Breaks: another coach (pid {os.getpid()}) prompts for now" in result.stdout


def test_sigint_stops_it_too_with_no_traceback(files):
    process = subprocess.Popen(
        coach(files, "keeper"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment(),
    )
    try:
        Lines(process).wait_for("Breaks: this keeper prompts now.")
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=5)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.stderr is not None
    errors = process.stderr.read()
    assert code == 0 and "Traceback" not in errors, errors
