"""Home's two break lines: the countdown to the next break, and today's tally.

The countdown is repainted by the app's one-per-second break tick, and only when its text
changed; the tally only when a break row was written.
"""

from __future__ import annotations

from datetime import datetime

from coach.core.vocabulary import BreakPhase
from coach.services.break_keeper import Tally
from coach.text.formatting import clock_span, when_text
from coach.ui.widgets.plain import Static


def countdown_text(
    phase: BreakPhase,
    *,
    now: datetime,
    seconds_left: float | None,
    next_due: datetime | None = None,
    resumes_at: datetime | None = None,
    snoozes: int = 0,
    other: str | None = None,
    keys: str | None = None,
) -> str:
    """One line saying where the break schedule stands."""
    if other is not None:
        return f"Breaks are prompted by {other}."
    if phase is BreakPhase.SITTING and seconds_left is not None:
        at = f" · at {when_text(next_due, now)}" if next_due is not None else ""
        return f"Next break in {clock_span(seconds_left)}{at}"
    if phase is BreakPhase.PROMPTING:
        return f"Break due now: stand up  ({keys})" if keys else "Break due now: stand up"
    if phase is BreakPhase.SNOOZED and seconds_left is not None:
        return f"Break snoozed ({snoozes}×): back in {clock_span(seconds_left)}"
    if phase is BreakPhase.AWAY:
        return "Away from the keys: counted as a break"
    if phase is BreakPhase.BUSY:
        return "Routine playing: no break prompts"
    if phase is BreakPhase.DISABLED:
        return "Break prompts are off ([breaks] enabled = false)"
    if resumes_at is not None:
        return f"Outside work hours: breaks from {when_text(resumes_at, now)}"
    return "No work hours set: no break prompts"


EXPECTED_SHOWN = 100
"""A work day's count of breaks is shown up to this; past it (an interval of seconds, set to try
coach out) "0 of 5759" says nothing a person can use."""


def tally_text(tally: Tally) -> str:
    """``Breaks today: 3 of 17 taken · 1 snoozed · 0 skipped · 1 missed``; with breaks off or on
    a day off, nothing was expected and the count stands alone (``2 taken``, not ``2 of 0``)."""
    of = f" of {tally.expected}" if 0 < tally.expected <= EXPECTED_SHOWN else ""
    return (
        f"Breaks today: {tally.taken}{of} taken · {tally.snoozed} snoozed"
        f" · {tally.skipped} skipped · {tally.missed} missed"
    )


class BreakLine(Static):
    """A one-line Static that repaints only when its text changes, and then only itself.

    The countdown changes every second on home: its height is fixed at one line and its width
    is its container's, so a new text never moves anything else and needs no new layout of the
    screen (which cost ~4 ms a second, most of idle home's CPU).
    """

    DEFAULT_CSS = """
    BreakLine {
        height: 1;
        width: 1fr;
    }
    """

    def show(self, text: str) -> None:
        if text != getattr(self, "_shown", None):
            self._shown = text
            self.update(text, layout=False)
