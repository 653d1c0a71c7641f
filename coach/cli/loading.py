"""What the commands load: the settings, the routines and the log, each failure one line.

Imports are lazy, so a command that needs only the settings pays only for them.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from coach.cli.errors import CliError

if TYPE_CHECKING:
    from coach.core.routine import Routine, RoutineSet
    from coach.services.config import Config
    from coach.store.log import Store


def load_settings(args: argparse.Namespace) -> Config:
    from coach.services.config import ConfigError, load_config
    from coach.system.paths import config_path

    try:
        return load_config(config_path(args.config))
    except ConfigError as exc:
        raise CliError(str(exc)) from None


def check_ui_settings(config: Config) -> None:
    """The settings only the app can check (themes, key names): before anything starts."""
    from coach.services.config import ConfigError
    from coach.ui.themes import check_theme

    try:
        check_theme(config.ui.theme, config.path)
        if config.keys:  # the check reads every screen's bindings: only when something is remapped
            from coach.ui.keymap import check_keys

            check_keys(config.keys, config.path)
    except ConfigError as exc:
        raise CliError(str(exc)) from None


def load_routines() -> RoutineSet:
    from coach.services.routines import load_all
    from coach.system.paths import builtin_routines_dir, user_routines_dir

    return load_all(builtin_routines_dir(), user_routines_dir())


def open_store(args: argparse.Namespace, config: Config, *, always_check: bool = False) -> Store:
    from datetime import date

    from coach.core.days import parse_hhmm
    from coach.store.log import Store, StoreError, checked_today, remember_checked
    from coach.system.paths import db_path, state_dir

    path, marker, today = db_path(args.db), state_dir() / "log-checked.json", date.today()
    # SQLite's quick_check reads the whole log: once a day is enough to catch a damaged file.
    integrity = always_check or not checked_today(marker, path, today)
    try:
        store = Store.open(
            path, day_starts_at=parse_hhmm(config.habits.day_starts_at), integrity=integrity
        )
    except StoreError as exc:
        raise CliError(str(exc)) from None
    if integrity:
        remember_checked(marker, path, today)
    return store


def resolve_routine(name: str, routines: RoutineSet) -> Routine:
    from coach.core.routine import RoutineError
    from coach.services.routines import load_routine

    path = Path(name).expanduser()
    if name.endswith(".toml") or path.is_file() or "/" in name:
        try:
            return load_routine(path)
        except RoutineError as exc:
            raise CliError(str(exc)) from None
    routine = routines.get(name)
    if routine is None:
        for error in routines.errors:  # `coach run mine` when mine.toml did not load
            if error.path.stem == name:
                raise CliError(str(error))
        known = ", ".join(sorted(routines.routines)) or "none"
        raise CliError(f'no routine "{name}"; known routines: {known} (or give a .toml file)')
    return routine
