"""First run: the questions on one screen, answered or skipped, land in a file that loads back."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Checkbox, Input, Label

from coach.services.config import Config, PlayerSettings, load_config
from coach.ui.screens.home import HomeScreen
from coach.ui.screens.player import PlayerScreen
from coach.ui.screens.setup import SetupScreen
from coach.ui.widgets.routine_list import RoutineList


def routines_listed(app) -> list[str]:
    return app.screen.query_one("#routines", RoutineList).routine_ids()


async def test_answers_are_written_to_a_config_that_loads(make_app, tmp_path: Path):
    path = tmp_path / "config.toml"
    app = make_app(config_path=path, first_run=True)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, SetupScreen)
        screen = app.screen
        screen.query_one("#work-hours", Input).value = "08:30-17:00"
        screen.query_one("#interval", Input).value = "45"
        await pilot.click("#day-fri")
        await pilot.click("#day-sat")
        await pilot.click("#lifts")
        await pilot.click("#sound")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "pre-lift-warmup" not in routines_listed(app)
        assert app.sounder.sound is False

    loaded = load_config(path)
    assert loaded.breaks.work_hours == "08:30-17:00"
    assert loaded.breaks.work_days == ["mon", "tue", "wed", "thu", "sat"]
    assert loaded.breaks.interval_minutes == 45.0
    assert loaded.ui.lifts is False
    assert loaded.player.sound is False
    assert loaded == app.config
    text = path.read_text(encoding="utf-8")
    assert "# minutes of sitting between breaks" in text  # written with its comments


async def test_skipping_writes_the_defaults_so_it_is_asked_once(make_app, tmp_path: Path):
    path = tmp_path / "config.toml"
    app = make_app(config_path=path, first_run=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "pre-lift-warmup" in routines_listed(app)
    assert load_config(path) == Config()


async def test_a_bad_answer_is_one_line_and_nothing_is_written(make_app, tmp_path: Path):
    path = tmp_path / "config.toml"
    app = make_app(config_path=path, first_run=True)
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.query_one("#interval", Input).value = "0"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        error = str(app.screen.query_one("#setup-error", Label).render())
        assert error == "Break every: must be at least 0.05, got 0.0"
        app.screen.query_one("#work-hours", Input).value = "9-5"
        app.screen.query_one("#interval", Input).value = "30"
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = str(app.screen.query_one("#setup-error", Label).render())
        assert error.startswith('Work hours: expected a range like "09:00-18:00"')
        app.screen.query_one("#work-hours", Input).value = "09:00-17:00"
        app.screen.query_one("#interval", Input).value = ""  # emptied: not the default quietly
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        error = str(app.screen.query_one("#setup-error", Label).render())
        assert error == "Break every: enter a number of minutes"
    assert not path.exists()


async def test_setup_again_keeps_every_other_setting(make_app, tmp_path: Path):
    path = tmp_path / "config.toml"
    path.write_text(
        '[player]\nspeech = true\n[ui]\ntheme = "nord"\n[keys]\n"player.pause" = "p"\n',
        encoding="utf-8",
    )
    config = load_config(path)
    app = make_app(config, config_path=path, first_run=True)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.screen.query_one("#sound", Checkbox).value is True
        app.screen.query_one("#interval", Input).value = "25"
        await pilot.press("ctrl+s")
        await pilot.pause()
    loaded = load_config(path)
    assert loaded.breaks.interval_minutes == 25.0
    assert loaded.player == PlayerSettings(speech=True)
    assert loaded.ui.theme == "nord"
    assert loaded.keys == {"player.pause": "p"}


async def test_coach_run_on_a_first_run_plays_and_setup_waits(make_app, routines, tmp_path: Path):
    """`coach run` must play unattended; setup is for `coach` itself, and waits for it."""
    config_path = tmp_path / "config.toml"
    app = make_app(config_path=config_path, first_run=True, start_with=routines.get("desk-break"))
    async with app.run_test(size=(80, 24)):
        assert isinstance(app.screen, PlayerScreen)
        assert app.screen.run.routine.id == "desk-break"
    assert not config_path.exists()


async def test_an_unticked_box_is_empty_so_it_reads_without_colour(make_app, tmp_path: Path):
    app = make_app(config_path=tmp_path / "config.toml", first_run=True)
    async with app.run_test(size=(80, 24)):
        saturday = app.screen.query_one("#day-sat", Checkbox)
        monday = app.screen.query_one("#day-mon", Checkbox)
        assert str(saturday.render()).startswith("▐ ▌")
        assert str(monday.render()).startswith("▐X▌")
