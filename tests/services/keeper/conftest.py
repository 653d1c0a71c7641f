"""The break keeper's tests share one desk: the log, a second connection as another terminal's
``coach break`` has, and a fake clock at nine on :data:`~tests.services.keeper.monday.MONDAY`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from coach.core.clock import FakeClock
from coach.store import Store
from tests.services.keeper.monday import at


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "coach.db"


@pytest.fixture
def store(db: Path) -> Iterator[Store]:
    opened = Store.open(db)
    yield opened
    opened.close()


@pytest.fixture
def shell(db: Path, store: Store) -> Iterator[Store]:
    """A second connection, as ``coach break …`` in another terminal has."""
    opened = Store.open(db)
    yield opened
    opened.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(at("09:00"))
