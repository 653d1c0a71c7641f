"""The keeper: each prompt and answer is a row when it happens, other shells answer through the
log, and only one window prompts."""

from __future__ import annotations

import json
import os

import pytest

from coach.core.breaks import BackAtDesk, PromptClosed, Prompted, Snoozed
from coach.core.clock import FakeClock
from coach.core.vocabulary import BreakOutcome, BreakPhase, StateKey
from coach.core.work_hours import BreakPolicy
from coach.services.break_keeper import (
    BreakKeeper,
    NothingToAnswer,
    Tally,
    answer_from_shell,
)
from coach.store import Store, read_status
from coach.system.lock import BreakLock, lock_path_for
from tests.services.keeper.monday import MONDAY, POLICY, at


def keeper_for(store: Store, clock: FakeClock, policy: BreakPolicy = POLICY) -> BreakKeeper:
    return BreakKeeper(policy, store, clock, BreakLock(lock_path_for(store.path)))


@pytest.fixture
def keeper(store: Store, clock: FakeClock):
    made = keeper_for(store, clock)
    made.start()
    yield made
    made.close()


def run(keeper: BreakKeeper, clock: FakeClock, seconds: float, idle=None) -> list:
    events = []
    for _ in range(int(seconds)):
        clock.advance(1)
        events += keeper.tick(idle() if idle else None)
    return events


def test_a_prompt_is_a_row_the_moment_it_is_shown(keeper, store, clock):
    (shown,) = run(keeper, clock, 30 * 60)
    assert isinstance(shown, Prompted)
    row = store.pending_break()
    assert row is not None and row["id"] == keeper.pending_id
    assert row["due_at"] == "2026-03-02T08:30:00.000Z"
    assert row["prompted_at"] == "2026-03-02T08:30:00.000Z"
    assert row["outcome"] is None and row["snoozes"] == 0
    assert (row["local_date"], row["utc_offset_min"]) == ("2026-03-02", 60)


def test_snoozes_and_the_answer_update_the_same_row(keeper, store, clock):
    run(keeper, clock, 30 * 60)
    row_id = keeper.pending_id
    keeper.snooze()
    assert store.break_row(row_id)["snoozes"] == 1
    run(keeper, clock, 5 * 60)
    assert keeper.scheduler.phase is BreakPhase.PROMPTING
    clock.advance(20)
    (closed,) = keeper.answer(BreakOutcome.DONE)
    assert isinstance(closed, PromptClosed)
    row = store.break_row(row_id)
    assert (row["outcome"], row["snoozes"], row["answered_at"]) == (
        "done",
        1,
        "2026-03-02T08:35:20.000Z",
    )
    assert len(store.breaks_on(MONDAY)) == 1


def test_a_missed_prompt_is_closed_on_its_row(keeper, store, clock):
    run(keeper, clock, 30 * 60)
    row_id = keeper.pending_id
    run(keeper, clock, 10 * 60)
    row = store.break_row(row_id)
    assert row["outcome"] == "missed" and row["answered_at"] == "2026-03-02T08:40:00.000Z"
    assert keeper.tally() == Tally(missed=1, expected=17)


def test_a_natural_break_is_a_row_that_ends_when_a_key_is_pressed(keeper, store, clock):
    last_key = [clock.monotonic()]

    def idle() -> float:
        return clock.monotonic() - last_key[0]

    run(keeper, clock, 5 * 60, idle=idle)
    (row,) = store.breaks_on(MONDAY)
    assert row["outcome"] == "natural"
    assert row["started_at"] == "2026-03-02T08:00:00.000Z"
    assert row["ended_at"] is None
    last_key[0] = clock.monotonic()
    (back,) = run(keeper, clock, 1, idle=idle)
    assert isinstance(back, BackAtDesk)
    assert store.break_row(row["id"])["ended_at"] == "2026-03-02T08:05:00.000Z"
    assert keeper.tally().taken == 1


