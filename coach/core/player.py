"""The routine player: a routine expanded into a timeline, and a state machine that walks it.

Time comes only from an injected monotonic clock. Each segment keeps a deadline and the time
left is ``deadline - clock()``; ticks from the UI are only reasons to look again. When the event
loop stalls, :meth:`Player.update` catches up segment by segment, each starting at its
predecessor's deadline, so a ten-minute routine still ends ten minutes after it began.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from coach.core.routine import Routine, Step, StepKind
from coach.core.vocabulary import StepOutcome

COUNTDOWN_FROM = 3
"""The 3-2-1 before a hold or a get-ready ends."""
LATE_AFTER = 1.0
"""A cue whose moment passed more than this many seconds ago is marked late (not sounded)."""
RESTART_WITHIN = 3.0
"""Back within this many seconds of a hold's start goes to the previous one, not its start."""


class Phase(StrEnum):
    GET_READY = "get_ready"
    WORK = "work"
    SWITCH = "switch"
    REST = "rest"


class State(StrEnum):
    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    QUIT = "quit"


class CueKind(StrEnum):
    COUNT = "count"
    """3, 2, 1 before a hold or a get-ready ends."""
    GO = "go"
    """Work begins."""
    SWITCH = "switch"
    """Switch sides."""
    END = "end"
    """A hold (or a set) ended."""
    REST = "rest"
    """A rest began."""
    FINISH = "finish"
    """The routine is over."""


@dataclass(frozen=True)
class Segment:
    """One stretch of the timeline: a get-ready, a hold on one side, a switch or a rest."""

    phase: Phase
    step_index: int
    step: Step
    set_number: int = 1
    side: str | None = None
    duration: float | None = 0.0
    """Seconds, or ``None`` for an open rep step that waits for the user."""

    @property
    def is_work(self) -> bool:
        return self.phase is Phase.WORK

    @property
    def is_open(self) -> bool:
        return self.duration is None

    @property
    def estimated_seconds(self) -> float:
        return self.step.estimated_work_seconds if self.duration is None else self.duration


@dataclass(frozen=True)
class SegmentStarted:
    index: int
    segment: Segment
    at: float
    """Monotonic time the segment began (in the past after a catch-up)."""


@dataclass(frozen=True)
class SegmentEnded:
    index: int
    segment: Segment
    outcome: StepOutcome
    at: float
    """Monotonic time the segment ended."""
    active_seconds: float
    """How long it actually ran, pauses excluded."""


@dataclass(frozen=True)
class Cue:
    kind: CueKind
    segment: Segment | None
    at: float
    number: int | None = None
    late: bool = False
    """True when the moment passed during a stall: shown in order, but not sounded."""


@dataclass(frozen=True)
class Finished:
    completed: bool
    at: float


Event = SegmentStarted | SegmentEnded | Cue | Finished


def build_timeline(
    routine: Routine, *, get_ready_seconds: float = 5.0, switch_seconds: float | None = None
) -> list[Segment]:
    """Expand a routine: a get-ready before each step, each set on each side, switches, rests."""
    switch = get_ready_seconds if switch_seconds is None else switch_seconds
    timeline: list[Segment] = []
    last = len(routine.steps) - 1
    for index, step in enumerate(routine.steps):
        sides: tuple[str | None, ...] = ("left", "right") if step.sides else (None,)
        work = step.work_seconds
        timeline.append(
            Segment(Phase.GET_READY, index, step, 1, sides[0], float(get_ready_seconds))
        )
        for set_number in range(1, step.sets + 1):
            for side in sides:
                # A side change needs a moment: after the left side, and back to the left for
                # the next set when no rest between sets gives that moment already.
                back_to_left = side == "left" and set_number > 1 and step.rest_between_sets <= 0
                if side == "right" or back_to_left:
                    timeline.append(Segment(Phase.SWITCH, index, step, set_number, side, switch))
                timeline.append(Segment(Phase.WORK, index, step, set_number, side, work))
            if set_number < step.sets and step.rest_between_sets > 0:
                timeline.append(
                    Segment(Phase.REST, index, step, set_number, None, step.rest_between_sets)
                )
        if index < last and step.rest_after > 0:
            timeline.append(Segment(Phase.REST, index, step, step.sets, None, step.rest_after))
    # A zero-length get-ready or switch is no segment at all; cues still mark the moment.
    return [s for s in timeline if s.duration is None or s.duration > 0]


