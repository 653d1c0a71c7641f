"""Exercise files and the routines that name them: one-line errors, links, doses, equipment."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.core.exercise import EQUIPMENT, Exercise, ExerciseError
from coach.core.routine import RoutineError, StepKind
from coach.services.exercises import load_exercise, load_exercises
from coach.services.routines import load_all, load_routine

GOOD = """\
id = "{id}"
name = "{name}"
description = "One line."
cues = ["Slow", "Breathe"]
equipment = ["band", "mat"]
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def problem(tmp_path: Path, text: str) -> str:
    path = write(tmp_path, "x.toml", text)
    with pytest.raises(ExerciseError) as caught:
        load_exercise(path)
    line = str(caught.value)
    assert "\n" not in line
    assert line.startswith(f"{path}: ")
    return line.removeprefix(f"{path}: ")


# -- one exercise file --------------------------------------------------------------------------


def test_a_good_exercise_has_every_field(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "bridge.toml",
        GOOD.format(id="bridge", name="Bridge")
        + 'regression = "tilt"\nprogression = "one-leg"\nfigure = "bridge-side"\n',
    )
    exercise = load_exercise(path)
    assert exercise == Exercise(
        id="bridge",
        name="Bridge",
        description="One line.",
        cues=("Slow", "Breathe"),
        equipment=("band", "mat"),
        regression="tilt",
        progression="one-leg",
        figure="bridge-side",
        source=path,
    )


def test_the_figure_and_the_id_default_to_the_file_name(tmp_path: Path) -> None:
    exercise = load_exercise(write(tmp_path, "cat-cow.toml", 'name = "Cat-cow"\n'))
    assert (exercise.id, exercise.figure, exercise.equipment, exercise.needs) == (
        "cat-cow",
        "cat-cow",
        (),
        (),
    )
    assert (
        load_exercise(write(tmp_path, "walk.toml", 'name = "Walk"\nequipment = ["none"]\n')).needs
        == ()
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('name = "a"\ncolour = "red"', 'unknown field "colour"; expected one of: id, name, '),
        ("name = 3", "name must be a non-empty string, got 3"),
        ("", "name must be a non-empty string, got nothing"),
        ('id = "Big"\nname = "a"', "id must be lowercase letters, digits and dashes"),
        ('name = "a"\ndescription = 3', "description must be a string, got 3"),
        ('name = "a"\ndescription = "one\\ntwo"', "description must be one line"),
        ('name = "a"\ncues = 3', "cues must be a list of short strings, got 3"),
        ('name = "a"\ncues = ["a", "b", "c", "d"]', "cues must be at most 3, got 4"),
        ('name = "a"\nequipment = "band"', 'equipment must be a list of strings, got "band"'),
        ('name = "a"\nequipment = ["kettlebell"]', 'unknown equipment "kettlebell"; expected'),
        ('name = "a"\nregression = 3', "regression must be an exercise id (like cat-cow), got 3"),
        ('name = "a"\nprogression = "Big One"', "progression must be an exercise id"),
        ('name = "a"\nregression = "x"', 'regression must be another exercise, not "x" itself'),
        ('name = "a"\nfigure = 3', "figure must be a figure id (like cat-cow), got 3"),
        ('name = "a\\u001b[2J"', "name holds control characters"),
    ],
)
def test_each_mistake_is_one_line_naming_the_file_and_the_field(
    tmp_path: Path, text: str, expected: str
) -> None:
    assert expected in problem(tmp_path, text)


def test_unknown_equipment_lists_what_is_known(tmp_path: Path) -> None:
    line = problem(tmp_path, 'name = "a"\nequipment = ["kettlebell"]')
    assert line.endswith("expected some of: " + ", ".join(EQUIPMENT))


# -- a set of exercises: links, cycles, the user's own ------------------------------------------


