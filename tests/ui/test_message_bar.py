"""Where there is no room for a toast over the text, what coach says takes its own lines."""

from __future__ import annotations

from textual.widgets._toast import Toast

from coach.ui.screens.history import HistoryScreen
from coach.ui.screens.home import HomeScreen
from coach.ui.screens.player import PlayerScreen
from coach.ui.widgets.message_bar import MessageBar


def bar_text(screen) -> str:
    bar = screen.query_one(MessageBar)
    return str(bar.render()) if bar.display else ""


def toasts_seen(app) -> list[Toast]:
    return [toast for toast in app.screen.query(Toast) if toast.visible]


async def test_history_says_it_in_its_own_line_and_shows_no_toast(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        app.notify("Deleted it. Press u to undo.", title="Deleted", severity="warning")
        for _ in range(3):
            await pilot.pause()
        assert bar_text(app.screen) == "⚠ Deleted: Deleted it. Press u to undo."  # not colour only
        assert toasts_seen(app) == []
        app.clear_notifications()
        await pilot.pause()
        assert bar_text(app.screen) == ""


async def test_home_keeps_its_toasts(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        app.notify("Saved.")
        for _ in range(3):
            await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert not app.screen.query(MessageBar)
        assert len(toasts_seen(app)) == 1


async def test_a_player_pushed_while_a_notice_is_up_shows_it(make_app, routines):
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        app.notify("coach is not medical advice.", title="Not medical advice", timeout=15)
        app.start_routine(routines.get("desk-break"))
        for _ in range(3):
            await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        assert bar_text(app.screen) == "Not medical advice: coach is not medical advice."
        assert not app.screen.query_one("#plan").display  # the step list makes room for it
