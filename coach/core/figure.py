"""Figures: a stick person's poses as data, checked like routine files, moved on a clock.

A figure file is user-editable data, so a mistake is one line naming the file and the field
(through :class:`coach.core.routine.RoutineError`, the same machinery routine files use). The
core interpolates between poses at a time ``t`` the player gives it and mirrors a pose for the
other side; drawing is ``coach.text.figure``'s job, and reading files ``coach.services.figures``'.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from coach.core.routine import RoutineError, _show, slug

JOINTS = (
    "head",
    "neck",
    "shoulder",
    "back",
    "hip",
    "near_elbow",
    "near_hand",
    "far_elbow",
    "far_hand",
    "near_knee",
    "near_foot",
    "far_knee",
    "far_foot",
)
"""The fixed skeleton, seen from the side: ``near`` limbs face the viewer, ``far`` ones behind."""

BONES = (
    ("neck", "shoulder"),
    ("shoulder", "back"),
    ("back", "hip"),
    ("shoulder", "far_elbow"),
    ("far_elbow", "far_hand"),
    ("hip", "far_knee"),
    ("far_knee", "far_foot"),
    ("shoulder", "near_elbow"),
    ("near_elbow", "near_hand"),
    ("hip", "near_knee"),
    ("near_knee", "near_foot"),
)
"""Lines between joints; the head is a circle joined to the neck."""

FAR_BONES = frozenset(bone for bone in BONES if bone[1].startswith("far_"))

FIGURE_KEYS = ("mode", "floor", "seconds_per_pose", "poses")
MAX_POSES = 12
LOOP_SECONDS_PER_POSE = 4.0
"""How long a looping figure (an open rep step) takes over each pose by default."""
ALTERNATE_SECONDS = 4.0
"""One A → B → A cycle of an alternating figure when the step sets no beat (a hold)."""

Point = tuple[float, float]
Pose = dict[str, Point]


class FigureMode(StrEnum):
    HOLD = "hold"
    """One pose, held."""
    ALTERNATE = "alternate"
    """A ↔ B once per rep: there and back at the rep's beat."""
    LOOP = "loop"
    """Through every pose in turn, slowly, and round again."""


@dataclass(frozen=True)
class Figure:
    id: str
    mode: FigureMode
    poses: tuple[Pose, ...]
    floor: bool = True
    seconds_per_pose: float = LOOP_SECONDS_PER_POSE
    source: Path | None = None


def figure_id(step: object) -> str:
    """The figure a step shows: its exercise's (``figure_id``, which an exercise file may point
    elsewhere), else its exercise's id, else its name's slug (an inline step)."""
    for attribute in ("figure_id", "exercise_id"):
        given = getattr(step, attribute, None)
        if isinstance(given, str) and given:
            return given
    return slug(str(getattr(step, "name", "")))


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _point(path: Path, where: str, joint: str, value: Any) -> Point:
    if not (isinstance(value, list) and len(value) == 2 and all(_is_number(v) for v in value)):
        raise RoutineError(path, where, f"{joint} must be [x, y], two numbers, got {_show(value)}")
    x, y = float(value[0]), float(value[1])
    if not (0.0 <= x <= 1.0 and 0.0 <= y <= 1.0):
        raise RoutineError(
            path, where, f"{joint} must lie in the unit box (0 to 1 each), got [{x:g}, {y:g}]"
        )
    return (x, y)


def _pose(path: Path, number: int, raw: Any) -> Pose:
    where = f"pose {number}"
    if not isinstance(raw, dict):
        raise RoutineError(path, where, f"must be a table ([[poses]]), got {_show(raw)}")
    for key in raw:
        if key not in JOINTS:
            raise RoutineError(
                path, where, f"unknown joint {_show(key)}; expected one of: {', '.join(JOINTS)}"
            )
    missing = [joint for joint in JOINTS if joint not in raw]
    if missing:
        raise RoutineError(path, where, f"missing joint {missing[0]}; every pose needs all joints")
    return {joint: _point(path, where, joint, raw[joint]) for joint in JOINTS}