def test_a_link_to_no_exercise_is_an_error_and_the_exercise_still_loads(tmp_path: Path) -> None:
    path = write(tmp_path, "a.toml", 'name = "A"\nregression = "gone"\n')
    found = load_exercises(tmp_path)
    assert [str(e) for e in found.errors] == [
        f'{path}: regression: no exercise "gone"; give the id of an exercise '
        "(`coach exercises` lists them)"
    ]
    assert found.exercises["a"].regression is None


@pytest.mark.parametrize("key", ["regression", "progression"])
def test_a_cycle_is_one_error_and_is_broken(tmp_path: Path, key: str) -> None:
    write(tmp_path, "a.toml", f'name = "A"\n{key} = "b"\n')
    write(tmp_path, "b.toml", f'name = "B"\n{key} = "c"\n')
    write(tmp_path, "c.toml", f'name = "C"\n{key} = "a"\n')
    found = load_exercises(tmp_path)
    assert len(found.errors) == 1
    line = str(found.errors[0])
    assert line == (
        f"{tmp_path / 'c.toml'}: {key}: goes round in a circle (a → b → c → a); "
        "point one of them elsewhere"
    )
    assert [getattr(found.exercises[x], key) for x in "abc"] == ["b", "c", None]


def test_a_regression_and_a_progression_pointing_at_each_other_is_no_cycle(
    tmp_path: Path,
) -> None:
    write(tmp_path, "easy.toml", 'name = "Easy"\nprogression = "hard"\n')
    write(tmp_path, "hard.toml", 'name = "Hard"\nregression = "easy"\n')
    assert load_exercises(tmp_path).errors == []


def test_the_users_file_wins_and_is_marked_yours(tmp_path: Path) -> None:
    builtin, user = tmp_path / "builtin", tmp_path / "user"
    write(builtin, "bridge.toml", GOOD.format(id="bridge", name="Bridge"))
    write(builtin, "tilt.toml", GOOD.format(id="tilt", name="Tilt"))
    mine = write(user, "bridge.toml", GOOD.format(id="bridge", name="My bridge"))
    write(user, "extra.toml", GOOD.format(id="extra", name="Extra") + 'regression = "tilt"\n')
    found = load_exercises(builtin, user)
    assert found.errors == []
    assert found.overridden == {"bridge"}
    assert (found.exercises["bridge"].name, found.exercises["bridge"].builtin) == (
        "My bridge",
        False,
    )
    assert found.exercises["bridge"].source == mine
    assert found.exercises["tilt"].builtin
    assert found.exercises["extra"].regression == "tilt"


