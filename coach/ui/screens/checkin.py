"""The check-in before lifting: back pain 0–10 and the four red-flag questions, on one screen.

Single keys throughout: a digit (or t for 10) sets the pain, y/n answers the marked question and
moves on, enter continues, s is "no pain, no symptoms". The row is written the moment the
answers are in; a red flag stops the routine, high pain offers gentler ways, anything else lets
the routine start. The screen dismisses with what to play, or ``None`` when nothing starts.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer

from coach.core.clock import Clock
from coach.core.days import local_day
from coach.core.dose import lighter, regression_from
from coach.core.routine import Routine, RoutineSet
from coach.core.safety import (
    PAIN_MAX,
    RED_FLAGS,
    Answers,
    Assessment,
    Kind,
    Outcome,
    Verdict,
    assess,
    gentle_routines,
)
from coach.core.vocabulary import Dose
from coach.services.pain_notice import checkin_notice
from coach.store import Store
from coach.text.report import persistent_pain_notice
from coach.ui.dialogs.adapt import AdaptScreen, Choice
from coach.ui.dialogs.red_flag import RedFlagScreen
from coach.ui.refused import Guarded
from coach.ui.widgets.plain import Label, Static

INTRO = "Don't train through pain. A few keys, then you're off."
HINT = "s: no pain and none of these. Otherwise give a number and answer all four."
INCOMPLETE = "Give a pain number and answer all four, or press s for no pain, no symptoms."
READY = "Press enter to continue."
LIGHTER_NOTE = "Going lighter: easy effort, and stop if anything hurts."


@dataclass(frozen=True)
class Cleared:
    """The check-in let a routine start: which one (perhaps a gentler one, or the lighter
    version of this one), its log row, and the dose it plays at."""

    routine: Routine
    checkin_id: str
    outcome: Outcome
    dose: Dose = Dose.USUAL


class CheckinScreen(Guarded, Screen[Cleared | None]):
    BINDINGS = [
        Binding("enter", "submit", "Continue", id="checkin.continue", priority=True),
        Binding("s", "skip", "No pain, no symptoms", id="checkin.skip"),
        Binding("escape", "cancel", "Back", id="checkin.back"),
        Binding("y", "answer(True)", "Yes", show=False, id="checkin.yes"),
        Binding("n", "answer(False)", "No", show=False, id="checkin.no"),
        Binding("up,k", "move(-1)", "Previous question", show=False, id="checkin.up"),
        Binding("down,j", "move(1)", "Next question", show=False, id="checkin.down"),
        *(
            Binding(str(pain), f"pain({pain})", show=False, id=f"checkin.pain{pain}")
            for pain in range(10)
        ),
        Binding("t", f"pain({PAIN_MAX})", show=False, id="checkin.pain10"),
    ]

    def __init__(
        self,
        routine: Routine,
        *,
        store: Store,
        clock: Clock,
        routines: RoutineSet,
        pain_threshold: int,
        get_ready_seconds: float,
    ) -> None:
        super().__init__()
        self.routine = routine
        self.store = store
        self.clock = clock
        self.routines = routines
        """Where gentler routines are found when the pain is high."""
        self.pain_threshold = pain_threshold
        self.get_ready_seconds = get_ready_seconds
        self.pain: int | None = None
        self.flags: dict[str, bool | None] = {flag.key: None for flag in RED_FLAGS}
        self.current = 0
        self.checkin_id: str | None = None
        self.recorded: tuple[Answers, Assessment] | None = None
        """The answers as logged and what they mean; the choice after them is still to come."""
        self._asking = False

    @property
    def answers(self) -> Answers:
        return Answers(self.pain, dict(self.flags))

    def compose(self) -> ComposeResult:
        with Vertical(id="checkin"):
            yield Label(f"Check-in before {self.routine.name}", id="checkin-title")
            yield Label(INTRO, id="checkin-intro")
            yield Static("", id="checkin-pain-notice")
            yield Label(
                "Back pain right now, 0 (none) to 10 (worst)   keys 0–9, t = 10", classes="heading"
            )
            yield Static("", id="pain-scale")
            yield Label("Do you have any of these?   y yes · n no · ↑↓ move", classes="heading")
            yield Static("", id="flags")
            yield Static(HINT, id="checkin-hint", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_answers()
        self.show_pain_notice()

    def show_pain_notice(self) -> None:
        """Pain that persisted in the log, said once per episode: who to see, nothing blocked."""
        now = self.clock.now()
        today = local_day(now, self.store.day_starts_at)
        reason = checkin_notice(self.store, today, self.pain_threshold, now)
        notice = self.query_one("#checkin-pain-notice", Static)
        notice.update(persistent_pain_notice(reason) if reason else "")
        notice.display = reason is not None

    # -- view --------------------------------------------------------------------------------

    def refresh_answers(self) -> None:
        self.query_one("#pain-scale", Static).update(self._pain_scale())
        self.query_one("#flags", Static).update(self._flag_lines())
        answers = self.answers
        if answers.complete or answers.raised:
            self._hint(READY)

    def _pain_scale(self) -> Content:
        parts: list[Content] = []
        for pain in range(PAIN_MAX + 1):
            text = f" {pain} "
            if pain == self.pain:
                parts.append(Content.styled(text, "reverse bold"))
            else:
                parts.append(Content.styled(text, "$text-muted"))
        return Content(" ").join(parts)

    def _flag_lines(self) -> Content:
        width = max(len(flag.question) for flag in RED_FLAGS)
        lines: list[Content] = []
        for number, flag in enumerate(RED_FLAGS):
            answer = self.flags[flag.key]
            marked = number == self.current
            prefix = "▸ " if marked else "  "
            question = f"{prefix}{number + 1}  {flag.question.ljust(width)}  "
            line = Content.styled(question, "bold" if marked else "")
            if answer is None:
                line += Content.styled("—", "$text-muted")
            elif answer:
                line += Content.styled("yes", "bold $warning")
            else:
                line += Content.styled("no", "$text-muted")
            lines.append(line)
        return Content("\n").join(lines)

    def _hint(self, text: str, *, warn: bool = False) -> None:
        hint = self.query_one("#checkin-hint", Static)
        hint.update(text)
        hint.set_class(warn, "-warn")

    # -- keys --------------------------------------------------------------------------------

    def action_pain(self, pain: int) -> None:
        if self.recorded is not None:
            return  # logged as they were; only the choice after them is open
        self.pain = pain
        self.refresh_answers()

    def action_answer(self, yes: bool) -> None:
        if self.recorded is not None:
            return
        self.flags[RED_FLAGS[self.current].key] = yes
        unanswered = [i for i, flag in enumerate(RED_FLAGS) if self.flags[flag.key] is None]
        later = [i for i in unanswered if i > self.current]
        if later or unanswered:
            self.current = (later or unanswered)[0]
        self.refresh_answers()

    def action_move(self, delta: int) -> None:
        self.current = max(0, min(len(RED_FLAGS) - 1, self.current + delta))
        self.refresh_answers()

    def action_submit(self) -> None:
        answers = self.answers
        if not answers.complete and not answers.raised:  # a yes needs no further answers
            self._hint(INCOMPLETE, warn=True)
            return
        self._decide()

    def action_skip(self) -> None:
        """ "No pain, no symptoms": what was answered still counts, the rest is not asked."""
        self._decide()

    def action_cancel(self) -> None:
        self.dismiss(None)

    # -- what the answers mean ----------------------------------------------------------------

    def _decide(self) -> None:
        """Log the answers (once), then act on them.

        A write the log refuses leaves this screen as it was (the app says why), so enter tries
        again: the answers, if they were not logged, or the choice after them, if it was not.
        """
        if self._asking:  # a sub-screen is deciding (keys typed in one burst land here)
            return
        if self.recorded is None:
            answers = self.answers
            assessment = assess(answers, self.pain_threshold)
            self.checkin_id = self.store.record_checkin(
                kind=Kind.BEFORE,
                answers=answers,
                outcome=assessment.outcome,
                routine_id=self.routine.id,
                now=self.clock.now(),
            )
            self.recorded = (answers, assessment)
        answers, assessment = self.recorded
        assert self.checkin_id is not None
        if assessment.verdict is Verdict.STOP:
            self._asking = True
            self.app.push_screen(
                RedFlagScreen(self.routine, assessment.stopped_by), lambda _: self.dismiss(None)
            )
        elif assessment.verdict is Verdict.ADAPT:
            self._asking = True
            gentler = gentle_routines(self.routines.routines.values(), self.routine)
            adapt = AdaptScreen(
                self.routine,
                answers.pain or 0,
                gentler,
                lighter=lighter(
                    self.routine,
                    regression_from(self.routines.exercises),
                    get_ready_seconds=self.get_ready_seconds,
                ),
                threshold=self.pain_threshold,
                get_ready_seconds=self.get_ready_seconds,
            )
            self.app.push_screen(adapt, self._chosen)
        else:
            self.dismiss(Cleared(self.routine, self.checkin_id, assessment.outcome))

    def _chosen(self, choice: Choice | None) -> None:
        assert self.checkin_id is not None
        self._asking = False
        choice = choice or Choice(Outcome.REST_TODAY)
        self.store.set_checkin_outcome(self.checkin_id, choice.outcome)  # first: refused, stay
        if choice.routine is None:
            self.dismiss(None)
            return
        dose = Dose.USUAL
        if choice.outcome is Outcome.LIGHTER:
            self.app.notify(LIGHTER_NOTE, timeout=8)
            dose = Dose.LIGHTER
        self.dismiss(Cleared(choice.routine, self.checkin_id, choice.outcome, dose))
