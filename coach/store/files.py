"""The log as a file: is this a coach log, is it whole, and copies of it.

Everything here looks before anything is written: a file is inspected read-only (never creating
a ``-wal`` or ``-shm`` beside it) and refused, in one line naming it, unless it is a healthy
coach log this coach can open.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from coach.core.errors import FileProblem
from coach.store import schema
from coach.store.errors import MOVE_ASIDE, StoreError
from coach.system.files import file_kind, private_file_in_place, read_text_file, write_private

SQLITE_HEADER = b"SQLite format 3\x00"


def refuse_unless_regular(path: Path, hint: str = MOVE_ASIDE) -> os.stat_result | None:
    """``path``'s status if it is a regular file, None if nothing is there; anything else (a
    directory, a FIFO, a device, a socket) is refused before anything opens it (a FIFO would
    block the open for ever)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(path, f"cannot read it ({exc.strerror})") from None
    kind = file_kind(info.st_mode)
    if kind == "a directory":
        raise StoreError(path, "is a directory; pass a file path with --db")
    if kind is not None:
        raise StoreError(path, f"is {kind}, not a coach log; {hint}")
    return info


def _header(path: Path, hint: str) -> bytes:
    """The first bytes of a regular file, opened without blocking and checked again once open."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise StoreError(path, "no such file") from None
    except OSError as exc:
        raise StoreError(path, f"cannot read it ({exc.strerror})") from None
    try:
        kind = file_kind(os.fstat(fd).st_mode)
        if kind is not None:  # swapped in after the first look
            raise StoreError(path, f"is {kind}, not a coach log; {hint}")
        return os.read(fd, len(SQLITE_HEADER))
    except OSError as exc:
        raise StoreError(path, f"cannot read it ({exc.strerror})") from None
    finally:
        os.close(fd)


def sidecar(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection that can neither write to ``path`` nor create files next to it.

    ``mode=ro`` alone still creates ``-wal``/``-shm`` beside a WAL-mode file (and leaves them).
    With no ``-wal`` beside it, nobody has the file open in WAL mode and its main file is
    complete, so ``immutable=1`` reads it without touching anything. With one, the sidecars
    already exist, and a plain read-only connection sees what the other coach has committed.
    """
    query = "mode=ro" if sidecar(path, "-wal").exists() else "mode=ro&immutable=1"
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?{query}", uri=True)
    try:
        yield conn
    finally:
        conn.close()


@dataclass(frozen=True)
class LogInfo:
    """What a look at an existing file found, before anything is written to it."""

    version: int
    marked: bool
    """Whether it carries coach's mark (``PRAGMA application_id``); an older log does not yet."""


def inspect_log(path: Path, hint: str = MOVE_ASIDE, *, integrity: bool = True) -> LogInfo:
    """Check that ``path`` is a healthy coach log this coach can open; never writes to it.

    A coach log is known by its mark (``PRAGMA application_id``, :data:`APPLICATION_ID`). A log
    from before the mark must have exactly the tables and columns coach's migrations made for its
    version, never merely a table called ``sessions``. Refuses, with one line naming the file,
    anything but a regular file, an empty file, anything that is not SQLite, another program's
    database, a damaged file (``PRAGMA quick_check``) and a log from a newer coach.
    ``integrity=False`` skips the quick_check (it reads the whole file: ~30 ms for ten years
    warm, far more cold) unless the log is about to be migrated.
    """
    info = refuse_unless_regular(path, hint)
    if info is None:
        raise StoreError(path, "no such file")
    if info.st_size == 0:
        raise StoreError(path, f"is an empty file, not a coach log; {hint}")
    if _header(path, hint) != SQLITE_HEADER:
        raise StoreError(path, f"is not a coach log (not an SQLite file); {hint}")
    not_ours = StoreError(path, f"is an SQLite file but not a coach log; {hint}")
    try:
        with read_only(path) as conn:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            application_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
            if application_id not in (0, schema.APPLICATION_ID):
                raise StoreError(
                    path,
                    f"is another program's SQLite file (application_id {application_id:#x}), "
                    f"not a coach log; {hint}",
                )
            if version > schema.SCHEMA_VERSION:
                raise StoreError(
                    path,
                    f"was written by a newer coach (schema {version}, this one knows "
                    f"{schema.SCHEMA_VERSION}); upgrade coach to open it",
                )
            marked = application_id == schema.APPLICATION_ID
            if not marked and (  # a log from before the mark: exactly coach's schema
                version >= schema.MARKED_FROM
                or schema.table_columns(conn) != schema.tables_at(version)
            ):
                raise not_ours
            problems = ["ok"]
            if integrity or version < schema.SCHEMA_VERSION:
                problems = [row[0] for row in conn.execute("PRAGMA quick_check(3)")]
    except sqlite3.DatabaseError as exc:
        raise StoreError(path, f"cannot be opened as a coach log ({exc}); {hint}") from None
    if problems != ["ok"]:
        lines = [
            line.strip()
            for problem in problems
            for line in str(problem).splitlines()
            if line.strip() and not line.startswith("***")
        ] or ["unknown problem"]
        more = f"; {len(lines) - 1} more" if len(lines) > 1 else ""
        raise StoreError(
            path,
            f"is damaged (SQLite quick_check: {lines[0]}{more}); move it aside and put a backup "
            "in its place, or pass --db PATH",
        )
    return LogInfo(version, marked)


