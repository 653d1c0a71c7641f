"""Settings edited by hand while coach runs: applied within a few seconds, or one line said and
the old ones kept; coach's own saves keep the file's comments and don't bounce back."""

from __future__ import annotations

from pathlib import Path

from coach.services.config import load_config

FILE = """\
# quiet office
[player]
sound = true
"""


def toasts(app) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications]


async def test_an_edit_by_hand_is_applied_and_a_broken_one_is_said(make_app, tmp_path: Path):
    path = tmp_path / "config.toml"
    path.write_text(FILE)
    app = make_app(load_config(path), config_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.config.player.sound is True
        app.check_settings_file()  # nothing changed: nothing happens
        assert not any(t.startswith("Settings applied") for t in toasts(app))

        path.write_text(FILE.replace("sound = true", "sound = false  # too loud"))
        app.check_settings_file()
        await pilot.pause()
        assert app.config.player.sound is False and app.sounder.sound is False
        assert any(t.startswith("Settings applied") for t in toasts(app))

        path.write_text(FILE.replace("sound = true", 'sound = "loud"'))
        app.check_settings_file()
        await pilot.pause()
        assert app.config.player.sound is False  # the ones in force stay
        said = [t for t in toasts(app) if "[player] sound: must be true or false" in t]
        assert len(said) == 1 and "\n" not in said[0]
        assert "Settings not applied (the ones in force stay)" in said[0]
        app.check_settings_file()  # the same broken file: said once, not every poll
        assert len([t for t in toasts(app) if "[player] sound: must be" in t]) == 1

        path.write_text('[ui]\ntheme = "no-such-theme"\n')
        app.check_settings_file()
        await pilot.pause()
        assert any("unknown theme" in t for t in toasts(app))
        assert app.config.ui.theme != "no-such-theme"


async def test_a_theme_chosen_in_coach_keeps_the_file_s_comments(make_app, tmp_path: Path):
    path = tmp_path / "config.toml"
    path.write_text(FILE)
    app = make_app(load_config(path), config_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.theme = "nord"
        await pilot.pause()
        text = path.read_text()
        assert text.startswith(FILE) and load_config(path).ui.theme == "nord"
        before = len(toasts(app))
        app.check_settings_file()  # coach's own write is not taken for an edit
        assert not any(t.startswith("Settings applied") for t in toasts(app)[before:])
