"""Where coach keeps things: one module, so every path has one answer.

Environment variables win over the platform defaults so tests (and people with unusual setups)
can point coach anywhere without touching their real files.
"""

from __future__ import annotations

import os
from pathlib import Path

APP = "coach"


def data_dir() -> Path:
    """The per-user data directory (``~/.local/share/coach`` on Linux)."""
    import platformdirs  # lazily: with COACH_DB set, ``coach status`` never needs it

    return platformdirs.user_data_path(APP, appauthor=False)


def config_dir() -> Path:
    """The per-user config directory (``~/.config/coach`` on Linux)."""
    import platformdirs

    return platformdirs.user_config_path(APP, appauthor=False)


def state_dir() -> Path:
    """Small notes coach keeps about this machine (``~/.local/state/coach`` on Linux)."""
    import platformdirs

    return platformdirs.user_state_path(APP, appauthor=False)


def cache_dir() -> Path:
    """What coach can rebuild at any time, kept to start faster (``~/.cache/coach`` on Linux)."""
    import platformdirs

    return platformdirs.user_cache_path(APP, appauthor=False)


def parses_path() -> Path:
    """The routine and exercise files' parsed TOML, remembered between starts."""
    return cache_dir() / "parsed-toml.json"


def db_path(override: str | os.PathLike[str] | None = None) -> Path:
    """The log file: ``--db`` beats ``COACH_DB`` beats the data dir."""
    if override:
        return Path(override).expanduser()
    if env := os.environ.get("COACH_DB"):
        return Path(env).expanduser()
    return data_dir() / "coach.db"


def config_path(override: str | os.PathLike[str] | None = None) -> Path:
    """The settings file: ``--config`` beats ``COACH_CONFIG`` beats the config dir."""
    if override:
        return Path(override).expanduser()
    if env := os.environ.get("COACH_CONFIG"):
        return Path(env).expanduser()
    return config_dir() / "config.toml"


def user_routines_dir() -> Path:
    """Where people keep their own routine files."""
    return config_dir() / "routines"


def bundled_dir(name: str) -> Path:
    """A bundled data folder (``routines``, ``exercises``): inside the wheel when installed,
    at the top of a checkout otherwise."""
    here = Path(__file__).resolve().parents[1]  # the coach package
    packaged = here / name
    if packaged.is_dir():
        return packaged
    return here.parent / name


def builtin_routines_dir() -> Path:
    """The bundled routines."""
    return bundled_dir("routines")


def user_exercises_dir() -> Path:
    """Where people keep their own exercise files (one wins over a built-in with its id)."""
    return config_dir() / "exercises"


def builtin_exercises_dir() -> Path:
    """The bundled exercises."""
    return bundled_dir("exercises")
