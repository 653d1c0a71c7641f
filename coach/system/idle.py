"""How long since the person last touched the machine, from the best witness it has.

A break may only be credited without asking when the witness sees the whole desk: every key and
every mouse move, in any window. The desktop session knows that best, so it is asked first (over
D-Bus: the freedesktop screensaver, then GNOME's Mutter); then logind's idle hint, which only a
graphical session's manager keeps; then the X server's MIT-SCREEN-SAVER counter, read in-process;
then macOS's HID system. tmux comes last because it only sees keys typed into tmux: three minutes
reading in a browser look like a break to it, so a tmux reading (``whole_desk=False``) is a hint to
ask about, never proof of a break.

Each source answers ``None`` when it can't say, and no read blocks for more than about a second:
the probe runs on a worker thread every few seconds, and a hung bus or X server must cost that
thread a second, not the app its break timer.
"""

from __future__ import annotations

import math
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

TMUX_FORMAT = "#{client_activity} #{session_activity}"
TIMEOUT_SECONDS = 1.0
FAILURES_BEFORE_REPROBE = 3
RECHECK_EVERY = 60
"""While a lesser source is kept, reads between tries of the better ones (60 × 5 s: 5 minutes)."""

GRAPHICAL_SESSION_TYPES = frozenset({"x11", "wayland", "mir"})

Runner = Callable[[list[str]], str]
"""Runs a command line and returns its standard output, "" when it failed; may raise OSError or
subprocess.TimeoutExpired."""


def run_command(command: list[str]) -> str:
    """Run ``command`` for at most TIMEOUT_SECONDS; its output, or "" when it failed."""
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    return result.stdout if result.returncode == 0 else ""


@dataclass(frozen=True)
class IdleReading:
    """One answer: how long input has been quiet, who says so, and whether they see it all."""

    seconds: float
    source: str
    whole_desk: bool


class IdleSource(Protocol):
    """A witness of input. ``read`` returns seconds since the last input it saw, None if unsure."""

    name: str
    whole_desk: bool

    def read(self) -> float | None: ...


# --- tmux -------------------------------------------------------------------------------------


