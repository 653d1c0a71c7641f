"""A desk worker's day of breaks, on the real CLI: ``coach keeper`` with no window open, a real
notification server (dunst under Xvfb, on a private session bus), answers from its buttons and
from shells. The log must hold exactly the breaks that happened, with every row's times in order.

The day is short (a break every 3 s) and the person's answers are scripted: Done on the
notification, a snooze then a skip from a shell, and d in the tmux popup that comes up over the
pane they work in (a real tmux server with a client attached through a pty). Xvfb's screen-saver
extension is the idle source the keeper finds (a whole-desk source), and no input reaches it,
so ``natural_break_minutes`` is set far beyond the test: nobody walked away.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from coach.store import Store
from tests.cli.test_keeper_cli import Lines, environment
from tests.system.test_notify_dunst import Desktop, desktop, until
from tests.system.test_tmux_popup import attached

__all__ = ["attached", "desktop"]  # the fixtures, used by name

pytestmark = pytest.mark.slow

SETTINGS = """\
[breaks]
interval_minutes = 0.05
snooze_minutes = 0.05
max_snoozes = 1
missed_after_minutes = 5
natural_break_minutes = 60
tmux_popup = true
work_hours = "00:00-24:00"
work_days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
"""


def test_a_day_of_breaks_logs_exactly_what_happened(
    attached: int, desktop: Desktop, tmp_path: Path
):
    db, config = tmp_path / "coach.db", tmp_path / "config.toml"
    config.write_text(SETTINGS, encoding="utf-8")
    env = {**environment(), **desktop.env}

    def coach(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "coach", "--db", str(db), "--config", str(config)]
        return subprocess.run(
            [*command, *args], env=env, capture_output=True, text=True, timeout=20
        )

    keeper = subprocess.Popen(
        [sys.executable, "-m", "coach", "--db", str(db), "--config", str(config), "keeper"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines = Lines(keeper)
    try:
        # 1: the first prompt, answered with the notification's Done
        lines.wait_for("Time to stand up", timeout=15)
        until(lambda: desktop.displayed() == 1, "the notification", seconds=5)
        desktop.dunstctl("action", "0")
        lines.wait_for("Break done", timeout=5)
        until(lambda: desktop.displayed() == 0, "the notification to go", seconds=5)

        status = json.loads(coach("status", "--format", "json").stdout)
        assert status["breaks"]["prompted_by"] == "keeper"
        assert status["breaks"]["idle_source"] == "x11"

        # 2: the next, snoozed from a shell (the notification goes), back, skipped from a shell
        lines.wait_for("Time to stand up", timeout=10)
        until(lambda: desktop.displayed() == 1, "the second notification", seconds=5)
        assert coach("break", "snooze").stdout.startswith("Snoozed (1 of 1)")
        lines.wait_for("Snoozed until", timeout=5)
        until(lambda: desktop.displayed() == 0, "the snoozed notification to go", seconds=5)
        lines.wait_for("Time to stand up", timeout=10)  # back after the snooze
        assert coach("break", "snooze").returncode == 1  # none left, anywhere
        assert coach("break", "skip").returncode == 0
        lines.wait_for("Break skipped", timeout=5)

        # 3: the last, d in the tmux popup over the pane in use; then the keeper is stopped
        lines.wait_for("Time to stand up", timeout=10)
        time.sleep(2.0)  # the popup's `coach break ask` starting
        os.write(attached, b"d")
        lines.wait_for("Break done", timeout=8)
        until(lambda: desktop.displayed() == 0, "the last notification to go", seconds=5)
    finally:
        keeper.send_signal(signal.SIGTERM)
        code = keeper.wait(timeout=10)
    assert code == 0

    store = Store.open(db)
    try:
        rows = list(store.db.query("SELECT * FROM breaks ORDER BY prompted_at"))
    finally:
        store.close()
    assert [(row["outcome"], row["snoozes"]) for row in rows] == [
        ("done", 0),
        ("skipped", 1),
        ("done", 0),
    ]
    for row in rows:
        assert row["due_at"] <= row["prompted_at"] <= row["answered_at"], dict(row)
    for earlier, later in zip(rows, rows[1:], strict=False):
        assert earlier["answered_at"] <= later["prompted_at"]
