"""How a years-long log costs to open, back up, export and merge.

Builds a log of ``--years`` of history (5 sessions a day, 20 steps each), then times, in the
same run, a bare SQLite open (the baseline) against ``Store.open`` (read-only inspection with
``PRAGMA quick_check``, then the real connection), and the portability commands. Prints seconds
and ratios to the baseline; no thresholds: read the numbers.

    python benchmarks/log_size.py --years 5
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from coach.services.portability import export_json, merge_file  # noqa: E402
from coach.store import Store  # noqa: E402
from tests.store.test_portability import session_row, step_row  # noqa: E402


def build(path: Path, years: float) -> tuple[int, int]:
    store = Store.open(path)
    sessions = steps = 0
    with store.bulk_write():
        for _ in range(int(years * 365 * 5)):
            session_id = str(uuid.uuid4())
            store.insert_rows("sessions", [session_row(session_id)])
            store.insert_rows("steps", [step_row(str(uuid.uuid4()), session_id) for _ in range(20)])
            sessions += 1
            steps += 20
    store.close()
    return sessions, steps


def timed(action, repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=float, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "coach.db"
        sessions, steps = build(path, args.years)
        size = path.stat().st_size / 1e6
        print(f"log: {args.years:g} years, {sessions} sessions, {steps} steps, {size:.1f} MB")

        def bare() -> None:
            conn = sqlite3.connect(path)
            conn.execute("PRAGMA user_version").fetchone()
            conn.close()

        baseline = timed(bare)
        print(f"bare sqlite open         {baseline * 1000:8.1f} ms  (baseline)")
        results = {
            "Store.open (quick_check)": timed(lambda: Store.open(path).close()),
        }
        store = Store.open(path)
        results["export_json"] = timed(lambda: export_json(store), repeat=2)
        counter = iter(range(100))
        results["backup"] = timed(
            lambda: store.backup_to(Path(work) / f"b{next(counter)}.db"), repeat=2
        )

        store.close()
        merged = Store.open(Path(work) / "merged.db")
        results["merge into empty log"] = timed(lambda: merge_file(merged, path), repeat=1)
        results["merge again (all there)"] = timed(lambda: merge_file(merged, path), repeat=1)
        merged.close()
        for name, seconds in results.items():
            print(f"{name:24} {seconds * 1000:8.1f} ms  ({seconds / baseline:6.0f}× baseline)")


if __name__ == "__main__":
    main()
