"""Sync through a folder: three machines edit apart and sync in any order through one folder,
each writing only its own file; files that can't be read yet are skipped with a reason and
nothing is lost."""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from coach.core.clock import FakeClock
from coach.core.vocabulary import RestKind
from coach.services.portability import export_json
from coach.services.sync import host_label, own_file, sync_folder
from coach.store import SCHEMA_VERSION, Store, StoreError

START = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)


@pytest.fixture
def machines(tmp_path: Path):
    clock = FakeClock(START)
    logs = []
    for name in ("laptop", "desktop", "work"):
        log = Store.open(tmp_path / name / "coach.db")
        log.clock = clock.now
        logs.append(log)
    yield logs, clock
    for log in logs:
        log.close()


def start(log: Store, clock: FakeClock) -> str:
    clock.advance(60)
    return log.start_session(
        routine_id="desk-break",
        routine_name="Desk break",
        tags=("desk",),
        planned_seconds=180,
        now=clock.now(),
    )


def test_three_machines_converge_through_the_folder_in_any_order(machines, tmp_path: Path):
    logs, clock = machines
    folder = tmp_path / "Sync" / "coach"
    hosts = ["laptop", "desktop", "work"]
    order = random.Random(7)
    for round_number in range(4):
        for log in logs:  # edits apart
            session = start(log, clock)
            if round_number % 2:
                log.set_note(session, f"round {round_number}")
            clock.advance(5)
        log.mark_days(date(2026, 3, 3), date(2026, 3, 3), list(RestKind)[round_number], now=START)
        turns = list(range(3))
        order.shuffle(turns)
        for turn in turns:
            sync_folder(logs[turn], folder, host=hosts[turn])
    for turn in range(3):  # a last round: everyone has seen everyone's latest file
        sync_folder(logs[turn], folder, host=hosts[turn])
    exports = [export_json(log) for log in logs]
    assert exports[0] == exports[1] == exports[2]
    assert len(list(logs[0].iter_sessions())) == 12
    names = sorted(path.name for path in folder.iterdir())
    assert names == sorted(
        f"{host}-{log.machine_id()}.coach.json" for host, log in zip(hosts, logs, strict=True)
    )


def test_each_machine_writes_only_its_own_file(machines, tmp_path: Path):
    (laptop, desktop, _), clock = machines
    folder = tmp_path / "share"
    start(desktop, clock)
    sync_folder(desktop, folder, host="desktop")
    theirs = own_file(folder, desktop.machine_id(), "desktop")
    before = (theirs.read_bytes(), theirs.stat().st_mtime_ns)
    report = sync_folder(laptop, folder, host="laptop")
    assert (theirs.read_bytes(), theirs.stat().st_mtime_ns) == before
    assert report.written == own_file(folder, laptop.machine_id(), "laptop")
    assert [line.split(":")[0] for line in report.lines()] == [theirs.name, report.written.name]
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]  # no temporary left
    assert oct(report.written.stat().st_mode & 0o777) == "0o600"


def test_files_that_cannot_be_read_yet_are_skipped_with_a_reason(machines, tmp_path: Path):
    (laptop, desktop, work), clock = machines
    folder = tmp_path / "share"
    start(desktop, clock)
    sync_folder(desktop, folder, host="desktop")
    whole = own_file(folder, desktop.machine_id(), "desktop")
    text = whole.read_text()
    half = folder / "work-0123456789ab.coach.json"
    half.write_text(text[: len(text) // 2])  # still arriving
    conflict = folder / f"{whole.name[:-5]}.sync-conflict-20260302-071500-ABCDEFG.json"
    conflict.write_text(text)
    dropbox = folder / f"{whole.stem} (Jane's conflicted copy 2026-03-02).json"
    dropbox.write_text(text)
    newer = json.loads(text)
    newer["schema"] = SCHEMA_VERSION + 1
    future = folder / "future-aaaaaaaaaaaa.coach.json"
    future.write_text(json.dumps(newer))

    report = sync_folder(laptop, folder, host="laptop")
    why = {path.name: reason for path, reason in report.skipped}
    assert why[half.name].startswith("not whole yet, or damaged (not valid JSON")
    assert why[conflict.name].startswith("a conflict copy made by the sync tool")
    assert why[dropbox.name].startswith("a conflict copy made by the sync tool")
    assert "newer coach" in why[future.name]
    assert [path.name for path, _ in report.merged] == [whole.name]
    assert len(list(laptop.iter_sessions())) == 1  # the whole file was taken in
    for path, reason in report.skipped:
        assert f"{path.name}: skipped: {reason}" in report.lines()
    # nothing in the folder was changed or removed but the laptop's own file
    assert half.read_text() == text[: len(text) // 2] and conflict.read_text() == text
    half.write_text(text.replace(desktop.machine_id(), "0123456789ab"))  # now it has arrived
    again = sync_folder(laptop, folder, host="laptop")
    assert half.name in [path.name for path, _ in again.merged]


def test_a_folder_holding_the_live_log_or_a_file_is_refused(machines, tmp_path: Path):
    (laptop, _, _), _ = machines
    with pytest.raises(StoreError, match="holds the live log"):
        sync_folder(laptop, laptop.path.parent)
    with pytest.raises(StoreError, match="holds the live log"):
        sync_folder(laptop, laptop.path.parent.parent)
    a_file = tmp_path / "file"
    a_file.write_text("x")
    with pytest.raises(StoreError, match="is a file; coach sync needs a folder"):
        sync_folder(laptop, a_file)


def test_a_machine_whose_host_name_changed_still_knows_its_file(machines, tmp_path: Path):
    (laptop, _, _), clock = machines
    folder = tmp_path / "share"
    start(laptop, clock)
    sync_folder(laptop, folder, host="old-name")
    report = sync_folder(laptop, folder, host="New Name")
    assert report.merged == [] and report.skipped == []  # its old file is its own, not read


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("Jane's MacBook Pro.local", "jane-s-macbook-pro-local"),
        ("", "machine"),
        ("x" * 40, "x" * 24),
    ],
)
def test_host_labels(name: str, label: str) -> None:
    assert host_label(name) == label


def test_rows_come_in_once_however_often_it_syncs(machines, tmp_path: Path):
    (laptop, desktop, _), clock = machines
    folder = tmp_path / "share"
    for _ in range(3):
        start(desktop, clock)
    sync_folder(desktop, folder, host="desktop")
    first = sync_folder(laptop, folder, host="laptop")
    assert first.merged[0][1].added == {"sessions": 3}
    clock.advance(timedelta(minutes=5).total_seconds())
    again = sync_folder(laptop, folder, host="laptop")
    assert again.merged[0][1].total_added == 0
