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
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from coach.store import schema
from coach.store.errors import MOVE_ASIDE, StoreError

SQLITE_HEADER = b"SQLite format 3\x00"


def _looks_like_sqlite(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER


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
    tables: frozenset[str]


def inspect_log(path: Path, hint: str = MOVE_ASIDE, *, integrity: bool = True) -> LogInfo:
    """Check that ``path`` is a healthy coach log this coach can open; never writes to it.

    Refuses, with one line naming the file, anything that is not SQLite, another program's
    database, a damaged file (``PRAGMA quick_check``) and a log from a newer coach.
    ``integrity=False`` skips the quick_check (it reads the whole file: ~30 ms for ten years
    warm, far more cold) unless the log is about to be migrated.
    """
    if path.is_dir():
        raise StoreError(path, "is a directory; pass a file path with --db")
    try:
        if not _looks_like_sqlite(path):
            raise StoreError(path, f"is not a coach log (not an SQLite file); {hint}")
    except FileNotFoundError:
        raise StoreError(path, "no such file") from None
    except OSError as exc:
        raise StoreError(path, f"cannot read it ({exc.strerror})") from None
    try:
        with read_only(path) as conn:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            tables = frozenset(
                row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            )
            if version > schema.SCHEMA_VERSION:
                raise StoreError(
                    path,
                    f"was written by a newer coach (schema {version}, this one knows "
                    f"{schema.SCHEMA_VERSION}); upgrade coach to open it",
                )
            if (version == 0 and tables) or (version > 0 and "sessions" not in tables):
                raise StoreError(path, f"is an SQLite file but not a coach log; {hint}")
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
    return LogInfo(version, tables)


def checked_today(marker: Path, log: Path, today: date) -> bool:
    """Whether ``log`` passed its integrity check today, by the note in ``marker``."""
    try:
        checked: dict[str, str] = json.loads(marker.read_text(encoding="utf-8"))
        return checked.get(str(log.resolve())) == str(today)
    except (OSError, ValueError, AttributeError):
        return False


def remember_checked(marker: Path, log: Path, today: date) -> None:
    """Note that ``log`` passed today (best effort: a note that cannot be written costs a check)."""
    try:
        notes = json.loads(marker.read_text(encoding="utf-8"))
        notes = notes if isinstance(notes, dict) else {}
    except (OSError, ValueError):
        notes = {}
    notes[str(log.resolve())] = str(today)
    with contextlib.suppress(OSError):
        marker.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        marker.write_text(json.dumps(notes), encoding="utf-8")


def create_private(path: Path) -> None:
    """A new empty file only its owner can read, in a directory only its owner can enter."""
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(path.parent, 0o700)
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


def free_backup_path(path: Path, version: int) -> Path:
    """``coach.db.bak-<version>``, or ``….bak-<version>.2``… so an older backup is never lost."""
    candidate = sidecar(path, f".bak-{version}")
    n = 2
    while candidate.exists():
        candidate = sidecar(path, f".bak-{version}.{n}")
        n += 1
    return candidate


def copy_log(source: sqlite3.Connection, target: Path) -> None:
    """A consistent, self-contained copy (SQLite's backup API), private, never overwriting."""
    try:
        create_private(target)
    except FileExistsError:
        raise StoreError(target, "already exists; choose another path") from None
    except OSError as exc:
        raise StoreError(target, f"cannot write it ({exc.strerror})") from None
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)
        # One file, no -wal needed beside it, whatever mode the source was in.
        destination.execute("PRAGMA journal_mode = DELETE")
    except sqlite3.Error as exc:
        destination.close()
        target.unlink(missing_ok=True)
        raise StoreError(target, f"could not copy the log ({exc})") from None
    destination.close()
