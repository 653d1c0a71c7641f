"""Routine files: what a valid one becomes, and the exact line each mistake produces."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from textwrap import dedent

import pytest

from coach.core.routine import MAX_CUE_LENGTH, Routine, RoutineError, Step, StepKind
from coach.services.routines import load_all, load_routine
from coach.system.paths import builtin_routines_dir

WriteRoutine = Callable[..., Path]

HEADER = 'id = "mine"\nname = "Mine"\n'


def error_text(write_routine: WriteRoutine, text: str, name: str = "my.toml") -> tuple[Path, str]:
    path = write_routine(text, name)
    with pytest.raises(RoutineError) as caught:
        load_routine(path)
    message = str(caught.value)
    assert "\n" not in message, "routine errors must be one line"
    return path, message


def step_error(write_routine: WriteRoutine, step_body: str) -> str:
    """The message for a routine whose only step has ``step_body`` (after the name line)."""
    path, message = error_text(write_routine, HEADER + "[[steps]]\n" + step_body)
    prefix = f"{path}: "
    assert message.startswith(prefix)
    return message.removeprefix(prefix)


# -- a valid routine -----------------------------------------------------------------------


def test_valid_routine_parses_every_field(write_routine: WriteRoutine) -> None:
    path = write_routine(
        dedent(
            """
        id = "hips"
        name = "  Hips  "
        description = " Open the hips. "
        tags = ["Morning", " gentle "]
        checkin = true

        [[steps]]
        name = "Pigeon stretch"
        duration = 60
        sides = true
        cues = ["Square the hips", "Breathe"]
        rest_after = 10

        [[steps]]
        name = "Glute bridges"
        reps = 12
        seconds_per_rep = 2.5
        sets = 2
        rest_between_sets = 20

        [[steps]]
        name = "Pallof press"
        reps = 8
        cues = "Press out and hold"
        """
        ),
        "hips.toml",
    )
    routine = load_routine(path)

    assert routine.id == "hips"
    assert routine.name == "Hips"
    assert routine.description == "Open the hips."
    assert routine.tags == ("morning", "gentle")
    assert routine.checkin is True
    assert routine.source == path
    assert routine.builtin is False
    assert routine.steps == (
        Step(
            name="Pigeon stretch",
            duration=60.0,
            sides=True,
            cues=("Square the hips", "Breathe"),
            rest_after=10.0,
        ),
        Step(name="Glute bridges", reps=12, seconds_per_rep=2.5, sets=2, rest_between_sets=20.0),
        Step(name="Pallof press", reps=8, cues=("Press out and hold",)),
    )
    assert [s.kind for s in routine.steps] == [StepKind.HOLD, StepKind.PACED, StepKind.OPEN]
    assert [s.work_seconds for s in routine.steps] == [60.0, 30.0, None]
    assert routine.has_open_steps


def test_id_defaults_to_the_file_name(write_routine: WriteRoutine) -> None:
    path = write_routine(
        'name = "X"\n[[steps]]\nname = "a"\nduration = 5\n', "evening-wind-down.toml"
    )
    routine = load_routine(path, builtin=True)
    assert routine.id == "evening-wind-down"
    assert routine.builtin is True
    assert routine.has_open_steps is False


# -- every validation message, exactly -----------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # duration / seconds_per_rep: seconds > 0
        ('duration = "sixty"', 'step 1 "a": duration must be seconds > 0, got "sixty"'),
        ("duration = 0", 'step 1 "a": duration must be seconds > 0, got 0'),
        ("duration = -1.5", 'step 1 "a": duration must be seconds > 0, got -1.5'),
        ("duration = true", 'step 1 "a": duration must be seconds > 0, got true'),
        ("duration = [60]", 'step 1 "a": duration must be seconds > 0, got a list'),
        ("duration = {s = 1}", 'step 1 "a": duration must be seconds > 0, got a table'),
        ("duration = nan", 'step 1 "a": duration must be seconds > 0, got nan'),
        ("duration = 3601", 'step 1 "a": duration must be at most 3600 seconds, got 3601'),
        ("duration = inf", 'step 1 "a": duration must be at most 3600 seconds, got inf'),
        (
            "reps = 5\nseconds_per_rep = 0",
            'step 1 "a": seconds_per_rep must be seconds > 0, got 0',
        ),
        # rests: seconds >= 0
        (
            "duration = 5\nrest_after = -1",
            'step 1 "a": rest_after must be seconds >= 0, got -1',
        ),
        (
            'duration = 5\nrest_between_sets = "1m"',
            'step 1 "a": rest_between_sets must be seconds >= 0, got "1m"',
        ),
        (
            "duration = 5\nrest_after = 7200",
            'step 1 "a": rest_after must be at most 3600 seconds, got 7200',
        ),
        # counts
        ("reps = 0", 'step 1 "a": reps must be a whole number >= 1, got 0'),
        ("reps = 2.5", 'step 1 "a": reps must be a whole number >= 1, got 2.5'),
        ("reps = true", 'step 1 "a": reps must be a whole number >= 1, got true'),
        ('reps = "ten"', 'step 1 "a": reps must be a whole number >= 1, got "ten"'),
        ("reps = 501", 'step 1 "a": reps must be at most 500, got 501'),
        ("duration = 5\nsets = 0", 'step 1 "a": sets must be a whole number >= 1, got 0'),
        ("duration = 5\nsets = 51", 'step 1 "a": sets must be at most 50, got 51'),
        # duration and reps
        (
            "duration = 30\nreps = 10",
            'step 1 "a": give either duration (a timed hold) or reps, not both',
        ),
        ("sides = true", 'step 1 "a": needs duration (seconds to hold) or reps (how many)'),
        (
            "duration = 30\nseconds_per_rep = 3",
            'step 1 "a": seconds_per_rep only goes with reps, not with duration',
        ),
        # sides
        ('duration = 5\nsides = "yes"', 'step 1 "a": sides must be true or false, got "yes"'),
        ("duration = 5\nsides = 1", 'step 1 "a": sides must be true or false, got 1'),
        # cues
        ("duration = 5\ncues = 3", 'step 1 "a": cues must be a list of short strings, got 3'),
        (
            'duration = 5\ncues = ["ok", ""]',
            'step 1 "a": cues must be a list of short strings, got a list',
        ),
        (
            'duration = 5\ncues = ["ok", 2]',
            'step 1 "a": cues must be a list of short strings, got a list',
        ),
        (
            'duration = 5\ncues = ["1", "2", "3", "4"]',
            'step 1 "a": cues must be at most 3, got 4',
        ),
        (
            f'duration = 5\ncues = ["{"x" * (MAX_CUE_LENGTH + 1)}"]',
            f'step 1 "a": cues must be at most 80 characters each, got {MAX_CUE_LENGTH + 1}',
        ),
        # unknown fields
        (
            "duration = 5\nhold = 3",
            'step 1 "a": unknown field "hold"; expected one of: exercise, name, duration, reps, '
            "seconds_per_rep, sets, rest_between_sets, sides, cues, rest_after",
        ),
    ],
)
def test_step_field_messages(write_routine: WriteRoutine, body: str, expected: str) -> None:
    assert step_error(write_routine, 'name = "a"\n' + body) == expected


def test_cue_limits_are_inclusive(write_routine: WriteRoutine) -> None:
    cues = ", ".join(['"' + "x" * MAX_CUE_LENGTH + '"'] * 3)
    path = write_routine(HEADER + f'[[steps]]\nname = "a"\nduration = 5\ncues = [{cues}]\n')
    assert len(load_routine(path).steps[0].cues) == 3


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("duration = 5", "step 1: name must be a non-empty string, got nothing"),
        ('name = "   "\nduration = 5', 'step 1: name must be a non-empty string, got "   "'),
        ("name = 3\nduration = 5", "step 1: name must be a non-empty string, got 3"),
    ],
)
def test_step_name_messages(write_routine: WriteRoutine, body: str, expected: str) -> None:
    assert step_error(write_routine, body) == expected


def test_step_number_counts_from_one_and_names_the_step(write_routine: WriteRoutine) -> None:
    text = HEADER + (
        '[[steps]]\nname = "Cat-cow"\nreps = 10\n'
        '[[steps]]\nname = "Bridge"\nreps = 10\n'
        '[[steps]]\nname = " pigeon "\nduration = "sixty"\n'
    )
    path, message = error_text(write_routine, text)
    assert message == f'{path}: step 3 "pigeon": duration must be seconds > 0, got "sixty"'


def test_step_that_is_not_a_table(write_routine: WriteRoutine) -> None:
    path, message = error_text(write_routine, HEADER + 'steps = ["cat-cow"]\n')
    assert message == f'{path}: step 1: must be a table ([[steps]]), got "cat-cow"'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'id = "My Routine"\nname = "x"',
            'id must be lowercase letters, digits and dashes (like my-routine), got "My Routine"',
        ),
        (
            'id = "-dash-first"\nname = "x"',
            'id must be lowercase letters, digits and dashes (like my-routine), got "-dash-first"',
        ),
        (
            'id = 7\nname = "x"',
            "id must be lowercase letters, digits and dashes (like my-routine), got 7",
        ),
        ('id = "x"', "name must be a non-empty string, got nothing"),
        ('id = "x"\nname = ""', 'name must be a non-empty string, got ""'),
        ('id = "x"\nname = ["x"]', "name must be a non-empty string, got a list"),
        ('id = "x"\nname = "x"\ndescription = 1', "description must be a string, got 1"),
        ('id = "x"\nname = "x"\ntags = "morning"', 'tags must be a list of strings, got "morning"'),
        ('id = "x"\nname = "x"\ntags = ["a", " "]', "tags must be a list of strings, got a list"),
        ('id = "x"\nname = "x"\ncheckin = "yes"', 'checkin must be true or false, got "yes"'),
        ('id = "x"\nname = "x"', "steps must hold at least one [[steps]] table"),
        ('id = "x"\nname = "x"\nsteps = []', "steps must hold at least one [[steps]] table"),
        ('id = "x"\nname = "x"\nsteps = 3', "steps must hold at least one [[steps]] table"),
        (
            'id = "x"\nname = "x"\ntitle = "y"',
            'unknown field "title"; expected one of: id, name, description, tags, equipment, '
            "checkin, steps",
        ),
    ],
)
def test_routine_field_messages(write_routine: WriteRoutine, text: str, expected: str) -> None:
    path, message = error_text(write_routine, text + "\n")
    assert message == f"{path}: {expected}"


def test_id_from_a_bad_file_name_is_reported(write_routine: WriteRoutine) -> None:
    path, message = error_text(
        write_routine, 'name = "x"\n[[steps]]\nname = "a"\nduration = 5\n', "My Stretches.toml"
    )
    assert message == (
        f"{path}: id must be lowercase letters, digits and dashes (like my-routine), "
        'got "My Stretches"'
    )


def test_id_with_a_trailing_newline_is_refused_on_one_line(write_routine: WriteRoutine) -> None:
    # `$` in a regex also matches before a final newline; the id must match all of the text.
    path, message = error_text(write_routine, 'id = "mine\\n"\nname = "x"\n')
    assert message == (
        f'{path}: id must be lowercase letters, digits and dashes (like my-routine), got "mine\\n"'
    )


def test_values_with_line_breaks_stay_on_one_line(write_routine: WriteRoutine) -> None:
    path = write_routine(HEADER + '[[steps]]\nname = "Cat\\ncow"\nduration = "a\\nb"\n')
    with pytest.raises(RoutineError) as caught:
        load_routine(path)
    assert [str(p) for p in caught.value.problems] == [
        f'{path}: step 1 "Cat\\ncow": name holds control characters (U+000A); '
        "remove the control characters",
        f'{path}: step 1 "Cat\\ncow": duration must be seconds > 0, got "a\\nb"',
    ]


# -- reading the file ----------------------------------------------------------------------


def test_bad_toml(write_routine: WriteRoutine) -> None:
    path, message = error_text(write_routine, 'id = "x"\nname = \n')
    assert message.startswith(f"{path}: not valid TOML (")
    assert "line 2" in message


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin.toml"
    path.write_bytes('name = "Étirement"\n'.encode("latin-1"))
    with pytest.raises(RoutineError) as caught:
        load_routine(path)
    assert str(caught.value) == f"{path}: not UTF-8 text (line 1); save it as UTF-8"


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "gone.toml"
    with pytest.raises(RoutineError) as caught:
        load_routine(path)
    assert str(caught.value) == f"{path}: no such file"
    assert caught.value.path == path
    assert caught.value.where is None


def test_a_directory_is_not_readable(tmp_path: Path) -> None:
    path = tmp_path / "folder.toml"
    path.mkdir()
    with pytest.raises(RoutineError) as caught:
        load_routine(path)
    assert str(caught.value) == (
        f"{path}: is a directory, not a file; coach reads only regular files"
    )


def test_error_keeps_its_parts(write_routine: WriteRoutine) -> None:
    path = write_routine(HEADER + '[[steps]]\nname = "a"\nduration = 0\n')
    with pytest.raises(RoutineError) as caught:
        load_routine(path)
    error = caught.value
    assert (error.path, error.where, error.message) == (
        path,
        'step 1 "a"',
        "duration must be seconds > 0, got 0",
    )


# -- dose and length -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("step", "dose"),
    [
        (Step("Pigeon", duration=60, sides=True), "60 s per side"),
        (Step("Pigeon", duration=30, sets=2, sides=True), "2 × 30 s per side"),
        (Step("Hollow hold", duration=22.5), "22.5 s"),
        (Step("Bridge", reps=12, seconds_per_rep=3, sets=2), "2 × 12"),
        (Step("Pelvic tilt", reps=10, seconds_per_rep=4), "10 reps"),
        (Step("Pallof", reps=8, sets=2, sides=True), "2 × 8 per side"),
        (Step("Dislocates", reps=10), "10 reps"),
    ],
)
def test_dose(step: Step, dose: str) -> None:
    assert step.dose == dose


def test_estimated_seconds_by_hand() -> None:
    routine = Routine(
        id="r",
        name="R",
        steps=(
            # 2 sides × 30 s, one switch, then 10 s rest
            Step("Twist", duration=30, sides=True, rest_after=10),
            # 2 sets × 10 reps × 6 s, 15 s between sets
            Step("Cat-cow", reps=10, seconds_per_rep=6, sets=2, rest_between_sets=15),
            # open: 8 reps at 3 s each, 2 sets × 2 sides, 2 switches; its rest_after is last
            Step("Pallof", reps=8, sets=2, sides=True, rest_between_sets=15, rest_after=20),
        ),
    )
    # get-ready 5: (5 + 60 + 5 + 10) + (5 + 120 + 15) + (5 + 96 + 15 + 10)
    assert routine.estimated_seconds(5) == 80 + 140 + 126
    # without get-ready the switches vanish too: (60 + 10) + (120 + 15) + (96 + 15)
    assert routine.estimated_seconds() == 70 + 135 + 111


# -- loading folders -----------------------------------------------------------------------

GOOD = 'name = "{name}"\n[[steps]]\nname = "a"\nduration = 5\n'


def test_a_broken_user_file_does_not_stop_the_others(
    tmp_path: Path, write_routine: WriteRoutine
) -> None:
    builtin, user = tmp_path / "builtin", tmp_path / "user"
    write_routine(GOOD.format(name="Morning"), "morning.toml", builtin)
    write_routine(GOOD.format(name="Mine"), "mine.toml", user)
    broken = write_routine('name = "Broken"\n', "broken.toml", user)
    write_routine("not a routine", "notes.txt", user)

    found = load_all(builtin, user)

    assert sorted(found.routines) == ["mine", "morning"]
    assert [str(e) for e in found.errors] == [
        f"{broken}: steps must hold at least one [[steps]] table"
    ]
    assert found.overridden == set()
    assert [r.id for r in found.sorted()] == ["morning", "mine"]  # built-ins first
    assert found.get("morning").builtin is True  # type: ignore[union-attr]
    assert found.get("mine").builtin is False  # type: ignore[union-attr]
    assert found.get("nope") is None


def test_a_user_file_replaces_a_builtin_by_id(tmp_path: Path, write_routine: WriteRoutine) -> None:
    builtin, user = tmp_path / "builtin", tmp_path / "user"
    write_routine(GOOD.format(name="Built in"), "morning.toml", builtin)
    mine = write_routine('id = "morning"\n' + GOOD.format(name="My morning"), "m.toml", user)

    found = load_all(builtin, user)

    assert found.errors == []
    assert found.overridden == {"morning"}
    routine = found.get("morning")
    assert routine is not None
    assert (routine.name, routine.source, routine.builtin) == ("My morning", mine, False)


def test_duplicate_ids_among_user_files(tmp_path: Path, write_routine: WriteRoutine) -> None:
    builtin, user = tmp_path / "builtin", tmp_path / "user"
    first = write_routine('id = "mine"\n' + GOOD.format(name="First"), "a.toml", user)
    second = write_routine('id = "mine"\n' + GOOD.format(name="Second"), "b.toml", user)

    found = load_all(builtin, user)

    assert found.get("mine").name == "First"  # type: ignore[union-attr]
    assert [str(e) for e in found.errors] == [
        f'{second}: id "mine" is already used by {first}; give this routine another id'
    ]
    assert found.overridden == set()


def test_two_user_files_overriding_the_same_builtin(
    tmp_path: Path, write_routine: WriteRoutine
) -> None:
    builtin, user = tmp_path / "builtin", tmp_path / "user"
    write_routine(GOOD.format(name="Built in"), "morning.toml", builtin)
    first = write_routine('id = "morning"\n' + GOOD.format(name="A"), "a.toml", user)
    second = write_routine('id = "morning"\n' + GOOD.format(name="B"), "b.toml", user)

    found = load_all(builtin, user)

    assert found.get("morning").source == first  # type: ignore[union-attr]
    assert found.overridden == {"morning"}
    assert [e.path for e in found.errors] == [second]


def test_missing_user_folder_is_fine(tmp_path: Path, write_routine: WriteRoutine) -> None:
    builtin = tmp_path / "builtin"
    write_routine(GOOD.format(name="Morning"), "morning.toml", builtin)
    for found in (load_all(builtin, tmp_path / "absent"), load_all(builtin)):
        assert list(found.routines) == ["morning"]
        assert found.errors == []


# -- the bundled routines ------------------------------------------------------------------

BUNDLED = sorted(builtin_routines_dir().glob("*.toml"))


def test_there_are_bundled_routines() -> None:
    assert {p.stem for p in BUNDLED} >= {
        "morning-mobility",
        "desk-break",
        "pre-lift-warmup",
        "cool-down",
    }


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_bundled_routine_loads(path: Path) -> None:
    routine = load_routine(path, builtin=True)
    assert routine.id == path.stem
    assert routine.description


def test_bundled_set_loads_without_errors() -> None:
    found = load_all(builtin_routines_dir())
    assert found.errors == []
    assert len(found.routines) == len(BUNDLED)
    assert all(r.builtin for r in found.routines.values())


def test_morning_mobility_has_the_core_moves() -> None:
    routine = load_routine(builtin_routines_dir() / "morning-mobility.toml")
    names = [s.name.lower() for s in routine.steps]
    assert any("pigeon" in n for n in names)
    assert any("cat-cow" in n for n in names)
    assert any("twist" in n for n in names)
    pigeon = next(s for s in routine.steps if "pigeon" in s.name.lower())
    assert pigeon.dose == "60 s per side"  # the domain default
    assert 8 * 60 <= routine.estimated_seconds(5) <= 12 * 60  # "about 10 minutes"


def test_desk_break_fits_in_two_to_three_minutes() -> None:
    routine = load_routine(builtin_routines_dir() / "desk-break.toml")
    assert "walk" in routine.steps[0].name.lower()
    assert 120 <= routine.estimated_seconds(5) <= 180


def test_pre_lift_warmup_has_no_long_static_holds() -> None:
    routine = load_routine(builtin_routines_dir() / "pre-lift-warmup.toml")
    assert all((s.duration or 0) <= 30 for s in routine.steps)


def test_a_utf8_bom_is_fine(tmp_path) -> None:
    from coach.services.routines import load_routine

    path = tmp_path / "bom.toml"
    path.write_bytes('\ufeffname = "With BOM"\n[[steps]]\nname = "Hold"\nduration = 5\n'.encode())
    assert load_routine(path).name == "With BOM"


DURATION_WORDS = re.compile(
    r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)"
    r"[\s-]*(min|minute|minutes|sec|seconds|s)\b",
    re.IGNORECASE,
)


def test_no_bundled_routine_states_a_length_its_steps_can_contradict():
    """The length shown beside a routine is computed from its steps ("~11 min"); a description
    saying "ten minutes" next to it was a second definition of the same fact, and wrong."""
    routines = load_all(builtin_routines_dir(), None).routines.values()
    assert len(routines) >= 4
    stated = {r.id: r.description for r in routines if DURATION_WORDS.search(r.description)}
    assert stated == {}
