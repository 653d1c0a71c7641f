"""`coach exercises` and `coach exercises show ID`; `coach routines` says what each one needs."""

from __future__ import annotations

import pytest

from coach.cli.main import main
from coach.system.paths import builtin_exercises_dir, user_exercises_dir


def test_exercises_lists_every_one_in_80_columns(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["exercises"]) == 0
    lines = capsys.readouterr().out.splitlines()
    bundled = sorted(p.stem for p in builtin_exercises_dir().glob("*.toml"))
    assert lines[0].split()[:3] == ["id", "name", "needs"]
    assert [line.split()[0] for line in lines[1:]] == bundled
    assert all(len(line) <= 80 for line in lines)
    cat_cow = next(line for line in lines if line.startswith("cat-cow "))
    assert "Cat-cow" in cat_cow and "mat" in cat_cow and "← seated-cat-cow" in cat_cow


def test_show_prints_one_exercise(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["exercises", "show", "glute-bridge"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Glute bridges (glute-bridge, built-in)",
        "On your back, knees bent: lift the hips by squeezing the glutes.",
        "  - Feet flat, drive through the heels",
        "  - Squeeze the glutes at the top; ribs down, no arching",
        "needs: mat",
        "easier: Pelvic tilts (pelvic-tilt)",
        "harder: Single-leg glute bridges (single-leg-bridge)",
    ] + figure_lines("glute-bridge", "1 ↔ 2, once a rep")


def figure_lines(figure_id: str, how: str) -> list[str]:
    """What `show` prints under an exercise: its figure's poses side by side, as drawn."""
    from coach.services.figures import default_figures
    from coach.text.figure import gallery

    figure = default_figures().figures[figure_id]
    return [f"figure ({how}):", *gallery(figure.poses, 80, floor=figure.floor)]


def test_the_figure_shows_every_pose_within_80_columns(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["exercises", "show", "cat-cow"]) == 0
    out = capsys.readouterr().out.splitlines()
    at = out.index("figure (1 ↔ 2, once a rep):")
    drawn = out[at + 1 :]
    assert drawn[-1].split() == ["1", "2"]  # numbered under the floor line
    assert all(len(line) <= 80 for line in drawn)
    assert any(set(line) - {"\u2800", " "} for line in drawn[:-1])  # dots, not an empty box


def test_an_exercise_without_a_figure_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    folder = user_exercises_dir()
    folder.mkdir(parents=True)
    (folder / "wall-sit.toml").write_text('name = "Wall sit"\nequipment = ["wall"]\n')
    assert main(["exercises", "show", "wall-sit"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "figure: none yet (wall-sit.toml)"


def test_your_exercise_brings_its_figure_and_may_borrow_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = user_exercises_dir()
    (folder / "figures").mkdir(parents=True)
    bridge = builtin_exercises_dir() / "figures" / "glute-bridge.toml"
    (folder / "figures" / "hip-lift.toml").write_text(bridge.read_text())
    (folder / "hip-lift.toml").write_text('name = "Hip lift"\nequipment = ["mat"]\n')
    (folder / "bridge-hold.toml").write_text(
        'name = "Bridge hold"\nequipment = ["mat"]\nfigure = "glute-bridge"\n'
    )
    (folder / "figures" / "broken.toml").write_text('mode = "spin"\n')
    (folder / "broken.toml").write_text('name = "Broken"\nequipment = ["none"]\n')
    for exercise in ("hip-lift", "bridge-hold"):
        assert main(["exercises", "show", exercise]) == 0
        out = capsys.readouterr().out.splitlines()
        assert out[out.index("figure (1 ↔ 2, once a rep):") :] == figure_lines(
            "glute-bridge", "1 ↔ 2, once a rep"
        )
    assert main(["exercises", "show", "broken"]) == 0
    last = capsys.readouterr().out.splitlines()[-1]
    assert last == (
        f"figure: none ({folder / 'figures' / 'broken.toml'}: mode must be one of hold, "
        'alternate, loop, got "spin")'
    )


def test_an_unknown_id_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["exercises", "show", "nope"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert captured.err.startswith('coach: no exercise "nope"; `coach exercises` lists the ')


def test_your_exercise_replaces_the_built_in_and_says_so(
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = user_exercises_dir()
    folder.mkdir(parents=True)
    (folder / "cat-cow.toml").write_text('name = "My [b]cat[/b]-cow"\nequipment = ["none"]\n')
    assert main(["exercises"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("cat-cow "))
    assert "(yours)" in line
    assert main(["exercises", "show", "cat-cow"]) == 0
    first, *rest = capsys.readouterr().out.splitlines()
    assert first.startswith("My [b]cat[/b]-cow (cat-cow, yours (")
    assert first.endswith(", replaces the built-in)")
    assert "needs: nothing" in rest


def test_a_broken_exercise_file_is_named_when_shown(capsys: pytest.CaptureFixture[str]) -> None:
    folder = user_exercises_dir()
    folder.mkdir(parents=True)
    path = folder / "mine.toml"
    path.write_text('name = "Mine"\nequipment = ["rope"]\n')
    assert main(["exercises"]) == 0
    assert f"error: {path}: unknown equipment" in capsys.readouterr().err
    assert main(["exercises", "show", "mine"]) == 2
    assert capsys.readouterr().err.startswith(f'coach: {path}: unknown equipment "rope"')


def test_routines_say_what_they_need(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["routines"]) == 0
    lines = capsys.readouterr().out.splitlines()
    upper = next(line for line in lines if line.startswith("pre-lift-upper "))
    assert "needs band, mat, wall" in upper
    desk = next(line for line in lines if line.startswith("desk-break "))
    assert "needs nothing" in desk


def test_a_routine_naming_an_unknown_exercise_is_one_line(
    tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "mine.toml"
    path.write_text('name = "Mine"\n[[steps]]\nexercise = "nope"\nreps = 5\n')
    assert main(["routines", "check", str(path)]) == 1
    assert capsys.readouterr().err == (
        f'{path}: step 1 exercise "nope": unknown exercise "nope"; use an id from '
        "`coach exercises`, or define the step inline with a name\n"
    )
