"""The break scheduler, its rows and its lock: the seam between the core and the log.

Like :mod:`coach.services.recorder` for routines, every event the scheduler produces is written
before the UI sees it: a row when a prompt is shown, updated when it is snoozed or answered.
Answers given from another shell (``coach break done``) arrive through the log; the keeper notices
them with one ``PRAGMA data_version`` per tick and tells the scheduler. Only the coach holding the
break lock prompts; any other window only logs "I stood up" and retries the lock now and then.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import Any, TypeVar

from coach.core.breaks import (
    AwayAsked,
    BackAtDesk,
    BreakLogged,
    Event,
    Previous,
    Prompt,
    PromptClosed,
    Prompted,
    Scheduler,
    Snoozed,
)
from coach.core.clock import AnchoredClock, Clock
from coach.core.days import from_stored, local_day, to_utc_text
from coach.core.errors import CoachError
from coach.core.vocabulary import BREAK_TAKEN, BreakAnswer, BreakOutcome, BreakPhase, StateKey
from coach.core.work_hours import BreakPolicy, expected_breaks
from coach.services.break_state import break_state
from coach.store import BreakRow, Store, StoreError
from coach.system.lock import BreakLock
from coach.system.processes import own_start, pid_alive
from coach.text.formatting import minutes_text

T = TypeVar("T")

HEARTBEAT_SECONDS = 30.0
"""How often the prompting coach says it is still there (for status and the next start)."""
REANCHOR_SECONDS = 2.0
"""How far the wall clock may drift from the anchored time before it is taken up."""
RETRY_LOCK_SECONDS = 5.0
"""How often a window without the lock tries to take over."""


class NothingToAnswer(CoachError):
    """``coach break snooze|skip`` with no prompt waiting, or no snoozes left."""


@dataclass(frozen=True)
class Tally:
    """Today's breaks as home shows them."""

    taken: int = 0
    snoozed: int = 0
    skipped: int = 0
    missed: int = 0
    away: int = 0
    expected: int = 0

    @classmethod
    def from_counts(cls, counts: dict[str, int], expected: int) -> Tally:
        return cls(
            taken=sum(counts.get(o, 0) for o in BREAK_TAKEN),
            snoozed=counts.get("snoozes", 0),
            skipped=counts.get(BreakOutcome.SKIPPED.value, 0),
            missed=counts.get(BreakOutcome.MISSED.value, 0),
            away=counts.get(BreakOutcome.AWAY.value, 0),
            expected=expected,
        )


def _stored(text: str | None, offset: int) -> datetime | None:
    return from_stored(text, offset) if text else None


def prompt_from_row(row: BreakRow) -> Prompt:
    offset = row["utc_offset_min"]
    due = _stored(row["due_at"], offset)
    prompted = _stored(row["prompted_at"], offset) or due
    assert due is not None and prompted is not None
    return Prompt(due_at=due, prompted_at=prompted, snoozes=row["snoozes"] or 0)


def previous_run(store: Store, now: datetime) -> Previous | None:
    """What the last prompting coach left in the log: its last sign of life, schedule, prompt."""
    state = break_state(store.get_state(StateKey.BREAKS))
    pending = store.pending_break()
    seen_text = state.get("seen")
    if not seen_text and pending is None:
        return None
    seen = _stored(seen_text, 0) if seen_text else None
    prompt = prompt_from_row(pending) if pending else None
    if seen is None:
        seen = prompt.prompted_at if prompt else now
    next_due = (
        _stored(state.get("next_due"), 0) if state.get("phase") == BreakPhase.SITTING else None
    )
    return Previous(seen_at=seen, next_due=next_due, pending=prompt)


