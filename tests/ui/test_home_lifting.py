"""Home for lifters: training weeks in a row, "deload week due", marking one, rotating."""

from __future__ import annotations

from datetime import date, timedelta

from textual.widgets import Static

from coach.core.routine import Routine, Step
from coach.services.config import Config, SafetySettings, UiSettings
from coach.store import Store
from coach.ui.widgets.routine_list import RoutineList


def log_weeks(store: Store, now, weeks: int, routine_id: str = "pre-lift-warmup") -> None:
    """One pre-lift session a week for ``weeks`` weeks, the last one now (through the store)."""
    for i in range(weeks):
        store.start_session(
            routine_id=routine_id,
            routine_name=routine_id.replace("-", " ").capitalize(),
            tags=("pre-lift",),
            planned_seconds=600,
            now=now - timedelta(weeks=i),
        )


def lifting_text(app) -> str:
    return str(app.screen.query_one("#lifting", Static).render())


def footer_keys(app) -> set[str]:
    return {binding.action for (_, binding, enabled, _) in app.active_bindings.values() if enabled}


async def test_six_training_weeks_make_a_deload_due(make_app, store, clock):
    log_weeks(store, clock.now(), 6)
    app = make_app()
    async with app.run_test(size=(80, 24)):
        assert "Deload week due: 6 training weeks in a row" in lifting_text(app)
        assert "mark_deload" in footer_keys(app)


async def test_five_weeks_say_how_many_and_when(make_app, store, clock):
    log_weeks(store, clock.now(), 5)
    app = make_app()
    async with app.run_test(size=(80, 24)):
        text = lifting_text(app)
        assert "5 training weeks in a row; a deload is due after 6" in text
        assert "due:" not in text


async def test_d_marks_this_week_as_a_deload_and_the_reminder_goes(make_app, store, clock):
    log_weeks(store, clock.now(), 7)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("w")
        assert "Deload week: marked" in lifting_text(app)
        assert "Deload week due" not in lifting_text(app)
        assert "mark_deload" not in footer_keys(app)
        await pilot.press("w")  # once is enough
    assert store.deload_weeks() == [date(2026, 11, 23)]  # the Monday of Wed 25 Nov


async def test_deload_every_weeks_comes_from_settings(make_app, store, clock):
    log_weeks(store, clock.now(), 6)
    app = make_app(Config(safety=SafetySettings(deload_every_weeks=8)))
    async with app.run_test(size=(80, 24)):
        assert "6 training weeks in a row; a deload is due after 8" in lifting_text(app)


async def test_nothing_about_lifting_before_any_is_logged(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert not app.screen.query_one("#lifting").display
        await pilot.press("w")
        assert "mark_deload" not in footer_keys(app)


async def test_lifts_off_hides_the_warm_up_and_the_deload_reminder(make_app, store, clock):
    log_weeks(store, clock.now(), 6)
    app = make_app(Config(ui=UiSettings(lifts=False)))
    async with app.run_test(size=(80, 24)) as pilot:
        assert not app.screen.query_one("#lifting").display
        keys = set(app.screen.query_one("#routines", RoutineList).routine_ids())
        assert "pre-lift-warmup" not in keys and "cool-down" in keys
        await pilot.press("w")
    assert store.deload_weeks() == []


async def test_the_same_warm_up_for_three_weeks_suggests_another(make_app, store, clock, routines):
    routines.routines["hinge-day"] = Routine(
        id="hinge-day",
        name="Hinge day",
        steps=(Step("Good mornings", reps=10),),
        tags=("pre-lift",),
    )
    log_weeks(store, clock.now(), 3)
    app = make_app()
    async with app.run_test(size=(80, 24)):
        assert "Same warm-up (Pre-lift warm-up) for 3 weeks: rotate, try Hinge day" in (
            lifting_text(app)
        )


async def test_no_rotation_nudge_when_warm_ups_vary(make_app, store, clock):
    log_weeks(store, clock.now(), 2)
    log_weeks(store, clock.now() - timedelta(weeks=2), 1, routine_id="hinge-day")
    app = make_app()
    async with app.run_test(size=(80, 24)):
        assert "Same warm-up" not in lifting_text(app)
