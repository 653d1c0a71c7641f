"""Friendly times, against an injected now (a Wednesday evening in Berlin)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from coach.core.when import WhenError, parse_when

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 12, 2, 19, 45, tzinfo=BERLIN)  # Wednesday


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("now", NOW),
        ("7:30", datetime(2026, 12, 2, 7, 30, tzinfo=BERLIN)),
        ("07:30", datetime(2026, 12, 2, 7, 30, tzinfo=BERLIN)),
        ("7.30", datetime(2026, 12, 2, 7, 30, tzinfo=BERLIN)),
        ("7am", datetime(2026, 12, 2, 7, 0, tzinfo=BERLIN)),
        ("12am", datetime(2026, 12, 2, 0, 0, tzinfo=BERLIN)),
        ("1:15 pm", datetime(2026, 12, 2, 13, 15, tzinfo=BERLIN)),
        ("today 18:00", datetime(2026, 12, 2, 18, 0, tzinfo=BERLIN)),
        ("Yesterday  07:30", datetime(2026, 12, 1, 7, 30, tzinfo=BERLIN)),
        ("mon 18:00", datetime(2026, 11, 30, 18, 0, tzinfo=BERLIN)),
        ("wednesday 6:00", datetime(2026, 11, 25, 6, 0, tzinfo=BERLIN)),  # the last one, not today
        ("2026-11-30 07:30", datetime(2026, 11, 30, 7, 30, tzinfo=BERLIN)),
        ("2h ago", datetime(2026, 12, 2, 17, 45, tzinfo=BERLIN)),
        ("45 min ago", datetime(2026, 12, 2, 19, 0, tzinfo=BERLIN)),
        ("3 days ago", datetime(2026, 11, 29, 19, 45, tzinfo=BERLIN)),
    ],
)
def test_friendly_times(said: str, expected: datetime) -> None:
    assert parse_when(said, NOW) == expected


@pytest.mark.parametrize(
    ("said", "message"),
    [
        ("", "no time given; say when, e.g. "),
        ("soon", 'cannot read the time "soon"; say it like "now", '),
        ("yesterday", 'cannot read the time "yesterday"'),
        ("25:00", 'cannot read the time "25:00"'),
        ("13pm", 'cannot read the time "13pm"'),
        ("2026-02-30 07:00", 'cannot read the time "2026-02-30 07:00"'),
        ("21:00", '"21:00" is Wed 02 Dec 21:00, which has not happened yet; log a session you'),
        ("tomorrow 7:00", 'cannot read the time "tomorrow 7:00"'),
    ],
)
def test_what_cannot_be_read_or_has_not_happened_is_one_line(said: str, message: str) -> None:
    with pytest.raises(WhenError) as caught:
        parse_when(said, NOW)
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)
