"""The player: how a routine becomes a timeline, and how the state machine walks it in time."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.core.clock import FakeClock
from coach.core.player import (
    Cue,
    CueKind,
    Event,
    Finished,
    Phase,
    Player,
    Segment,
    SegmentEnded,
    SegmentStarted,
    State,
    build_timeline,
)
from coach.core.routine import Routine, Step
from coach.core.vocabulary import StepOutcome

T0 = 1000.0
"""The fake monotonic clock's reading when each test starts."""


def routine(*steps: Step) -> Routine:
    return Routine(id="test", name="Test", steps=steps)


def shape(timeline: list[Segment]) -> list[tuple[str, int, int, str | None, float | None]]:
    return [(s.phase.value, s.step_index, s.set_number, s.side, s.duration) for s in timeline]


def describe(events: list[Event]) -> list[str]:
    """Events as short words, so a whole run can be compared at a glance."""
    words = []
    for event in events:
        if isinstance(event, SegmentStarted):
            words.append(f"start {event.index} {event.segment.phase.value}")
        elif isinstance(event, SegmentEnded):
            words.append(f"ended {event.index} {event.outcome.value}")
        elif isinstance(event, Cue):
            number = f" {event.number}" if event.number is not None else ""
            words.append(f"{event.kind.value}{number}")
        else:
            words.append(f"finished {event.completed}")
    return words


def play(player: Player, clock: FakeClock, seconds: float, tick: float = 0.25) -> list[Event]:
    """Let ``seconds`` pass in small ticks, the way a UI timer would call update()."""
    events: list[Event] = []
    for _ in range(round(seconds / tick)):
        clock.advance(tick)
        events += player.update()
    return events


def ended_at(events: list[Event]) -> list[float]:
    return [e.at for e in events if isinstance(e, SegmentEnded)]


# One 10 s hold, then 5 s per side: with a 3 s get-ready the timeline is
#   0-3 get-ready, 3-13 hold, 13-16 get-ready, 16-21 left, 21-24 switch, 24-29 right.
TWO_STEPS = routine(Step("One", duration=10), Step("Two", duration=5, sides=True))
TWO_STEPS_SECONDS = 29.0
BOUNDARIES = [T0 + s for s in (3, 13, 16, 21, 24, 29)]


@pytest.fixture
def player(clock: FakeClock) -> Player:
    return Player(TWO_STEPS, build_timeline(TWO_STEPS, get_ready_seconds=3), clock.monotonic)


# -- the timeline --------------------------------------------------------------------------


def test_get_ready_before_each_step() -> None:
    timeline = build_timeline(
        routine(Step("A", duration=30), Step("B", reps=10, seconds_per_rep=6)),
        get_ready_seconds=5,
    )
    assert shape(timeline) == [
        ("get_ready", 0, 1, None, 5.0),
        ("work", 0, 1, None, 30.0),
        ("get_ready", 1, 1, None, 5.0),
        ("work", 1, 1, None, 60.0),
    ]


def test_sides_go_left_switch_right() -> None:
    timeline = build_timeline(routine(Step("Pigeon", duration=60, sides=True)))
    assert shape(timeline) == [
        ("get_ready", 0, 1, "left", 5.0),
        ("work", 0, 1, "left", 60.0),
        ("switch", 0, 1, "right", 5.0),
        ("work", 0, 1, "right", 60.0),
    ]


def test_switch_can_differ_from_get_ready() -> None:
    timeline = build_timeline(
        routine(Step("Pigeon", duration=60, sides=True)), get_ready_seconds=5, switch_seconds=2
    )
    assert [s.duration for s in timeline] == [5.0, 60.0, 2.0, 60.0]


