"""Two coach processes writing to one log at once: no error reaches either, no row is lost."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from coach.store import Store

ROOT = Path(__file__).parents[2]


@pytest.mark.slow
def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "coach.db"
    writers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.store.writer", str(path), "2.5", name],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("left-pane", "right-pane")
    ]
    results = [writer.communicate(timeout=60) for writer in writers]

    for writer, (_out, err) in zip(writers, results, strict=True):
        assert writer.returncode == 0, err
        assert err == ""
    written = {
        name: int(out) for name, (out, _) in zip(("left-pane", "right-pane"), results, strict=True)
    }
    assert all(count > 10 for count in written.values()), written

    store = Store.open(path)
    try:
        sessions = list(store.iter_sessions())
        for name, count in written.items():
            mine = [s for s in sessions if s["routine_id"] == name]
            assert len(mine) == count
            assert all(s["status"] == "completed" and s["steps_done"] == 3 for s in mine)
            assert sum(len(store.steps(s["id"])) for s in mine) == 3 * count
            assert store.get_state(f"last-{name}") in {s["id"] for s in mine}
    finally:
        store.close()
