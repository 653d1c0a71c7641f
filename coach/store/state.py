"""Small facts coach remembers between runs (a notice seen, the break schedule for
``coach status``), keyed by name in ``app_state``."""

from __future__ import annotations

from datetime import datetime
from typing import TypedDict

from coach.core.days import to_utc_text
from coach.store.stamps import StorePart


class StateRow(TypedDict):
    """A row of ``app_state`` (schema 2 on)."""

    key: str
    value: str
    updated_at: str


class AppState(StorePart):
    """Remembered facts (a part of :class:`coach.store.Store`)."""

    def get_state(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM app_state WHERE key = ?", [key]).fetchone()
        return default if row is None else row[0]

    def set_state(self, key: str, value: str | None, *, now: datetime) -> None:
        """Remember ``value`` under ``key`` (``None`` forgets it)."""
        with self.db.writing() as db:
            if value is None:
                db.execute("DELETE FROM app_state WHERE key = ?", [key])
            else:
                db.execute(
                    "INSERT INTO app_state (key, value, updated_at) VALUES (?, ?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
                    "updated_at = excluded.updated_at",
                    [key, value, to_utc_text(now)],
                )

    def data_version(self) -> int:
        """Changes when another connection commits: a cheap "did anyone write?" per second."""
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])