def test_sets_with_rest_between() -> None:
    timeline = build_timeline(
        routine(Step("Bridge", reps=12, seconds_per_rep=3, sets=3, rest_between_sets=20)),
        get_ready_seconds=5,
    )
    assert shape(timeline) == [
        ("get_ready", 0, 1, None, 5.0),
        ("work", 0, 1, None, 36.0),
        ("rest", 0, 1, None, 20.0),
        ("work", 0, 2, None, 36.0),
        ("rest", 0, 2, None, 20.0),
        ("work", 0, 3, None, 36.0),
    ]


def test_sets_without_rest_follow_each_other() -> None:
    timeline = build_timeline(routine(Step("Bridge", reps=12, sets=2)), get_ready_seconds=5)
    assert shape(timeline) == [
        ("get_ready", 0, 1, None, 5.0),
        ("work", 0, 1, None, None),
        ("work", 0, 2, None, None),
    ]


def test_sets_on_both_sides() -> None:
    timeline = build_timeline(
        routine(Step("Clamshell", reps=12, sets=2, sides=True, rest_between_sets=15)),
        get_ready_seconds=3,
    )
    assert shape(timeline) == [
        ("get_ready", 0, 1, "left", 3.0),
        ("work", 0, 1, "left", None),
        ("switch", 0, 1, "right", 3.0),
        ("work", 0, 1, "right", None),
        ("rest", 0, 1, None, 15.0),
        ("work", 0, 2, "left", None),
        ("switch", 0, 2, "right", 3.0),
        ("work", 0, 2, "right", None),
    ]


def test_sets_on_both_sides_without_rest_switch_back_to_the_left() -> None:
    timeline = build_timeline(
        routine(Step("Side plank", duration=20, sets=2, sides=True)), get_ready_seconds=3
    )
    assert shape(timeline) == [
        ("get_ready", 0, 1, "left", 3.0),
        ("work", 0, 1, "left", 20.0),
        ("switch", 0, 1, "right", 3.0),
        ("work", 0, 1, "right", 20.0),
        ("switch", 0, 2, "left", 3.0),
        ("work", 0, 2, "left", 20.0),
        ("switch", 0, 2, "right", 3.0),
        ("work", 0, 2, "right", 20.0),
    ]


def test_rest_after_every_step_but_the_last() -> None:
    timeline = build_timeline(
        routine(
            Step("A", duration=10, rest_after=15),
            Step("B", duration=10, rest_after=0),
            Step("C", duration=10, rest_after=30),
        ),
        get_ready_seconds=0,
    )
    assert shape(timeline) == [
        ("work", 0, 1, None, 10.0),
        ("rest", 0, 1, None, 15.0),
        ("work", 1, 1, None, 10.0),
        ("work", 2, 1, None, 10.0),
    ]


def test_zero_get_ready_removes_get_ready_and_switch() -> None:
    timeline = build_timeline(
        routine(Step("A", duration=10, sides=True), Step("B", reps=5)), get_ready_seconds=0
    )
    assert shape(timeline) == [
        ("work", 0, 1, "left", 10.0),
        ("work", 0, 1, "right", 10.0),
        ("work", 1, 1, None, None),
    ]


@st.composite
def steps(draw: st.DrawFn) -> Step:
    kind = draw(st.sampled_from(["hold", "paced", "open"]))
    half_seconds = st.integers(0, 120).map(lambda n: n / 2)
    common = {
        "sets": draw(st.integers(1, 4)),
        "rest_between_sets": draw(half_seconds),
        "rest_after": draw(half_seconds),
        "sides": draw(st.booleans()),
    }
    if kind == "hold":
        return Step("hold", duration=draw(st.integers(1, 120)), **common)
    reps = draw(st.integers(1, 30))
    if kind == "paced":
        return Step("paced", reps=reps, seconds_per_rep=draw(st.integers(1, 12)) / 2, **common)
    return Step("open", reps=reps, **common)


