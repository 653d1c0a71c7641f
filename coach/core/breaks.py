"""The stand-up break scheduler: a state machine over injected clocks, with no I/O.

Sitting time is measured on the monotonic clock, so a wall-clock jump (NTP, DST, a new time zone)
neither fires nor starves a break. The work-hours window is read on local wall time. A sleep is
the boot clock running ahead of the monotonic one (on Linux the monotonic clock stops while the
machine is suspended): the gap is reported once as ``away`` and the interval restarts, so waking
the laptop never brings a pile of prompts. Every method returns the events it caused; the caller
turns them into rows and into something the person sees.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from coach.core.clock import Clock
from coach.core.vocabulary import BreakOutcome, BreakPhase
from coach.core.work_hours import BreakPolicy, seconds_between, shifted

SLEEP_GAP = 30.0
"""Seconds the boot clock must run ahead of the monotonic clock to count as a sleep."""
KEY_RESOLUTION = 2.0
"""Seconds a key must come after the start of an absence to end it: idle readings are whole
seconds and taken a moment before they are used, so a smaller difference is only jitter."""
ROUTINE_BREAK_SECONDS = 120.0
"""A routine counts as a stand-up break when it ends completed, or after this much of it was
played: a desk break is two or three minutes on your feet (``shared/domain.md``). One quit after
four seconds is not a break; the prompt it held comes back."""
ADOPT_WITHIN = 120.0
"""A prompt left open by a coach that stopped at most this many seconds ago is shown again."""


@dataclass(frozen=True)
class Prompt:
    """A break that came due and has not been answered yet."""

    due_at: datetime
    prompted_at: datetime
    snoozes: int = 0


@dataclass(frozen=True)
class Prompted:
    """Ask the person to stand up now (``again`` after a snooze, or when adopted at start)."""

    prompt: Prompt
    again: bool = False
    can_snooze: bool = True


@dataclass(frozen=True)
class Snoozed:
    prompt: Prompt
    until: datetime


@dataclass(frozen=True)
class PromptClosed:
    """The pending prompt ended with ``outcome`` (done, skipped, missed, natural or away)."""

    prompt: Prompt
    outcome: BreakOutcome
    at: datetime
    started: datetime | None = None
    """For natural and away: when the person left or the gap began."""
    ended: datetime | None = None


@dataclass(frozen=True)
class BreakLogged:
    """A break with no prompt behind it: ``self``, ``natural`` or ``away``."""

    outcome: BreakOutcome
    at: datetime
    due_at: datetime | None = None
    """The break that was scheduled when this happened, if any."""
    started: datetime | None = None
    ended: datetime | None = None


@dataclass(frozen=True)
class BackAtDesk:
    """A key was pressed again after a natural break: sitting restarts from that key."""

    away_since: datetime
    back_at: datetime


@dataclass(frozen=True)
class AwayAsked:
    """Back after ``natural_after`` without a key, seen by a source that sees only part of the
    desk (tmux): maybe a walk, maybe reading in a browser. Nothing is logged unless the person
    says it was a break (:meth:`Scheduler.credit_away`)."""

    started: datetime
    ended: datetime


Event = Prompted | Snoozed | PromptClosed | BreakLogged | BackAtDesk | AwayAsked


@dataclass(frozen=True)
class Previous:
    """What the coach that prompted before this one left behind."""

    seen_at: datetime
    """Its last sign of life."""
    next_due: datetime | None = None
    pending: Prompt | None = None


@dataclass(frozen=True)
class Status:
    """What the schedule looks like right now, for home and ``coach status``."""

    phase: BreakPhase
    next_due: datetime | None = None
    """Sitting: when the break is due; snoozed: when it comes back; prompting: when it was due."""
    resumes_at: datetime | None = None
    """Off hours: when the next work window opens."""
    snoozes: int = 0
    can_snooze: bool = True


# -- the state machine ---------------------------------------------------------------------


@dataclass
class _Reading:
    monotonic: float
    boottime: float
    now: datetime


@dataclass
class Scheduler:
    """Decides when to prompt, and what every answer, absence and sleep means for the log."""

    policy: BreakPolicy
    clock: Clock
    phase: BreakPhase = BreakPhase.OFF_HOURS
    prompt: Prompt | None = None
    _deadline: float | None = None
    """Monotonic time the break is due (sitting) or the snooze ends (snoozed)."""
    _since: float = 0.0
    """Monotonic start of the current sitting stretch: idle before it does not count."""
    _shown: float = 0.0
    """Monotonic time the pending prompt was last shown: the missed timer runs from here."""
    _away_since: float = 0.0
    _absent_since: float | None = None
    """Monotonic start of a quiet stretch a partial source saw (see :class:`AwayAsked`)."""
    _last: _Reading | None = field(default=None, repr=False)

    # -- reading ---------------------------------------------------------------------------

    @property
    def pending(self) -> bool:
        return self.prompt is not None

    def can_snooze(self) -> bool:
        return self.prompt is not None and self.prompt.snoozes < self.policy.max_snoozes

    def seconds_left(self) -> float | None:
        """Seconds until the break is due (or the snooze ends); None when nothing counts down."""
        if self._deadline is None or self.phase not in (BreakPhase.SITTING, BreakPhase.SNOOZED):
            return None
        return max(0.0, self._deadline - self.clock.monotonic())

    def sitting_for(self) -> float:
        """Seconds since the person last stood up (or work began), as far as coach knows."""
        return max(0.0, self.clock.monotonic() - self._since)

    def shown_for(self) -> float | None:
        """Seconds the pending prompt has been up (None when none is)."""
        if self.phase is not BreakPhase.PROMPTING:
            return None
        return max(0.0, self.clock.monotonic() - self._shown)

    def status(self) -> Status:
        now = self.clock.now()
        left = self.seconds_left()
        next_due = None if left is None else shifted(now, left)
        if self.phase is BreakPhase.PROMPTING and self.prompt is not None:
            next_due = self.prompt.due_at
        resumes = None
        if self.phase is BreakPhase.OFF_HOURS and self.policy.enabled:
            resumes = self.policy.next_window_start(now)
        return Status(
            phase=self.phase,
            next_due=next_due,
            resumes_at=resumes,
            snoozes=self.prompt.snoozes if self.prompt else 0,
            can_snooze=self.can_snooze() if self.prompt else True,
        )

    # -- driving ---------------------------------------------------------------------------

    def start(self, previous: Previous | None = None) -> list[Event]:
        """Begin scheduling; ``previous`` is what the last prompting coach left behind."""
        reading = self._read()
        self._last = reading
        events: list[Event] = []
        if not self.policy.enabled:
            self.phase = BreakPhase.DISABLED
            return events
        if previous is not None:
            events += self._resume(previous, reading)
        events += self._step(reading, idle=None)
        return events

    def update(self, idle: float | None = None, *, whole_desk: bool = True) -> list[Event]:
        """Look at the clocks (and, when known, seconds since the last input).

        ``whole_desk``: the idle source sees every key and mouse move of the desktop session,
        so a long quiet stretch is a break taken. A source that sees less (tmux sees only keys
        typed into tmux) only leads to a question when the person is back (:class:`AwayAsked`).
        """
        if self._last is None:
            return self.start()
        reading = self._read()
        last = self._last
        self._last = reading
        slept = (reading.boottime - last.boottime) - (reading.monotonic - last.monotonic)
        events: list[Event] = []
        if slept >= SLEEP_GAP and self.phase is not BreakPhase.BUSY:
            events += self._slept(slept, reading, last)
        if self.phase in (BreakPhase.DISABLED, BreakPhase.BUSY):
            return events
        events += self._step(reading, idle, floor=last.monotonic, whole_desk=whole_desk)
        return events

    def credit_away(self, asked: AwayAsked) -> list[Event]:
        """The person says the quiet stretch was a break: a natural break from its start to its
        end (the open prompt's, if one is up), and a full interval from the end."""
        if self.phase in (BreakPhase.DISABLED, BreakPhase.BUSY, BreakPhase.AWAY):
            return []
        reading = self._read()
        if self.prompt is not None:
            event: Event = self._close(
                BreakOutcome.NATURAL, reading.now, started=asked.started, ended=asked.ended
            )
        else:
            due = self.status().next_due if self.phase is BreakPhase.SITTING else None
            event = BreakLogged(
                BreakOutcome.NATURAL,
                reading.now,
                due_at=due,
                started=asked.started,
                ended=asked.ended,
            )
        self._restart(reading, since=self._mono_at(reading, asked.ended))
        return [event]

    def answer(self, outcome: BreakOutcome, *, at: datetime | None = None) -> list[Event]:
        """Done or skipped for the pending prompt; the next break is a full interval from ``at``.

        ``at`` is when the answer was given, if not now (an answer from another shell, noticed
        a moment later).
        """
        if outcome not in (BreakOutcome.DONE, BreakOutcome.SKIPPED) or self.prompt is None:
            return []
        reading = self._read()
        events: list[Event] = [self._close(outcome, at or reading.now)]
        self._restart(reading, since=self._mono_at(reading, at))
        return events

    def snooze(self, *, count: int | None = None) -> list[Event]:
        """Put the pending prompt off for ``snooze`` seconds, while snoozes remain.

        ``count``: the snoozes the log has counted for this prompt, this one included (a snooze
        from a shell, or this window's own once the log took it); it is the count from then on,
        and the snooze runs from now whether the prompt was showing or snoozed already.
        """
        if self.prompt is None:
            return []
        if count is None:
            if not self.can_snooze():
                return []
            count = self.prompt.snoozes + 1
        elif count <= self.prompt.snoozes:
            return []
        reading = self._read()
        self.prompt = replace(self.prompt, snoozes=count)
        self.phase = BreakPhase.SNOOZED
        self._deadline = reading.monotonic + self.policy.snooze
        until = shifted(reading.now, self.policy.snooze)
        return [Snoozed(self.prompt, until)]

    def stood_up(self, *, at: datetime | None = None) -> list[Event]:
        """The person stood up: a pending prompt is done, otherwise it is a ``self`` break."""
        if self.prompt is not None:
            return self.answer(BreakOutcome.DONE, at=at)
        reading = self._read()
        since = self._mono_at(reading, at)
        if self.phase is BreakPhase.AWAY:  # back from a natural break, which is already logged
            back = BackAtDesk(self._away_wall(reading), at or reading.now)
            self._restart(reading, since=since)
            return [back]
        due = self.status().next_due if self.phase is BreakPhase.SITTING else None
        events: list[Event] = [BreakLogged(BreakOutcome.SELF, at or reading.now, due_at=due)]
        if self.phase is not BreakPhase.BUSY:
            self._restart(reading, since=since)
        return events

    def set_policy(self, policy: BreakPolicy) -> list[Event]:
        """New settings while running (setup, a theme save): sitting time so far still counts."""
        self.policy = policy
        if not policy.enabled:
            events = self._close(BreakOutcome.SKIPPED, self.clock.now()) if self.prompt else None
            self.phase = BreakPhase.DISABLED
            self._deadline = None
            return [events] if events else []
        if self.phase is BreakPhase.DISABLED:
            self.phase = BreakPhase.OFF_HOURS
            return self.update()
        if self.phase is BreakPhase.SITTING:
            self._deadline = self._since + policy.interval
        return self.update()

    def routine_started(self) -> list[Event]:
        """A routine is playing: nothing fires until it ends, and a pending prompt waits for
        how it ends (see :meth:`routine_ended`)."""
        if self.phase is not BreakPhase.DISABLED:
            self.phase = BreakPhase.BUSY
            self._deadline = None
        return []

    def routine_ended(
        self, *, done: bool, log: bool = True, started: datetime | None = None
    ) -> list[Event]:
        """The routine is over. ``done`` (see :func:`routine_counts_as_break`): the pending
        prompt is answered done, or (with ``log``) a ``self`` break from ``started`` to now is
        logged, and sitting starts again. Not done: the prompt it held is shown again, or
        sitting goes on from where it was. ``log`` is False when the break was logged already
        (done in the prompt, ``coach break now``) or by the window that played it."""
        if self.phase is not BreakPhase.BUSY:
            return []
        reading = self._read()
        self._last = reading
        events: list[Event] = []
        if done:
            if self.prompt is not None:
                events.append(self._close(BreakOutcome.DONE, reading.now))
            elif log and self.policy.in_work(reading.now):
                events.append(
                    BreakLogged(BreakOutcome.SELF, reading.now, started=started, ended=reading.now)
                )
            self._restart(reading)
        elif self.prompt is not None:
            events.append(self._show(reading, self.prompt, again=True))
        elif self.policy.in_work(reading.now):
            self.phase = BreakPhase.SITTING
            self._deadline = self._since + self.policy.interval
            events += self._step(reading, None)
        else:
            self._restart(reading)
        return events

    # -- inside ----------------------------------------------------------------------------

    def _read(self) -> _Reading:
        return _Reading(self.clock.monotonic(), self.clock.boottime(), self.clock.now())

    def _mono_at(self, reading: _Reading, at: datetime | None) -> float | None:
        """The monotonic reading at wall time ``at`` (a moment ago, never in the future)."""
        if at is None:
            return None
        return reading.monotonic - min(
            self.policy.interval, max(0.0, seconds_between(at, reading.now))
        )

    def _restart(self, reading: _Reading, *, since: float | None = None) -> None:
        """A full interval from ``since`` (default now), or off hours if work is over."""
        self.prompt = None
        self._absent_since = None
        if not self.policy.enabled:
            self.phase = BreakPhase.DISABLED
            self._deadline = None
            return
        if not self.policy.in_work(reading.now):
            self.phase = BreakPhase.OFF_HOURS
            self._deadline = None
            return
        start = reading.monotonic if since is None else since
        self.phase = BreakPhase.SITTING
        self._since = start
        self._deadline = start + self.policy.interval

    def _close(self, outcome: BreakOutcome, at: datetime, **span: datetime | None) -> PromptClosed:
        assert self.prompt is not None
        event = PromptClosed(self.prompt, outcome, at, **span)
        self.prompt = None
        self._deadline = None
        return event

    def _show(self, reading: _Reading, prompt: Prompt, *, again: bool) -> Prompted:
        self.prompt = prompt
        self.phase = BreakPhase.PROMPTING
        self._shown = reading.monotonic
        self._deadline = None
        return Prompted(prompt, again=again, can_snooze=self.can_snooze())

    def _away_wall(self, reading: _Reading) -> datetime:
        return shifted(reading.now, -(reading.monotonic - self._away_since))

    def _resume(self, previous: Previous, reading: _Reading) -> list[Event]:
        """Pick up after the coach that prompted before: adopt, log the gap, or keep its time."""
        now = reading.now
        gap = max(0.0, seconds_between(previous.seen_at, now))
        working = self.policy.in_work(now)
        if previous.pending is not None:
            if gap <= ADOPT_WITHIN and working:
                overdue = max(0.0, seconds_between(previous.pending.due_at, now))
                self._since = reading.monotonic - overdue - self.policy.interval
                return [self._show(reading, previous.pending, again=True)]
            self.prompt = previous.pending
            closed = self._close(BreakOutcome.AWAY, now, started=previous.seen_at, ended=now)
            self._restart(reading)
            return [closed]
        due = previous.next_due
        if due is None or not working or due.astimezone(now.tzinfo).date() != now.date():
            return []
        ahead = seconds_between(now, due)
        if ahead > 0:
            ahead = min(ahead, self.policy.interval)
            self.phase = BreakPhase.SITTING
            self._since = reading.monotonic - self.policy.interval + ahead
            self._deadline = reading.monotonic + ahead
            return []
        if seconds_between(previous.seen_at, due) >= 0:
            self._restart(reading)
            return [
                BreakLogged(BreakOutcome.AWAY, now, due_at=due, started=previous.seen_at, ended=now)
            ]
        return []

    def _slept(self, slept: float, reading: _Reading, last: _Reading) -> list[Event]:
        """One ``away`` for the whole gap, then a fresh interval: never a pile of prompts."""
        now = reading.now
        began = last.now  # the last moment it was seen awake
        events: list[Event] = []
        if self.prompt is not None:
            events.append(self._close(BreakOutcome.AWAY, now, started=began, ended=now))
        elif self.phase is BreakPhase.SITTING and self._deadline is not None:
            due = shifted(began, self._deadline - last.monotonic)
            events.append(BreakLogged(BreakOutcome.AWAY, now, due_at=due, started=began, ended=now))
        if self.phase is BreakPhase.AWAY:
            return events  # away from the keys before the lid closed: the natural break covers it
        if self.phase is not BreakPhase.DISABLED:
            self._restart(reading)
        return events

    def _step(
        self,
        reading: _Reading,
        idle: float | None,
        floor: float | None = None,
        *,
        whole_desk: bool = True,
    ) -> list[Event]:
        events: list[Event] = []
        mono, now = reading.monotonic, reading.now
        working = self.policy.in_work(now)

        if self.phase is BreakPhase.OFF_HOURS and working:
            # Work began: count from the window's start (or from the last look, if later).
            since = mono
            began = self.policy.window_start(now)
            if floor is not None and began is not None:
                since = max(floor, mono - max(0.0, seconds_between(began, now)))
            self._restart(reading, since=since)
        elif not working and self.phase in (BreakPhase.SITTING, BreakPhase.AWAY):
            self.phase = BreakPhase.OFF_HOURS
            self._deadline = None

        if idle is not None and whole_desk:
            events += self._idle(reading, idle, working)
        elif idle is not None:
            events += self._partial_idle(reading, idle, working)

        if (
            self.phase is BreakPhase.SITTING
            and self._deadline is not None
            and mono >= self._deadline
        ):
            due_at = shifted(now, -(mono - self._deadline))
            events.append(self._show(reading, Prompt(due_at, now), again=False))
        elif (
            self.phase is BreakPhase.SNOOZED
            and self._deadline is not None
            and mono >= self._deadline
        ):
            assert self.prompt is not None
            if working:
                events.append(self._show(reading, self.prompt, again=True))
            else:
                events.append(self._close(BreakOutcome.MISSED, now))
                self._restart(reading)
        elif self.phase is BreakPhase.PROMPTING and mono - self._shown >= self.policy.missed_after:
            at = shifted(now, -(mono - self._shown - self.policy.missed_after))
            events.append(self._close(BreakOutcome.MISSED, at))
            self._restart(reading)
        return events

    def _partial_idle(self, reading: _Reading, idle: float, working: bool) -> list[Event]:
        """A quiet stretch seen by tmux alone: noted, and asked about once a key comes back."""
        mono, now = reading.monotonic, reading.now
        if self._absent_since is not None:
            if mono - idle > self._absent_since + KEY_RESOLUTION:
                started = shifted(now, -(mono - self._absent_since))
                self._absent_since = None
                return [AwayAsked(started, shifted(now, -idle))]
            return []
        counting = (BreakPhase.SITTING, BreakPhase.PROMPTING, BreakPhase.SNOOZED)
        effective = min(idle, mono - self._since)
        if working and self.phase in counting and effective >= self.policy.natural_after:
            self._absent_since = mono - effective
        return []

    def _idle(self, reading: _Reading, idle: float, working: bool) -> list[Event]:
        """Natural breaks: away from every key long enough, and back again."""
        mono, now = reading.monotonic, reading.now
        if self.phase is BreakPhase.AWAY:
            if mono - idle > self._away_since + KEY_RESOLUTION:
                back = mono - idle
                event = BackAtDesk(self._away_wall(reading), shifted(now, -idle))
                self._restart(reading, since=back)
                return [event]
            return []
        if not working or self.phase not in (
            BreakPhase.SITTING,
            BreakPhase.PROMPTING,
            BreakPhase.SNOOZED,
        ):
            return []
        effective = min(idle, mono - self._since)
        if effective < self.policy.natural_after:
            return []
        left = shifted(now, -effective)
        events: list[Event] = []
        if self.prompt is not None:
            events.append(self._close(BreakOutcome.NATURAL, now, started=left))
        else:
            due = self.status().next_due
            events.append(BreakLogged(BreakOutcome.NATURAL, now, due_at=due, started=left))
        self.phase = BreakPhase.AWAY
        self._deadline = None
        self._away_since = mono - effective
        return events


def routine_counts_as_break(*, completed: bool, active_seconds: float) -> bool:
    """Whether playing a routine was a stand-up break (:data:`ROUTINE_BREAK_SECONDS`)."""
    return completed or active_seconds >= ROUTINE_BREAK_SECONDS


IDLE_POLL_SECONDS = 5.0
"""How often the idle source is asked when the last input was (a subprocess or a D-Bus call)."""
IDLE_STALE_AFTER = 2 * IDLE_POLL_SECONDS + 1
"""An idle reading older than this (the poll stalled) is not used at all."""


@dataclass
class IdleWatch:
    """The last idle reading, and when it was taken (monotonic seconds).

    Between polls it is aged by the seconds since, while it is fresh: the next poll is seconds
    away. After a stall (a suspended process, a busy machine) input may have come since, so an
    old reading says nothing about now: it is dropped, never carried across the stall. The app
    and ``coach keeper`` both read idle time through this, so it is one rule.
    """

    seconds: float | None = None
    whole_desk: bool = False
    """The source sees the whole desktop session (see ``Scheduler.update``)."""
    read_at: float = float("-inf")

    def take(self, seconds: float | None, read_at: float, *, whole_desk: bool = False) -> None:
        self.seconds, self.read_at, self.whole_desk = seconds, read_at, whole_desk

    def now(self, monotonic: float) -> float | None:
        """Seconds idle as of ``monotonic``, or None: unknown, or too old to say."""
        if self.seconds is None:
            return None
        age = monotonic - self.read_at
        if age > IDLE_STALE_AFTER:
            return None
        return self.seconds + max(0.0, age)
