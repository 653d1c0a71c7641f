"""Messages screens send upwards, named for what happened."""

from __future__ import annotations

from textual.message import Message

from coach.recorder import RoutineRun


class RoutineEnded(Message):
    """A routine finished or was quit; its rows are already in the log."""

    def __init__(self, run: RoutineRun, *, completed: bool) -> None:
        super().__init__()
        self.run = run
        self.completed = completed
