"""A log that refuses a write mid-session is reported on screen; coach keeps running."""

from __future__ import annotations

from coach.ui.screens.summary import SummaryScreen
from tests.ui.helpers import advance


async def test_a_refused_pain_answer_is_said_and_coach_goes_on(make_app, routines, store, clock):
    app = make_app(start_with=routines.get("desk-break"))
    async with app.run_test(size=(80, 24)) as pilot:
        await advance(pilot, clock, 400, step=2)
        assert isinstance(app.screen, SummaryScreen)
        store.db.execute("PRAGMA query_only = ON")  # every write now fails, as on a full disk
        await pilot.press("3")
        await pilot.pause()
        assert app.is_running
        assert isinstance(app.screen, SummaryScreen)
        assert any(n.title == "The log refused a write" for n in app._notifications)
        store.db.execute("PRAGMA query_only = OFF")
        await pilot.press("4")
        await pilot.pause()
    assert [c["pain"] for c in store.checkins()] == [4]
    assert next(store.iter_sessions())["status"] == "completed"