@given(st.lists(steps(), min_size=1, max_size=6), st.integers(0, 10))
def test_timeline_adds_up_to_the_routine_estimate(step_list: list[Step], get_ready: int) -> None:
    r = routine(*step_list)
    timeline = build_timeline(r, get_ready_seconds=get_ready)
    assert sum(s.estimated_seconds for s in timeline) == pytest.approx(
        r.estimated_seconds(get_ready)
    )
    assert sum(s.is_work for s in timeline) == sum(
        s.sets * (2 if s.sides else 1) for s in step_list
    )


# -- playing on time -----------------------------------------------------------------------


def test_plays_to_the_end_on_time(player: Player, clock: FakeClock) -> None:
    events = player.start()
    events += play(player, clock, TWO_STEPS_SECONDS - 0.25)
    assert player.state is State.RUNNING
    assert not any(isinstance(e, Finished) for e in events)

    events += play(player, clock, 0.25)

    assert player.state is State.FINISHED
    assert player.is_over
    assert describe(events) == [
        "start 0 get_ready", "count 3", "count 2", "count 1", "ended 0 done",
        "start 1 work", "go", "count 3", "count 2", "count 1", "ended 1 done", "end",
        "start 2 get_ready", "count 3", "count 2", "count 1", "ended 2 done",
        "start 3 work", "go", "count 3", "count 2", "count 1", "ended 3 done", "end",
        "start 4 switch", "switch", "count 3", "count 2", "count 1", "ended 4 done",
        "start 5 work", "go", "count 3", "count 2", "count 1", "ended 5 done", "end",
        "finish", "finished True",
    ]  # fmt: skip
    assert ended_at(events) == BOUNDARIES
    assert events[-1] == Finished(completed=True, at=T0 + TWO_STEPS_SECONDS)
    assert not any(e.late for e in events if isinstance(e, Cue))
    assert (player.completed_work, player.skipped_work) == (3, 0)
    assert player.active_seconds == TWO_STEPS_SECONDS


def test_count_cues_fall_on_the_seconds(player: Player, clock: FakeClock) -> None:
    events = player.start() + play(player, clock, 13)
    hold_counts = [
        (e.number, e.at) for e in events if isinstance(e, Cue) and e.kind is CueKind.COUNT
    ][3:6]
    assert hold_counts == [(3, T0 + 10), (2, T0 + 11), (1, T0 + 12)]


def test_switch_cue_once_at_the_switch(player: Player, clock: FakeClock) -> None:
    events = player.start() + play(player, clock, TWO_STEPS_SECONDS)
    switches = [e for e in events if isinstance(e, Cue) and e.kind is CueKind.SWITCH]
    assert len(switches) == 1
    assert switches[0].at == T0 + 21
    assert switches[0].segment is not None
    assert switches[0].segment.phase is Phase.SWITCH


def test_switch_cue_without_a_switch_segment(clock: FakeClock) -> None:
    r = routine(Step("Twist", duration=5, sides=True))
    player = Player(r, build_timeline(r, get_ready_seconds=0), clock.monotonic)
    events = player.start() + play(player, clock, 10)
    assert describe(events) == [
        "start 0 work", "go", "count 3", "count 2", "count 1", "ended 0 done", "end",
        "start 1 work", "switch", "go", "count 3", "count 2", "count 1", "ended 1 done", "end",
        "finish", "finished True",
    ]  # fmt: skip
    switch = next(e for e in events if isinstance(e, Cue) and e.kind is CueKind.SWITCH)
    assert switch.at == T0 + 5
    assert switch.segment is not None and switch.segment.side == "right"


def test_rest_cue_and_no_countdown_in_rests(clock: FakeClock) -> None:
    r = routine(Step("A", duration=4, rest_after=10), Step("B", duration=4))
    player = Player(r, build_timeline(r, get_ready_seconds=0), clock.monotonic)
    events = player.start() + play(player, clock, 18)
    assert describe(events) == [
        "start 0 work", "go", "count 3", "count 2", "count 1", "ended 0 done", "end",
        "start 1 rest", "rest", "ended 1 done",
        "start 2 work", "go", "count 3", "count 2", "count 1", "ended 2 done", "end",
        "finish", "finished True",
    ]  # fmt: skip


