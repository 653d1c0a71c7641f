"""A full disk or a read-only log while a routine runs: the routine goes on, the user is told,
nothing already logged is lost, and the rows waiting in memory are written once the file takes
them (or the user is told exactly what was not saved)."""

from __future__ import annotations

import pytest

from coach.core.clock import FakeClock
from coach.core.routine import Routine, Step
from coach.services.config import Config, PlayerSettings
from coach.services.recorder import RETRY_SECONDS, LogRecovered, LogTrouble, RoutineRun
from coach.services.routines import load_routine
from coach.store import Store
from coach.ui.screens.player import PlayerScreen
from coach.ui.screens.summary import SummaryScreen
from coach.ui.widgets.log_trouble import LogTroubleBanner
from tests.faults.consistency import log_problems
from tests.faults.injection import LogFault
from tests.ui.helpers import advance

KINDS = ["read-only", "disk-full"]

# get-ready 2 s before each step: 0-2, neck 2-6, 6-8, calves 8-11, 11-13, bend L 13-16,
# switch 16-18, bend R 18-21.
THREE_STEPS = """
name = "Three quick ones"
[[steps]]
name = "Neck rolls"
duration = 4
[[steps]]
name = "Calf raises"
reps = 3
seconds_per_rep = 1
[[steps]]
name = "Side bend"
duration = 3
sides = true
"""

TINY = Routine(
    id="tiny", name="Tiny", steps=(Step("One", duration=4), Step("Two", duration=4, sides=True))
)


def rows(store: Store) -> list[tuple[str, str | None, str]]:
    session = next(store.iter_sessions())
    return [(s["exercise"], s["side"], s["outcome"]) for s in store.steps(session["id"])]


def banner(app) -> LogTroubleBanner:
    return app.screen.query_one(LogTroubleBanner)


@pytest.mark.parametrize("kind", KINDS)
async def test_the_routine_goes_on_and_the_rows_arrive_once_the_log_is_writable(
    kind, make_app, write_routine, store, clock
):
    routine = load_routine(write_routine("three.toml", THREE_STEPS))
    app = make_app(Config(player=PlayerSettings(get_ready_seconds=2)), start_with=routine)
    fault = LogFault(store, kind)
    async with app.run_test(size=(80, 24)) as pilot:
        await advance(pilot, clock, 7)  # neck rolls are logged
        assert rows(store) == [("Neck rolls", None, "done")]
        assert not banner(app).display

        fault.on()
        await advance(pilot, clock, 10)  # calves and the left bend end while the log refuses
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        assert screen.player.segment.phase.value == "switch"  # the routine went on
        assert banner(app).display
        text = str(banner(app).render())
        assert fault.reason in text and "2 rows wait in memory" in text
        assert any("cannot be written" in n.message for n in app._notifications)
        assert rows(store) == [("Neck rolls", None, "done")]  # nothing earlier lost
        assert screen.run.unsaved == ("Calf raises done", "Side bend (left) done")

        fault.off()
        await advance(pilot, clock, RETRY_SECONDS + 0.5)
        assert rows(store) == [
            ("Neck rolls", None, "done"),
            ("Calf raises", None, "done"),
            ("Side bend", "left", "done"),
        ]
        assert not banner(app).display
        assert any("writable again: 2" in n.message for n in app._notifications)

        await advance(pilot, clock, 10)
        assert isinstance(app.screen, SummaryScreen)
        assert "Logged as completed." in str(app.screen.query_one("#summary-logged").render())
    session = next(store.iter_sessions())
    assert session["status"] == "completed"
    assert (session["steps_done"], session["steps_skipped"]) == (4, 0)
    assert log_problems(store) == []


