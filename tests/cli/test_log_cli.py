"""`coach log ROUTINE --at WHEN`: a session done away from coach counts like a completed one."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from freezegun import freeze_time

from coach.cli.main import main
from coach.core.vocabulary import Entry, SessionStatus
from coach.store import Store


@freeze_time("2026-12-02 18:45:00")  # 19:45 in Berlin
def test_a_session_logged_yesterday_counts_for_yesterday(tmp_path: Path, capsys) -> None:
    log = tmp_path / "coach.db"
    assert main(["--db", str(log), "log", "morning-mobility", "--at", "yesterday 07:30"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Logged Morning mobility on Tue 1 Dec 07:30 (10 min), entered by hand")
    store = Store.open(log)
    try:
        (session,) = store.iter_sessions()
        assert (session["status"], session["entered"], session["local_date"]) == (
            SessionStatus.COMPLETED,
            Entry.BY_HAND,
            "2026-12-01",
        )
        assert store.steps(session["id"]) == []  # nothing made up about how it went
        started = datetime.fromisoformat(session["started_at"].replace("Z", "+00:00"))
        ended = datetime.fromisoformat(session["ended_at"].replace("Z", "+00:00"))
        assert ended - started == timedelta(seconds=session["active_seconds"])
    finally:
        store.close()
    assert main(["--db", str(log), "history", "--format", "json"]) == 0
    import json

    morning = json.loads(capsys.readouterr().out)["habits"][0]
    assert morning["id"] == "morning"
    assert morning["current"] == {"length": 1, "start": "2026-12-01", "end": "2026-12-01"}


@freeze_time("2026-12-02 18:45:00")
def test_minutes_and_bad_input(tmp_path: Path, capsys) -> None:
    log = tmp_path / "coach.db"
    assert main(["--db", str(log), "log", "desk-break", "--at", "2h ago", "--minutes", "4"]) == 0
    assert "(4 min)" in capsys.readouterr().out
    for argv, message in [
        (["log", "desk-break", "--at", "21:70"], 'coach: --at: cannot read the time "21:70"'),
        (["log", "desk-break", "--at", "23:00"], 'coach: --at: "23:00" is Wed 02 Dec 23:00'),
        (["log", "desk-break", "--minutes", "0"], "coach: --minutes must be more than 0"),
        (["log", "nope"], 'coach: no routine "nope"; known routines: '),
    ]:
        assert main(["--db", str(log), *argv]) == 2
        err = capsys.readouterr().err
        assert err.startswith(message) and err.count("\n") == 1, err
    store = Store.open(log)
    try:
        assert len(list(store.iter_sessions())) == 1  # the refused ones logged nothing
    finally:
        store.close()
