"""CoachApp: wires config, the log, the routines and the clock into screens."""

from __future__ import annotations

from textual.app import App

from coach.config import Config
from coach.core.clock import Clock, SystemClock
from coach.core.routine import Routine, RoutineSet
from coach.core.safety import needs_checkin
from coach.cues import CueSounder
from coach.recorder import RoutineRun
from coach.store import Store
from coach.ui.messages import RoutineEnded
from coach.ui.screens import medical_notice
from coach.ui.screens.checkin import CheckinScreen, Cleared
from coach.ui.screens.home import HomeScreen
from coach.ui.screens.player import PlayerScreen
from coach.ui.screens.summary import SummaryScreen


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
        self.sounder = sounder or CueSounder(
            bell=self.bell, sound=config.player.sound, speech=config.player.speech
        )
        self.tick_seconds = tick_seconds

    def on_mount(self) -> None:
        self.push_screen(HomeScreen())
        medical_notice.show_once(self, then=self._begin)

    def _begin(self) -> None:
        if self.start_with is not None:
            self.start_routine(self.start_with)

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
        run = RoutineRun(
            routine,
            self.store,
            self.clock,
            get_ready_seconds=self.config.player.get_ready_seconds,
            checkin_id=checkin_id,
        )
        self.push_screen(PlayerScreen(run, self.sounder, tick_seconds=self.tick_seconds))

    def on_routine_ended(self, message: RoutineEnded) -> None:
        self.switch_screen(SummaryScreen(message.run, completed=message.completed))
