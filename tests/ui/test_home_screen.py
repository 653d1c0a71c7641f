"""Home: the routines, today's status, starting a routine with enter."""

from __future__ import annotations

from textual.widgets import DataTable, Static

from coach.ui.screens.home import HomeScreen
from coach.ui.screens.player import PlayerScreen
from tests.demo_log import session


async def test_lists_every_routine(make_app, routines):
    app = make_app()
    async with app.run_test(size=(80, 24)):
        table = app.screen.query_one("#routines", DataTable)
        assert table.row_count == len(routines.routines)


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
        table = app.screen.query_one("#routines", DataTable)
        assert table.row_count == len(app.routines.routines) == 5
        table.move_cursor(row=table.get_row_index("good"))
        await pilot.press("enter")
        assert isinstance(app.screen, PlayerScreen)
        assert app.screen.run.routine.id == "good"