def tmux_idle_seconds(
    env: Mapping[str, str] | None = None,
    run: Runner = run_command,
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


class TmuxSource:
    """The client's last key in any pane (falling back to the session's): keys in tmux only."""

    name = "tmux"
    whole_desk = False

    def __init__(
        self,
        env: Mapping[str, str],
        run: Runner = run_command,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self._env = dict(env)
        self._run = run
        self._wall = wall

    def read(self) -> float | None:
        return tmux_idle_seconds(self._env, self._run, self._wall)


# --- the desktop session over D-Bus -----------------------------------------------------------

_GDBUS_REPLY = re.compile(r"^\((?:u?int(?:16|32|64) )?(\d+),\)$")
_DBUS_SEND_REPLY = re.compile(r"^\s*u?int(?:16|32|64) (\d+)\s*$", re.MULTILINE)


def parse_dbus_number(output: str) -> int | None:
    """The one unsigned number in a reply printed by ``gdbus call`` or ``dbus-send``."""
    text = output.strip()
    match = _GDBUS_REPLY.match(text)
    if match is None and text.startswith("method return"):
        match = _DBUS_SEND_REPLY.search(text)
    return int(match.group(1)) if match else None


class DBusIdleSource:
    """A session-bus method returning the idle time as one unsigned number.

    ``gdbus`` is used (with its own timeout); where it isn't installed, ``dbus-send``. The bus
    address is given on the command line, so the ``env`` the source was made from decides.
    """

    whole_desk = True

    def __init__(
        self,
        name: str,
        *,
        bus_address: str,
        destination: str,
        object_path: str,
        method: str,
        seconds_per_unit: float,
        run: Runner = run_command,
    ) -> None:
        self.name = name
        self._bus_address = bus_address
        self._destination = destination
        self._object_path = object_path
        self._method = method
        self._seconds_per_unit = seconds_per_unit
        self._run = run
        self._tool = "gdbus"

    def command(self) -> list[str]:
        if self._tool == "gdbus":
            return [
                "gdbus", "call",
                "--address", self._bus_address,
                "--timeout", str(math.ceil(TIMEOUT_SECONDS)),
                "--dest", self._destination,
                "--object-path", self._object_path,
                "--method", self._method,
            ]  # fmt: skip
        return [
            "dbus-send",
            f"--bus={self._bus_address}",
            "--print-reply",
            f"--reply-timeout={round(TIMEOUT_SECONDS * 1000)}",
            f"--dest={self._destination}",
            self._object_path,
            self._method,
        ]

    def read(self) -> float | None:
        try:
            output = self._run(self.command())
        except FileNotFoundError:
            if self._tool != "gdbus":
                return None
            self._tool = "dbus-send"
            return self.read()
        except (OSError, subprocess.SubprocessError):
            return None
        value = parse_dbus_number(output)
        return None if value is None else value * self._seconds_per_unit


def screensaver_source(bus_address: str, run: Runner = run_command) -> DBusIdleSource:
    """``org.freedesktop.ScreenSaver.GetSessionIdleTime``.

    The draft spec said seconds, but the implementation that answers (KDE's ksld, via
    KIdleTime) returns milliseconds; KDE on Wayland and GNOME answer with an error instead.
    """
    return DBusIdleSource(
        "screensaver-dbus",
        bus_address=bus_address,
        destination="org.freedesktop.ScreenSaver",
        object_path="/org/freedesktop/ScreenSaver",
        method="org.freedesktop.ScreenSaver.GetSessionIdleTime",
        seconds_per_unit=0.001,
        run=run,
    )


def mutter_source(bus_address: str, run: Runner = run_command) -> DBusIdleSource:
    """GNOME Shell's core idle monitor, ``GetIdletime`` in milliseconds (X11 and Wayland)."""
    return DBusIdleSource(
        "mutter",
        bus_address=bus_address,
        destination="org.gnome.Mutter.IdleMonitor",
        object_path="/org/gnome/Mutter/IdleMonitor/Core",
        method="org.gnome.Mutter.IdleMonitor.GetIdletime",
        seconds_per_unit=0.001,
        run=run,
    )


# --- logind -----------------------------------------------------------------------------------


class LogindSource:
    """logind's idle hint for a graphical session, which its session manager sets.

    The hint is coarse: it turns on only after the desktop's own idle delay (often 5 minutes), so
    ``IdleHint=no`` reads as 0 (quiet for less than that delay, so no break to credit) and
    ``IdleHint=yes`` as the time since the hint was set (an underestimate). A session whose hint
    never changed (``IdleSinceHintMonotonic=0``) has no manager keeping it: that is "can't say",
    not "busy". Text sessions are refused too: logind fills their hint from the tty's access
    time, which is one terminal's keys, not the desk.
    """

    name = "logind"
    whole_desk = True

    def __init__(
        self,
        session_id: str,
        run: Runner = run_command,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._session_id = session_id
        self._run = run
        self._monotonic = monotonic

    def command(self) -> list[str]:
        return [
            "loginctl", "show-session", self._session_id,
            "-p", "Type", "-p", "IdleHint", "-p", "IdleSinceHintMonotonic",
        ]  # fmt: skip

    def read(self) -> float | None:
        try:
            output = self._run(self.command())
        except (OSError, subprocess.SubprocessError):
            return None
        fields: dict[str, str] = {}
        for line in output.splitlines():
            key, _, value = line.strip().partition("=")
            fields[key] = value
        since = fields.get("IdleSinceHintMonotonic", "")
        if fields.get("Type") not in GRAPHICAL_SESSION_TYPES or not since.isdigit():
            return None
        if int(since) == 0:
            return None
        hint = fields.get("IdleHint")
        if hint == "no":
            return 0.0
        if hint == "yes":
            return max(0.0, self._monotonic() - int(since) / 1_000_000)
        return None


# --- macOS ------------------------------------------------------------------------------------

_HID_IDLE = re.compile(r'"HIDIdleTime"\s*=\s*(\d+)')


class MacSource:
    """The HID system's time since the last input event, in nanoseconds."""

    name = "macos"
    whole_desk = True

    def __init__(self, run: Runner = run_command) -> None:
        self._run = run

    def read(self) -> float | None:
        try:
            output = self._run(["ioreg", "-c", "IOHIDSystem", "-d", "4"])
        except (OSError, subprocess.SubprocessError):
            return None
        match = _HID_IDLE.search(output)
        return int(match.group(1)) / 1_000_000_000 if match else None


# --- the probe --------------------------------------------------------------------------------


def _read_safely(source: IdleSource) -> float | None:
    try:
        seconds = source.read()
    except Exception:  # a witness that breaks is a witness that can't say
        return None
    if seconds is None or not math.isfinite(seconds):
        return None
    return max(0.0, float(seconds))


class IdleProbe:
    """Callable () -> IdleReading | None. Tries the sources in order and keeps the first that
    answers; when the kept one fails 3 reads in a row it probes from the top again (a desktop
    session that appeared or went away). Never raises; every read bounded by a timeout.

    While a lesser source is kept, the better ones are tried again every ``recheck_every`` reads,
    so a desktop session that appears under a long-lived tmux is found without tmux failing.
    """

    def __init__(
        self, sources: Sequence[IdleSource], *, recheck_every: int = RECHECK_EVERY
    ) -> None:
        self._sources = tuple(sources)
        self._recheck_every = recheck_every
        self._kept: int | None = None
        self._failures = 0
        self._reads_since_probe = 0
        self._lock = threading.Lock()

    @property
    def source_name(self) -> str | None:
        """The source in use, None before one answered."""
        return None if self._kept is None else self._sources[self._kept].name

    @property
    def sources(self) -> tuple[IdleSource, ...]:
        return self._sources

    def __call__(self) -> IdleReading | None:
        with self._lock:
            if self._kept is None:
                return self._probe(len(self._sources))
            self._reads_since_probe += 1
            if self._kept > 0 and self._reads_since_probe >= self._recheck_every:
                better = self._probe(self._kept)
                if better is not None:
                    return better
            source = self._sources[self._kept]
            seconds = _read_safely(source)
            if seconds is not None:
                self._failures = 0
                return IdleReading(seconds, source.name, source.whole_desk)
            self._failures += 1
            if self._failures < FAILURES_BEFORE_REPROBE:
                return None
            self._kept = None
            return self._probe(len(self._sources))

    def _probe(self, end: int) -> IdleReading | None:
        """Keep the first of the first ``end`` sources that answers."""
        self._reads_since_probe = 0
        for index, source in enumerate(self._sources[:end]):
            seconds = _read_safely(source)
            if seconds is not None:
                self._kept = index
                self._failures = 0
                return IdleReading(seconds, source.name, source.whole_desk)
        return None


def default_sources(
    env: Mapping[str, str] | None = None,
    *,
    run: Runner = run_command,
    platform: str = sys.platform,
) -> list[IdleSource]:
    """The sources that can apply here, best first; none is asked anything yet.

    X11 is left out under Wayland (Xwayland only sees input to X windows) and on macOS (XQuartz
    only sees its own), where it would look whole-desk without being so.
    """
    env = os.environ if env is None else env
    sources: list[IdleSource] = []
    bus = env.get("DBUS_SESSION_BUS_ADDRESS")
    if bus:
        sources += [screensaver_source(bus, run), mutter_source(bus, run)]
    session = env.get("XDG_SESSION_ID")
    if session and platform.startswith("linux"):
        sources.append(LogindSource(session, run))
    wayland = env.get("WAYLAND_DISPLAY") or env.get("XDG_SESSION_TYPE") == "wayland"
    display = env.get("DISPLAY")
    if display and not wayland and platform != "darwin":
        from coach.system.x11_idle import X11Source  # ctypes: only where there is a display

        sources.append(X11Source(display))
    if platform == "darwin":
        sources.append(MacSource(run))
    if env.get("TMUX"):
        sources.append(TmuxSource(env, run))
    return sources


def default_idle_reader(env: Mapping[str, str] | None = None) -> IdleProbe | None:
    """A probe over this machine's sources; None when no source can apply at all."""
    sources = default_sources(env)
    return IdleProbe(sources) if sources else None
