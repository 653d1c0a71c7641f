"""The adherence log: one open file, made of a part per table family.

Rows are written the moment things happen (a session when it starts, a step when it ends), so a
killed terminal loses at most the step in progress. Every row carries a UUID, the UTC instant, the
UTC offset in force and the local day it counts for. Every write goes through the connection's
one funnel (:mod:`coach.store.connection`); the schema version lives in ``PRAGMA user_version``
and migrations (:mod:`coach.store.schema`) run in one transaction.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import time
from pathlib import Path

from coach.core.days import MIDNIGHT
from coach.store import schema
from coach.store.breaks import Breaks
from coach.store.checkins import Checkins
from coach.store.connection import (
    BUSY_PATIENCE_SECONDS,
    LazyLogDatabase,
    busy_wait_ms,
    connect,
    found_damaged,
    retry_busy,
)
from coach.store.errors import MOVE_ASIDE, MigrationError, StoreError
from coach.store.files import (
    copy_log,
    create_log,
    free_backup_path,
    inspect_log,
    read_only,
    refuse_unless_regular,
)
from coach.store.marks import DayMarks
from coach.store.portable import Portable
from coach.store.sessions import Sessions
from coach.store.state import AppState
from coach.system.files import private_dir


class Store(Sessions, Breaks, Checkins, DayMarks, AppState, Portable):
    """One open log file. Construct with :meth:`open`."""

    def __init__(self, db: LazyLogDatabase, path: Path, day_starts_at: time) -> None:
        self.db = db
        self.path = path
        self.day_starts_at = day_starts_at

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        day_starts_at: time = MIDNIGHT,
        patience: float = BUSY_PATIENCE_SECONDS,
        integrity: bool = True,
    ) -> Store:
        """Open (creating if needed) and migrate the log; never writes to a foreign file.

        An existing file is inspected read-only first (:func:`inspect_log`, whose integrity
        check ``integrity=False`` skips); an older log is copied to ``<name>.bak-<version>``
        before it is migrated, in one transaction.
        """
        path = Path(path)
        damaged = found_damaged(path)
        if damaged is not None:
            raise StoreError(path, damaged)
        if refuse_unless_regular(path) is None:
            try:
                create_log(path, _build_new_log)
            except MigrationError as exc:
                raise StoreError(path, str(exc)) from None
        info = inspect_log(path, integrity=integrity)
        if 0 < info.version < schema.SCHEMA_VERSION:
            with read_only(path) as conn:
                copy_log(conn, free_backup_path(path, info.version))
        db = connect(path, patience=patience)
        try:
            db.execute(f"PRAGMA busy_timeout = {busy_wait_ms(patience)}")
            store = cls(db, path, day_starts_at)
            if retry_busy(store._journal_mode, path=path, patience=patience) != "wal":
                retry_busy(
                    lambda: db.execute("PRAGMA journal_mode = WAL"), path=path, patience=patience
                )
            store._migrate()
            db.execute("PRAGMA foreign_keys = ON")
        except (sqlite3.DatabaseError, StoreError, MigrationError) as exc:
            # A refused file must not be held open (nor its -wal/-shm left behind).
            db.close()
            if isinstance(exc, StoreError):
                raise
            if isinstance(exc, MigrationError):
                raise StoreError(path, str(exc)) from None
            raise StoreError(
                path, f"cannot be opened as a coach log ({exc}); {MOVE_ASIDE}"
            ) from None
        return store

    @classmethod
    def create_at_version(cls, path: Path, version: int) -> Store:
        """A new log at an older schema (``MIGRATIONS[:version]``): for imports and fixtures."""
        if not 0 <= version <= schema.SCHEMA_VERSION:
            raise StoreError(path, f"schema {version} is not one this coach knows")
        if os.path.lexists(path):
            raise StoreError(path, "already exists; choose another path")
        private_dir(path.parent)
        db = connect(path)
        with db.writing():
            for migration in schema.MIGRATIONS[:version]:
                migration(db)
            db.execute(f"PRAGMA user_version = {version}")
        db.execute("PRAGMA foreign_keys = ON")
        return cls(db, path, MIDNIGHT)

    @classmethod
    def open_copy(cls, path: Path, directory: Path, *, hint: str = MOVE_ASIDE) -> Store:
        """Another log, copied into ``directory`` and brought to this schema; the original is
        only read (it may be in use on this machine, or be the only copy of a laptop's log)."""
        path = Path(path)
        if not path.exists():
            raise StoreError(path, "no such file")
        inspect_log(path, hint)
        copy = directory / "copy.db"
        with read_only(path) as conn:
            copy_log(conn, copy)
        try:
            return cls.open(copy)
        except StoreError as exc:
            raise StoreError(path, exc.message) from None

    def _journal_mode(self) -> str:
        return str(self.db.execute("PRAGMA journal_mode").fetchone()[0])

    def _migrate(self) -> None:
        """Bring the file to :data:`SCHEMA_VERSION`, all or nothing (another coach may race)."""
        if self.schema_version() == schema.SCHEMA_VERSION:
            return
        with self.db.writing() as db:
            version = self.schema_version()
            if version > schema.SCHEMA_VERSION:
                raise StoreError(
                    self.path,
                    f"was written by a newer coach (schema {version}, this one knows "
                    f"{schema.SCHEMA_VERSION}); upgrade coach to open it",
                )
            _migrate_from(db, version)

    def close(self) -> None:
        self.db.close()

    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])


def _migrate_from(db: LazyLogDatabase, version: int) -> None:
    """Run the migrations after ``version`` (inside the caller's write); MigrationError names
    the one that failed."""
    for number, migration in enumerate(schema.MIGRATIONS[version:], start=version):
        try:
            migration(db)
        except Exception as exc:
            raise MigrationError(
                f"could not be upgraded from schema {number} to {number + 1}, "
                f"{migration_name(migration)} ({exc}); it is unchanged, so an older "
                "coach still opens it"
            ) from exc
    db.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION}")


def _build_new_log(path: Path) -> None:
    """Every migration, and so coach's mark, on an empty file (before it takes the log's name)."""
    db = connect(path)
    try:
        # Born in WAL mode: no two coaches starting at once race to switch it.
        db.execute("PRAGMA journal_mode = WAL")
        with db.writing():
            _migrate_from(db, 0)
    finally:
        db.close()  # the last connection: SQLite folds the -wal back in and removes it


def migration_name(migration: object) -> str:
    return str(getattr(migration, "name", getattr(migration, "__name__", "a migration")))
