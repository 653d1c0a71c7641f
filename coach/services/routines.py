"""Routine files on disk: read as hostile files, validated by the core, gathered into a set.

The core (``coach.core.routine``) knows what a routine is; this module knows where they are and
how to read one safely: through ``coach.system.files`` (a regular file only, opened without
blocking, at most ``ROUTINE_LIMIT`` bytes, nested no deeper than ``NESTING_LIMIT``). A file that
fails any of it is one :class:`RoutineError` and is skipped; the other routines load as usual.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from coach.core.routine import Routine, RoutineError, RoutineSet, check_routine, parse_routine
from coach.system.files import ROUTINE_LIMIT, FileRefused, load_toml

if TYPE_CHECKING:
    from coach.core.exercise import Exercise, ExerciseSet


def _known(exercises: ExerciseSet | Mapping[str, Exercise] | None) -> Mapping[str, Exercise]:
    """The exercises steps may name: the given ones, or the bundled and the user's own."""
    if exercises is None:
        from coach.services.exercises import default_exercises

        exercises = default_exercises()
    from coach.core.exercise import ExerciseSet

    return exercises.exercises if isinstance(exercises, ExerciseSet) else exercises


def _read(path: Path) -> dict[str, object]:
    try:
        return load_toml(path, limit=ROUTINE_LIMIT)
    except FileRefused as exc:
        raise RoutineError(exc.path, None, exc.message) from None


def load_routine(
    path: Path | str,
    *,
    builtin: bool = False,
    exercises: ExerciseSet | Mapping[str, Exercise] | None = None,
) -> Routine:
    """Read one routine file; every failure is a :class:`RoutineError` (``problems`` has all).

    Steps may name ``exercises`` (default: the bundled ones and the user's own).
    """
    path = Path(path)
    return parse_routine(_read(path), path, builtin=builtin, exercises=_known(exercises))


def check_file(
    path: Path | str, exercises: ExerciseSet | Mapping[str, Exercise] | None = None
) -> Routine | list[RoutineError]:
    """The routine in a file, or every problem with it, for ``coach routines check``."""
    path = Path(path)
    try:
        data = _read(path)
    except RoutineError as exc:
        return [exc]
    return check_routine(data, path, exercises=_known(exercises))


def routine_files(directory: Path) -> tuple[list[Path], list[RoutineError]]:
    """The ``*.toml`` names in a folder, sorted; a folder that cannot be listed is one error."""
    try:
        with os.scandir(directory) as entries:
            names = sorted(entry.name for entry in entries if entry.name.endswith(".toml"))
    except (FileNotFoundError, NotADirectoryError):
        return [], []
    except OSError as exc:
        return [], [RoutineError(directory, None, f"cannot list it ({exc.strerror or exc})")]
    return [directory / name for name in names], []


def load_directory(
    directory: Path,
    *,
    builtin: bool,
    exercises: ExerciseSet | Mapping[str, Exercise] | None = None,
) -> tuple[list[Routine], list[RoutineError]]:
    paths, errors = routine_files(directory)
    known = _known(exercises)
    routines: list[Routine] = []
    for path in paths:
        try:
            routines.append(load_routine(path, builtin=builtin, exercises=known))
        except RoutineError as exc:
            errors.append(exc)
    return routines, errors


def load_all(
    builtin_dir: Path, user_dir: Path | None = None, exercises: ExerciseSet | None = None
) -> RoutineSet:
    """Built-ins first, then the user's files, which add to them or replace one by id.

    Steps may name ``exercises`` (default: the bundled ones and the user's own); an exercise file
    that did not load is listed among the set's errors, so it is seen where routine errors are.
    """
    if exercises is None:
        from coach.services.exercises import default_exercises

        exercises = default_exercises()
    found = RoutineSet(exercises=exercises.exercises)
    found.errors.extend(exercises.errors)
    for directory, builtin in ((builtin_dir, True), (user_dir, False)):
        if directory is None:
            continue
        routines, errors = load_directory(directory, builtin=builtin, exercises=exercises)
        found.errors.extend(errors)
        for routine in routines:
            existing = found.routines.get(routine.id)
            if existing is not None:
                if existing.builtin and not builtin:
                    found.overridden.add(routine.id)
                else:
                    found.errors.append(
                        RoutineError(
                            routine.source or directory,
                            None,
                            f'id "{routine.id}" is already used by {existing.source}; '
                            "give this routine another id",
                        )
                    )
                    continue
            found.routines[routine.id] = routine
    return found
