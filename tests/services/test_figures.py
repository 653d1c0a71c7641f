"""The bundled figures: every step of every bundled routine and every exercise of the library
has one, and each one parses."""

from __future__ import annotations

from pathlib import Path

from coach.core.figure import figure_id
from coach.services.exercises import load_exercises
from coach.services.figures import builtin_figures_dir, load_figure, load_figures
from coach.services.routines import load_all
from coach.system.paths import builtin_exercises_dir, builtin_routines_dir


def test_every_step_of_every_bundled_routine_has_a_figure_that_parses() -> None:
    book = load_figures()
    assert not book.errors, [str(e) for e in book.errors]
    routines = load_all(builtin_routines_dir())
    missing = [
        f"{routine.id}: {step.name} ({figure_id(step)}.toml)"
        for routine in routines.routines.values()
        for step in routine.steps
        if book.for_step(step) is None
    ]
    assert not missing


def test_every_figure_file_is_some_bundled_exercise_s() -> None:
    library = load_exercises(builtin_exercises_dir()).exercises
    ids = {exercise.figure or exercise.id for exercise in library.values()}
    assert {path.stem for path in builtin_figures_dir().glob("*.toml")} <= ids


def test_every_bundled_exercise_has_a_figure() -> None:
    """So a regression going lighter swaps in shows one too, and `coach exercises show` draws it."""
    book = load_figures()
    library = load_exercises(builtin_exercises_dir()).exercises
    assert {e.id for e in library.values() if (e.figure or e.id) not in book.figures} == set()


def test_a_bad_file_is_one_error_and_the_rest_load(tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text('mode = "spin"\n', encoding="utf-8")
    good = builtin_figures_dir() / "cat-cow.toml"
    (tmp_path / "cat-cow.toml").write_text(good.read_text(encoding="utf-8"), encoding="utf-8")
    book = load_figures(tmp_path)
    assert list(book.figures) == ["cat-cow"]
    assert [str(e) for e in book.errors] == [
        f'{tmp_path / "bad.toml"}: mode must be one of hold, alternate, loop, got "spin"'
    ]
    assert load_figure(good).id == "cat-cow"
