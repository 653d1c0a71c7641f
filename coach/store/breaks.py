"""Break rows: one per prompt shown (answered later), and one per break taken or gap seen
without a prompt. ``coach status`` reads a day's tally with :func:`break_tally` too."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from typing import TYPE_CHECKING, TypedDict, cast

from coach.core.days import to_utc_text
from coach.store.connection import new_id
from coach.store.schema import BREAK_PACK_BITS, break_packed
from coach.store.stamps import CHANGED, StorePart

if TYPE_CHECKING:
    from coach.store.connection import LazyLogDatabase


class BreakRow(TypedDict):
    """A row of ``breaks`` (schema 5 on); ``outcome`` is None while a prompt waits."""

    id: str
    due_at: str | None
    prompted_at: str | None
    answered_at: str | None
    outcome: str | None
    snoozes: int
    utc_offset_min: int
    local_date: str
    started_at: str | None
    ended_at: str | None


_PACK_MASK = (1 << BREAK_PACK_BITS) - 1


class BreakDay(TypedDict):
    local_date: str
    taken: int
    due: int
    snoozed: int


def _unpacked(day: str, packed: int) -> BreakDay:
    """A day's packed totals (coach.store.schema.break_packed) as its three counts."""
    return {
        "local_date": day,
        "taken": packed & _PACK_MASK,
        "due": (packed >> BREAK_PACK_BITS) & _PACK_MASK,
        "snoozed": packed >> (2 * BREAK_PACK_BITS),
    }


def break_tally(conn: sqlite3.Connection | LazyLogDatabase, day: date) -> dict[str, int]:
    """Rows per outcome for a day (``pending`` for unanswered), plus ``snoozes`` used."""
    tally: dict[str, int] = {"snoozes": 0}
    for outcome, count, snoozes in conn.execute(
        "SELECT COALESCE(outcome, 'pending'), COUNT(*), COALESCE(SUM(snoozes), 0) "
        "FROM breaks WHERE local_date = ? GROUP BY outcome",
        [day.isoformat()],
    ):
        tally[outcome] = count
        tally["snoozes"] += snoozes
    return tally


