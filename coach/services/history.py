"""History as the app and ``coach history`` see it: the log read once, through the habits.

The seam between the store and the domain core: three queries (sessions, marked days, breaks
summed per day), then pure functions. Nothing here formats for a screen.
"""

from __future__ import annotations

from datetime import date, timedelta

from coach.core.adherence import tallies_from_days
from coach.core.days import parse_hhmm
from coach.core.habits import HabitHistory, HabitRules, habit_history
from coach.core.pain import TREND_DAYS, PainTrend, pain_trend
from coach.services.config import Config
from coach.store import Store


def habit_rules(config: Config) -> HabitRules:
    """The ``[habits]`` settings as the core wants them."""
    habits = config.habits
    return HabitRules(
        day_starts_at=parse_hhmm(habits.day_starts_at),
        break_target_share=habits.break_target_share,
        prelift_per_week=habits.prelift_per_week,
    )


def load_history(store: Store, rules: HabitRules, today: date) -> HabitHistory:
    """Every habit's streaks, strength and rates as of ``today``: one query per table."""
    return habit_history(
        store.habit_sessions(),
        store.day_marks(),
        tallies_from_days(store.break_days()),
        rules,
        today,
    )


def load_pain(store: Store, today: date) -> PainTrend:
    """The last 30 days of back pain, and how many sessions the check-ins adapted or stopped."""
    since = today - timedelta(days=TREND_DAYS - 1)
    return pain_trend(store.checkins(since), today=today, days=TREND_DAYS)
