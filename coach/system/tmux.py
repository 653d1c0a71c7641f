"""A break prompt in a tmux popup over the pane you are working in (``display-popup``).

Whoever works in another tmux window sees coach's status segment at best; a popup comes to
them, and one key answers it (``coach break ask`` runs inside). It is closed (``display-popup
-C``) when the break is answered anywhere else. tmux 3.2 and later; everything here fails soft:
an older tmux, no client attached, or tmux gone mean no popup, never an error.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

POPUP_WIDTH = 58
POPUP_HEIGHT = 8
TIMEOUT_SECONDS = 1.0

Runner = Callable[[Sequence[str]], None]


class Running(Protocol):
    def poll(self) -> int | None: ...


Starter = Callable[[Sequence[str]], "Running | None"]


def _start(command: Sequence[str]) -> Running | None:
    """Start ``command`` and let it run: display-popup -E returns when the popup closes, so
    the process running is the popup being up."""
    try:
        return subprocess.Popen(
            list(command),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        return None


def _run(command: Sequence[str]) -> None:
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        subprocess.run(
            list(command),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )


def coach_command(extra: Sequence[str] = ()) -> list[str]:
    """How to run this coach again from tmux: the same interpreter, the same package."""
    return [sys.executable, "-m", "coach", *extra]


def popup_command(ask: Sequence[str]) -> list[str]:
    """``tmux display-popup`` running ``ask`` (``coach break ask``), closed when it exits."""
    return [
        "tmux",
        "display-popup",
        "-E",
        "-w",
        str(POPUP_WIDTH),
        "-h",
        str(POPUP_HEIGHT),
        "-T",
        " coach ",
        "--",
        *ask,
    ]


class TmuxPopup:
    """Shows and closes the break popup; injected runners so tests can watch."""

    def __init__(
        self,
        env: Mapping[str, str],
        *,
        start: Starter = _start,
        run: Runner = _run,
        which: Callable[[str], str | None] = shutil.which,
    ) -> None:
        self.env = env
        self.start = start
        self.run = run
        self.which = which
        self._popup: Running | None = None

    def available(self) -> bool:
        return bool(self.env.get("TMUX")) and self.which("tmux") is not None

    @property
    def up(self) -> bool:
        """Coach's popup is on the screen (its ``display-popup`` has not returned)."""
        return self._popup is not None and self._popup.poll() is None

    def show(self, ask: Sequence[str]) -> bool:
        if not self.available():
            return False
        self.close()
        self._popup = self.start(popup_command(ask))
        return self._popup is not None

    def close(self) -> None:
        """Take coach's popup down (the break was answered elsewhere). Only while it is up:
        ``display-popup -C`` closes whatever popup the client shows, which may be yours."""
        if self.up:
            self.run(["tmux", "display-popup", "-C"])
        self._popup = None
