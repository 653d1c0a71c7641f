"""The real ``coach`` command on a pseudo-terminal, for tests that kill it or read its screen."""

from __future__ import annotations

import fcntl
import os
import pty
import signal
import struct
import sys
import termios
import threading
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def coach_env(home: Path) -> dict[str, str]:
    """A hermetic environment under ``home``, running this checkout's coach."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "COACH_", "TMUX"))}
    env.update(
        TERM="xterm-256color",
        PYTHONPATH=str(ROOT),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(home / "cache"),
        COACH_CONFIG=str(home / "config.toml"),
        COACH_DB=str(home / "coach.db"),
    )
    return env


class Coach:
    """``python -m coach ARGS`` on its own pty, its output collected as it comes."""

    def __init__(self, args: Sequence[str], env: dict[str, str], size=(80, 24)) -> None:
        columns, rows = size
        self.pid, self._master = pty.fork()
        if self.pid == 0:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
            try:
                os.execvpe(sys.executable, [sys.executable, "-m", "coach", *args], env)
            finally:
                os._exit(127)
        self._output = bytearray()
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.status: int | None = None

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self._master, 65536)
            except OSError:
                return
            if not chunk:
                return
            with self._lock:
                self._output += chunk

    @property
    def output(self) -> str:
        with self._lock:
            return self._output.decode(errors="replace")

    def hang_up(self) -> None:
        """Close the terminal, as closing its pane or window does: the kernel sends SIGHUP."""
        self._reader.join(timeout=0)
        os.close(self._master)
        self._master = -1

    def kill(self) -> None:
        """SIGKILL: no cleanup, no atexit, no flush."""
        if self.status is None:
            os.kill(self.pid, signal.SIGKILL)
        self.wait()

    def wait(self, timeout: float = 30.0) -> int:
        deadline = time.monotonic() + timeout
        while self.status is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = os.waitstatus_to_exitcode(status)
                break
            if time.monotonic() > deadline:
                os.kill(self.pid, signal.SIGKILL)
            time.sleep(0.01)
        self._reader.join(timeout=2)
        if self._master >= 0:
            os.close(self._master)
            self._master = -1
        return self.status
