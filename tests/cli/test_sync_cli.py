"""`coach sync DIR` and `[sync] dir`: the command prints one line per file; the app syncs as it
starts and as it quits, saying only what did not go well."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.cli.app import sync_at
from coach.cli.main import main
from coach.services.config import Config, SyncSettings
from coach.store import Store
from tests.cli.test_data_commands import a_log


def test_sync_from_two_machines_brings_both_histories_together(tmp_path: Path, capsys) -> None:
    desktop = a_log(tmp_path / "desktop" / "coach.db")
    laptop = a_log(tmp_path / "laptop" / "coach.db", "morning-mobility")
    share = tmp_path / "share"
    assert main(["--db", str(desktop), "sync", str(share)]) == 0
    first = capsys.readouterr().out.splitlines()
    assert len(first) == 1 and first[0].endswith(".coach.json: written (this machine's)")
    assert main(["--db", str(laptop), "sync", str(share)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith(".coach.json: 1 row added (sessions 1), 0 already here")
    assert lines[1].endswith(".coach.json: written (this machine's)")
    assert main(["--db", str(desktop), "sync", str(share)]) == 0
    capsys.readouterr()
    for log in (desktop, laptop):
        store = Store.open(log)
        try:
            assert sorted(s["routine_id"] for s in store.iter_sessions()) == [
                "desk-break",
                "morning-mobility",
            ]
        finally:
            store.close()


def test_sync_without_a_folder_says_where_to_set_one(tmp_path: Path, capsys) -> None:
    log = a_log(tmp_path / "coach.db")
    assert main(["--db", str(log), "sync"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("coach: coach sync needs a folder: pass DIR, or set [sync] dir in ")


def test_the_settings_folder_is_used_and_the_live_log_s_refused(tmp_path: Path, capsys) -> None:
    log = a_log(tmp_path / "data" / "coach.db")
    settings = tmp_path / "config.toml"
    settings.write_text(f'[sync]\ndir = "{tmp_path / "share"}"\n')
    assert main(["--db", str(log), "--config", str(settings), "sync"]) == 0
    assert capsys.readouterr().out.endswith("written (this machine's)\n")
    assert main(["--db", str(log), "sync", str(log.parent)]) == 2
    assert "holds the live log" in capsys.readouterr().err


@pytest.mark.parametrize("when", ["start", "exit"])
def test_the_app_s_sync_says_only_what_went_wrong(tmp_path: Path, when: str) -> None:
    log = Store.open(a_log(tmp_path / "data" / "coach.db"))
    share = tmp_path / "share"
    try:
        config = Config(sync=SyncSettings(dir=str(share)))
        assert sync_at(log, config, when) == []  # all well: quiet
        (share / "half-0123456789ab.coach.json").write_text('{"format": "coach-exp')
        (lines,) = [sync_at(log, config, when)]
        assert lines == [
            f"sync at {when}: half-0123456789ab.coach.json: skipped: not whole yet, or damaged "
            "(not valid JSON (line 1 column 12: Unterminated string starting at)); read again "
            "at the next sync"
        ]
        refused = Config(sync=SyncSettings(dir=str(log.path.parent)))
        (line,) = sync_at(log, refused, when)
        assert line.startswith(f"sync at {when}: {log.path.parent}: holds the live log")
        assert sync_at(log, Config(), when) == []  # no [sync] dir: nothing
    finally:
        log.close()


def test_a_hostile_file_name_in_the_folder_is_said_as_text(tmp_path: Path) -> None:
    log = Store.open(a_log(tmp_path / "data" / "coach.db"))
    share = tmp_path / "share"
    share.mkdir()
    (share / "evil\x1b[2J\x07-0123456789ab.coach.json").write_text("{")
    try:
        (line,) = sync_at(log, Config(sync=SyncSettings(dir=str(share))), "start")
    finally:
        log.close()
    assert "\x1b" not in line and "\x07" not in line
    assert "evil" in line and "skipped: not whole yet" in line
