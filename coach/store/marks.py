"""Marked days: a rest, sick, injury or travel day keeps a streak. A day has one mark row on
every machine (its id comes from the day), changed in place and soft-deleted when cleared, so a
merge takes the later of two machines' marks for a day."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TypedDict

from coach.core.vocabulary import RestKind
from coach.store.schema import mark_id
from coach.store.stamps import CHANGED, StorePart


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
            change = self._change()
            if kind is None:
                cleared = db.execute(
                    f"UPDATE day_marks SET deleted_at = ?, {CHANGED} "
                    "WHERE deleted_at IS NULL AND local_date BETWEEN ? AND ?",
                    [stamp.utc, *change.params, start.isoformat(), end.isoformat()],
                ).rowcount
                return int(cleared)
            for day in days:
                db.execute(
                    "INSERT INTO day_marks (id, local_date, kind, created_at, utc_offset_min, "
                    "deleted_at, changed_at, changed_on) VALUES (?, ?, ?, ?, ?, NULL, ?, ?) "
                    "ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, "
                    "created_at = excluded.created_at, "
                    "utc_offset_min = excluded.utc_offset_min, deleted_at = NULL, "
                    "changed_at = excluded.changed_at, changed_on = excluded.changed_on",
                    [
                        mark_id("day", day.isoformat()),
                        day.isoformat(),
                        kind,
                        stamp.utc,
                        stamp.offset,
                        *change.params,
                    ],
                )
        return len(days)

    def set_day_marks(self, marks: dict[date, str | None], *, now: datetime) -> None:
        """Put each day back as it was (a kind, or ``None``: unmarked), in one transaction: how
        an undone marking restores the marks it replaced."""
        with self.db.writing():
            for day, kind in marks.items():
                self.mark_days(day, day, kind, now=now)

    def day_marks(self) -> list[DayMark]:
        """Every marked day in force: ``local_date``, ``kind``."""
        return [
            {"local_date": day, "kind": kind}
            for day, kind in self.db.execute(
                "SELECT local_date, kind FROM day_marks WHERE deleted_at IS NULL"
            )
        ]
