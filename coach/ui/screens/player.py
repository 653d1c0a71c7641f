"""The routine player screen: a thin view over a RoutineRun.

A timer asks the run to catch up with the clock a few times a second; each tick is only a reason
to look again, never a unit of time. Widgets are updated only when what they show changes.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, ProgressBar

from coach.core.player import (
    Cue,
    Event,
    Finished,
    Phase,
    Player,
    Segment,
    State,
)
from coach.core.routine import StepKind
from coach.services.figures import FigureBook
from coach.services.recorder import LogRecovered, LogTrouble, RoutineRun
from coach.system.cues import CueSounder
from coach.text.formatting import left_text
from coach.ui.dialogs.confirm import ConfirmScreen
from coach.ui.keymap import bound_key
from coach.ui.messages import RoutineEnded
from coach.ui.refused import Guarded
from coach.ui.widgets.countdown import Countdown
from coach.ui.widgets.figure import FigureView
from coach.ui.widgets.fitted import FittedLines
from coach.ui.widgets.log_trouble import LogTroubleBanner
from coach.ui.widgets.message_bar import MessageBar
from coach.ui.widgets.plain import Label, Static

FIGURE_ROOM = (100, 30)
"""Columns and rows from which the figure shows beside the countdown; below, the screen stays
as it was at 80×24 (countdown, name, cues and what's next first)."""

CUE_LINES = 6
"""What the cues may take at 80×24 beside the countdown, the step and what comes next."""

PHASE_TITLES = {
    Phase.GET_READY: "GET READY",
    Phase.WORK: "GO",
    Phase.SWITCH: "SWITCH SIDES",
    Phase.REST: "REST",
}


def segment_title(segment: Segment) -> str:
    """``Pigeon stretch · left side · set 1/2``."""
    step = segment.step
    parts = [step.name]
    if segment.side:
        parts.append(f"{segment.side} side")
    if step.sets > 1:
        parts.append(f"set {segment.set_number}/{step.sets}")
    return " · ".join(parts)


def next_text(segment: Segment | None) -> str:
    if segment is None:
        return "Next: the end, nearly there"
    return f"Next: {segment_title(segment)} · {segment.step.dose}"


class PlayerScreen(Guarded, Screen[None]):
    """Walks the user through a routine."""

    BINDINGS = [
        Binding(
            "space",
            "toggle_pause",
            "Pause/Done",
            tooltip="pause or resume; on a your-pace step, done",
            id="player.pause",
        ),
        Binding(
            "right,n",
            "skip",
            "Skip",
            tooltip="skip to the next step (logged as skipped)",
            id="player.skip",
        ),
        Binding(
            "left,b",
            "back",
            "Back",
            tooltip="restart this hold, or go back one near its start",
            id="player.back",
        ),
        Binding(
            "m", "mute", "Mute", tooltip="mute or unmute cues for this routine", id="player.mute"
        ),
        Binding(
            "q,escape",
            "quit_routine",
            "Quit",
            tooltip="stop the routine (asks first; what you did is kept)",
            id="player.quit",
        ),
    ]

    def __init__(
        self,
        run: RoutineRun,
        sounder: CueSounder,
        *,
        tick_seconds: float = 0.2,
        figures: FigureBook | None = None,
    ):
        super().__init__()
        self.run = run
        self.sounder = sounder
        self.tick_seconds = tick_seconds
        self.figures = figures
        """What each step looks like; ``None`` (``[player] figures = false``) draws none."""
        self._shown_index = -1
        self._shown_state: State | None = None
        self._ended = False
        self._paused_for_cover = False
        """Paused because a screen covered the player (help, the palette), not by the person."""

    @property
    def player(self) -> Player:
        return self.run.player

    def compose(self) -> ComposeResult:
        with Vertical(id="player"):
            with Vertical(id="player-top"):
                yield Label(self.run.routine.name, id="routine-name")
                yield Label("", id="progress-text")
            yield Label("", id="phase")
            yield Label("", id="exercise")
            with Horizontal(id="count-row"):
                yield FigureView(id="figure")
                with Vertical(id="count-column"):
                    with Center():
                        yield Countdown("0:00", id="countdown")
                    yield Label("", id="reps")
                    with Center():
                        yield ProgressBar(
                            total=100, show_eta=False, show_percentage=False, id="step-bar"
                        )
                yield Static("", id="figure-balance")
            yield FittedLines(max_lines=CUE_LINES, id="cues")
            yield Label("", id="next")
            yield Static("", id="plan")
            yield MessageBar(max_lines=3, id="player-message")
            yield LogTroubleBanner(id="log-trouble")
        yield Footer()

    def on_mount(self) -> None:
        self._fit_figure()
        self.handle(self.run.start())
        self.set_interval(self.tick_seconds, self.tick)

    def on_unmount(self) -> None:
        """Closing coach mid-routine (ctrl+q) logs the session as partial now, not next start."""
        if not self._ended:
            self._ended = True
            self.run.quit()

    def on_resize(self) -> None:
        self._fit_figure()

    def _fit_figure(self) -> None:
        wide, tall = FIGURE_ROOM
        room = self.size.width >= wide and self.size.height >= tall
        self.set_class(room and self.figures is not None, "-figure")

    def tick(self) -> None:
        if self._ended:
            return
        self.handle(self.run.update())

    # -- events in, screen out -------------------------------------------------------------

    def handle(self, events: list[Event]) -> None:
        self.sounder.play([e for e in events if isinstance(e, Cue)])
        self.refresh_view()
        for event in events:
            if isinstance(event, LogTrouble):
                self.query_one(LogTroubleBanner).show_trouble(
                    event.reason, event.waiting, running=True
                )
                self.notify(
                    "The log cannot be written; the routine goes on.",
                    severity="error",
                    timeout=5,
                )
            elif isinstance(event, LogRecovered):
                self.query_one(LogTroubleBanner).show_trouble(None, (), running=True)
                self.notify(f"The log is writable again: {event.saved} waiting rows saved.")
            if isinstance(event, Finished) and not self._ended:
                self._ended = True
                self.post_message(RoutineEnded(self.run, completed=event.completed))

    def refresh_view(self) -> None:
        player = self.player
        if player.is_over:
            return
        segment = player.segment
        if player.index != self._shown_index or player.state != self._shown_state:
            self._show_segment(segment)
            self._shown_index = player.index
            self._shown_state = player.state
        self._show_time(segment)
        self._show_figure(segment)

    def _show_segment(self, segment: Segment) -> None:
        player = self.player
        paused = player.state is State.PAUSED
        pause_key = bound_key(self, "player.pause")
        phase = f"PAUSED · {pause_key} resumes" if paused else PHASE_TITLES[segment.phase]
        if segment.phase is Phase.WORK and segment.is_open and not paused:
            phase = f"YOUR PACE · {pause_key} when done"
        self.query_one("#phase", Label).update(phase)
        self.set_class(paused, "-paused")
        self.set_class(segment.phase is Phase.REST, "-rest")
        self.set_class(segment.phase in (Phase.GET_READY, Phase.SWITCH), "-ready")
        if segment.phase is Phase.REST:
            upcoming = player.next_work()
            title = "Rest" if upcoming is None else f"Rest · then {segment_title(upcoming)}"
        else:
            title = segment_title(segment)
        self.query_one("#exercise", Label).update(title)
        self.query_one("#cues", FittedLines).show(segment.step.cues)
        following = player.next_work() if segment.is_work else self._upcoming_work()
        self.query_one("#next", Label).update(next_text(following))
        self.query_one("#plan", Static).update(self._plan(segment.step_index))

    def _plan(self, current: int) -> Content:
        """The routine's steps on one line from the current one on, marked, after a count of
        those done; the line ends in "…" where the screen does, so the current step is always
        in sight and the line never takes the countdown's room."""
        steps = self.run.routine.steps
        parts: list[Content] = []
        if current:
            parts.append(Content.styled(f"{current} of {len(steps)} done", "$text-muted"))
        for index, step in enumerate(steps[current:], start=current):
            if index == current:
                parts.append(Content.styled(f"▶ {step.name}", "bold $accent"))
            else:
                parts.append(Content(step.name))
        return Content(" · ").join(parts)

    def _upcoming_work(self) -> Segment | None:
        """During a get-ready or rest, what comes after the work it leads into."""
        player = self.player
        seen_work = False
        for segment in player.timeline[player.index + 1 :]:
            if segment.is_work:
                if seen_work:
                    return segment
                seen_work = True
        return None

    def _show_figure(self, segment: Segment) -> None:
        """The step's figure: still before it starts, moving at the rep's beat while it runs,
        facing the other way on the right side; during a rest, the next step's, still."""
        view = self.query_one(FigureView)
        if self.figures is None or not self.has_class("-figure"):
            view.show(None)
            return
        shown = segment
        if segment.phase is Phase.REST:
            upcoming = self.player.next_work()
            if upcoming is None:
                view.show(None)
                return
            shown = upcoming
        step = shown.step
        moving = segment.phase is Phase.WORK
        view.show(
            self.figures.for_step(step),
            self.player.elapsed() if moving else 0.0,
            beat=step.seconds_per_rep,
            mirrored=shown.side == "right",
        )

    def _show_time(self, segment: Segment) -> None:
        player = self.player
        countdown = self.query_one(Countdown)
        remaining = player.remaining()
        bar = self.query_one("#step-bar", ProgressBar)
        if remaining is None:
            countdown.show_reps(segment.step.reps or 0)
            bar.update(total=None)
        else:
            countdown.show_seconds(remaining)
            duration = segment.duration or 1.0
            bar.update(total=duration, progress=duration - remaining)
        rep = player.current_rep()
        reps = self.query_one("#reps", Label)
        if rep is not None:
            reps.update(f"rep {rep} of {segment.step.reps}")
        elif segment.is_work and segment.step.kind is StepKind.OPEN:
            reps.update(f"{segment.step.reps} reps at your own pace")
        else:
            reps.update("")
        progress = (
            f"step {player.step_number}/{player.step_count} · {left_text(player.time_left())} left"
        )
        if not self.sounder.sound:  # lasting, in words: the toast saying so is gone in 2 s
            progress += f" · cues muted ({bound_key(self, 'player.mute')})"
        self.query_one("#progress-text", Label).update(progress)

    # -- keys --------------------------------------------------------------------------------

    def on_screen_suspend(self) -> None:
        """Anything over the player (help, the palette) pauses it: a hold that runs on under
        the help screen is time the person didn't get. It plays on when they come back."""
        if not self._ended and self.player.state is State.RUNNING:
            self._paused_for_cover = True
            self.handle(self.run.toggle_pause())

    def on_screen_resume(self) -> None:
        if self._paused_for_cover and not self._ended and self.player.state is State.PAUSED:
            self.handle(self.run.toggle_pause())
        self._paused_for_cover = False

    def action_toggle_pause(self) -> None:
        segment = self.player.segment
        if self.player.state is State.RUNNING and segment.is_work and segment.is_open:
            self.handle(self.run.done())
        else:
            self.handle(self.run.toggle_pause())

    def action_skip(self) -> None:
        self.handle(self.run.skip())

    def action_back(self) -> None:
        self.handle(self.run.back())

    def action_mute(self) -> None:
        self.sounder.sound = not self.sounder.sound
        self.notify("Cues muted" if not self.sounder.sound else "Cues on", timeout=2)
        self.refresh_view()

    def action_quit_routine(self) -> None:
        if self._ended:
            return

        # the confirm covers the player, which pauses it (on_screen_suspend) and plays on
        # when "keep going" brings it back (on_screen_resume)

        def decided(quit_now: bool | None) -> None:
            if quit_now:
                self.handle(self.run.quit())

        self.app.push_screen(
            ConfirmScreen(
                "Quit this routine?",
                "What you did so far is saved; the session is logged as partial.",
                yes="Quit",
                no="Keep going",
            ),
            decided,
        )
