"""A routine run: the player's events become log rows as they happen, with honest wall times."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from coach.core.clock import FakeClock
from coach.core.days import to_utc_text
from coach.core.player import Event, Finished, State
from coach.core.routine import Routine, Step
from coach.services.recorder import RoutineRun
from coach.store import Store

# With a 3 s get-ready:
#   0-3 get-ready, 3-13 cat-cow (4 × 2.5 s), 13-16 get-ready, 16-21 twist left, 21-24 switch,
#   24-29 twist right, 29-32 get-ready, 32-40 child's pose.
THREE_STEPS = Routine(
    id="tiny",
    name="Tiny",
    tags=("morning",),
    steps=(
        Step("Cat-cow", reps=4, seconds_per_rep=2.5),
        Step("Twist", duration=5, sides=True),
        Step("Child's pose", duration=8),
    ),
)
TOTAL = 40.0


@pytest.fixture
def run(store: Store, clock: FakeClock) -> RoutineRun:
    return RoutineRun(THREE_STEPS, store, clock, get_ready_seconds=3)


def play(run: RoutineRun, clock: FakeClock, seconds: float, tick: float = 0.25) -> list[Event]:
    events: list[Event] = []
    for _ in range(round(seconds / tick)):
        clock.advance(tick)
        events += run.update()
    return events


def wall(start: datetime, seconds: float) -> str:
    return to_utc_text(start + timedelta(seconds=seconds))


def only_session(store: Store) -> dict[str, Any]:
    sessions = list(store.iter_sessions())
    assert len(sessions) == 1
    return sessions[0]


def step_rows(store: Store, session_id: str) -> list[tuple[Any, ...]]:
    keys = (
        "position", "step_number", "exercise", "side", "set_number", "kind",
        "planned_seconds", "reps", "active_seconds", "outcome", "started_at", "ended_at",
    )  # fmt: skip
    return [tuple(row[k] for k in keys) for row in store.steps(session_id)]


def test_a_full_run_with_a_stall_logs_every_step_at_its_real_time(
    run: RoutineRun, store: Store, clock: FakeClock, now: datetime
) -> None:
    run.start()
    assert only_session(store)["status"] == "running"  # written before anything else happens
    play(run, clock, 14)  # cat-cow done; in the second get-ready
    clock.advance(20)  # the event loop stalls: the twist passes unseen
    caught_up = run.update()
    assert run.player.index == 7  # two seconds into child's pose
    assert not any(isinstance(e, Finished) for e in caught_up)
    events = play(run, clock, 6)

    assert events[-1] == Finished(completed=True, at=1000 + TOTAL)
    session = only_session(store)
    assert {k: session[k] for k in ("routine_id", "routine_name", "tags", "status")} == {
        "routine_id": "tiny",
        "routine_name": "Tiny",
        "tags": "morning",
        "status": "completed",
    }
    assert (session["started_at"], session["ended_at"]) == (wall(now, 0), wall(now, TOTAL))
    assert (session["planned_seconds"], session["active_seconds"]) == (TOTAL, TOTAL)
    assert (session["steps_done"], session["steps_skipped"]) == (4, 0)
    assert step_rows(store, session["id"]) == [
        (1, 1, "Cat-cow", None, 1, "paced", 10.0, 4, 10.0, "done", wall(now, 3), wall(now, 13)),
        (3, 2, "Twist", "left", 1, "hold", 5.0, None, 5.0, "done", wall(now, 16), wall(now, 21)),
        (5, 2, "Twist", "right", 1, "hold", 5.0, None, 5.0, "done", wall(now, 24), wall(now, 29)),
        (7, 3, "Child's pose", None, 1, "hold", 8.0, None, 8.0, "done",
         wall(now, 32), wall(now, 40)),
    ]  # fmt: skip


def test_a_stall_to_past_the_end_logs_the_same_times(
    run: RoutineRun, store: Store, clock: FakeClock, now: datetime
) -> None:
    run.start()
    clock.advance(600)
    events = run.update()
    assert events[-1] == Finished(completed=True, at=1000 + TOTAL)
    session = only_session(store)
    assert (session["status"], session["ended_at"]) == ("completed", wall(now, TOTAL))
    assert [(r[10], r[11]) for r in step_rows(store, session["id"])] == [
        (wall(now, 3), wall(now, 13)),
        (wall(now, 16), wall(now, 21)),
        (wall(now, 24), wall(now, 29)),
        (wall(now, 32), wall(now, 40)),
    ]


def test_quitting_early_leaves_a_partial_session(
    run: RoutineRun, store: Store, clock: FakeClock, now: datetime
) -> None:
    run.start()
    play(run, clock, 18)  # two seconds into the left twist

    events = run.quit()

    assert events == [Finished(completed=False, at=1018.0)]
    session = only_session(store)
    assert (session["status"], session["ended_at"]) == ("partial", wall(now, 18))
    assert (session["steps_done"], session["steps_skipped"]) == (1, 0)
    assert session["active_seconds"] == 18  # get-ready, cat-cow, get-ready, 2 s of the twist
    assert [r[2] for r in step_rows(store, session["id"])] == ["Cat-cow"]


def test_a_skipped_hold_is_a_skipped_row(
    run: RoutineRun, store: Store, clock: FakeClock, now: datetime
) -> None:
    run.start()
    play(run, clock, 18)
    run.skip()
    session = only_session(store)
    assert (session["steps_done"], session["steps_skipped"]) == (1, 1)
    twist = step_rows(store, session["id"])[1]
    assert twist[2:4] == ("Twist", "left")
    assert twist[8:] == (2.0, "skipped", wall(now, 16), wall(now, 18))


def test_a_pause_counts_on_the_wall_but_not_in_active_time(
    run: RoutineRun, store: Store, clock: FakeClock, now: datetime
) -> None:
    run.start()
    play(run, clock, 5)
    run.toggle_pause()
    clock.advance(60)
    run.toggle_pause()
    play(run, clock, 8)
    cat_cow = step_rows(store, only_session(store)["id"])[0]
    assert cat_cow[8:] == (10.0, "done", wall(now, 3), wall(now, 73))


def test_a_hold_through_a_suspend_keeps_its_real_start(
    run: RoutineRun, store: Store, clock: FakeClock, now: datetime
) -> None:
    run.start()
    play(run, clock, 18)  # the left twist began at +16
    clock.suspend(3600)  # the lid closes: the monotonic clock stops, the wall does not
    play(run, clock, 3)
    twist = step_rows(store, only_session(store)["id"])[1]
    assert twist[8:] == (5.0, "done", wall(now, 16), wall(now, 3600 + 21))


def test_an_open_step_is_logged_when_done(store: Store, clock: FakeClock, now: datetime) -> None:
    routine = Routine(id="open", name="Open", steps=(Step("Pallof press", reps=8, sides=True),))
    run = RoutineRun(routine, store, clock, get_ready_seconds=0)
    run.start()
    clock.advance(40)
    run.update()
    run.done()
    clock.advance(35)
    events = run.done()
    assert run.player.state is State.FINISHED
    assert isinstance(events[-1], Finished)
    session = only_session(store)
    assert session["status"] == "completed"
    assert step_rows(store, session["id"]) == [
        (0, 1, "Pallof press", "left", 1, "open", None, 8, 40.0, "done",
         wall(now, 0), wall(now, 40)),
        (1, 1, "Pallof press", "right", 1, "open", None, 8, 35.0, "done",
         wall(now, 40), wall(now, 75)),
    ]  # fmt: skip


def test_quit_before_start_writes_nothing(run: RoutineRun, store: Store) -> None:
    assert [type(e) for e in run.quit()] == [Finished]
    assert list(store.iter_sessions()) == []


def test_starting_twice_opens_one_session(run: RoutineRun, store: Store) -> None:
    run.start()
    assert run.start() == []
    assert len(list(store.iter_sessions())) == 1
