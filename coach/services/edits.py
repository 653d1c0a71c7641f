"""Edits to the history, undoable and redoable, several steps back.

Every change a person makes to what is recorded, on home or in history (deleting a session and
bringing it back, a note, marking days, a deload week, a session logged afterwards), goes
through one :class:`Edits` per app. Each is made here, through the store's write path, and
remembered with what it was before, so ``undo`` puts that back and ``redo`` makes the edit again
(both are edits to the log like any other: they carry their own change time and travel to other
machines). A new edit after an undo forgets what could be redone, as editors do.

Nothing is remembered when the store refuses the write: the refusal (a
:class:`~coach.store.LogWriteError`) goes to the caller, which says it, and the journal is as it
was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from coach.core.clock import Clock
from coach.core.days import from_stored
from coach.core.routine import Routine
from coach.store import Store

LIMIT = 100
"""Edits remembered back (a run of coach rarely makes more)."""


@dataclass(frozen=True)
class Edit:
    """One edit: what to call it, and how to take it back and make it again."""

    what: str
    """``delete Desk break, Mon 2 Mar 07:30``: said by the undo key and after an undo."""
    undo: Callable[[], object]
    redo: Callable[[], object]


def session_label(store: Store, session_id: str) -> str:
    """``Desk break, Mon 2 Mar 07:30``: which session, as a person says it."""
    session = store.session(session_id)
    if session is None:
        return "a session"
    started = from_stored(session["started_at"], session["utc_offset_min"])
    name = session["routine_name"] or session["routine_id"]
    return f"{name}, {started:%a} {started.day} {started:%b %H:%M}"


def _day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def _days(start: date, end: date) -> list[date]:
    if end < start:
        start, end = end, start
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


class Edits:
    """The edits made in this run, most recent last, and the ones undone, ready to redo."""

    def __init__(self, store: Store, clock: Clock) -> None:
        self.store = store
        self.clock = clock
        self.done: list[Edit] = []
        self.undone: list[Edit] = []

    # -- the journal -----------------------------------------------------------------------

    @property
    def next_undo(self) -> str | None:
        return self.done[-1].what if self.done else None

    @property
    def next_redo(self) -> str | None:
        return self.undone[-1].what if self.undone else None

    def _made(self, edit: Edit) -> Edit:
        self.done.append(edit)
        del self.done[:-LIMIT]
        self.undone.clear()
        return edit

    def undo(self) -> Edit | None:
        """Take back the last edit; ``None`` when there is none. A refused write leaves it."""
        if not self.done:
            return None
        edit = self.done[-1]
        edit.undo()
        self.undone.append(self.done.pop())
        return edit

    def redo(self) -> Edit | None:
        """Make the last undone edit again; ``None`` when there is none."""
        if not self.undone:
            return None
        edit = self.undone[-1]
        edit.redo()
        self.done.append(self.undone.pop())
        return edit

    def _now(self) -> datetime:
        return self.clock.now()

    # -- the edits -------------------------------------------------------------------------

    def delete_session(self, session_id: str) -> Edit:
        label = session_label(self.store, session_id)
        self.store.delete_session(session_id, now=self._now())
        return self._made(
            Edit(
                f"delete {label}",
                undo=lambda: self.store.restore_session(session_id),
                redo=lambda: self.store.delete_session(session_id, now=self._now()),
            )
        )

    def set_note(self, session_id: str, note: str | None) -> Edit:
        session = self.store.session(session_id)
        before = session.get("note") if session is not None else None
        self.store.set_note(session_id, note)
        return self._made(
            Edit(
                f"the note on {session_label(self.store, session_id)}",
                undo=lambda: self.store.set_note(session_id, before),
                redo=lambda: self.store.set_note(session_id, note),
            )
        )

    def mark_days(self, start: date, end: date, kind: str | None) -> tuple[Edit, int]:
        """Mark (or with ``kind=None`` clear) the days; the edit and how many days changed."""
        days = _days(start, end)
        marks = {m["local_date"]: m["kind"] for m in self.store.day_marks()}
        before = {day: marks.get(day.isoformat()) for day in days}
        count = self.store.mark_days(start, end, kind, now=self._now())
        span = _day(days[0]) + (f" – {_day(days[-1])}" if len(days) > 1 else "")
        what = f"clearing {span}" if kind is None else f"marking {span} {kind}"
        edit = Edit(
            what,
            undo=lambda: self.store.set_day_marks(before, now=self._now()),
            redo=lambda: self.store.mark_days(start, end, kind, now=self._now()),
        )
        return self._made(edit), count

    def mark_deload(self, week: date) -> Edit:
        was = week in self.store.deload_weeks()
        self.store.mark_deload(week, now=self._now())

        def undo() -> None:
            if not was:
                self.store.unmark_deload(week, now=self._now())

        return self._made(
            Edit(
                f"the deload mark on the week of {_day(week)}",
                undo=undo,
                redo=lambda: self.store.mark_deload(week, now=self._now()),
            )
        )

    def log_session(self, routine: Routine, started: datetime, seconds: float) -> tuple[Edit, str]:
        """A session done away from coach (see :meth:`Store.log_session`); the edit and its id.
        Undoing deletes it (softly, so the undo travels too); redoing brings the same row back."""
        session_id = self.store.log_session(
            routine_id=routine.id,
            routine_name=routine.name,
            tags=routine.tags,
            planned_seconds=routine.estimated_seconds(),
            started=started,
            active_seconds=seconds,
        )
        label = session_label(self.store, session_id)
        edit = Edit(
            f"logging {label}",
            undo=lambda: self.store.delete_session(session_id, now=self._now()),
            redo=lambda: self.store.restore_session(session_id),
        )
        return self._made(edit), session_id
