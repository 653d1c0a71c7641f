"""The end of a routine: what was done, how the back feels now (optional), then back home."""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer

from coach.core.clock import Clock
from coach.core.days import local_day
from coach.core.habit_day import counts_as_done
from coach.core.pain import TREND_DAYS, PainTrend, pain_trend
from coach.core.safety import PAIN_MAX, Answers, Kind
from coach.core.vocabulary import SessionStatus
from coach.services.recorder import RETRY_SECONDS, RoutineRun
from coach.store import Store
from coach.text.formatting import left_text
from coach.ui.keymap import bound_key
from coach.ui.refused import Guarded
from coach.ui.widgets.log_trouble import LogTroubleBanner
from coach.ui.widgets.pain_trend import PainTrendView
from coach.ui.widgets.plain import Label, Static

AFTER_QUESTION = "How does your back feel now? Pain 0–10: 0–9, t = 10 (optional)"


def summary_title(completed: bool, done: int, skipped: int) -> str:
    """What the end says, by the rule history and the streaks count with (``counts_as_done``):
    reaching the end by skipping most of it is not "well done", and history says "tried"."""
    if not completed:
        return "Stopped early."
    as_logged = {"status": SessionStatus.COMPLETED, "steps_done": done, "steps_skipped": skipped}
    if counts_as_done(as_logged):
        return "Routine complete. Well done."
    return "Reached the end, mostly skipped: history counts it as tried, not done."


def parts_text(done: int, skipped: int, parts: int) -> str:
    """``Done 7 of 9 (each side and each set counts once) · skipped 2``."""
    text = f"Done {done} of {parts} (each side and each set counts once)"
    if skipped:
        text += f" · skipped {skipped}"
    return text


class SummaryScreen(Guarded, Screen[None]):
    BREAK_KEYS_ANSWER: ClassVar[bool] = True
    """A break toast's single keys (d, z, x, y) answer it here: this screen leaves them free."""

    BINDINGS = [
        Binding(
            "enter,escape,q,space",
            "app.pop_screen",
            "Home",
            tooltip="back home",
            id="summary.home",
        ),
        *(
            Binding(
                str(pain),
                f"pain_after({pain})",
                show=False,
                tooltip=f"back pain now: {pain} of 10",
                id=f"summary.pain{pain}",
            )
            for pain in range(10)
        ),
        Binding(
            "t",
            f"pain_after({PAIN_MAX})",
            show=False,
            tooltip="back pain now: 10 of 10",
            id="summary.pain10",
        ),
    ]

    def __init__(self, run: RoutineRun, *, completed: bool, store: Store, clock: Clock) -> None:
        super().__init__()
        self.run = run
        self.completed = completed
        self.store = store
        self.clock = clock
        self.after_checkin_id: str | None = None

    def compose(self) -> ComposeResult:
        player = self.run.player
        held, skipped = player.completed_work, player.skipped_work
        with Vertical(id="summary"):
            yield Label(summary_title(self.completed, held, skipped), id="summary-title")
            yield Label(self.run.routine.name, id="summary-routine")
            yield Label(f"Time: {left_text(player.active_seconds)}", id="summary-time")
            parts = sum(1 for segment in player.timeline if segment.is_work)
            yield Label(parts_text(held, skipped, parts), id="summary-counts")
            yield Label("", id="summary-logged")
            yield LogTroubleBanner(id="log-trouble")
            yield Static(AFTER_QUESTION, id="summary-after", markup=False)
            trend = self._trend()
            view = PainTrendView(trend, id="summary-pain-trend")
            view.display = bool(trend.days)
            yield view
            yield Label("", id="summary-hint")
        yield Footer()

    def on_mount(self) -> None:
        home_key = bound_key(self, "summary.home")
        self.query_one("#summary-hint", Label).update(f"Press {home_key} to go home.")
        self.show_saved()
        if self.run.unsaved:
            self.set_interval(RETRY_SECONDS, self.retry)

    def retry(self) -> None:
        if self.run.unsaved:
            self.run.flush()
            self.show_saved()

    def show_saved(self) -> None:
        """Say what the log holds; while rows wait, say exactly which."""
        status = SessionStatus.COMPLETED if self.completed else SessionStatus.PARTIAL
        unsaved = self.run.unsaved
        logged = f"Not logged yet as {status}." if unsaved else f"Logged as {status}."
        self.query_one("#summary-logged", Label).update(logged)
        self.query_one(LogTroubleBanner).show_trouble(self.run.write_error, unsaved, running=False)

    def _trend(self) -> PainTrend:
        today = local_day(self.clock.now(), self.store.day_starts_at)
        since = today - timedelta(days=TREND_DAYS - 1)
        return pain_trend(self.store.checkins(since), today=today, days=TREND_DAYS)

    def action_pain_after(self, pain: int) -> None:
        """Log (or correct) how the back feels after the routine, the moment it is pressed."""
        store = self.store
        if self.after_checkin_id is None:
            self.after_checkin_id = store.record_checkin(
                kind=Kind.AFTER,
                answers=Answers(pain),
                outcome=None,
                routine_id=self.run.routine.id,
                session_id=self.run.session_id,
                now=self.clock.now(),
            )
        else:
            store.set_checkin_pain(self.after_checkin_id, pain)
        self.query_one("#summary-after", Static).update(
            f"Back pain now: {pain}/{PAIN_MAX}, logged. Another number corrects it."
        )
        view = self.query_one(PainTrendView)
        view.update_trend(self._trend())
        view.display = True
