"""`coach doctor` for real: on this machine, and inside a real tmux server on a private socket."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from coach.store import Store

ROOT = Path(__file__).resolve().parents[2]
SOCKET_NAME = "coach-doctor-test"
MARKS = ("✓ ", "✗ ", "– ")
FIRST = ("settings", "log", "break lock", "idle", "notify-send", "D-Bus", "terminal escape")
LAST = ("speech", "serve")


def environment(home: Path, **extra: str) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("COACH_", "TMUX"))}
    return {
        **keep,
        "PYTHONPATH": str(ROOT),
        "HOME": str(home),
        "COACH_DB": str(home / "coach.db"),
        "COACH_CONFIG": str(home / "config.toml"),
        **extra,
    }


def doctor(env: dict[str, str], *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coach", "doctor", *options],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture
def home(tmp_path: Path) -> Path:
    Store.open(tmp_path / "coach.db").close()
    return tmp_path


def test_on_this_machine_one_line_per_check(home: Path):
    result = doctor(environment(home))
    assert result.returncode in (0, 1), result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert all(line.startswith(MARKS) for line in lines), result.stdout
    labels = [line[2:].partition(":")[0] for line in lines]
    assert labels == [*FIRST, "tmux", *LAST], result.stdout  # outside tmux: one tmux line
    assert lines[1].startswith("✓ log: ~/coach.db (schema ")
    assert result.returncode == (1 if any(line.startswith("✗") for line in lines) else 0)


def test_json_is_a_list_of_checks(home: Path):
    result = doctor(environment(home), "--format", "json")
    rows = json.loads(result.stdout)
    assert [set(row) for row in rows] == [{"check", "ok", "detail", "fix"}] * len(rows)
    assert rows[0]["check"] == "settings" and rows[0]["ok"] is True
    assert result.returncode == (1 if any(row["ok"] is False for row in rows) else 0)


def test_a_damaged_log_is_one_failed_line_and_exit_1(home: Path):
    (home / "coach.db").write_bytes(b"SQLite format 3\x00" + b"\x07" * 8000)
    result = doctor(environment(home))
    assert result.returncode == 1 and "Traceback" not in result.stderr + result.stdout
    (log_line,) = [line for line in result.stdout.splitlines() if " log: " in line]
    assert log_line.startswith("✗ log: ~/coach.db: ")


def test_outside_tmux_the_tmux_line_is_neutral(home: Path):
    lines = doctor(environment(home)).stdout.splitlines()
    assert "– tmux: not in tmux" in lines


# -- a real tmux server ---------------------------------------------------------------------


@pytest.fixture
def tmux_server(tmp_path: Path) -> Iterator[str]:
    """A tmux server on a private socket; its ``$TMUX`` value. Killed afterwards."""
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    base = ["tmux", "-L", SOCKET_NAME, "-f", "/dev/null"]
    subprocess.run([*base, "new", "-d", "-s", "t"], check=True, timeout=10)
    try:
        socket = subprocess.run(
            [*base, "display-message", "-p", "#{socket_path},#{pid},0"],
            check=True,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
        yield socket
    finally:
        subprocess.run([*base, "kill-server"], capture_output=True, timeout=10, check=False)


def tmux_show(env: dict[str, str], *args: str) -> str:
    return subprocess.run(
        ["tmux", *args], env=env, capture_output=True, text=True, timeout=10, check=False
    ).stdout.strip()


def test_inside_a_real_tmux_the_lines_say_what_tmux_says(home: Path, tmux_server: str):
    env = environment(home, TMUX=tmux_server)
    subprocess.run(["tmux", "set", "-g", "status-right-length", "30"], env=env, check=True)
    subprocess.run(["tmux", "set", "-g", "allow-passthrough", "off"], env=env, check=True)
    result = doctor(env)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = {line[2:].partition(":")[0]: line for line in result.stdout.splitlines()}
    assert lines["tmux"] == f"✓ tmux: {tmux_show(env, '-V')}"
    assert lines["tmux status-right-length"] == (
        "✗ tmux status-right-length: 30: coach's status segment is cut short"
        " — set -g status-right-length 60"
    )
    assert lines["tmux passthrough"].startswith("✗ tmux passthrough: allow-passthrough off")
    action = tmux_show(env, "show", "-gv", "bell-action")
    visual = tmux_show(env, "show", "-gv", "visual-bell")
    assert f"bell-action {action}, visual-bell {visual}" in lines["tmux bell"]
    server_path = tmux_show(env, "show-environment", "-g", "PATH").removeprefix("PATH=")
    finds = shutil.which("coach", path=server_path)
    assert lines["tmux PATH"].startswith("✓" if finds else "✗")

    subprocess.run(["tmux", "set", "-g", "status-right-length", "60"], env=env, check=True)
    subprocess.run(["tmux", "set", "-g", "allow-passthrough", "on"], env=env, check=True)
    again = doctor(env).stdout.splitlines()
    lines = {line[2:].partition(":")[0]: line for line in again}
    assert [line[2:].partition(":")[0] for line in again] == [
        *FIRST,
        *("tmux", "tmux passthrough", "tmux status-right-length", "tmux PATH", "tmux bell"),
        *LAST,
    ]
    assert lines["tmux status-right-length"] == "✓ tmux status-right-length: 60"
    assert lines["tmux passthrough"] == "✓ tmux passthrough: allow-passthrough on"