def test_start_twice_does_nothing(player: Player) -> None:
    assert player.start()
    assert player.start() == []


# -- pause and resume ----------------------------------------------------------------------


def test_pause_does_not_consume_time(player: Player, clock: FakeClock) -> None:
    player.start()
    play(player, clock, 5)  # 2 s into the 10 s hold
    assert player.remaining() == 8
    left = player.time_left()

    assert player.pause() == []
    assert player.state is State.PAUSED
    clock.advance(100)
    assert player.update() == []
    assert player.remaining() == 8
    assert player.elapsed() == 2
    assert player.time_left() == left

    assert player.resume() == []
    assert player.state is State.RUNNING
    assert player.remaining() == 8

    events = play(player, clock, TWO_STEPS_SECONDS - 5)
    assert ended_at(events) == [b + 100 for b in BOUNDARIES[1:]]
    assert events[-1] == Finished(completed=True, at=T0 + 100 + TWO_STEPS_SECONDS)
    hold = next(e for e in events if isinstance(e, SegmentEnded))
    assert hold.active_seconds == 10
    assert player.active_seconds == TWO_STEPS_SECONDS


def test_toggle_pause(player: Player, clock: FakeClock) -> None:
    assert player.toggle_pause() == []  # nothing to pause before the start
    assert player.state is State.READY
    player.start()
    player.toggle_pause()
    assert player.state is State.PAUSED
    player.toggle_pause()
    assert player.state is State.RUNNING


def test_count_cues_are_not_repeated_after_a_pause(player: Player, clock: FakeClock) -> None:
    events = player.start()
    events += play(player, clock, 10.5)  # 2.5 s left in the hold: "3" has sounded
    player.pause()
    clock.advance(30)
    events += player.resume()
    events += play(player, clock, 3)
    counts = [(e.segment, e.number) for e in events if isinstance(e, Cue) and e.number]
    assert [n for _, n in counts] == [3, 2, 1, 3, 2, 1, 3]
    assert max(Counter(counts).values()) == 1


def test_pause_catches_up_first(player: Player, clock: FakeClock) -> None:
    player.start()
    clock.advance(14)
    events = player.pause()
    assert describe(events)[:2] == ["ended 0 done", "start 1 work"]
    assert player.index == 2
    assert player.elapsed() == 1


def test_resume_when_not_paused_does_nothing(player: Player) -> None:
    assert player.resume() == []
    player.start()
    assert player.resume() == []


# -- skip ----------------------------------------------------------------------------------


def test_skip_logs_a_hold_as_skipped_and_moves_on(player: Player, clock: FakeClock) -> None:
    player.start()
    play(player, clock, 5)

    events = player.skip()

    assert describe(events) == ["ended 1 skipped", "start 2 get_ready", "count 3"]
    skipped = events[0]
    assert isinstance(skipped, SegmentEnded)
    assert (skipped.at, skipped.active_seconds) == (T0 + 5, 2)
    assert (player.completed_work, player.skipped_work) == (0, 1)
    events = play(player, clock, 16)
    assert events[-1] == Finished(completed=True, at=T0 + 5 + 16)


def test_skipping_a_get_ready_is_not_a_skipped_step(player: Player, clock: FakeClock) -> None:
    player.start()
    play(player, clock, 1)
    events = player.skip()
    assert describe(events) == ["ended 0 done", "start 1 work", "go"]
    assert (player.completed_work, player.skipped_work) == (0, 0)


def test_skip_while_paused_stays_paused(player: Player, clock: FakeClock) -> None:
    player.start()
    play(player, clock, 5)
    player.pause()
    clock.advance(10)

    events = player.skip()

    assert describe(events)[:2] == ["ended 1 skipped", "start 2 get_ready"]
    assert events[0].active_seconds == 2  # type: ignore[union-attr]
    assert player.state is State.PAUSED
    assert player.index == 2
    clock.advance(50)
    assert player.update() == []
    assert player.remaining() == 3
    player.resume()
    assert player.state is State.RUNNING
    assert player.remaining() == 3


