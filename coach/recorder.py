"""One run of a routine: a Player whose events are written to the log as they happen.

This is the seam between the domain core and the store. The UI drives a :class:`RoutineRun`
and gets the player's events back to render and sound; the run makes sure every step that ends
is a row before the UI even sees it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from coach.core.clock import Clock
from coach.core.player import (
    Event,
    Finished,
    Outcome,
    Player,
    SegmentEnded,
    SegmentStarted,
    build_timeline,
)
from coach.core.routine import Routine
from coach.store import SessionStatus, Store


class RoutineRun:
    """A routine being played and logged."""

    def __init__(
        self,
        routine: Routine,
        store: Store,
        clock: Clock,
        *,
        get_ready_seconds: float = 5.0,
        checkin_id: str | None = None,
    ) -> None:
        self.routine = routine
        self.checkin_id = checkin_id
        """The check-in that let this run start, linked to its session when the session starts."""
        self.store = store
        self.clock = clock
        self.player = Player(
            routine, build_timeline(routine, get_ready_seconds=get_ready_seconds), clock.monotonic
        )
        self.session_id: str | None = None
        self._segment_started: dict[int, datetime] = {}
        """Wall time each segment began, taken when its start is seen (a suspend can follow)."""
        self.planned_seconds = routine.estimated_seconds(get_ready_seconds)

    def wall_time(self, monotonic_at: float) -> datetime:
        """The wall time a monotonic instant corresponds to (for events found after a stall)."""
        return self.clock.now() - timedelta(seconds=self.clock.monotonic() - monotonic_at)

    def start(self) -> list[Event]:
        if self.session_id is not None:
            return []
        self.session_id = self.store.start_session(
            routine_id=self.routine.id,
            routine_name=self.routine.name,
            tags=self.routine.tags,
            planned_seconds=self.planned_seconds,
            now=self.clock.now(),
            checkin_id=self.checkin_id,
        )
        return self._record(self.player.start())

    def update(self) -> list[Event]:
        return self._record(self.player.update())

    def toggle_pause(self) -> list[Event]:
        return self._record(self.player.toggle_pause())

    def skip(self) -> list[Event]:
        return self._record(self.player.skip())

    def back(self) -> list[Event]:
        return self._record(self.player.back())

    def done(self) -> list[Event]:
        return self._record(self.player.done())

    def quit(self) -> list[Event]:
        return self._record(self.player.quit())

    def _record(self, events: list[Event]) -> list[Event]:
        if self.session_id is None:  # quit before start: there is nothing to log
            return events
        for event in events:
            if isinstance(event, SegmentStarted):
                self._segment_started[event.index] = self.wall_time(event.at)
            elif isinstance(event, SegmentEnded) and event.segment.is_work:
                self._write_step(event)
            elif isinstance(event, Finished):
                self._finish(event)
        return events

    def _write_step(self, event: SegmentEnded) -> None:
        assert self.session_id is not None
        segment = event.segment
        step = segment.step
        started = self._segment_started.get(event.index) or self.wall_time(
            event.at - event.active_seconds
        )
        self.store.record_step(
            self.session_id,
            position=event.index,
            step_number=segment.step_index + 1,
            exercise=step.name,
            side=segment.side,
            set_number=segment.set_number,
            kind=step.kind.value,
            planned_seconds=segment.duration,
            reps=step.reps,
            active_seconds=event.active_seconds,
            outcome=event.outcome.value,
            started=started,
            ended=self.wall_time(event.at),
        )

    def _finish(self, event: Finished) -> None:
        assert self.session_id is not None
        status = SessionStatus.COMPLETED if event.completed else SessionStatus.PARTIAL
        self.store.finish_session(
            self.session_id,
            status=status,
            now=self.wall_time(event.at),
            active_seconds=self.player.active_seconds,
        )


__all__ = ["RoutineRun", "Outcome"]
