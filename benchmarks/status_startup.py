"""How long ``coach status`` takes to start, against the floor Python itself sets.

tmux runs ``coach status`` every few seconds, so it must cost about what ``python -c pass`` costs.
Runs each command several times in this same run (so the machine's load affects all alike) on a
log holding ten years of breaks and morning routines (the streak reads them all), and prints the
means and the ratio to the floor.

    python benchmarks/status_startup.py [--runs 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from coach.core.days import to_utc_text  # noqa: E402
from coach.store import Store  # noqa: E402


def ten_years_of_breaks(path: Path) -> None:
    """Sixteen break rows and a morning routine a day for ten years (60,000 and 3,650 rows)."""
    store = Store.open(path)
    start = datetime.now().astimezone() - timedelta(days=3650)
    sessions = [
        {
            "id": str(uuid.uuid4()),
            "routine_id": "morning-mobility",
            "routine_name": "Morning mobility",
            "tags": "morning,gentle",
            "started_at": to_utc_text(start + timedelta(days=day)),
            "utc_offset_min": 60,
            "local_date": (start + timedelta(days=day)).date().isoformat(),
            "ended_at": to_utc_text(start + timedelta(days=day, minutes=10)),
            "status": "completed",
            "planned_seconds": 600.0,
            "active_seconds": 600.0,
            "steps_done": 11,
            "steps_skipped": 0,
            "pid": 1,
        }
        for day in range(3650)
        if day % 9  # a day off now and then
    ]
    rows = []
    for day in range(3650):
        base = start + timedelta(days=day)
        for n in range(16):
            at = base + timedelta(minutes=30 * n)
            rows.append(
                {
                    "id": str(uuid.uuid4()),
                    "due_at": to_utc_text(at),
                    "prompted_at": to_utc_text(at),
                    "answered_at": to_utc_text(at),
                    "outcome": ("done", "skipped", "missed", "natural")[n % 4],
                    "snoozes": n % 2,
                    "utc_offset_min": 60,
                    "local_date": at.date().isoformat(),
                    "started_at": None,
                    "ended_at": None,
                }
            )
    with store.db.atomic():
        store.db["sessions"].insert_all(sessions, batch_size=1000)
        store.db["breaks"].insert_all(rows, batch_size=5000)
    store.close()


def timed(command: list[str], env: dict[str, str], runs: int) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run(command, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - began)
    return statistics.mean(sorted(times)[: max(1, runs * 3 // 4)])  # drop the noisiest quarter


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "coach.db"
        ten_years_of_breaks(db)
        env = {**os.environ, "COACH_DB": str(db), "COACH_CONFIG": str(Path(folder) / "none.toml")}
        python = sys.executable
        commands = {
            "python -c pass": [python, "-c", "pass"],
            "coach status": [python, "-m", "coach", "status"],
            "coach status --format json": [python, "-m", "coach", "status", "--format", "json"],
            "python -c 'import sqlite_utils'": [python, "-c", "import sqlite_utils"],
        }
        for command in commands.values():  # warm the page cache and bytecode
            subprocess.run(command, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        results = {name: timed(command, env, args.runs) for name, command in commands.items()}
    floor = results["python -c pass"]
    for name, seconds in results.items():
        print(f"{name:34} {seconds * 1000:7.1f} ms   {seconds / floor:4.2f}× python -c pass")


if __name__ == "__main__":
    main()
