"""Backups, exports and the scratch copies of merge and import: whole or absent at their name,
removed when interrupted, and private (0600 files, 0700 folders) whatever the umask."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from coach.services import portability
from coach.store import Store, StoreError
from coach.store import files as store_files
from tests.store.conftest import NOW

ROOT = Path(__file__).resolve().parents[2]


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def a_log(path: Path) -> Path:
    store = Store.open(path)
    try:
        for n in range(50):
            store.start_session(
                routine_id="morning-mobility",
                routine_name=f"Morning {n}",
                tags=("morning",),
                planned_seconds=600,
                now=NOW,
            )
    finally:
        store.close()
    return path


# -- a copy killed half way ------------------------------------------------------------------

SLOW_COPY = textwrap.dedent(
    """
    import sys, time
    from coach.store import files
    from coach.cli.main import main

    def stall(temporary):
        print("copying", temporary, flush=True)
        time.sleep(60)

    files.COPY_HOOK = stall
    sys.exit(main(sys.argv[1:]))
    """
)


class SlowCopy:
    """``coach ARGS`` in a subprocess whose log copy stalls once its data is in the temporary
    file, the moment a kill does the most harm."""

    def __init__(self, home: Path, *args: str) -> None:
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "XDG_STATE_HOME": str(home / "state"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "XDG_CONFIG_HOME": str(home / "config"),
        }
        self.process = subprocess.Popen(
            [sys.executable, "-c", SLOW_COPY, *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert line.startswith("copying "), (line, self.process.stderr.read())
        self.temporary = Path(line.split(" ", 1)[1].strip())
        assert self.temporary.exists()

    def kill(self, signum: int) -> int:
        self.process.send_signal(signum)
        return self.process.wait(timeout=30)


@pytest.fixture
def slow_copies() -> Iterator[list[SlowCopy]]:
    made: list[SlowCopy] = []
    yield made
    for copy in made:
        if copy.process.poll() is None:
            copy.process.kill()
            copy.process.wait()


def test_a_backup_killed_mid_copy_leaves_nothing_at_its_name(tmp_path: Path, slow_copies):
    log = a_log(tmp_path / "coach.db")
    target = tmp_path / "backups" / "coach-backup.db"
    copy = SlowCopy(tmp_path, "--db", str(log), "backup", str(target))
    slow_copies.append(copy)
    assert copy.temporary.parent == target.parent and copy.temporary.name.startswith(".")
    assert copy.kill(signal.SIGKILL) == -signal.SIGKILL
    assert not target.exists()  # the old coach left a file here that opened as an empty log
    # The next backup to that name works and is whole.
    store = Store.open(log)
    try:
        portability.backup(store, target, NOW)
    finally:
        store.close()
    copied = Store.open(target)
    try:
        assert len(list(copied.iter_sessions())) == 50
    finally:
        copied.close()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_backup_ended_by_a_signal_removes_its_temporary_file(
    tmp_path: Path, slow_copies, signum: int
):
    log = a_log(tmp_path / "coach.db")
    target = tmp_path / "out" / "copy.db"
    copy = SlowCopy(tmp_path, "--db", str(log), "backup", str(target))
    slow_copies.append(copy)
    assert copy.kill(signum) == -signum
    assert sorted(p.name for p in target.parent.iterdir()) == []


def test_a_merge_ended_by_sigterm_removes_its_scratch_copy(tmp_path: Path, slow_copies):
    log = a_log(tmp_path / "coach.db")
    other = a_log(tmp_path / "laptop" / "coach.db")
    copy = SlowCopy(tmp_path, "--db", str(log), "merge", str(other))
    slow_copies.append(copy)
    scratch = copy.temporary.parent
    assert scratch.parent == tmp_path and scratch.name.startswith(portability.SCRATCH_PREFIX)
    assert copy.kill(signal.SIGTERM) == -signal.SIGTERM
    assert not scratch.exists()


def test_a_merge_killed_outright_has_its_scratch_removed_by_the_next(tmp_path: Path, slow_copies):
    log = a_log(tmp_path / "coach.db")
    other = a_log(tmp_path / "laptop" / "coach.db")
    copy = SlowCopy(tmp_path, "--db", str(log), "merge", str(other))
    slow_copies.append(copy)
    scratch = copy.temporary.parent
    copy.kill(signal.SIGKILL)
    assert scratch.exists()  # nothing runs after SIGKILL …
    store = Store.open(log)
    try:
        portability.merge_file(store, other)  # … so the next merge clears it first
    finally:
        store.close()
    assert [p for p in tmp_path.iterdir() if p.name.startswith(portability.SCRATCH_PREFIX)] == []


def test_a_live_coachs_scratch_is_left_alone(tmp_path: Path):
    with portability.scratch_folder(tmp_path) as mine:
        assert portability.sweep_scratch(tmp_path) == []
        assert mine.exists()
    assert not mine.exists()


def test_an_interrupted_backup_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    log = a_log(tmp_path / "coach.db")

    def interrupt(_temporary: Path) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(store_files, "COPY_HOOK", interrupt)
    store = Store.open(log)
    try:
        with pytest.raises(KeyboardInterrupt):
            store.backup_to(tmp_path / "out" / "copy.db")
    finally:
        store.close()
    assert list((tmp_path / "out").iterdir()) == []


def test_a_backup_never_replaces_a_file(tmp_path: Path):
    log = a_log(tmp_path / "coach.db")
    target = tmp_path / "mine.db"
    target.write_bytes(b"precious")
    store = Store.open(log)
    try:
        with pytest.raises(StoreError, match="already exists"):
            store.backup_to(target)
    finally:
        store.close()
    assert target.read_bytes() == b"precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["coach.db", "mine.db"]


# -- modes, whatever the umask ---------------------------------------------------------------


@pytest.fixture
def open_umask() -> Iterator[None]:
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.mark.usefixtures("open_umask")
def test_every_copy_is_private_under_umask_zero(tmp_path: Path):
    log = tmp_path / "data" / "coach.db"
    store = Store.open(log)
    try:
        store.start_session(routine_id="r", routine_name="R", tags=(), planned_seconds=1, now=NOW)
        assert mode_of(log.parent) == 0o700
        assert mode_of(log) == 0o600
        made = portability.backup(store, None, datetime(2026, 3, 2, 7, 0))
        assert mode_of(made.parent) == 0o700 and mode_of(made) == 0o600
        out = tmp_path / "exports" / "nested" / "coach.json"
        portability.write_export(out, store)
        assert mode_of(out) == 0o600
        assert mode_of(out.parent) == 0o700 and mode_of(out.parent.parent) == 0o700
        folder = tmp_path / "csv"
        written = portability.export_csv(store, folder)
        assert mode_of(folder) == 0o700 and {mode_of(p) for p in written} == {0o600}
        with portability.scratch_folder(log.parent) as work:
            assert mode_of(work) == 0o700
    finally:
        store.close()
    for leftover in tmp_path.rglob("*"):
        assert not leftover.name.endswith(".partial"), leftover