def test_skipping_the_last_segment_finishes(player: Player, clock: FakeClock) -> None:
    player.start()
    play(player, clock, 25)
    events = player.skip()
    assert describe(events) == ["ended 5 skipped", "finish", "finished True"]
    assert player.state is State.FINISHED
    assert player.skip() == []


# -- back ----------------------------------------------------------------------------------

# Two plain holds, 3 s get-ready: 0-3 get-ready, 3-13 A, 13-16 get-ready, 16-26 B.
TWO_HOLDS = routine(Step("A", duration=10), Step("B", duration=10))


@pytest.fixture
def holds(clock: FakeClock) -> Player:
    return Player(TWO_HOLDS, build_timeline(TWO_HOLDS, get_ready_seconds=3), clock.monotonic)


def test_back_restarts_a_hold_after_three_seconds(holds: Player, clock: FakeClock) -> None:
    holds.start()
    play(holds, clock, 21)  # 5 s into B
    assert holds.index == 3

    events = holds.back()

    assert describe(events) == ["start 3 work", "go"]
    assert events[0] == SegmentStarted(3, holds.timeline[3], T0 + 21)
    assert holds.index == 3
    assert holds.remaining() == 10
    events = play(holds, clock, 10)
    assert ended_at(events) == [T0 + 31]


def test_back_near_the_start_goes_to_the_previous_hold_lead_in(
    holds: Player, clock: FakeClock
) -> None:
    holds.start()
    play(holds, clock, 18)  # 2 s into B

    events = holds.back()

    assert describe(events) == ["start 0 get_ready"]
    assert holds.index == 0
    assert holds.remaining() == 3
    events = play(holds, clock, 13)
    assert ended_at(events) == [T0 + 21, T0 + 31]
    assert holds.index == 2
    assert not any(isinstance(e, SegmentEnded) and e.index == 3 for e in events)


def test_back_from_a_get_ready_goes_to_the_previous_hold(holds: Player, clock: FakeClock) -> None:
    holds.start()
    play(holds, clock, 14)  # in B's get-ready
    holds.back()
    assert holds.index == 0


def test_back_at_the_first_hold_restarts_its_get_ready(holds: Player, clock: FakeClock) -> None:
    holds.start()
    play(holds, clock, 4)
    holds.back()
    assert (holds.index, holds.elapsed()) == (0, 0)


def test_back_on_the_right_side_goes_to_the_left(player: Player, clock: FakeClock) -> None:
    player.start()
    play(player, clock, 25)  # 1 s into the right side
    player.back()
    assert player.segment.side == "left"
    assert player.segment.phase is Phase.GET_READY
    assert player.index == 2


def test_back_while_paused_stays_paused(holds: Player, clock: FakeClock) -> None:
    holds.start()
    play(holds, clock, 21)
    holds.pause()
    clock.advance(40)
    holds.back()
    assert holds.state is State.PAUSED
    assert (holds.index, holds.elapsed()) == (3, 0)
    clock.advance(40)
    assert holds.remaining() == 10


# -- open rep steps ------------------------------------------------------------------------

# 0-3 get-ready, then 8 reps at your own pace, then 3 s get-ready and a 5 s hold.
OPEN = routine(Step("Pallof press", reps=8), Step("Hold", duration=5))


def test_open_rep_steps_wait_until_done(clock: FakeClock) -> None:
    player = Player(OPEN, build_timeline(OPEN, get_ready_seconds=3), clock.monotonic)
    player.start()
    play(player, clock, 3)
    assert player.index == 1
    assert player.remaining() is None

    clock.advance(10_000)
    assert player.update() == []
    assert player.index == 1
    assert player.time_left() == 3 + 5  # the open step's estimate is used up

    events = player.done()

    assert describe(events) == ["ended 1 done", "end", "start 2 get_ready", "count 3"]
    assert events[0].active_seconds == 10_000  # type: ignore[union-attr]
    events = play(player, clock, 8)
    assert events[-1] == Finished(completed=True, at=T0 + 3 + 10_000 + 8)


