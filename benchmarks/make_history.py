"""Write a realistic synthetic coach log, through the store's own API, for benchmarks and demos.

    python benchmarks/make_history.py --years 10 --db /tmp/coach-10y.db

Years of a desk worker who lifts: morning mobility most days (sometimes quit early, sometimes
after midnight), warm-ups before lifting three times a week or so, a cool-down now and then,
desk-break routines on work days, sick spells, an injury, trips abroad across time zones (marked
as travel) and Berlin's DST changes. Everything is written in one transaction, so ten years take
seconds. The same seed gives the same log.
"""

from __future__ import annotations

import argparse
import random
import sys
import time as timer
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from coach.core.player import build_timeline  # noqa: E402
from coach.core.routine import Routine  # noqa: E402
from coach.core.vocabulary import SessionStatus  # noqa: E402
from coach.services.routines import load_all  # noqa: E402
from coach.store import Store  # noqa: E402
from coach.system.paths import builtin_routines_dir  # noqa: E402

HOME = ZoneInfo("Europe/Berlin")
TRIPS = (ZoneInfo("Asia/Singapore"), ZoneInfo("America/Los_Angeles"), ZoneInfo("Asia/Tokyo"))
DAY_STARTS_AT = time(4, 0)
NOTES = ("left hip tight", "felt great", "short on time", "lower back stiff", "new pigeon depth")


class Writer:
    """Plays days into a store with a seeded random source."""

    def __init__(self, store: Store, routines: dict[str, Routine], seed: int) -> None:
        self.store = store
        self.routines = routines
        self.rng = random.Random(seed)
        self.sessions = 0
        self.steps = 0
        self.marks = 0
        self.breaks = 0
        self.lifts_this_week = 0

    def session(self, routine_id: str, start: datetime, *, quit_after: int | None = None) -> str:
        routine = self.routines[routine_id]
        session_id = self.store.start_session(
            routine_id=routine.id,
            routine_name=routine.name,
            tags=routine.tags,
            planned_seconds=routine.estimated_seconds(5),
            now=start,
        )
        self.sessions += 1
        at = start + timedelta(seconds=5)
        active = 0.0
        work = [segment for segment in build_timeline(routine) if segment.is_work]
        for position, segment in enumerate(work):
            if quit_after is not None and position >= quit_after:
                break
            skipped = self.rng.random() < 0.04
            seconds = 2.0 if skipped else float(segment.duration or self.rng.uniform(20, 50))
            ended = at + timedelta(seconds=seconds)
            self.store.record_step(
                session_id,
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
            self.steps += 1
            active += seconds
            at = ended + timedelta(seconds=10)
        status = SessionStatus.PARTIAL if quit_after is not None else SessionStatus.COMPLETED
        self.store.finish_session(session_id, status=status, now=at, active_seconds=active)
        if self.rng.random() < 0.03:
            self.store.set_note(session_id, self.rng.choice(NOTES))
        return session_id

    def day(self, day: date, zone: ZoneInfo, *, off: bool, breaks: Callable | None) -> None:
        rng = self.rng
        if off:
            return
        if rng.random() < 0.86:
            if rng.random() < 0.04:  # a night owl: after midnight, counts for the day before
                start = datetime.combine(day + timedelta(days=1), time(0, 40), tzinfo=zone)
            else:
                minute = rng.randint(6 * 60 + 15, 8 * 60 + 45)
                start = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=zone)
            quit_after = rng.randint(2, 6) if rng.random() < 0.06 else None
            self.session("morning-mobility", start, quit_after=quit_after)
        if day.weekday() == 0:
            self.lifts_this_week = 0
        lifting = day.weekday() in (0, 2, 4) and rng.random() < 0.85
        # A missed session is often made up at the weekend.
        behind = day.weekday() >= 5 and self.lifts_this_week < 3 and rng.random() < 0.5
        if lifting or behind:
            self.lifts_this_week += 1
            start = datetime.combine(day, time(18, rng.randint(0, 45)), tzinfo=zone)
            self.session("pre-lift-warmup", start)
            if rng.random() < 0.2:
                self.session("cool-down", start + timedelta(hours=1, minutes=20))
        work_day = day.weekday() < 5
        if work_day and rng.random() < 0.1:
            start = datetime.combine(
                day, time(rng.randint(10, 16), rng.randint(0, 59)), tzinfo=zone
            )
            self.session("desk-break", start)
        if work_day and breaks is not None:
            self.break_day(day, zone, breaks)

    def break_day(self, day: date, zone: ZoneInfo, write: Callable) -> None:
        """A work day's stand-up prompts, every 30 minutes from 09:30 to 18:00."""
        keen = self.rng.random() < 0.7
        for slot in range(17):
            due = datetime.combine(day, time(9, 30), tzinfo=zone) + timedelta(minutes=30 * slot)
            roll = self.rng.random()
            if roll < (0.55 if keen else 0.4):
                outcome = "done"
            elif roll < 0.68:
                outcome = "self"
            elif roll < 0.78:
                outcome = "natural"
            elif roll < 0.88:
                outcome = "skipped"
            elif roll < 0.95:
                outcome = "missed"
            else:
                outcome = "away"
            snoozes = self.rng.choice((0, 0, 0, 0, 1, 2))
            write(due, outcome, snoozes)
            self.breaks += 1