@pytest.mark.parametrize("kind", KINDS)
async def test_what_was_not_saved_is_named_on_the_summary_and_on_the_way_out(
    kind, make_app, write_routine, store, clock
):
    routine = load_routine(write_routine("three.toml", THREE_STEPS))
    app = make_app(Config(player=PlayerSettings(get_ready_seconds=2)), start_with=routine)
    fault = LogFault(store, kind)
    async with app.run_test(size=(80, 24)) as pilot:
        await advance(pilot, clock, 12)
        fault.on()
        await advance(pilot, clock, 12)
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        assert "Not logged yet as completed." in str(summary.query_one("#summary-logged").render())
        text = str(banner(app).render())
        assert fault.reason in text
        assert "Side bend (left) done; Side bend (right) done; the end of Three quick ones" in text
        assert app.unsaved() == [
            "Side bend (left) done",
            "Side bend (right) done",
            "the end of Three quick ones (completed)",
        ]

        fault.off()
        await pilot.pause(RETRY_SECONDS + 0.5)  # the summary keeps trying on the real clock
        assert "Logged as completed." in str(summary.query_one("#summary-logged").render())
        assert not banner(app).display
    assert app.unsaved() == []
    assert next(store.iter_sessions())["status"] == "completed"
    assert log_problems(store) == []


@pytest.mark.parametrize("kind", KINDS)
def test_a_log_that_refuses_from_the_start_holds_every_row_in_order(
    kind, store: Store, clock: FakeClock
):
    fault = LogFault(store, kind)
    fault.on()
    run = RoutineRun(TINY, store, clock, get_ready_seconds=0)
    events = run.start()
    troubles = [e for e in events if isinstance(e, LogTrouble)]
    assert len(troubles) == 1 and fault.reason in troubles[0].reason
    assert troubles[0].waiting == ("the start of Tiny",)

    clock.advance(4.5)
    events = run.update()
    assert [type(e) for e in events if isinstance(e, LogTrouble | LogRecovered)] == [LogTrouble]
    assert list(store.iter_sessions()) == []

    fault.off()
    clock.advance(RETRY_SECONDS)
    events = run.update()
    assert [e for e in events if isinstance(e, LogRecovered)] == [LogRecovered(saved=2)]
    assert run.unsaved == () and run.write_error is None
    assert rows(store) == [("One", None, "done")]
    assert log_problems(store) == []


def test_retries_wait_between_tries(store: Store, clock: FakeClock, monkeypatch):
    fault = LogFault(store, "disk-full")
    routine = Routine(id="long", name="Long", steps=(Step("One", duration=4), Step("Two", 30)))
    run = RoutineRun(routine, store, clock, get_ready_seconds=0)
    run.start()
    fault.on()
    clock.advance(4.5)
    run.update()  # "One" ends and fails to be written
    tries: list[float] = []
    record_step = store.record_step

    def counted(*args, **kwargs):
        tries.append(clock.monotonic())
        return record_step(*args, **kwargs)

    monkeypatch.setattr(store, "record_step", counted)
    for _ in range(45):  # 4.5 s of ticks at 0.1 s: a try every 2 s, not one per tick
        clock.advance(0.1)
        run.update()
    assert len(tries) == 2
    assert tries[1] - tries[0] == pytest.approx(RETRY_SECONDS)


@pytest.mark.parametrize("kind", KINDS)
async def test_breaks_go_on_when_the_log_refuses_and_the_user_is_told(kind, make_app, store, clock):
    from tests.ui.helpers import advance_breaks
    from tests.ui.test_break_prompt import quick

    app = make_app(quick())
    fault = LogFault(store, kind)
    async with app.run_test(size=(80, 24)) as pilot:
        fault.on()
        await advance_breaks(pilot, clock, 16)  # a prompt comes due: its row is refused
        assert [n.title for n in app._notifications if n.title] == ["Break"]  # still prompted
        refused = [n.message for n in app._notifications if n.severity == "error"]
        assert len(refused) == 1
        assert refused[0].startswith("Not saved to the log: a break prompt (")
        assert fault.reason in refused[0]
        await pilot.press("d")  # stood up: the app goes on
        await advance_breaks(pilot, clock, 5)
        fault.off()
        await pilot.press("d")
        await advance_breaks(pilot, clock, 16)  # the next prompt is written again
        assert app.breaks.pending_id is not None
        assert store.break_row(app.breaks.pending_id)["outcome"] is None
    assert log_problems(store) == []
