"""The X server's own input-idle counter (MIT-SCREEN-SAVER), read in process through ctypes.

Its own module so that ctypes and libX11 are loaded only where there is an X display to ask
(see :func:`coach.system.idle.default_sources`), not on every start.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Callable

from coach.system.idle import TIMEOUT_SECONDS

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
