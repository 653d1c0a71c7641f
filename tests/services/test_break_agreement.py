"""One prompt state: the app, a second window and ``coach break …`` in a shell agree on it.

The log's row owns a prompt (due, shown, snoozed n times, answered). Random interleavings of
the app's keys, shell answers, a second coach window and time passing must leave: at most one
prompt open, never more snoozes than the limit on any row, the app's view of the prompt the same
as the row's after its next tick, and, once the day is over, every row closed with its times in
order.
"""

from __future__ import annotations

import contextlib
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from coach.core.clock import FakeClock
from coach.core.vocabulary import BreakOutcome
from coach.core.work_hours import BreakPolicy
from coach.services.break_keeper import BreakKeeper, NothingToAnswer, answer_from_shell
from coach.store import Store
from coach.system.lock import BreakLock, lock_path_for

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = date(2026, 3, 2)
MAX_SNOOZES = 2
POLICY = BreakPolicy(max_snoozes=MAX_SNOOZES, snooze=5 * 60.0, interval=30 * 60.0)

ACTIONS = st.sampled_from(
    [
        "app done",
        "app snooze",
        "app skip",
        "app stood up",
        "shell done",
        "shell snooze",
        "shell skip",
        "second stood up",
        "second plays",
        "second finishes",
        "second quits",
        "tick",
        "wait 1 min",
        "wait 5 min",
        "wait 30 min",
    ]
)


def check_rows(store: Store) -> None:
    rows = store.breaks_on(MONDAY)
    assert sum(1 for row in rows if row["outcome"] is None) <= 1, "two prompts open"
    for row in rows:
        assert (row["snoozes"] or 0) <= MAX_SNOOZES, f"snoozes over the limit: {dict(row)}"


def check_agreement(app: BreakKeeper, store: Store) -> None:
    """Right after a tick, the app's prompt is the log's."""
    pending = store.pending_break()
    prompt = app.scheduler.prompt
    if pending is None:
        assert prompt is None, "the app shows a prompt the log closed"
    else:
        assert prompt is not None, "the log has a prompt the app dropped"
        assert prompt.snoozes == (pending["snoozes"] or 0), "snooze counts split"


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(ACTIONS, min_size=1, max_size=40))
# found by hand: a shell snooze while the app's own snooze runs, then the app's third z
@example(["wait 30 min", "app snooze", "shell snooze", "wait 5 min", "app snooze"])
# a prompt held by a routine in the second window, which is quit: the prompt comes back
@example(["wait 30 min", "second plays", "wait 5 min", "second quits", "app snooze"])
def test_app_shell_and_second_window_agree_on_one_prompt(tmp_path: Path, actions: list[str]):
    db = tmp_path / f"coach-{abs(hash(tuple(actions)))}.db"
    db.unlink(missing_ok=True)
    clock = FakeClock(datetime.combine(MONDAY, time(9, 0), tzinfo=BERLIN))
    store, shell, other = Store.open(db), Store.open(db), Store.open(db)
    lock = lock_path_for(db)
    app = BreakKeeper(POLICY, store, clock, BreakLock(lock))
    second = BreakKeeper(POLICY, other, clock, BreakLock(lock))
    try:
        app.start()
        second.start()
        assert app.holder and not second.holder
        playing = False
        for action in actions:
            who, _, what = action.partition(" ")
            if who == "app":
                if what == "stood up":
                    app.stood_up()
                elif what == "snooze":
                    app.snooze()
                elif app.scheduler.pending:
                    app.answer(BreakOutcome.DONE if what == "done" else BreakOutcome.SKIPPED)
            elif who == "shell":
                with contextlib.suppress(NothingToAnswer):
                    answer_from_shell(shell, what, clock.now(), max_snoozes=MAX_SNOOZES)
            elif who == "second" and what == "stood up":
                second.stood_up()
            elif who == "second" and what == "plays" and not playing:
                second.routine_started()
                playing = True
            elif who == "second" and what in ("finishes", "quits") and playing:
                second.routine_ended(counts=what == "finishes")
                playing = False
            elif who == "wait":
                minutes = int(what.split()[0])
                for _ in range(minutes):
                    clock.advance(60)
                    app.tick()
                    second.tick()
            check_rows(store)
            app.tick()
            second.tick()
            check_agreement(app, store)
        # the day ends: whatever is open is answered, and every row is closed in order
        if app.scheduler.pending:
            app.answer(BreakOutcome.DONE)
        rows = store.breaks_on(MONDAY)
        assert all(row["outcome"] is not None for row in rows)
        for row in rows:
            if row["prompted_at"] and row["answered_at"]:
                assert row["prompted_at"] <= row["answered_at"], dict(row)
    finally:
        app.close()
        second.close()
        for opened in (store, shell, other):
            opened.close()
