"""The wall clock set an hour forward or back, and a two-hour suspend, in the middle of a routine
(on the injected clock): no negative countdown, no burst of cues, no session on the wrong day,
and no row that ends before it starts."""

from __future__ import annotations

from datetime import date

import pytest

from coach.core.days import stored_day
from coach.services.config import Config, PlayerSettings
from coach.ui.screens.player import PlayerScreen
from coach.ui.screens.summary import SummaryScreen
from coach.ui.widgets.countdown import Countdown
from tests.faults.consistency import log_problems
from tests.ui.helpers import advance

HOUR = 3600
DISTURBANCES = {
    "wall clock an hour forward": lambda clock: clock.jump_wall(HOUR),
    "wall clock an hour back": lambda clock: clock.jump_wall(-HOUR),
    "two-hour suspend": lambda clock: clock.suspend(2 * HOUR),
}


@pytest.mark.parametrize("name", list(DISTURBANCES))
async def test_a_clock_disturbance_mid_routine(name, make_app, routines, store, clock, listener):
    clock.advance((23 * 60 + 40 - (7 * 60 + 30)) * 60)  # 23:40 on Wed 25 Nov: near midnight
    app = make_app(
        Config(player=PlayerSettings(get_ready_seconds=5)), start_with=routines.get("desk-break")
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await advance(pilot, clock, 60)  # into the walk
        player = app.screen.player
        left_before = player.time_left()
        bells_before = listener.bells

        DISTURBANCES[name](clock)
        await advance(pilot, clock, 0.5)
        assert listener.bells - bells_before <= 1, "a burst of cues"
        assert player.time_left() == pytest.approx(left_before - 0.5)  # the routine didn't jump

        shown: list[str] = []
        while isinstance(app.screen, PlayerScreen):
            assert player.remaining() is None or player.remaining() >= 0
            assert player.time_left() >= 0
            shown.append(app.screen.query_one(Countdown).value)
            await advance(pilot, clock, 2, step=0.5)
        assert isinstance(app.screen, SummaryScreen)
    assert not any("-" in text for text in shown)

    session = next(store.iter_sessions())
    assert session["status"] == "completed"
    assert session["local_date"] == "2026-11-25"  # counted for the day it started
    assert [s["id"] for s in store.sessions_on(date(2026, 11, 25))] == [session["id"]]
    assert log_problems(store) == []
    if "suspend" not in name:  # three minutes from 23:40 stay on the 25th, whatever the clock says
        assert {s["local_date"] for s in store.steps(session["id"])} == {"2026-11-25"}


@pytest.mark.parametrize("name", list(DISTURBANCES))
async def test_a_clock_disturbance_mid_break_interval(name, make_app, store, clock, listener):
    from tests.ui.helpers import advance_breaks
    from tests.ui.test_break_prompt import home_line, quick

    clock.advance((23 * 60 + 59 - (7 * 60 + 30)) * 60 + 50)  # 23:59:50 on Wed 25 Nov
    app = make_app(quick())  # a break every 15 s, all day
    async with app.run_test(size=(80, 24)) as pilot:
        await advance_breaks(pilot, clock, 5)  # 10 s to the first break
        bells = listener.bells
        DISTURBANCES[name](clock)
        lines: list[str] = []
        for _ in range(14):
            await advance_breaks(pilot, clock, 1)
            lines.append(home_line(app, "break-next"))
        prompts = listener.bells - bells
        assert prompts <= 1, f"a burst of {prompts} prompts"
        assert not any("-" in line.split("in", 1)[-1] for line in lines if "in " in line), lines
    assert log_problems(store) == []
    rows = list(store.db.query("SELECT * FROM breaks"))
    assert rows, "no break was logged at all"
    for row in rows:  # each counts for the day of its own moment: the due time, or the gap's start
        moment = row["started_at"] if row["outcome"] in ("away", "natural") else row["due_at"]
        assert row["local_date"] == str(stored_day(moment, row["utc_offset_min"])), row
    if "suspend" in name:  # asleep through 480 due breaks: one away row, no burst of prompts
        assert [row["outcome"] for row in rows] == ["away"]
