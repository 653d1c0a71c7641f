"""History as the app and ``coach history`` see it: the log read once, through the habits.

The seam between the store and the domain core: three queries (sessions, marked days, breaks
summed per day), then pure functions. Nothing here formats for a screen.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from coach.core.adherence import tallies_from_days
from coach.core.days import parse_hhmm
from coach.core.habits import HabitHistory, HabitRules, day_marks, habit_history_of_days
from coach.core.pain import TREND_DAYS, PainTrend, pain_trend
from coach.core.totals import Totals, totals
from coach.services.config import Config, SafetySettings
from coach.services.pain_notice import notice_state, persistent_pain_now
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
    return habit_history_of_days(
        store.habit_days(rules.day_starts_at),
        store.day_marks(),
        tallies_from_days(store.break_days()),
        rules,
        today,
    )


def load_pain(
    store: Store, today: date, *, pain_threshold: int = SafetySettings().pain_threshold
) -> PainTrend:
    """The last 30 days of back pain, how many sessions the check-ins adapted or stopped, and
    whether the persistent-pain rule holds (read only: showing the notice is not logged)."""
    since = today - timedelta(days=TREND_DAYS - 1)
    trend = pain_trend(store.checkins(since), today=today, days=TREND_DAYS)
    state = notice_state(store)
    return replace(
        trend,
        persistent=persistent_pain_now(store, today, pain_threshold),
        notice_shown_on=None if state is None else state.shown_on,
    )


def load_totals(store: Store, rules: HabitRules, today: date) -> Totals:
    """Minutes per month, counted sessions per routine and weekdays skipped, as of ``today``."""
    return totals(store.total_sessions(), day_marks(store.day_marks()), rules.day_starts_at, today)
