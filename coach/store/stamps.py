"""How a moment is stored: UTC text, the UTC offset in force, and the local day it counts for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path
from typing import TYPE_CHECKING

from coach.core.days import local_day, to_utc_text, utc_offset_minutes

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


class StorePart:
    """What every table family's part of :class:`coach.store.Store` shares: the connection,
    the file, and how a moment is stamped."""

    db: LazyLogDatabase
    path: Path
    day_starts_at: time

    def stamp(self, at: datetime) -> Stamp:
        return Stamp.of(at, self.day_starts_at)
