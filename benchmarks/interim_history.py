"""A 10-year log for the start-up benchmark, written through the store API.

Interim: issue 4 brings ``benchmarks/make_history.py``; once it exists ``run.py`` uses that and
this file goes. Deterministic (fixed seed): mornings on most days, desk breaks on workdays,
warm-ups three times a week, with some skipped steps and partial sessions.
"""

from __future__ import annotations

import argparse
import random
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from coach.core.player import build_timeline
from coach.core.routine import load_all
from coach.paths import builtin_routines_dir
from coach.store import SessionStatus, Store

ZONE = ZoneInfo("Europe/Berlin")


def write_history(path: Path, *, years: int, end: date, seed: int = 7) -> int:
    """Fill a fresh log at ``path`` with ``years`` of sessions ending ``end``; returns sessions."""
    rng = random.Random(seed)
    routines = load_all(builtin_routines_dir())
    store = Store.open(path)
    count = 0
    day = end - timedelta(days=365 * years)
    with store.db.atomic():
        while day <= end:
            plan: list[tuple[str, time]] = []
            if rng.random() < 0.8:
                plan.append(("morning-mobility", time(7, rng.randrange(60))))
            if day.weekday() < 5:
                for hour in rng.sample(range(9, 18), rng.randrange(7)):
                    plan.append(("desk-break", time(hour, rng.randrange(60))))
            if day.weekday() in (0, 2, 4) and rng.random() < 0.7:
                plan.append(("pre-lift-warmup", time(18, rng.randrange(30))))
            for routine_id, at in plan:
                _play(store, routines.get(routine_id), datetime.combine(day, at, ZONE), rng)
                count += 1
            day += timedelta(days=1)
    store.close()
    return count


def _play(store: Store, routine, started: datetime, rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    timeline = build_timeline(routine, get_ready_seconds=5)
    session = store.start_session(
        routine_id=routine.id,
        routine_name=routine.name,
        tags=routine.tags,
        planned_seconds=routine.estimated_seconds(5),
        now=started,
    )
    quit_at = len(timeline) if rng.random() < 0.9 else rng.randrange(len(timeline))
    at = started
    active = 0.0
    for position, segment in enumerate(timeline[:quit_at]):
        seconds = segment.estimated_seconds
        skipped = segment.is_work and rng.random() < 0.05
        if skipped:
            seconds = rng.uniform(0, seconds)
        ended = at + timedelta(seconds=seconds)
        if segment.is_work:
            store.record_step(
                session,
                position=position,
                step_number=segment.step_index + 1,
                exercise=segment.step.name,
                side=segment.side,
                set_number=segment.set_number,
                kind=segment.step.kind.value,
                planned_seconds=segment.duration,
                reps=segment.step.reps,
                active_seconds=seconds,
                outcome="skipped" if skipped else "done",
                started=at,
                ended=ended,
            )
        active += seconds
        at = ended
    status = SessionStatus.COMPLETED if quit_at == len(timeline) else SessionStatus.PARTIAL
    store.finish_session(session, status=status, now=at, active_seconds=active)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--years", type=int, default=10)
    options = parser.parse_args()
    print(write_history(options.path, years=options.years, end=date.today()), "sessions")
