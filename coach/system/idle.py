"""How long since the person last pressed a key anywhere, as far as coach can tell.

Inside tmux, the client's last key press in any pane (``#{client_activity}``, falling back to the
session's) is the signal. Outside tmux there is none: a quiet coach window says nothing about
whether anyone is at the desk, so natural breaks are only recognised inside tmux.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable, Mapping

TMUX_FORMAT = "#{client_activity} #{session_activity}"
TIMEOUT_SECONDS = 1.0

Runner = Callable[[list[str]], str]


def _run_tmux(command: list[str]) -> str:
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    return result.stdout if result.returncode == 0 else ""


def tmux_idle_seconds(
    env: Mapping[str, str] | None = None,
    run: Runner = _run_tmux,
    wall: Callable[[], float] = time.time,
) -> float | None:
    """Seconds since the last key press in tmux; None outside tmux or when tmux can't say."""
    env = os.environ if env is None else env
    if not env.get("TMUX"):
        return None
    try:
        output = run(["tmux", "display-message", "-p", TMUX_FORMAT])
    except (OSError, subprocess.SubprocessError):
        return None
    stamps = [int(part) for part in output.split() if part.isdigit() and int(part) > 0]
    if not stamps:
        return None
    return max(0.0, wall() - max(stamps))
