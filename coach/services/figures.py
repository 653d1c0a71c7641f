"""Figure files on disk: read like routine files (bounded, hostile), gathered by exercise id.

The bundled figures sit in ``exercises/figures/`` in a checkout and ``coach/exercises/figures/``
inside the wheel (see pyproject.toml), one ``<exercise id>.toml`` each. A file that can't be used
is one :class:`RoutineError` and is left out; its exercise simply shows no figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from coach.core.figure import Figure, figure_id, parse_figure
from coach.core.routine import RoutineError
from coach.services.routines import routine_files
from coach.system.files import ROUTINE_LIMIT, FileRefused, load_toml
from coach.system.paths import builtin_exercises_dir, user_exercises_dir


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
        """The figure for a step (see :func:`coach.core.figure.figure_id`), if any."""
        return self.figures.get(figure_id(step))


def load_figures(directory: Path | None = None, user_dir: Path | None = None) -> FigureBook:
    """The figures in ``directory`` (the bundled ones by default), then the user's, which add to
    them or replace one with the same id, as their exercise files do."""
    book = FigureBook()
    for folder in (directory or builtin_figures_dir(), user_dir):
        if folder is None:
            continue
        paths, errors = routine_files(folder)
        book.errors.extend(errors)
        for path in paths:
            try:
                figure = load_figure(path)
            except RoutineError as exc:
                book.errors.append(exc)
                continue
            book.figures[figure.id] = figure
    return book


def user_figures_dir() -> Path:
    """Where people keep figures for their own exercises: ``<config>/exercises/figures``."""
    return user_exercises_dir() / "figures"


def default_figures() -> FigureBook:
    """The bundled figures and the user's own, from where coach keeps them."""
    return load_figures(builtin_figures_dir(), user_figures_dir())
