"""Whether the coach that owns something (a playing session, the break schedule) still runs.

A pid alone is not a process: a killed coach can linger as a zombie its parent never reaped, and
its pid can be handed to another program later. So a process is named by its pid *and* when it
started: on Linux, the boot it started in and field 22 of ``/proc/PID/stat`` (its start time in
clock ticks since boot), read straight from ``/proc`` (microseconds: ``coach status`` asks every
few seconds); elsewhere ``ps -o stat=,lstart=``. A zombie (state ``Z``) or a dead task (``X``)
counts as gone. Where neither is available it falls back to ``kill(pid, 0)``.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

PROC = Path("/proc")
_GONE_STATES = frozenset("ZX")


@functools.cache
def _boot_id() -> str:
    try:
        return (PROC / "sys/kernel/random/boot_id").read_text(encoding="ascii").strip()
    except OSError:
        return ""


def _proc_stat(pid: int, proc: Path) -> tuple[str, str] | None:
    """``(state, start time)`` from ``/proc/PID/stat``, or None when there is no such process."""
    try:
        text = (proc / str(pid) / "stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    # "pid (comm) state ppid …": comm may hold spaces and parentheses, so split after the last ")".
    fields = text[text.rfind(")") + 2 :].split()
    if len(fields) < 20:
        return None
    return fields[0], fields[19]  # field 3 (state) and field 22 (starttime)


def _ps(pid: int) -> tuple[str, str] | None:  # pragma: no cover - macOS and other Unixes
    import subprocess

    try:
        out = subprocess.run(
            ["ps", "-o", "stat=,lstart=", "-p", str(pid)],
            capture_output=True,
            text=True,
            timeout=2,
            check=False,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    if not out:
        return None
    state, _, started = out.partition(" ")
    return state[:1], " ".join(started.split())


def _look(pid: int, proc: Path) -> tuple[str, str] | None:
    if proc.is_dir():
        found = _proc_stat(pid, proc)
        if found is None:
            return None
        state, ticks = found
        return state, f"{_boot_id()}:{ticks}" if proc == PROC else ticks
    return _ps(pid)


def process_started(pid: int, *, proc: Path = PROC) -> str | None:
    """When process ``pid`` started, as an opaque token to store beside the pid; None when it is
    not running or this system cannot say."""
    if not isinstance(pid, int) or isinstance(pid, bool) or pid <= 0:
        return None
    found = _look(pid, proc)
    if found is None or found[0] in _GONE_STATES:
        return None
    return found[1]


def own_start() -> str | None:
    """This process's start token (it does not change while it runs; a forked child has its own)."""
    return _start_of(os.getpid())


@functools.cache
def _start_of(pid: int) -> str | None:
    return process_started(pid)


def pid_alive(pid: object, started: str | None = None, *, proc: Path = PROC) -> bool:
    """Whether the process that wrote ``pid`` (and, when known, ``started``) still runs.

    A zombie is not alive; a pid now held by a process that started at another moment is not the
    same process. ``started=None`` (rows from before coach stored it) trusts the pid alone.
    """
    if not isinstance(pid, int) or isinstance(pid, bool) or pid <= 0:
        return False
    if proc.is_dir() or (os.name == "posix" and started is not None):
        found = _look(pid, proc)
        if found is not None:
            state, token = found
            if state in _GONE_STATES:
                return False
            return started is None or token == started
        if proc.is_dir():
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:  # pragma: no cover - e.g. a pid out of range
        return False
    return True
