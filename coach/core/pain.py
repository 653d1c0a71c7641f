"""How back pain is trending, from the check-ins: one number per day, and what was changed.

A day's value is the highest pain reported that day (before or after a routine): for a trend
that decides whether to train, the worst moment matters more than an average. Days without a
report have no value rather than a made-up zero, which would read as "no pain".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from coach.core.safety import ADAPTED, Kind, Outcome

TREND_DAYS = 30


@dataclass(frozen=True)
class PainTrend:
    since: date
    today: date
    days: tuple[tuple[date, int], ...]
    """``(day, highest pain that day)`` for the days with a report, oldest first."""
    adapted: int
    """Check-ins before a routine that went lighter or gentler."""
    stopped: int
    """Check-ins where a red flag stopped the routine."""
    rested: int
    """Check-ins where the choice was to rest today."""
    persistent: str | None = None
    """Why the persistent-pain rule holds today (:mod:`coach.core.persistent_pain`), if it does."""
    notice_shown_on: date | None = None
    """The day the persistent-pain notice was last shown in this episode, if it was."""

    @property
    def values(self) -> list[int]:
        return [pain for _, pain in self.days]

    @property
    def latest(self) -> int | None:
        return self.days[-1][1] if self.days else None

    @property
    def highest(self) -> int | None:
        return max(self.values) if self.days else None


def pain_trend(
    checkins: Iterable[Mapping[str, Any]], *, today: date, days: int = TREND_DAYS
) -> PainTrend:
    """The last ``days`` days (today included) of check-in rows (``local_date``, ``pain``, …)."""
    since = today - timedelta(days=days - 1)
    worst: dict[date, int] = {}
    adapted = stopped = rested = 0
    for row in checkins:
        day = date.fromisoformat(row["local_date"])
        if not since <= day <= today:
            continue
        pain = row.get("pain")
        if pain is not None:
            worst[day] = max(int(pain), worst.get(day, 0))
        if row.get("kind") != Kind.BEFORE:
            continue
        outcome = row.get("outcome")
        adapted += outcome in ADAPTED
        stopped += outcome == Outcome.STOPPED
        rested += outcome == Outcome.REST_TODAY
    return PainTrend(
        since=since,
        today=today,
        days=tuple(sorted(worst.items())),
        adapted=adapted,
        stopped=stopped,
        rested=rested,
    )
