"""Which local day an instant counts for, across day-start hours, DST changes and storage."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from freezegun import freeze_time
from hypothesis import given
from hypothesis import strategies as st

from coach.core.days import (
    from_stored,
    local_day,
    parse_hhmm,
    stored_day,
    stored_ordinal,
    to_utc_text,
    utc_offset_minutes,
)

NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
FOUR = time(4, 0)


def at_utc(text: str, zone: ZoneInfo) -> datetime:
    """A UTC instant, read in ``zone``: unambiguous even inside a DST change."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC).astimezone(zone)


def test_midnight_is_the_default_day_start() -> None:
    assert local_day(datetime(2026, 5, 4, 0, 0, tzinfo=BERLIN)) == date(2026, 5, 4)
    assert local_day(datetime(2026, 5, 3, 23, 59, 59, tzinfo=BERLIN)) == date(2026, 5, 3)


def test_a_session_at_half_past_midnight_counts_for_the_day_before() -> None:
    assert local_day(datetime(2026, 5, 4, 0, 30, tzinfo=BERLIN), FOUR) == date(2026, 5, 3)
    assert local_day(datetime(2026, 5, 4, 3, 59, tzinfo=BERLIN), FOUR) == date(2026, 5, 3)
    assert local_day(datetime(2026, 5, 4, 4, 0, tzinfo=BERLIN), FOUR) == date(2026, 5, 4)


def test_day_start_with_minutes() -> None:
    start = time(4, 30)
    assert local_day(datetime(2026, 5, 4, 4, 29, tzinfo=BERLIN), start) == date(2026, 5, 3)
    assert local_day(datetime(2026, 5, 4, 4, 30, tzinfo=BERLIN), start) == date(2026, 5, 4)


def test_the_local_reading_decides_not_utc() -> None:
    # 02:00 UTC is still the evening before in New York.
    instant = datetime(2026, 5, 4, 2, 0, tzinfo=UTC)
    assert local_day(instant) == date(2026, 5, 4)
    assert local_day(instant.astimezone(NEW_YORK)) == date(2026, 5, 3)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError):
        local_day(datetime(2026, 5, 4, 12, 0))
    with pytest.raises(ValueError):
        utc_offset_minutes(datetime(2026, 5, 4, 12, 0))


@freeze_time("2026-05-04 02:30:00")  # UTC: 04:30 in Berlin, 22:30 the evening before in NY
def test_today_from_the_wall_clock() -> None:
    assert local_day(datetime.now(BERLIN), FOUR) == date(2026, 5, 4)
    assert local_day(datetime.now(NEW_YORK), FOUR) == date(2026, 5, 3)
    assert local_day(datetime.now(UTC), FOUR) == date(2026, 5, 3)


# -- daylight saving -----------------------------------------------------------------------


def test_new_york_spring_forward() -> None:
    # 2026-03-08: 02:00 EST becomes 03:00 EDT; the local day that starts at 04:00 is 23 h long.
    before = at_utc("2026-03-08 06:59", NEW_YORK)  # 01:59 EST
    after = at_utc("2026-03-08 07:00", NEW_YORK)  # 03:00 EDT
    assert (before.hour, after.hour) == (1, 3)
    assert (utc_offset_minutes(before), utc_offset_minutes(after)) == (-300, -240)
    assert local_day(before, FOUR) == local_day(after, FOUR) == date(2026, 3, 7)
    assert local_day(at_utc("2026-03-08 07:59", NEW_YORK), FOUR) == date(2026, 3, 7)
    assert local_day(at_utc("2026-03-08 08:00", NEW_YORK), FOUR) == date(2026, 3, 8)  # 04:00
    assert local_day(at_utc("2026-03-08 05:00", NEW_YORK)) == date(2026, 3, 8)  # 00:00 EST


def test_new_york_fall_back() -> None:
    # 2026-11-01: 02:00 EDT becomes 01:00 EST, so 01:30 happens twice.
    first = at_utc("2026-11-01 05:30", NEW_YORK)
    second = at_utc("2026-11-01 06:30", NEW_YORK)
    assert first.replace(tzinfo=None) == second.replace(tzinfo=None)
    assert (utc_offset_minutes(first), utc_offset_minutes(second)) == (-240, -300)
    assert local_day(first, FOUR) == local_day(second, FOUR) == date(2026, 10, 31)
    assert local_day(first) == local_day(second) == date(2026, 11, 1)
    assert local_day(at_utc("2026-11-01 08:59", NEW_YORK), FOUR) == date(2026, 10, 31)  # 03:59
    assert local_day(at_utc("2026-11-01 09:00", NEW_YORK), FOUR) == date(2026, 11, 1)  # 04:00


