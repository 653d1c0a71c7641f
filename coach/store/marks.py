"""Marked days: a rest, sick, injury or travel day keeps a streak; marks are replaced, not
edited, so an earlier mark stays in the file (soft-deleted)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TypedDict

from coach.core.vocabulary import RestKind
from coach.store.connection import new_id
from coach.store.stamps import StorePart


class DayMarkRow(TypedDict):
    """A row of ``day_marks`` (schema 4 on)."""

    id: str
    local_date: str
    kind: str
    created_at: str
    utc_offset_min: int
    deleted_at: str | None


class DayMark(TypedDict):
    """A mark in force: what habits read."""

    local_date: str
    kind: str


class DayMarks(StorePart):
    """Marking days (a part of :class:`coach.store.Store`)."""

    def mark_days(self, start: date, end: date, kind: str | None, *, now: datetime) -> int:
        """Mark every day from ``start`` to ``end`` as ``kind`` (a :class:`RestKind`), replacing
        marks already there; ``kind=None`` clears them. Returns how many days changed."""
        if kind is not None and kind not in tuple(RestKind):
            raise ValueError(f"kind must be one of {', '.join(RestKind)}, got {kind!r}")
        if end < start:
            start, end = end, start
        stamp = self.stamp(now)
        days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
        with self.db.writing() as db:
            cleared = db.execute(
                "UPDATE day_marks SET deleted_at = ? "
                "WHERE deleted_at IS NULL AND local_date BETWEEN ? AND ?",
                [stamp.utc, start.isoformat(), end.isoformat()],
            ).rowcount
            if kind is None:
                return int(cleared)
            db.insert_many(
                "day_marks",
                (
                    {
                        "id": new_id(),
                        "local_date": day.isoformat(),
                        "kind": kind,
                        "created_at": stamp.utc,
                        "utc_offset_min": stamp.offset,
                        "deleted_at": None,
                    }
                    for day in days
                ),
            )
        return len(days)

    def day_marks(self) -> list[DayMark]:
        """Every marked day in force: ``local_date``, ``kind``."""
        return [
            {"local_date": day, "kind": kind}
            for day, kind in self.db.execute(
                "SELECT local_date, kind FROM day_marks WHERE deleted_at IS NULL"
            )
        ]
