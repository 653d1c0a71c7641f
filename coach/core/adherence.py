"""Stand-up break adherence: how many of a day's due breaks were taken, and how often snoozed.

A break row's outcome says what happened to one prompt. Taken breaks are the ones the user
stood up for (said done, went on their own, or was seen idle long enough); a skipped or missed
prompt was due but not taken; ``away`` (the machine was off or the user out) and a prompt still
pending were never due (:data:`~coach.core.vocabulary.BREAK_TAKEN` and its neighbours). The
share of snoozed prompts is over due ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from coach.core.days import MIDNIGHT, stored_ordinal
from coach.core.vocabulary import BREAK_DUE, BREAK_TAKEN

TOLERANCE = 1e-9
"""``7 / 10 >= 0.7`` must hold although ``0.7 * 10`` is 7.000000000000001."""


@dataclass(frozen=True)
class BreakTally:
    """Breaks taken, due and snoozed over some span (a day, a week)."""

    taken: int = 0
    due: int = 0
    snoozed: int = 0

    def __add__(self, other: BreakTally) -> BreakTally:
        return BreakTally(
            self.taken + other.taken, self.due + other.due, self.snoozed + other.snoozed
        )

    @property
    def share(self) -> float | None:
        """Taken / due, or None when nothing was due."""
        return self.taken / self.due if self.due else None

    @property
    def snooze_share(self) -> float | None:
        """Due prompts that were snoozed at least once / due."""
        return self.snoozed / self.due if self.due else None

    def meets(self, target_share: float) -> bool:
        """Whether this day counts for the stand-up habit (never when nothing was due)."""
        return self.due > 0 and self.taken / self.due + TOLERANCE >= target_share

    def credit(self, target_share: float) -> float:
        """How much of the target was reached, 0–1: a day's value in the strength score."""
        if self.meets(target_share):
            return 1.0
        if not self.due:
            return 0.0
        return self.taken / self.due / target_share


def tally_row(row: Mapping[str, Any]) -> BreakTally:
    """One break row's contribution."""
    outcome = row.get("outcome")
    if outcome not in BREAK_DUE:
        return BreakTally()
    return BreakTally(
        taken=1 if outcome in BREAK_TAKEN else 0,
        due=1,
        snoozed=1 if (row.get("snoozes") or 0) > 0 else 0,
    )


def tally_breaks(
    rows: Iterable[Mapping[str, Any]], day_starts_at: time = MIDNIGHT
) -> dict[date, BreakTally]:
    """Per local day (from each row's ``due_at`` and ``utc_offset_min``), what was due and taken.

    Days where every prompt was away or pending are left out: they don't count either way.
    """
    by_day: dict[int, BreakTally] = {}
    for row in rows:
        tally = tally_row(row)
        if not tally.due:
            continue
        day = stored_ordinal(row["due_at"], row["utc_offset_min"], day_starts_at)
        by_day[day] = by_day.get(day, BreakTally()) + tally
    return {date.fromordinal(day): tally for day, tally in sorted(by_day.items())}


def tallies_from_days(rows: Iterable[Mapping[str, Any]]) -> dict[date, BreakTally]:
    """Per-day tallies the log already summed (``local_date``, ``taken``, ``due``, ``snoozed``)."""
    # Ten years are thousands of days but a few hundred different tallies: one (immutable)
    # BreakTally each, shared by its days (a dataclass costs more to make than to look up).
    made: dict[tuple[int, int, int], BreakTally] = {}
    days: dict[date, BreakTally] = {}
    for row in rows:
        if row["due"]:
            counts = (row["taken"], row["due"], row["snoozed"])
            tally = made.get(counts)
            if tally is None:
                tally = made[counts] = BreakTally(*counts)
            days[date.fromisoformat(row["local_date"])] = tally
    return days


def week_start(day: date) -> date:
    """The Monday of ``day``'s calendar week."""
    return day - timedelta(days=day.weekday())


def weekly_tallies(
    days: Mapping[date, BreakTally], today: date, weeks: int
) -> list[tuple[date, BreakTally]]:
    """The last ``weeks`` calendar weeks (Monday first, oldest first, this week last)."""
    first = week_start(today) - timedelta(weeks=weeks - 1)
    totals = {first + timedelta(weeks=i): BreakTally() for i in range(weeks)}
    for day, tally in days.items():
        if first <= day <= today:
            monday = week_start(day)
            totals[monday] = totals[monday] + tally
    return list(totals.items())


def total(days: Mapping[date, BreakTally], start: date, end: date) -> BreakTally:
    """Everything due and taken from ``start`` to ``end``, both included."""
    result = BreakTally()
    for day, tally in days.items():
        if start <= day <= end:
            result = result + tally
    return result
