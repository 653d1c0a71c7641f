"""Hermetic tests: no real config, data dir or clock leaks in, nothing leaks out."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from coach.core.clock import FakeClock
from coach.core.routine import RoutineSet
from coach.core.vocabulary import StateKey
from coach.services.config import Config
from coach.services.routines import load_all
from coach.store import Store
from coach.system.cues import CueSounder
from coach.system.notify import Notifier
from coach.system.paths import builtin_routines_dir

BERLIN = ZoneInfo("Europe/Berlin")
START = datetime(2026, 11, 25, 7, 30, tzinfo=BERLIN)


@pytest.fixture(autouse=True)
def hermetic_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.delenv("COACH_DB", raising=False)
    monkeypatch.delenv("COACH_CONFIG", raising=False)
    monkeypatch.setenv("TZ", "Europe/Berlin")
    # No real tmux, desktop or terminal notifications from a test run inside one.
    for name in ("TMUX", "TMUX_PANE", "DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """A fresh log in which the not-medical-advice notice was already acknowledged."""
    opened = Store.open(tmp_path / "coach.db")
    opened.set_state(StateKey.MEDICAL_NOTICE_SEEN, "2026-01-01T00:00:00.000Z", now=START)
    yield opened
    opened.close()


@pytest.fixture
def routines() -> RoutineSet:
    return load_all(builtin_routines_dir())


class Listener:
    """Records what would have been sounded, instead of ringing a bell."""

    def __init__(self) -> None:
        self.bells = 0
        self.spoken: list[str] = []
        self.written: list[str] = []
        """Raw escapes the app wrote to the terminal (OSC notifications)."""

    def write(self, text: str) -> None:
        self.written.append(text)

    def bell(self) -> None:
        self.bells += 1

    def say(self, text: str) -> None:
        self.spoken.append(text)


@pytest.fixture
def listener() -> Listener:
    return Listener()


@pytest.fixture
def write_routine(tmp_path: Path) -> Callable[[str, str], Path]:
    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def make_app(clock: FakeClock, store: Store, routines: RoutineSet, listener: Listener):
    """Build a CoachApp on the fake clock, the temp log and a listening sounder."""
    from coach.ui.app import CoachApp

    def make(config: Config | None = None, **kwargs):
        config = config or Config()
        sounder = CueSounder(
            bell=listener.bell,
            sound=config.player.sound,
            speech=config.player.speech,
            say=listener.say,
        )
        kwargs.setdefault(
            "notifier",
            Notifier(
                write=listener.write,
                desktop=config.notify.desktop,
                terminal=config.notify.terminal,
                env={},
            ),
        )
        return CoachApp(
            config=config,
            store=store,
            routines=routines,
            clock=clock,
            sounder=sounder,
            **kwargs,
        )

    return make
