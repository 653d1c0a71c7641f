"""Routines and their steps: decoded TOML validated with one-line errors, and bounded.

A routine file is user-editable data, so every mistake must come back as a single line naming the
file, the step and the field, and what was expected: never a traceback, and never a reason for
the other routines not to load. Every problem in a file is collected (``routines check`` lists
them all). A file may be shared, so it is bounded too: steps, sets, reps, seconds and the total
planned length, checked here on the table before anything is expanded into segments, and text
that would steer the terminal is refused by name. Reading the file is not done here (the core does
no I/O): see ``coach.services.routines``.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.core.errors import CoachError
from coach.core.text_rules import CONTROL, control_characters, describe

if TYPE_CHECKING:
    from coach.core.exercise import Exercise

MAX_CUES = 3
MAX_CUE_LENGTH = 80
MAX_SECONDS = 3600
"""The longest hold, rest or rep beat, in seconds."""
MAX_STEPS = 200
MAX_SETS = 50
MAX_REPS = 500
MAX_TOTAL_SECONDS = 4 * 3600
"""The longest planned routine (open reps counted at a typical pace, no get-ready)."""
MAX_PROBLEMS = 50
"""Problems listed for one file before the rest are summed up in one more line."""
OPEN_REP_ESTIMATE = 3.0
"""Seconds we assume an open (self-paced) rep takes when estimating a routine's length."""

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_NON_ID = re.compile(r"[^a-z0-9]+")


def minutes_text(seconds: float) -> str:
    """``9 min``, ``45 s``: the length of a routine in a list, and in the lighter dose's
    description (``coach.core.dose``), so both say a length the same way."""
    if seconds < 60:
        return f"{math.ceil(seconds)} s"
    return f"{round(seconds / 60)} min"


def slug(name: str) -> str:
    """An id from a name, as file names and step lookups spell it: ``"90/90 hip switches"`` →
    ``"90-90-hip-switches"``, ``"Good mornings (bodyweight)"`` → ``"good-mornings-bodyweight"``."""
    return _NON_ID.sub("-", name.lower()).strip("-")


ROUTINE_KEYS = ("id", "name", "description", "tags", "equipment", "checkin", "steps")
STEP_KEYS = (
    "exercise",
    "name",
    "duration",
    "reps",
    "seconds_per_rep",
    "sets",
    "rest_between_sets",
    "sides",
    "cues",
    "rest_after",
)


class RoutineError(CoachError):
    """A routine file that cannot be used, with where and why, rendered as one line."""

    def __init__(self, path: Path | str, where: str | None, message: str) -> None:
        self.path = Path(path)
        self.where = where
        self.message = message
        self.problems: tuple[RoutineError, ...] = (self,)
        """Every problem in the file, this one first (``routines check`` prints each)."""
        super().__init__(str(self))

    def with_problems(self, problems: Iterable[RoutineError]) -> RoutineError:
        self.problems = tuple(problems) or (self,)
        return self

    def __str__(self) -> str:
        parts = [str(self.path)]
        if self.where:
            parts.append(self.where)
        parts.append(self.message)
        return ": ".join(parts)


class StepKind(StrEnum):
    HOLD = "hold"
    """A timed hold: ``duration`` seconds."""
    PACED = "paced"
    """Reps at a beat: ``reps`` × ``seconds_per_rep``, so it has a duration."""
    OPEN = "open"
    """Reps at your own pace: waits until you say done."""


@dataclass(frozen=True)
class Step:
    name: str
    duration: float | None = None
    reps: int | None = None
    seconds_per_rep: float | None = None
    sets: int = 1
    rest_between_sets: float = 0.0
    sides: bool = False
    cues: tuple[str, ...] = ()
    rest_after: float = 0.0
    exercise_id: str | None = None
    """The exercise this step doses (``exercise = "cat-cow"``), or ``None`` when inline."""
    equipment: tuple[str, ...] = ()
    """What its exercise needs (``none`` left out); inline steps need nothing we know of."""
    figure_id: str | None = None
    """Its exercise's figure (the exercise file's ``figure``), or ``None`` when inline."""

    @property
    def kind(self) -> StepKind:
        if self.duration is not None:
            return StepKind.HOLD
        if self.seconds_per_rep is not None:
            return StepKind.PACED
        return StepKind.OPEN

    @property
    def work_seconds(self) -> float | None:
        """Length of one set on one side, or ``None`` when it waits for the user."""
        if self.duration is not None:
            return self.duration
        if self.reps is not None and self.seconds_per_rep is not None:
            return self.reps * self.seconds_per_rep
        return None

    @property
    def estimated_work_seconds(self) -> float:
        work = self.work_seconds
        if work is None:
            work = (self.reps or 0) * OPEN_REP_ESTIMATE
        return work

    @property
    def dose(self) -> str:
        """The dose as people write it: ``60 s per side``, ``2 × 12``, ``10 reps``."""
        each = _seconds_text(self.duration or 0) if self.kind is StepKind.HOLD else str(self.reps)
        if self.sets > 1:
            text = f"{self.sets} × {each}"
        else:
            text = each if self.kind is StepKind.HOLD else f"{each} reps"
        return text + (" per side" if self.sides else "")


