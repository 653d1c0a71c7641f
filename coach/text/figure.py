"""A pose drawn in Unicode braille: plain text, the same in tmux, over SSH and in a browser.

Each character cell holds 2×4 dots (U+2800–U+28FF), so a W×H canvas has 2W×4H dots, which are
about square on a terminal. Bones are Bresenham lines, the head a small circle, the floor one
line of dots; limbs on the far side are dashed so the two arms and legs tell apart without
colour.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from coach.core.figure import BONES, FAR_BONES, Pose

BRAILLE = 0x2800
DOT_BITS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))
"""The bit of each dot, by row (0-3, top down) and column (0-1), in a braille cell."""
HEAD_RADIUS = 0.055
"""The head's radius, as a share of the figure's box."""


class Canvas:
    """Dots on a grid of braille cells, ``width``×``height`` cells."""

    def __init__(self, width: int, height: int) -> None:
        self.width = width
        self.height = height
        self.cells = [[0] * width for _ in range(height)]

    @property
    def dots_wide(self) -> int:
        return self.width * 2

    @property
    def dots_high(self) -> int:
        return self.height * 4

    def dot(self, x: int, y: int) -> None:
        """Set the dot at ``x``, ``y`` (from the top left); outside the canvas is ignored."""
        if 0 <= x < self.dots_wide and 0 <= y < self.dots_high:
            self.cells[y // 4][x // 2] |= DOT_BITS[y % 4][x % 2]

    def is_set(self, x: int, y: int) -> bool:
        return bool(self.cells[y // 4][x // 2] & DOT_BITS[y % 4][x % 2])

    def line(self, x0: int, y0: int, x1: int, y1: int, *, dashed: bool = False) -> None:
        """Bresenham's line; ``dashed`` leaves out every third dot."""
        dx, dy = abs(x1 - x0), -abs(y1 - y0)
        sx, sy = (1 if x0 < x1 else -1), (1 if y0 < y1 else -1)
        error = dx + dy
        count = 0
        while True:
            if not dashed or count % 3 != 2:
                self.dot(x0, y0)
            count += 1
            if x0 == x1 and y0 == y1:
                return
            doubled = 2 * error
            if doubled >= dy:
                error += dy
                x0 += sx
            if doubled <= dx:
                error += dx
                y0 += sy

    def circle(self, cx: int, cy: int, radius: int) -> None:
        """A ring of dots (the midpoint circle)."""
        x, y, error = radius, 0, 1 - radius
        while x >= y:
            for px, py in ((x, y), (y, x), (-y, x), (-x, y), (-x, -y), (-y, -x), (y, -x), (x, -y)):
                self.dot(cx + px, cy + py)
            y += 1
            if error < 0:
                error += 2 * y + 1
            else:
                x -= 1
                error += 2 * (y - x) + 1

    def lines(self) -> list[str]:
        return ["".join(chr(BRAILLE + bits) for bits in row) for row in self.cells]


def draw_pose(pose: Pose, width: int, height: int, *, floor: bool = True) -> list[str]:
    """``pose`` (a unit box, y up) drawn on ``width``×``height`` braille cells, row by row.

    The box is the largest square that fits, centred across and standing on the bottom row,
    where the floor line runs the whole width.
    """
    canvas = Canvas(width, height)
    if width <= 0 or height <= 0:
        return []
    side = min(canvas.dots_wide, canvas.dots_high) - 1
    left = (canvas.dots_wide - 1 - side) / 2
    bottom = canvas.dots_high - 1

    def at(joint: str) -> tuple[int, int]:
        x, y = pose[joint]
        return round(left + x * side), round(bottom - y * side)

    for start, end in BONES:
        canvas.line(*at(start), *at(end), dashed=(start, end) in FAR_BONES)
    radius = max(1, round(HEAD_RADIUS * side))
    hx, hy = at("head")
    nx, ny = at("neck")
    canvas.circle(hx, hy, radius)
    distance = math.hypot(nx - hx, ny - hy)
    if distance > radius:
        ex = round(hx + (nx - hx) * radius / distance)
        ey = round(hy + (ny - hy) * radius / distance)
        canvas.line(ex, ey, nx, ny)
    if floor:
        canvas.line(0, bottom, canvas.dots_wide - 1, bottom)
    return canvas.lines()


GALLERY_CELLS = (24, 12)
"""Cells across and down for each pose ``coach exercises show`` prints: three fit in 80 columns."""
GALLERY_GAP = 2
BLANK = chr(BRAILLE)


def gallery(poses: Sequence[Pose], columns: int, *, floor: bool = True) -> list[str]:
    """Every pose side by side (as many as fit in ``columns``, then the next row), each numbered
    under its floor line, so a figure can be seen whole without playing it."""
    width, height = GALLERY_CELLS
    per_row = max(1, (columns + GALLERY_GAP) // (width + GALLERY_GAP))
    gap = " " * GALLERY_GAP
    out: list[str] = []
    for first in range(0, len(poses), per_row):
        row = poses[first : first + per_row]
        drawn = [draw_pose(pose, width, height, floor=floor) for pose in row]
        lines = [gap.join(pose_lines[line] for pose_lines in drawn) for line in range(height)]
        while lines and not lines[0].strip(BLANK + " "):  # the sky above a figure lying down
            del lines[0]
        out.extend(lines)
        labels = [str(first + number + 1).center(width) for number in range(len(row))]
        out.append(gap.join(labels).rstrip())
    return out
