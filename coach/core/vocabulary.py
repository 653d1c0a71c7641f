"""The words coach writes to its log and compares against, each defined here and only here.

Tags, session statuses, step and break outcomes, the break phase, rest kinds and ``app_state``
keys are stored as text and read back by the core, the services, the read-only status path, the
UI and the CLI. A word spelt twice is a fact that can drift (a session that never counts, a key
status never finds), so every layer imports these names; ``tests/core/test_vocabulary.py`` fails
when one of the words turns up as a literal anywhere else in coach.

Each is a :class:`~enum.StrEnum`, so a member *is* its stored text: it goes into SQL parameters
and JSON as it is, and compares equal to the text read back.
"""

from __future__ import annotations

from enum import StrEnum


class Tag(StrEnum):
    """Routine tags that mean something to coach (a routine may carry any others)."""

    MORNING = "morning"
    """Counts for the morning-mobility habit."""
    PRE_LIFT = "pre-lift"
    """A warm-up before lifting: asks for the check-in, counts for the pre-lift habit."""
    GENTLE = "gentle"
    """Offered instead when the check-in finds pain."""


class SessionStatus(StrEnum):
    """``sessions.status``."""

    RUNNING = "running"
    COMPLETED = "completed"
    PARTIAL = "partial"
    """Quit, interrupted, or left running by a coach that is gone."""


class Dose(StrEnum):
    """``sessions.dose``: which dose a session played (``usual`` for sessions logged before it)."""

    USUAL = "usual"
    LIGHTER = "lighter"
    """Going lighter after a check-in found pain (coach.core.dose)."""


class Entry(StrEnum):
    """``sessions.entered``: how a session came into the log."""

    PLAYED = "played"
    """Played in coach's player (every session logged before entries were kept)."""
    BY_HAND = "by-hand"
    """Logged afterwards (`coach log`, or history's l): done away from coach, no step rows."""


class StepOutcome(StrEnum):
    """``steps.outcome``: how one step side ended."""

    DONE = "done"
    SKIPPED = "skipped"


class BreakOutcome(StrEnum):
    """``breaks.outcome``: what happened to one break (empty while a prompt is pending)."""

    DONE = "done"
    SKIPPED = "skipped"
    MISSED = "missed"
    SELF = "self"
    """Stood up unprompted (the home key, ``coach break now``)."""
    NATURAL = "natural"
    """Idle for at least ``natural_break_minutes``."""
    AWAY = "away"
    """The machine slept or coach was not running: neither taken nor missed."""


BREAK_TAKEN: frozenset[BreakOutcome] = frozenset(
    {BreakOutcome.DONE, BreakOutcome.SELF, BreakOutcome.NATURAL}
)
"""The outcomes of a break the person stood up for."""
BREAK_NOT_TAKEN: frozenset[BreakOutcome] = frozenset({BreakOutcome.SKIPPED, BreakOutcome.MISSED})
"""Due but not taken."""
BREAK_DUE: frozenset[BreakOutcome] = BREAK_TAKEN | BREAK_NOT_TAKEN
"""Every outcome of a break that was due (``away`` and a pending prompt never were)."""


class BreakAnswer(StrEnum):
    """What the person answers a break prompt with: the dialog's buttons, d/z/x, and
    ``coach break done|snooze|skip``."""

    DONE = "done"
    SNOOZE = "snooze"
    SKIP = "skip"


class BreakPhase(StrEnum):
    """Where the break scheduler is; stored in the ``breaks.status`` state for ``coach status``."""

    DISABLED = "disabled"
    """``[breaks] enabled = false``."""
    OFF_HOURS = "off_hours"
    """Outside work hours or work days: nothing is counted or prompted."""
    SITTING = "sitting"
    """Counting down to the next break."""
    PROMPTING = "prompting"
    """A prompt is up and waits for an answer."""
    SNOOZED = "snoozed"
    """A prompt was snoozed and comes back at the snooze's end."""
    AWAY = "away"
    """Idle long enough to count as a natural break; waiting for the person to come back."""
    BUSY = "busy"
    """A routine is playing: the person is up, nothing is prompted."""


class RestKind(StrEnum):
    """``day_marks.kind``: why a day neither breaks nor lengthens a streak."""

    REST = "rest"
    SICK = "sick"
    INJURY = "injury"
    TRAVEL = "travel"


class StateKey(StrEnum):
    """``app_state.key``."""

    BREAKS = "breaks.status"
    """The break schedule as the prompting coach last saw it (JSON), for ``coach status``."""
    PLAYING = "breaks.playing"
    """A routine playing in a coach window that does not prompt (JSON: pid, start, since), so
    the one that does holds its prompts until it ends; empty when none is."""
    MEDICAL_NOTICE_SEEN = "notice.medical_seen"
    """When the not-medical-advice notice was first shown."""
    MACHINE = "sync.machine"
    """This log's machine id: what ``changed_on`` says of the rows changed here."""
    LAST_CHANGE = "sync.last_change"
    """The latest ``changed_at`` this log has written or merged in: the next change is later
    still, whatever this machine's clock says (a hybrid logical clock)."""
    PAIN_NOTICE = "notice.persistent_pain"
    """The persistent-pain notice in this episode (JSON: the day shown, the reason, whether a
    check-in showed it); gone once the rule clears."""
