"""A log that refuses writes, behind every key that writes: said in one line, coach goes on.

The class, not the cases found: every screen action that writes to the log (history's delete,
undo, note and marked days; home's deload week and stood-up key; the check-in's answers and each
choice after it; the back-pain answer; the notice; a rest day; every break answer) is driven by
its keys on a log that is read-only or full. Each must leave coach running, show one line naming
the problem where the person is, and leave every row in the log as it was. Saving the settings
(setup, a theme) is driven the same way with a settings file that can't be written.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from coach.core.vocabulary import StateKey
from coach.services.config import WEEKDAYS, BreakSettings, Config, UiSettings
from coach.store import Store
from coach.system.lock import BreakLock, lock_path_for
from coach.ui.commands import palette_commands
from coach.ui.dialogs.adapt import AdaptScreen
from coach.ui.dialogs.break_prompt import BreakPromptScreen
from coach.ui.dialogs.medical_notice import MedicalNoticeScreen
from coach.ui.dialogs.note import NoteScreen
from coach.ui.screens.checkin import CheckinScreen
from coach.ui.screens.history import HistoryScreen
from coach.ui.screens.home import HomeScreen
from coach.ui.screens.setup import SetupScreen
from coach.ui.screens.summary import SummaryScreen
from tests.demo_log import write_demo_log
from tests.faults.injection import LogFault
from tests.ui.helpers import advance, advance_breaks
from tests.ui.test_home_lifting import log_weeks

KINDS = ["read-only", "disk-full"]

Steps = Callable[[Pilot[Any]], Awaitable[None]]


def recorded(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in order: what a refused write must leave as it was."""
    tables = [
        row["name"]
        for row in store.db.query(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {
        table: [tuple(row.values()) for row in store.db.query(f"SELECT * FROM [{table}]")]
        for table in sorted(tables)
    }


def said(app: Any) -> list[str]:
    return [n.message for n in app._notifications if n.severity == "error"]


def quick_breaks() -> Config:
    """A break every 15 s all day, so the prompt comes on the fake clock in seconds."""
    return Config(
        breaks=BreakSettings(
            interval_minutes=0.25, work_hours="00:00-24:00", work_days=list(WEEKDAYS)
        )
    )


async def nothing(pilot: Pilot[Any]) -> None:
    await pilot.pause()


async def keys(pilot: Pilot[Any], *pressed: str) -> None:
    await pilot.press(*pressed)
    await pilot.pause()


async def notice_up(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    assert isinstance(pilot.app.screen, MedicalNoticeScreen)


async def open_history(pilot: Pilot[Any]) -> None:
    await keys(pilot, "h")
    assert isinstance(pilot.app.screen, HistoryScreen)


async def history_deleted_one(pilot: Pilot[Any]) -> None:
    await open_history(pilot)
    await keys(pilot, "d")
    await keys(pilot, "y")


async def note(pilot: Pilot[Any]) -> None:
    await keys(pilot, "n")
    assert isinstance(pilot.app.screen, NoteScreen)
    await keys(pilot, *"left hip tight", "enter")


async def mark_days(pilot: Pilot[Any]) -> None:
    await keys(pilot, "r")
    await pilot.click("#mark")
    await pilot.pause()


async def high_pain(pilot: Pilot[Any]) -> None:
    await keys(pilot, "7", "n", "n", "n", "n", "enter")
    assert isinstance(pilot.app.screen, AdaptScreen)


async def at_summary(pilot: Pilot[Any]) -> None:
    clock = pilot.app.clock
    await advance(pilot, clock, 400, step=2)
    assert isinstance(pilot.app.screen, SummaryScreen)


async def toast_up(pilot: Pilot[Any]) -> None:
    await advance_breaks(pilot, pilot.app.clock, 15)
    assert [n.title for n in pilot.app._notifications] == ["Break"]


async def dialog_up(pilot: Pilot[Any]) -> None:
    await advance_breaks(pilot, pilot.app.clock, 75)
    assert isinstance(pilot.app.screen, BreakPromptScreen)


def palette(title: str) -> Steps:
    async def run(pilot: Pilot[Any]) -> None:
        commands = {command.title: command for command in palette_commands(pilot.app)}
        commands[title].run()
        await pilot.pause()
        await pilot.pause()

    return run


@dataclass(frozen=True)
class Write:
    """One action that writes: how to get there, and the keys whose write the log refuses."""

    arrange: Steps
    act: Steps
    config: Callable[[], Config] = Config
    start_with: str | None = None
    seed: Callable[[Store, Any], object] = lambda store, clock: None
    """What the log (or the machine) holds first; what it returns is kept for the test's length."""
    stays_on: type | None = None
    """The screen still showing after the refusal, when it matters (so the person can retry)."""
    lines: int = 1
    """Lines said: one, but two when a routine starts too (its own banner says it can't log)."""


def demo(store: Store, clock: Any) -> None:
    write_demo_log(store, clock.now())


def six_lifting_weeks(store: Store, clock: Any) -> None:
    log_weeks(store, clock.now(), 6)


def notice_unseen(store: Store, clock: Any) -> None:
    store.set_state(StateKey.MEDICAL_NOTICE_SEEN, None, now=clock.now())


def another_window_holds_the_breaks(store: Store, clock: Any) -> BreakLock:
    lock = BreakLock(lock_path_for(store.path))
    assert lock.acquire()
    return lock


WRITES: dict[str, Write] = {
    "history delete": Write(
        open_history, lambda p: keys(p, "d", "y"), seed=demo, stays_on=HistoryScreen
    ),
    "history undo": Write(history_deleted_one, lambda p: keys(p, "u"), seed=demo),
    "history note": Write(open_history, note, seed=demo, stays_on=HistoryScreen),
    "history marked days": Write(open_history, mark_days, seed=demo, stays_on=HistoryScreen),
    "home deload week": Write(
        nothing,
        lambda p: keys(p, "w"),
        config=lambda: Config(ui=UiSettings(lifts=True)),
        seed=six_lifting_weeks,
        stays_on=HomeScreen,
    ),
    "check-in answers": Write(
        nothing,
        lambda p: keys(p, "2", "n", "n", "n", "n", "enter"),
        start_with="pre-lift-warmup",
        stays_on=CheckinScreen,
    ),
    "check-in no symptoms": Write(
        nothing, lambda p: keys(p, "s"), start_with="pre-lift-warmup", stays_on=CheckinScreen
    ),
    "check-in red flag": Write(
        nothing,
        lambda p: keys(p, "1", "y", "enter"),
        start_with="pre-lift-warmup",
        stays_on=CheckinScreen,
    ),
    "adapt go lighter": Write(
        high_pain, lambda p: keys(p, "l"), start_with="pre-lift-warmup", stays_on=CheckinScreen
    ),
    "adapt something gentler": Write(
        high_pain,
        lambda p: keys(p, "down", "enter"),
        start_with="pre-lift-warmup",
        stays_on=CheckinScreen,
    ),
    "adapt rest today": Write(
        high_pain, lambda p: keys(p, "r"), start_with="pre-lift-warmup", stays_on=CheckinScreen
    ),
    "back pain after": Write(
        at_summary, lambda p: keys(p, "3"), start_with="desk-break", stays_on=SummaryScreen
    ),
    "notice seen": Write(
        notice_up, lambda p: keys(p, "enter"), seed=notice_unseen, stays_on=HomeScreen
    ),
    "rest day": Write(nothing, palette("Mark today as rest"), stays_on=HomeScreen),
    "break toast done": Write(toast_up, lambda p: keys(p, "d"), config=quick_breaks),
    "break toast snooze": Write(toast_up, lambda p: keys(p, "z"), config=quick_breaks),
    "break toast skip": Write(toast_up, lambda p: keys(p, "x"), config=quick_breaks),
    "break dialog skip": Write(dialog_up, lambda p: keys(p, "x"), config=quick_breaks),
    "break dialog done": Write(dialog_up, lambda p: keys(p, "d"), config=quick_breaks),
    "home stood up": Write(nothing, lambda p: keys(p, "s"), config=quick_breaks),
    "home stood up, another window prompting": Write(
        nothing,
        lambda p: keys(p, "s"),
        config=quick_breaks,
        seed=another_window_holds_the_breaks,
        stays_on=HomeScreen,
    ),
    "palette break now": Write(toast_up, palette("Take a break now"), config=quick_breaks, lines=2),
    "palette snooze": Write(toast_up, palette("Snooze the break"), config=quick_breaks),
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", list(WRITES))
async def test_a_refused_write_behind_a_key_is_said_in_one_line_and_nothing_changes(
    name, kind, make_app, routines, store, clock
):
    case = WRITES[name]
    held = case.seed(store, clock)
    start_with = routines.get(case.start_with) if case.start_with else None
    app = make_app(case.config(), start_with=start_with)
    fault = LogFault(store, kind)
    async with app.run_test(size=(80, 24)) as pilot:
        await case.arrange(pilot)
        app.clear_notifications()
        before = recorded(store)
        fault.on()
        try:
            await case.act(pilot)
            await pilot.pause()
            lines = said(app)
            after = recorded(store)
        finally:
            fault.off()
        assert app.is_running and app._exception is None
        assert len(lines) == case.lines, lines
        assert all("\n" not in line for line in lines), lines
        assert any(fault.reason in line for line in lines), lines
        assert after == before
        if case.stays_on is not None:
            assert isinstance(app.screen, case.stays_on)
    del held


@pytest.mark.parametrize("kind", KINDS)
async def test_going_lighter_on_a_refusing_log_can_be_chosen_again_once_it_writes(
    kind, make_app, routines, store
):
    """The case found: the choice after a high-pain check-in used to end coach with a traceback
    and leave the check-in undecided for good."""
    app = make_app(start_with=routines.get("pre-lift-warmup"))
    fault = LogFault(store, kind)
    async with app.run_test(size=(80, 24)) as pilot:
        await high_pain(pilot)
        fault.on()
        await keys(pilot, "l")
        assert isinstance(app.screen, CheckinScreen)
        assert store.checkins()[0]["outcome"] == "undecided"
        fault.off()
        await keys(pilot, "enter")  # the choice is offered again
        assert isinstance(app.screen, AdaptScreen)
        await keys(pilot, "l")
        assert type(app.screen).__name__ == "PlayerScreen"
    row = store.checkins()[0]
    assert (row["outcome"], row["session_id"]) == ("lighter", next(store.iter_sessions())["id"])


async def test_a_refused_rest_day_is_not_said_to_be_marked(make_app, store):
    app = make_app()
    fault = LogFault(store, "read-only")
    async with app.run_test(size=(80, 24)) as pilot:
        fault.on()
        await palette("Mark today as rest")(pilot)
        messages = [n.message for n in app._notifications]
        fault.off()
    assert not [m for m in messages if "marked as a rest day" in m]
    assert store.day_marks() == []


def unwritable_settings(tmp_path: Path) -> Path:
    """A settings path whose folder is a file: every write of it fails, as on a read-only disk."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    return blocker / "config.toml"


async def save_setup(pilot: Pilot[Any]) -> None:
    assert isinstance(pilot.app.screen, SetupScreen)
    await keys(pilot, "ctrl+s")


async def choose_theme(pilot: Pilot[Any]) -> None:
    pilot.app.theme = "nord"
    await pilot.pause()


@pytest.mark.parametrize("act", [save_setup, choose_theme], ids=["setup", "theme"])
async def test_settings_that_cannot_be_saved_are_said_in_one_line(
    act, make_app, store, tmp_path: Path
):
    path = unwritable_settings(tmp_path)
    app = make_app(config_path=path, first_run=act is save_setup)
    fault = LogFault(store, "read-only")
    async with app.run_test(size=(80, 24)) as pilot:
        before = recorded(store)
        fault.on()
        await act(pilot)
        lines = said(app)
        after = recorded(store)
        fault.off()
        assert app.is_running and isinstance(app.screen, HomeScreen)
    assert len(lines) == 1, lines
    assert lines[0].startswith("Not saved: ") and str(path) in lines[0] and "\n" not in lines[0]
    assert after == before
    assert not path.parent.is_dir()


async def test_a_refused_pain_answer_is_said_and_coach_goes_on(make_app, routines, store, clock):
    app = make_app(start_with=routines.get("desk-break"))
    async with app.run_test(size=(80, 24)) as pilot:
        await advance(pilot, clock, 400, step=2)
        assert isinstance(app.screen, SummaryScreen)
        store.db.execute("PRAGMA query_only = ON")  # every write now fails, as on a full disk
        await pilot.press("3")
        await pilot.pause()
        assert app.is_running
        assert isinstance(app.screen, SummaryScreen)
        assert any(n.title == "The log refused a write" for n in app._notifications)
        store.db.execute("PRAGMA query_only = OFF")
        await pilot.press("4")
        await pilot.pause()
    assert [c["pain"] for c in store.checkins()] == [4]
    assert next(store.iter_sessions())["status"] == "completed"
