"""Going lighter: every rule of the lighter dose, the regression swap, and what the offer says."""

from __future__ import annotations

from dataclasses import replace

import pytest

from coach.core.dose import (
    DESCRIPTION_COLUMNS,
    lighter,
    lighter_hold,
    lighter_reps,
    lighter_rest,
    named,
    no_regression,
    regression_from,
)
from coach.core.routine import MAX_SECONDS, Routine, Step, slug
from coach.services.exercises import default_exercises
from coach.text.formatting import minutes_text

LIBRARY = default_exercises().exercises
"""The bundled exercises: the domain's regressions, written down once."""
FIND = regression_from(LIBRARY)


def routine(*steps: Step, name: str = "Test") -> Routine:
    return Routine(id="test", name=name, steps=steps, tags=("pre-lift",))


@pytest.mark.parametrize(
    ("usual", "light"),
    [(60, 35), (45, 25), (30, 20), (20, 10), (10, 5), (8, 5), (5, 5), (3, 3), (100, 60)],
)
def test_holds_are_sixty_percent_to_the_nearest_five_seconds(usual: float, light: float) -> None:
    assert lighter_hold(usual) == light


@pytest.mark.parametrize(("usual", "light"), [(10, 6), (12, 7), (8, 4), (16, 9), (2, 1), (1, 1)])
def test_reps_are_sixty_percent_rounded_down_and_at_least_one(usual: int, light: int) -> None:
    assert lighter_reps(usual) == light


@pytest.mark.parametrize(("usual", "light"), [(0, 0), (10, 15), (15, 22), (20, 30), (3000, 3600)])
def test_rests_are_half_as_long_again_in_whole_seconds(usual: float, light: float) -> None:
    assert lighter_rest(usual) == light
    assert lighter_rest(usual) <= MAX_SECONDS


def test_each_step_gets_the_lighter_dose_and_one_set() -> None:
    hold = Step("Butterfly stretch", duration=45, sets=2, rest_between_sets=10, rest_after=10)
    paced = Step("Shoulder rolls", reps=10, seconds_per_rep=3, sets=3, rest_between_sets=20)
    own = Step("Push-ups", reps=12, sets=2, sides=True, cues=("Slow",))
    plan = lighter(routine(hold, paced, own), regression=no_regression)
    assert plan.routine.steps == (
        replace(hold, duration=25, sets=1, rest_between_sets=15, rest_after=15),
        replace(paced, reps=6, sets=1, rest_between_sets=30),
        replace(own, reps=7, sets=1),
    )
    assert plan.swaps == () and plan.fewer_sets
    assert plan.routine.id == "test" and plan.routine.tags == ("pre-lift",)  # counts as before
    assert plan.lighter_seconds < plan.usual_seconds


def test_a_step_with_a_regression_is_swapped_keeping_the_lighter_dose() -> None:
    usual = Step("Good mornings (bodyweight)", reps=10, seconds_per_rep=3, sets=2, cues=("Hinge",))
    plan = lighter(routine(usual, Step("Pelvic tilts", reps=10, seconds_per_rep=4)), FIND)
    swapped, kept = plan.routine.steps
    gentler = LIBRARY["hip-hinge-dowel"]
    assert (
        (swapped.name, swapped.cues)
        == (gentler.name, gentler.cues)
        == (
            "Hip hinge with a dowel",
            gentler.cues,
        )
    )
    assert (swapped.reps, swapped.seconds_per_rep, swapped.sets) == (6, 3, 1)
    assert kept.name == "Pelvic tilts" and kept.reps == 6  # no regression: same movement
    assert [(s.usual, s.gentler) for s in plan.swaps] == [
        ("Good mornings (bodyweight)", "Hip hinge with a dowel")
    ]


def test_the_regression_lookup_is_a_parameter() -> None:
    seen: list[Step] = []

    def library(step: Step) -> Step | None:
        seen.append(step)
        return replace(step, name="Easier " + step.name, cues=("Gently",))

    plan = lighter(routine(Step("Cat-cow", reps=10, seconds_per_rep=6)), regression=library)
    assert plan.routine.steps[0].name == "Easier Cat-cow"
    assert plan.routine.steps[0].cues == ("Gently",)
    assert seen[0].reps == 6  # the lookup is given the step at the lighter dose


def test_a_step_written_inline_finds_its_exercise_by_name() -> None:
    assert slug("Good mornings (bodyweight)") == "good-mornings-bodyweight"
    assert slug("90/90 hip switches") == "90-90-hip-switches"
    assert slug("  Cat-Cow ") == "cat-cow"
    for name, exercise in [
        ("Seated Spinal Twist", "seated-spinal-twist"),
        ("Dead bugs", "dead-bug"),
        ("dead-bug", "dead-bug"),
        ("90/90 hip switch", "90-90-hip-switches"),
        ("Good mornings (bodyweight)", "good-morning"),
        ("Glute bridge", "glute-bridge"),
    ]:
        found = named(LIBRARY, name)
        assert found is not None and found.id == exercise, name
    assert named(LIBRARY, "Push-ups") is None
    found = FIND(Step("Seated Spinal Twist", duration=30, sides=True))
    assert found is not None
    assert (found.name, found.duration, found.sides) == ("Lying knee-drop twist", 30, True)
    assert (found.exercise_id, found.figure_id) == ("knee-drop-twist", "knee-drop-twist")
    assert FIND(Step("Shoulder dislocates", reps=10)) is None  # in the library, no regression
    assert FIND(Step("Push-ups", reps=10)) is None  # not in the library