@dataclass(frozen=True)
class Routine:
    id: str
    name: str
    steps: tuple[Step, ...]
    description: str = ""
    tags: tuple[str, ...] = ()
    equipment: tuple[str, ...] = ()
    """What it needs (in :data:`~coach.core.exercise.EQUIPMENT` order), as declared in the file
    or else gathered from its steps' exercises."""
    checkin: bool = False
    source: Path | None = None
    builtin: bool = False

    def estimated_seconds(self, get_ready_seconds: float = 0.0) -> float:
        """Planned length, counting open-rep steps at a typical pace."""
        total = 0.0
        for index, step in enumerate(self.steps):
            sides = 2 if step.sides else 1
            total += get_ready_seconds
            total += step.estimated_work_seconds * step.sets * sides
            total += step.rest_between_sets * (step.sets - 1)
            if step.sides:
                # A switch before each right side, and back to the left when no rest between.
                switches = step.sets + (step.sets - 1 if step.rest_between_sets <= 0 else 0)
                total += get_ready_seconds * switches
            if index < len(self.steps) - 1:
                total += step.rest_after
        return total

    @property
    def has_open_steps(self) -> bool:
        return any(step.kind is StepKind.OPEN for step in self.steps)


def _seconds_text(seconds: float) -> str:
    return f"{seconds:g} s"