def find_break_writer(store: Store) -> Callable | None:
    """The store's own way to log break prompts and breaks, when this coach has one: a prompt
    shown, snoozed and answered (done, skipped, missed), or a break with no prompt behind it
    (self, natural, away)."""
    prompt = getattr(store, "add_break_prompt", None)
    snooze = getattr(store, "snooze_break", None)
    close = getattr(store, "close_break", None)
    log = getattr(store, "log_break", None)
    if None in (prompt, snooze, close, log):
        return None

    def write(due: datetime, outcome: str, snoozes: int) -> None:
        answered = due + timedelta(minutes=2 + 5 * snoozes)
        if outcome in ("self", "natural", "away"):
            log(outcome=outcome, at=answered, due_at=due, started=due, ended=answered)
            return
        break_id = prompt(due_at=due, prompted_at=due)
        for _ in range(snoozes):
            snooze(break_id)
        close(break_id, outcome=outcome, at=answered)

    return write


def make_history(path: Path, years: float, seed: int, end: date) -> Writer:
    store = Store.open(path, day_starts_at=DAY_STARTS_AT)
    try:
        if store.session_count():
            raise SystemExit(f"make_history: {path} already has sessions; pass a new --db path")
        routines = load_all(builtin_routines_dir()).routines
        writer = Writer(store, routines, seed)
        rng = writer.rng
        first = end - timedelta(days=round(years * 365.25))
        breaks = find_break_writer(store)
        with store.bulk_write():
            day = first
            trip_until: date | None = None
            zone = HOME
            off_until = first - timedelta(days=1)
            while day < end:
                made = datetime.combine(day, time(21, 0), tzinfo=zone)
                if trip_until is None and rng.random() < 1 / 120:
                    trip_until = day + timedelta(days=rng.randint(6, 14))
                    writer.store.mark_days(day, day, "travel", now=made)
                    writer.marks += 1
                    zone = rng.choice(TRIPS)
                elif trip_until is not None and day >= trip_until:
                    writer.store.mark_days(day, day, "travel", now=made)
                    writer.marks += 1
                    trip_until, zone = None, HOME
                if day > off_until:
                    roll = rng.random()
                    kind, length = None, 0
                    if roll < 1 / 120:
                        kind, length = "sick", rng.randint(2, 5)
                    elif roll < 1 / 120 + 1 / 900:
                        kind, length = "injury", rng.randint(7, 15)
                    elif roll < 1 / 120 + 1 / 900 + 1 / 40:
                        kind, length = "rest", 1
                    if kind:
                        off_until = day + timedelta(days=length - 1)
                        writer.marks += writer.store.mark_days(day, off_until, kind, now=made)
                off = day <= off_until and rng.random() < 0.9
                writer.day(day, zone, off=off, breaks=breaks)
                day += timedelta(days=1)
        return writer
    finally:
        store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=float, required=True, help="how many years of log")
    parser.add_argument("--db", type=Path, required=True, help="the log file to write (new)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--end",
        type=date.fromisoformat,
        default=None,
        help="the day after the last logged day, YYYY-MM-DD (default: today)",
    )
    args = parser.parse_args(argv)
    if not 0 < args.years <= 50:
        parser.error("--years must be more than 0 and at most 50")
    end = args.end or datetime.now().astimezone().date()
    began = timer.perf_counter()
    writer = make_history(args.db, args.years, args.seed, end)
    took = timer.perf_counter() - began
    print(
        f"{args.db}: {args.years:g} years to {end - timedelta(days=1)}: "
        f"{writer.sessions} sessions, "
        f"{writer.steps} steps, {writer.marks} marked days, {writer.breaks} breaks "
        f"in {took:.1f} s"
    )
    if writer.breaks == 0:
        print("(no breaks: this coach's store cannot log break prompts yet)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
