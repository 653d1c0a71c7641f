"""Which year of the log a history view shows: pages of 52 weeks, back from this week.

Page 0 ends with this week; page 1 is the 52 weeks before it, and so on, as far back as the
page that holds the log's first day. Pure date arithmetic on explicit dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

YEAR_WEEKS = 52


@dataclass(frozen=True)
class Period:
    first: date
    """A Monday."""
    last: date
    """The Sunday that ends the period (after today on page 0)."""
    back: int
    """Pages back from this week's."""

    def end(self, today: date) -> date:
        """The last day with anything to show: today on page 0, else the last Sunday."""
        return min(self.last, today)


def period(today: date, back: int = 0, weeks: int = YEAR_WEEKS) -> Period:
    this_monday = today - timedelta(days=today.weekday())
    last_monday = this_monday - timedelta(weeks=weeks * back)
    first = last_monday - timedelta(weeks=weeks - 1)
    return Period(first, last_monday + timedelta(days=6), back)


def furthest_back(today: date, first_day: date | None, weeks: int = YEAR_WEEKS) -> int:
    """The page holding ``first_day`` (the log's first): 0 with an empty log or a first day
    in this page or later."""
    if first_day is None:
        return 0
    this_sunday = period(today, 0, weeks).last
    return max(0, (this_sunday - first_day).days // (7 * weeks))


def clamp_back(back: int, today: date, first_day: date | None, weeks: int = YEAR_WEEKS) -> int:
    """``back`` kept between this week's page and the first day's."""
    return max(0, min(back, furthest_back(today, first_day, weeks)))
