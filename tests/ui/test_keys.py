"""Your own keys: [keys] remaps bindings by id, mistakes are one line, the README is true."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.widgets import Button, Label

from coach.core.player import State
from coach.services.config import Config, ConfigError
from coach.ui.dialogs.help import HelpScreen
from coach.ui.keymap import _owners, check_keys, key_bindings, keys_table
from coach.ui.screens.player import PlayerScreen
from tests.ui.helpers import advance

README = Path(__file__).parents[2] / "README.md"


async def test_a_remapped_pause_key_pauses_and_the_old_one_does_not(make_app, routines, clock):
    app = make_app(Config(keys={"player.pause": "p"}), start_with=routines.get("desk-break"))
    async with app.run_test(size=(80, 24)) as pilot:
        await advance(pilot, clock, 8)
        player = app.screen
        assert isinstance(player, PlayerScreen)
        await pilot.press("space")
        assert player.player.state is State.RUNNING
        await pilot.press("p")
        assert player.player.state is State.PAUSED
        assert str(player.query_one("#phase", Label).render()) == "PAUSED · p resumes"
        await pilot.press("p")
        assert player.player.state is State.RUNNING


async def test_words_that_name_a_key_follow_the_remap(make_app, routines, clock):
    keys = {"summary.home": "h", "confirm.yes": "j", "confirm.no": "k"}
    app = make_app(Config(keys=keys), start_with=routines.get("desk-break"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("q")
        labels = [str(button.label) for button in app.screen.query(Button)]
        assert labels == ["Quit (j)", "Keep going (k)"]
        await pilot.press("k")
        await advance(pilot, clock, 400, step=2)
        await pilot.pause()
        hint = str(app.screen.query_one("#summary-hint", Label).render())
        assert hint == "Press h to go home."


async def test_help_shows_the_remapped_key_with_its_id(make_app, routines):
    app = make_app(Config(keys={"player.pause": "p"}), start_with=routines.get("desk-break"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = {row.binding_id: row.keys for row in app.screen.rows}
        assert rows["player.pause"] == "p"
        assert rows["player.skip"] == "→ n"
        assert rows["app.help"] == "?"


def test_every_binding_in_coach_has_an_id():
    missing = [
        f"{owner.__name__}: {binding.key}"
        for owner in _owners()
        for binding in owner.__dict__["BINDINGS"]
        if not binding.id
    ]
    assert not missing


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        (
            {"player.paws": "p"},
            '[keys] player.paws: unknown binding id; did you mean "player.pause"? '
            "(the README lists them all)",
        ),
        (
            {"pause": "p"},
            "[keys] pause: unknown binding id; ids start with adapt., app., break., checkin., "
            "confirm., help., history., home., log_past., mark_days., note., notice., offer., "
            "player., prompt., red_flag., session_steps., setup., summary. (the README lists "
            "them all)",
        ),
        (
            {"player.pause": "spcae"},
            '[keys] player.pause: "spcae" is not a key name; '
            'write keys like "p", "space", "ctrl+p" or "f5"',
        ),
        (
            {"player.pause": "cmd+p"},
            '[keys] player.pause: unknown modifier "cmd" in "cmd+p" '
            "(use ctrl, shift, alt, meta or super)",
        ),
        (
            {"player.pause": "p,"},
            "[keys] player.pause: an empty key name (keys are separated by commas; "
            "write a comma as comma)",
        ),
        (
            {"player.pause": "n"},
            '[keys] player.pause: "n" is also player.skip on the same screen; pick another key',
        ),
    ],
)
def test_key_mistakes_are_one_line_naming_the_key(tmp_path: Path, keys, message):
    path = tmp_path / "config.toml"
    with pytest.raises(ConfigError) as caught:
        check_keys(keys, path)
    assert str(caught.value) == f"{path}: {message}"


@pytest.mark.parametrize(
    "keys",
    [
        {"player.pause": "p"},
        {"player.pause": "?"},  # another screen's key is fine
        {"player.pause": "ctrl+space,f5"},
        {"player.skip": "space", "player.pause": "p"},  # a swap, both moved
        {"home.start": "question_mark"},
        {"app.palette": "ctrl+k"},
    ],
)
def test_good_remaps_pass(keys):
    check_keys(keys, None)


def test_readme_lists_every_binding_id_and_its_default_keys():
    text = README.read_text(encoding="utf-8")
    found = re.search(r"<!-- keys:start -->\n(.*?)<!-- keys:end -->", text, re.DOTALL)
    assert found, "README.md lacks the <!-- keys:start --> … <!-- keys:end --> table"
    assert found.group(1) == keys_table(), (
        "README's key table is out of date; regenerate it with `python -m coach.ui.keymap`"
    )
    assert len(key_bindings()) >= 15


async def test_the_palette_key_can_move_and_the_footer_follows(make_app):
    from textual.command import CommandPalette

    app = make_app(Config(keys={"app.palette": "ctrl+k"}))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()  # the footer fills in once home has been laid out
        palette_key = app.screen.query_one(".-command-palette")
        assert palette_key.key == "ctrl+k"
        await pilot.press("ctrl+p")
        assert not isinstance(app.screen, CommandPalette)
        await pilot.press("ctrl+k")
        assert isinstance(app.screen, CommandPalette)


def test_every_dialog_shows_its_own_keys_in_its_footer():
    """A dialog covers the screen under it, footer and all: each has a Footer of its own, and
    something in it, or the bottom line is blank (or, without one, shows keys that don't work)."""
    import importlib
    import inspect
    import pkgutil

    from textual.binding import Binding
    from textual.screen import Screen

    import coach.ui.dialogs

    dialogs = []
    for info in pkgutil.iter_modules(coach.ui.dialogs.__path__):
        module = importlib.import_module(f"coach.ui.dialogs.{info.name}")
        dialogs += [
            cls
            for _, cls in inspect.getmembers(module, inspect.isclass)
            if issubclass(cls, Screen) and cls.__module__ == module.__name__
        ]
    assert len(dialogs) >= 10
    for dialog in dialogs:
        source = inspect.getsource(dialog)
        assert "Footer()" in source, f"{dialog.__name__} has no footer"
        shown = [b for b in dialog.BINDINGS if isinstance(b, Binding) and b.show]
        assert shown, f"{dialog.__name__}'s footer would be empty"
