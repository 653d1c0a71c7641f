"""One coach prompts: the lock is exclusive, and dies with the process that held it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from coach.system.lock import BreakLock, lock_path_for


def test_the_lock_sits_next_to_the_log(tmp_path: Path):
    assert lock_path_for(tmp_path / "coach.db") == tmp_path / "coach.db.breaks.lock"


def test_only_one_holder_at_a_time(tmp_path: Path):
    path = tmp_path / "coach.db.breaks.lock"
    first, second = BreakLock(path), BreakLock(path)
    assert first.acquire() and first.held
    assert not second.acquire() and not second.held
    assert second.holder_pid() == os.getpid()
    first.release()
    assert second.acquire()
    second.release()


def test_a_killed_holder_leaves_no_stale_lock(tmp_path: Path):
    path = tmp_path / "coach.db.breaks.lock"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import pathlib, time; from coach.system.lock import BreakLock; "
            f"lock = BreakLock(pathlib.Path({str(path)!r})); assert lock.acquire(); "
            "print('held', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).parents[1],
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        mine = BreakLock(path)
        assert not mine.acquire()
        assert mine.holder_pid() == holder.pid
    finally:
        holder.kill()
        holder.wait()
    assert mine.acquire()
    mine.release()


def test_the_lock_file_is_private_whatever_the_umask(tmp_path: Path):
    import stat

    path = tmp_path / "coach.db.breaks.lock"
    old = os.umask(0)
    try:
        lock = BreakLock(path)
        assert lock.acquire()
        lock.release()
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_world_writable_lock_left_by_an_older_coach_is_made_private(tmp_path: Path):
    import stat

    path = tmp_path / "coach.db.breaks.lock"
    path.write_text("123\n", encoding="utf-8")
    path.chmod(0o666)
    lock = BreakLock(path)
    assert lock.acquire()
    lock.release()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert lock.holder_pid() == os.getpid()


def test_a_lock_path_that_is_a_fifo_or_a_symlink_is_not_taken(tmp_path: Path):
    fifo = tmp_path / "fifo.lock"
    os.mkfifo(fifo)
    assert not BreakLock(fifo).acquire()
    assert BreakLock(fifo).holder_pid() is None
    target = tmp_path / "someone-elses-file"
    target.write_text("keep", encoding="utf-8")
    (tmp_path / "link.lock").symlink_to(target)
    assert not BreakLock(tmp_path / "link.lock").acquire()
    assert target.read_text(encoding="utf-8") == "keep"
