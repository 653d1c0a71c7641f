"""The big countdown: Textual's Digits, repainted only when the shown second changes."""

from __future__ import annotations

import math

from textual.widgets import Digits


def clock_text(seconds: float) -> str:
    """Whole seconds rounded up, as ``m:ss``: a hold shows 0:01 until it is really over."""
    whole = max(0, math.ceil(seconds - 1e-9))
    minutes, secs = divmod(whole, 60)
    return f"{minutes}:{secs:02d}"


class Countdown(Digits):
    """Shows seconds left, or a rep target when a step waits for the user."""

    DEFAULT_CSS = """
    Countdown {
        width: auto;
    }
    """

    def show_seconds(self, seconds: float) -> None:
        self._show(clock_text(seconds))

    def show_reps(self, reps: int) -> None:
        self._show(f"x{reps}")

    def _show(self, text: str) -> None:
        if text != self.value:
            self.update(text)
