"""Settings files: defaults when absent, and one exact line for every kind of mistake."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.services.config import (
    WEEKDAYS,
    BreakSettings,
    Config,
    ConfigError,
    PlayerSettings,
    UiSettings,
    load_config,
    render_config,
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def error_for(path: Path) -> str:
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_missing_file_means_defaults(tmp_path: Path) -> None:
    config = load_config(tmp_path / "absent.toml")
    assert config.path is None
    assert config.player == PlayerSettings(sound=True, speech=False, get_ready_seconds=5)


def test_empty_file_means_defaults(tmp_path: Path) -> None:
    path = write(tmp_path, "# nothing set\n")
    config = load_config(path)
    assert config == Config()
    assert config.path == path


def test_valid_file(tmp_path: Path) -> None:
    path = write(tmp_path, "[player]\nsound = false\nspeech = true\nget_ready_seconds = 3\n")
    config = load_config(path)
    assert config.player == PlayerSettings(sound=False, speech=True, get_ready_seconds=3)
    assert config.path == path


def test_unset_keys_keep_their_defaults(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "[player]\nspeech = true\n"))
    assert config.player == PlayerSettings(sound=True, speech=True, get_ready_seconds=5)


@pytest.mark.parametrize("seconds", [0, 60])
def test_limits_are_inclusive(tmp_path: Path, seconds: int) -> None:
    config = load_config(write(tmp_path, f"[player]\nget_ready_seconds = {seconds}\n"))
    assert config.player.get_ready_seconds == seconds


def test_every_section_and_a_key_map(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[breaks]\ninterval_minutes = 45\nwork_days = []\nwork_hours = "00:00-24:00"\n'
        '[habits]\nday_starts_at = "05:30"\n'
        '[keys]\n"player.pause" = "p"\n',
    )
    config = load_config(path)
    assert config.breaks.interval_minutes == 45.0
    assert isinstance(config.breaks.interval_minutes, float)
    assert config.breaks.work_days == []
    assert config.breaks.work_hours == "00:00-24:00"
    assert config.habits.day_starts_at == "05:30"
    assert config.keys == {"player.pause": "p"}
    assert config.player == PlayerSettings()


def test_settings_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        Config().player.sound = False  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "[sounds]\nbell = true",
            "[sounds]: unknown section; known sections are: " + ", ".join(Config.sections()),
        ),
        ("player = 3", "[player]: must be a table, got 3"),
        (
            "[player]\nvolume = 3",
            "[player] volume: unknown key; "
            "known keys are: sound, speech, get_ready_seconds, figures",
        ),
        ('[player]\nsound = "yes"', '[player] sound: must be true or false, got "yes"'),
        ("[player]\nspeech = 1", "[player] speech: must be true or false, got 1"),
        (
            "[player]\nget_ready_seconds = 2.5",
            "[player] get_ready_seconds: must be a whole number, got 2.5",
        ),
        (
            "[player]\nget_ready_seconds = true",
            "[player] get_ready_seconds: must be a whole number, got true",
        ),
        (
            '[player]\nget_ready_seconds = "5"',
            '[player] get_ready_seconds: must be a whole number, got "5"',
        ),
        (
            "[player]\nget_ready_seconds = [5]",
            "[player] get_ready_seconds: must be a whole number, got [5]",
        ),
        (
            "[player]\nget_ready_seconds = -1",
            "[player] get_ready_seconds: must be at least 0, got -1",
        ),
        (
            "[player]\nget_ready_seconds = 61",
            "[player] get_ready_seconds: must be at most 60, got 61",
        ),
        (
            '[breaks]\ninterval_minutes = "30"',
            '[breaks] interval_minutes: must be a number, got "30"',
        ),
        (
            "[breaks]\ninterval_minutes = 0",
            "[breaks] interval_minutes: must be at least 0.05, got 0.0",
        ),
        (
            "[breaks]\ninterval_minutes = nan",
            "[breaks] interval_minutes: must be a number, got nan",
        ),
        ("[breaks]\nsnooze_minutes = inf", "[breaks] snooze_minutes: must be a number, got inf"),
        (
            '[breaks]\nwork_days = ["mon", "funday"]',
            '[breaks] work_days: must be one of mon, tue, wed, thu, fri, sat, sun; got "funday"',
        ),
        (
            '[breaks]\nwork_hours = "9-5"',
            '[breaks] work_hours: expected a range like "09:00-18:00" ("00:00-24:00" for all day), '
            'got "9-5"',
        ),
        (
            '[habits]\nday_starts_at = "25:00"',
            '[habits] day_starts_at: expected a time like "04:00", got "25:00"',
        ),
        ("[habits]\nday_starts_at = 4", "[habits] day_starts_at: must be a string, got 4"),
        (
            '[keys]\n"player.pause" = 3',
            '[keys]: player.pause must be a string such as "p" or "ctrl+p", got 3',
        ),
        ('keys = "p"', '[keys]: must be a table of strings, got "p"'),
    ],
)
def test_error_messages(tmp_path: Path, text: str, expected: str) -> None:
    path = write(tmp_path, text + "\n")
    assert error_for(path) == f"{path}: {expected}"


def test_error_keeps_its_parts(tmp_path: Path) -> None:
    path = write(tmp_path, "[player]\nget_ready_seconds = 61\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert (caught.value.path, caught.value.key, caught.value.message) == (
        path,
        "[player] get_ready_seconds",
        "must be at most 60, got 61",
    )


def test_bad_toml(tmp_path: Path) -> None:
    path = write(tmp_path, "[player]\nsound = \n")
    message = error_for(path)
    assert message.startswith(f"{path}: not valid TOML (")
    assert "line 2" in message


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes("# réglages\n".encode("latin-1"))
    assert error_for(path) == f"{path}: not UTF-8 text (line 1); save it as UTF-8"


def test_a_directory(tmp_path: Path) -> None:
    assert error_for(tmp_path) == (
        f"{tmp_path}: is a directory, not a file; coach reads only regular files"
    )


# -- the commented file coach writes -------------------------------------------------------


def test_rendered_defaults_load_back(tmp_path: Path) -> None:
    text = render_config(header="coach settings\nedit freely")
    assert text.startswith("# coach settings\n# edit freely\n")
    for name in Config.sections():
        assert f"[{name}]" in text
    config = load_config(write(tmp_path, text))
    assert config == Config()


@given(
    theme=st.text(max_size=20),
    interval=st.floats(0.05, 480),
    days=st.lists(st.sampled_from(WEEKDAYS), unique=True),
    keys=st.dictionaries(st.text(min_size=1, max_size=10), st.text(max_size=10), max_size=3),
)
def test_rendered_settings_load_back(
    tmp_path_factory: pytest.TempPathFactory,
    theme: str,
    interval: float,
    days: list[str],
    keys: dict[str, str],
) -> None:
    config = Config(
        breaks=BreakSettings(interval_minutes=interval, work_days=days),
        ui=UiSettings(theme=theme),
        keys=keys,
    )
    path = write(tmp_path_factory.mktemp("render"), render_config(config))
    assert load_config(path) == config


def test_a_key_with_a_newline_in_its_name_is_still_one_line(tmp_path):
    from coach.cli.errors import CliError
    from coach.cli.loading import check_ui_settings

    path = tmp_path / "config.toml"
    path.write_text('[keys]\n"home.start\\nquit" = "x"\n')
    try:
        check_ui_settings(load_config(path))
    except (ConfigError, CliError) as exc:
        message = str(exc)
    assert "\n" not in message
    assert "home.start\\nquit" in message
