"""A coach that writes as fast as it can for a while: one of two processes in the
concurrency test. Prints how many sessions it wrote."""

from __future__ import annotations

import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from coach.core.vocabulary import SessionStatus
from coach.store import Store


def main(path: Path, seconds: float, name: str) -> int:
    now = datetime(2026, 3, 2, 7, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    store = Store.open(path)
    written = 0
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            session_id = store.start_session(
                routine_id=name, routine_name=name, tags=("desk",), planned_seconds=9, now=now
            )
            for position in range(3):
                store.record_step(
                    session_id,
                    position=position,
                    step_number=position + 1,
                    exercise="Walk",
                    side=None,
                    set_number=1,
                    kind="hold",
                    planned_seconds=3.0,
                    reps=None,
                    active_seconds=3.0,
                    outcome="done",
                    started=now,
                    ended=now + timedelta(seconds=3),
                )
            store.finish_session(
                session_id, status=SessionStatus.COMPLETED, now=now, active_seconds=9
            )
            store.close_abandoned(now)
            store.set_state(f"last-{name}", session_id, now=now)
            written += 1
    finally:
        store.close()
    print(written)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), float(sys.argv[2]), sys.argv[3]))
