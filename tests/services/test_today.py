"""Today's morning mobility: ``coach status``, home and history decide it the same way.

Each case was once told differently by status (which read the stored day and any completed row)
and history (which asks coach.core.habits): a session deleted today, one skipped through, and a
day start changed after the session was written.
"""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from coach.cli.main import main
from coach.core.vocabulary import SessionStatus, Tag
from coach.services.today import load_today
from coach.store import Store
from tests.services.views import views, write_session

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=BERLIN)
FOUR = time(4, 0)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "coach.db"


def write(path: Path, day_starts_at: time = FOUR, **session) -> None:
    store = Store.open(path, day_starts_at=day_starts_at)
    try:
        write_session(store, session.pop("start", NOW - timedelta(hours=2)), **session)
    finally:
        store.close()


def test_a_session_deleted_today_is_not_done(path):
    write(path, deleted=True)
    seen = views(path, NOW, FOUR)
    assert not seen.status_done and not seen.home_done and not seen.history_done
    assert seen.agree()


def test_a_session_skipped_through_is_tried_not_done(path):
    write(path, done=1, skipped=5)
    seen = views(path, NOW, FOUR)
    assert not seen.status_done and not seen.home_done and not seen.history_done
    assert seen.agree()


def test_a_completed_session_is_done_everywhere_with_a_streak_of_one(path):
    write(path)
    seen = views(path, NOW, FOUR)
    assert seen.status_done and seen.home_done and seen.history_done and seen.tile_done
    assert seen.status_streak == seen.history_streak == 1


def test_a_changed_day_start_moves_the_session_in_every_view(path):
    """At 02:30 with the day starting at midnight the session is today's; once the day starts at
    04:00 it is yesterday's, whatever ``local_date`` was stored when it was written."""
    at = datetime(2026, 11, 25, 2, 30, tzinfo=BERLIN)
    write(path, time(0, 0), start=at)
    assert views(path, at + timedelta(hours=1), time(0, 0)).status_done
    seen = views(path, NOW, FOUR)
    assert not seen.status_done and not seen.home_done and not seen.history_done
    yesterday = views(path, at + timedelta(hours=1), FOUR)
    assert yesterday.status_done and yesterday.home_done and yesterday.history_done


def test_home_lists_the_sessions_of_the_day_as_it_is_counted_now(path):
    write(path, time(0, 0), start=datetime(2026, 11, 25, 2, 30, tzinfo=BERLIN))
    write(path, time(0, 0), start=datetime(2026, 11, 25, 8, 0, tzinfo=BERLIN), tags=("desk",))
    write(path, time(0, 0), start=datetime(2026, 11, 25, 7, 0, tzinfo=BERLIN), deleted=True)
    store = Store.open(path, day_starts_at=FOUR)
    try:
        today = load_today(store, NOW.date(), FOUR)
        yesterday = load_today(store, NOW.date() - timedelta(days=1), FOUR)
    finally:
        store.close()
    assert [s["tags"] for s in today.sessions] == ["desk"]
    assert today.morning_done is None
    assert [s["tags"] for s in yesterday.sessions] == [Tag.MORNING]
    assert yesterday.morning_done is not None


def test_a_session_in_another_time_zone_counts_for_its_own_local_day(path):
    """Played in Tokyo at 07:00 on the 25th, which was 23:00 on the 24th in Berlin: it counts
    for the 25th, where it happened, in every view read from Berlin."""
    write(path, start=datetime(2026, 11, 25, 7, 0, tzinfo=ZoneInfo("Asia/Tokyo")))
    late_on_the_24th = datetime(2026, 11, 24, 23, 30, tzinfo=BERLIN)
    before = views(path, late_on_the_24th, FOUR)
    assert not before.status_done and before.agree()
    on_the_25th = views(path, NOW, FOUR)
    assert on_the_25th.status_done and on_the_25th.agree()


def test_the_commands_print_what_the_views_say(path, monkeypatch, capsys):
    """``coach status --format json`` and ``coach history --format json`` are these reports."""
    monkeypatch.setenv("COACH_DB", str(path))
    config = path.parent / "config.toml"
    config.write_text('[habits]\nday_starts_at = "00:00"\n')
    monkeypatch.setenv("COACH_CONFIG", str(config))
    now = datetime.now().astimezone()
    write(path, time(0, 0), start=now - timedelta(minutes=1), status=SessionStatus.PARTIAL)
    assert main(["status", "--format", "json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert main(["history", "--format", "json"]) == 0
    history = json.loads(capsys.readouterr().out)
    morning = next(h for h in history["habits"] if h["id"] == "morning")
    seen = views(path, now, time(0, 0))
    assert status["mobility_done"] is seen.status_done is False
    assert morning["today"] == "tried"
    assert status["mobility_streak"] == morning["current"]["length"] == seen.history_streak