class Breaks(StorePart):
    """Writing and reading break rows (a part of :class:`coach.store.Store`)."""

    def add_break_prompt(self, *, due_at: datetime, prompted_at: datetime) -> str:
        """Write the row for a prompt the moment it is shown; its outcome stays empty."""
        stamp = self.stamp(due_at)
        break_id = new_id()
        with self.db.writing() as db:
            db.execute(
                "INSERT INTO breaks (id, due_at, prompted_at, answered_at, outcome, snoozes, "
                "utc_offset_min, local_date, started_at, ended_at, changed_at, changed_on) "
                "VALUES (?, ?, ?, NULL, NULL, 0, ?, ?, NULL, NULL, ?, ?)",
                [
                    break_id,
                    stamp.utc,
                    to_utc_text(prompted_at),
                    stamp.offset,
                    stamp.day,
                    *self._change().params,
                ],
            )
        return break_id

    def snooze_break(self, break_id: str, *, limit: int | None = None) -> int | None:
        """Count one more snooze on a pending prompt; its new count, or None if it was answered
        (or, with ``limit``, has used that many snoozes already).

        The row is the one owner of a prompt's snoozes: the app and every ``coach break snooze``
        count them here, in one statement, so no two of them can both take the last one.
        """
        with self.db.writing() as db:
            cursor = db.execute(
                f"UPDATE breaks SET snoozes = snoozes + 1, {CHANGED} "
                "WHERE id = ? AND outcome IS NULL AND (? IS NULL OR snoozes < ?)",
                [*self._change().params, break_id, limit, limit],
            )
            if cursor.rowcount == 0:
                return None
            return int(
                db.execute("SELECT snoozes FROM breaks WHERE id = ?", [break_id]).fetchone()[0]
            )

    def close_break(
        self,
        break_id: str,
        *,
        outcome: str,
        at: datetime,
        started: datetime | None = None,
        ended: datetime | None = None,
    ) -> bool:
        """Answer a pending prompt; False when something else answered it first."""
        with self.db.writing() as db:
            cursor: sqlite3.Cursor = db.execute(
                # never answered before it was asked: a shell's clock, or one set back since
                "UPDATE breaks SET outcome = ?, answered_at = MAX(?, COALESCE(prompted_at, '')), "
                f"started_at = ?, ended_at = ?, {CHANGED} WHERE id = ? AND outcome IS NULL",
                [
                    outcome,
                    to_utc_text(at),
                    to_utc_text(started) if started else None,
                    to_utc_text(ended) if ended else None,
                    *self._change().params,
                    break_id,
                ],
            )
            return cursor.rowcount == 1

    def log_break(
        self,
        *,
        outcome: str,
        at: datetime,
        due_at: datetime | None = None,
        started: datetime | None = None,
        ended: datetime | None = None,
    ) -> str:
        """A break with no prompt behind it (self, natural, away), counted for the day it began."""
        stamp = self.stamp(started or at)
        break_id = new_id()
        with self.db.writing() as db:
            db.execute(
                "INSERT INTO breaks (id, due_at, prompted_at, answered_at, outcome, snoozes, "
                "utc_offset_min, local_date, started_at, ended_at, changed_at, changed_on) "
                "VALUES (?, ?, NULL, ?, ?, 0, ?, ?, ?, ?, ?, ?)",
                [
                    break_id,
                    to_utc_text(due_at) if due_at else None,
                    to_utc_text(at),
                    outcome,
                    stamp.offset,
                    stamp.day,
                    to_utc_text(started) if started else None,
                    to_utc_text(ended) if ended else None,
                    *self._change().params,
                ],
            )
        return break_id

    def end_break(self, break_id: str, ended: datetime) -> None:
        """When a natural break ended: the first key pressed after it."""
        with self.db.writing() as db:
            db.execute(
                f"UPDATE breaks SET ended_at = ?, {CHANGED} WHERE id = ?",
                [to_utc_text(ended), *self._change().params, break_id],
            )

    def break_row(self, break_id: str) -> BreakRow | None:
        rows = list(self.db.query("SELECT * FROM breaks WHERE id = ?", [break_id]))
        return cast(BreakRow, rows[0]) if rows else None

    def pending_break(self) -> BreakRow | None:
        """The prompt waiting for an answer, if any (the newest, should there be several)."""
        rows = list(
            self.db.query(
                "SELECT * FROM breaks WHERE outcome IS NULL ORDER BY prompted_at DESC LIMIT 1"
            )
        )
        return cast(BreakRow, rows[0]) if rows else None

    def breaks_on(self, day: date) -> list[BreakRow]:
        """Break rows counted for a local day, in the order they happened."""
        return cast(
            list[BreakRow],
            list(
                self.db.query(
                    "SELECT * FROM breaks WHERE local_date = ? "
                    "ORDER BY COALESCE(prompted_at, started_at, answered_at)",
                    [day.isoformat()],
                )
            ),
        )

    def break_tally(self, day: date) -> dict[str, int]:
        """Rows per outcome for a day (``pending`` for unanswered), plus ``snoozes`` used."""
        return break_tally(self.db, day)

    def breaks_answered_since(self, outcome: str, since_utc: str) -> list[BreakRow]:
        """Rows with ``outcome`` answered after ``since_utc``, oldest first."""
        return cast(
            list[BreakRow],
            list(
                self.db.query(
                    "SELECT * FROM breaks WHERE outcome = ? AND answered_at > ? "
                    "ORDER BY answered_at",
                    [outcome, since_utc],
                )
            ),
        )

    def break_days(self) -> list[BreakDay]:
        """Per local day, breaks taken, due and snoozed (see coach.core.adherence for which
        outcomes are which); [] while the log has no ``breaks`` table.

        Read from ``break_day_totals``, which triggers keep as breaks are written (schema 13):
        a row a day, in day order. A log without it (a scratch copy at an older schema) sums
        the breaks themselves, the same figures (:meth:`break_days_summed`)."""
        tables = {
            name
            for (name,) in self.db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name IN ('breaks', 'break_day_totals')"
            )
        }
        if "breaks" not in tables:
            return []
        if "break_day_totals" not in tables:
            return self.break_days_summed()
        rows = self.db.execute(
            "SELECT local_date, packed FROM break_day_totals WHERE packed != 0 ORDER BY local_date"
        )
        return [_unpacked(day, packed) for day, packed in rows]

    def break_days_summed(self) -> list[BreakDay]:
        """:meth:`break_days` from every break row: one pass over the covering index
        breaks_by_day with one packed sum per day (see coach.store.schema.break_packed)."""
        sql = (
            f"SELECT local_date, SUM({break_packed('breaks')}) FROM breaks"
            " GROUP BY local_date ORDER BY local_date"
        )
        return [_unpacked(day, packed) for day, packed in self.db.execute(sql) if packed]