def test_a_suspend_is_one_away_row_and_no_prompt(keeper, store, clock):
    run(keeper, clock, 20 * 60)
    clock.suspend(3 * 3600)
    events = run(keeper, clock, 5)
    assert not any(isinstance(e, Prompted) for e in events)
    (row,) = store.breaks_on(MONDAY)
    assert row["outcome"] == "away"
    assert (row["started_at"], row["ended_at"]) == (
        "2026-03-02T08:20:00.000Z",
        "2026-03-02T11:20:01.000Z",  # noticed on the first tick after waking
    )
    assert keeper.tally() == Tally(away=1, expected=17)


# -- answers from another shell ---------------------------------------------------------------


def test_done_from_another_shell_closes_the_prompt_within_a_tick(keeper, store, shell, clock):
    run(keeper, clock, 30 * 60)
    row_id = keeper.pending_id
    clock.advance(30)
    assert answer_from_shell(shell, "done", clock.now(), max_snoozes=2) == "Break done. Logged."
    (closed,) = keeper.tick()
    assert isinstance(closed, PromptClosed) and closed.outcome.value == "done"
    assert keeper.scheduler.phase is BreakPhase.SITTING
    assert keeper.scheduler.status().next_due == at("10:00").replace(second=30)
    row = store.break_row(row_id)
    assert row["outcome"] == "done" and row["answered_at"] == "2026-03-02T08:30:30.000Z"
    assert len(store.breaks_on(MONDAY)) == 1


def test_skip_from_another_shell(keeper, store, shell, clock):
    run(keeper, clock, 30 * 60)
    answer_from_shell(shell, "skip", clock.now(), max_snoozes=2)
    (closed,) = keeper.tick()
    assert closed.outcome.value == "skipped"
    assert keeper.tally() == Tally(skipped=1, expected=17)


def test_snooze_from_another_shell_puts_the_prompt_off(keeper, store, shell, clock):
    run(keeper, clock, 30 * 60)
    assert answer_from_shell(shell, "snooze", clock.now(), max_snoozes=2) == "Snoozed (1 of 2)."
    (snoozed,) = keeper.tick()
    assert isinstance(snoozed, Snoozed)
    assert store.pending_break()["snoozes"] == 1  # counted once, by the shell
    events = run(keeper, clock, 5 * 60)
    assert [type(e) for e in events] == [Prompted]
    answer_from_shell(shell, "snooze", clock.now(), max_snoozes=2)
    keeper.tick()
    run(keeper, clock, 5 * 60)
    with pytest.raises(NothingToAnswer, match=r"no snoozes left \(2 of 2\)"):
        answer_from_shell(shell, "snooze", clock.now(), max_snoozes=2)


def test_done_with_nothing_pending_is_a_self_break_the_app_hears_about(keeper, store, shell, clock):
    run(keeper, clock, 10 * 60)
    assert answer_from_shell(shell, "done", clock.now(), max_snoozes=2).startswith("Logged a break")
    events = keeper.tick()
    assert [e.outcome.value for e in events] == ["self"]
    assert keeper.scheduler.status().next_due == at("09:40")  # from when it was logged
    assert [r["outcome"] for r in store.breaks_on(MONDAY)] == ["self"]


def test_skip_or_snooze_with_nothing_pending_is_refused(shell, clock):
    with pytest.raises(NothingToAnswer, match="no break prompt is waiting"):
        answer_from_shell(shell, "skip", clock.now(), max_snoozes=2)
    with pytest.raises(NothingToAnswer, match="no break prompt is waiting"):
        answer_from_shell(shell, "snooze", clock.now(), max_snoozes=2)


def test_an_answer_given_twice_counts_once(keeper, store, shell, clock):
    run(keeper, clock, 30 * 60)
    answer_from_shell(shell, "skip", clock.now(), max_snoozes=2)
    keeper.tick()
    assert answer_from_shell(shell, "done", clock.now(), max_snoozes=2).startswith("Logged a")
    keeper.tick()
    assert sorted(r["outcome"] for r in store.breaks_on(MONDAY)) == ["self", "skipped"]


# -- one window prompts ------------------------------------------------------------------------


def test_only_the_lock_holder_prompts_and_another_window_takes_over(store, clock):
    first = keeper_for(store, clock)
    second = keeper_for(store, clock)
    first.start()
    second.start()
    assert first.holder and not second.holder
    assert second.other_holder() is not None
    run(first, clock, 10 * 60)
    assert run(second, clock, 1) == []
    first.close()
    run(second, clock, 5)
    assert second.holder
    assert second.scheduler.status().next_due == at("09:30")  # the schedule carried over
    second.close()


