"""Sessions and their steps: a session row when a routine starts, a step row when each ends.

A session belongs to the process that plays it: its pid and when that process started (see
coach.system.processes), so neither a zombie nor a reused pid passes for it. One left
``running`` by a coach that is gone is closed as ``partial`` the next time a coach starts.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any, TypedDict, cast

from coach.core.days import to_utc_text
from coach.core.vocabulary import Dose, Entry, SessionStatus, StepOutcome, Tag
from coach.store.connection import new_id
from coach.store.errors import LogWriteError, StoreError
from coach.store.schema import COUNTS_AS_DONE
from coach.store.stamps import CHANGED, Stamp, StorePart
from coach.system.processes import own_start, pid_alive


class SessionRow(TypedDict):
    """A row of ``sessions`` (``note`` and ``deleted_at`` from schema 4 on, ``process_started``,
    the start token of the process that plays it, from schema 7, ``dose`` from schema 8)."""

    id: str
    routine_id: str
    routine_name: str | None
    tags: str | None
    started_at: str
    utc_offset_min: int
    local_date: str
    ended_at: str | None
    status: str
    planned_seconds: float | None
    active_seconds: float | None
    steps_done: int | None
    steps_skipped: int | None
    pid: int | None
    note: str | None
    deleted_at: str | None
    process_started: str | None
    dose: str
    """A :class:`~coach.core.vocabulary.Dose`: ``usual``, or ``lighter`` after going lighter."""
    entered: str
    """An :class:`~coach.core.vocabulary.Entry`: ``played``, or ``by-hand`` (logged afterwards)."""
    changed_at: str
    changed_on: str


class StepRow(TypedDict):
    """A row of ``steps``: one step side, written the moment it ends."""

    id: str
    session_id: str
    position: int | None
    step_number: int | None
    exercise: str
    side: str | None
    set_number: int | None
    kind: str | None
    planned_seconds: float | None
    reps: int | None
    active_seconds: float | None
    outcome: str
    started_at: str | None
    ended_at: str
    utc_offset_min: int | None
    local_date: str


class HabitSession(TypedDict):
    """What coach.core.habits reads of a session."""

    started_at: str
    utc_offset_min: int
    status: str
    tags: str | None
    steps_done: int | None
    steps_skipped: int | None
    entered: str


HABIT_COLUMNS = "started_at, utc_offset_min, status, tags, steps_done, steps_skipped, entered"
"""The columns of :class:`HabitSession`, in the order :func:`habit_session` takes them."""


def habit_session(row: Sequence[object]) -> HabitSession:
    """A row of :data:`HABIT_COLUMNS` as the habits read it (the app and ``coach status`` alike)."""
    started, offset, status, tags, done, skipped, entered = row
    return cast(
        HabitSession,
        {
            "started_at": started,
            "utc_offset_min": offset,
            "status": status,
            "tags": tags,
            "steps_done": done,
            "steps_skipped": skipped,
            "entered": entered,
        },
    )


SESSION_DAY = (
    "(((CAST(strftime('%s', started_at) AS INTEGER) + 62135596800) / 60"
    " + utc_offset_min - :shift + 2880) / 1440 - 1)"
)
"""coach.core.days.stored_ordinal of a session's start in SQL (``:shift``: the day start in
minutes). ``strftime('%s')`` rather than ``unixepoch()``, which needs SQLite 3.38 (Ubuntu
22.04's Python links 3.37). Seconds since 0001-01-01 (ordinal 1) are never negative, so
``/ 60`` floors to the minute as the Python does; the two days added (and taken off) keep the
last division's numerator positive for any UTC offset and day start, so it floors too."""


NOT_BY_HABIT_INDEX = "+deleted_at IS NULL"
"""``deleted_at IS NULL`` that the partial index ``sessions_for_habits`` cannot answer (the unary
+ hides the column from the planner): for reads it does not cover, which it would otherwise
scan whole and sort (a page of the history's list, newest first, walks ``sessions_by_start``)."""


class PreliftSession(TypedDict):
    id: str
    routine_id: str
    local_date: str
    status: str


def _new_session(
    session_id: str,
    routine_id: str,
    routine_name: str,
    tags: tuple[str, ...] | list[str],
    start: Stamp,
    planned_seconds: float,
) -> dict[str, object]:
    """A session row as it begins, however it came: played (``start_session``) or logged
    afterwards (``log_session``), each then saying what is its own."""
    return {
        "id": session_id,
        "routine_id": routine_id,
        "routine_name": routine_name,
        "tags": ",".join(tags),
        "started_at": start.utc,
        "utc_offset_min": start.offset,
        "local_date": start.day,
        "ended_at": None,
        "status": SessionStatus.RUNNING,
        "planned_seconds": planned_seconds,
        "active_seconds": 0.0,
        "steps_done": 0,
        "steps_skipped": 0,
        "pid": None,
        "process_started": None,
        "dose": Dose.USUAL,
        "entered": Entry.PLAYED,
    }


class Sessions(StorePart):
    """Writing and reading sessions and steps (a part of :class:`coach.store.Store`)."""

    # -- writing -------------------------------------------------------------------------

    def start_session(
        self,
        *,
        routine_id: str,
        routine_name: str,
        tags: tuple[str, ...] | list[str],
        planned_seconds: float,
        now: datetime,
        checkin_id: str | None = None,
        session_id: str | None = None,
        dose: Dose = Dose.USUAL,
    ) -> str:
        """Write the session row as the routine starts; returns its id (new unless given).

        ``checkin_id``: the check-in that let this session start, linked to it here.
        """
        stamp = self.stamp(now)
        session_id = session_id or new_id()
        with self.db.writing() as db:  # one transaction, so a refused write can be retried whole
            change = self._change()
            db.insert(
                "sessions",
                _new_session(session_id, routine_id, routine_name, tags, stamp, planned_seconds)
                | change.columns
                | {"pid": os.getpid(), "process_started": own_start(), "dose": dose},
            )
            if checkin_id is not None:
                db.execute(
                    f"UPDATE checkins SET session_id = ?, {CHANGED} WHERE id = ?",
                    [session_id, *change.params, checkin_id],
                )
        return session_id

    def record_step(
        self,
        session_id: str,
        *,
        position: int,
        step_number: int,
        exercise: str,
        side: str | None,
        set_number: int,
        kind: str,
        planned_seconds: float | None,
        reps: int | None,
        active_seconds: float,
        outcome: str,
        started: datetime,
        ended: datetime,
    ) -> str:
        """Write one step side the moment it ends, and keep the session's counts current."""
        start, end = self.stamp(started), self.stamp(ended)
        step_id = new_id()
        counter = "steps_done" if outcome == StepOutcome.DONE else "steps_skipped"
        with self.db.writing() as db:
            change = self._change()
            db.insert(
                "steps",
                {
                    **change.columns,
                    "id": step_id,
                    "session_id": session_id,
                    "position": position,
                    "step_number": step_number,
                    "exercise": exercise,
                    "side": side,
                    "set_number": set_number,
                    "kind": kind,
                    "planned_seconds": planned_seconds,
                    "reps": reps,
                    "active_seconds": round(active_seconds, 3),
                    "outcome": outcome,
                    "started_at": start.utc,
                    "ended_at": end.utc,
                    "utc_offset_min": end.offset,
                    "local_date": end.day,
                },
            )
            db.execute(
                f"UPDATE sessions SET {counter} = {counter} + 1, {CHANGED} WHERE id = ?",
                [*change.params, session_id],
            )
        return step_id

    def finish_session(
        self, session_id: str, *, status: str, now: datetime, active_seconds: float
    ) -> None:
        """Close a session as completed or partial."""
        with self.db.writing() as db:
            db.execute(
                "UPDATE sessions SET status = ?, ended_at = ?, active_seconds = ?, "
                f"{CHANGED} WHERE id = ?",
                [
                    status,
                    self.stamp(now).utc,
                    round(active_seconds, 3),
                    *self._change().params,
                    session_id,
                ],
            )

    def close_abandoned(self, now: datetime) -> int:
        """Close sessions left running by a coach that is gone as ``partial``; returns how many."""
        try:
            rows = self.db.execute(
                "SELECT id, pid, process_started FROM sessions WHERE status = ?",
                [SessionStatus.RUNNING],
            ).fetchall()
        except StoreError as exc:  # damaged: this write cannot be made, like any other
            raise LogWriteError(exc.path, exc.message) from None
        me, my_start = os.getpid(), own_start()
        stale = [
            session_id
            for session_id, pid, started in rows
            if not (pid == me and started in (None, my_start)) and not pid_alive(pid, started)
        ]
        if not stale:
            return 0
        ended = self.stamp(now).utc
        with self.db.writing() as db:
            change = self._change()
            for session_id in stale:
                last, active = db.execute(
                    "SELECT MAX(ended_at), COALESCE(SUM(active_seconds), 0) FROM steps "
                    "WHERE session_id = ?",
                    [session_id],
                ).fetchone()
                db.execute(
                    "UPDATE sessions SET status = ?, ended_at = ?, active_seconds = ?, "
                    f"{CHANGED} WHERE id = ?",
                    [SessionStatus.PARTIAL, last or ended, active, *change.params, session_id],
                )
        return len(stale)

    def log_session(
        self,
        *,
        routine_id: str,
        routine_name: str,
        tags: tuple[str, ...] | list[str],
        planned_seconds: float,
        started: datetime,
        active_seconds: float,
    ) -> str:
        """A session done away from coach, logged afterwards: completed, ``entered`` by hand,
        with no step rows (nothing is made up about how it went); counted like any completed
        session. Returns its id."""
        start = self.stamp(started)
        ended = self.stamp(started + timedelta(seconds=active_seconds))
        session_id = new_id()
        with self.db.writing() as db:
            db.insert(
                "sessions",
                _new_session(session_id, routine_id, routine_name, tags, start, planned_seconds)
                | self._change().columns
                | {
                    "ended_at": ended.utc,
                    "status": SessionStatus.COMPLETED,
                    "active_seconds": round(active_seconds, 3),
                    "entered": Entry.BY_HAND,
                },
            )
        return session_id

    # -- history edits: notes and soft deletion ------------------------------------------

    def set_note(self, session_id: str, note: str | None) -> None:
        """A note on a session; empty or None clears it."""
        with self.db.writing() as db:
            db.execute(
                f"UPDATE sessions SET note = ?, {CHANGED} WHERE id = ?",
                [(note or "").strip() or None, *self._change().params, session_id],
            )

    def delete_session(self, session_id: str, *, now: datetime) -> None:
        """Soft-delete: the session and its steps stay, every habit and list leaves it out."""
        with self.db.writing() as db:
            db.execute(
                f"UPDATE sessions SET deleted_at = ?, {CHANGED} "
                "WHERE id = ? AND deleted_at IS NULL",
                [to_utc_text(now), *self._change().params, session_id],
            )

    def restore_session(self, session_id: str) -> None:
        """Undo :meth:`delete_session`."""
        with self.db.writing() as db:
            db.execute(
                f"UPDATE sessions SET deleted_at = NULL, {CHANGED} "
                "WHERE id = ? AND deleted_at IS NOT NULL",
                [*self._change().params, session_id],
            )

    # -- reading ---------------------------------------------------------------------------

    def session(self, session_id: str) -> SessionRow | None:
        rows = list(self.db.query("SELECT * FROM sessions WHERE id = ?", [session_id]))
        return cast(SessionRow, rows[0]) if rows else None

    def steps(self, session_id: str) -> list[StepRow]:
        return cast(
            list[StepRow],
            list(
                self.db.query(
                    "SELECT * FROM steps WHERE session_id = ? ORDER BY ended_at, position",
                    [session_id],
                )
            ),
        )

    def sessions_on(self, day: date) -> list[SessionRow]:
        """Sessions counted for a local day, oldest first (deleted ones left out)."""
        return cast(
            list[SessionRow],
            list(
                self.db.query(
                    "SELECT * FROM sessions WHERE local_date = ? AND deleted_at IS NULL "
                    "ORDER BY started_at",
                    [day.isoformat()],
                )
            ),
        )

    def sessions_started(self, since_utc: str, until_utc: str) -> list[SessionRow]:
        """Sessions not deleted that started from ``since_utc`` until before ``until_utc``
        (stored UTC text), oldest first: the rows around a day, for the core to pick its own."""
        return cast(
            list[SessionRow],
            list(
                self.db.query(
                    "SELECT * FROM sessions WHERE started_at >= ? AND started_at < ? "
                    "AND deleted_at IS NULL ORDER BY started_at",
                    [since_utc, until_utc],
                )
            ),
        )

    def iter_sessions(self) -> Iterator[SessionRow]:
        yield from cast(
            Iterator[SessionRow], self.db.query("SELECT * FROM sessions ORDER BY started_at")
        )

    def prelift_sessions(self, since: date | None = None) -> list[PreliftSession]:
        """Sessions of routines tagged pre-lift (any status), oldest first.

        ``since`` is a local day; the UTC start a day ago bounds the read too, so that SQLite
        walks ``sessions_by_start`` from there (home asks for two years: without the bound it
        read every session of the log, ten years of rows into its cache, at every start). A
        session's local day is never more than a day from its UTC start (offsets are under 15 h,
        the day start under 24 h), and the local day still decides."""
        earliest = (since - timedelta(days=2)).isoformat() if since else ""
        return cast(
            list[PreliftSession],
            list(
                self.db.query(
                    "SELECT id, routine_id, local_date, status FROM sessions"
                    " WHERE started_at >= ? AND ',' || tags || ',' LIKE ? AND local_date >= ?"
                    " ORDER BY started_at",
                    [earliest, f"%,{Tag.PRE_LIFT},%", since.isoformat() if since else ""],
                )
            ),
        )

    def habit_sessions(self) -> list[HabitSession]:
        """What habits need of every session not deleted: one query, no ordering."""
        cursor = self.db.execute(f"SELECT {HABIT_COLUMNS} FROM sessions WHERE deleted_at IS NULL")
        return [habit_session(row) for row in cursor]

    def habit_days(self, day_starts_at: time) -> list[tuple[str | None, bool, list[int]]]:
        """Every session not deleted, as the habits count it, grouped in SQL: for each tag list
        and whether its sessions count as done (:data:`COUNTS_AS_DONE`), the day ordinals they
        count for, one per session (coach.core.days.stored_ordinal, with ``day_starts_at``).

        A handful of rows, whatever the log's length: SQLite works out each session's day and
        outcome, Python gets lists of integers (one JSON array each, parsed in C). Grouped by
        tag list alone (done and not done are two filtered arrays), so nothing is sorted."""
        shift = day_starts_at.hour * 60 + day_starts_at.minute
        sql = (
            f"SELECT tags, json_group_array({SESSION_DAY}) FILTER (WHERE {COUNTS_AS_DONE}), "
            f"json_group_array({SESSION_DAY}) FILTER (WHERE NOT IFNULL({COUNTS_AS_DONE}, 0)) "
            "FROM sessions WHERE deleted_at IS NULL GROUP BY tags"
        )
        groups: list[tuple[str | None, bool, list[int]]] = []
        for tags, done, tried in self.db.execute(sql, {"shift": shift}):
            groups.append((tags, True, json.loads(done)))
            groups.append((tags, False, json.loads(tried)))
        return groups

    def total_sessions(self) -> list[dict[str, Any]]:
        """What the totals need of every session not deleted: the habit columns plus the
        routine and its active time; one query, no ordering."""
        cursor = self.db.execute(
            f"SELECT {HABIT_COLUMNS}, routine_id, routine_name, active_seconds "
            f"FROM sessions WHERE {NOT_BY_HABIT_INDEX}"
        )
        rows: list[dict[str, Any]] = []
        for row in cursor:
            entry: dict[str, Any] = dict(habit_session(row[:7]))
            entry["routine_id"], entry["routine_name"], entry["active_seconds"] = row[7:]
            rows.append(entry)
        return rows

    def session_page(self, limit: int, before: Sequence[str] | None = None) -> list[SessionRow]:
        """Sessions not deleted, newest first, ``limit`` at a time; ``before`` is the
        ``(started_at, id)`` of the last row of the previous page."""
        if before is None:
            rows = self.db.query(
                f"SELECT * FROM sessions WHERE {NOT_BY_HABIT_INDEX} "
                "ORDER BY started_at DESC, id DESC LIMIT ?",
                [limit],
            )
        else:
            rows = self.db.query(
                f"SELECT * FROM sessions WHERE {NOT_BY_HABIT_INDEX} AND (started_at, id) < (?, ?) "
                "ORDER BY started_at DESC, id DESC LIMIT ?",
                [before[0], before[1], limit],
            )
        return cast(list[SessionRow], list(rows))

    def session_count(self) -> int:
        return int(
            self.db.execute("SELECT COUNT(*) FROM sessions WHERE deleted_at IS NULL").fetchone()[0]
        )
