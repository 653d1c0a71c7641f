"""Reaching the person beyond the pane: a desktop notification, or the terminal's own.

``notify-send`` when it exists and there is a desktop session to show it; otherwise the OSC 9 or
OSC 777 escape that kitty, WezTerm, iTerm2, Ghostty, foot and others turn into a system
notification. Only one of the two, so nobody gets the same nudge twice. Inside tmux the escape is
wrapped for passthrough, which needs ``set -g allow-passthrough on``. Everything that touches the
outside world is injected, so tests capture it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from coach.core.text_rules import clean

OSC777_TERMINALS = ("foot", "rxvt", "contour")
"""TERM prefixes of terminals that know OSC 777 but not OSC 9."""


def _clean(text: str) -> str:
    """No control character inside an escape (BEL or ESC would end it early and start another):
    the shared rule, then every other non-printing character too."""
    return "".join(ch for ch in clean(text) if ch.isprintable())


def _markup_free(text: str) -> str:
    """A notification body as plain text: servers read a little HTML-like markup there
    (``<b>``, ``<a href>``), so a routine name's ``<`` and ``&`` are written as entities."""
    return clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def osc9(title: str, body: str) -> str:
    message = f"{title}: {body}" if body else title
    return f"\x1b]9;{_clean(message)}\x07"


def osc777(title: str, body: str) -> str:
    return f"\x1b]777;notify;{_clean(title).replace(';', ',')};{_clean(body)}\x07"


def tmux_passthrough(sequence: str) -> str:
    """Wrap an escape so tmux hands it to the outer terminal (needs allow-passthrough on)."""
    return "\x1bPtmux;" + sequence.replace("\x1b", "\x1b\x1b") + "\x1b\\"


def terminal_escape(title: str, body: str, *, term: str, in_tmux: bool) -> str:
    """The notification escape ``term`` understands, wrapped for tmux when inside it."""
    if any(term.startswith(prefix) for prefix in OSC777_TERMINALS):
        sequence = osc777(title, body)
    else:
        sequence = osc9(title, body)
    return tmux_passthrough(sequence) if in_tmux else sequence


def tmux_client_term() -> str | None:
    """The outer terminal's TERM as tmux saw it when the client attached (``xterm-kitty``, …)."""
    try:
        result = subprocess.run(
            ["tmux", "display-message", "-p", "#{client_termname}"],
            capture_output=True,
            text=True,
            timeout=1.0,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() or None


def _start(command: Sequence[str]) -> None:
    with contextlib.suppress(OSError):
        subprocess.Popen(
            list(command),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )


@dataclass
class Notifier:
    """Sends one notification per prompt through the first way that can reach the person."""

    write: Callable[[str], None]
    """Writes raw bytes to the terminal (the app's driver)."""
    desktop: bool = True
    terminal: bool = True
    env: Mapping[str, str] = field(default_factory=lambda: os.environ)
    which: Callable[[str], str | None] = shutil.which
    start: Callable[[Sequence[str]], None] = _start
    outer_term: str | None = None
    """Inside tmux, the terminal around it (``tmux_client_term``), found once at start."""

    def can_use_desktop(self) -> bool:
        has_session = any(
            self.env.get(key) for key in ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS")
        )
        return self.desktop and has_session and self.which("notify-send") is not None

    def notify(self, title: str, body: str) -> str | None:
        """Send it; returns how (``desktop`` or ``terminal``), or None when both are off."""
        if self.can_use_desktop():
            self.start(
                [
                    "notify-send",
                    "--app-name=coach",
                    "--urgency=normal",
                    "--",  # a title or body starting with "-" is text, not an option
                    clean(title),
                    _markup_free(body),
                ]
            )
            return "desktop"
        if self.terminal:
            in_tmux = bool(self.env.get("TMUX"))
            term = (self.outer_term if in_tmux else None) or self.env.get("TERM", "")
            self.write(terminal_escape(title, body, term=term, in_tmux=in_tmux))
            return "terminal"
        return None
