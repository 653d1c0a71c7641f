"""``coach history``: the habit table, a character heatmap and JSON, without loading Textual."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from freezegun import freeze_time

from coach.cli.main import main
from coach.store import Store
from tests.demo_log import write_demo_log

NOW = datetime(2026, 11, 25, 7, 30, tzinfo=ZoneInfo("Europe/Berlin"))


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    path = tmp_path / "coach.db"
    store = Store.open(path)
    write_demo_log(store, NOW)
    store.close()
    return path


@freeze_time("2026-11-25 06:30:00")
def test_history_prints_the_habit_table(demo_db: Path, capsys) -> None:
    assert main(["--db", str(demo_db), "history"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "coach history · Wednesday 25 November 2026 · days start at 04:00"
    table = lines[2:7]
    assert table[0].split() == [
        "Habit",
        "Streak",
        "Best",
        "Strength",
        "7",
        "d",
        "30",
        "d",
        "90",
        "d",
        "Keep",
        "it",
    ]
    assert table[1].split()[:8] == [
        "Morning",
        "mobility",
        "18",
        "days",
        "20",
        "days",
        "96%",
        "100%",
    ]
    assert table[1].endswith("by tomorrow")
    assert table[3].split()[:7] == ["Pre-lift", "warm-up", "3", "weeks", "12", "weeks", "89%"]
    assert table[3].endswith("2 more by Sun")
    assert "Morning mobility   best 28 Jul – 16 Aug 2026 · 1 missed day in the last 30" in out
    assert "Pre-lift warm-up   best 3 Aug – 25 Oct 2026 · 1 missed week in the last 12" in out
    assert "Breaks taken / due: none due in the last 4 weeks" in out
    assert max(len(line) for line in lines) <= 80


@freeze_time("2026-11-25 06:30:00")
def test_history_heatmap_is_12_weeks_of_characters(demo_db: Path, capsys) -> None:
    assert main(["--db", str(demo_db), "history"]) == 0
    lines = capsys.readouterr().out.splitlines()
    start = lines.index("Last 12 weeks")
    assert lines[start + 1].split() == ["Morning", "Breaks", "Pre-lift", "Any", "routine"]
    rows = lines[start + 3 : start + 10]
    assert [row[:3] for row in rows] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    morning = [row[4:16] for row in rows]
    # This week's column (the last): Mon, Tue, Wed (today) done; the rest to come.
    assert [col[-1] for col in morning] == ["▓", "▓", "▓", " ", " ", " ", " "]
    # Two weeks back: the sick Saturday and Sunday, 14 and 15 November.
    assert [col[-3] for col in morning][5:] == ["s", "s"]
    prelift = [row[32:44] for row in rows]
    assert [col[-1] for col in prelift][:3] == ["▓", " ", "○"]  # Monday done; today still open
    assert "✓✓✓…" in lines[start + 10]


@freeze_time("2026-11-25 06:30:00")
def test_history_json(demo_db: Path, capsys) -> None:
    assert main(["--db", str(demo_db), "history", "--format", "json", "--weeks", "2"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["today"] == "2026-11-25"
    assert data["day_starts_at"] == "04:00"
    morning = data["habits"][0]
    assert morning["id"] == "morning"
    assert morning["current"] == {"length": 18, "start": "2026-11-06", "end": "2026-11-25"}
    assert morning["best"] == {"length": 20, "start": "2026-07-28", "end": "2026-08-16"}
    assert morning["rates"] == {"7": 1.0, "30": round(27 / 28, 4), "90": round(83 / 88, 4)}
    assert morning["missed"] == ["2026-11-05"]
    assert morning["due_by"] == "2026-11-26" and morning["days_left"] == 1
    assert [d["date"] for d in morning["heatmap"]][0] == "2026-11-16"
    assert morning["heatmap"][-1] == {"date": "2026-11-25", "state": "done", "mark": None}
    prelift = data["habits"][2]
    assert prelift["this_week"] == {"done": 1, "needed": 3}
    assert [w["state"] for w in prelift["weeks"]] == ["met", "pending"]
    assert data["breaks"] == [
        {
            "week": "2026-11-16",
            "taken": 0,
            "due": 0,
            "snoozed": 0,
            "share": None,
            "snooze_share": None,
        },
        {
            "week": "2026-11-23",
            "taken": 0,
            "due": 0,
            "snoozed": 0,
            "share": None,
            "snooze_share": None,
        },
    ]


@pytest.mark.parametrize("weeks", ["0", "53", "many"])
def test_bad_weeks_is_one_line(weeks: str, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["history", "--weeks", weeks])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err.startswith("coach history: error: argument --weeks: must be")


def test_history_on_an_empty_log(tmp_path: Path, capsys) -> None:
    assert main(["--db", str(tmp_path / "new.db"), "history"]) == 0
    out = capsys.readouterr().out
    assert "Morning mobility   0 days   0 days         0%     —     —     —" in out


def test_history_does_not_import_textual(tmp_path: Path) -> None:
    code = (
        "import sys; from coach.cli.main import main; "
        f"main(['--db', {str(tmp_path / 'c.db')!r}, 'history']); "
        "assert 'textual' not in sys.modules, 'textual was imported'"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).parents[2]
    )
    assert result.returncode == 0, result.stderr


@freeze_time("2026-11-25 06:30:00")
@pytest.mark.parametrize("width", [40, 60, 80, 100, 218])
@pytest.mark.parametrize("weeks", [1, 4, 12, 52])
def test_history_fits_the_width(demo_db: Path, capsys, width: int, weeks: int) -> None:
    args = ["--db", str(demo_db), "history", "--width", str(width), "--weeks", str(weeks)]
    assert main(args) == 0
    lines = capsys.readouterr().out.splitlines()
    too_wide = [line for line in lines if len(line) > width]
    assert not too_wide
    start = next(i for i, line in enumerate(lines) if line.startswith("Last "))
    shown = min(weeks, width - 4)
    if shown < weeks:
        assert lines[start].startswith(f"Last {shown} of {weeks} weeks (widen the terminal")
    else:
        assert lines[start] == f"Last {weeks} weeks"
    # Morning mobility is the first heatmap: today (Wednesday) done in the last column,
    # Thursday still to come.
    wednesday = next(line for line in lines[start:] if line.startswith("Wed"))
    thursday = next(line for line in lines[start:] if line.startswith("Thu"))
    assert wednesday[4 + shown - 1] == "▓"
    assert thursday.ljust(4 + shown)[4 + shown - 1] == " "
    assert "Totals" in lines


@freeze_time("2026-11-25 06:30:00")
def test_history_side_by_side_when_wide_enough(demo_db: Path, capsys) -> None:
    assert main(["--db", str(demo_db), "history", "--width", "218", "--weeks", "52"]) == 0
    lines = capsys.readouterr().out.splitlines()
    start = lines.index("Last 52 weeks")
    assert lines[start + 1].split() == ["Morning", "Breaks", "Pre-lift", "Any", "routine"]
    assert sum(line.startswith("Mon") for line in lines) == 1


@freeze_time("2026-11-25 06:30:00")
def test_history_stacks_the_heatmaps_to_show_every_week(demo_db: Path, capsys) -> None:
    assert main(["--db", str(demo_db), "history", "--width", "80", "--weeks", "52"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "Last 52 weeks" in lines
    assert sum(line.startswith("Mon") for line in lines) == 4


@freeze_time("2026-11-25 06:30:00")
def test_history_width_follows_the_terminal(demo_db: Path, capsys, monkeypatch) -> None:
    import os
    import shutil

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setattr(shutil, "get_terminal_size", lambda *_: os.terminal_size((50, 30)))
    assert main(["--db", str(demo_db), "history", "--weeks", "52"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in lines) <= 50
    assert any(line.startswith("Last 46 of 52 weeks") for line in lines)


@freeze_time("2026-11-25 06:30:00")
def test_history_is_80_columns_when_not_a_terminal(demo_db: Path, capsys) -> None:
    assert main(["--db", str(demo_db), "history", "--weeks", "52"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "Last 52 weeks" in lines


@pytest.mark.parametrize("width", ["39", "0", "wide"])
def test_bad_width_is_one_line(width: str, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["history", "--width", width])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err.startswith("coach history: error: argument --width: must be")


@freeze_time("2026-11-25 06:30:00")
def test_history_totals(demo_db: Path, capsys) -> None:
    assert main(["--db", str(demo_db), "history"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    start = lines.index("Totals")
    assert lines[start + 1].startswith("Active minutes per month")
    assert any(line.startswith("Weekdays skipped") for line in lines[start:])
    assert "Mon " in lines[-1] or "Sun " in lines[-1]


@freeze_time("2026-11-25 06:30:00")
def test_history_json_totals(demo_db: Path, capsys) -> None:
    assert main(["--db", str(demo_db), "history", "--format", "json"]) == 0
    totals = json.loads(capsys.readouterr().out)["totals"]
    assert set(totals) == {"minutes_per_month", "sessions_per_routine", "since", "weekdays_skipped"}
    assert len(totals["minutes_per_month"]) <= 12
    assert totals["minutes_per_month"][-1]["month"] == "2026-11"
    assert [w["weekday"] for w in totals["weekdays_skipped"]] == [
        "Mon",
        "Tue",
        "Wed",
        "Thu",
        "Fri",
        "Sat",
        "Sun",
    ]
    assert all(0 <= w["skipped"] <= w["days"] for w in totals["weekdays_skipped"])
    assert sum(r["sessions"] for r in totals["sessions_per_routine"]) > 0
