"""The fake clock: which readings move when time passes, the machine sleeps or NTP steps in."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from freezegun import freeze_time

from coach.core.clock import FakeClock, SystemClock

START = datetime(2026, 3, 2, 7, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def readings(clock: FakeClock) -> tuple[float, float, datetime]:
    return clock.monotonic(), clock.boottime(), clock.now()


def test_starts_where_told() -> None:
    clock = FakeClock(START, monotonic=50.0)
    assert readings(clock) == (50.0, 50.0, START)
    assert clock.now().tzinfo == START.tzinfo


def test_needs_an_aware_start() -> None:
    with pytest.raises(ValueError):
        FakeClock(datetime(2026, 3, 2, 7, 0))


def test_advance_moves_every_clock() -> None:
    clock = FakeClock(START, monotonic=50.0)
    clock.advance(90.5)
    assert readings(clock) == (140.5, 140.5, START + timedelta(seconds=90.5))


def test_suspend_stops_only_the_monotonic_clock() -> None:
    clock = FakeClock(START, monotonic=50.0)
    clock.suspend(3600)
    assert readings(clock) == (50.0, 3650.0, START + timedelta(hours=1))


def test_jump_wall_moves_only_the_wall() -> None:
    clock = FakeClock(START, monotonic=50.0)
    clock.jump_wall(-120)
    assert readings(clock) == (50.0, 50.0, START - timedelta(minutes=2))


def test_set_zone_keeps_the_instant() -> None:
    clock = FakeClock(START)
    clock.set_zone(ZoneInfo("America/New_York"))
    assert clock.now() == START
    assert clock.now().hour == 1


def test_now_across_a_dst_change_reads_the_new_offset() -> None:
    clock = FakeClock(datetime(2026, 3, 29, 1, 59, tzinfo=ZoneInfo("Europe/Berlin")))
    clock.advance(60)
    assert (clock.now().hour, clock.now().minute) == (3, 0)


@freeze_time("2026-03-02 06:00:00")
def test_system_clock_now_is_aware() -> None:
    now = SystemClock().now()
    assert now.utcoffset() is not None
    # freezegun's naive "now" is read as local time, whatever the machine's zone is.
    assert now.replace(tzinfo=None) == datetime(2026, 3, 2, 6, 0)


def test_system_clock_monotonic_does_not_go_back() -> None:
    clock = SystemClock()
    first = clock.monotonic()
    assert clock.monotonic() >= first
    assert clock.boottime() > 0
