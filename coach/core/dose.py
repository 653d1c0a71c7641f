"""Going lighter: the same routine at a sore day's dose, built before it starts.

The rules are the domain's ("Going lighter" in the shared domain notes, numbers in the README):
holds and reps at about 60 % (holds rounded to 5 s, reps rounded down, never below one), one set
instead of several, rests half as long again, and each movement swapped for its regression when
it has one. It is an offer: :func:`lighter` only says what would change; the person chooses.

Which movement is gentler is a lookup passed in (``regression``). Until the exercise library
brings its own, :func:`default_regression` reads :data:`REGRESSIONS`, the domain's table keyed by
the step name's slug.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from coach.core.exercise import Exercise
from coach.core.routine import MAX_SECONDS, Routine, Step, StepKind

SHARE = 0.6
"""Holds and reps, as a share of the usual dose."""
HOLD_STEP = 5.0
"""Lighter holds are rounded to this many seconds (and are at least this long)."""
REST_FACTOR = 1.5
"""Rests, as a multiple of the usual rest."""
DESCRIPTION_COLUMNS = 76
"""The longest :attr:`LighterPlan.description`: it fits a line of the adapt dialog at 80."""


@dataclass(frozen=True)
class Regression:
    """A gentler version of a movement: its name and the cues that go with it."""

    name: str
    cues: tuple[str, ...]


_SEATED_CAT_COW = Regression(
    "Seated cat-cow",
    (
        "Sit tall, hands on the knees",
        "Inhale: chest forward; exhale: round the back",
        "Small and slow, only as far as is pain-free",
    ),
)
_FIGURE_FOUR = Regression(
    "Lying figure-four stretch",
    (
        "On your back, ankle over the opposite knee",
        "Draw the thigh in gently until the hip stretches",
        "Head and lower back stay on the floor",
    ),
)
_KNEE_DROP = Regression(
    "Lying knee-drop twist",
    (
        "On your back, knees bent and together",
        "Let the knees drop to one side only as far as is easy",
        "Shoulders stay on the floor",
    ),
)
_STANDING_HIP_FLEXOR = Regression(
    "Standing hip-flexor stretch",
    (
        "Staggered stance, a hand on a wall or chair",
        "Tuck the tailbone and squeeze the back glute",
        "A small shift forward; ribs down",
    ),
)
_WINDSHIELD_WIPERS = Regression(
    "Lying windshield wipers",
    (
        "On your back, knees bent, feet wide",
        "Let both knees fall side to side, slowly",
        "Only as far as stays pain-free",
    ),
)
_SMALL_BRIDGE = Regression(
    "Small glute bridge",
    (
        "A pelvic tilt first: flatten the lower back into the floor",
        "Lift the hips only a little; no arching",
    ),
)
_HEEL_TAPS = Regression(
    "Heel taps (legs only)",
    (
        "Arms rest on the floor, knees bent over the hips",
        "Lower one heel to tap the floor, then the other",
        "Lower back stays pressed into the floor",
    ),
)
_PALLOF_HOLD = Regression(
    "Pallof hold with a lighter band",
    (
        "A lighter band, hands at the chest",
        "Hold still; don't let the band turn you",
        "Press space when the set is done",
    ),
)
_CLAMSHELL = Regression(
    "Clamshells without a band",
    (
        "Hips stacked, no band",
        "Open the knee only as far as the pelvis stays still",
    ),
)
_DOWEL_HINGE = Regression(
    "Hip hinge with a dowel",
    (
        "Dowel along the spine: head, upper back, tailbone",
        "Hinge at the hips, soft knees; the dowel stays in touch",
        "Stop well before the lower back rounds",
    ),
)
_SIT_TO_STAND = Regression(
    "Sit-to-stand from a box",
    (
        "A box or chair behind you, feet hip-width",
        "Sit back slowly, stand up through the heels",
    ),
)
_KICKSTAND_RDL = Regression(
    "Kickstand RDL with a hand on a wall",
    (
        "Back toes down for balance, a hand on the wall",
        "Hinge with a flat back, only as far as is easy",
    ),
)
_KNEE_SIDE_PLANK = Regression(
    "Side plank from the knees",
    (
        "Knees bent, elbow under the shoulder",
        "Hips up in a straight line from knees to head",
    ),
)
_BIRD_DOG_HALF = Regression(
    "Bird dog with an arm or a leg only",
    (
        "Hands and knees, back flat",
        "Reach one arm, or one leg, long; the rest stays still",
    ),
)

REGRESSIONS: Mapping[str, Regression] = {
    "cat-cow": _SEATED_CAT_COW,
    "cat-cows": _SEATED_CAT_COW,
    "pigeon-stretch": _FIGURE_FOUR,
    "pigeon": _FIGURE_FOUR,
    "seated-spinal-twist": _KNEE_DROP,
    "seated-twist": _KNEE_DROP,
    "half-kneeling-hip-flexor-stretch": _STANDING_HIP_FLEXOR,
    "90-90-hip-switches": _WINDSHIELD_WIPERS,
    "90-90-hip-switch": _WINDSHIELD_WIPERS,
    "glute-bridge": _SMALL_BRIDGE,
    "glute-bridges": _SMALL_BRIDGE,
    "dead-bug": _HEEL_TAPS,
    "dead-bugs": _HEEL_TAPS,
    "pallof-press": _PALLOF_HOLD,
    "banded-clamshell": _CLAMSHELL,
    "banded-clamshells": _CLAMSHELL,
    "good-morning": _DOWEL_HINGE,
    "good-mornings": _DOWEL_HINGE,
    "good-mornings-bodyweight": _DOWEL_HINGE,
    "bodyweight-good-morning": _DOWEL_HINGE,
    "bodyweight-good-mornings": _DOWEL_HINGE,
    "bodyweight-squat": _SIT_TO_STAND,
    "bodyweight-squats": _SIT_TO_STAND,
    "goblet-squat": _SIT_TO_STAND,
    "goblet-squats": _SIT_TO_STAND,
    "single-leg-rdl": _KICKSTAND_RDL,
    "single-leg-rdls": _KICKSTAND_RDL,
    "side-plank": _KNEE_SIDE_PLANK,
    "side-planks": _KNEE_SIDE_PLANK,
    "bird-dog": _BIRD_DOG_HALF,
    "bird-dogs": _BIRD_DOG_HALF,
}
"""The domain's regressions table, keyed by :func:`slug` of a step's name (the names the bundled
routines use, singular and plural). The exercise library will replace this table: it knows each
exercise's regression by id, and its lookup is passed to :func:`lighter` instead."""