def answer_from_shell(store: Store, answer: str, now: datetime, *, max_snoozes: int) -> str:
    """``coach break done|snooze|skip``: write the answer for whichever coach is prompting.

    Done with no prompt waiting means "I just stood up" and is logged as ``self``.
    """
    pending = store.pending_break()
    if answer == BreakAnswer.DONE:
        if pending and store.close_break(pending["id"], outcome=BreakOutcome.DONE.value, at=now):
            return "Break done. Logged."
        store.log_break(outcome=BreakOutcome.SELF.value, at=now)
        return "Logged a break you took on your own."
    if pending is None:
        raise NothingToAnswer("no break prompt is waiting")
    if answer == BreakAnswer.SKIP:
        if not store.close_break(pending["id"], outcome=BreakOutcome.SKIPPED.value, at=now):
            raise NothingToAnswer("that break was answered already")
        return "Break skipped. Logged."
    count = store.snooze_break(pending["id"], limit=max_snoozes)
    if count is None:
        row = store.break_row(pending["id"])
        if row is None or row["outcome"] is not None:
            raise NothingToAnswer("that break was answered already")
        raise NothingToAnswer(
            f"no snoozes left ({row['snoozes'] or 0} of {max_snoozes}); "
            "answer with `coach break done` or `coach break skip`"
        )
    return f"Snoozed ({count} of {max_snoozes})."


def notification_actions(*, can_snooze: bool, snooze_seconds: float) -> list[tuple[str, str]]:
    """The buttons of a break notification (key, label): Done, and Snooze while one is left."""
    actions = [(BreakAnswer.DONE.value, "Done")]
    if can_snooze:
        actions.append((BreakAnswer.SNOOZE.value, f"Snooze {minutes_text(snooze_seconds)}"))
    return actions


