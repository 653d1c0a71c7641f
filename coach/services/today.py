"""Today as home shows it: the sessions that count for today, and whether morning mobility is done.

Which day a session counts for and whether it makes a habit done are decided by
:mod:`coach.core.habits`, the functions ``coach history`` and ``coach status`` use too; this
module only fetches the rows around the day. The stored ``local_date`` is not trusted for this:
it kept the day start in force when the row was written, and ``[habits] day_starts_at`` may have
changed since.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from coach.core.habit_day import HabitId, first_done, sessions_of_day
from coach.store import Store

MARGIN = (timedelta(days=1), timedelta(days=3))
"""UTC dates read around a day: any UTC offset (within a day) and day start lands inside."""


@dataclass(frozen=True)
class Today:
    day: date
    sessions: tuple[dict[str, Any], ...]
    """Every session that counts for the day, oldest first (deleted ones left out)."""
    morning_done: dict[str, Any] | None
    """The first session that made morning mobility done, if one did."""


def load_today(store: Store, day: date, day_starts_at: time) -> Today:
    before, after = MARGIN
    rows = store.sessions_started(
        (day - before).isoformat(), (day + after).isoformat()
    )  # UTC text compares as dates: "2026-03-01" < "2026-03-01T…Z"
    sessions = sessions_of_day(rows, day, day_starts_at)
    done = first_done(sessions, HabitId.MORNING)
    return Today(
        day,
        tuple(dict(row) for row in sessions),
        dict(done) if done is not None else None,
    )
