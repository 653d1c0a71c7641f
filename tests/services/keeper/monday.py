"""A Monday in Berlin at the desk, for the break keeper's tests (in-process and headless); the
fixtures on it (the log, another terminal's connection, a clock at nine) are in conftest.py."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from coach.core.work_hours import BreakPolicy

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = date(2026, 3, 2)
POLICY = BreakPolicy(max_snoozes=2)


def at(hhmm: str) -> datetime:
    hours, minutes = map(int, hhmm.split(":"))
    return datetime.combine(MONDAY, time(hours, minutes), tzinfo=BERLIN)
