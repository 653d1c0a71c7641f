"""The persistent-pain notice: whether the log calls for it, and saying it once per episode.

The rule is :func:`coach.core.persistent_pain.persistent_pain`; this reads the log for it and
remembers in ``app_state`` (:attr:`StateKey.PAIN_NOTICE`) the day the notice was shown and why.
An episode starts the first day the rule holds; home shows the notice that day and the next
check-in screen once. Nothing is said again until the rule has cleared and holds again, or
:data:`NOTICE_AGAIN_DAYS` later if it still holds.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from coach.core.pain import pain_trend
from coach.core.persistent_pain import TREND_WINDOW_DAYS, persistent_pain, resting_days
from coach.core.vocabulary import StateKey
from coach.store import Store
from coach.store.errors import LogWriteError

NOTICE_AGAIN_DAYS = 14
"""While the rule keeps holding, the notice comes back this many days after it was shown."""


@dataclass(frozen=True)
class NoticeState:
    """What ``app_state`` remembers of the notice in this episode."""

    shown_on: date
    reason: str
    checkin_shown: bool
    """Whether a check-in screen has shown it too."""

    def to_json(self) -> str:
        return json.dumps(
            {
                "shown_on": self.shown_on.isoformat(),
                "reason": self.reason,
                "checkin_shown": self.checkin_shown,
            }
        )


def persistent_pain_now(store: Store, today: date, threshold: int) -> str | None:
    """Why the log calls for the notice as of ``today``, or ``None``: two queries."""
    since = today - timedelta(days=TREND_WINDOW_DAYS - 1)
    trend = pain_trend(store.checkins(since), today=today, days=TREND_WINDOW_DAYS)
    rest = resting_days(store.day_marks())
    return persistent_pain(dict(trend.days), rest, today=today, threshold=threshold)


def notice_state(store: Store) -> NoticeState | None:
    """The notice remembered for this episode; an unreadable value is no episode."""
    text = store.get_state(StateKey.PAIN_NOTICE)
    if text is None:
        return None
    try:
        data = json.loads(text)
        return NoticeState(
            shown_on=date.fromisoformat(data["shown_on"]),
            reason=str(data["reason"]),
            checkin_shown=bool(data.get("checkin_shown", False)),
        )
    except (ValueError, TypeError, KeyError):
        return None


def _episode(store: Store, today: date, threshold: int, now: datetime) -> NoticeState | None:
    """The episode in force, logged when it starts (or starts again), forgotten when the rule
    clears; ``None`` when the rule does not hold."""
    reason = persistent_pain_now(store, today, threshold)
    state = notice_state(store)
    if reason is None:
        if store.get_state(StateKey.PAIN_NOTICE) is not None:
            _remember(store, None, now)
        return None
    if state is None or today >= state.shown_on + timedelta(days=NOTICE_AGAIN_DAYS):
        state = NoticeState(shown_on=today, reason=reason, checkin_shown=False)
        _remember(store, state, now)
    return state


def _remember(store: Store, state: NoticeState | None, now: datetime) -> None:
    """Log the episode, if the log takes it. A notice is worth more than its bookkeeping: on a
    log that refuses writes (read-only, a full disk) it is still shown, and only said again at
    the next start, where it would be logged then."""
    with contextlib.suppress(LogWriteError):
        store.set_state(StateKey.PAIN_NOTICE, state.to_json() if state else None, now=now)


def home_notice(store: Store, today: date, threshold: int, now: datetime) -> str | None:
    """The reason for home to show, on the day the notice is shown; otherwise ``None``."""
    state = _episode(store, today, threshold, now)
    return state.reason if state is not None and state.shown_on == today else None


def checkin_notice(store: Store, today: date, threshold: int, now: datetime) -> str | None:
    """The reason for a check-in screen to show, once per episode (logged as shown)."""
    state = _episode(store, today, threshold, now)
    if state is None or state.checkin_shown:
        return None
    _remember(store, NoticeState(state.shown_on, state.reason, checkin_shown=True), now)
    return state.reason
