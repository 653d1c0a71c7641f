"""Exercises: the movements routines are made of, as decoded TOML validated with one-line errors.

An exercise file says what a movement is (name, a one-line description, up to three cues), what it
needs (``equipment``, from :data:`EQUIPMENT`) and where it leads: an easier ``regression`` for a
sore day and a harder ``progression`` for later, each the id of another exercise. A routine's step
says ``exercise = "cat-cow"`` and sets only the dose. Exercise files are user-editable data like
routine files, so they are checked by the same machinery (``coach.core.routine._Checker``): every
problem is one line naming the file, the field and the fix. A link to an exercise that does not
exist, or a chain of regressions (or progressions) that comes back to where it started, is found
once every file is read (:func:`check_links`). Reading files is not done here: see
``coach.services.exercises``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from coach.core.routine import ID_PATTERN, RoutineError, _Checker, _quote, _show

EQUIPMENT = ("band", "mat", "wall", "stick", "bench", "dumbbell", "foam-roller", "box", "none")
"""What an exercise may need; ``none`` says, explicitly, that it needs nothing."""
NO_EQUIPMENT = "none"
EXERCISE_KEYS = (
    "id",
    "name",
    "description",
    "cues",
    "equipment",
    "regression",
    "progression",
    "figure",
)
LINKS = ("regression", "progression")


class ExerciseError(RoutineError):
    """An exercise file that cannot be used, with where and why, rendered as one line."""


@dataclass(frozen=True)
class Exercise:
    id: str
    name: str
    description: str = ""
    cues: tuple[str, ...] = ()
    equipment: tuple[str, ...] = ()
    regression: str | None = None
    """The id of a gentler version, for a sore day."""
    progression: str | None = None
    """The id of a harder version, for later."""
    figure: str = ""
    """The id of its figure (``exercises/figures/``); the exercise's own id unless set."""
    source: Path | None = None
    builtin: bool = False

    @property
    def needs(self) -> tuple[str, ...]:
        """The equipment that is something to fetch (``none`` left out)."""
        return tuple(item for item in self.equipment if item != NO_EQUIPMENT)


