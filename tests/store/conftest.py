"""Fixtures for the log: a store in a fresh directory, and an aware "now" to stamp rows with."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from coach.core.clock import FakeClock
from coach.store import Store

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 3, 2, 7, 0, tzinfo=BERLIN)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A log path whose directory does not exist yet."""
    return tmp_path / "data" / "coach" / "coach.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    opened = Store.open(db_path)
    yield opened
    opened.close()


@pytest.fixture
def now() -> datetime:
    return NOW


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW, monotonic=1000.0)


def assert_changed_here(row: dict) -> None:
    """The row says it changed on this log's machine, just now, and loses those two columns
    (so the rest of the row can be compared as it always was)."""
    import re

    changed_at, changed_on = row.pop("changed_at"), row.pop("changed_on")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", changed_at), changed_at
    assert re.fullmatch(r"[0-9a-f]{12}", changed_on), changed_on
