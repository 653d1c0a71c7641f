"""Only one coach prompts for breaks: the one that holds this lock, for as long as it runs.

An advisory ``flock`` on a file next to the log: the kernel drops it when the process exits, however
it exits, so a crashed coach never leaves a stale lock behind. A second window simply doesn't get
it, says so on home, and takes over when the first one closes.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import IO

from coach.system.files import FileRefused, open_private, read_text_file

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: every window prompts
    fcntl = None  # type: ignore[assignment]


def lock_path_for(db_path: Path) -> Path:
    """``coach.db`` → ``coach.db.breaks.lock``, in the same private directory."""
    return db_path.with_name(db_path.name + ".breaks.lock")


class BreakLock:
    """An exclusive, non-blocking lock held by the coach that prompts."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: IO[str] | None = None

    @property
    def held(self) -> bool:
        return self._handle is not None

    def acquire(self) -> bool:
        """Take the lock if nobody holds it; True when this process holds it now."""
        if self._handle is not None:
            return True
        try:
            # 0600 whatever the umask, never through a symlink, never a FIFO.
            fd = open_private(self.path, os.O_RDWR)
        except OSError:
            return False
        handle = open(fd, "r+", encoding="utf-8")  # noqa: SIM115 - held for a lifetime
        if fcntl is not None:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                handle.close()
                return False
        with contextlib.suppress(OSError):
            handle.seek(0)
            handle.truncate()
            handle.write(f"{os.getpid()}\n")
            handle.flush()
        self._handle = handle
        return True

    def release(self) -> None:
        if self._handle is None:
            return
        with contextlib.suppress(OSError):
            if fcntl is not None:
                fcntl.flock(self._handle.fileno(), fcntl.LOCK_UN)
            self._handle.close()
        self._handle = None

    def holder_pid(self) -> int | None:
        """The pid written by the holder (possibly stale if nobody holds it any more)."""
        try:
            text = read_text_file(self.path, limit=64)
            return int(text.strip() or 0) or None
        except (FileRefused, ValueError):
            return None


def lock_is_held(path: Path) -> bool | None:
    """Whether some process holds the break lock at ``path`` now, without taking it or writing
    anything: a shared ``flock`` is refused while another holds it exclusively. False when no
    file is there; None when it can't be told (unreadable, or no flock here)."""
    if fcntl is None:  # pragma: no cover - Windows
        return None
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        return False
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return None
    finally:
        os.close(fd)  # closing drops a shared lock taken just now
    return False