def test_done_only_ends_open_steps(player: Player, clock: FakeClock) -> None:
    player.start()
    play(player, clock, 5)
    assert player.done() == []
    assert player.index == 1


def test_done_while_paused_does_nothing(clock: FakeClock) -> None:
    player = Player(OPEN, build_timeline(OPEN, get_ready_seconds=3), clock.monotonic)
    player.start()
    play(player, clock, 4)
    player.pause()
    assert player.done() == []
    assert player.index == 1


def test_open_step_estimate_counts_down(clock: FakeClock) -> None:
    player = Player(OPEN, build_timeline(OPEN, get_ready_seconds=3), clock.monotonic)
    assert player.time_left() == 3 + 8 * 3 + 3 + 5
    player.start()
    play(player, clock, 13)  # 10 s into the open step
    assert player.time_left() == 24 - 10 + 3 + 5


# -- catching up after a stall -------------------------------------------------------------


def test_catch_up_ends_every_passed_segment_at_its_own_time(
    player: Player, clock: FakeClock
) -> None:
    player.start()
    clock.advance(100)

    events = player.update()

    assert describe(events) == [
        "ended 0 done", "start 1 work", "go", "ended 1 done", "end",
        "start 2 get_ready", "ended 2 done", "start 3 work", "go", "ended 3 done", "end",
        "start 4 switch", "switch", "ended 4 done", "start 5 work", "go", "ended 5 done", "end",
        "finish", "finished True",
    ]  # fmt: skip
    assert ended_at(events) == BOUNDARIES
    starts = [e.at for e in events if isinstance(e, SegmentStarted)]
    assert starts == BOUNDARIES[:-1]
    assert events[-1] == Finished(completed=True, at=T0 + TWO_STEPS_SECONDS)
    assert all(e.late for e in events if isinstance(e, Cue))
    assert player.active_seconds == TWO_STEPS_SECONDS
    assert (player.completed_work, player.skipped_work) == (3, 0)


def test_catch_up_into_a_countdown_sounds_only_the_current_number(
    player: Player, clock: FakeClock
) -> None:
    events = player.start()
    clock.advance(14.5)  # 1.5 s left in the second get-ready

    caught_up = player.update()

    assert describe(caught_up) == [
        "ended 0 done", "start 1 work", "go", "ended 1 done", "end",
        "start 2 get_ready", "count 2",
    ]  # fmt: skip
    go, end, count = (e for e in caught_up if isinstance(e, Cue))
    assert (go.late, end.late, count.late) == (True, True, False)
    events += caught_up + play(player, clock, TWO_STEPS_SECONDS - 14.5)
    counts = Counter(
        (e.segment, e.number) for e in events if isinstance(e, Cue) and e.kind is CueKind.COUNT
    )
    assert max(counts.values()) == 1
    assert describe(events)[-2:] == ["finish", "finished True"]
    assert ended_at(events) == BOUNDARIES


def test_cues_within_a_second_are_not_late(player: Player, clock: FakeClock) -> None:
    player.start()
    clock.advance(13.5)
    events = player.update()
    late = {e.kind: e.late for e in events if isinstance(e, Cue) and e.kind is not CueKind.COUNT}
    assert late == {CueKind.GO: True, CueKind.END: False}


def no_open_steps() -> st.SearchStrategy[list[Step]]:
    return st.lists(steps().filter(lambda s: s.reps is None or s.seconds_per_rep), max_size=4)


