"""Exercise files on disk: the bundled ones and the user's, read as hostile files, gathered.

Like ``coach.services.routines``: each file is read through ``coach.system.files`` (a regular
file only, bounded), validated by the core (``coach.core.exercise``); a file that fails is one
error and is skipped, the others load. The user's ``<config dir>/exercises/*.toml`` are read after
the bundled ones and replace one with the same id. Links (regression, progression) are checked
once every file is in.
"""

from __future__ import annotations

from pathlib import Path

from coach.core.exercise import Exercise, ExerciseSet, parse_exercise
from coach.core.routine import RoutineError
from coach.services.routines import _read, routine_files


def load_exercise(path: Path | str, *, builtin: bool = False) -> Exercise:
    """Read one exercise file; every failure is an error (``problems`` has all)."""
    path = Path(path)
    return parse_exercise(_read(path), path, builtin=builtin)


def load_exercises(builtin_dir: Path, user_dir: Path | None = None) -> ExerciseSet:
    """Built-ins first, then the user's files, which add to them or replace one by id."""
    found = ExerciseSet()
    for directory, builtin in ((builtin_dir, True), (user_dir, False)):
        if directory is None:
            continue
        paths, errors = routine_files(directory)
        found.errors.extend(errors)
        loaded: list[Exercise] = []
        for path in paths:
            try:
                loaded.append(load_exercise(path, builtin=builtin))
            except RoutineError as exc:
                found.errors.append(exc)
        found.add(loaded, builtin=builtin)
    found.resolve_links()
    return found


def default_exercises() -> ExerciseSet:
    """The bundled exercises and the user's own, from where coach keeps them."""
    from coach.system.paths import builtin_exercises_dir, user_exercises_dir

    return load_exercises(builtin_exercises_dir(), user_exercises_dir())
