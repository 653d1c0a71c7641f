"""The bundled figures: every step of every bundled routine has one, and each one parses."""

from __future__ import annotations

from pathlib import Path

from coach.core.figure import exercise_id
from coach.services.figures import builtin_figures_dir, load_figure, load_figures
from coach.services.routines import load_all
from coach.system.paths import builtin_routines_dir

WITH_FIGURES = ("morning-mobility", "desk-break", "cool-down", "pre-lift-warmup")
"""The routines whose every step has a figure."""
NOT_DRAWN_YET: set[str] = set()
"""Exercises of the newer routines with no figure yet (the player shows none for them). This
list may only shrink: a figure drawn for one of them fails the test until it is taken out."""


def test_every_step_of_the_first_routines_has_a_figure_that_parses() -> None:
    book = load_figures()
    assert not book.errors, [str(e) for e in book.errors]
    routines = load_all(builtin_routines_dir())
    missing = [
        f"{routine_id}: {step.name} ({exercise_id(step)}.toml)"
        for routine_id in WITH_FIGURES
        for step in routines.routines[routine_id].steps
        if book.for_step(step) is None
    ]
    assert not missing


def test_the_steps_without_a_figure_are_exactly_the_known_ones() -> None:
    book = load_figures()
    routines = load_all(builtin_routines_dir())
    without = {
        exercise_id(step)
        for routine in routines.routines.values()
        for step in routine.steps
        if book.for_step(step) is None
    }
    assert without - NOT_DRAWN_YET == set(), "a new step without a figure"
    assert NOT_DRAWN_YET - without == set(), "drawn now: take it out of NOT_DRAWN_YET"


def test_every_figure_file_is_for_a_bundled_step() -> None:
    routines = load_all(builtin_routines_dir())
    ids = {exercise_id(step) for r in routines.routines.values() for step in r.steps}
    assert {path.stem for path in builtin_figures_dir().glob("*.toml")} <= ids


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
