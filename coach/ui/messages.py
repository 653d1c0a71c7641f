"""Messages screens send upwards, named for what happened."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from coach.services.recorder import RoutineRun


class RoutineEnded(Message):
    """A routine finished or was quit; its rows are already in the log."""

    def __init__(self, run: RoutineRun, *, completed: bool) -> None:
        super().__init__()
        self.run = run
        self.completed = completed