def test_without_a_library_only_the_dose_changes() -> None:
    plan = lighter(routine(Step("Glute bridges", reps=12, seconds_per_rep=3, sets=2)))
    assert plan.swaps == () and plan.routine.steps[0].name == "Glute bridges"


def test_every_regression_in_the_domain_table_is_in_the_library() -> None:
    """The domain notes' regressions table, row by row, as the library links it."""
    table = {
        "cat-cow": "seated-cat-cow",
        "pigeon-stretch": "figure-four-stretch",
        "seated-spinal-twist": "knee-drop-twist",
        "hip-flexor-kneeling": "hip-flexor-standing",
        "90-90-hip-switches": "windshield-wipers",
        "glute-bridge": "pelvic-tilt",
        "dead-bug": "heel-taps",
        "pallof-press": "pallof-hold",
        "banded-clamshell": "clamshell",
        "good-morning": "hip-hinge-dowel",
        "bodyweight-squat": "sit-to-stand",
        "single-leg-rdl": "kickstand-rdl",
        "side-plank": "side-plank-knees",
        "bird-dog": "bird-dog-reach",
    }
    assert {usual: LIBRARY[usual].regression for usual in table} == table


def test_the_description_says_the_lengths_the_swaps_and_the_sets() -> None:
    plan = lighter(
        routine(
            Step("Good mornings", reps=10, seconds_per_rep=3, sets=3, rest_between_sets=30),
            Step("Shoulder dislocates", reps=20, seconds_per_rep=6, sets=3, rest_between_sets=30),
        ),
        FIND,
        get_ready_seconds=5,
    )
    light = minutes_text(plan.lighter_seconds)
    usual = minutes_text(plan.usual_seconds).removesuffix(" min")
    assert plan.description == (
        f"{light} instead of {usual}; good mornings → hip hinge with a dowel; one set each"
    )


def test_the_description_of_a_short_routine_without_swaps_or_sets() -> None:
    plan = lighter(routine(Step("Walk", duration=50)), regression=no_regression)
    assert plan.description == "30 s instead of 50 s"
    same = lighter(routine(Step("Walk", duration=5)), regression=no_regression)
    assert same.description == "about 5 s, easier"


def test_a_long_list_of_swaps_is_shortened_to_fit() -> None:
    names = [e.name for e in LIBRARY.values() if e.regression in LIBRARY][:8]
    steps = [Step(name, reps=10, seconds_per_rep=3, sets=2) for name in names]
    plan = lighter(routine(*steps), FIND)
    assert len(plan.swaps) == 8
    text = plan.description
    assert len(text) <= DESCRIPTION_COLUMNS
    assert text.endswith("more; one set each") or "easier moves" in text
    shown = text.count("→")
    if shown:
        assert f"…and {8 - shown} more" in text


def test_names_too_long_for_any_swap_count_the_moves() -> None:
    long = "A" + "a" * 60
    plan = lighter(routine(Step(long, duration=60)), regression=lambda s: replace(s, name=long))
    assert plan.description == "35 s instead of 1 min; 1 easier move"
    assert len(plan.description) <= DESCRIPTION_COLUMNS


def test_rdl_keeps_its_capitals_in_the_description() -> None:
    plan = lighter(routine(Step("Single-leg RDL", reps=8, sides=True)), FIND)
    assert "single-leg RDL → kickstand RDL with a hand on a wall" in plan.description


def test_when_no_swap_fits_whole_the_gentler_names_are_listed() -> None:
    def gentler(step: Step) -> Step:
        return replace(step, name=f"Small {step.name.split()[0].lower()} move")

    steps = [
        Step("Glute bridges held high at the top", reps=12, seconds_per_rep=3, sets=2),
        Step("Dead bugs with the arms reaching long", reps=16, seconds_per_rep=3, sets=2),
        Step("Pallof presses from a tall kneel", reps=8, sets=2, sides=True),
        Step("Banded clamshells with a heavy band", reps=12, sets=2, sides=True),
        Step("Good mornings (bodyweight), slowly", reps=10, seconds_per_rep=3, sets=2),
    ]
    plan = lighter(routine(*steps), gentler, get_ready_seconds=5)
    assert plan.description == (
        f"{minutes_text(plan.lighter_seconds)} instead of "
        f"{minutes_text(plan.usual_seconds).removesuffix(' min')}; "
        "easier: small glute move, …and 4 more; one set each"
    )
    assert len(plan.description) <= DESCRIPTION_COLUMNS


def test_the_library_s_regressions_are_used_when_the_steps_name_exercises():
    from coach.services.routines import load_all
    from coach.system.paths import builtin_routines_dir

    routines = load_all(builtin_routines_dir())
    warmup = routines.routines["pre-lift-warmup"]
    find = regression_from(routines.exercises)
    plan = lighter(warmup, find)
    library = default_exercises().exercises
    for before, after in zip(warmup.steps, plan.routine.steps, strict=True):
        exercise = library.get(before.exercise_id or "")
        if exercise is not None and exercise.regression in library:
            gentler = library[exercise.regression]
            assert after.exercise_id == gentler.id
            assert after.name == gentler.name
            # the swapped step shows the regression's figure and needs what it needs
            assert (after.figure_id, after.equipment) == (gentler.figure, gentler.needs)
    assert plan.routine.estimated_seconds() < warmup.estimated_seconds()
