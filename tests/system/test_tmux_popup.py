"""The break popup in a real tmux with a real attached client: one key answers it, and it goes
when the break is answered elsewhere. Skips when tmux (3.2+, for display-popup) is missing."""

from __future__ import annotations

import fcntl
import os
import pty
import shutil
import struct
import subprocess
import termios
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from coach.services.break_keeper import answer_from_shell
from coach.store import Store
from coach.system.tmux import TmuxPopup, coach_command, popup_command

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")


def wait_for(check, seconds: float = 8.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def attached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A tmux server of its own, a session, and a client attached to it through a pty (80×24),
    as a person's terminal is; coach's process sees it through $TMUX, as from a pane."""
    sock = f"coach-popup-{os.getpid()}"
    tmux = ["tmux", "-L", sock, "-f", "/dev/null"]
    subprocess.run([*tmux, "new-session", "-d", "-s", "work", "-x", "80", "-y", "24"], check=True)
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    client = subprocess.Popen(
        [*tmux, "attach", "-t", "work"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env={**os.environ, "TERM": "xterm-256color"},
        start_new_session=True,
    )
    os.close(slave)

    def clients() -> str:
        return subprocess.run(
            [*tmux, "list-clients", "-F", "#{client_tty}"], capture_output=True, text=True
        ).stdout.strip()

    try:
        assert wait_for(lambda: bool(clients())), "the client did not attach"
        socket_path = subprocess.run(
            [*tmux, "display-message", "-p", "#{socket_path}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        monkeypatch.setenv("TMUX", f"{socket_path},{client.pid},0")
        yield master
    finally:
        client.kill()
        subprocess.run([*tmux, "kill-server"], capture_output=True)
        os.close(master)


@pytest.fixture
def log(tmp_path: Path):
    db = tmp_path / "coach.db"
    store = Store.open(db)
    now = datetime.now(UTC).astimezone()
    store.add_break_prompt(due_at=now, prompted_at=now)
    config = tmp_path / "config.toml"
    config.write_text("")
    yield store, ["break", "ask", "--db", str(db), "--config", str(config)]
    store.close()


def outcome(store: Store) -> str | None:
    (row,) = store.db.query("SELECT outcome FROM breaks")
    return row["outcome"]


def test_one_key_in_the_popup_answers_the_break(attached, log):
    store, ask = log
    popup = TmuxPopup(os.environ)
    assert popup.show(coach_command(ask))
    time.sleep(1.5)  # coach break ask starting inside the popup
    assert popup.up
    os.write(attached, b"d")  # the person presses d, wherever they were working
    assert wait_for(lambda: outcome(store) == "done")
    assert wait_for(lambda: not popup.up)  # it closed itself


def test_the_popup_goes_when_the_break_is_answered_elsewhere(attached, log):
    store, ask = log
    popup = TmuxPopup(os.environ)
    assert popup.show(coach_command(ask))
    time.sleep(1.0)
    assert popup.up
    answer_from_shell(store, "skip", datetime.now(UTC), max_snoozes=2)
    popup.close()
    assert wait_for(lambda: not popup.up)
    assert outcome(store) == "skipped"


def test_q_leaves_the_break_waiting(attached, log):
    store, ask = log
    popup = TmuxPopup(os.environ)
    popup.show(coach_command(ask))
    time.sleep(1.5)
    os.write(attached, b"q")
    assert wait_for(lambda: not popup.up)
    assert outcome(store) is None


def test_no_popup_outside_tmux():
    shown = []
    popup = TmuxPopup({}, start=lambda command: shown.append(command), which=lambda _: "tmux")
    assert not popup.show(["coach"]) and shown == []
    assert popup_command(["x"])[:2] == ["tmux", "display-popup"]
