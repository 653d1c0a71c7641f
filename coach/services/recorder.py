"""One run of a routine: a Player whose events are written to the log as they happen.

This is the seam between the domain core and the store. The UI drives a :class:`RoutineRun`
and gets the player's events back to render and sound; the run makes sure every step that ends
is a row before the UI even sees it.

When the log cannot be written (a full disk, a read-only file), the routine goes on: the rows wait
in memory, in order, and are retried every few seconds; the run tells the UI with a
:class:`LogTrouble` event, and with :class:`LogRecovered` once they are all written.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from coach.core.clock import Clock
from coach.core.player import (
    Event,
    Finished,
    Player,
    SegmentEnded,
    SegmentStarted,
    build_timeline,
)
from coach.core.routine import Routine
from coach.core.vocabulary import Dose, SessionStatus
from coach.store import Store, StoreError

RETRY_SECONDS = 2.0
"""How often rows waiting for an unwritable log are tried again."""


@dataclass(frozen=True)
class LogTrouble:
    """A write failed; ``waiting`` says exactly which rows are held in memory."""

    reason: str
    waiting: tuple[str, ...]


@dataclass(frozen=True)
class LogRecovered:
    """Every waiting row has been written."""

    saved: int


@dataclass(frozen=True)
class _Pending:
    description: str
    write: Callable[[], object]


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
        dose: Dose = Dose.USUAL,
    ) -> None:
        self.routine = routine
        self.dose = dose
        """Which dose this is (the routine given is already the lighter one when lighter)."""
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
        self._anchor: tuple[datetime, float, float] | None = None
        """Wall time, monotonic time and boot-minus-monotonic gap when the session started."""
        self._pending: list[_Pending] = []
        self._trouble: LogTrouble | None = None
        self._retry_at = 0.0
        self._log_events: list[LogTrouble | LogRecovered] = []

    @property
    def unsaved(self) -> tuple[str, ...]:
        """What has not reached the log yet, oldest first (empty when all is written)."""
        return tuple(p.description for p in self._pending)

    @property
    def write_error(self) -> str | None:
        """Why the log could not be written, while rows are waiting."""
        return self._trouble.reason if self._pending and self._trouble else None

    def wall_time(self, monotonic_at: float) -> datetime:
        """The wall time a monotonic instant corresponds to (for events found after a stall).

        Counted from the session's start: the time run since, plus any time the machine slept
        (boot time minus monotonic time). A wall clock set forward or back mid-routine then moves
        no row to another day, nor makes one end before it starts.
        """
        if self._anchor is None:
            return self.clock.now() - timedelta(seconds=self.clock.monotonic() - monotonic_at)
        started, started_mono, started_gap = self._anchor
        slept = max(0.0, self._gap() - started_gap)
        instant = started + timedelta(seconds=monotonic_at - started_mono + slept)
        return instant.astimezone(self.clock.now().tzinfo)

    def _gap(self) -> float:
        return self.clock.boottime() - self.clock.monotonic()

    def start(self) -> list[Event]:
        if self.session_id is not None or self.player.is_over:
            return []  # started already, or quit before it began (coach ending): nothing to log
        self.session_id = session_id = str(uuid.uuid4())
        now, checkin_id = self.clock.now(), self.checkin_id
        self._anchor = (now, self.clock.monotonic(), self._gap())
        self._write(
            f"the start of {self.routine.name}",
            lambda: self.store.start_session(
                routine_id=self.routine.id,
                routine_name=self.routine.name,
                tags=self.routine.tags,
                planned_seconds=self.planned_seconds,
                now=now,
                checkin_id=checkin_id,
                session_id=session_id,
                dose=self.dose,
            ),
        )
        return self._record(self.player.start())

    def update(self) -> list[Event]:
        if self._pending and self.clock.monotonic() >= self._retry_at:
            self.flush()
        return self._record(self.player.update())

    def flush(self) -> int:
        """Try the waiting rows again, in order; returns how many are still waiting."""
        saved = 0
        while self._pending:
            try:
                self._pending[0].write()
            except StoreError as exc:
                self._failed(exc.message)
                return len(self._pending)
            self._pending.pop(0)
            saved += 1
        if saved and self._trouble is not None:
            self._trouble = None
            self._log_events.append(LogRecovered(saved))
        return 0

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
        if self._log_events:
            events = [*events, *self._log_events]  # type: ignore[list-item]
            self._log_events = []
        return events

    def _write(self, description: str, write: Callable[[], object]) -> None:
        """Write now, or (behind rows already waiting, so order holds) keep it for later."""
        self._pending.append(_Pending(description, write))
        self.flush()

    def _failed(self, reason: str) -> None:
        self._retry_at = self.clock.monotonic() + RETRY_SECONDS
        trouble = LogTrouble(reason, self.unsaved)
        if trouble != self._trouble:
            self._trouble = trouble
            self._log_events.append(trouble)

    def _write_step(self, event: SegmentEnded) -> None:
        assert self.session_id is not None
        segment = event.segment
        step = segment.step
        started = self._segment_started.get(event.index) or self.wall_time(
            event.at - event.active_seconds
        )
        ended = self.wall_time(event.at)
        session_id = self.session_id
        side = f" ({segment.side})" if segment.side else ""
        self._write(
            f"{step.name}{side} {event.outcome.value}",
            lambda: self.store.record_step(
                session_id,
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
                ended=ended,
            ),
        )

    def _finish(self, event: Finished) -> None:
        assert self.session_id is not None
        status = SessionStatus.COMPLETED if event.completed else SessionStatus.PARTIAL
        session_id, ended, active = (
            self.session_id,
            self.wall_time(event.at),
            self.player.active_seconds,
        )
        self._write(
            f"the end of {self.routine.name} ({status})",
            lambda: self.store.finish_session(
                session_id, status=status, now=ended, active_seconds=active
            ),
        )


__all__ = ["LogRecovered", "LogTrouble", "RoutineRun"]
