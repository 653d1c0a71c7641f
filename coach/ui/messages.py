"""Messages screens post up to the app, named for what happened or what the person asked for.

A screen is given what it needs in its constructor and never imports the app; when something
should happen beyond the screen (a routine starts, one ended), it posts one of these and the app
decides what comes next.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from coach.core.routine import Routine
    from coach.services.recorder import RoutineRun


@dataclass
class StartRoutine(Message):
    """The person chose a routine to play (the app runs the check-in first if it asks for one)."""

    routine: Routine


@dataclass
class RoutineEnded(Message):
    """A routine finished or was quit; its rows are already in the log."""

    run: RoutineRun
    completed: bool
