"""The pain trend: a sparkline of the last 30 days' reported pain, and what was adapted.

The numbers come from :func:`coach.core.pain.pain_trend`; this widget only draws them. The
sparkline scales to its own lowest and highest value, so the range is written next to it.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Sparkline

from coach.core.pain import PainTrend
from coach.core.safety import PAIN_MAX
from coach.ui.widgets.plain import Label


def trend_text(trend: PainTrend) -> str:
    """``12 days scored: each day's highest 2 to 7 of 10``: the range in words, since the
    sparkline scales to its own lowest and highest (a flat line may be 0 or 9)."""
    if not trend.days:
        return "no pain scores in the last 30 days"
    days = len(trend.days)
    low, high = min(trend.values), trend.highest
    scored = f"{days} day{'s' if days != 1 else ''} scored"
    if days == 1:
        return f"{scored}: {low} of {PAIN_MAX}"
    if low == high:
        return f"{scored}: {low} of {PAIN_MAX} every time"
    return f"{scored}: each day's highest {low} to {high} of {PAIN_MAX}"


def counts_text(trend: PainTrend) -> str:
    return (
        f"Adapted: {trend.adapted} · stopped by a red flag: {trend.stopped}"
        f" · rest days: {trend.rested}"
    )


class PainTrendView(Vertical):
    """Back pain over the last 30 days, one bar per day with a score (the day's highest)."""

    DEFAULT_CSS = """
    PainTrendView {
        height: auto;
    }
    PainTrendView .pain-trend-row {
        height: 1;
    }
    PainTrendView Sparkline {
        width: 30;
        margin-right: 2;
    }
    PainTrendView .pain-trend-heading {
        text-style: bold;
        color: $text-muted;
    }
    PainTrendView .pain-trend-counts {
        color: $text-muted;
    }
    """

    def __init__(self, trend: PainTrend, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.trend = trend

    def compose(self) -> ComposeResult:
        yield Label("Back pain, last 30 days", classes="pain-trend-heading")
        with Horizontal(classes="pain-trend-row"):
            yield Sparkline(self.trend.values, summary_function=max)
            yield Label(trend_text(self.trend), classes="pain-trend-text")
        yield Label(counts_text(self.trend), classes="pain-trend-counts")

    def on_mount(self) -> None:
        self._fit()

    def update_trend(self, trend: PainTrend) -> None:
        self.trend = trend
        self.query_one(Sparkline).data = trend.values
        self.query_one(".pain-trend-text", Label).update(trend_text(trend))
        self.query_one(".pain-trend-counts", Label).update(counts_text(trend))
        self._fit()

    def _fit(self) -> None:
        """One cell per reported day, so each bar is a day; hidden when there is no data."""
        sparkline = self.query_one(Sparkline)
        sparkline.display = bool(self.trend.days)
        sparkline.styles.width = max(1, len(self.trend.days))