def test_two_user_files_with_one_id_is_an_error_for_the_second(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", GOOD.format(id="same", name="A"))
    second = write(tmp_path, "b.toml", GOOD.format(id="same", name="B"))
    found = load_exercises(tmp_path)
    assert [e.path for e in found.errors] == [second]
    assert "already used by" in str(found.errors[0])


def test_a_broken_file_does_not_stop_the_others(tmp_path: Path) -> None:
    write(tmp_path, "good.toml", GOOD.format(id="good", name="Good"))
    bad = write(tmp_path, "bad.toml", 'name = "Bad"\nequipment = ["rope"]\n')
    found = load_exercises(tmp_path)
    assert list(found.exercises) == ["good"]
    assert [e.path for e in found.errors] == [bad]


# -- routines that name exercises ---------------------------------------------------------------


@pytest.fixture
def exercises(tmp_path: Path) -> Path:
    folder = tmp_path / "exercises"
    write(folder, "bridge.toml", GOOD.format(id="bridge", name="Bridge"))
    write(folder, "walk.toml", 'name = "Walk"\ncues = ["Go"]\nequipment = ["none"]\n')
    return folder


def test_a_step_takes_its_name_and_cues_from_the_exercise(tmp_path: Path, exercises) -> None:
    path = write(
        tmp_path,
        "r.toml",
        'name = "R"\n'
        '[[steps]]\nexercise = "bridge"\nreps = 12\nseconds_per_rep = 3\nsets = 2\n'
        '[[steps]]\nexercise = "bridge"\nname = "Slow bridge"\ncues = ["Mine"]\nduration = 5\n'
        '[[steps]]\nname = "Inline"\nduration = 5\n',
    )
    routine = load_routine(path, exercises=load_exercises(exercises))
    first, second, inline = routine.steps
    assert (first.name, first.cues, first.exercise_id, first.dose) == (
        "Bridge",
        ("Slow", "Breathe"),
        "bridge",
        "2 × 12",
    )
    assert first.kind is StepKind.PACED
    assert (second.name, second.cues, second.exercise_id) == ("Slow bridge", ("Mine",), "bridge")
    assert (inline.name, inline.exercise_id, inline.equipment) == ("Inline", None, ())
    assert routine.equipment == ("band", "mat")


def test_an_unknown_exercise_is_one_line_naming_the_file_and_the_step(
    tmp_path: Path, exercises
) -> None:
    path = write(
        tmp_path,
        "r.toml",
        'name = "R"\n[[steps]]\nexercise = "walk"\nduration = 60\n'
        '[[steps]]\nexercise = "brige"\nreps = 3\n',
    )
    with pytest.raises(RoutineError) as caught:
        load_routine(path, exercises=load_exercises(exercises))
    assert str(caught.value) == (
        f'{path}: step 2 exercise "brige": unknown exercise "brige"; use an id from '
        "`coach exercises`, or define the step inline with a name"
    )


def test_an_exercise_step_still_needs_a_dose(tmp_path: Path, exercises) -> None:
    path = write(tmp_path, "r.toml", 'name = "R"\n[[steps]]\nexercise = "walk"\n')
    with pytest.raises(RoutineError) as caught:
        load_routine(path, exercises=load_exercises(exercises))
    assert str(caught.value) == (
        f'{path}: step 1 "Walk": needs duration (seconds to hold) or reps (how many)'
    )


def test_a_declared_equipment_list_wins_and_is_checked(tmp_path: Path, exercises) -> None:
    known = load_exercises(exercises)
    path = write(
        tmp_path,
        "r.toml",
        'name = "R"\nequipment = ["mat", "none"]\n[[steps]]\nexercise = "bridge"\nreps = 3\n',
    )
    assert load_routine(path, exercises=known).equipment == ("mat",)
    path.write_text('name = "R"\nequipment = ["rope"]\n[[steps]]\nname = "a"\nreps = 3\n')
    with pytest.raises(RoutineError) as caught:
        load_routine(path, exercises=known)
    assert str(caught.value).startswith(f'{path}: unknown equipment "rope"; expected some of: ')


def test_a_user_exercise_changes_the_routines_that_use_it(tmp_path: Path) -> None:
    """The user's exercise file replaces the built-in everywhere it is named."""
    from coach.system.paths import builtin_exercises_dir, builtin_routines_dir

    user = tmp_path / "mine"
    write(user, "cat-cow.toml", 'name = "My cat-cow"\ncues = ["Mine"]\nequipment = ["none"]\n')
    found = load_all(
        builtin_routines_dir(), exercises=load_exercises(builtin_exercises_dir(), user)
    )
    assert found.errors == []
    step = next(s for s in found.routines["morning-mobility"].steps if s.exercise_id == "cat-cow")
    assert (step.name, step.cues) == ("My cat-cow", ("Mine",))
    assert found.exercises["cat-cow"].builtin is False


def test_a_broken_exercise_file_is_listed_with_the_routine_errors(tmp_path: Path) -> None:
    from coach.system.paths import builtin_exercises_dir, builtin_routines_dir

    user = tmp_path / "mine"
    bad = write(user, "mine.toml", 'name = "Mine"\ncolour = "red"\n')
    found = load_all(
        builtin_routines_dir(), exercises=load_exercises(builtin_exercises_dir(), user)
    )
    assert [e.path for e in found.errors] == [bad]
    assert "coach exercises" not in str(found.errors[0])  # a file problem, said as one line