def test_a_start_that_defers_its_announcement_writes_it_on_announce(store, clock):
    """The app starts the keeper before its first frame and announces it after: in between,
    nothing is written; the announcement is the row a start would have written."""
    keeper = keeper_for(store, clock)
    keeper.start(announce=False)
    assert keeper.holder
    assert store.get_state(StateKey.BREAKS) is None
    keeper.announce()
    state = json.loads(store.get_state(StateKey.BREAKS))
    assert state["pid"] == os.getpid()
    assert (state["phase"], state["next_due"]) == ("sitting", "2026-03-02T08:30:00.000Z")
    keeper.close()


def test_announce_writes_nothing_for_a_coach_that_does_not_prompt(store, clock):
    first = keeper_for(store, clock)
    first.start()
    written = store.get_state(StateKey.BREAKS)
    second = keeper_for(store, clock)
    second.start(announce=False)
    assert not second.holder
    second.announce()
    assert store.get_state(StateKey.BREAKS) == written  # still the first one's row
    first.close()
    second.close()


def test_status_is_kept_for_coach_status(keeper, store, db, clock):
    run(keeper, clock, 60)
    found = read_status(db, MONDAY, state_key=StateKey.BREAKS)
    state = json.loads(found["state"])
    assert state["phase"] == "sitting"
    assert state["next_due"] == "2026-03-02T08:30:00.000Z"
    assert state["pid"] > 0
    keeper.close()
    state = json.loads(store.get_state(StateKey.BREAKS))
    assert state["pid"] is None


def test_a_break_due_while_coach_was_closed_is_one_away_row(store, clock):
    first = keeper_for(store, clock)
    first.start()
    run(first, clock, 10 * 60)
    first.close()
    clock.advance(2 * 3600)  # closed from 09:10 to 11:10
    second = keeper_for(store, clock)
    events = second.start()
    assert [e.outcome.value for e in events] == ["away"]
    (row,) = store.breaks_on(MONDAY)
    assert (row["outcome"], row["started_at"]) == ("away", "2026-03-02T08:10:00.000Z")
    assert second.scheduler.status().next_due == at("11:40")
    second.close()


def test_a_prompt_left_open_by_a_closed_coach_is_closed_as_away(store, clock):
    first = keeper_for(store, clock)
    first.start()
    run(first, clock, 30 * 60)
    row_id = first.pending_id
    first.close()
    clock.advance(3600)
    second = keeper_for(store, clock)
    second.start()
    assert store.break_row(row_id)["outcome"] == "away"
    second.close()


def test_a_prompt_left_open_moments_ago_is_shown_again_on_the_same_row(store, clock):
    first = keeper_for(store, clock)
    first.start()
    run(first, clock, 30 * 60)
    row_id = first.pending_id
    first.close()
    clock.advance(20)
    second = keeper_for(store, clock)
    (shown,) = second.start()
    assert isinstance(shown, Prompted) and shown.again
    assert second.pending_id == row_id
    assert len(store.breaks_on(MONDAY)) == 1
    second.close()


# -- rows that tell the truth ------------------------------------------------------------------


def test_a_natural_break_that_closes_a_waiting_prompt_gets_its_end(keeper, store, clock):
    last_key = [clock.monotonic()]

    def idle() -> float:
        return clock.monotonic() - last_key[0]

    for _ in range(29 * 60):  # typing until 09:29, then away
        clock.advance(1)
        last_key[0] = clock.monotonic()
        keeper.tick(idle())
    run(keeper, clock, 6 * 60, idle=idle)  # the prompt at 09:30, closed as natural at 09:32
    (row,) = store.breaks_on(MONDAY)
    assert row["outcome"] == "natural" and row["prompted_at"] is not None
    assert row["ended_at"] is None
    last_key[0] = clock.monotonic()  # back at 09:35
    run(keeper, clock, 1, idle=idle)
    row = store.break_row(row["id"])
    assert row["started_at"] == "2026-03-02T08:29:00.000Z"
    assert row["ended_at"] == "2026-03-02T08:35:00.000Z"


