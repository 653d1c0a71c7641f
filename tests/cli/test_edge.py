"""The CLI's one edge: whatever a command raises that a person caused is one line, exit 2.

``main`` renders every ``CoachError`` and every ``OSError`` once (naming the file), Ctrl+C ends
a command with 130 and no traceback, and a reader that stops reading (``| head``) ends it
quietly. The help says what plain ``coach`` does and what the exit codes mean.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from coach.cli.errors import os_error_line
from coach.cli.main import main
from coach.store import Store
from tests.demo_log import write_demo_log

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def log(tmp_path: Path) -> Path:
    path = tmp_path / "coach.db"
    Store.open(path).close()
    return path


def one_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("coach: ")
    return lines[0]


def child_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COACH_")}
    return {
        **env,
        "PYTHONPATH": str(ROOT),
        "COACH_CONFIG": str(tmp_path / "config.toml"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        **extra,
    }


def test_export_into_a_path_that_cannot_be_a_file_names_it(log: Path, tmp_path: Path, capsys):
    blocker = tmp_path / "notes.txt"
    blocker.write_text("not a folder\n")
    out = blocker / "export.json"
    assert main(["--db", str(log), "export", "--out", str(out)]) == 2
    assert one_line(capsys.readouterr().err) == (
        f"coach: {out}: cannot write the export ({blocker}: File exists)"
    )
    assert blocker.read_text() == "not a folder\n"


def test_csv_export_into_a_file_names_it(log: Path, tmp_path: Path, capsys):
    blocker = tmp_path / "notes.txt"
    blocker.write_text("not a folder\n")
    assert main(["--db", str(log), "export", "--format", "csv", "--out", str(blocker)]) == 2
    assert str(blocker) in one_line(capsys.readouterr().err)


@pytest.mark.parametrize("command", ["import", "merge"])
def test_a_missing_file_to_take_rows_from_is_one_line(command, log: Path, tmp_path: Path, capsys):
    missing = tmp_path / "nowhere" / "other.json"
    assert main(["--db", str(log), command, str(missing)]) == 2
    assert str(missing) in one_line(capsys.readouterr().err)


def test_an_os_error_names_both_files_of_a_rename():
    error = OSError(18, "Invalid cross-device link", "/a/x.tmp", None, "/b/x")
    assert os_error_line(error) == "/a/x.tmp → /b/x: Invalid cross-device link"
    assert os_error_line(OSError(28, "No space left on device")) == "No space left on device"


def test_a_bad_busy_patience_is_one_line(log: Path, monkeypatch, capsys):
    monkeypatch.setenv("COACH_BUSY_SECONDS", "forever")
    assert main(["--db", str(log), "history"]) == 2
    assert one_line(capsys.readouterr().err) == (
        'coach: $COACH_BUSY_SECONDS: must be 0 to 3600 seconds, got "forever"'
    )


def test_ctrl_c_while_waiting_for_a_busy_log_exits_130_quietly(log: Path, tmp_path: Path):
    """The log is busy (another coach mid-write), `coach break done` waits; ctrl+c ends it."""
    holder = sqlite3.connect(log, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        child = subprocess.Popen(
            [sys.executable, "-m", "coach", "--db", str(log), "break", "done"],
            env=child_env(tmp_path, COACH_BUSY_SECONDS="60"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and child.poll() is None:
            if _opened_by(child.pid, log):  # it has the log open: it is about to wait for it
                break
            time.sleep(0.05)
        time.sleep(0.3)
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=30)
    finally:
        holder.rollback()
        holder.close()
    assert child.returncode == 130, err
    assert "Traceback" not in err and out == ""
    with sqlite3.connect(log) as conn:
        assert conn.execute("SELECT COUNT(*) FROM breaks").fetchone() == (0,)
    conn.close()


def _opened_by(pid: int, path: Path) -> bool:
    try:
        return any(
            os.readlink(f"/proc/{pid}/fd/{fd}") == str(path) for fd in os.listdir(f"/proc/{pid}/fd")
        )
    except OSError:
        return False


def test_a_reader_that_stops_early_ends_export_quietly(log: Path, tmp_path: Path):
    store = Store.open(log)
    write_demo_log(store, datetime.now().astimezone())
    store.close()
    child = subprocess.Popen(
        [sys.executable, "-m", "coach", "--db", str(log), "export"],
        env=child_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # the reader is gone before the first line is written
    err = child.stderr.read().decode()
    child.wait(timeout=30)
    assert err == ""
    assert child.returncode == 1


def test_help_says_what_plain_coach_does_and_what_the_exit_codes_mean(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "\nWith no COMMAND, coach opens the app; `coach COMMAND --help` says more.\n" in out
    assert "\nexit status:\n  0    done\n" in out
    assert "  COACH_BUSY_SECONDS  " in out
    assert all(len(line) <= 80 for line in out.splitlines()), out
