"""Leaving coach in the middle of a routine without the quit dialog still leaves an honest log."""

from __future__ import annotations

from coach.services.config import Config, PlayerSettings
from tests.ui.helpers import advance


async def test_ctrl_q_mid_routine_logs_the_session_as_partial(make_app, routines, store, clock):
    app = make_app(
        Config(player=PlayerSettings(get_ready_seconds=5)), start_with=routines.get("desk-break")
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await advance(pilot, clock, 5 + 75 + 2)  # the walk is done, into the hip-flexor stretch
        await pilot.press("ctrl+q")
    session = next(store.iter_sessions())
    assert session["status"] == "partial"
    assert session["steps_done"] == 1
    assert [s["exercise"] for s in store.steps(session["id"])] == ["Walk"]
