"""Help: ? lists the keys of the screen it was opened on, with ids, and closes the same way."""

from __future__ import annotations

from coach.ui.dialogs.help import HelpScreen
from coach.ui.screens.home import HomeScreen


async def test_question_mark_lists_the_home_keys_and_closes_again(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = {row.binding_id: row for row in app.screen.rows if row.binding_id}
        assert set(rows) == {
            "home.start",
            "home.history",
            "home.stood_up",
            "home.quit",
            "app.help",
            "app.palette",
        }
        assert rows["home.start"].does == "start the selected routine"
        assert any(row.keys == "↓" for row in app.screen.rows)  # the list's own keys too
        await pilot.press("question_mark")
        assert isinstance(app.screen, HomeScreen)


async def test_the_footer_shows_help(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()  # the footer fills in once home has been laid out
        footer_keys = {key.description for key in app.screen.query("FooterKey")}
    assert {"Start", "Quit", "Help"} <= footer_keys
