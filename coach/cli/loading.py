"""What the commands load: the settings, the routines and the log.

Each failure is a :class:`~coach.core.errors.CoachError` that ``main`` renders as one line.
Imports are lazy, so a command that needs only the settings pays only for them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from coach.cli.errors import CliError

if TYPE_CHECKING:
    import argparse

    from coach.core.routine import Routine, RoutineSet
    from coach.services.config import Config
    from coach.store import Store


def load_settings(args: argparse.Namespace) -> Config:
    from coach.services.config import load_config
    from coach.system.paths import config_path

    return load_config(config_path(args.config))


def check_ui_settings(config: Config) -> None:
    """The settings only the app can check (themes, key names): before anything starts."""
    from coach.ui.themes import check_theme

    check_theme(config.ui.theme, config.path)
    if config.keys:  # the check reads every screen's bindings: only when something is remapped
        from coach.ui.keymap import check_keys

        check_keys(config.keys, config.path)


def load_routines() -> RoutineSet:
    """Every routine and exercise file, parsed once per content (see ``remembered_parses``)."""
    from coach.services.routines import load_all
    from coach.system.files import remembered_parses
    from coach.system.paths import builtin_routines_dir, parses_path, user_routines_dir

    with remembered_parses(parses_path()):
        return load_all(builtin_routines_dir(), user_routines_dir())


def open_store(args: argparse.Namespace, config: Config, *, always_check: bool = False) -> Store:
    import contextlib
    from datetime import date

    from coach.core.days import parse_hhmm
    from coach.store import Store, checked_today, remember_checked
    from coach.system.paths import db_path, state_dir

    path, marker, today = db_path(args.db), state_dir() / "log-checked.json", date.today()
    # SQLite's quick_check reads the whole log: once a day is enough to catch a damaged file.
    integrity = always_check or not checked_today(marker, path, today)
    store = Store.open(
        path,
        day_starts_at=parse_hhmm(config.habits.day_starts_at),
        integrity=integrity,
        patience=busy_patience(),
    )
    if integrity:
        # Only a saving of time: a disk too full to keep the mark costs a check tomorrow.
        with contextlib.suppress(OSError):
            remember_checked(marker, path, today)
    return store


def busy_patience() -> float:
    """How long a command waits for another coach's write: ``$COACH_BUSY_SECONDS`` or 30 s."""
    import os

    from coach.store import BUSY_PATIENCE_SECONDS

    text = os.environ.get("COACH_BUSY_SECONDS", "").strip()
    if not text:
        return BUSY_PATIENCE_SECONDS
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 3600:
        raise CliError(f'$COACH_BUSY_SECONDS: must be 0 to 3600 seconds, got "{text}"')
    return seconds


def resolve_routine(name: str, routines: RoutineSet) -> Routine:
    from coach.services.routines import load_routine

    path = Path(name).expanduser()
    try:
        is_file = path.is_file()
    except OSError:  # a name too long to be a file's, say: then it is an id
        is_file = False
    if name.endswith(".toml") or is_file or "/" in name:
        return load_routine(path)
    routine = routines.get(name)
    if routine is None:
        for error in routines.errors:  # `coach run mine` when mine.toml did not load
            if error.path.stem == name:
                raise CliError(str(error))
        known = ", ".join(sorted(routines.routines)) or "none"
        raise CliError(f'no routine "{name}"; known routines: {known} (or give a .toml file)')
    return routine
