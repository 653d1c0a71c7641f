"""The whole-file integrity check runs once a day per log (and before every migration)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from freezegun import freeze_time

from coach.cli.loading import open_store
from coach.cli.parser import build_parser
from coach.services.config import Config
from coach.store import Store, StoreError, checked_today, remember_checked
from tests.store.test_log_safety import damage


def fill(path: Path, now: datetime) -> None:
    store = Store.open(path)
    for _ in range(300):
        store.start_session(
            routine_id="morning-mobility",
            routine_name="Morning mobility " * 3,
            tags=("morning",),
            planned_seconds=600,
            now=now,
        )
    store.close()


def test_the_note_says_which_log_passed_on_which_day(tmp_path: Path):
    marker, log, other = tmp_path / "state" / "checked.json", tmp_path / "a.db", tmp_path / "b.db"
    day = date(2026, 11, 25)
    assert not checked_today(marker, log, day)
    remember_checked(marker, log, day)
    remember_checked(marker, other, day)
    assert checked_today(marker, log, day) and checked_today(marker, other, day)
    assert not checked_today(marker, log, date(2026, 11, 26))
    marker.write_text("not json")
    assert not checked_today(marker, log, day)  # a spoiled note costs one check, nothing more


def test_without_the_integrity_check_a_damaged_log_still_opens(tmp_path: Path, now: datetime):
    path = tmp_path / "coach.db"
    fill(path, now)
    damage(path)
    with pytest.raises(StoreError, match="is damaged"):
        Store.open(path)
    Store.open(path, integrity=False).close()  # what a second start on the same day does


def test_a_log_to_migrate_is_always_checked(tmp_path: Path):
    path = tmp_path / "coach.db"
    old = Store.create_at_version(path, 1)
    for n in range(300):
        old.db.run(lambda db, n=n: db["sessions"].insert(
            {"id": f"s{n}", "routine_id": "x" * 200, "started_at": "2026-01-01T00:00:00.000Z",
             "utc_offset_min": 0, "local_date": "2026-01-01", "status": "completed"}
        ))  # fmt: skip
    old.close()
    damage(path)
    with pytest.raises(StoreError, match="is damaged"):
        Store.open(path, integrity=False)


def test_the_app_checks_on_the_first_start_of_the_day_only(tmp_path: Path, now: datetime):
    path = tmp_path / "coach.db"
    fill(path, now)
    args = build_parser().parse_args(["--db", str(path)])
    with freeze_time("2026-11-25 08:00"):
        open_store(args, Config()).close()  # checked, and noted
    damage(path)
    with freeze_time("2026-11-25 18:00"):
        open_store(args, Config()).close()  # the same day: not read through again
        with pytest.raises(StoreError, match="is damaged"):
            open_store(args, Config(), always_check=True)  # backup, export, merge: every time
    with freeze_time("2026-11-26 08:00"), pytest.raises(StoreError, match="is damaged"):
        open_store(args, Config())


def test_the_note_of_checked_logs_is_coachs_own_private_file(tmp_path: Path):
    """A FIFO planted where the note lives is read as "not checked" without blocking (a FIFO
    opened for reading would hang every command), and the note coach writes in its place is
    0600 whatever the umask."""
    import os
    import signal
    import stat

    log, marker = tmp_path / "coach.db", tmp_path / "state" / "log-checked.json"
    marker.parent.mkdir()
    os.mkfifo(marker)
    today = date(2026, 3, 2)
    signal.signal(signal.SIGALRM, lambda *_: pytest.fail("reading the note blocked on a FIFO"))
    signal.alarm(5)
    try:
        assert not checked_today(marker, log, today)
    finally:
        signal.alarm(0)
    old = os.umask(0)
    try:
        remember_checked(marker, log, today)
    finally:
        os.umask(old)
    assert stat.S_ISREG(marker.stat().st_mode)
    assert stat.S_IMODE(marker.stat().st_mode) == 0o600
    assert checked_today(marker, log, today)
