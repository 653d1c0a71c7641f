"""Check-ins (pain, red flags, what the person chose) and the weeks marked as a deload."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, TypedDict, cast

from coach.core.safety import RED_FLAGS, Answers
from coach.store.connection import new_id
from coach.store.stamps import StorePart


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
            db.insert("checkins", row)
        return checkin_id

    def set_checkin_outcome(self, checkin_id: str, outcome: str) -> None:
        """The user's choice after the check-in (e.g. gentler instead of undecided)."""
        with self.db.writing() as db:
            db.execute("UPDATE checkins SET outcome = ? WHERE id = ?", [outcome, checkin_id])

    def set_checkin_pain(self, checkin_id: str, pain: int) -> None:
        """Correct the pain of a check-in just given (a second key on the summary)."""
        with self.db.writing() as db:
            db.execute("UPDATE checkins SET pain = ? WHERE id = ?", [pain, checkin_id])

    def link_checkin(self, checkin_id: str, session_id: str) -> None:
        """Tie a check-in to the session it let start."""
        with self.db.writing() as db:
            db.execute("UPDATE checkins SET session_id = ? WHERE id = ?", [session_id, checkin_id])

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
        """Log that the week starting ``week_start`` is a deload week."""
        stamp = self.stamp(now)
        deload_id = new_id()
        with self.db.writing() as db:
            db.insert(
                "deloads",
                {
                    "id": deload_id,
                    "week_start": week_start.isoformat(),
                    "marked_at": stamp.utc,
                    "utc_offset_min": stamp.offset,
                    "local_date": stamp.day,
                },
            )
        return deload_id

    def deload_weeks(self) -> list[date]:
        """The Mondays of the weeks marked as a deload, oldest first, each once."""
        rows = self.db.execute("SELECT DISTINCT week_start FROM deloads ORDER BY week_start")
        return [date.fromisoformat(row[0]) for row in rows.fetchall()]