def checked_today(marker: Path, log: Path, today: date) -> bool:
    """Whether ``log`` passed its integrity check today, by the note in ``marker``."""
    return _checked_notes(marker).get(str(log.resolve())) == str(today)


MARKER_LIMIT = 64 * 1024
"""The largest note of checked logs coach reads (one line per log path)."""


def _checked_notes(marker: Path) -> dict[str, str]:
    """The note of which log passed on which day; ``{}`` when missing, odd or not a file (read
    without blocking: a FIFO planted at its path must not hang every command)."""
    try:
        notes = json.loads(read_text_file(marker, limit=MARKER_LIMIT))
    except (OSError, ValueError, FileProblem):
        return {}
    return notes if isinstance(notes, dict) else {}


def remember_checked(marker: Path, log: Path, today: date) -> None:
    """Note that ``log`` passed today (best effort: a note that cannot be written costs a check)."""
    notes = _checked_notes(marker)
    notes[str(log.resolve())] = str(today)
    with contextlib.suppress(OSError):
        write_private(marker, json.dumps(notes))


def free_backup_path(path: Path, version: int) -> Path:
    """``coach.db.bak-<version>``, or ``….bak-<version>.2``… so an older backup is never lost."""
    candidate = sidecar(path, f".bak-{version}")
    n = 2
    while candidate.exists():
        candidate = sidecar(path, f".bak-{version}.{n}")
        n += 1
    return candidate


COPY_HOOK: Callable[[Path], None] | None = None
"""Called with the temporary file once the copy is in it, before it is moved into place: for
tests that kill a backup at its slowest moment. Never set in coach itself."""


def copy_log(source: sqlite3.Connection, target: Path) -> None:
    """A consistent, self-contained copy (SQLite's backup API), private, never overwriting.

    Written to a temporary name beside ``target`` and moved there only when whole (see
    :func:`coach.system.files.private_file_in_place`): a copy that is killed, interrupted or
    refused leaves nothing at ``target``. SIGTERM and SIGHUP remove the temporary file too.
    """
    from coach.system.signals import cleaned_up_on_signals  # asyncio: not for coach status

    if os.path.lexists(target):
        raise StoreError(target, "already exists; choose another path")
    try:
        with cleaned_up_on_signals(), private_file_in_place(target) as temporary:
            destination = sqlite3.connect(temporary)
            try:
                source.backup(destination)
                # One file, no -wal needed beside it, whatever mode the source was in.
                destination.execute("PRAGMA journal_mode = DELETE")
            finally:
                destination.close()
            if COPY_HOOK is not None:
                COPY_HOOK(temporary)
    except FileExistsError:
        raise StoreError(target, "already exists; choose another path") from None
    except sqlite3.Error as exc:
        raise StoreError(target, f"could not copy the log ({exc})") from None
    except OSError as exc:
        raise StoreError(target, f"cannot write it ({exc.strerror or exc})") from None


def create_log(path: Path, build: Callable[[Path], None]) -> None:
    """Make a new log at ``path`` whole or not at all: ``build`` fills a temporary file beside
    it, which then takes the name (unless another coach made one meanwhile: that one stays).
    A log killed while being made never leaves an empty or half-made file at ``path``."""
    try:
        with private_file_in_place(path) as temporary:
            build(temporary)
    except FileExistsError:
        return
    except OSError as exc:
        raise StoreError(path, f"cannot create the log ({exc.strerror or exc})") from None
