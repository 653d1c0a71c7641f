"""Reaching the person beyond the pane: a desktop notification, or the terminal's own.

``notify-send`` when it exists and there is a desktop session to show it; otherwise the OSC 9 or
OSC 777 escape that kitty, WezTerm, iTerm2, Ghostty, foot and others turn into a system
notification. Only one of the two, so nobody gets the same nudge twice. Inside tmux the escape is
wrapped for passthrough, which needs ``set -g allow-passthrough on``. Everything that touches the
outside world is injected, so tests capture it.

A desktop notification can carry buttons (Done, Snooze), so the person can answer a break without
finding the terminal first: ``notify-send -p -w -A key=Label`` prints the notification's id, then
the key of the button clicked, and a daemon thread reads both. When the break is answered
anywhere else (in the app, or ``coach break done`` in a shell) the notification is closed over
D-Bus by that id, so no stale nudge is left on the screen; a new one closes the last one first, so
at most one is ever up. Servers without actions, a notify-send older than 0.8 and terminal
escapes get today's plain notification.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from coach.core.text_rules import clean

OSC777_TERMINALS = ("foot", "rxvt", "contour")
"""TERM prefixes of terminals that know OSC 777 but not OSC 9."""


OSC9_TERMINALS = ("xterm-kitty", "xterm-ghostty", "wezterm")
"""TERM prefixes of terminals known to show OSC 9 as a notification."""
OSC9_PROGRAMS = ("WezTerm", "iTerm.app", "ghostty", "kitty")
"""``$TERM_PROGRAM`` values of terminals known to show OSC 9."""


def escape_support(term: str, term_program: str = "") -> str | None:
    """The notification escape this terminal is known to show (``OSC 9`` or ``OSC 777``),
    guessed from ``$TERM`` and ``$TERM_PROGRAM``; None when it is not known to show either."""
    if any(term.startswith(prefix) for prefix in OSC777_TERMINALS):
        return "OSC 777"
    if term_program in OSC9_PROGRAMS or any(term.startswith(p) for p in OSC9_TERMINALS):
        return "OSC 9"
    return None


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


RUN_TIMEOUT = 0.75
"""Seconds a probe or a close may take: close() answers within about a second, whatever the bus."""

ID_WAIT = 0.25
"""Seconds close() waits for the id of a notification sent a moment ago (it comes in ~15 ms)."""

DEFAULT_ACTION = "default"
"""The key servers invoke when the notification itself is clicked (``dunstctl action``)."""

_ACTION_NAME = re.compile(r"[A-Za-z0-9_.-]+")
_BUS = "org.freedesktop.Notifications"
_BUS_PATH = "/org/freedesktop/Notifications"


def run_command(command: Sequence[str], *, env: Mapping[str, str] | None = None) -> str | None:
    """A short command's standard output, or None when it can't start, fails or takes too long."""
    try:
        result = subprocess.run(
            list(command),
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT,
            check=False,
            stdin=subprocess.DEVNULL,
            env=None if env is None else dict(env),
        )
    except (OSError, subprocess.SubprocessError, ValueError):
        return None
    return result.stdout if result.returncode == 0 else None


def spawn_lines(
    command: Sequence[str], *, env: Mapping[str, str] | None = None
) -> Iterator[str] | None:
    """Start a long-lived command; its standard output line by line until it exits (and is
    reaped), or None when it can't start."""
    try:
        process = subprocess.Popen(
            list(command),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            errors="replace",
            start_new_session=True,
            env=None if env is None else dict(env),
        )
    except (OSError, ValueError):
        return None

    def lines() -> Iterator[str]:
        assert process.stdout is not None
        with process.stdout:
            yield from process.stdout
        process.wait()

    return lines()


def _in_background(work: Callable[[], None]) -> None:
    threading.Thread(target=work, name="coach-notification", daemon=True).start()


@dataclass(frozen=True)
class Sent:
    """The notification a Notifier showed last."""

    how: str
    """``desktop`` or ``terminal``."""
    id: int | None = None
    """The desktop notification's id once the server gave it."""


