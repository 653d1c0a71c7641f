"""Running a program the way a person would: in a pseudo-terminal, or in a real tmux pane.

The pty runner reports the child's peak RSS (``ru_maxrss`` from ``wait4``); the tmux runner
reads the child's CPU time (utime + stime, every thread) from ``/proc``.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import termios
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class PtyResult:
    started: float
    """``time.monotonic()`` just before the fork."""
    ended: float
    returncode: int
    max_rss_kib: int
    output: bytes


def run_in_pty(
    argv: Sequence[str], env: dict[str, str], *, size: tuple[int, int] = (100, 30), timeout=60.0
) -> PtyResult:
    """Run ``argv`` on a fresh pty of ``size`` (columns, rows), draining its output."""
    columns, rows = size
    started = time.monotonic()
    pid, master = pty.fork()
    if pid == 0:  # the child: size the terminal before the program looks at it
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        try:
            os.execvpe(argv[0], list(argv), env)
        finally:
            os._exit(127)
    output = bytearray()
    deadline = started + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            os.kill(pid, signal.SIGKILL)
            break
        ready, _, _ = select.select([master], [], [], min(remaining, 1.0))
        if not ready:
            continue
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        output += chunk
    _, status, usage = os.wait4(pid, 0)
    ended = time.monotonic()
    os.close(master)
    return PtyResult(
        started, ended, os.waitstatus_to_exitcode(status), usage.ru_maxrss, bytes(output)
    )


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a process has used so far (all its threads)."""
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


class TmuxPane:
    """A detached tmux session of one pane running one program; closed on exit."""

    def __init__(self, argv: Sequence[str], env: dict[str, str], *, size=(100, 30)) -> None:
        self.name = f"issue7-bench-{uuid.uuid4().hex[:8]}"
        columns, rows = size
        env_flags = [item for key, value in env.items() for item in ("-e", f"{key}={value}")]
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", self.name, "-x", str(columns), "-y", str(rows)]
            + env_flags
            + ["--", *argv],
            check=True,
        )
        subprocess.run(["tmux", "set-option", "-t", self.name, "remain-on-exit", "on"], check=True)
        self.pid = int(self._display("#{pane_pid}"))

    def _display(self, fmt: str) -> str:
        return subprocess.run(
            ["tmux", "display-message", "-p", "-t", self.name, fmt],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()

    def alive(self) -> bool:
        try:
            return self._display("#{pane_dead}") != "1"
        except subprocess.CalledProcessError:
            return False

    def screen(self) -> str:
        return subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.name], capture_output=True, text=True
        ).stdout

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)

    def __enter__(self) -> TmuxPane:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
