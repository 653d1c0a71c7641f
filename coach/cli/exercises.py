"""`coach exercises`: list the exercises routines are made of; `show ID` prints one."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from coach.cli.errors import CliError
from coach.cli.loading import load_settings
from coach.text.formatting import clipped, equipment_text
from coach.text.safe import echo, one_line

if TYPE_CHECKING:
    from coach.core.exercise import ExerciseSet

WIDTH = 80
"""Every listed line fits a terminal this wide; `show` says the rest."""
NAME_WIDTH = 18
NEEDS_WIDTH = 11


def run(args: argparse.Namespace) -> int:
    load_settings(args)
    from coach.services.exercises import default_exercises

    exercises = default_exercises()
    if args.exercises_command == "show":
        return show_exercise(args.exercise, exercises)
    return list_exercises(exercises)


def list_exercises(exercises: ExerciseSet) -> int:
    rows = [
        (
            one_line(exercise.id),
            one_line(exercise.name) + ("" if exercise.builtin else " (yours)"),
            one_line(equipment_text(exercise.needs)),
            " ".join(
                part
                for part in (
                    f"← {exercise.regression}" if exercise.regression else "",
                    f"→ {exercise.progression}" if exercise.progression else "",
                )
                if part
            ),
        )
        for exercise in exercises.sorted()
    ]
    header = ("id", "name", "needs", "← easier → harder")
    id_width = max(len(row[0]) for row in [header, *rows])
    name_width = min(NAME_WIDTH, max(len(row[1]) for row in [header, *rows]))
    needs_width = min(NEEDS_WIDTH, max(len(row[2]) for row in [header, *rows]))
    for row in [header, *rows]:
        line = "  ".join(
            (
                row[0].ljust(id_width),
                clipped(row[1], name_width).ljust(name_width),
                clipped(row[2], needs_width).ljust(needs_width),
                row[3],
            )
        )
        echo(clipped(line.rstrip(), WIDTH))
    for error in exercises.errors:
        echo(f"error: {one_line(error)}", file=sys.stderr)
    return 0


def show_exercise(exercise_id: str, exercises: ExerciseSet) -> int:
    exercise = exercises.get(exercise_id)
    if exercise is None:
        for error in exercises.errors:  # `coach exercises show mine` when mine.toml did not load
            if error.path.stem == exercise_id:
                raise CliError(str(error))
        raise CliError(
            f'no exercise "{exercise_id}"; `coach exercises` lists the {len(exercises.exercises)}'
        )
    origin = "built-in" if exercise.builtin else f"yours ({exercise.source})"
    if exercise.id in exercises.overridden:
        origin += ", replaces the built-in"
    echo(f"{one_line(exercise.name)} ({one_line(exercise.id)}, {one_line(origin)})")
    if exercise.description:
        echo(one_line(exercise.description))
    for cue in exercise.cues:
        echo(f"  - {one_line(cue)}")
    echo(f"needs: {one_line(equipment_text(exercise.needs))}")
    for label, linked in (("easier", exercise.regression), ("harder", exercise.progression)):
        if linked is None:
            continue
        target = exercises.get(linked)
        name = target.name if target is not None else linked
        echo(f"{label}: {one_line(name)} ({one_line(linked)})")
    return 0
