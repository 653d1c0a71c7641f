"""Fixtures for the domain core: routine files under tmp_path and a clock that moves on command."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from coach.core.clock import FakeClock

BERLIN = ZoneInfo("Europe/Berlin")
START = datetime(2026, 3, 2, 7, 0, tzinfo=BERLIN)
"""A Monday morning, well away from any DST change."""


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START, monotonic=1000.0)


@pytest.fixture
def write_routine(tmp_path: Path) -> Callable[..., Path]:
    """Write TOML text to ``tmp_path/<name>`` (or a subdirectory) and return the path."""

    def write(text: str, name: str = "my.toml", directory: Path | None = None) -> Path:
        folder = directory or tmp_path
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
