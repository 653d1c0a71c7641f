"""Check-ins (pain, red flags, what the person chose) and the weeks marked as a deload."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, TypedDict, cast

from coach.core.days import to_utc_text
from coach.core.safety import RED_FLAGS, Answers
from coach.store.connection import new_id
from coach.store.schema import mark_id
from coach.store.stamps import CHANGED, StorePart


class CheckinRow(TypedDict):
    """A row of ``checkins`` (schema 3 on); a flag is 1, 0 or None (not asked)."""

    id: str
    at: str
    utc_offset_min: int
    local_date: str
    kind: str
    pain: int | None
    flag_persists: int | None
    flag_leg: int | None
    flag_numbness: int | None
    flag_sleep: int | None
    outcome: str | None
    routine_id: str | None
    session_id: str | None


class DeloadRow(TypedDict):
    id: str
    week_start: str
    marked_at: str
    utc_offset_min: int
    local_date: str


class Checkins(StorePart):
    """Writing and reading check-ins and deload weeks (a part of :class:`coach.store.Store`)."""

    def record_checkin(
        self,
        *,
        kind: str,
        answers: Answers,
        outcome: str | None,
        routine_id: str | None,
        now: datetime,
        session_id: str | None = None,
    ) -> str:
        """Write a check-in the moment it is answered; returns its id."""
        stamp = self.stamp(now)
        checkin_id = new_id()
        row: dict[str, Any] = {
            "id": checkin_id,
            "at": stamp.utc,
            "utc_offset_min": stamp.offset,
            "local_date": stamp.day,
            "kind": kind,
            "pain": answers.pain,
            "outcome": outcome,
            "routine_id": routine_id,
            "session_id": session_id,
        }
        for flag in RED_FLAGS:
            answer = answers.flag(flag.key)
            row[flag.column] = None if answer is None else int(answer)
        with self.db.writing() as db:
            db.insert("checkins", row | self._change().columns)
        return checkin_id

    def set_checkin_outcome(self, checkin_id: str, outcome: str) -> None:
        """The user's choice after the check-in (e.g. gentler instead of undecided)."""
        with self.db.writing() as db:
            db.execute(
                f"UPDATE checkins SET outcome = ?, {CHANGED} WHERE id = ?",
                [outcome, *self._change().params, checkin_id],
            )

    def set_checkin_pain(self, checkin_id: str, pain: int) -> None:
        """Correct the pain of a check-in just given (a second key on the summary)."""
        with self.db.writing() as db:
            db.execute(
                f"UPDATE checkins SET pain = ?, {CHANGED} WHERE id = ?",
                [pain, *self._change().params, checkin_id],
            )

    def link_checkin(self, checkin_id: str, session_id: str) -> None:
        """Tie a check-in to the session it let start."""
        with self.db.writing() as db:
            db.execute(
                f"UPDATE checkins SET session_id = ?, {CHANGED} WHERE id = ?",
                [session_id, *self._change().params, checkin_id],
            )

    def checkin(self, checkin_id: str) -> CheckinRow | None:
        rows = list(self.db.query("SELECT * FROM checkins WHERE id = ?", [checkin_id]))
        return cast(CheckinRow, rows[0]) if rows else None

    def checkins(self, since: date | None = None) -> list[CheckinRow]:
        """Check-ins, oldest first; from the local day ``since`` on when given."""
        return cast(
            list[CheckinRow],
            list(
                self.db.query(
                    "SELECT * FROM checkins WHERE local_date >= ? ORDER BY at",
                    [since.isoformat() if since else ""],
                )
            ),
        )

    def mark_deload(self, week_start: date, *, now: datetime) -> str:
        """Log that the week starting ``week_start`` is a deload week (marking it again, or
        after an unmark, is the same row: one per week on every machine)."""
        stamp = self.stamp(now)
        deload_id = mark_id("deload", week_start.isoformat())
        with self.db.writing() as db:
            change = self._change()
            db.execute(
                "INSERT INTO deloads (id, week_start, marked_at, utc_offset_min, local_date, "
                "deleted_at, changed_at, changed_on) VALUES (?, ?, ?, ?, ?, NULL, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET marked_at = excluded.marked_at, "
                "utc_offset_min = excluded.utc_offset_min, local_date = excluded.local_date, "
                "deleted_at = NULL, changed_at = excluded.changed_at, "
                "changed_on = excluded.changed_on",
                [
                    deload_id,
                    week_start.isoformat(),
                    stamp.utc,
                    stamp.offset,
                    stamp.day,
                    *change.params,
                ],
            )
        return deload_id

    def unmark_deload(self, week_start: date, *, now: datetime) -> bool:
        """Take back a deload mark (soft: the row stays, deleted, so the unmark travels too);
        False when the week was not marked."""
        with self.db.writing() as db:
            cursor = db.execute(
                f"UPDATE deloads SET deleted_at = ?, {CHANGED} WHERE id = ? AND deleted_at IS NULL",
                [
                    to_utc_text(now),
                    *self._change().params,
                    mark_id("deload", week_start.isoformat()),
                ],
            )
            return bool(cursor.rowcount == 1)

    def deload_weeks(self) -> list[date]:
        """The Mondays of the weeks marked as a deload, oldest first, each once."""
        rows = self.db.execute(
            "SELECT DISTINCT week_start FROM deloads WHERE deleted_at IS NULL ORDER BY week_start"
        )
        return [date.fromisoformat(row[0]) for row in rows.fetchall()]
