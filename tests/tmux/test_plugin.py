"""coach.tmux, the tmux plugin, in a real tmux server on a socket of its own (-L, the trap of the
old recipe) with a real client attached through a pty, keys pressed as a person presses them."""

from __future__ import annotations

import fcntl
import os
import pty
import shlex
import shutil
import struct
import subprocess
import sys
import termios
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from coach.store import Store

pytestmark = [
    pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux"),
    pytest.mark.slow,
]
PLUGIN = Path(__file__).resolve().parents[2] / "coach.tmux"
PREFIX = b"\x02"  # ctrl+b


def wait_for(check, seconds: float = 10.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.05)
    return False


class Tmux:
    def __init__(self, sock: str, env: dict[str, str]) -> None:
        self.base = ["tmux", "-L", sock, "-f", "/dev/null"]
        self.env = env

    def __call__(self, *args: str) -> str:
        done = subprocess.run(
            [*self.base, *args], capture_output=True, text=True, env=self.env, check=True
        )
        return done.stdout.strip()


@pytest.fixture
def server(tmp_path: Path):
    """A server with a session, a client on a pty, and coach's log and settings of its own."""
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    env.pop("TMUX", None)
    tmux = Tmux(f"coach-plugin-{os.getpid()}-{tmp_path.name}", env)
    tmux("new-session", "-d", "-s", "work", "-x", "100", "-y", "30")
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    client = subprocess.Popen(
        [*tmux.base, "attach", "-t", "work"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    try:
        assert wait_for(lambda: bool(tmux("list-clients", "-F", "#{client_tty}")))
        db = tmp_path / "data" / "coach" / "coach.db"
        command = f"{shlex.quote(sys.executable)} -m coach --db {shlex.quote(str(db))}"
        tmux("set-option", "-g", "@coach-command", command)
        tmux("run-shell", str(PLUGIN))  # as TPM does
        yield tmux, master, db, command
    finally:
        client.kill()
        subprocess.run([*tmux.base, "kill-server"], capture_output=True, env=env)
        os.close(master)


def test_the_plugin_sets_the_status_segment_with_room_and_the_keys(server) -> None:
    tmux, _, _, command = server
    assert tmux("show-option", "-gv", "status-right").startswith(f"#({command} status) · ")
    assert int(tmux("show-option", "-gv", "status-right-length")) >= 80
    assert int(tmux("show-option", "-gv", "status-interval")) <= 15
    keys = tmux("list-keys", "-T", "prefix")
    for key, does in (("B", "answer"), ("Z", "answer"), ("C", "window")):
        line = next(x for x in keys.splitlines() if x.split()[3:4] == [key])
        assert f"coach.tmux' {does}" in line and "run-shell -b" in line
    tmux("run-shell", str(PLUGIN))  # loading it twice adds the segment once
    assert tmux("show-option", "-gv", "status-right").count(f"{command} status") == 1


def test_prefix_c_goes_to_the_coach_window_starting_it_once(server) -> None:
    tmux, master, _, _ = server

    def windows() -> list[str]:
        return tmux("list-windows", "-a", "-F", "#{window_name}").splitlines()

    os.write(master, PREFIX + b"C")
    assert wait_for(lambda: "coach" in windows()), windows()
    assert wait_for(lambda: tmux("list-clients", "-F", "#{window_name}") == "coach")
    tmux("new-window", "-t", "work:", "-n", "editor")
    assert wait_for(lambda: tmux("list-clients", "-F", "#{window_name}") == "editor")
    os.write(master, PREFIX + b"C")  # from another window: back to the same coach window
    assert wait_for(lambda: tmux("list-clients", "-F", "#{window_name}") == "coach")
    assert windows().count("coach") == 1


def test_prefix_b_answers_the_break_and_leaves_no_view_mode(server) -> None:
    tmux, master, db, _ = server
    store = Store.open(db)
    try:
        now = datetime.now(UTC).astimezone()
        store.add_break_prompt(due_at=now, prompted_at=now)
    finally:
        store.close()
    os.write(master, PREFIX + b"B")

    def answered() -> bool:
        log = Store.open(db)
        try:
            return [b["outcome"] for b in log.breaks_on(now.date())] == ["done"]
        finally:
            log.close()

    assert wait_for(answered)
    assert tmux("display-message", "-p", "-t", "work", "#{pane_in_mode}") == "0"
