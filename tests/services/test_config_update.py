"""Saving settings keeps the person's words: only changed values are rewritten (tomlkit)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from coach.services.config import (
    Config,
    ConfigError,
    changed_settings,
    load_config,
    update_config,
)

MINE = """\
# my coach settings — tuned for the standing desk
[player]
sound = false   # the office is quiet
get_ready_seconds = 3

# themes I like: nord, gruvbox
[ui]
theme = "nord"  # chosen 2026-11-02
"""


def test_a_theme_change_rewrites_only_the_theme(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(MINE)
    before = load_config(path)
    after = dataclasses.replace(before, ui=dataclasses.replace(before.ui, theme="gruvbox"))
    update_config(path, before, after)
    assert path.read_text() == MINE.replace('theme = "nord"', 'theme = "gruvbox"')
    assert load_config(path).ui.theme == "gruvbox"


def test_a_section_or_key_the_file_lacks_is_added(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(MINE)
    before = load_config(path)
    after = dataclasses.replace(
        before,
        breaks=dataclasses.replace(before.breaks, interval_minutes=45, work_days=["mon", "tue"]),
        keys={"player.pause": "p"},
    )
    update_config(path, before, after)
    text = path.read_text()
    assert text.startswith(MINE)  # every word of theirs, where it was
    loaded = load_config(path)
    assert (loaded.breaks.interval_minutes, loaded.breaks.work_days) == (45, ["mon", "tue"])
    assert loaded.keys == {"player.pause": "p"}
    again = dataclasses.replace(loaded, keys={})
    update_config(path, loaded, again)
    assert load_config(path).keys == {}


def test_no_file_yet_is_written_whole_and_commented(tmp_path: Path) -> None:
    path = tmp_path / "new" / "config.toml"
    update_config(
        path,
        Config(),
        dataclasses.replace(Config(), ui=dataclasses.replace(Config().ui, theme="nord")),
    )
    assert "# the colour theme" in path.read_text()
    assert load_config(path).ui.theme == "nord"


def test_a_file_broken_meanwhile_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[ui\ntheme = ")
    with pytest.raises(ConfigError, match="not valid TOML"):
        update_config(
            path,
            Config(),
            dataclasses.replace(Config(), ui=dataclasses.replace(Config().ui, theme="nord")),
        )
    assert path.read_text() == "[ui\ntheme = "


def test_changed_settings_lists_only_what_differs() -> None:
    before = Config()
    after = dataclasses.replace(before, player=dataclasses.replace(before.player, sound=False))
    assert changed_settings(before, after) == {"player": {"sound": False}}
    assert changed_settings(before, before) == {}
