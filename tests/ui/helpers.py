"""Driving the app on the fake clock: time moves only when a test says so."""

from __future__ import annotations

from textual.pilot import Pilot

from coach.core.clock import FakeClock


async def advance(pilot: Pilot, clock: FakeClock, seconds: float, step: float = 0.5) -> None:
    """Let ``seconds`` pass on the fake clock, ticking the screen as its timer would."""
    remaining = seconds
    while remaining > 1e-9:
        delta = min(step, remaining)
        clock.advance(delta)
        remaining -= delta
        tick = getattr(pilot.app.screen, "tick", None)
        if tick is not None:
            tick()
    await pilot.pause()


async def advance_breaks(pilot: Pilot, clock: FakeClock, seconds: float, step: float = 1.0) -> None:
    """Let ``seconds`` pass, ticking the break scheduler (and any player) as their timers would.

    The event loop runs after each break event or change of screen, not after every tick.
    """
    remaining = seconds
    while remaining > 1e-9:
        delta = min(step, remaining)
        clock.advance(delta)
        remaining -= delta
        screen = pilot.app.screen
        tick = getattr(screen, "tick", None)
        if tick is not None:
            tick()
        if pilot.app.prompter.tick() or pilot.app.screen is not screen:
            await pilot.pause()
    await pilot.pause()
