"""Undo and redo, several steps back: every history edit, taken back and made again, leaves the
log as it was before (and after); a refused write leaves the journal as it was."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from coach.core.vocabulary import RestKind
from coach.services.edits import Edits
from coach.store import LogWriteError
from tests.faults.injection import LogFault

MONDAY = date(2026, 3, 2)


def state(store) -> tuple:
    """What a person sees of the log: the sessions in it (with notes; a deleted one stays in
    the file, soft, so its delete travels), marks, deload weeks."""
    sessions = sorted(
        (s["id"], s["note"])
        for s in store.db.query("SELECT * FROM sessions WHERE deleted_at IS NULL")
    )
    marks = sorted((m["local_date"], m["kind"]) for m in store.day_marks())
    return sessions, marks, store.deload_weeks()


def test_every_edit_undone_and_redone_several_steps_back(store, clock, routines) -> None:
    edits = Edits(store, clock)
    states = [state(store)]
    _, logged = edits.log_session(routines.get("desk-break"), clock.now() - timedelta(hours=3), 170)
    states.append(state(store))
    edits.set_note(logged, "at the standing desk")
    states.append(state(store))
    edits.mark_days(MONDAY, MONDAY + timedelta(days=2), RestKind.TRAVEL)
    states.append(state(store))
    edits.mark_days(MONDAY + timedelta(days=1), MONDAY + timedelta(days=1), RestKind.SICK)
    states.append(state(store))
    edits.mark_days(MONDAY, MONDAY + timedelta(days=1), None)
    states.append(state(store))
    edits.mark_deload(MONDAY)
    states.append(state(store))
    edits.delete_session(logged)
    states.append(state(store))
    assert edits.next_undo is not None and edits.next_undo.startswith("delete Desk break, ")

    for expected in reversed(states[:-1]):  # all the way back
        assert edits.undo() is not None
        assert state(store) == expected
    assert edits.undo() is None and edits.next_undo is None
    assert edits.next_redo is not None and edits.next_redo.startswith("logging Desk break, ")
    for expected in states[1:]:  # and all the way forward again
        assert edits.redo() is not None
        assert state(store) == expected
    assert edits.redo() is None


def test_a_new_edit_after_an_undo_forgets_the_redo(store, clock) -> None:
    edits = Edits(store, clock)
    edits.mark_days(MONDAY, MONDAY, RestKind.REST)
    edits.undo()
    assert edits.next_redo == "marking Mon 2 Mar rest"
    edits.mark_days(MONDAY, MONDAY, RestKind.SICK)
    assert edits.next_redo is None and edits.next_undo == "marking Mon 2 Mar sick"


def test_a_deload_marked_twice_is_undone_to_marked(store, clock) -> None:
    edits = Edits(store, clock)
    edits.mark_deload(MONDAY)
    edits.mark_deload(MONDAY)  # already marked: undoing this one leaves it marked
    edits.undo()
    assert store.deload_weeks() == [MONDAY]
    edits.undo()
    assert store.deload_weeks() == []


@pytest.mark.parametrize("kind", ["read-only", "disk-full"])
def test_a_refused_undo_leaves_the_journal_as_it_was(store, clock, kind) -> None:
    edits = Edits(store, clock)
    edits.mark_days(MONDAY, MONDAY, RestKind.REST)
    fault = LogFault(store, kind)
    fault.on()
    try:
        with pytest.raises(LogWriteError):
            edits.undo()
        with pytest.raises(LogWriteError):
            edits.mark_days(MONDAY, MONDAY, RestKind.SICK)
    finally:
        fault.off()
    assert edits.next_undo == "marking Mon 2 Mar rest" and edits.next_redo is None
    edits.undo()
    assert store.day_marks() == []