class Player:
    """Walks a timeline on an injected clock; every method returns the events it caused."""

    def __init__(self, routine: Routine, timeline: list[Segment], clock: Callable[[], float]):
        if not timeline:
            raise ValueError("an empty timeline cannot be played")
        self.routine = routine
        self.timeline = timeline
        self._clock = clock
        self.state = State.READY
        self.index = 0
        self._started_at = 0.0
        """Monotonic start of the current segment (shifted forward by pauses)."""
        self._paused_at: float | None = None
        self._counted: set[int] = set()
        self.completed_work = 0
        self.skipped_work = 0
        self.active_seconds = 0.0
        """Time spent in segments that have ended, pauses excluded."""

    # -- reading ---------------------------------------------------------------------------

    @property
    def segment(self) -> Segment:
        return self.timeline[self.index]

    @property
    def is_over(self) -> bool:
        return self.state in (State.FINISHED, State.QUIT)

    def elapsed(self) -> float:
        """Seconds the current segment has run, pauses excluded."""
        if self.state is State.READY:
            return 0.0
        reference = self._paused_at if self._paused_at is not None else self._clock()
        return max(0.0, reference - self._started_at)

    def remaining(self) -> float | None:
        """Seconds left in the current segment; ``None`` for an open rep step."""
        duration = self.segment.duration
        if duration is None:
            return None
        return max(0.0, duration - self.elapsed())

    def current_rep(self) -> int | None:
        """Which rep of a paced step the beat is on (1-based)."""
        segment = self.segment
        step = segment.step
        if not segment.is_work or step.kind is not StepKind.PACED:
            return None
        per = step.seconds_per_rep or 1.0
        return min(step.reps or 1, int(self.elapsed() // per) + 1)

    def time_left(self) -> float:
        """Estimated seconds to the end of the routine (open steps at a typical pace)."""
        if self.is_over:
            return 0.0
        current = self.remaining()
        if current is None:
            current = max(0.0, self.segment.estimated_seconds - self.elapsed())
        return current + sum(s.estimated_seconds for s in self.timeline[self.index + 1 :])

    def next_work(self) -> Segment | None:
        """The next hold or rep set after the current segment, for 'up next'."""
        for segment in self.timeline[self.index + 1 :]:
            if segment.is_work:
                return segment
        return None

    @property
    def step_number(self) -> int:
        return self.segment.step_index + 1

    @property
    def step_count(self) -> int:
        return len(self.routine.steps)

    # -- commands --------------------------------------------------------------------------

    def start(self) -> list[Event]:
        if self.state is not State.READY:
            return []
        self.state = State.RUNNING
        events: list[Event] = []
        self._enter(0, self._clock(), events)
        return events + self.update()

    def update(self) -> list[Event]:
        """Catch up with the clock: end every segment whose deadline has passed."""
        events: list[Event] = []
        if self.state is not State.RUNNING:
            return events
        now = self._clock()
        while self.state is State.RUNNING:
            duration = self.segment.duration
            if duration is None:
                break
            deadline = self._started_at + duration
            if now < deadline:
                self._count_down(deadline - now, now, events)
                break
            self._leave(StepOutcome.DONE, deadline, events)
            self._advance(deadline, events)
        return events

    def pause(self) -> list[Event]:
        events = self.update()
        if self.state is State.RUNNING:
            self._paused_at = self._clock()
            self.state = State.PAUSED
        return events

    def resume(self) -> list[Event]:
        if self.state is not State.PAUSED or self._paused_at is None:
            return []
        self._started_at += self._clock() - self._paused_at
        self._paused_at = None
        self.state = State.RUNNING
        return self.update()

    def toggle_pause(self) -> list[Event]:
        return self.resume() if self.state is State.PAUSED else self.pause()

    def done(self) -> list[Event]:
        """The user finished an open rep step."""
        events = self.update()
        if self.state is State.RUNNING and self.segment.is_work and self.segment.is_open:
            now = self._clock()
            self._leave(StepOutcome.DONE, now, events)
            self._advance(now, events)
            events += self.update()
        return events

    def skip(self) -> list[Event]:
        """Leave the current segment now; a skipped hold is logged as skipped."""
        events = self.update()
        if self.state not in (State.RUNNING, State.PAUSED):
            return events
        now = self._clock()
        was_paused = self.state is State.PAUSED
        self._resume_silently(now)
        outcome = StepOutcome.SKIPPED if self.segment.is_work else StepOutcome.DONE
        self._leave(outcome, now, events)
        self._advance(now, events)
        if was_paused and self.state is State.RUNNING:
            self._paused_at = now
            self.state = State.PAUSED
        return events + self.update()

    def back(self) -> list[Event]:
        """Restart the current hold, or go to the one before (with its lead-in) near its start."""
        events = self.update()
        if self.state not in (State.RUNNING, State.PAUSED):
            return events
        now = self._clock()
        was_paused = self.state is State.PAUSED
        self._resume_silently(now)
        target = self.index
        if not (self.segment.is_work and self.elapsed() > RESTART_WITHIN):
            target = self._lead_in(self._previous_work(self.index))
        self._enter(target, now, events)
        if was_paused:
            self._paused_at = now
            self.state = State.PAUSED
        return events

    def quit(self) -> list[Event]:
        """Stop early; the current segment is not logged as a step, but its time was spent."""
        events = self.update()
        if self.is_over:
            return events
        self.active_seconds += self.elapsed()
        self.state = State.QUIT
        self._paused_at = None
        events.append(Finished(completed=False, at=self._clock()))
        return events

    # -- internals -------------------------------------------------------------------------

    def _resume_silently(self, now: float) -> None:
        if self.state is State.PAUSED and self._paused_at is not None:
            self._started_at += now - self._paused_at
            self._paused_at = None
            self.state = State.RUNNING

    def _previous_work(self, index: int) -> int:
        for i in range(index - 1, -1, -1):
            if self.timeline[i].is_work:
                return i
        for i in range(index, len(self.timeline)):
            if self.timeline[i].is_work:
                return i
        return index

    def _lead_in(self, index: int) -> int:
        if index > 0 and self.timeline[index - 1].phase in (Phase.GET_READY, Phase.SWITCH):
            return index - 1
        return index

    def _late(self, at: float) -> bool:
        return self._clock() - at > LATE_AFTER

    def _enter(self, index: int, at: float, events: list[Event]) -> None:
        self.index = index
        self._started_at = at
        self._counted = set()
        segment = self.segment
        events.append(SegmentStarted(index, segment, at))
        late = self._late(at)
        previous = self.timeline[index - 1] if index > 0 else None
        switching = (
            previous is not None
            and previous.is_work
            and previous.step_index == segment.step_index
            and previous.side != segment.side
        )
        if segment.phase is Phase.SWITCH or (segment.is_work and switching):
            events.append(Cue(CueKind.SWITCH, segment, at, late=late))
        if segment.is_work:
            events.append(Cue(CueKind.GO, segment, at, late=late))
        elif segment.phase is Phase.REST:
            events.append(Cue(CueKind.REST, segment, at, late=late))

    def _leave(self, outcome: StepOutcome, at: float, events: list[Event]) -> None:
        segment = self.segment
        active = max(0.0, at - self._started_at)
        self.active_seconds += active
        if segment.is_work:
            if outcome is StepOutcome.DONE:
                self.completed_work += 1
            else:
                self.skipped_work += 1
        events.append(SegmentEnded(self.index, segment, outcome, at, active))
        if segment.is_work and outcome is StepOutcome.DONE:
            events.append(Cue(CueKind.END, segment, at, late=self._late(at)))

    def _advance(self, at: float, events: list[Event]) -> None:
        if self.index + 1 >= len(self.timeline):
            self.state = State.FINISHED
            events.append(Cue(CueKind.FINISH, None, at, late=self._late(at)))
            events.append(Finished(completed=True, at=at))
            return
        self._enter(self.index + 1, at, events)

    def _count_down(self, remaining: float, now: float, events: list[Event]) -> None:
        segment = self.segment
        if segment.phase not in (Phase.WORK, Phase.GET_READY, Phase.SWITCH):
            return
        for number in range(COUNTDOWN_FROM, 0, -1):
            if remaining <= number and number not in self._counted:
                self._counted.add(number)
                # Only the latest number is sounded; earlier ones missed in a stall stay quiet.
                if remaining > number - 1:
                    events.append(Cue(CueKind.COUNT, segment, now, number=number))
