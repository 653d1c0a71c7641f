"""The pain trend and what the check-ins changed, on the history screen and in `coach history`."""

from __future__ import annotations

import json
from datetime import timedelta

from freezegun import freeze_time
from textual.widgets import Label

from coach.cli.main import main
from coach.core.safety import Answers
from tests.conftest import START


def seed(store) -> None:
    for days_ago, pain, outcome in ((9, 7, "lighter"), (4, 2, "go"), (1, 5, "stopped")):
        store.record_checkin(
            kind="before",
            answers=Answers(pain),
            outcome=outcome,
            routine_id="pre-lift-warmup",
            now=START - timedelta(days=days_ago),
        )


async def test_history_shows_the_pain_trend_and_the_adapted_and_stopped(make_app, store):
    seed(store)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h")
        await pilot.pause()
        line = str(app.screen.query_one("#pain-line", Label).render())
    assert line.startswith("Pain 30 d ")
    assert "latest 5 · adapted 1 · stopped 1" in line
    bars = line.split()[3]
    assert len(bars) == 30
    assert bars[-10] == "▆"  # pain 7, nine days ago, on the absolute 0–10 scale (10 is █)
    assert bars[-1] == "·"  # nothing today


@freeze_time("2026-11-25 06:30:00")
def test_coach_history_prints_and_exports_the_pain_trend(store, capsys, tmp_path):
    seed(store)
    db = str(store.path)
    assert main(["--db", db, "history"]) == 0
    out = capsys.readouterr().out
    assert "Back pain, last 30 days (each day's highest, 0–10; · no check-in)" in out
    assert "adapted 1 · stopped by a red flag 1 · rest 0" in out
    assert main(["--db", db, "history", "--format", "json"]) == 0
    pain = json.loads(capsys.readouterr().out)["pain"]
    assert [d["pain"] for d in pain["days"]] == [7, 2, 5]
    assert (pain["adapted"], pain["stopped"]) == (1, 1)


@freeze_time("2026-11-25 06:30:00")
def test_coach_history_says_whether_the_persistent_pain_rule_holds(store, capsys):
    db = str(store.path)
    assert main(["--db", db, "history"]) == 0
    assert "Persistent pain: no (the notice is not due)" in capsys.readouterr().out
    for days_ago in range(9):
        store.record_checkin(
            kind="before",
            answers=Answers(7),
            outcome="lighter",
            routine_id="pre-lift-warmup",
            now=START - timedelta(days=days_ago, hours=1),
        )
    assert main(["--db", db, "history"]) == 0
    out = capsys.readouterr().out
    assert "Persistent pain: yes, pain at or above 6 on 9 of the last 14 days" in out
    assert main(["--db", db, "history", "--format", "json"]) == 0
    persistent = json.loads(capsys.readouterr().out)["pain"]["persistent"]
    assert persistent == {
        "holds": True,
        "reason": "pain at or above 6 on 9 of the last 14 days",
        "notice_shown_on": None,
    }
