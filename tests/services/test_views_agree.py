"""On random logs, ``coach status``, home and ``coach history`` tell every day the same way.

Sessions are completed, partial, skipped through, tried with nothing done, left running or
deleted, tagged morning or not, played in several time zones (a DST change among them); some
days are marked rest or sick; the day start in force when reading may differ from the one the
rows were written with. For every day of the log's week, read at a random hour in a random zone,
status's done and streak, home's habit line, history's tile and its JSON agree.
"""

from __future__ import annotations

import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.core.vocabulary import RestKind, SessionStatus, Tag
from coach.store import Store
from tests.services.views import views, write_session

ZONES = tuple(
    ZoneInfo(name)
    for name in (
        "Europe/Berlin",  # DST ends 25 October 2026, inside the week below
        "America/New_York",
        "Asia/Kolkata",  # +05:30
        "Pacific/Kiritimati",  # +14:00
        "Pacific/Pago_Pago",  # -11:00
        "UTC",
    )
)
DAY_STARTS = (time(0, 0), time(4, 0), time(5, 30), time(23, 0))
FIRST = date(2026, 10, 21)
DAYS = 7

KINDS = {
    "completed": {},
    "partial": {"done": 1, "status": SessionStatus.PARTIAL},
    "skipped through": {"done": 1, "skipped": 4},
    "nothing done": {"done": 0, "skipped": 2},
    "running": {"done": 1, "status": SessionStatus.RUNNING},
    "deleted": {"deleted": True},
}

sessions = st.lists(
    st.tuples(
        st.integers(0, DAYS - 1),  # day
        st.integers(0, 24 * 60 - 1),  # minute of the day
        st.sampled_from(ZONES),
        st.sampled_from(sorted(KINDS)),
        st.booleans(),  # tagged morning
    ),
    max_size=8,
)
marks = st.lists(st.tuples(st.integers(0, DAYS - 1), st.sampled_from(list(RestKind))), max_size=2)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    played=sessions,
    marked=marks,
    written_with=st.sampled_from(DAY_STARTS),
    read_with=st.sampled_from(DAY_STARTS),
    zone=st.sampled_from(ZONES),
    minute=st.integers(0, 24 * 60 - 1),
)
def test_status_home_and_history_agree_on_every_day(
    played, marked, written_with, read_with, zone, minute
):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "coach.db"
        store = Store.open(path, day_starts_at=written_with)
        try:
            for day, at, where, kind, morning in played:
                start = datetime.combine(FIRST + timedelta(days=day), time(0), where)
                tags = (Tag.MORNING, Tag.GENTLE) if morning else ("desk",)
                write_session(store, start + timedelta(minutes=at), tags=tags, **KINDS[kind])
            now = datetime.combine(FIRST, time(12), ZONES[0])
            for day, kind in marked:
                store.mark_days(
                    FIRST + timedelta(days=day), FIRST + timedelta(days=day), kind, now=now
                )
        finally:
            store.close()
        for day in range(DAYS + 1):
            local = datetime.combine(FIRST + timedelta(days=day), time(0), zone)
            seen = views(path, local + timedelta(minutes=minute), read_with)
            assert seen.agree(), (day, seen)
