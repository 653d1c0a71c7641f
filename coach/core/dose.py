"""Going lighter: the same routine at a sore day's dose, built before it starts.

The rules are the domain's ("Going lighter" in the shared domain notes, numbers in the README):
holds and reps at about 60 % (holds rounded to 5 s, reps rounded down, never below one), one set
instead of several, rests half as long again, and each movement swapped for its regression when
it has one. It is an offer: :func:`lighter` only says what would change; the person chooses.

Which movement is gentler is a lookup passed in (``regression``): the exercise library's links
(:func:`regression_from`), the domain's regressions table written down once, as exercise files.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from coach.core.exercise import Exercise
from coach.core.routine import MAX_SECONDS, Routine, Step, StepKind, minutes_text, slug

SHARE = 0.6
"""Holds and reps, as a share of the usual dose."""
HOLD_STEP = 5.0
"""Lighter holds are rounded to this many seconds (and are at least this long)."""
REST_FACTOR = 1.5
"""Rests, as a multiple of the usual rest."""
DESCRIPTION_COLUMNS = 76
"""The longest :attr:`LighterPlan.description`: it fits a line of the adapt dialog at 80 (the
76 columns inside the choices' border; the dialog shows it unindented)."""


def no_regression(step: Step) -> Step | None:
    """The lookup without a library: every movement stays as it is (only the dose drops)."""
    return None


def named(exercises: Mapping[str, Exercise], name: str) -> Exercise | None:
    """The exercise a step written inline (a name, no ``exercise =``) is: one whose id or name
    it spells, in the singular or the plural (``Dead bugs``, ``dead-bug``, ``90/90 hip switch``)."""
    wanted = slug(name)
    forms = {
        wanted,
        wanted.removesuffix("s"),
        wanted.removesuffix("es"),
        wanted + "s",
        wanted + "es",
    }
    for exercise in exercises.values():
        if exercise.id in forms or slug(exercise.name) in forms:
            return exercise
    return None


def regression_from(exercises: Mapping[str, Exercise]) -> Callable[[Step], Step | None]:
    """The regression lookup of the exercise library: a step's exercise (the one it names, or
    the one its name spells, see :func:`named`) that has a regression becomes that regression:
    its name, cues, id, equipment and figure, at the same dose."""

    def find(step: Step) -> Step | None:
        exercise = exercises.get(step.exercise_id or "") or named(exercises, step.name)
        if exercise is None or exercise.regression is None:
            return None
        gentler = exercises.get(exercise.regression)
        if gentler is None:
            return None
        return replace(
            step,
            name=gentler.name,
            cues=gentler.cues,
            exercise_id=gentler.id,
            equipment=gentler.needs,
            figure_id=gentler.figure or gentler.id,
        )

    return find


def lighter_hold(seconds: float) -> float:
    """60 % of a hold, to the nearest 5 s, at least 5 s and never longer than it was."""
    rounded = math.floor(seconds * SHARE / HOLD_STEP + 0.5) * HOLD_STEP
    return min(seconds, max(HOLD_STEP, rounded))


def lighter_reps(reps: int) -> int:
    """60 % of the reps, rounded down, at least one."""
    return max(1, reps * 3 // 5)


def lighter_rest(seconds: float) -> float:
    """Half as long again, in whole seconds (within a routine file's bound)."""
    return min(float(MAX_SECONDS), float(round(seconds * REST_FACTOR)))


def lighter_step(step: Step) -> Step:
    """One step at the lighter dose (the movement itself unchanged)."""
    return replace(
        step,
        duration=lighter_hold(step.duration)
        if step.kind is StepKind.HOLD and step.duration
        else None,
        reps=lighter_reps(step.reps) if step.reps is not None else None,
        sets=1,
        rest_between_sets=lighter_rest(step.rest_between_sets),
        rest_after=lighter_rest(step.rest_after),
    )


@dataclass(frozen=True)
class Swap:
    """A step played as its regression."""

    usual: str
    gentler: str


@dataclass(frozen=True)
class LighterPlan:
    """The lighter routine and what changes, for the person to see before choosing."""

    routine: Routine
    usual_seconds: float
    lighter_seconds: float
    swaps: tuple[Swap, ...]
    fewer_sets: bool
    """Some step had more than one set."""

    @property
    def description(self) -> str:
        """``6 min instead of 11; good mornings → hip hinge with a dowel; one set each``,
        at most :data:`DESCRIPTION_COLUMNS` long (swaps beyond it summed as ``…and N more``)."""
        return describe(self)


def lighter(
    routine: Routine,
    regression: Callable[[Step], Step | None] = no_regression,
    *,
    get_ready_seconds: float = 0.0,
) -> LighterPlan:
    """``routine`` at the lighter dose, each step swapped for its regression where it has one.

    ``get_ready_seconds`` only counts in the lengths the description compares.
    """
    steps: list[Step] = []
    swaps: list[Swap] = []
    for step in routine.steps:
        light = lighter_step(step)
        gentler = regression(light)
        if gentler is not None:
            swaps.append(Swap(step.name, gentler.name))
            light = replace(
                light,
                name=gentler.name,
                cues=gentler.cues,
                exercise_id=gentler.exercise_id,
                equipment=gentler.equipment,
                figure_id=gentler.figure_id,
            )
        steps.append(light)
    light_routine = replace(routine, steps=tuple(steps))
    return LighterPlan(
        routine=light_routine,
        usual_seconds=routine.estimated_seconds(get_ready_seconds),
        lighter_seconds=light_routine.estimated_seconds(get_ready_seconds),
        swaps=tuple(swaps),
        fewer_sets=any(step.sets > 1 for step in routine.steps),
    )


# -- what the person reads --------------------------------------------------------------------


def _lengths(plan: LighterPlan) -> str:
    light, usual = minutes_text(plan.lighter_seconds), minutes_text(plan.usual_seconds)
    if light == usual:
        return f"about {usual}, easier"
    if light.endswith(" min") and usual.endswith(" min"):
        usual = usual.removesuffix(" min")
    return f"{light} instead of {usual}"


def _lower(name: str) -> str:
    """``Good mornings`` → ``good mornings``, leaving ``RDL`` as it is."""
    if len(name) > 1 and name[:2].isupper():
        return name
    return name[:1].lower() + name[1:]


def _count(count: int, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def _fit(text: str, columns: int) -> str:
    return text if len(text) <= columns else text[: columns - 1] + "…"


def describe(plan: LighterPlan) -> str:
    """What :attr:`LighterPlan.description` says: the lengths, then as many swaps as fit (in
    order, the rest counted), then the sets. When not even one ``usual → gentler`` fits, the
    gentler names alone (``easier: heel taps, …and 4 more``), or else their count."""
    head = _lengths(plan)
    tail = "; one set each" if plan.fewer_sets else ""

    def text(lead: str, shown: list[str], left: int) -> str:
        parts = list(shown)
        if left:
            parts.append(f"…and {left} more" if shown else _count(left, "easier move"))
        listed = lead + ", ".join(parts)
        return "; ".join([head, listed] if parts else [head]) + tail

    def fitted(lead: str, names: list[str]) -> tuple[str, int]:
        shown: list[str] = []
        for name in names:
            if len(text(lead, [*shown, name], len(names) - len(shown) - 1)) <= DESCRIPTION_COLUMNS:
                shown.append(name)
        return text(lead, shown, len(names) - len(shown)), len(shown)

    arrows, shown = fitted("", [f"{_lower(s.usual)} → {_lower(s.gentler)}" for s in plan.swaps])
    if not shown and plan.swaps:
        names, shown = fitted("easier: ", [_lower(s.gentler) for s in plan.swaps])
        if shown:
            return names
    return _fit(arrows, DESCRIPTION_COLUMNS)
