"""CoachApp: wires config, the log, the routines and the clock into screens."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import App, SystemCommand
from textual.screen import Screen

from coach.config import Config
from coach.core.clock import Clock, SystemClock
from coach.core.routine import Routine, RoutineSet
from coach.cues import CueSounder
from coach.recorder import RoutineRun
from coach.store import Store
from coach.ui.messages import RoutineEnded
from coach.ui.screens.history import HistoryScreen
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
        if self.start_with is not None:
            self.start_routine(self.start_with)

    def start_routine(self, routine: Routine) -> None:
        run = RoutineRun(
            routine,
            self.store,
            self.clock,
            get_ready_seconds=self.config.player.get_ready_seconds,
        )
        self.push_screen(PlayerScreen(run, self.sounder, tick_seconds=self.tick_seconds))

    def action_history(self) -> None:
        """Open history over home (never over a routine in progress)."""
        if isinstance(self.screen, HomeScreen):
            self.push_screen(HistoryScreen())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if isinstance(screen, HomeScreen):
            yield SystemCommand(
                "History",
                "Streaks, strength, a heatmap of the year, breaks and every session",
                self.action_history,
            )

    def on_routine_ended(self, message: RoutineEnded) -> None:
        self.switch_screen(SummaryScreen(message.run, completed=message.completed))