def _show(value: Any) -> str:
    """A value as the user wrote it in TOML, for error messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _quote(value)
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return str(value)


def _quote(text: str) -> str:
    """Text in double quotes, every control character escaped, so an error stays one plain line."""
    return CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class _Checker:
    """Collects every problem in a routine table (up to ``MAX_PROBLEMS``), each with its place."""

    def __init__(self, path: Path, error: type[RoutineError] = RoutineError) -> None:
        self.path = path
        self.error = error
        self.problems: list[RoutineError] = []

    @property
    def full(self) -> bool:
        return len(self.problems) >= MAX_PROBLEMS

    def problem(self, where: str | None, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(self.error(self.path, where, message))
        else:
            self.stop(f"more problems than these {MAX_PROBLEMS}")

    def name_and_description(self, data: dict[str, Any]) -> tuple[str, str]:
        """A file's ``name`` (a non-empty string) and ``description`` (a string, may be empty),
        each checked as text; routine and exercise files share the rule."""
        name = data.get("name")
        if not isinstance(name, str) or not name.strip():
            shown = "nothing" if name is None else _show(name)
            self.problem(None, f"name must be a non-empty string, got {shown}")
            name = ""
        self.text(name, "name", None)
        description = data.get("description", "")
        if not isinstance(description, str):
            self.problem(None, f"description must be a string, got {_show(description)}")
            description = ""
        return name, description

    def stop(self, why: str) -> None:
        """Close a full list with one line saying it is not the whole story."""
        if len(self.problems) == MAX_PROBLEMS:
            self.problems.append(self.error(self.path, None, f"{why}; fix these first"))

    def seconds(
        self, table: dict[str, Any], key: str, where: str, *, positive: bool, default: float
    ) -> float:
        if key not in table:
            return default
        value = table[key]
        bound = "> 0" if positive else ">= 0"
        ok = _is_number(value) and (value > 0 if positive else value >= 0)
        if not ok:
            self.problem(where, f"{key} must be seconds {bound}, got {_show(value)}")
            return default
        if value > MAX_SECONDS:
            self.problem(where, f"{key} must be at most {MAX_SECONDS} seconds, got {value}")
            return default
        return float(value)

    def count(
        self, table: dict[str, Any], key: str, where: str, *, default: int | None, most: int
    ) -> Any:
        if key not in table:
            return default
        value = table[key]
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            self.problem(where, f"{key} must be a whole number >= 1, got {_show(value)}")
            return default
        if value > most:
            self.problem(where, f"{key} must be at most {most}, got {value}")
            return default
        return value

    def text(self, value: str, field: str, where: str | None, *, allow: str = "") -> None:
        """A problem if ``value`` holds characters that would steer the terminal."""
        found = control_characters(value, allow=allow)
        if found:
            shown = ", ".join(describe(c) for c in found[:3]) + (", …" if len(found) > 3 else "")
            self.problem(
                where, f"{field} holds control characters ({shown}); remove the control characters"
            )

    def cues(self, table: dict[str, Any], where: str | None) -> list[str]:
        """The ``cues`` list (a lone string is a list of one), bounded for the player."""
        cues = table.get("cues", [])
        if isinstance(cues, str):
            cues = [cues]
        if not isinstance(cues, list) or not all(isinstance(c, str) and c.strip() for c in cues):
            self.problem(where, f"cues must be a list of short strings, got {_show(cues)}")
            return []
        if len(cues) > MAX_CUES:
            self.problem(where, f"cues must be at most {MAX_CUES}, got {len(cues)}")
        longest = max((len(cue) for cue in cues), default=0)
        if longest > MAX_CUE_LENGTH:
            self.problem(
                where, f"cues must be at most {MAX_CUE_LENGTH} characters each, got {longest}"
            )
        for cue in cues:
            self.text(cue, "cues", where)
        return cues

    def unknown(self, table: dict[str, Any], allowed: Iterable[str], where: str | None) -> None:
        allowed = tuple(allowed)
        for key in table:
            if key not in allowed:
                self.problem(
                    where, f"unknown field {_show(key)}; expected one of: {', '.join(allowed)}"
                )


def _step_exercise(
    checker: _Checker, where: str, raw: dict[str, Any], exercises: Mapping[str, Exercise] | None
) -> Exercise | None:
    """The exercise a step names (``exercise = "id"``), or ``None`` after saying why not."""
    wanted = raw["exercise"]
    if not isinstance(wanted, str) or not ID_PATTERN.fullmatch(wanted):
        checker.problem(
            where, f"exercise must be an exercise id (like cat-cow), got {_show(wanted)}"
        )
        return None
    found = (exercises or {}).get(wanted)
    if found is None:
        checker.problem(
            where,
            f"unknown exercise {_quote(wanted)}; use an id from `coach exercises`, "
            "or define the step inline with a name",
        )
    return found


def parse_step(
    checker: _Checker, number: int, raw: Any, exercises: Mapping[str, Exercise] | None = None
) -> Step | None:
    """One ``[[steps]]`` table as a Step, or ``None`` after recording its problems.

    A step that names an exercise takes its name and cues from it unless it gives its own.
    """
    before = len(checker.problems)
    where = f"step {number}"
    if not isinstance(raw, dict):
        checker.problem(where, f"must be a table ([[steps]]), got {_show(raw)}")
        return None
    exercise = None
    if "exercise" in raw:
        if isinstance(raw["exercise"], str):
            where = f"step {number} exercise {_quote(raw['exercise'])}"
        exercise = _step_exercise(checker, where, raw, exercises)
        if exercise is None:
            return None
        raw = {"name": exercise.name, "cues": list(exercise.cues)} | raw
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        shown = "nothing" if name is None else _show(name)
        checker.problem(where, f"name must be a non-empty string, got {shown}")
        name = ""
    else:
        name = name.strip()
        where = f"step {number} {_quote(name)}"
        checker.text(name, "name", where)
    checker.unknown(raw, STEP_KEYS, where)

    has_duration, has_reps = "duration" in raw, "reps" in raw
    if has_duration and has_reps:
        checker.problem(where, "give either duration (a timed hold) or reps, not both")
    if not has_duration and not has_reps:
        checker.problem(where, "needs duration (seconds to hold) or reps (how many)")
    duration = checker.seconds(raw, "duration", where, positive=True, default=0) or None
    reps = checker.count(raw, "reps", where, default=None, most=MAX_REPS)
    if "seconds_per_rep" in raw and not has_reps:
        checker.problem(where, "seconds_per_rep only goes with reps, not with duration")
    seconds_per_rep = checker.seconds(raw, "seconds_per_rep", where, positive=True, default=0)
    sets = checker.count(raw, "sets", where, default=1, most=MAX_SETS)
    rest_between_sets = checker.seconds(raw, "rest_between_sets", where, positive=False, default=0)
    rest_after = checker.seconds(raw, "rest_after", where, positive=False, default=0)

    sides = raw.get("sides", False)
    if not isinstance(sides, bool):
        checker.problem(where, f"sides must be true or false, got {_show(sides)}")

    cues = checker.cues(raw, where)

    if len(checker.problems) > before:
        return None
    return Step(
        name=name,
        duration=duration,
        reps=reps,
        seconds_per_rep=seconds_per_rep or None,
        sets=sets,
        rest_between_sets=rest_between_sets,
        sides=sides,
        cues=tuple(c.strip() for c in cues),
        rest_after=rest_after,
        exercise_id=exercise.id if exercise is not None else None,
        equipment=exercise.needs if exercise is not None else (),
        figure_id=(exercise.figure or exercise.id) if exercise is not None else None,
    )


def check_routine(
    data: dict[str, Any],
    path: Path,
    *,
    builtin: bool = False,
    exercises: Mapping[str, Exercise] | None = None,
) -> Routine | list[RoutineError]:
    """A decoded TOML document as a Routine, or every problem in it (``routines check``).

    ``exercises`` are the ones a step may name (``exercise = "cat-cow"``); without them only
    inline steps load.
    """
    checker = _Checker(path)
    checker.unknown(data, ROUTINE_KEYS, None)

    routine_id = data.get("id", path.stem)
    if not isinstance(routine_id, str) or not ID_PATTERN.fullmatch(routine_id):
        checker.problem(
            None,
            f"id must be lowercase letters, digits and dashes (like my-routine), "
            f"got {_show(routine_id)}",
        )
    name, description = checker.name_and_description(data)
    checker.text(description, "description", None, allow="\n\t")
    tags = data.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) and t.strip() for t in tags):
        checker.problem(None, f"tags must be a list of strings, got {_show(tags)}")
        tags = []
    for tag in tags:
        checker.text(tag, "tags", None)
    from coach.core.exercise import EQUIPMENT, NO_EQUIPMENT

    equipment = data.get("equipment")
    if equipment is not None:
        if not isinstance(equipment, list) or not all(isinstance(e, str) for e in equipment):
            checker.problem(None, f"equipment must be a list of strings, got {_show(equipment)}")
            equipment = None
        else:
            for item in equipment:
                if item not in EQUIPMENT:
                    checker.problem(
                        None,
                        f"unknown equipment {_quote(item)}; expected some of: "
                        f"{', '.join(EQUIPMENT)}",
                    )
    checkin = data.get("checkin", False)
    if not isinstance(checkin, bool):
        checker.problem(None, f"checkin must be true or false, got {_show(checkin)}")

    raw_steps = data.get("steps")
    steps: list[Step | None] = []
    if not isinstance(raw_steps, list) or not raw_steps:
        checker.problem(None, "steps must hold at least one [[steps]] table")
    else:
        if len(raw_steps) > MAX_STEPS:
            checker.problem(
                None, f"steps must be at most {MAX_STEPS}, got {len(raw_steps)}; split the routine"
            )
        for number, raw in enumerate(raw_steps, start=1):
            if checker.full:
                checker.stop(f"checking stopped at step {number} after {MAX_PROBLEMS} problems")
                break
            steps.append(parse_step(checker, number, raw, exercises))

    if checker.problems:
        return checker.problems
    kept = tuple(step for step in steps if step is not None)
    gathered = {item for step in kept for item in step.equipment}
    wanted = gathered if equipment is None else set(equipment)
    needed = tuple(item for item in EQUIPMENT if item in wanted and item != NO_EQUIPMENT)
    routine = Routine(
        id=routine_id,
        name=name.strip(),
        description=description.strip(),
        tags=tuple(t.strip().lower() for t in tags),
        checkin=checkin,
        steps=kept,
        equipment=needed,
        source=path,
        builtin=builtin,
    )
    planned = routine.estimated_seconds()
    if planned > MAX_TOTAL_SECONDS:
        return [
            RoutineError(
                path,
                None,
                f"planned length is {planned / 3600:.1f} hours; a routine may be at most "
                f"{MAX_TOTAL_SECONDS // 3600} hours (split it into several)",
            )
        ]
    return routine


def parse_routine(
    data: dict[str, Any],
    path: Path,
    *,
    builtin: bool = False,
    exercises: Mapping[str, Exercise] | None = None,
) -> Routine:
    """Validate a decoded TOML document as a routine, raising a :class:`RoutineError`.

    The error reads as the first problem; its ``problems`` hold every one, in file order.
    """
    checked = check_routine(data, path, builtin=builtin, exercises=exercises)
    if isinstance(checked, Routine):
        return checked
    raise checked[0].with_problems(checked)


@dataclass
class RoutineSet:
    """Every routine coach can offer, plus the files that could not be loaded."""

    routines: dict[str, Routine] = field(default_factory=dict)
    errors: list[RoutineError] = field(default_factory=list)
    overridden: set[str] = field(default_factory=set)
    """Ids of built-ins that a user file replaced."""
    exercises: dict[str, Exercise] = field(default_factory=dict)
    """The exercises the steps could name, by id (a step's ``exercise_id`` finds its own)."""

    def get(self, routine_id: str) -> Routine | None:
        return self.routines.get(routine_id)

    def sorted(self) -> list[Routine]:
        return sorted(self.routines.values(), key=lambda r: (not r.builtin, r.name.lower()))