def _optional_id(checker: _Checker, data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
        checker.problem(None, f"{key} must be an exercise id (like cat-cow), got {_show(value)}")
        return None
    return value


def check_exercise(
    data: dict[str, Any], path: Path, *, builtin: bool = False
) -> Exercise | list[RoutineError]:
    """A decoded TOML document as an Exercise, or every problem in it."""
    checker = _Checker(path, ExerciseError)
    checker.unknown(data, EXERCISE_KEYS, None)

    exercise_id = data.get("id", path.stem)
    if not isinstance(exercise_id, str) or not ID_PATTERN.fullmatch(exercise_id):
        checker.problem(
            None,
            f"id must be lowercase letters, digits and dashes (like cat-cow), "
            f"got {_show(exercise_id)}",
        )
        exercise_id = ""
    name, description = checker.name_and_description(data)
    if "\n" in description.strip():
        checker.problem(None, "description must be one line; put the details in cues")
    checker.text(description, "description", None, allow="\n")
    cues = checker.cues(data, None)

    equipment = data.get("equipment", [])
    if not isinstance(equipment, list) or not all(isinstance(e, str) for e in equipment):
        checker.problem(None, f"equipment must be a list of strings, got {_show(equipment)}")
        equipment = []
    for item in equipment:
        if item not in EQUIPMENT:
            checker.problem(
                None, f"unknown equipment {_quote(item)}; expected some of: {', '.join(EQUIPMENT)}"
            )
    links = {key: _optional_id(checker, data, key) for key in LINKS}
    for key, target in links.items():
        if target is not None and target == exercise_id:
            checker.problem(None, f"{key} must be another exercise, not {_quote(target)} itself")
    figure = data.get("figure", exercise_id)
    if not isinstance(figure, str) or not ID_PATTERN.fullmatch(figure):
        checker.problem(None, f"figure must be a figure id (like cat-cow), got {_show(figure)}")

    if checker.problems:
        return checker.problems
    return Exercise(
        id=exercise_id,
        name=name.strip(),
        description=description.strip(),
        cues=tuple(c.strip() for c in cues),
        equipment=tuple(dict.fromkeys(equipment)),
        regression=links["regression"],
        progression=links["progression"],
        figure=figure,
        source=path,
        builtin=builtin,
    )


def parse_exercise(data: dict[str, Any], path: Path, *, builtin: bool = False) -> Exercise:
    """Validate a decoded TOML document as an exercise, raising an :class:`ExerciseError`."""
    checked = check_exercise(data, path, builtin=builtin)
    if isinstance(checked, Exercise):
        return checked
    raise checked[0].with_problems(checked)


def _where(exercise: Exercise) -> Path:
    return exercise.source or Path(f"{exercise.id}.toml")


def _unlinked(exercise: Exercise, key: str) -> Exercise:
    if key == "regression":
        return replace(exercise, regression=None)
    return replace(exercise, progression=None)


def check_links(exercises: dict[str, Exercise]) -> tuple[dict[str, Exercise], list[ExerciseError]]:
    """Every regression and progression resolved: a broken link is an error and is dropped.

    A link to an unknown id is one error on the file that holds it; so is the link that closes a
    cycle (``a`` regresses to ``b``, which regresses back to ``a``). The exercise itself stays
    usable, without that link, so the routines that use it still load.
    """
    fixed = dict(exercises)
    errors: list[ExerciseError] = []
    for exercise in exercises.values():
        for key in LINKS:
            target = getattr(exercise, key)
            if target is not None and target not in exercises:
                errors.append(
                    ExerciseError(
                        _where(exercise),
                        key,
                        f"no exercise {_quote(target)}; give the id of an exercise "
                        "(`coach exercises` lists them)",
                    )
                )
                fixed[exercise.id] = _unlinked(fixed[exercise.id], key)
    for key in LINKS:
        for start in sorted(fixed):
            seen = [start]
            current = getattr(fixed[start], key)
            while current is not None:
                if current == start:
                    last = fixed[seen[-1]]
                    chain = " → ".join([*seen, start])
                    errors.append(
                        ExerciseError(
                            _where(last),
                            key,
                            f"goes round in a circle ({chain}); point one of them elsewhere",
                        )
                    )
                    fixed[last.id] = _unlinked(last, key)
                    break
                if current in seen:  # a cycle further on: found when it is the start
                    break
                seen.append(current)
                current = getattr(fixed[current], key)
    return fixed, errors


@dataclass
class ExerciseSet:
    """Every exercise coach knows, plus the files that could not be loaded."""

    exercises: dict[str, Exercise] = field(default_factory=dict)
    errors: list[RoutineError] = field(default_factory=list)
    overridden: set[str] = field(default_factory=set)
    """Ids of built-ins that a user file replaced."""

    def get(self, exercise_id: str) -> Exercise | None:
        return self.exercises.get(exercise_id)

    def sorted(self) -> list[Exercise]:
        return sorted(self.exercises.values(), key=lambda e: e.id)

    def add(self, found: Iterable[Exercise], *, builtin: bool) -> None:
        """Built-ins first, then the user's: a user's file replaces a built-in with its id."""
        for exercise in found:
            existing = self.exercises.get(exercise.id)
            if existing is not None:
                if existing.builtin and not builtin:
                    self.overridden.add(exercise.id)
                else:
                    self.errors.append(
                        ExerciseError(
                            _where(exercise),
                            None,
                            f"id {_quote(exercise.id)} is already used by {existing.source}; "
                            "give this exercise another id",
                        )
                    )
                    continue
            self.exercises[exercise.id] = exercise

    def resolve_links(self) -> None:
        self.exercises, errors = check_links(self.exercises)
        self.errors.extend(errors)
