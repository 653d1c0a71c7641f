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
YOURS = " (yours)"
"""After the name of an exercise from the user's own folder (the name is cut to make room)."""


def run(args: argparse.Namespace) -> int:
    load_settings(args)
    from coach.services.exercises import default_exercises

    exercises = default_exercises()
    if args.exercises_command == "show":
        return show_exercise(args.exercise, exercises)
    return list_exercises(exercises)


def list_exercises(exercises: ExerciseSet) -> int:
    """One line each, within 80 columns: a long name or link is cut (``show`` says it all)."""
    listed = exercises.sorted()
    rows = [
        (
            one_line(exercise.id),
            one_line(exercise.name),
            one_line(equipment_text(exercise.needs)),
            " ".join(
                f"{arrow} {linked}"
                for arrow, linked in (("←", exercise.regression), ("→", exercise.progression))
                if linked
            ),
        )
        for exercise in listed
    ]
    marks = ["", *("" if exercise.builtin else YOURS for exercise in listed)]
    table = [("id", "name", "needs", "← easier → harder"), *rows]
    id_width = max(len(row[0]) for row in table)
    widest = max(len(row[1]) + len(mark) for row, mark in zip(table, marks, strict=True))
    name_width = min(NAME_WIDTH, widest)
    needs_width = min(NEEDS_WIDTH, max(len(row[2]) for row in table))
    for row, mark in zip(table, marks, strict=True):
        name = clipped(row[1], name_width - len(mark)) + mark
        line = "  ".join(
            (
                row[0].ljust(id_width),
                name.ljust(name_width),
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
    show_figure(exercise.figure or exercise.id)
    return 0


HOW_IT_MOVES = {
    "hold": "held",
    "alternate": "1 ↔ 2, once a rep",
    "loop": "through each pose in turn, slowly",
}


def show_figure(figure_id: str) -> None:
    """The exercise's figure, every pose side by side, or a line saying why there is none."""
    from coach.services.figures import default_figures
    from coach.text.figure import gallery

    book = default_figures()
    figure = book.figures.get(figure_id)
    if figure is None:
        for error in book.errors:  # the user's figure file did not load: say why
            if error.path.stem == figure_id:
                echo(f"figure: none ({one_line(error)})")
                return
        echo(f"figure: none yet ({one_line(figure_id)}.toml)")
        return
    echo(f"figure ({HOW_IT_MOVES[figure.mode]}):")
    for line in gallery(figure.poses, WIDTH, floor=figure.floor):
        echo(line)
