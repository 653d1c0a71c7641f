"""The bundled library: every exercise loads, every link resolves, every routine names exercises,
and the new routines keep the domain's doses and minutes (/work/shared/domain.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.core.routine import StepKind
from coach.core.vocabulary import Tag
from coach.services.exercises import load_exercise, load_exercises
from coach.services.routines import load_all
from coach.system.paths import builtin_exercises_dir, builtin_routines_dir

EXERCISES = sorted(builtin_exercises_dir().glob("*.toml"))
GET_READY = 5  # the default [player] get_ready_seconds


@pytest.fixture(scope="module")
def library():
    return load_exercises(builtin_exercises_dir())


@pytest.fixture(scope="module")
def routines():
    return load_all(builtin_routines_dir())


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.stem)
def test_bundled_exercise_loads(path: Path) -> None:
    exercise = load_exercise(path, builtin=True)
    assert exercise.id == path.stem
    assert exercise.description and exercise.cues and exercise.equipment
    assert exercise.figure == exercise.id


def test_the_library_loads_without_errors_and_every_link_resolves(library) -> None:
    assert library.errors == []
    assert len(library.exercises) == len(EXERCISES)
    for exercise in library.exercises.values():
        for linked in (exercise.regression, exercise.progression):
            assert linked is None or linked in library.exercises


def test_every_step_of_every_bundled_routine_names_an_exercise(routines, library) -> None:
    assert routines.errors == []
    for routine in routines.routines.values():
        for step in routine.steps:
            assert step.exercise_id in library.exercises, (routine.id, step.name)


def test_the_domains_regressions_are_there(library) -> None:
    regression = {e.id: e.regression for e in library.exercises.values()}
    assert regression["cat-cow"] == "seated-cat-cow"
    assert regression["pigeon-stretch"] == "figure-four-stretch"
    assert regression["seated-spinal-twist"] == "knee-drop-twist"
    assert regression["hip-flexor-kneeling"] == "hip-flexor-standing"
    assert regression["glute-bridge"] == "pelvic-tilt"
    assert regression["dead-bug"] == "heel-taps"
    assert regression["pallof-press"] == "pallof-hold"
    assert regression["banded-clamshell"] == "clamshell"
    assert regression["good-morning"] == "hip-hinge-dowel"
    assert regression["bodyweight-squat"] == "sit-to-stand"
    assert regression["side-plank"] == "side-plank-knees"
    assert regression["bird-dog"] == "bird-dog-reach"


@pytest.mark.parametrize(
    ("routine_id", "low", "high", "needs"),
    [
        ("pre-lift-lower", 10, 12, ("band", "mat", "stick")),
        ("pre-lift-upper", 8, 10, ("band", "mat", "wall")),
        ("posterior-chain", 12, 15, ("band", "mat", "stick")),
        ("recovery", 8, 10, ("mat", "foam-roller")),
    ],
)
def test_the_new_routines_fit_the_domains_minutes(
    routines, routine_id: str, low: float, high: float, needs: tuple[str, ...]
) -> None:
    routine = routines.get(routine_id)
    assert routine is not None and routine.builtin
    minutes = routine.estimated_seconds(GET_READY) / 60
    assert low - 0.5 <= minutes <= high + 0.5, minutes
    assert routine.equipment == needs
    assert not routine.has_open_steps  # nobody has to reach for a key mid-set


def test_the_pre_lift_days_rotate_and_the_gentle_ones_are_gentle(routines) -> None:
    pre_lift = {r.id for r in routines.routines.values() if Tag.PRE_LIFT in r.tags}
    assert pre_lift >= {"pre-lift-warmup", "pre-lift-lower", "pre-lift-upper"}
    gentle = {r.id for r in routines.routines.values() if Tag.GENTLE in r.tags}
    assert gentle >= {"posterior-chain", "recovery"}


def test_band_moves_in_the_new_routines_are_paced(routines) -> None:
    """Paced reps count themselves (seconds_per_rep): no space press with a band in both hands."""
    band_steps = [
        step
        for routine_id in ("pre-lift-lower", "pre-lift-upper", "posterior-chain")
        for step in routines.routines[routine_id].steps
        if "band" in step.equipment
    ]
    assert {s.exercise_id for s in band_steps} >= {"pallof-press", "band-pull-apart"}
    assert all(step.kind is StepKind.PACED for step in band_steps)


def test_pre_lift_days_keep_static_holds_short(routines) -> None:
    for routine_id in ("pre-lift-lower", "pre-lift-upper"):
        assert all((s.duration or 0) <= 30 for s in routines.routines[routine_id].steps)


def test_recovery_never_rolls_the_lower_back(routines) -> None:
    names = [s.name.lower() for s in routines.routines["recovery"].steps]
    assert not any("lower back" in name for name in names)
    assert sum("foam roll" in name for name in names) == 4


def test_the_domains_doses(routines) -> None:
    def step(routine_id: str, exercise_id: str):
        return next(s for s in routines.routines[routine_id].steps if s.exercise_id == exercise_id)

    assert step("pre-lift-lower", "glute-bridge").dose == "2 × 12"
    assert step("pre-lift-lower", "split-squat").dose == "8 reps per side"
    assert step("pre-lift-upper", "band-pull-apart").dose == "2 × 15"
    assert step("pre-lift-upper", "pallof-press").dose == "2 × 8 per side"
    assert step("pre-lift-upper", "plank").dose == "30 s"
    assert step("posterior-chain", "glute-bridge").dose == "3 × 12"
    assert step("posterior-chain", "bird-dog").dose == "6 × 10 s per side"
    assert step("posterior-chain", "side-plank").dose == "3 × 10 s per side"
    assert step("posterior-chain", "pallof-press").dose == "2 × 10 per side"
    assert step("recovery", "foam-roll-glutes").dose == "60 s per side"
