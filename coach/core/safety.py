"""Don't train through pain: the check-in before lifting, and what its answers mean.

Some symptoms are not for an app to handle: any red flag stops the routine before it starts and
points to a doctor or physiotherapist. Pain at or above the threshold is not a stop, but coach
suggests going lighter, something gentler, or resting. Everything else goes. The wording lives
here, once, so every screen and command says it the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from coach.core.routine import Routine
from coach.core.vocabulary import Tag

PAIN_MAX = 10

MEDICAL_NOTICE_SHORT = (
    "coach is not medical advice. Back pain down a leg, numbness, tingling, weakness, or pain "
    "that lasts or wakes you: stop and see a doctor or physiotherapist."
)
"""The notice in two lines' worth, for a toast beside a routine that is already playing."""

MEDICAL_NOTICE = (
    "coach is not medical advice. It guides stretches and warm-ups and keeps a log; it cannot "
    "examine you or tell what is causing pain. If your back pain persists and doesn't improve "
    "with rest, radiates down a leg, comes with weakness, numbness or tingling, or disturbs your "
    "sleep or daily movement, stop and see a doctor or physiotherapist. Don't train through pain: "
    "go lighter, do something gentler, or rest."
)

SEE_SOMEONE = (
    "These can be signs of something that needs a doctor or physiotherapist to look at. "
    "Please don't warm up or train through it today: get it checked first."
)
NOT_MEDICAL_ADVICE = "coach is not medical advice and cannot examine you."


@dataclass(frozen=True)
class RedFlag:
    """One of the four symptoms that stop a session (see the domain notes)."""

    key: str
    """Short name; the log's column is ``flag_<key>``."""
    question: str
    why: str
    """One calm sentence on why this one is for a professional."""

    @property
    def column(self) -> str:
        return f"flag_{self.key}"


RED_FLAGS: tuple[RedFlag, ...] = (
    RedFlag(
        "persists",
        "Pain that persists and hasn't improved with rest?",
        "Pain that won't settle with rest is worth having examined, not trained through.",
    ),
    RedFlag(
        "leg",
        "Pain radiating down a leg?",
        "This can mean an irritated nerve (possible sciatica).",
    ),
    RedFlag(
        "numbness",
        "Weakness, numbness or tingling?",
        "This can mean a nerve is involved.",
    ),
    RedFlag(
        "sleep",
        "Pain that disturbs your sleep or daily movement?",
        "Pain at night or in everyday movement needs more than a warm-up.",
    ),
)
RED_FLAG_KEYS = tuple(flag.key for flag in RED_FLAGS)


class Verdict(StrEnum):
    """What the answers mean, before the user chooses anything."""

    GO = "go"
    ADAPT = "adapt"
    """Pain at or above the threshold: offer lighter, gentler or rest."""
    STOP = "stop"
    """A red flag: the routine does not start."""


class Outcome(StrEnum):
    """What happened after a check-in, as logged in ``checkins.outcome``."""

    GO = "go"
    """Answered in full, nothing to worry about: the routine started."""
    SKIPPED = "skipped"
    """The one-key "no pain, no symptoms" (or not every question answered)."""
    STOPPED = "stopped"
    """A red flag: the routine did not start."""
    UNDECIDED = "undecided"
    """Pain at or above the threshold; the choice below replaces this once it is made."""
    LIGHTER = "lighter"
    GENTLER = "gentler"
    REST_TODAY = "rest_today"


ADAPTED = (Outcome.LIGHTER, Outcome.GENTLER)


class Kind(StrEnum):
    """When a check-in was asked."""

    BEFORE = "before"
    AFTER = "after"


@dataclass(frozen=True)
class Answers:
    """A check-in as answered: pain 0–10 and each red flag yes/no, ``None`` when not given."""

    pain: int | None = None
    flags: Mapping[str, bool | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.pain is not None and not 0 <= self.pain <= PAIN_MAX:
            raise ValueError(f"pain must be 0-{PAIN_MAX}, got {self.pain}")
        unknown = set(self.flags) - set(RED_FLAG_KEYS)
        if unknown:
            raise ValueError(f"unknown red flags: {', '.join(sorted(unknown))}")

    def flag(self, key: str) -> bool | None:
        return self.flags.get(key)

    @property
    def complete(self) -> bool:
        """Pain given and all four questions answered."""
        return self.pain is not None and all(self.flag(k) is not None for k in RED_FLAG_KEYS)

    @property
    def raised(self) -> tuple[RedFlag, ...]:
        """The red flags answered yes, in the order they were asked."""
        return tuple(flag for flag in RED_FLAGS if self.flag(flag.key))


@dataclass(frozen=True)
class Assessment:
    verdict: Verdict
    outcome: Outcome
    """What to log at the moment of the answer (``undecided`` until the user chooses)."""
    stopped_by: tuple[RedFlag, ...] = ()


def assess(answers: Answers, pain_threshold: int) -> Assessment:
    """Red flags stop, whatever the pain; pain at or above the threshold adapts; else go."""
    raised = answers.raised
    if raised:
        return Assessment(Verdict.STOP, Outcome.STOPPED, raised)
    if answers.pain is not None and answers.pain >= pain_threshold:
        return Assessment(Verdict.ADAPT, Outcome.UNDECIDED)
    return Assessment(Verdict.GO, Outcome.GO if answers.complete else Outcome.SKIPPED)


def needs_checkin(routine: Routine) -> bool:
    """Routines before lifting, and any whose file says ``checkin = true``."""
    return routine.checkin or Tag.PRE_LIFT in routine.tags


def gentle_routines(routines: Iterable[Routine], instead_of: Routine) -> list[Routine]:
    """The routines tagged ``gentle`` to offer instead, by name, never the one being replaced."""
    return sorted(
        (r for r in routines if Tag.GENTLE in r.tags and r.id != instead_of.id),
        key=lambda r: r.name.lower(),
    )
