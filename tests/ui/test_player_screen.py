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


def summary_line(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def test_the_end_is_called_well_done_only_when_history_counts_it_done(
    make_app, write_routine, store, clock
):
    """Skipping to the end reaches it, but history counts it as tried: the summary says the same."""
    from coach.core.habit_day import counts_as_done

    routine = load_routine(write_routine("three.toml", THREE_STEPS))
    app = make_app(quick_config(), start_with=routine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for _ in range(6):  # skip every part (the get-ready of each, then the part itself)
            if isinstance(app.screen, SummaryScreen):
                break
            await pilot.press("n")
            await pilot.pause()
        await advance(pilot, clock, 30)
        assert isinstance(app.screen, SummaryScreen)
        title = summary_line(app, "#summary-title")
        counts = summary_line(app, "#summary-counts")
    session = next(store.iter_sessions())
    assert session["status"] == "completed" and not counts_as_done(session)
    assert title == "Reached the end, mostly skipped: history counts it as tried, not done."
    done, skipped = session["steps_done"], session["steps_skipped"]  # side bend: two parts
    assert counts == f"Done {done} of 4 (each side and each set counts once) · skipped {skipped}"


async def test_a_routine_done_whole_is_well_done_and_counts_its_parts(
    make_app, write_routine, clock
):
    routine = load_routine(write_routine("three.toml", THREE_STEPS))
    app = make_app(quick_config(), start_with=routine)
    async with app.run_test(size=(80, 24)) as pilot:
        await advance(pilot, clock, 30)
        assert isinstance(app.screen, SummaryScreen)
        assert summary_line(app, "#summary-title") == "Routine complete. Well done."
        assert summary_line(app, "#summary-counts") == (
            "Done 4 of 4 (each side and each set counts once)"
        )


async def test_help_over_the_player_pauses_it_and_closing_it_plays_on(
    make_app, write_routine, clock
):
    from coach.core.player import State
    from coach.ui.dialogs.help import HelpScreen

    routine = load_routine(write_routine("three.toml", THREE_STEPS))
    app = make_app(quick_config(), start_with=routine)
    async with app.run_test(size=(80, 24)) as pilot:
        await advance(pilot, clock, 3)
        player = app.screen
        assert isinstance(player, PlayerScreen) and player.player.state is State.RUNNING
        left = player.player.remaining()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert player.player.state is State.PAUSED
        clock.advance(60)  # a minute reading the keys
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is player and player.player.state is State.RUNNING
        assert player.player.remaining() == left  # the hold lost nothing to the help screen

        await pilot.press("space")  # paused by the person: help doesn't resume it
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert player.player.state is State.PAUSED


async def test_muted_cues_stay_said_on_the_player_until_unmuted(
    make_app, write_routine, clock, listener
):
    """The toast saying "Cues muted" is gone in 2 s; the progress line keeps saying so."""
    routine = load_routine(write_routine("three.toml", THREE_STEPS))
    app = make_app(quick_config(), start_with=routine)
    async with app.run_test(size=(80, 24)) as pilot:
        progress = app.screen.query_one("#progress-text")
        assert "muted" not in str(progress.render())
        await pilot.press("m")
        bells = listener.bells
        await advance(pilot, clock, 10)  # through the get-ready and a hold's end: no bell
        assert listener.bells == bells
        assert "cues muted (m)" in str(progress.render())
        await pilot.press("m")
        assert "muted" not in str(progress.render())