class BreakKeeper:
    """One per app: schedules, prompts (when it holds the lock) and logs breaks."""

    def __init__(
        self,
        policy: BreakPolicy,
        store: Store,
        clock: Clock,
        lock: BreakLock | None,
        *,
        role: str = "window",
    ) -> None:
        self.role = role
        """``window`` (the app) or ``keeper`` (``coach keeper``): said in the status, so a
        waiting window can say who prompts."""
        self.policy = policy
        self.store = store
        self.clock = AnchoredClock(clock)
        """Row times: carried on the monotonic clock, re-dated only while nothing is open."""
        self.lock = lock
        self.scheduler = Scheduler(policy, self.clock)
        self.holder = False
        self.unsaved: list[str] = []
        """Break rows the log refused, for the app to say so (see :meth:`take_unsaved`)."""
        self.idle_source: str | None = None
        """Where idle time comes from (``x11``, ``tmux``, …), said in the status for
        ``coach status --format json``."""
        self.pending_id: str | None = None
        self._natural_id: str | None = None
        self._mine: set[str] = set()
        self._version = -1
        self._self_seen = ""
        self._written: tuple[Any, ...] | None = None
        self._written_at = float("-inf")
        self._tried_lock_at = float("-inf")
        self._window = uuid.uuid4().hex
        """This keeper among the windows (two can share a process in tests and ``serve``)."""
        self._playing_since: datetime | None = None
        self._busy_elsewhere = False
        """This window holds prompts for a routine another window plays."""
        self._credited_elsewhere = False
        """That routine's window logged a break (it counted) while it played."""

    # -- reading -------------------------------------------------------------------------------

    def today(self) -> date:
        return local_day(self.clock.now(), self.store.day_starts_at)

    def tally(self) -> Tally:
        now = self.clock.now()
        day = self.today()
        tz = now.tzinfo
        assert tz is not None
        return Tally.from_counts(self.store.break_tally(day), expected_breaks(self.policy, day, tz))

    def sat_text(self) -> str:
        """What a prompt says, in the app, a notification and ``coach keeper``."""
        sat = minutes_text(self.scheduler.sitting_for())
        return f"You have been sitting for {sat}. Walk for two or three minutes."

    def other_holder(self) -> int | None:
        """The pid of the coach that prompts instead of this one."""
        if self.holder or self.lock is None:
            return None
        return self.lock.holder_pid()

    def other_holder_text(self) -> str | None:
        """``coach keeper (pid 4242)`` or ``another coach window (pid 4242)``; None when this
        one prompts."""
        if self.holder or self.lock is None:
            return None
        pid = self.lock.holder_pid()
        try:
            state = break_state(self.store.get_state(StateKey.BREAKS))
        except StoreError:
            state = {}
        which = (
            "coach keeper"
            if state.get("pid") == pid and state.get("role") == "keeper"
            else ("another coach window")
        )
        return f"{which} (pid {pid})" if pid else which

    # -- driving -------------------------------------------------------------------------------

    def start(self, *, announce: bool = True) -> list[Event]:
        """Take the lock if free and pick up where the last prompting coach left off.

        ``announce`` False leaves the heartbeat row (what ``coach status`` reads) to a call of
        :meth:`announce`: the app writes it just after its first frame, not before."""
        self._tried_lock_at = self.clock.monotonic()
        if self.lock is not None and not self.lock.acquire():
            return []
        self.holder = True
        now = self.clock.now()
        self._self_seen = to_utc_text(now)
        previous = previous_run(self.store, now)
        pending = self.store.pending_break()
        if pending is not None and previous is not None and previous.pending is not None:
            self.pending_id = pending["id"]
        self._version = self.store.data_version()
        events = self._record(self.scheduler.start(previous))
        if announce:
            self._persist(force=True)
        return events

    def announce(self) -> None:
        """Write the heartbeat row now, if this coach prompts (after ``start(announce=False)``)."""
        if self.holder:
            self._persist(force=True)

    def tick(self, idle: float | None = None, *, whole_desk: bool = True) -> list[Event]:
        """Once a second: notice answers from elsewhere, then look at the clocks."""
        if not self.holder:
            if self.clock.monotonic() - self._tried_lock_at >= RETRY_LOCK_SECONDS:
                return self.start()
            return []
        events = self._sync()
        if (
            self.scheduler.prompt is None
            and self._natural_id is None
            and abs(self.clock.drift()) > REANCHOR_SECONDS
        ):
            self.clock.reanchor()  # nothing open: take up the wall clock's correction now
        events += self._record(self.scheduler.update(idle, whole_desk=whole_desk))
        self._persist()
        return events

    def credit_away(self, asked: AwayAsked) -> list[Event]:
        """Yes to "Away from the desk for 6 min?": a natural break, written now."""
        if not self.holder:
            return []
        return self._apply(self.scheduler.credit_away(asked))

    def answer(self, outcome: BreakOutcome) -> list[Event]:
        """Done or skip here; an answer a shell gave a moment before stands (the row says)."""
        if self.pending_id is not None:
            row = self._read_row(self.pending_id)
            if row is not None and row["outcome"] is not None:
                return self._apply(self._sync(force=True))
        return self._apply(self.scheduler.answer(outcome))

    def _read_row(self, break_id: str) -> BreakRow | None:
        try:
            return self.store.break_row(break_id)
        except StoreError:
            return None

    def snooze(self) -> list[Event]:
        """Counted in the log first (the row owns the count), then on the schedule."""
        if not self.scheduler.can_snooze():
            return []
        if self.pending_id is None:  # the log refused the prompt's row: the schedule alone
            return self._apply(self.scheduler.snooze())
        pending_id = self.pending_id
        count = self._write(
            "a snooze",
            partial(self.store.snooze_break, pending_id, limit=self.policy.max_snoozes),
        )
        if count is None:  # answered or snoozed to the limit elsewhere, or the log refused it
            return self._apply(self._sync(force=True))
        return self._apply(self.scheduler.snooze(count=count))

    def stood_up(self) -> list[Event]:
        """The home key or ``coach break now``: done if a prompt is up, else a ``self`` break."""
        if not self.holder:
            answer_from_shell(self.store, BreakAnswer.DONE, self.clock.now(), max_snoozes=0)
            return []
        return self._apply(self.scheduler.stood_up())

    def routine_started(self) -> list[Event]:
        """A routine plays in this window: no prompt until it ends, here or in the window that
        prompts (told through the log)."""
        self._playing_since = self.clock.now()
        if not self.holder:
            self._write("that a routine is playing", partial(self._say_playing, True))
            return []
        return self._apply(self.scheduler.routine_started())

    def routine_ended(self, *, counts: bool, answered: bool = False) -> list[Event]:
        """It ended; ``counts`` (see ``routine_counts_as_break``) credits a break, unless
        ``answered``: the break it answers was logged already."""
        started, self._playing_since = self._playing_since, None
        if not self.holder:
            if counts and not answered:
                self._write(
                    "a break taken with a routine",
                    partial(
                        answer_from_shell,
                        self.store,
                        BreakAnswer.DONE,
                        self.clock.now(),
                        max_snoozes=0,
                    ),
                )
            self._write("that the routine ended", partial(self._say_playing, False))
            return []
        return self._apply(
            self.scheduler.routine_ended(
                done=counts or answered, log=counts and not answered, started=started
            )
        )

    def _say_playing(self, playing: bool) -> None:
        payload = (
            json.dumps(
                {
                    "pid": os.getpid(),
                    "started": own_start(),
                    "window": self._window,
                    "since": to_utc_text(self.clock.now()),
                }
            )
            if playing
            else ""
        )
        self.store.set_state(StateKey.PLAYING, payload, now=self.clock.now())

    def _playing_elsewhere(self) -> bool:
        """A routine plays in another coach window (one that is still alive)."""
        state = break_state(self.store.get_state(StateKey.PLAYING))
        if not state or state.get("window") == self._window:
            return False
        return pid_alive(state.get("pid"), state.get("started"))

    def set_policy(self, policy: BreakPolicy) -> list[Event]:
        self.policy = policy
        if not self.holder:
            self.scheduler.policy = policy
            return []
        return self._apply(self.scheduler.set_policy(policy))

    def close(self) -> None:
        """Leave a last sign of life for the next start, and let another window take over."""
        if self.holder:
            self._persist(force=True, closing=True)
        if self.lock is not None:
            self.lock.release()
        self.holder = False

    def take_unsaved(self) -> list[str]:
        """Break rows the log refused since the last look (a full disk, a read-only file)."""
        unsaved, self.unsaved = self.unsaved, []
        return unsaved

    # -- inside --------------------------------------------------------------------------------

    def _write(self, what: str, write: Callable[[], T]) -> T | None:
        """A break row, or, when the log refuses it, a note of what was lost; never a crash."""
        try:
            return write()
        except StoreError as exc:
            self.unsaved.append(f"{what} ({exc.message})")
            return None

    def _apply(self, events: list[Event]) -> list[Event]:
        recorded = self._record(events)
        self._persist()
        return recorded

    def _record(self, events: list[Event]) -> list[Event]:
        """Write each event's row the moment it happens."""
        for event in events:
            if isinstance(event, Prompted):
                if not event.again or self.pending_id is None:
                    pending = self.store.pending_break() if event.again else None
                    self.pending_id = (
                        pending["id"]
                        if pending
                        else self._write(
                            "a break prompt",
                            partial(
                                self.store.add_break_prompt,
                                due_at=event.prompt.due_at,
                                prompted_at=event.prompt.prompted_at,
                            ),
                        )
                    )
            elif isinstance(event, Snoozed):
                pass  # counted in the log before the schedule heard of it (see snooze, _sync)
            elif isinstance(event, PromptClosed):
                if self.pending_id is not None:
                    pending_id = self.pending_id
                    if event.outcome is BreakOutcome.NATURAL and event.ended is None:
                        self._natural_id = pending_id  # its end is the key that comes back
                    self._write(
                        f"a break answered {event.outcome.value}",
                        partial(
                            self.store.close_break,
                            pending_id,
                            outcome=event.outcome.value,
                            at=event.at,
                            started=event.started,
                            ended=event.ended,
                        ),
                    )
                self.pending_id = None
            elif isinstance(event, BreakLogged):
                row_id = self._write(
                    f"a {event.outcome.value} break",
                    partial(
                        self.store.log_break,
                        outcome=event.outcome.value,
                        at=event.at,
                        due_at=event.due_at,
                        started=event.started,
                        ended=event.ended,
                    ),
                )
                if row_id is not None:
                    self._mine.add(row_id)
                    if event.outcome is BreakOutcome.NATURAL:
                        self._natural_id = row_id
            elif isinstance(event, BackAtDesk) and self._natural_id is not None:
                natural_id = self._natural_id
                self._write(
                    "the end of a break",
                    partial(self.store.end_break, natural_id, event.back_at),
                )
                self._natural_id = None
        return events

    def _sync(self, *, force: bool = False) -> list[Event]:
        """Answers written by ``coach break …`` (or another window) since the last look."""
        version = self.store.data_version()
        if version == self._version and not force:
            return []
        self._version = version
        events: list[Event] = []
        playing = self._playing_elsewhere()
        if playing and not self._busy_elsewhere and self.scheduler.phase is not BreakPhase.BUSY:
            self._busy_elsewhere, self._credited_elsewhere = True, False
            events += self.scheduler.routine_started()
        if self.pending_id is not None and self.scheduler.prompt is not None:
            row = self.store.break_row(self.pending_id)
            outcome = row["outcome"] if row else BreakOutcome.SKIPPED.value
            if outcome is not None:
                self.pending_id = None  # already written: the scheduler only needs to hear it
                self._credited_elsewhere = self._busy_elsewhere
                closing = BreakOutcome.DONE if outcome in BREAK_TAKEN else BreakOutcome.SKIPPED
                answered = _stored(row["answered_at"], 0) if row else None
                for event in self.scheduler.answer(closing, at=answered):
                    if isinstance(event, PromptClosed):
                        events.append(PromptClosed(event.prompt, BreakOutcome(outcome), event.at))
            elif row and (row["snoozes"] or 0) > self.scheduler.prompt.snoozes:
                # snoozed from a shell, shown or snoozed already here: the row's count is the
                # count, and the snooze runs from now
                events += self.scheduler.snooze(count=row["snoozes"] or 0)
        for row in self.store.breaks_answered_since(BreakOutcome.SELF.value, self._self_seen):
            answered_at = row["answered_at"]
            if answered_at is None:  # never: the query compares it
                continue
            self._self_seen = max(self._self_seen, answered_at)
            if row["id"] in self._mine:
                continue
            self._mine.add(row["id"])
            if self._busy_elsewhere:  # the other window's routine counted: it ends below
                self._credited_elsewhere = True
                continue
            for event in self.scheduler.stood_up(at=_stored(answered_at, 0)):
                if isinstance(event, BreakLogged):
                    events.append(event)  # logged already, by whoever wrote the row
                else:
                    events += self._record([event])
        if self._busy_elsewhere and not playing:
            self._busy_elsewhere = False
            done = self._credited_elsewhere
            events += self._record(self.scheduler.routine_ended(done=done, log=False))
        self._persist()
        return events

    def _persist(self, *, force: bool = False, closing: bool = False) -> None:
        """Keep ``coach status``'s view current: on every change, and a heartbeat."""
        status = self.scheduler.status()
        now = self.clock.now()
        mono = self.clock.monotonic()
        key = (
            status.phase,
            _text(status.next_due),
            _text(status.resumes_at),
            status.snoozes,
            self.idle_source,
        )
        if not force and key == self._written and mono - self._written_at < HEARTBEAT_SECONDS:
            return
        payload = {
            "phase": status.phase.value,
            "next_due": _text(status.next_due),
            "resumes_at": _text(status.resumes_at),
            "snoozes": status.snoozes,
            "idle_source": self.idle_source,
            "role": self.role,
            "pid": None if closing else os.getpid(),
            "started": None if closing else own_start(),
            "seen": to_utc_text(now),
        }
        try:
            self.store.set_state(StateKey.BREAKS, json.dumps(payload), now=now)
        except StoreError:
            return  # a heartbeat: the next one tries again
        self._written = key
        self._written_at = mono


def _text(at: datetime | None) -> str | None:
    """Stored to the second: sub-second jitter between the clocks is not a change."""
    return to_utc_text(at.replace(microsecond=0)) if at else None
