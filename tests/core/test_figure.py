"""Figures as data: one-line errors for a bad file, poses in between at a time, the other side."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.core.figure import (
    JOINTS,
    FigureMode,
    blend,
    figure_id,
    mirror,
    parse_figure,
    pose_at,
    slug,
)
from coach.core.routine import RoutineError, Step

PATH = Path("figures/cat-cow.toml")


def pose(x: float = 0.5, y: float = 0.5) -> dict[str, list[float]]:
    return {joint: [x, y] for joint in JOINTS}


def figure(mode: str = "alternate", *poses: dict[str, list[float]]) -> dict[str, object]:
    return {"mode": mode, "poses": list(poses) or [pose(0.2, 0.2), pose(0.6, 0.4)]}


def error_of(data: dict[str, object]) -> str:
    with pytest.raises(RoutineError) as caught:
        parse_figure(data, PATH)
    text = str(caught.value)
    assert "\n" not in text
    return text


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Cat-cow", "cat-cow"),
        ("Pigeon stretch", "pigeon-stretch"),
        ("90/90 hip switches", "90-90-hip-switches"),
        ("Child's pose", "child-s-pose"),
        ("Good mornings (bodyweight)", "good-mornings-bodyweight"),
    ],
)
def test_slug(name: str, expected: str) -> None:
    assert slug(name) == expected


def test_a_step_s_own_exercise_id_wins_over_its_name() -> None:
    class WithId:
        name = "Cat-cow"
        exercise_id = "cat-camel"

    assert figure_id(WithId()) == "cat-camel"
    assert figure_id(Step(name="Pigeon stretch", duration=60)) == "pigeon-stretch"


def test_an_exercise_may_point_its_steps_at_another_figure(tmp_path) -> None:
    """``figure = "glute-bridge"`` in an exercise file: every step naming it shows that one."""
    from coach.core.exercise import parse_exercise
    from coach.core.routine import parse_routine

    hold = parse_exercise(
        {"name": "Bridge hold", "equipment": ["mat"], "figure": "glute-bridge"},
        tmp_path / "bridge-hold.toml",
    )
    own = parse_exercise({"name": "Hip lift", "equipment": ["mat"]}, tmp_path / "hip-lift.toml")
    routine = parse_routine(
        {
            "name": "R",
            "steps": [
                {"exercise": "bridge-hold", "duration": 30},
                {"exercise": "hip-lift", "duration": 30},
                {"name": "Inline thing", "duration": 30},
            ],
        },
        tmp_path / "r.toml",
        exercises={"bridge-hold": hold, "hip-lift": own},
    )
    assert [figure_id(step) for step in routine.steps] == [
        "glute-bridge",
        "hip-lift",
        "inline-thing",
    ]


def test_a_good_figure_parses() -> None:
    parsed = parse_figure(figure(), PATH)
    assert parsed.id == "cat-cow"
    assert parsed.mode is FigureMode.ALTERNATE
    assert parsed.floor is True
    assert parsed.poses[1]["head"] == (0.6, 0.4)


def test_unknown_joint() -> None:
    bad = pose() | {"tail": [0.1, 0.1]}
    text = error_of(figure("hold", bad))
    assert text.startswith('figures/cat-cow.toml: pose 1: unknown joint "tail"; expected one of')


def test_missing_joint() -> None:
    bad = pose()
    del bad["near_foot"]
    assert error_of(figure("hold", bad)) == (
        "figures/cat-cow.toml: pose 1: missing joint near_foot; every pose needs all joints"
    )


def test_coordinates_outside_the_box() -> None:
    bad = pose() | {"head": [0.5, 1.2]}
    assert error_of(figure("alternate", pose(), bad)) == (
        "figures/cat-cow.toml: pose 2: head must lie in the unit box (0 to 1 each), got [0.5, 1.2]"
    )


def test_a_joint_that_is_no_point() -> None:
    bad = pose() | {"hip": "middle"}
    assert 'hip must be [x, y], two numbers, got "middle"' in error_of(figure("hold", bad))


def test_unknown_mode() -> None:
    assert error_of(figure("bounce")) == (
        'figures/cat-cow.toml: mode must be one of hold, alternate, loop, got "bounce"'
    )


def test_pose_counts_follow_the_mode() -> None:
    assert "mode hold takes one pose, got 2" in error_of(figure("hold", pose(), pose()))
    assert "mode alternate takes two poses, got 1" in error_of(figure("alternate", pose()))


def test_unknown_field_and_bad_floor() -> None:
    assert 'unknown field "speed"' in error_of(figure() | {"speed": 2})
    assert "floor must be true or false, got 1" in error_of(figure() | {"floor": 1})


def test_blend_is_linear_between_two_poses() -> None:
    a = parse_figure(figure(), PATH).poses
    assert blend(a[0], a[1], 0.5)["hip"] == pytest.approx((0.4, 0.3))
    assert blend(a[0], a[1], 2.0) == a[1]


def test_alternate_goes_there_and_back_once_per_beat() -> None:
    parsed = parse_figure(figure(), PATH)
    a, b = parsed.poses
    assert pose_at(parsed, 0.0, beat=6) == a
    assert pose_at(parsed, 3.0, beat=6)["head"] == pytest.approx(b["head"])
    assert pose_at(parsed, 6.0, beat=6)["head"] == pytest.approx(a["head"])
    middle = pose_at(parsed, 1.5, beat=6)["head"]
    assert a["head"][0] < middle[0] < b["head"][0]


def test_a_loop_without_a_beat_takes_its_seconds_per_pose() -> None:
    data = figure("loop", pose(0.1, 0.1), pose(0.5, 0.5), pose(0.9, 0.9)) | {"seconds_per_pose": 4}
    parsed = parse_figure(data, PATH)
    assert pose_at(parsed, 4.0)["hip"] == pytest.approx((0.5, 0.5))
    assert pose_at(parsed, 8.0)["hip"] == pytest.approx((0.9, 0.9))
    assert pose_at(parsed, 12.0)["hip"] == pytest.approx((0.1, 0.1))  # round again
    assert pose_at(parsed, 3.0, beat=3)["hip"] == pytest.approx((0.1, 0.1))  # once per beat


def test_a_hold_never_moves() -> None:
    parsed = parse_figure(figure("hold", pose(0.3, 0.3)), PATH)
    assert pose_at(parsed, 0) == pose_at(parsed, 17.3, beat=2)


def test_mirror_flips_across_and_keeps_heights() -> None:
    flipped = mirror({joint: (0.2, 0.7) for joint in JOINTS})
    assert flipped["head"] == pytest.approx((0.8, 0.7))
    assert mirror(flipped)["head"] == pytest.approx((0.2, 0.7))
