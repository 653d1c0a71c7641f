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

import ctypes
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


# --- X11: MIT-SCREEN-SAVER, in process --------------------------------------------------------


class _XScreenSaverInfo(ctypes.Structure):
    _fields_ = [
        ("window", ctypes.c_ulong),
        ("state", ctypes.c_int),
        ("kind", ctypes.c_int),
        ("til_or_since", ctypes.c_ulong),
        ("idle", ctypes.c_ulong),
        ("event_mask", ctypes.c_ulong),
    ]


_X_ERROR_HANDLER = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)
_X_IO_ERROR_HANDLER = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p)
_X_IO_ERROR_EXIT_HANDLER = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_void_p)


class _Xlib:
    """libX11 and libXss with their signatures declared, and Xlib's exit-on-error defused.

    Xlib's default handlers print to the terminal (under a TUI) and call ``exit()`` when the
    server goes away; libX11 ≥ 1.7's ``XSetIOErrorExitHandler`` is what lets a lost display be a
    None instead of the end of coach, so without it this source declines to run.
    """

    def __init__(self, x11_name: str = "libX11.so.6", xss_name: str = "libXss.so.1") -> None:
        x11 = ctypes.CDLL(x11_name)
        xss = ctypes.CDLL(xss_name)
        if not hasattr(x11, "XSetIOErrorExitHandler"):
            raise OSError("libX11 is older than 1.7: a lost display would exit the process")
        x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x11.XOpenDisplay.restype = ctypes.c_void_p
        x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
        x11.XCloseDisplay.restype = ctypes.c_int
        x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        x11.XDefaultRootWindow.restype = ctypes.c_ulong
        x11.XFree.argtypes = [ctypes.c_void_p]
        x11.XFree.restype = ctypes.c_int
        x11.XSetErrorHandler.argtypes = [_X_ERROR_HANDLER]
        x11.XSetErrorHandler.restype = ctypes.c_void_p
        x11.XSetIOErrorHandler.argtypes = [_X_IO_ERROR_HANDLER]
        x11.XSetIOErrorHandler.restype = ctypes.c_void_p
        x11.XSetIOErrorExitHandler.argtypes = [
            ctypes.c_void_p,
            _X_IO_ERROR_EXIT_HANDLER,
            ctypes.c_void_p,
        ]
        x11.XSetIOErrorExitHandler.restype = None
        xss.XScreenSaverQueryExtension.argtypes = [
            ctypes.c_void_p,
            ctypes.POINTER(ctypes.c_int),
            ctypes.POINTER(ctypes.c_int),
        ]
        xss.XScreenSaverQueryExtension.restype = ctypes.c_int
        xss.XScreenSaverAllocInfo.argtypes = []
        xss.XScreenSaverAllocInfo.restype = ctypes.POINTER(_XScreenSaverInfo)
        xss.XScreenSaverQueryInfo.argtypes = [
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.POINTER(_XScreenSaverInfo),
        ]
        xss.XScreenSaverQueryInfo.restype = ctypes.c_int
        self.x11 = x11
        self.xss = xss
        # Quiet, returning handlers; kept referenced so ctypes doesn't free them.
        self._on_error = _X_ERROR_HANDLER(lambda display, event: 0)
        self._on_io_error = _X_IO_ERROR_HANDLER(lambda display: 0)
        x11.XSetErrorHandler(self._on_error)
        x11.XSetIOErrorHandler(self._on_io_error)


_XLIB: _Xlib | None = None
_XLIB_FAILED = False
_XLIB_LOCK = threading.Lock()


def _load_xlib() -> _Xlib | None:
    """The libraries, loaded once per process; None (for good) when they can't be."""
    global _XLIB, _XLIB_FAILED
    with _XLIB_LOCK:
        if _XLIB is None and not _XLIB_FAILED:
            try:
                _XLIB = _Xlib()
            except (OSError, AttributeError):
                _XLIB_FAILED = True
        return _XLIB


class X11Source:
    """The X server's own input-idle counter (MIT-SCREEN-SAVER), read over a kept connection.

    Each query is a round trip to the server, made on a helper thread so that a stopped server
    costs one read TIMEOUT_SECONDS rather than the worker forever; while that query is stuck,
    reads answer None at once. A display that went away is dropped and reopened on a later read.
    """

    name = "x11"
    whole_desk = True

    def __init__(
        self,
        display_name: str,
        load: Callable[[], _Xlib | None] = _load_xlib,
        timeout: float = TIMEOUT_SECONDS,
    ) -> None:
        self._display_name = display_name
        self._load = load
        self._timeout = timeout
        self._lock = threading.Lock()
        self._display: int | None = None
        self._info: ctypes._Pointer[_XScreenSaverInfo] | None = None
        self._lost = False
        self._on_lost = _X_IO_ERROR_EXIT_HANDLER(self._mark_lost)
        self._pending: threading.Thread | None = None

    def _mark_lost(self, display: int | None, data: int | None) -> None:
        self._lost = True

    def read(self) -> float | None:
        if self._pending is not None and self._pending.is_alive():
            return None
        answer: list[float | None] = [None]

        def query() -> None:
            answer[0] = self._query()

        self._pending = threading.Thread(target=query, name="coach-x11-idle", daemon=True)
        self._pending.start()
        self._pending.join(self._timeout)
        return None if self._pending.is_alive() else answer[0]

    def _open(self, xlib: _Xlib) -> bool:
        display = xlib.x11.XOpenDisplay(self._display_name.encode())
        if not display:
            return False
        event_base, error_base = ctypes.c_int(), ctypes.c_int()
        if not xlib.xss.XScreenSaverQueryExtension(
            display, ctypes.byref(event_base), ctypes.byref(error_base)
        ):
            xlib.x11.XCloseDisplay(display)
            return False
        self._lost = False
        xlib.x11.XSetIOErrorExitHandler(display, self._on_lost, None)
        self._display = display
        self._info = xlib.xss.XScreenSaverAllocInfo()
        return True

    def _query(self) -> float | None:
        with self._lock:
            xlib = self._load()
            if xlib is None:
                return None
            if self._display is None and not self._open(xlib):
                return None
            display, info = self._display, self._info
            if info is None or not info:
                return None
            ok = xlib.xss.XScreenSaverQueryInfo(display, xlib.x11.XDefaultRootWindow(display), info)
            if self._lost:
                # The connection is dead and Xlib's state for it is not to be trusted: leave
                # it (a few kilobytes, once per lost server) and open a fresh one next time.
                self._display = None
                self._info = None
                return None
            return info.contents.idle / 1000 if ok else None

    def close(self) -> None:
        """Close the kept display (tests; the app keeps it for its lifetime). A query stuck on a
        stopped server keeps it: closing under it would be worse than leaving it."""
        if not self._lock.acquire(timeout=self._timeout):
            return
        try:
            xlib = self._load()
            if xlib is not None and self._display is not None and not self._lost:
                if self._info is not None:
                    xlib.x11.XFree(self._info)
                xlib.x11.XCloseDisplay(self._display)
            self._display = None
            self._info = None
        finally:
            self._lock.release()


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
