"""Home: the routines, today's status, starting a routine with enter."""

from __future__ import annotations

from textual.widgets import Static

from coach.ui.screens.home import HomeScreen
from coach.ui.screens.player import PlayerScreen
from coach.ui.widgets.routine_list import RoutineList
from tests.demo_log import session


async def test_lists_every_routine(make_app, routines):
    app = make_app()
    async with app.run_test(size=(80, 24)):
        listed = app.screen.query_one("#routines", RoutineList)
        assert listed.option_count == len(routines.routines)


async def test_enter_starts_the_selected_routine(make_app, store):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "down")  # Cool-down, Desk break, Morning mobility
        await pilot.press("enter")
        assert isinstance(app.screen, PlayerScreen)
        assert app.screen.run.routine.id == "morning-mobility"
    assert next(store.iter_sessions())["routine_id"] == "morning-mobility"


async def test_today_shows_morning_mobility_done(make_app, store, clock):
    session(store, "morning-mobility", "Morning mobility", ("morning",), clock.now())
    app = make_app()
    async with app.run_test(size=(80, 24)):
        assert isinstance(app.screen, HomeScreen)
        today = str(app.screen.query_one("#today", Static).render())
        assert "Morning mobility done at 07:30" in today


async def test_keys_typed_in_one_burst_start_the_row_they_moved_to(make_app, store):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "down", "enter")
        assert isinstance(app.screen, PlayerScreen)
        assert app.screen.run.routine.id == "morning-mobility"


async def test_a_broken_user_routine_is_named_on_home_and_the_rest_still_play(make_app, tmp_path):
    from coach.services.routines import load_all
    from coach.system.paths import builtin_routines_dir

    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "good.toml").write_text('name = "Good"\n[[steps]]\nname = "Walk"\nduration = 5\n')
    (folder / "bad.toml").write_text('name = "Bad"\n[[steps]]\nname = "[Walk]"\nduration = 0\n')
    app = make_app()
    app.routines = load_all(builtin_routines_dir(), folder)
    async with app.run_test(size=(80, 24)) as pilot:
        errors = str(app.screen.query_one("#routine-errors", Static).render())
        assert f"Not loaded: 1 file in {folder}" in errors
        assert 'bad.toml: step 1 "[Walk]": duration must be seconds > 0, got 0' in errors
        listed = app.screen.query_one("#routines", RoutineList)
        bundled = len(list(builtin_routines_dir().glob("*.toml")))
        assert listed.option_count == len(app.routines.routines) == bundled + 1
        listed.highlighted = listed.routine_ids().index("good")
        await pilot.press("enter")
        assert isinstance(app.screen, PlayerScreen)
        assert app.screen.run.routine.id == "good"


async def test_today_s_sessions_are_listed_newest_first_and_the_rest_counted(
    make_app, store, clock
):
    from datetime import timedelta

    start = clock.now().replace(hour=5, minute=0)
    for n in range(7):
        session(
            store, "desk-break", f"Desk break {n + 1}", ("desk",), start + timedelta(minutes=9 * n)
        )
    app = make_app()
    async with app.run_test(size=(80, 24)):
        listed = str(app.screen.query_one("#sessions-today", Static).render()).splitlines()
        morning = str(app.screen.query_one("#today", Static).render())
    assert morning == "Morning mobility: not yet today"  # its own line, not a heading for the rest
    assert listed[0] == "Sessions today: 7"
    assert [line.split("  ")[2] for line in listed[1:5]] == [
        f"Desk break {n}" for n in (7, 6, 5, 4)
    ]
    assert listed[5] == "  …and 3 earlier (h: history)"
    assert len(listed) == 6


async def test_no_sessions_today_shows_no_empty_heading(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)):
        assert not app.screen.query_one("#sessions-today", Static).display


async def test_started_is_called_once_with_home_composed_and_filled(make_app, routines):
    """`coach` resumes the cycle collector from this call: it must come after home is up."""
    seen: list[tuple[str, int]] = []
    app = make_app(
        started=lambda: seen.append(
            (type(app.screen).__name__, app.screen.query_one("#routines", RoutineList).option_count)
        )
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("down", "up")
        await pilot.pause()
    assert seen == [("HomeScreen", len(routines.routines))]