def test_a_wall_clock_set_back_during_a_prompt_never_makes_it_end_before_it_began(
    keeper, store, clock
):
    run(keeper, clock, 30 * 60)  # the prompt at 09:30
    clock.jump_wall(-3600)  # someone sets the clock an hour back
    run(keeper, clock, 60)
    keeper.answer(BreakOutcome.DONE)
    (row,) = store.breaks_on(MONDAY)
    assert row["prompted_at"] <= row["answered_at"]
    assert row["answered_at"] == "2026-03-02T08:31:00.000Z"  # carried on the monotonic clock


def test_an_answer_from_a_shell_whose_clock_is_behind_is_not_before_the_prompt(
    keeper, store, shell, clock
):
    run(keeper, clock, 30 * 60)
    early = at("09:00")  # the shell's clock reads half an hour earlier
    answer_from_shell(shell, "done", early, max_snoozes=2)
    (row,) = store.breaks_on(MONDAY)
    assert row["answered_at"] == row["prompted_at"]


def test_the_keeper_takes_up_a_wall_clock_correction_while_nothing_is_open(keeper, clock):
    run(keeper, clock, 60)
    clock.jump_wall(600)  # NTP puts the clock ten minutes ahead, nothing open
    run(keeper, clock, 2)
    assert abs(keeper.clock.drift()) < 1


# -- a routine in another window ---------------------------------------------------------------


def test_a_routine_in_another_window_holds_the_prompting_windows_prompts(store, clock, db):
    prompting = keeper_for(store, clock)
    other_store = Store.open(db)
    playing = keeper_for(other_store, clock)
    try:
        prompting.start()
        playing.start()
        assert prompting.holder and not playing.holder
        run(prompting, clock, 25 * 60)
        playing.routine_started()
        assert run(prompting, clock, 10 * 60) == []  # 09:35: no prompt while it plays
        assert prompting.scheduler.phase is BreakPhase.BUSY
        playing.routine_ended(counts=True)
        run(prompting, clock, 1)
        (row,) = store.breaks_on(MONDAY)
        assert row["outcome"] == "self"  # logged once, by the window that played it
        assert prompting.scheduler.phase is BreakPhase.SITTING
        assert prompting.scheduler.status().next_due.strftime("%H:%M") == "10:05"
    finally:
        playing.close()
        prompting.close()
        other_store.close()


def test_a_routine_quit_at_once_in_another_window_lets_the_prompt_come(store, clock, db):
    prompting = keeper_for(store, clock)
    other_store = Store.open(db)
    playing = keeper_for(other_store, clock)
    try:
        prompting.start()
        playing.start()
        run(prompting, clock, 29 * 60)
        playing.routine_started()
        run(prompting, clock, 5 * 60)
        playing.routine_ended(counts=False)
        events = run(prompting, clock, 1)
        assert [type(e) for e in events] == [Prompted]  # overdue: it comes at once
        assert [r["outcome"] for r in store.breaks_on(MONDAY)] == [None]
    finally:
        playing.close()
        prompting.close()
        other_store.close()


def test_an_answer_here_just_after_a_shell_answered_reports_the_shells(keeper, store, shell, clock):
    run(keeper, clock, 30 * 60)
    answer_from_shell(shell, "skip", clock.now(), max_snoozes=2)
    (closed,) = keeper.answer(BreakOutcome.DONE)  # pressed before the next tick saw the skip
    assert isinstance(closed, PromptClosed) and closed.outcome is BreakOutcome.SKIPPED
    assert [r["outcome"] for r in store.breaks_on(MONDAY)] == ["skipped"]


def test_a_waiting_window_can_say_that_coach_keeper_prompts(store, clock):
    headless = BreakKeeper(
        POLICY, store, clock, BreakLock(lock_path_for(store.path)), role="keeper"
    )
    window = keeper_for(store, clock)
    try:
        headless.start()
        window.start()
        assert headless.other_holder_text() is None
        assert window.other_holder_text() == f"coach keeper (pid {os.getpid()})"
    finally:
        window.close()
        headless.close()
