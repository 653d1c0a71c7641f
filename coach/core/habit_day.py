"""What one session counts for, on which day: the little of the habit rules home needs.

Home says whether the morning routine is done today; that takes which habits a session's tags
count for, whether it counts as done and the day it counts for, nothing of streaks or strength.
Kept apart from :mod:`coach.core.habits`, which builds on it, so that home's first frame does
not build the streak and strength machinery it does not show; the names are imported from here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, time
from enum import StrEnum
from typing import Any

from coach.core.days import stored_ordinal
from coach.core.vocabulary import Entry, SessionStatus, Tag


class HabitId(StrEnum):
    MORNING = "morning"
    BREAKS = "breaks"
    PRELIFT = "prelift"
    ANY = "any"


def counts_as_done(session: Mapping[str, Any]) -> bool:
    """A completed session counts unless more of it was skipped than done: skipping through a
    routine to the end never extends a streak. One logged by hand afterwards (it has no step
    rows: the person says they did it) counts as completed."""
    if session["status"] != SessionStatus.COMPLETED:
        return False
    if session.get("entered") == Entry.BY_HAND:
        return True
    done, skipped = session.get("steps_done") or 0, session.get("steps_skipped") or 0
    return done > 0 and done >= skipped


def session_day(session: Mapping[str, Any], day_starts_at: time) -> date:
    """The day a session counts for: from its UTC start and offset, with the day start in force
    now. Never the stored ``local_date``, which kept the day start it was written with."""
    return date.fromordinal(
        stored_ordinal(session["started_at"], session["utc_offset_min"], day_starts_at)
    )


def habits_counted(tags: str | None) -> tuple[HabitId, ...]:
    """The session habits a session with these tags (stored comma-separated) counts for."""
    names = tags.split(",") if tags else ()
    habits = [HabitId.ANY]
    if Tag.MORNING in names:
        habits.append(HabitId.MORNING)
    if Tag.PRE_LIFT in names:
        habits.append(HabitId.PRELIFT)
    return tuple(habits)


def sessions_of_day(
    rows: Iterable[Mapping[str, Any]], day: date, day_starts_at: time
) -> list[Mapping[str, Any]]:
    """The sessions that count for ``day`` (deleted ones left out), oldest first."""
    return sorted(
        (
            row
            for row in rows
            if not row.get("deleted_at") and session_day(row, day_starts_at) == day
        ),
        key=lambda row: str(row["started_at"]),
    )


def first_done(rows: Iterable[Mapping[str, Any]], habit: HabitId) -> Mapping[str, Any] | None:
    """The first of ``rows`` that makes ``habit`` done (see :func:`counts_as_done`)."""
    return next(
        (row for row in rows if habit in habits_counted(row["tags"]) and counts_as_done(row)),
        None,
    )
