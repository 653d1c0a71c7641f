"""Clocks, injected everywhere time matters, so tests never wait and a stall never lies.

Three readings, because they disagree in ways coach cares about: ``monotonic`` for how long a
hold has run (it never jumps, and on Linux it stops while the machine sleeps), ``now`` for which
local day and hour it is, and ``boottime`` which keeps running through a suspend, so the gap
between it and ``monotonic`` reveals a sleep.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Protocol


class Clock(Protocol):
    def monotonic(self) -> float:
        """Seconds from an arbitrary start; never goes back."""
        ...

    def now(self) -> datetime:
        """The wall time, timezone-aware, in the local zone."""
        ...

    def boottime(self) -> float:
        """Seconds since boot, including time suspended."""
        ...


class SystemClock:
    """The real clocks of this machine."""

    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> datetime:
        return datetime.now().astimezone()

    def boottime(self) -> float:
        boot = getattr(time, "CLOCK_BOOTTIME", None)
        if boot is not None:
            return time.clock_gettime(boot)
        return time.time()


class FakeClock:
    """A clock that moves only when told: for tests, demos and benchmarks."""

    def __init__(self, start: datetime, tz: tzinfo | None = None, monotonic: float = 1000.0):
        if start.tzinfo is None:
            raise ValueError("FakeClock needs an aware start time")
        self.tz = tz or start.tzinfo
        self._utc = start.astimezone(UTC)
        self._mono = monotonic
        self._boot = monotonic

    def monotonic(self) -> float:
        return self._mono

    def now(self) -> datetime:
        return self._utc.astimezone(self.tz)

    def boottime(self) -> float:
        return self._boot

    def advance(self, seconds: float) -> None:
        """Time passes normally: every clock moves."""
        self._mono += seconds
        self._boot += seconds
        self._utc += timedelta(seconds=seconds)

    def suspend(self, seconds: float) -> None:
        """The machine sleeps: wall and boot time move, the monotonic clock does not."""
        self._boot += seconds
        self._utc += timedelta(seconds=seconds)

    def jump_wall(self, seconds: float) -> None:
        """The wall clock is set (NTP, a manual change): only wall time moves."""
        self._utc += timedelta(seconds=seconds)

    def set_zone(self, tz: tzinfo) -> None:
        """The laptop crosses time zones: the instant stays, the local reading changes."""
        self.tz = tz


class AnchoredClock:
    """Wall time carried forward on the monotonic clock from a dated anchor.

    Rows that belong together (a prompt shown, snoozed, answered; a natural break's start and
    end) take their times from here, so a wall clock set back or forward between them (NTP, a
    person fixing the time) never makes one end before it starts. Time asleep is added back from
    the boot clock, as :meth:`coach.services.recorder.RoutineRun.wall_time` does. The owner
    calls :meth:`reanchor` at moments when nothing is open, so the wall clock's corrections are
    taken up between rows, never inside one.
    """

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._wall = clock.now()
        self._mono = clock.monotonic()
        self._gap = clock.boottime() - self._mono

    def monotonic(self) -> float:
        return self.clock.monotonic()

    def boottime(self) -> float:
        return self.clock.boottime()

    def now(self) -> datetime:
        mono = self.clock.monotonic()
        slept = max(0.0, (self.clock.boottime() - mono) - self._gap)
        instant = self._wall + timedelta(seconds=mono - self._mono + slept)
        return instant.astimezone(self.clock.now().tzinfo)

    def drift(self) -> float:
        """Seconds the wall clock is ahead of the anchored time (negative: behind)."""
        return (self.clock.now() - self.now()).total_seconds()

    def reanchor(self) -> None:
        self._wall = self.clock.now()
        self._mono = self.clock.monotonic()
        self._gap = self.clock.boottime() - self._mono