def test_berlin_summer_time() -> None:
    # 2026-03-29: 02:00 CET becomes 03:00 CEST. 2026-10-25: 03:00 CEST becomes 02:00 CET.
    spring_night = at_utc("2026-03-28 23:30", BERLIN)  # 00:30 CET on the 29th
    assert utc_offset_minutes(spring_night) == 60
    assert local_day(spring_night) == date(2026, 3, 29)
    assert local_day(spring_night, FOUR) == date(2026, 3, 28)
    spring_morning = at_utc("2026-03-29 02:00", BERLIN)  # 04:00 CEST
    assert utc_offset_minutes(spring_morning) == 120
    assert local_day(spring_morning, FOUR) == date(2026, 3, 29)

    autumn_first = at_utc("2026-10-25 00:30", BERLIN)  # 02:30 CEST
    autumn_second = at_utc("2026-10-25 01:30", BERLIN)  # 02:30 CET
    assert (utc_offset_minutes(autumn_first), utc_offset_minutes(autumn_second)) == (120, 60)
    assert local_day(autumn_first, FOUR) == local_day(autumn_second, FOUR) == date(2026, 10, 24)
    assert local_day(at_utc("2026-10-25 03:00", BERLIN), FOUR) == date(2026, 10, 25)  # 04:00


# -- stored form ---------------------------------------------------------------------------


def test_utc_text_has_milliseconds_and_a_z() -> None:
    at = datetime(2026, 3, 8, 1, 59, 30, 123_456, tzinfo=NEW_YORK)
    assert to_utc_text(at) == "2026-03-08T06:59:30.123Z"
    assert to_utc_text(datetime(2026, 1, 1, tzinfo=UTC)) == "2026-01-01T00:00:00.000Z"


def test_from_stored_gives_the_wall_time_in_the_recorded_offset() -> None:
    local = from_stored("2026-11-01T05:30:00.000Z", -240)
    assert local.utcoffset() == timedelta(hours=-4)
    assert local.replace(tzinfo=None) == datetime(2026, 11, 1, 1, 30)


def test_stored_day_ignores_where_the_reader_is() -> None:
    # A 00:30 session in Berlin counts for the day before with a 04:00 start, wherever it's read.
    at = datetime(2026, 6, 10, 0, 30, tzinfo=BERLIN)
    text, offset = to_utc_text(at), utc_offset_minutes(at)
    assert (text, offset) == ("2026-06-09T22:30:00.000Z", 120)
    assert stored_day(text, offset, FOUR) == date(2026, 6, 9)
    assert stored_day(text, offset) == date(2026, 6, 10)


@given(
    st.datetimes(
        min_value=datetime(1990, 1, 1),
        max_value=datetime(2100, 1, 1),
        timezones=st.sampled_from(
            [NEW_YORK, BERLIN, ZoneInfo("Asia/Kolkata"), ZoneInfo("Australia/Lord_Howe"), UTC]
        ),
        allow_imaginary=False,
    ),
    st.sampled_from([time(0, 0), time(4, 0), time(5, 30), time(23, 59)]),
)
def test_stored_day_round_trip(at: datetime, day_start: time) -> None:
    text, offset = to_utc_text(at), utc_offset_minutes(at)
    assert stored_day(text, offset, day_start) == local_day(at, day_start)
    back = from_stored(text, offset)
    assert back.utcoffset() == at.utcoffset()
    assert at - back == timedelta(microseconds=at.microsecond % 1000)


@given(
    st.datetimes(
        min_value=datetime(1990, 1, 1),
        max_value=datetime(2100, 1, 1),
        timezones=st.sampled_from(
            [NEW_YORK, BERLIN, ZoneInfo("Asia/Kolkata"), ZoneInfo("Pacific/Kiritimati"), UTC]
        ),
        allow_imaginary=False,
    ),
    st.times().map(lambda t: t.replace(second=0, microsecond=0)),
)
def test_stored_ordinal_is_stored_day_fast(at: datetime, day_start: time) -> None:
    text, offset = to_utc_text(at), utc_offset_minutes(at)
    assert (
        stored_ordinal(text, offset, day_start) == stored_day(text, offset, day_start).toordinal()
    )


def test_stored_day_with_a_fixed_offset() -> None:
    assert stored_day("2026-01-01T03:00:00.000Z", 330, FOUR) == date(2026, 1, 1)  # 08:30 IST
    assert stored_day("2026-01-01T03:00:00.000Z", -300, FOUR) == date(2025, 12, 31)  # 22:00
    assert from_stored("2026-01-01T03:00:00.000Z", 330).tzinfo == timezone(
        timedelta(hours=5, minutes=30)
    )


# -- parsing a day-start hour --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("04:00", time(4, 0)), ("4:30", time(4, 30)), ("00:00", time(0, 0)), ("23:59", time(23, 59))],
)
def test_parse_hhmm(text: str, expected: time) -> None:
    assert parse_hhmm(text) == expected


@pytest.mark.parametrize(
    "text", ["4", "24:00", "04:60", "4:0", "04:000", "04:00:00", "", "ab:cd", "-1:00", "123:00"]
)
def test_parse_hhmm_errors(text: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_hhmm(text)
    assert str(caught.value) == f'expected a time like "04:00", got "{text}"'


@pytest.mark.parametrize("text", [" 4:00", "+4:00", "٤:00", "4:0", "04:00\n"])
def test_parse_hhmm_is_strict(text: str) -> None:
    from coach.core.days import parse_hhmm

    with pytest.raises(ValueError) as error:
        parse_hhmm(text)
    assert "\n" not in str(error.value)
