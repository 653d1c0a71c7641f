"""`coach backup/export/import/merge` from the command line: one line per error, exit 2."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from coach.cli.main import main
from coach.store import Store

NOW = datetime(2026, 3, 2, 7, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def a_log(path: Path, routine: str = "desk-break") -> Path:
    store = Store.open(path)
    session_id = store.start_session(
        routine_id=routine, routine_name=routine, tags=("desk",), planned_seconds=180, now=NOW
    )
    store.finish_session(session_id, status="completed", now=NOW, active_seconds=170)
    store.close()
    return path


@pytest.fixture
def desktop(tmp_path: Path) -> Path:
    return a_log(tmp_path / "desktop" / "coach.db")


@pytest.fixture
def laptop(tmp_path: Path) -> Path:
    return a_log(tmp_path / "laptop" / "coach.db", "morning-mobility")


def test_merge_twice_gives_the_union_once(desktop: Path, laptop: Path, capsys) -> None:
    assert main(["--db", str(desktop), "merge", str(laptop)]) == 0
    assert capsys.readouterr().out == (
        f"merge {laptop} into {desktop}: 1 row added (sessions 1), 0 already here\n"
    )
    assert main(["--db", str(desktop), "merge", str(laptop)]) == 0
    assert capsys.readouterr().out == (
        f"merge {laptop} into {desktop}: 0 rows added, 1 already here\n"
    )
    store = Store.open(desktop)
    try:
        assert sorted(s["routine_id"] for s in store.iter_sessions()) == [
            "desk-break",
            "morning-mobility",
        ]
    finally:
        store.close()


def test_export_then_import_elsewhere_round_trips(desktop: Path, tmp_path: Path, capsys) -> None:
    exported = tmp_path / "export.json"
    assert main(["--db", str(desktop), "export", "--out", str(exported)]) == 0
    assert main(["--db", str(desktop), "export"]) == 0
    assert capsys.readouterr().out == f"{exported}\n" + exported.read_text()

    fresh = tmp_path / "new-machine" / "coach.db"
    assert main(["--db", str(fresh), "import", str(exported)]) == 0
    assert "1 row added (sessions 1)" in capsys.readouterr().out
    assert main(["--db", str(fresh), "export"]) == 0
    assert capsys.readouterr().out == exported.read_text()


def test_export_csv_needs_a_folder(desktop: Path, tmp_path: Path, capsys) -> None:
    assert main(["--db", str(desktop), "export", "--format", "csv"]) == 2
    assert capsys.readouterr().err == (
        "coach: export --format csv needs --out FOLDER (one .csv per table)\n"
    )
    folder = tmp_path / "csv"
    assert main(["--db", str(desktop), "export", "--format", "csv", "--out", str(folder)]) == 0
    written = capsys.readouterr().out.splitlines()
    assert {str(folder / "sessions.csv"), str(folder / "steps.csv")} <= set(written)
    assert written == sorted(str(p) for p in folder.glob("*.csv"))


def test_export_never_overwrites_a_file_unless_forced(desktop: Path, tmp_path: Path, capsys):
    out = tmp_path / "export.json"
    out.write_text("my notes\n")
    assert main(["--db", str(desktop), "export", "--out", str(out)]) == 2
    assert capsys.readouterr().err == (
        f"coach: {out} already exists; pass --force to replace it, or choose another path\n"
    )
    assert out.read_text() == "my notes\n"
    assert main(["--db", str(desktop), "export", "--out", str(out), "--force"]) == 0
    assert capsys.readouterr().out == f"{out}\n"
    assert json.loads(out.read_text())["format"] == "coach-export"


def test_export_never_replaces_a_dangling_link(desktop: Path, tmp_path: Path, capsys):
    out = tmp_path / "export.json"
    out.symlink_to(tmp_path / "nowhere.json")
    assert main(["--db", str(desktop), "export", "--out", str(out)]) == 2
    assert f"coach: {out} already exists; pass --force" in capsys.readouterr().err
    assert out.is_symlink() and not (tmp_path / "nowhere.json").exists()


def test_csv_export_into_a_folder_with_files_needs_force(desktop: Path, tmp_path: Path, capsys):
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "sessions.csv").write_text("my spreadsheet\n")
    argv = ["--db", str(desktop), "export", "--format", "csv", "--out", str(folder)]
    assert main(argv) == 2
    assert capsys.readouterr().err == (
        f"coach: {folder} is a folder with files in it; pass --force to write the .csv files "
        "there anyway (replacing any of the same name), or give a new folder\n"
    )
    assert [p.name for p in folder.iterdir()] == ["sessions.csv"]
    assert (folder / "sessions.csv").read_text() == "my spreadsheet\n"
    assert main([*argv, "--force"]) == 0
    assert str(folder / "steps.csv") in capsys.readouterr().out.splitlines()
    assert (folder / "sessions.csv").read_text().startswith("id,")


def test_csv_export_into_an_empty_folder_needs_no_force(desktop: Path, tmp_path: Path, capsys):
    folder = tmp_path / "empty"
    folder.mkdir()
    assert main(["--db", str(desktop), "export", "--format", "csv", "--out", str(folder)]) == 0
    assert (folder / "sessions.csv").exists()


def test_backup_prints_where_it_went(desktop: Path, tmp_path: Path, capsys) -> None:
    target = tmp_path / "copy.db"
    assert main(["--db", str(desktop), "backup", str(target)]) == 0
    assert capsys.readouterr().out == f"backed up {desktop} to {target}\n"
    assert main(["--db", str(desktop), "backup", str(target)]) == 2
    assert capsys.readouterr().err == f"coach: {target}: already exists; choose another path\n"
    assert main(["--db", str(desktop), "backup"]) == 0
    made = Path(capsys.readouterr().out.strip().split(" to ")[1])
    assert made.parent == desktop.parent / "backups"


def test_backup_and_export_of_no_log_say_so(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "nothing" / "coach.db"
    for command in (["backup"], ["export"]):
        assert main(["--db", str(missing), *command]) == 2
        assert capsys.readouterr().err == (
            f"coach: {missing}: no log there yet; it is made the first time coach starts\n"
        )
    assert not missing.parent.exists()


def test_a_text_file_as_the_log_is_one_line_and_unchanged(tmp_path: Path, capsys) -> None:
    path = tmp_path / "coach.db"
    path.write_text("my notes\n")
    for command in (["backup"], ["export"], ["import", "x.json"], ["run", "desk-break"]):
        assert main(["--db", str(path), *command]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith(f"coach: {path}: is not a coach log")
    assert path.read_text() == "my notes\n"
    # nothing beside the log (the routines' remembered parses live in the cache folder)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "xdg-cache") == ["coach.db"]


def test_merging_the_wrong_thing_is_one_line(desktop: Path, tmp_path: Path, capsys) -> None:
    exported = tmp_path / "export.json"
    exported.write_text(json.dumps({"format": "coach-export", "schema": 1, "tables": {}}))
    assert main(["--db", str(desktop), "merge", str(exported)]) == 2
    assert capsys.readouterr().err == (
        f"coach: {exported}: is not a coach log (not an SQLite file); pass another machine's "
        "coach.db (coach import takes a JSON export)\n"
    )
    copy = tmp_path / "copy.db"
    shutil.copyfile(desktop, copy)
    assert main(["--db", str(desktop), "import", str(copy)]) == 2
    assert capsys.readouterr().err == (
        f"coach: {copy}: not UTF-8 text; expected a coach JSON export\n"
    )


def test_a_later_edit_on_the_other_machine_is_taken(desktop: Path, tmp_path: Path, capsys) -> None:
    other = tmp_path / "other.db"
    shutil.copyfile(desktop, other)
    store = Store.open(other)
    session = next(store.iter_sessions())
    store.finish_session(session["id"], status="partial", now=NOW, active_seconds=5)
    store.close()

    assert main(["--db", str(desktop), "merge", str(other)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("0 rows added, 1 updated (newer there), 0 already here")
    assert len(out) == 1  # no conflict: the two versions are ordered by when they changed
    here = Store.open(desktop)
    try:
        taken = here.session(session["id"])
        assert taken is not None and (taken["status"], taken["active_seconds"]) == ("partial", 5)
    finally:
        here.close()
    assert main(["--db", str(desktop), "merge", str(other)]) == 0  # again: nothing to do
    assert capsys.readouterr().out.splitlines()[0].endswith("0 rows added, 1 already here")