def slug(name: str) -> str:
    """``Good mornings (bodyweight)`` → ``good-mornings-bodyweight``."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def default_regression(step: Step) -> Step | None:
    """The step as its regression from :data:`REGRESSIONS` (the same dose), or ``None``."""
    found = REGRESSIONS.get(slug(step.name))
    if found is None:
        return None
    return replace(step, name=found.name, cues=found.cues)


def regression_from(exercises: Mapping[str, Exercise]) -> Callable[[Step], Step | None]:
    """The regression lookup of the exercise library: a step naming an exercise that has a
    regression becomes that exercise (its name, cues and id; the same dose); a step the library
    can't place falls back to :func:`default_regression`."""

    def find(step: Step) -> Step | None:
        exercise = exercises.get(step.exercise_id or "")
        if exercise is None or exercise.regression is None:
            return default_regression(step) if exercise is None else None
        gentler = exercises.get(exercise.regression)
        if gentler is None:
            return None
        return replace(step, name=gentler.name, cues=gentler.cues, exercise_id=gentler.id)

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
    regression: Callable[[Step], Step | None] = default_regression,
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
                light, name=gentler.name, cues=gentler.cues, exercise_id=gentler.exercise_id
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


def _length(seconds: float) -> str:
    """The length as coach.text.formatting.minutes_text says it (``9 min``, ``45 s``)."""
    if seconds < 60:
        return f"{math.ceil(seconds)} s"
    return f"{round(seconds / 60)} min"


def _lengths(plan: LighterPlan) -> str:
    light, usual = _length(plan.lighter_seconds), _length(plan.usual_seconds)
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
