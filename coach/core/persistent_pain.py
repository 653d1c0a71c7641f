"""Pain that persists: the first red flag, which one check-in can't see but the log can.

Most back pain after training settles within days to a couple of weeks; pain that stays high for
about two weeks, or does not come down over three weeks that included rest days, is a reason to
see a doctor or physiotherapist. This is coach's rule for noticing it, over each day's highest
score (see :mod:`coach.core.pain`) and the days marked rest. It returns a reason to say calmly,
never a diagnosis, and nothing here stops a routine.

A day "with a check-in" is a day with at least one pain score; days without one count neither
for nor against (no made-up zero).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from coach.core.vocabulary import RestKind

HIGH_WINDOW_DAYS = 14
"""The "about two weeks" of high pain: the last 14 days, today included."""
HIGH_MOST_DAYS = HIGH_WINDOW_DAYS // 2 + 1
"""Most of those days, i.e. more than half: 8 of 14 days scored at or above the threshold.
Exactly half (7) is not most."""

TREND_WINDOW_DAYS = 21
"""The three weeks whose trend is read: the last 21 days, today included."""
TREND_EDGE_DAYS = 7
"""The trend compares the first 7 days of the 21 with the last 7 (the middle week is left out)."""
TREND_MIN_SCORED = 3
"""Each of those two weeks needs at least 3 days with a check-in, so one stray score is no
trend."""
TREND_MIN_PAIN = 2.0
"""The last week's mean must be at least 2 of 10: a flat 0 or 1 is no pain that fails to
improve."""
TREND_MIN_REST_DAYS = 2
"""At least 2 days marked rest among the 21: pain that rest did not bring down."""
RESTING_KINDS: frozenset[str] = frozenset({RestKind.REST})
"""The day marks that count as a rest day."""


def high_pain_days(scores: Mapping[date, int], *, today: date, threshold: int) -> int:
    """How many of the last :data:`HIGH_WINDOW_DAYS` days scored at or above ``threshold``."""
    since = today - timedelta(days=HIGH_WINDOW_DAYS - 1)
    return sum(1 for day, pain in scores.items() if since <= day <= today and pain >= threshold)


def rest_days_in(rest_days: Iterable[date], *, today: date) -> int:
    """How many distinct rest days fall in the last :data:`TREND_WINDOW_DAYS` days."""
    since = today - timedelta(days=TREND_WINDOW_DAYS - 1)
    return len({day for day in rest_days if since <= day <= today})


def trend_means(scores: Mapping[date, int], *, today: date) -> tuple[float, float] | None:
    """The mean of the first and of the last :data:`TREND_EDGE_DAYS` days of the window, or
    ``None`` when either has fewer than :data:`TREND_MIN_SCORED` days with a check-in."""
    first_start = today - timedelta(days=TREND_WINDOW_DAYS - 1)
    first_end = first_start + timedelta(days=TREND_EDGE_DAYS - 1)
    last_start = today - timedelta(days=TREND_EDGE_DAYS - 1)
    first = [pain for day, pain in scores.items() if first_start <= day <= first_end]
    last = [pain for day, pain in scores.items() if last_start <= day <= today]
    if len(first) < TREND_MIN_SCORED or len(last) < TREND_MIN_SCORED:
        return None
    return _mean(first), _mean(last)


def _mean(values: Sequence[int]) -> float:
    """``statistics.fmean`` without importing ``statistics`` (and fractions, decimal, random)
    on the way to home's first frame: the same exact sum over the same count."""
    return math.fsum(values) / len(values)


def persistent_pain(
    scores: Mapping[date, int], rest_days: Iterable[date], *, today: date, threshold: int
) -> str | None:
    """Why the log calls for seeing a doctor or physiotherapist, or ``None`` when it doesn't.

    ``scores`` maps a day to its highest pain score; ``rest_days`` are the days marked rest.
    High pain on most of the last 14 days comes first; otherwise no downward trend (the last
    week's mean at least the first week's, and at least :data:`TREND_MIN_PAIN`) over 21 days
    that included at least :data:`TREND_MIN_REST_DAYS` rest days.
    """
    high = high_pain_days(scores, today=today, threshold=threshold)
    if high >= HIGH_MOST_DAYS:
        return f"pain at or above {threshold} on {high} of the last {HIGH_WINDOW_DAYS} days"
    rested = rest_days_in(rest_days, today=today)
    means = trend_means(scores, today=today)
    if rested >= TREND_MIN_REST_DAYS and means is not None:
        first, last = means
        if last >= first and last >= TREND_MIN_PAIN:
            weeks = TREND_WINDOW_DAYS // 7
            return f"no improvement over {weeks} weeks that included {rested} rest days"
    return None


def resting_days(marks: Iterable[Mapping[str, Any]]) -> list[date]:
    """The rest days among ``day_marks`` rows (``local_date``, ``kind``)."""
    return [date.fromisoformat(m["local_date"]) for m in marks if m["kind"] in RESTING_KINDS]
