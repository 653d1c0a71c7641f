"""The moving figure beside the player's countdown: braille text, repainted when a dot changes.

The player sets what to show (a figure, the time into the work, the beat, the side) on each of
its own ticks; nothing here keeps time. Drawing is ``coach.text.figure``'s: plain characters, so
it looks the same in tmux, over SSH and in a browser, and needs no colour.
"""

from __future__ import annotations

from typing import Any

from coach.core.figure import Figure, mirror, pose_at
from coach.text.figure import draw_pose
from coach.ui.widgets.plain import Static, plain

FIGURE_WIDTH = 28
"""Cells across: 56 braille dots, as many as the figure's 14 rows are high."""
FIGURE_HEIGHT = 14


class FigureView(Static):
    """One pose of a figure, or nothing for a step without one."""

    DEFAULT_CSS = f"""
    FigureView {{
        width: {FIGURE_WIDTH};
        height: {FIGURE_HEIGHT};
    }}
    """

    def __init__(self, **options: Any) -> None:
        super().__init__("", **options)
        self.lines: list[str] = []

    def show(
        self,
        figure: Figure | None,
        t: float = 0.0,
        *,
        beat: float | None = None,
        mirrored: bool = False,
    ) -> None:
        """``figure`` at ``t`` seconds into the work (facing the other way when ``mirrored``)."""
        if figure is None:
            lines: list[str] = []
        else:
            pose = pose_at(figure, t, beat)
            if mirrored:
                pose = mirror(pose)
            lines = draw_pose(pose, FIGURE_WIDTH, FIGURE_HEIGHT, floor=figure.floor)
        if lines != self.lines:
            self.lines = lines
            self.update(plain("\n".join(lines)))
