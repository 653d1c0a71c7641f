"""A small fixed log for history tests and snapshots, written through the store's own API.

Today is the test clock's Wednesday 25 November 2026 (07:30 in Berlin). Over the 120 days before:
morning mobility at 07:00 every day except the misses below, a partial one 20 days ago, two sick
days 10 and 11 days ago (nothing logged), and today's at 07:00; pre-lift warm-ups at 18:00 on
Mondays, Wednesdays and Fridays, except the week of 26 October (only Monday).

By hand: morning mobility's current streak is days 0–19 ago less the two sick days, 18 days
(6–25 November); its best is the 20 days 101–120 ago (28 July – 16 August). Pre-lift's first
week (from Tue 28 July) had two and doesn't count; the twelve weeks from 3 August to 25 October
are its best; the week of 26 October missed; the three weeks since 2 November are its current
streak, and this week has Monday's one of three so far.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from coach.core.vocabulary import SessionStatus
from coach.store import Store

MISSED = {40, 41, 60, 75, 90, 100}
PARTIAL = {20}
SICK = {10, 11}
DAYS = 120
THIN_WEEK = datetime(2026, 10, 26).date()


def session(
    store: Store,
    routine_id: str,
    name: str,
    tags: tuple[str, ...],
    start: datetime,
    *,
    steps: int = 3,
    partial: bool = False,
) -> str:
    session_id = store.start_session(
        routine_id=routine_id, routine_name=name, tags=tags, planned_seconds=600, now=start
    )
    at = start
    for position in range(1 if partial else steps):
        ended = at + timedelta(seconds=60)
        store.record_step(
            session_id,
            position=position,
            step_number=position + 1,
            exercise=("Cat-cow", "Pigeon stretch", "Seated twist")[position % 3],
            side=None if position % 3 == 0 else "left",
            set_number=1,
            kind="hold",
            planned_seconds=60,
            reps=None,
            active_seconds=60,
            outcome="done",
            started=at,
            ended=ended,
        )
        at = ended
    store.finish_session(
        session_id,
        status=SessionStatus.PARTIAL if partial else SessionStatus.COMPLETED,
        now=at,
        active_seconds=(at - start).total_seconds(),
    )
    return session_id


def write_demo_log(store: Store, now: datetime) -> None:
    today = now.date()
    zone = now.tzinfo
    with store.bulk_write():
        for days_ago in range(DAYS, -1, -1):
            day = today - timedelta(days=days_ago)
            if days_ago not in MISSED | SICK:
                session(
                    store,
                    "morning-mobility",
                    "Morning mobility",
                    ("morning", "gentle"),
                    datetime.combine(day, time(7, 0), tzinfo=zone),
                    partial=days_ago in PARTIAL,
                )
            lift_day = day.weekday() in (0, 2, 4)
            thin = day - timedelta(days=day.weekday()) == THIN_WEEK and day.weekday() != 0
            if lift_day and not thin and days_ago > 0:
                session(
                    store,
                    "pre-lift-warmup",
                    "Pre-lift warm-up",
                    ("pre-lift",),
                    datetime.combine(day, time(18, 0), tzinfo=zone),
                    steps=4,
                )
        store.mark_days(
            today - timedelta(days=max(SICK)), today - timedelta(days=min(SICK)), "sick", now=now
        )
