"""Break screens at 80×24 on the fake clock: home counting down, the prompt, the routine offer."""

from __future__ import annotations

from datetime import timedelta

from coach.services.config import WEEKDAYS, BreakSettings, Config
from tests.ui.helpers import advance_breaks


def all_day(interval: float = 30, **changes) -> Config:
    return Config(
        breaks=BreakSettings(
            interval_minutes=interval,
            work_hours="00:00-24:00",
            work_days=list(WEEKDAYS),
            **changes,
        )
    )


def test_home_counting_down_to_a_break(snap_compare, make_app, store, clock):
    earlier = clock.now() - timedelta(hours=3)
    store.log_break(outcome="self", at=earlier)
    store.log_break(outcome="natural", at=earlier, started=earlier)
    prompt = store.add_break_prompt(due_at=earlier, prompted_at=earlier)
    store.snooze_break(prompt)
    store.close_break(prompt, outcome="done", at=earlier)
    missed = store.add_break_prompt(due_at=earlier, prompted_at=earlier)
    store.close_break(missed, outcome="missed", at=earlier)
    app = make_app(all_day())

    async def a_while(pilot):
        await advance_breaks(pilot, clock, 12 * 60 + 21, step=60)

    assert snap_compare(app, terminal_size=(80, 24), run_before=a_while)


def test_break_prompt(snap_compare, make_app, clock):
    app = make_app(all_day(0.25))

    async def ignored(pilot):
        await advance_breaks(pilot, clock, 75)

    assert snap_compare(app, terminal_size=(80, 24), run_before=ignored)


def test_break_prompt_without_snoozes_left(snap_compare, make_app, clock):
    app = make_app(all_day(0.25, max_snoozes=1, snooze_minutes=0.1))

    async def snoozed_once(pilot):
        await advance_breaks(pilot, clock, 75)
        await pilot.press("z")
        await advance_breaks(pilot, clock, 66)

    assert snap_compare(app, terminal_size=(80, 24), run_before=snoozed_once)


def test_break_routine_offer(snap_compare, make_app, clock):
    app = make_app(all_day(0.25))

    async def done(pilot):
        await advance_breaks(pilot, clock, 75)
        await pilot.press("d")

    assert snap_compare(app, terminal_size=(80, 24), run_before=done)
