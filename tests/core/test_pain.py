"""The pain trend: each day's highest score over the last 30 days, and what was adapted."""

from __future__ import annotations

from datetime import date

from coach.core.pain import pain_trend

TODAY = date(2027, 1, 10)


def row(day: str, pain: int | None, kind: str = "before", outcome: str | None = "go") -> dict:
    return {"local_date": day, "pain": pain, "kind": kind, "outcome": outcome}


def test_one_value_per_day_the_days_highest_oldest_first():
    trend = pain_trend(
        [
            row("2027-01-09", 3),
            row("2027-01-09", 6, kind="after", outcome=None),
            row("2026-12-31", 2),
            row("2027-01-10", 0),
        ],
        today=TODAY,
    )
    assert trend.days == (
        (date(2026, 12, 31), 2),
        (date(2027, 1, 9), 6),
        (date(2027, 1, 10), 0),
    )
    assert (trend.latest, trend.highest, trend.values) == (0, 6, [2, 6, 0])


def test_only_the_last_30_days_count_and_days_without_a_score_are_left_out():
    trend = pain_trend(
        [row("2026-12-11", 9), row("2026-12-12", 4), row("2027-01-01", None, outcome="skipped")],
        today=TODAY,
    )
    assert trend.since == date(2026, 12, 12)
    assert trend.days == ((date(2026, 12, 12), 4),)


def test_counts_what_was_adapted_stopped_or_rested():
    trend = pain_trend(
        [
            row("2027-01-02", 7, outcome="lighter"),
            row("2027-01-03", 8, outcome="gentler"),
            row("2027-01-04", 1, outcome="stopped"),
            row("2027-01-05", 9, outcome="rest_today"),
            row("2027-01-06", 2, outcome="go"),
            row("2027-01-06", 2, kind="after", outcome=None),
            row("2026-11-01", 8, outcome="stopped"),
        ],
        today=TODAY,
    )
    assert (trend.adapted, trend.stopped, trend.rested) == (2, 1, 1)


def test_no_check_ins_is_an_empty_trend():
    trend = pain_trend([], today=TODAY)
    assert trend.days == ()
    assert trend.latest is None and trend.highest is None
