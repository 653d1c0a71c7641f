"""What each screen looks like at 80×24, on a fixed clock and an empty or known log."""

from __future__ import annotations

from pathlib import Path

from coach.config import Config, PlayerSettings, UiSettings
from tests.ui.helpers import advance


def test_home(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(80, 24))


def test_player_mid_hold(snap_compare, make_app, routines, clock):
    routine = routines.get("morning-mobility")
    app = make_app(Config(player=PlayerSettings(get_ready_seconds=5)), start_with=routine)

    async def into_cat_cow(pilot):
        await advance(pilot, clock, 5 + 20)  # get-ready, then 20 s of cat-cow

    assert snap_compare(app, terminal_size=(80, 24), run_before=into_cat_cow)


def test_player_get_ready_before_pigeon(snap_compare, make_app, routines, clock):
    routine = routines.get("morning-mobility")
    app = make_app(Config(player=PlayerSettings(get_ready_seconds=5)), start_with=routine)

    async def into_pigeon(pilot):
        await advance(pilot, clock, 5 + 60 + 10 + 2)  # cat-cow, its rest, 2 s of get-ready

    assert snap_compare(app, terminal_size=(80, 24), run_before=into_pigeon)


def test_player_wide(snap_compare, make_app, routines, clock):
    routine = routines.get("morning-mobility")
    app = make_app(start_with=routine)

    async def into_pigeon_left(pilot):
        await advance(pilot, clock, 5 + 60 + 10 + 5 + 30)

    assert snap_compare(app, terminal_size=(200, 50), run_before=into_pigeon_left)


def test_quit_confirm(snap_compare, make_app, routines, clock):
    app = make_app(start_with=routines.get("desk-break"))

    async def ask(pilot):
        await advance(pilot, clock, 10)
        await pilot.press("q")

    assert snap_compare(app, terminal_size=(80, 24), run_before=ask)


def test_summary(snap_compare, make_app, routines, clock):
    app = make_app(start_with=routines.get("desk-break"))

    async def finish(pilot):
        await advance(pilot, clock, 400, step=2)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=finish)


def test_first_run(snap_compare, make_app):
    app = make_app(config_path=Path("/home/you/.config/coach/config.toml"), first_run=True)
    assert snap_compare(app, terminal_size=(80, 24))


def test_help_on_home(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(80, 24), press=["question_mark"])


def test_home_light_theme(snap_compare, make_app):
    app = make_app(Config(ui=UiSettings(theme="textual-light")))
    assert snap_compare(app, terminal_size=(80, 24))


def test_home_high_contrast_theme(snap_compare, make_app):
    app = make_app(Config(ui=UiSettings(theme="coach-high-contrast")))
    assert snap_compare(app, terminal_size=(80, 24))


def test_player_high_contrast_theme(snap_compare, make_app, routines, clock):
    app = make_app(
        Config(ui=UiSettings(theme="coach-high-contrast")),
        start_with=routines.get("morning-mobility"),
    )

    async def into_cat_cow(pilot):
        await advance(pilot, clock, 5 + 20)

    assert snap_compare(app, terminal_size=(80, 24), run_before=into_cat_cow)
