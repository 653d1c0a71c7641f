"""Ways to make a log refuse writes in the middle of a run, as a real machine would.

Read-only is SQLite's own refusal (``PRAGMA query_only``: tests run as root, so a chmod would not
stop them). A full disk is simulated at the connection: every write statement fails with the
error SQLite gives for ENOSPC, while reads go on (SQLite's ``max_page_count`` would still accept
a row that fits in a page it already has, which a full disk, appending to the WAL, does not).
"""

from __future__ import annotations

import sqlite3
from typing import Any

from coach.store import Store

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER")


class _FullDiskConnection:
    """Forwards everything to the real connection, but no write statement gets through."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def _check(self, sql: str) -> None:
        words = sql.lstrip().split(None, 1)
        if words and words[0].upper() in WRITES:
            raise sqlite3.OperationalError("database or disk is full")

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self._check(sql)
        return self._conn.execute(sql, *args)

    def executemany(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self._check(sql)
        return self._conn.executemany(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


class LogFault:
    """``fault.on()`` / ``fault.off()``: the log refuses writes in between."""

    def __init__(self, store: Store, kind: str) -> None:
        if kind not in ("read-only", "disk-full"):
            raise ValueError(kind)
        self.store = store
        self.kind = kind
        self._real: sqlite3.Connection | None = None

    @property
    def reason(self) -> str:
        return "readonly" if self.kind == "read-only" else "disk is full"

    def on(self) -> None:
        if self.kind == "read-only":
            self.store.db.execute("PRAGMA query_only = ON")
        else:
            self._real = self.store.db.conn
            self.store.db.conn = _FullDiskConnection(self._real)  # type: ignore[assignment]

    def off(self) -> None:
        if self.kind == "read-only":
            self.store.db.execute("PRAGMA query_only = OFF")
        elif self._real is not None:
            self.store.db.conn = self._real
            self._real = None