def parse_figure(data: dict[str, Any], path: Path, figure_id: str | None = None) -> Figure:
    """A decoded figure file as a Figure, or one :class:`RoutineError` naming the field."""
    for key in data:
        if key not in FIGURE_KEYS:
            raise RoutineError(
                path, None, f"unknown field {_show(key)}; expected one of: {', '.join(FIGURE_KEYS)}"
            )
    raw_mode = data.get("mode", FigureMode.HOLD.value)
    try:
        mode = FigureMode(raw_mode)
    except ValueError:
        choices = ", ".join(m.value for m in FigureMode)
        raise RoutineError(
            path, None, f"mode must be one of {choices}, got {_show(raw_mode)}"
        ) from None
    floor = data.get("floor", True)
    if not isinstance(floor, bool):
        raise RoutineError(path, None, f"floor must be true or false, got {_show(floor)}")
    per = data.get("seconds_per_pose", LOOP_SECONDS_PER_POSE)
    if not _is_number(per) or not 0.5 <= per <= 60:
        raise RoutineError(
            path, None, f"seconds_per_pose must be seconds from 0.5 to 60, got {_show(per)}"
        )
    raw_poses = data.get("poses")
    if not isinstance(raw_poses, list) or not raw_poses:
        raise RoutineError(path, None, "poses must hold at least one [[poses]] table")
    if len(raw_poses) > MAX_POSES:
        raise RoutineError(path, None, f"poses must be at most {MAX_POSES}, got {len(raw_poses)}")
    poses = tuple(_pose(path, n, raw) for n, raw in enumerate(raw_poses, start=1))
    if mode is FigureMode.HOLD and len(poses) != 1:
        raise RoutineError(path, None, f"mode hold takes one pose, got {len(poses)}")
    if mode is FigureMode.ALTERNATE and len(poses) != 2:
        raise RoutineError(path, None, f"mode alternate takes two poses, got {len(poses)}")
    if mode is FigureMode.LOOP and len(poses) < 2:
        raise RoutineError(path, None, f"mode loop takes two poses or more, got {len(poses)}")
    return Figure(
        id=figure_id or path.stem,
        mode=mode,
        poses=poses,
        floor=floor,
        seconds_per_pose=float(per),
        source=path,
    )


def blend(a: Pose, b: Pose, amount: float) -> Pose:
    """The pose ``amount`` of the way from ``a`` to ``b`` (0 is a, 1 is b)."""
    amount = min(1.0, max(0.0, amount))
    return {
        joint: (
            a[joint][0] + (b[joint][0] - a[joint][0]) * amount,
            a[joint][1] + (b[joint][1] - a[joint][1]) * amount,
        )
        for joint in JOINTS
    }


def _ease(amount: float) -> float:
    """Slow at both ends, as a body moves: a half cosine from 0 to 1."""
    return (1.0 - math.cos(math.pi * amount)) / 2.0


def pose_at(figure: Figure, t: float, beat: float | None = None) -> Pose:
    """The pose at ``t`` seconds into the work.

    ``beat`` is the rep's seconds for a paced step: an alternating figure goes A → B → A once
    per beat and a loop goes round once per beat. Without one (a hold, reps at your own pace)
    an alternating figure takes ``ALTERNATE_SECONDS`` a cycle and a loop ``seconds_per_pose``
    on each pose.
    """
    poses = figure.poses
    if figure.mode is FigureMode.HOLD or len(poses) == 1:
        return dict(poses[0])
    t = max(0.0, t)
    if figure.mode is FigureMode.ALTERNATE:
        period = beat if beat and beat > 0 else ALTERNATE_SECONDS
        phase = (t % period) / period
        there = phase * 2 if phase < 0.5 else 2 - phase * 2
        return blend(poses[0], poses[1], _ease(there))
    per = beat / len(poses) if beat and beat > 0 else figure.seconds_per_pose
    position = (t / per) % len(poses)
    index = int(position)
    return blend(poses[index], poses[(index + 1) % len(poses)], _ease(position - index))


def mirror(pose: Pose) -> Pose:
    """The pose seen facing the other way (the other side of a per-side step)."""
    return {joint: (1.0 - x, y) for joint, (x, y) in pose.items()}
