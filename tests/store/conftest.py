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
