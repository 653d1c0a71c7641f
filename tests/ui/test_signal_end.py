"""SIGHUP or SIGTERM while a routine plays: the app's end_now, as the signal handler calls it."""

from __future__ import annotations

import signal

from coach.core.vocabulary import SessionStatus
from coach.services.config import Config, PlayerSettings
from coach.system.lock import BreakLock, lock_path_for
from tests.ui.helpers import advance


async def test_a_signal_logs_the_routine_partial_frees_the_lock_and_exits(
    make_app, routines, store, clock
):
    app = make_app(
        Config(player=PlayerSettings(get_ready_seconds=5)), start_with=routines.get("desk-break")
    )
    other = BreakLock(lock_path_for(store.path))
    async with app.run_test(size=(80, 24)) as pilot:
        await advance(pilot, clock, 5 + 30)  # half way through the walk
        assert not other.acquire()  # this coach prompts for breaks
        app.end_now(signal.SIGTERM)
        session = next(store.iter_sessions())
        assert session["status"] == SessionStatus.PARTIAL  # before the app has drawn anything
        assert session["ended_at"] and session["active_seconds"] == 35  # get-ready and walk
        assert other.acquire()
        other.release()
        await pilot.pause()
    assert app.return_code == 128 + signal.SIGTERM


async def test_a_signal_before_the_routine_started_logs_nothing(make_app, routines, store):
    """Quit before the player screen was mounted: no session row is left running."""
    app = make_app(start_with=routines.get("desk-break"))
    async with app.run_test(size=(80, 24)) as pilot:
        for run in app.runs:
            run.quit()  # what end_now does, had the signal come before the player started
            assert run.start() == []
        await pilot.pause()
    assert all(s["status"] != SessionStatus.RUNNING for s in store.iter_sessions())
