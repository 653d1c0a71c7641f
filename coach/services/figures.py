"""Figure files on disk: read like routine files (bounded, hostile), gathered by exercise id.

The bundled figures sit in ``exercises/figures/`` in a checkout and ``coach/exercises/figures/``
inside the wheel (see pyproject.toml), one ``<exercise id>.toml`` each. A file that can't be used
is one :class:`RoutineError` and is left out; its exercise simply shows no figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from coach.core.figure import Figure, exercise_id, parse_figure
from coach.core.routine import RoutineError
from coach.services.routines import routine_files
from coach.system.files import ROUTINE_LIMIT, FileRefused, load_toml
from coach.system.paths import builtin_exercises_dir


def builtin_figures_dir() -> Path:
    """The bundled figures, beside the bundled exercises."""
    return builtin_exercises_dir() / "figures"


def load_figure(path: Path | str) -> Figure:
    """One figure file; every failure is a one-line :class:`RoutineError`."""
    path = Path(path)
    try:
        data = load_toml(path, limit=ROUTINE_LIMIT)
    except FileRefused as exc:
        raise RoutineError(exc.path, None, exc.message) from None
    return parse_figure(data, path)


@dataclass
class FigureBook:
    """Every figure coach can draw, by exercise id, and the files that could not be read."""

    figures: dict[str, Figure] = field(default_factory=dict)
    errors: list[RoutineError] = field(default_factory=list)

    def for_step(self, step: object) -> Figure | None:
        """The figure for a step (by its ``exercise_id``, else its name's slug), if any."""
        return self.figures.get(exercise_id(step))


def load_figures(directory: Path | None = None) -> FigureBook:
    book = FigureBook()
    paths, errors = routine_files(directory or builtin_figures_dir())
    book.errors.extend(errors)
    for path in paths:
        try:
            figure = load_figure(path)
        except RoutineError as exc:
            book.errors.append(exc)
            continue
        book.figures[figure.id] = figure
    return book
