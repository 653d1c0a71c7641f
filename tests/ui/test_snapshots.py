"""What each screen looks like at 80×24, on a fixed clock and an empty or known log."""

from __future__ import annotations

from coach.config import Config, PlayerSettings
from tests.demo_log import write_demo_log
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


def test_history(snap_compare, make_app, store, clock):
    write_demo_log(store, clock.now())

    async def open_history(pilot):
        await pilot.press("h")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=open_history)


def test_history_prelift_wide(snap_compare, make_app, store, clock):
    write_demo_log(store, clock.now())

    async def open_prelift(pilot):
        await pilot.press("h")
        await pilot.press("3")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(140, 40), run_before=open_prelift)


def test_history_mark_days(snap_compare, make_app, store, clock):
    write_demo_log(store, clock.now())

    async def open_dialog(pilot):
        await pilot.press("h")
        await pilot.press("r")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=open_dialog)
