"""CoachApp: wires config, the log, the routines and the clock into screens.

What only a routine needs (the player, cues, the recorder) is imported when a routine starts,
so home's first frame does not wait for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import App

from coach.config import Config
from coach.core.clock import Clock, SystemClock
from coach.core.routine import Routine, RoutineSet
from coach.core.safety import needs_checkin
from coach.store import Store
from coach.ui.messages import RoutineEnded
from coach.ui.screens import medical_notice
from coach.ui.screens.checkin import CheckinScreen, Cleared
from coach.ui.screens.home import HomeScreen

if TYPE_CHECKING:
    from coach.cues import CueSounder
    from coach.recorder import RoutineRun


class CoachApp(App[None]):
    CSS_PATH = "coach.tcss"
    TITLE = "coach"

    def __init__(
        self,
        *,
        config: Config,
        store: Store,
        routines: RoutineSet,
        clock: Clock | None = None,
        start_with: Routine | None = None,
        sounder: CueSounder | None = None,
        tick_seconds: float = 0.2,
    ) -> None:
        super().__init__()
        self.config = config
        self.store = store
        self.routines = routines
        self.clock = clock or SystemClock()
        self.start_with = start_with
        self._sounder = sounder
        self.tick_seconds = tick_seconds
        self.runs: list[RoutineRun] = []
        """Every routine started in this app, so rows a full disk held back are not forgotten."""

    def get_default_screen(self) -> HomeScreen:
        """Home is the bottom of the stack: no blank screen is drawn first."""
        return HomeScreen()

    def on_mount(self) -> None:
        medical_notice.show_once(self, then=self._begin)

    def _begin(self) -> None:
        if self.start_with is not None:
            self.start_routine(self.start_with)

    @property
    def sounder(self) -> CueSounder:
        if self._sounder is None:
            from coach.cues import CueSounder

            player = self.config.player
            self._sounder = CueSounder(bell=self.bell, sound=player.sound, speech=player.speech)
        return self._sounder

    def start_routine(self, routine: Routine) -> None:
        """THE way a routine starts: after a check-in when the routine asks for one."""
        if needs_checkin(routine):
            self.push_screen(CheckinScreen(routine), self._play_cleared)
        else:
            self._play(routine)

    def _play_cleared(self, cleared: Cleared | None) -> None:
        if cleared is not None:
            self._play(cleared.routine, checkin_id=cleared.checkin_id)

    def _play(self, routine: Routine, *, checkin_id: str | None = None) -> None:
        from coach.recorder import RoutineRun
        from coach.ui.screens.player import PlayerScreen

        run = RoutineRun(
            routine,
            self.store,
            self.clock,
            get_ready_seconds=self.config.player.get_ready_seconds,
            checkin_id=checkin_id,
        )
        self.runs.append(run)
        self.push_screen(PlayerScreen(run, self.sounder, tick_seconds=self.tick_seconds))

    def on_routine_ended(self, message: RoutineEnded) -> None:
        from coach.ui.screens.summary import SummaryScreen

        self.switch_screen(SummaryScreen(message.run, completed=message.completed))

    def unsaved(self) -> list[str]:
        """Rows still not in the log after one last try: for the user, on the way out."""
        return [row for run in self.runs if run.flush() for row in run.unsaved]
