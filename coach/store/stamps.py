"""How a moment is stored: UTC text, the UTC offset in force, and the local day it counts for."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from coach.core.days import local_day, to_utc_text, utc_offset_minutes
from coach.core.vocabulary import StateKey

if TYPE_CHECKING:
    from coach.store.connection import LazyLogDatabase


@dataclass(frozen=True)
class Stamp:
    """A moment as stored: UTC text, offset and the local day it counts for."""

    utc: str
    offset: int
    day: str

    @classmethod
    def of(cls, at: datetime, day_starts_at: time) -> Stamp:
        return cls(
            to_utc_text(at), utc_offset_minutes(at), local_day(at, day_starts_at).isoformat()
        )


CHANGE_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
"""``changed_at``: UTC to the microsecond, fixed width, so text order is time order."""
CHANGED = "changed_at = ?, changed_on = ?"
"""The SET clause every UPDATE of a user row carries, with :attr:`Change.params`."""


def change_text(at: datetime) -> str:
    return at.astimezone(UTC).strftime(CHANGE_FORMAT)


def after(text: str) -> str:
    """The ``changed_at`` one microsecond after ``text``."""
    then = datetime.strptime(text, CHANGE_FORMAT).replace(tzinfo=UTC)
    return change_text(then + timedelta(microseconds=1))


@dataclass(frozen=True)
class Change:
    """When and where a row changes: what a merge orders two versions of a row by."""

    at: str
    on: str

    @property
    def columns(self) -> dict[str, str]:
        return {"changed_at": self.at, "changed_on": self.on}

    @property
    def params(self) -> list[str]:
        return [self.at, self.on]


def system_now() -> datetime:
    return datetime.now(UTC)


class StorePart:
    """What every table family's part of :class:`coach.store.Store` shares: the connection,
    the file, how a moment is stamped, and how a change is."""

    db: LazyLogDatabase
    path: Path
    day_starts_at: time
    clock: Callable[[], datetime] = staticmethod(system_now)

    def stamp(self, at: datetime) -> Stamp:
        return Stamp.of(at, self.day_starts_at)

    def _change(self) -> Change:
        """The change a write is making, inside ``db.writing()``: now by this store's clock,
        but always later than any change this log has written or merged in (so an edit made
        after a merge wins over what the merge brought, even from a machine whose clock is
        ahead), on this log's machine id (made the first time it is needed)."""
        rows = self.db.execute(
            "SELECT key, value FROM app_state WHERE key IN (?, ?)",
            [StateKey.MACHINE, StateKey.LAST_CHANGE],
        ).fetchall()
        known = dict(rows)
        at = change_text(self.clock())
        last = known.get(StateKey.LAST_CHANGE)
        if last and at <= last:
            at = after(last)
        machine = known.get(StateKey.MACHINE)
        if not machine:
            import uuid

            machine = uuid.uuid4().hex[:12]
            self._remember(StateKey.MACHINE, machine, at)
        self._remember(StateKey.LAST_CHANGE, at, at)
        return Change(at, machine)

    def machine_id(self) -> str:
        """This log's machine id (made and kept the first time it is asked for)."""
        row = self.db.execute(
            "SELECT value FROM app_state WHERE key = ?", [StateKey.MACHINE]
        ).fetchone()
        if row is not None and row[0]:
            return str(row[0])
        with self.db.writing():
            return self._change().on

    def _saw_change(self, at: str) -> None:
        """A merge brought a change made at ``at``: later changes here come after it."""
        last = self.db.execute(
            "SELECT value FROM app_state WHERE key = ?", [StateKey.LAST_CHANGE]
        ).fetchone()
        if last is None or last[0] < at:
            self._remember(StateKey.LAST_CHANGE, at, at)

    def _remember(self, key: str, value: str, at: str) -> None:
        self.db.execute(
            "INSERT INTO app_state (key, value, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
            "updated_at = excluded.updated_at",
            [key, value, at],
        )
