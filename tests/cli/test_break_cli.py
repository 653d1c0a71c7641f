"""``coach break …`` answers from any shell; ``coach status`` is one line (or JSON), and cheap."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from coach.cli.main import main
from coach.core.days import to_utc_text
from coach.core.vocabulary import StateKey
from coach.services.config import BreakSettings, Config
from coach.services.status import status_report
from coach.store import Store

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 25, 14, 0, tzinfo=BERLIN)
ALL_WEEK = Config(breaks=BreakSettings(work_days=["mon", "tue", "wed", "thu", "fri", "sat", "sun"]))


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "coach.db"
    monkeypatch.setenv("COACH_DB", str(path))
    return path


@pytest.fixture
def store(db: Path):
    opened = Store.open(db)
    yield opened
    opened.close()


def breaks(store: Store) -> list[tuple]:
    return [(r["outcome"], r["snoozes"]) for r in store.db.query("SELECT * FROM breaks")]


def keep_state(store: Store, pid: int | None = None, **state) -> None:
    """What a running coach keeps for status."""
    payload = {"phase": "sitting", "snoozes": 0, "pid": pid or os.getpid(), **state}
    store.set_state(StateKey.BREAKS, json.dumps(payload), now=NOW)


# -- coach break -------------------------------------------------------------------------------


def test_done_answers_the_pending_prompt(store, capsys):
    store.add_break_prompt(due_at=NOW, prompted_at=NOW)
    assert main(["break", "done"]) == 0
    assert capsys.readouterr().out == "Break done. Logged.\n"
    assert breaks(store) == [("done", 0)]


def test_done_with_nothing_pending_logs_a_break_taken(store, capsys):
    assert main(["break", "done"]) == 0
    assert "on your own" in capsys.readouterr().out
    assert breaks(store) == [("self", 0)]


def test_snooze_counts_and_runs_out(store, capsys, tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text("[breaks]\nmax_snoozes = 1\n")
    monkeypatch.setenv("COACH_CONFIG", str(config))
    store.add_break_prompt(due_at=NOW, prompted_at=NOW)
    assert main(["break", "snooze"]) == 0
    assert capsys.readouterr().out == "Snoozed (1 of 1).\n"
    assert main(["break", "snooze"]) == 1
    assert capsys.readouterr().err == (
        "coach: no snoozes left (1 of 1); answer with `coach break done` or `coach break skip`\n"
    )
    assert main(["break", "skip"]) == 0
    assert breaks(store) == [("skipped", 1)]


def test_skip_with_nothing_pending_is_one_line_exit_1(store, capsys):
    assert main(["break", "skip"]) == 1
    assert capsys.readouterr().err == "coach: no break prompt is waiting\n"
    assert breaks(store) == []


def test_an_unknown_answer_is_a_usage_error(db, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["break", "later"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'later'" in capsys.readouterr().err


def test_break_now_with_an_unknown_routine_is_one_line(db, tmp_path, capsys, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text('[breaks]\nroutine = "walkies"\n')
    monkeypatch.setenv("COACH_CONFIG", str(config))
    assert main(["break", "now"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f'coach: {config}: [breaks] routine: no routine "walkies"; known: ')


# -- coach status ------------------------------------------------------------------------------


def test_status_says_when_the_next_break_is(store, db):
    keep_state(store, next_due=to_utc_text(NOW + timedelta(minutes=32)))
    report = status_report(db, ALL_WEEK, NOW)
    assert report["text"] == "break in 32m · mobility –"
    assert report["breaks"]["next_break"] == "2026-11-25T14:32:00+01:00"
    assert report["breaks"]["coach_running"] is True


def test_status_shows_morning_mobility_done(store, db):
    session = store.start_session(
        routine_id="morning-mobility",
        routine_name="Morning mobility",
        tags=("morning", "gentle"),
        planned_seconds=600,
        now=NOW - timedelta(hours=6),
    )
    store.record_step(
        session,
        position=0,
        step_number=1,
        exercise="Cat-cow",
        side=None,
        set_number=1,
        kind="paced",
        planned_seconds=60,
        reps=10,
        active_seconds=60,
        outcome="done",
        started=NOW - timedelta(hours=6),
        ended=NOW - timedelta(hours=5, minutes=59),
    )
    store.finish_session(session, status="completed", now=NOW, active_seconds=600)
    keep_state(store, next_due=to_utc_text(NOW + timedelta(minutes=5)))
    assert status_report(db, ALL_WEEK, NOW)["text"] == "break in 5m · mobility ✓ · streak 1"


@pytest.mark.parametrize(
    ("state", "text"),
    [
        ({"phase": "prompting"}, "break now"),
        ({"phase": "snoozed", "next_due": "2026-11-25T13:04:00.000Z"}, "snoozed, break in 4m"),
        ({"phase": "sitting", "next_due": "2026-11-25T12:59:00.000Z"}, "break now"),
        ({"phase": "sitting", "next_due": "2026-11-25T14:20:00.000Z"}, "break at 15:20"),
        ({"phase": "away"}, "on a break"),
        ({"phase": "busy"}, "routine playing"),
        ({"phase": "off_hours", "resumes_at": "2026-11-26T08:00:00.000Z"}, "breaks from Thu 09:00"),
    ],
)
def test_status_in_every_phase(store, db, state, text):
    keep_state(store, **state)
    assert status_report(db, ALL_WEEK, NOW)["text"] == f"{text} · mobility –"


def test_status_when_no_coach_is_running(store, db):
    keep_state(store, pid=2**22 + 12345, next_due=to_utc_text(NOW))  # a pid that is not running
    report = status_report(db, ALL_WEEK, NOW)
    assert report["text"] == "coach not running · mobility –"
    assert report["breaks"]["next_break"] is None


def test_status_when_breaks_are_off(store, db):
    keep_state(store)
    config = Config(breaks=BreakSettings(enabled=False))
    assert status_report(db, config, NOW)["text"] == "breaks off · mobility –"


def test_status_json_counts_today(store, db, capsys, monkeypatch):
    # The fixture's log counts days from midnight: so must status, or from 00:00 to 04:00 (the
    # default day start) today's rows belong to the day before.
    config = db.parent / "config.toml"
    config.write_text('[habits]\nday_starts_at = "00:00"\n')
    monkeypatch.setenv("COACH_CONFIG", str(config))
    keep_state(store, next_due=to_utc_text(datetime.now().astimezone() + timedelta(minutes=10)))
    now = datetime.now().astimezone()
    done = store.add_break_prompt(due_at=now, prompted_at=now)
    store.snooze_break(done)
    store.close_break(done, outcome="done", at=now)
    store.log_break(outcome="natural", at=now, started=now)
    skipped = store.add_break_prompt(due_at=now, prompted_at=now)
    store.close_break(skipped, outcome="skipped", at=now)
    assert main(["status", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["today"] | {"expected": 0} == {
        "date": now.date().isoformat(),
        "taken": 2,
        "snoozed": 1,
        "skipped": 1,
        "missed": 0,
        "expected": 0,
    }
    assert report["breaks"]["state"] == "sitting"
    assert report["text"].startswith("break in ")
    assert report["mobility_done"] is False


def test_status_text_is_one_line(store, capsys):
    keep_state(store, phase="prompting")
    assert main(["status"]) == 0
    assert capsys.readouterr().out == "break now · mobility –\n"


def test_status_without_a_log_creates_nothing(db, capsys):
    assert main(["status"]) == 0
    assert capsys.readouterr().out == "coach not running · mobility –\n"
    assert not db.exists()


def test_status_with_a_bad_config_is_one_line_exit_2(db, tmp_path, capsys, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text("[breaks]\ninterval_minutes = 'soon'\n")
    monkeypatch.setenv("COACH_CONFIG", str(config))
    assert main(["status"]) == 2
    assert capsys.readouterr().err == (
        f'coach: {config}: [breaks] interval_minutes: must be a number, got "soon"\n'
    )


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"SQLite format 3\x00" + b"\xff" * 2000, "cannot be read as a coach log"),
        (b"not a database at all, just text\n" * 40, "cannot be read as a coach log"),
        ("another program", "is not a coach log"),
    ],
    ids=["damaged", "not sqlite", "another program"],
)
@pytest.mark.parametrize("form", ["text", "json"])
def test_status_on_a_log_it_cannot_read_says_so_on_the_bar_and_why_on_stderr(
    db, capsys, content, why, form
):
    import sqlite3

    if content == "another program":
        conn = sqlite3.connect(db)
        conn.execute("CREATE TABLE sessions (id)")
        conn.execute("PRAGMA application_id = 7")
        conn.commit()
        conn.close()
    else:
        db.write_bytes(content)
    before = db.read_bytes()
    assert main(["status", "--format", form]) == 2
    captured = capsys.readouterr()
    if form == "text":
        assert captured.out == "coach: log unreadable\n"
    else:
        assert why in json.loads(captured.out)["error"]
    assert captured.err.count("\n") == 1
    assert captured.err.startswith(f"coach: {db}: {why}")
    assert db.read_bytes() == before


def test_status_imports_neither_textual_nor_sqlite_utils(store):
    keep_state(store)
    code = (
        "import sys; from coach.cli.main import main; main(['status']); "
        "heavy = {'textual', 'sqlite_utils', 'rich'} & set(sys.modules); "
        "assert not heavy, heavy"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[2],
        env={**os.environ},
    )
    assert result.returncode == 0, result.stderr


def test_status_adds_the_morning_streak_as_history_counts_it(store, db):
    for days_ago in (0, 1, 2, 4):  # today, the two days before, and one after a gap
        started = NOW.replace(hour=7) - timedelta(days=days_ago)
        session = store.start_session(
            routine_id="morning-mobility",
            routine_name="Morning mobility",
            tags=("morning", "gentle"),
            planned_seconds=600,
            now=started,
        )
        store.record_step(
            session,
            position=0,
            step_number=1,
            exercise="Cat-cow",
            side=None,
            set_number=1,
            kind="paced",
            planned_seconds=60,
            reps=10,
            active_seconds=60,
            outcome="done",
            started=started,
            ended=started + timedelta(minutes=1),
        )
        store.finish_session(session, status="completed", now=started, active_seconds=600)
    keep_state(store, next_due=to_utc_text(NOW + timedelta(minutes=32)))
    report = status_report(db, ALL_WEEK, NOW)
    assert report["text"] == "break in 32m · mobility ✓ · streak 3"
    assert report["mobility_streak"] == 3
    store.mark_days(NOW.date() - timedelta(days=3), NOW.date() - timedelta(days=3), "rest", now=NOW)
    assert status_report(db, ALL_WEEK, NOW)["mobility_streak"] == 4  # a rest day bridges


def test_status_json_says_who_prompts_and_where_idle_time_comes_from(store, db):
    keep_state(store, role="keeper", idle_source="x11")
    report = status_report(db, ALL_WEEK, NOW)
    assert report["breaks"]["prompted_by"] == "keeper"
    assert report["breaks"]["idle_source"] == "x11"
    keep_state(store, pid=999_999_999, role="keeper", idle_source="x11")  # that coach is gone
    report = status_report(db, ALL_WEEK, NOW)
    assert report["breaks"]["prompted_by"] is None and report["breaks"]["idle_source"] is None


def test_break_ask_answers_with_one_key_and_q_leaves_it(store, capsys, monkeypatch):
    import io

    store.add_break_prompt(due_at=NOW, prompted_at=NOW)
    monkeypatch.setattr("sys.stdin", io.StringIO("q\n"))
    assert main(["break", "ask"]) == 0
    assert breaks(store) == [(None, 0)]
    monkeypatch.setattr("sys.stdin", io.StringIO("z\n"))
    assert main(["break", "ask"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("d\n"))
    assert main(["break", "ask"]) == 0
    assert breaks(store) == [("done", 1)]
    out = capsys.readouterr().out
    assert "d done · z snooze · x skip · q not now" in out and "Break done. Logged." in out
    assert main(["break", "ask"]) == 1  # nothing waiting
