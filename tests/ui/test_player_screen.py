"""The player screen, driven by keys on a fake clock, checked against the log."""

from __future__ import annotations

from coach.core.player import State
from coach.services.config import Config, PlayerSettings
from coach.services.routines import load_routine
from coach.ui.screens.home import HomeScreen
from coach.ui.screens.player import PlayerScreen
from coach.ui.screens.summary import SummaryScreen
from tests.ui.helpers import advance

THREE_STEPS = """
name = "Three quick ones"
[[steps]]
name = "Neck rolls"
duration = 4
cues = ["Slow circles"]
[[steps]]
name = "Calf raises"
reps = 3
seconds_per_rep = 1
[[steps]]
name = "Side bend"
duration = 3
sides = true
"""

OPEN_STEP = """
name = "Open"
[[steps]]
name = "Pallof press"
reps = 8
"""


def quick_config() -> Config:
    return Config(player=PlayerSettings(get_ready_seconds=2))


async def test_plays_to_the_end_and_logs_every_step(
    make_app, write_routine, store, clock, listener
):
    routine = load_routine(write_routine("three.toml", THREE_STEPS))
    app = make_app(quick_config(), start_with=routine)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        await advance(pilot, clock, 30)
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("enter")
        assert isinstance(app.screen, HomeScreen)

    sessions = list(store.iter_sessions())
    assert len(sessions) == 1
    session = sessions[0]
    assert session["status"] == "completed"
    assert session["routine_id"] == "three"
    steps = store.steps(session["id"])
    assert [(s["exercise"], s["side"], s["outcome"]) for s in steps] == [
        ("Neck rolls", None, "done"),
        ("Calf raises", None, "done"),
        ("Side bend", "left", "done"),
        ("Side bend", "right", "done"),
    ]
    assert listener.bells > 0


async def test_each_step_is_logged_the_moment_it_ends(make_app, write_routine, store, clock):
    routine = load_routine(write_routine("three.toml", THREE_STEPS))
    app = make_app(quick_config(), start_with=routine)
    async with app.run_test(size=(80, 24)) as pilot:
        await advance(pilot, clock, 2 + 4 + 0.5)  # get-ready, neck rolls, into the next
        session = next(store.iter_sessions())
        assert session["status"] == "running"
        assert [s["exercise"] for s in store.steps(session["id"])] == ["Neck rolls"]


async def test_pause_stops_the_countdown(make_app, write_routine, clock):
    routine = load_routine(write_routine("three.toml", THREE_STEPS))
    app = make_app(quick_config(), start_with=routine)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await advance(pilot, clock, 3)  # one second into the hold
        await pilot.press("space")
        assert screen.player.state is State.PAUSED
        before = screen.player.remaining()
        await advance(pilot, clock, 60)
        assert screen.player.remaining() == before
        await pilot.press("space")
        assert screen.player.state is State.RUNNING


async def test_skip_and_back_keys(make_app, write_routine, store, clock):
    routine = load_routine(write_routine("three.toml", THREE_STEPS))
    app = make_app(quick_config(), start_with=routine)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await pilot.press("n")  # skip the get-ready
        assert screen.player.segment.step.name == "Neck rolls"
        assert screen.player.segment.is_work
        await pilot.press("right")  # skip the hold: logged as skipped
        session = next(store.iter_sessions())
        assert [s["outcome"] for s in store.steps(session["id"])] == ["skipped"]
        await pilot.press("b")  # back to the neck rolls' lead-in
        assert screen.player.segment.step.name == "Neck rolls"


async def test_open_rep_step_waits_for_space(make_app, write_routine, store, clock):
    routine = load_routine(write_routine("open.toml", OPEN_STEP))
    app = make_app(quick_config(), start_with=routine)
    async with app.run_test(size=(80, 24)) as pilot:
        await advance(pilot, clock, 600)
        assert isinstance(app.screen, PlayerScreen)
        assert app.screen.player.segment.is_open
        await pilot.press("space")
        assert isinstance(app.screen, SummaryScreen)
    session = next(store.iter_sessions())
    assert session["status"] == "completed"


async def test_quit_asks_first_and_logs_partial(make_app, write_routine, store, clock):
    routine = load_routine(write_routine("three.toml", THREE_STEPS))
    app = make_app(quick_config(), start_with=routine)
    async with app.run_test(size=(80, 24)) as pilot:
        await advance(pilot, clock, 7)
        await pilot.press("q")
        await pilot.press("n")  # keep going
        assert isinstance(app.screen, PlayerScreen)
        assert app.screen.player.state is State.RUNNING
        await pilot.press("q")
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
    session = next(store.iter_sessions())
    assert session["status"] == "partial"
    assert [s["exercise"] for s in store.steps(session["id"])] == ["Neck rolls"]


async def test_mute_silences_cues(make_app, write_routine, clock, listener):
    routine = load_routine(write_routine("three.toml", THREE_STEPS))
    app = make_app(quick_config(), start_with=routine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("m")
        before = listener.bells
        await advance(pilot, clock, 8)
        assert listener.bells == before


async def test_speech_names_the_exercise(make_app, write_routine, clock, listener):
    routine = load_routine(write_routine("three.toml", THREE_STEPS))
    config = Config(player=PlayerSettings(get_ready_seconds=2, speech=True))
    app = make_app(config, start_with=routine)
    async with app.run_test(size=(80, 24)) as pilot:
        await advance(pilot, clock, 2.5)
        assert any("Neck rolls" in phrase for phrase in listener.spoken)