class _Shown:
    """One notification that may still be up: its id when known, and whether it was answered."""

    def __init__(
        self,
        how: str,
        keys: Mapping[str, str] | None = None,
        on_action: Callable[[str], None] | None = None,
        *,
        waits: bool = False,
    ) -> None:
        self.how = how
        self.waits = waits
        """notify-send waits while it is up (``--wait``), so its exit means it is gone."""
        self.keys = keys or {}
        """What notify-send prints → the caller's key (``default`` is the first button)."""
        self.on_action = on_action
        self.id: int | None = None
        self.known = threading.Event()
        """Set once the id came, or the command ended without one."""
        self.gone = how != "desktop"
        """Nothing left to close: answered, dismissed, or an escape that can't be taken back."""
        self.settled = False
        """Answered or closed: no more actions are passed on."""
        self.lock = threading.Lock()

    def read(self, lines: Iterable[str]) -> None:
        """notify-send's output: the id first, then the key of each button clicked."""
        try:
            for line in lines:
                text = line.strip()
                if not self.known.is_set():
                    with contextlib.suppress(ValueError):
                        self.id = int(text)
                    self.known.set()
                    continue
                key = self.keys.get(text)
                if key is None or self.on_action is None:
                    continue
                with self.lock:
                    if self.settled:
                        continue
                    self.settled = True
                self.on_action(key)
        finally:
            self.gone = self.gone or self.waits
            self.known.set()

    def settle(self) -> bool:
        """Take it down from our side; False when it was answered or closed already."""
        with self.lock:
            was = self.settled
            self.settled = True
        return not was and not self.gone


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
    run: Callable[[Sequence[str]], str | None] = run_command
    """Runs a short command (a probe, a close) and returns its output, or None."""
    spawn: Callable[[Sequence[str]], Iterable[str] | None] = spawn_lines
    """Starts notify-send with buttons and returns its output lines, or None."""
    background: Callable[[Callable[[], None]], None] = _in_background
    """Runs the reader of those lines off the caller's thread."""
    _can_act: bool | None = field(default=None, init=False, repr=False)
    _can_print_id: bool = field(default=False, init=False, repr=False)
    _shown: _Shown | None = field(default=None, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    @property
    def sent(self) -> Sent | None:
        """The notification shown last while it may still be up; None after close()."""
        shown = self._shown
        return None if shown is None else Sent(shown.how, shown.id)

    def can_use_desktop(self) -> bool:
        has_session = any(
            self.env.get(key) for key in ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS")
        )
        return self.desktop and has_session and self.which("notify-send") is not None

    def notify(
        self,
        title: str,
        body: str,
        *,
        actions: Sequence[tuple[str, str]] = (),
        on_action: Callable[[str], None] | None = None,
    ) -> str | None:
        """Send it; returns how (``desktop`` or ``terminal``), or None when both are off.

        With ``actions`` (key, label) and a server that shows buttons, a click calls
        ``on_action(key)`` once, from a background thread; dismissing it calls nothing. The
        notification sent before this one is closed first."""
        self.close()
        if self.can_use_desktop():
            plain = [
                "notify-send",
                "--app-name=coach",
                "--urgency=normal",
            ]
            text = [
                "--",  # a title or body starting with "-" is text, not an option
                clean(title),
                _markup_free(body),
            ]
            if actions and self._probe():
                self._show(plain, text, actions, on_action, buttons=self._can_act is True)
            else:
                self.start(plain + text)
            return "desktop"
        if self.terminal:
            in_tmux = bool(self.env.get("TMUX"))
            term = (self.outer_term if in_tmux else None) or self.env.get("TERM", "")
            self.write(terminal_escape(title, body, term=term, in_tmux=in_tmux))
            with self._lock:
                self._shown = _Shown("terminal")
            return "terminal"
        return None

    def close(self) -> None:
        """Close the notification shown last if it is still up (the break was answered in the
        app or from a shell). Never raises; returns within about a second."""
        with self._lock:
            shown, self._shown = self._shown, None
        if shown is None or not shown.settle():
            return
        shown.known.wait(ID_WAIT)
        if shown.id is None or shown.gone:
            return
        with contextlib.suppress(Exception):
            self.run(self._bus_call("CloseNotification", str(shown.id)))

    def _probe(self) -> bool:
        """Whether notify-send prints ids (and so can be closed later): found once. Whether it
        can show buttons too: ``-A`` in its help and "actions" in the server's capabilities."""
        if self._can_act is None:
            usage = self._quiet_run(["notify-send", "--help"]) or ""
            self._can_print_id = "--print-id" in usage and "--wait" in usage
            can_act = self._can_print_id and "--action" in usage
            if can_act:
                capabilities = self._quiet_run(self._bus_call("GetCapabilities")) or ""
                can_act = re.search(r"""['"]actions['"]""", capabilities) is not None
            self._can_act = can_act
        return self._can_print_id

    def _show(
        self,
        plain: list[str],
        text: list[str],
        actions: Sequence[tuple[str, str]],
        on_action: Callable[[str], None] | None,
        *,
        buttons: bool,
    ) -> None:
        """notify-send that prints the id, and with ``buttons`` waits for a click, read in the
        background. Output is line-buffered through ``stdbuf`` (else the id comes at exit)."""
        command = ["stdbuf", "-oL"] if self.which("stdbuf") else []
        command += plain + ["--print-id"]
        keys: dict[str, str] = {}
        if buttons:
            command.append("--wait")
            first_key, first_label = actions[0]
            pairs = [(DEFAULT_ACTION, first_label), *actions]
            for index, (key, label) in enumerate(pairs):
                # the caller's key names the action unless notify-send could misread it
                name = key if _ACTION_NAME.fullmatch(key) else f"action{index}"
                keys[name] = first_key if index == 0 else key
                command.append(f"--action={name}={clean(label)}")
        lines = self.spawn(command + text)
        if lines is None:
            self.start(plain + text)
            return
        shown = _Shown("desktop", keys, on_action, waits=buttons)
        with self._lock:
            self._shown = shown
        self.background(lambda: shown.read(lines))

    def _quiet_run(self, command: Sequence[str]) -> str | None:
        try:
            return self.run(command)
        except Exception:
            return None

    def _bus_call(self, method: str, *arguments: str) -> list[str]:
        """A method call on the notification server: gdbus, or dbus-send where gdbus is missing."""
        if self.which("gdbus") or not self.which("dbus-send"):
            return [
                "gdbus",
                "call",
                "--session",
                f"--dest={_BUS}",
                f"--object-path={_BUS_PATH}",
                f"--method={_BUS}.{method}",
                *arguments,
            ]
        typed = [f"uint32:{argument}" for argument in arguments]
        return [
            "dbus-send",
            "--session",
            "--print-reply",
            f"--dest={_BUS}",
            _BUS_PATH,
            f"{_BUS}.{method}",
            *typed,
        ]
