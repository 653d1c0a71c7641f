"""Logs written through the store's API, and today's morning mobility as each view tells it.

The three views are what the commands and the screen call: ``coach status`` builds
:func:`status_report`, ``coach history --format json`` prints :func:`history_json` of
:func:`load_history`, and home's habit line is :func:`morning_line` of :func:`load_today` (and
history's tiles say :func:`today_line` of the same summaries).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path

from coach.core.adherence import BreakTally
from coach.core.days import local_day
from coach.core.habit_day import HabitId
from coach.core.habits import HabitRules
from coach.core.vocabulary import SessionStatus, StepOutcome, Tag
from coach.services.config import Config, HabitSettings
from coach.services.history import load_history
from coach.services.status import status_report
from coach.services.today import load_today
from coach.store import Store
from coach.text.report import history_json
from coach.ui.screens.home import morning_line
from coach.ui.widgets.habit_tile import today_line


def write_session(
    store: Store,
    start: datetime,
    *,
    tags: tuple[str, ...] = (Tag.MORNING,),
    done: int = 3,
    skipped: int = 0,
    status: SessionStatus = SessionStatus.COMPLETED,
    deleted: bool = False,
) -> str:
    """A routine played at ``start``: ``done`` steps done then ``skipped`` skipped, a minute
    each, ended as ``status`` (or left running), then deleted if asked."""
    session_id = store.start_session(
        routine_id="morning-mobility",
        routine_name="Morning mobility",
        tags=tags,
        planned_seconds=600,
        now=start,
    )
    at = start
    for position in range(done + skipped):
        ended = at + timedelta(minutes=1)
        store.record_step(
            session_id,
            position=position,
            step_number=position + 1,
            exercise="Cat-cow",
            side=None,
            set_number=1,
            kind="hold",
            planned_seconds=60,
            reps=None,
            active_seconds=60 if position < done else 0,
            outcome=StepOutcome.DONE if position < done else StepOutcome.SKIPPED,
            started=at,
            ended=ended,
        )
        at = ended
    if status is not SessionStatus.RUNNING:
        store.finish_session(
            session_id, status=status, now=at, active_seconds=(at - start).total_seconds()
        )
    if deleted:
        store.delete_session(session_id, now=at)
    return session_id


def config_starting(day_starts_at: time) -> Config:
    return Config(habits=HabitSettings(day_starts_at=f"{day_starts_at:%H:%M}"))


@dataclass(frozen=True)
class Views:
    """Morning mobility today, as each view says it."""

    status_done: bool
    status_streak: int
    history_done: bool
    history_streak: int
    home_done: bool
    tile_done: bool

    def agree(self) -> bool:
        return (
            self.status_done == self.history_done == self.home_done == self.tile_done
            and self.status_streak == self.history_streak
        )


def views(path: Path, now: datetime, day_starts_at: time) -> Views:
    """Read the log at ``path`` as of ``now`` with the day starting at ``day_starts_at``."""
    report = status_report(path, config_starting(day_starts_at), now)
    rules = HabitRules(day_starts_at=day_starts_at)
    today = local_day(now, day_starts_at)
    store = Store.open(path, day_starts_at=day_starts_at, integrity=False)
    try:
        history = load_history(store, rules, today)
        home = morning_line(load_today(store, today, store.day_starts_at))
    finally:
        store.close()
    morning = next(h for h in history_json(history)["habits"] if h["id"] == HabitId.MORNING)
    habit = rules.habit(HabitId.MORNING)
    tile = today_line(habit, history.summaries[HabitId.MORNING], today, BreakTally())
    return Views(
        status_done=report["mobility_done"],
        status_streak=report["mobility_streak"],
        history_done=morning["today"] in ("done", "more"),
        history_streak=morning["current"]["length"],
        home_done=home.startswith("Morning mobility done at"),
        tile_done=tile == "done today ✓",
    )