@settings(max_examples=40, deadline=None)
@given(no_open_steps().filter(bool), st.integers(0, 6), st.floats(0.3, 7.0))
def test_a_stall_never_changes_when_things_happened(
    step_list: list[Step], get_ready: int, tick: float
) -> None:
    r = routine(*step_list)
    total = r.estimated_seconds(get_ready)

    def run(step: float) -> list[Event]:
        clock = FakeClock(datetime(2026, 3, 2, 6, 0, tzinfo=UTC), monotonic=T0)
        player = Player(r, build_timeline(r, get_ready_seconds=get_ready), clock.monotonic)
        events = player.start()
        while not player.is_over:
            clock.advance(step)
            events += player.update()
        return [e for e in events if not isinstance(e, Cue)]

    smooth, stalled = run(tick), run(total + 1)
    assert smooth == stalled
    assert smooth[-1] == Finished(completed=True, at=pytest.approx(T0 + total))


# -- finishing and quitting ----------------------------------------------------------------


def test_after_the_end_commands_do_nothing(player: Player, clock: FakeClock) -> None:
    player.start()
    play(player, clock, 40)
    assert player.state is State.FINISHED
    for command in (player.update, player.pause, player.skip, player.back, player.quit):
        assert command() == []
    assert player.time_left() == 0


def test_quit_finishes_incomplete_without_logging_the_current_segment(
    player: Player, clock: FakeClock
) -> None:
    player.start()
    play(player, clock, 5)

    events = player.quit()

    assert events == [Finished(completed=False, at=T0 + 5)]
    assert player.state is State.QUIT
    assert player.is_over
    assert player.active_seconds == 5  # the get-ready, and the 2 s of the hold it was in
    clock.advance(100)
    assert player.update() == []
    assert player.quit() == []


def test_quit_while_paused(player: Player, clock: FakeClock) -> None:
    player.start()
    player.pause()
    clock.advance(60)
    assert player.quit() == [Finished(completed=False, at=T0 + 60)]
    assert player.active_seconds == 0  # the pause is not time spent


def test_quit_catches_up_first(player: Player, clock: FakeClock) -> None:
    player.start()
    clock.advance(14)
    events = player.quit()
    assert describe(events)[-1] == "finished False"
    assert ended_at(events) == BOUNDARIES[:2]


# -- reading the state ---------------------------------------------------------------------


def test_time_left_and_step_number(player: Player, clock: FakeClock) -> None:
    assert player.state is State.READY
    assert player.time_left() == TWO_STEPS_SECONDS
    assert (player.step_number, player.step_count) == (1, 2)

    player.start()
    play(player, clock, 4)
    assert player.time_left() == TWO_STEPS_SECONDS - 4
    assert player.step_number == 1

    play(player, clock, 10)  # in the second get-ready
    assert player.time_left() == TWO_STEPS_SECONDS - 14
    assert player.step_number == 2
    play(player, clock, 9)  # in the switch
    assert player.segment.phase is Phase.SWITCH
    assert player.step_number == 2
    assert player.time_left() == TWO_STEPS_SECONDS - 23


def test_next_work(player: Player, clock: FakeClock) -> None:
    assert player.next_work() == player.timeline[1]
    player.start()
    play(player, clock, 4)
    assert player.next_work() == player.timeline[3]
    play(player, clock, 21)
    assert player.next_work() is None


def test_current_rep_of_a_paced_step(clock: FakeClock) -> None:
    r = routine(Step("Bridge", reps=4, seconds_per_rep=2.5))
    player = Player(r, build_timeline(r, get_ready_seconds=2), clock.monotonic)
    player.start()
    assert player.current_rep() is None  # in the get-ready
    play(player, clock, 2)
    reps = []
    for _ in range(4):
        reps.append(player.current_rep())
        play(player, clock, 2.5)
    assert reps == [1, 2, 3, 4]


def test_empty_timeline_is_refused(clock: FakeClock) -> None:
    with pytest.raises(ValueError):
        Player(TWO_STEPS, [], clock.monotonic)


def test_outcome_values_are_what_the_log_stores() -> None:
    assert [o.value for o in StepOutcome] == ["done", "skipped"]
