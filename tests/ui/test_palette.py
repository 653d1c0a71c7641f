"""The command palette: routines by name, theme switching that is saved, only real commands."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandList, CommandPalette

from coach.services.config import Config, UiSettings, load_config, write_config
from coach.text.formatting import fitted_path
from coach.ui.app import TOAST_COLUMNS, CoachApp
from coach.ui.commands import FEATURE_ACTIONS, one_line, palette_commands
from coach.ui.dialogs.help import HelpScreen
from coach.ui.screens.player import PlayerScreen


async def palette_prompts(pilot, query: str) -> list[str]:
    """Open the palette, type ``query`` and return the listed titles once the search settles."""
    await pilot.press("ctrl+p")
    return await search(pilot, query)


async def search(pilot, query: str) -> list[str]:
    """Type ``query`` into the open palette; the titles listed once the search settles."""
    assert isinstance(pilot.app.screen, CommandPalette)
    await pilot.press(*query)
    prompts: list[str] = []
    for _ in range(50):
        await pilot.pause(0.02)
        command_list = pilot.app.screen.query_one(CommandList)
        current = [
            str(command_list.get_option_at_index(i).prompt).split("\n")[0]
            for i in range(command_list.option_count)
        ]
        if current and current == prompts:
            break
        prompts = current
    return prompts


async def test_palette_lists_and_starts_morning_mobility(make_app, store):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        prompts = await palette_prompts(pilot, "morning")
        assert prompts[0].startswith("Start Morning mobility")
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        assert app.screen.run.routine.id == "morning-mobility"
    assert next(store.iter_sessions())["routine_id"] == "morning-mobility"


async def test_every_routine_and_the_settings_commands_are_offered(make_app, routines):
    app = make_app()
    async with app.run_test(size=(80, 24)):
        titles = [command.title for command in palette_commands(app)]
    for routine in routines.sorted():
        assert f"Start {routine.name}" in titles
    assert {"Switch theme", "Show settings file", "Setup", "Keys and help"} <= set(titles)
    built = {
        "Open history",
        "Mark today as rest",
        "Take a break now",
        "Snooze the break",
        "Count my time away as a break",
    }
    assert built <= set(titles)  # every feature command: history, rest days, breaks
    assert not ({title for title, _, _ in FEATURE_ACTIONS} - built) & set(titles)


async def test_no_routine_is_offered_while_one_runs(make_app, routines):
    app = make_app(start_with=routines.get("desk-break"))
    async with app.run_test(size=(80, 24)):
        titles = [command.title for command in palette_commands(app)]
    assert not [title for title in titles if title.startswith("Start ")]


async def test_a_feature_command_appears_when_the_app_can_do_it(make_app):
    opened: list[str] = []

    class WithHistory(CoachApp):
        def action_open_history(self) -> None:
            opened.append("history")

    app = make_app()
    app.__class__ = WithHistory
    async with app.run_test(size=(80, 24)) as pilot:
        commands = {command.title: command for command in palette_commands(app)}
        assert "Open history" in commands
        lacking = [
            title for title, _, action in FEATURE_ACTIONS if not hasattr(app, f"action_{action}")
        ]
        assert not set(lacking) & set(commands)
        commands["Open history"].run()
        await pilot.pause()
    assert opened == ["history"]


async def test_switching_theme_saves_it_and_keeps_the_rest(make_app, tmp_path: Path):
    path = tmp_path / "config.toml"
    write_config(path, Config(keys={"player.pause": "p"}))
    app = make_app(load_config(path), config_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        prompts = await palette_prompts(pilot, "switch theme")
        assert prompts[0] == "Switch theme"
        await pilot.press("enter")
        await pilot.pause()
        themes = await search(pilot, "high-contrast")  # Textual's theme picker
        assert themes == ["coach-high-contrast"]
        await pilot.press("down", "enter")
        await pilot.pause()
    saved = load_config(path)
    assert saved.ui.theme == "coach-high-contrast"
    assert saved.keys == {"player.pause": "p"}
    assert app.config.ui.theme == "coach-high-contrast"


async def test_a_settings_file_broken_meanwhile_is_left_alone(make_app, tmp_path: Path):
    path = tmp_path / "config.toml"
    app = make_app(Config(), config_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        path.write_text("[ui]\ntheme = 3\n", encoding="utf-8")
        app.theme = "nord"
        await pilot.pause()
        messages = [n.message for n in app._notifications]
    assert path.read_text(encoding="utf-8") == "[ui]\ntheme = 3\n"
    assert any(m.startswith(f"Not saved: {path}: [ui] theme") for m in messages)
    assert app.theme == "nord"  # this session still uses it


async def test_show_settings_file_names_the_path(make_app, tmp_path: Path):
    path = tmp_path / "config.toml"
    app = make_app(Config(ui=UiSettings(theme="textual-light")), config_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await palette_prompts(pilot, "settings file")
        await pilot.press("enter")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        copied = app.clipboard
    # the toast fits the path to its width (never folded mid-name); the clipboard has it whole
    assert f"{fitted_path(path, TOAST_COLUMNS)} (not written yet)" in messages
    assert copied == str(path)


async def test_keys_and_help_from_the_palette_describe_the_screen_below(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await palette_prompts(pilot, "keys and help")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert app.screen.title_text == "Keys · Home"


def test_palette_help_fits_one_line():
    text = "10 min · " + "hip openers and spinal mobility " * 4
    cut = one_line(text)
    assert len(cut) <= 72 and cut.endswith("…") and not cut.endswith(" …")
    assert one_line("short") == "short"
