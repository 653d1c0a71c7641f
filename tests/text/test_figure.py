"""Drawing a pose in braille: dots where the bones are, and nothing that needs colour."""

from __future__ import annotations

from coach.core.figure import JOINTS
from coach.services.figures import load_figures
from coach.text.figure import BRAILLE, Canvas, draw_pose


def test_a_line_sets_the_dots_bresenham_picks() -> None:
    canvas = Canvas(2, 1)
    canvas.line(0, 0, 3, 3)
    assert [(x, y) for y in range(4) for x in range(4) if canvas.is_set(x, y)] == [
        (0, 0),
        (1, 1),
        (2, 2),
        (3, 3),
    ]
    assert canvas.lines() == ["⠑⢄"]  # dots 1 and 5, then dots 3 and 8


def test_a_dashed_line_leaves_every_third_dot_out() -> None:
    canvas = Canvas(4, 1)
    canvas.line(0, 0, 7, 0, dashed=True)
    assert [x for x in range(8) if canvas.is_set(x, 0)] == [0, 1, 3, 4, 6, 7]


def test_a_small_pose_renders_to_a_known_string() -> None:
    pose = {joint: (0.5, 0.1) for joint in JOINTS}
    pose["head"] = (0.5, 0.8)
    pose["neck"] = (0.5, 0.6)
    assert draw_pose(pose, 4, 2) == ["⠀⠐⡕⠀", "⣀⣀⣇⣀"]
    assert draw_pose(pose, 4, 2, floor=False) == ["⠀⠐⡕⠀", "⠀⠀⠇⠀"]


def test_the_spine_is_drawn_where_it_is() -> None:
    pose = {joint: (0.1, 0.1) for joint in JOINTS}
    pose["shoulder"], pose["back"], pose["hip"] = (0.5, 0.9), (0.5, 0.6), (0.5, 0.3)
    canvas = Canvas(10, 5)  # 20×20 dots: the unit box is 19 dots on a side
    for line_number, line in enumerate(draw_pose(pose, 10, 5, floor=False)):
        canvas.cells[line_number] = [ord(c) - BRAILLE for c in line]
    top, bottom = round(19 - 0.9 * 19), round(19 - 0.3 * 19)
    assert all(canvas.is_set(10, y) for y in range(top, bottom + 1))
    assert not canvas.is_set(10, top - 2)
    assert not canvas.is_set(14, 8)


def test_every_line_is_braille_and_as_wide_as_asked() -> None:
    for figure in load_figures().figures.values():
        for pose in figure.poses:
            lines = draw_pose(pose, 28, 14, floor=figure.floor)
            assert len(lines) == 14
            assert all(len(line) == 28 for line in lines)
            assert all(0x2800 <= ord(c) <= 0x28FF for line in lines for c in line)
            assert any(ord(c) != BRAILLE for c in lines[-1])  # the floor
