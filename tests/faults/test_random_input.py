"""2,000 random keys and mouse clicks across every screen, on the fake clock, with a fixed seed:
no exception escapes, and the log stays consistent.

When a key quits the app (q on home, ctrl+q anywhere), a new app opens on the same log, as a
person would start coach again, and the input goes on until all 2,000 events are spent.
"""

from __future__ import annotations

import random

import pytest

from coach.config import Config, PlayerSettings
from tests.faults.consistency import log_problems
from tests.ui.helpers import advance

EVENTS = 2000
SEED = 20261125
KEYS = (
    "enter", "space", "escape", "q", "y", "n", "m", "b", "left", "right", "up", "down",
    "tab", "shift+tab", "home", "end", "pageup", "pagedown", "backspace", "delete",
    "ctrl+p", "ctrl+q", "a", "e", "h", "s", "x", "1", "5", "?", "f1", "ctrl+c",
)  # fmt: skip
WIDTH, HEIGHT = 80, 24
SCREENS = {"HomeScreen", "PlayerScreen", "ConfirmScreen", "SummaryScreen", "CommandPalette"}
"""Screens the input must have reached, or the test proves little."""


def pick_key(rng: random.Random) -> str:
    key = rng.choice(KEYS)
    if key == "ctrl+q" and rng.random() < 0.8:  # quitting is fine, but not every few keys
        key = "enter"
    return key


@pytest.fixture
def brisk_pilot(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pilot waits for the app to go idle in 20 ms sleeps (four per click); 2 ms will do here.

    Nothing in this test depends on real time: the clock is fake and the waits only let queued
    messages drain, which ``Pilot`` also checks directly.
    """
    import textual._wait

    monkeypatch.setattr(textual._wait, "SLEEP_GRANULARITY", 0.002)
    monkeypatch.setattr(textual._wait, "SLEEP_IDLE", 0.0005)


@pytest.mark.slow
@pytest.mark.usefixtures("brisk_pilot")
async def test_random_keys_and_clicks_everywhere(make_app, store, clock):
    rng = random.Random(SEED)
    seen: set[str] = set()
    used = 0
    apps = 0
    while used < EVENTS:
        apps += 1
        app = make_app(Config(player=PlayerSettings(get_ready_seconds=rng.choice([0, 2, 5]))))
        app.animation_level = "none"
        async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
            while used < EVENTS and not app._exit:
                seen.add(type(app.screen).__name__)
                used += 1
                roll = rng.random()
                if roll < 0.6:
                    key = pick_key(rng)
                    await pilot.press(key)
                    if key == "ctrl+p":
                        # Textual 8.2.8's palette raises KeyError on page up/down before its
                        # list is laid out (a bare app too); no person is that quick.
                        await pilot.pause(0.05)
                elif roll < 0.85:
                    x, y = rng.randrange(WIDTH), rng.randrange(HEIGHT)
                    await pilot.click(offset=(x, y))
                else:
                    seconds = rng.choice([0.5, 3, 15, 60, 200])
                    await advance(pilot, clock, seconds, step=max(0.5, seconds / 8))
        assert log_problems(store) == [], f"after app {apps}"
    assert seen >= SCREENS, f"never reached {SCREENS - seen}"
    assert apps > 1  # quitting and coming back was part of it
    assert log_problems(store) == []
    statuses = {s["status"] for s in store.iter_sessions()}
    assert "running" not in statuses, "a quit app left a session running"
    assert {"completed", "partial"} <= statuses
