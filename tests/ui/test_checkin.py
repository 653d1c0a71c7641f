"""The check-in before lifting, every path, driven by keys and checked against the log."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList, Static

from coach.core.dose import lighter, regression_from
from coach.core.safety import RED_FLAGS
from coach.core.vocabulary import StateKey
from coach.services.config import Config, SafetySettings
from coach.services.routines import load_routine
from coach.ui.dialogs.adapt import AdaptScreen
from coach.ui.dialogs.medical_notice import MedicalNoticeScreen
from coach.ui.dialogs.red_flag import RedFlagScreen
from coach.ui.screens.checkin import CheckinScreen
from coach.ui.screens.home import HomeScreen
from coach.ui.screens.player import PlayerScreen
from coach.ui.screens.summary import SummaryScreen
from coach.ui.widgets.routine_list import RoutineList
from tests.conftest import START
from tests.ui.helpers import advance

FLAG_COLUMNS = [flag.column for flag in RED_FLAGS]


def only_checkin(store) -> dict:
    rows = store.checkins()
    assert len(rows) == 1, rows
    return rows[0]


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def reasons_text(screen) -> str:
    return "\n".join(str(w.render()) for w in screen.query("#red-flag-reasons > *"))


@pytest.fixture
def prelift_app(make_app, routines):
    def make(config: Config | None = None):
        return make_app(config, start_with=routines.get("pre-lift-warmup"))

    return make


async def test_no_symptoms_starts_the_routine_and_logs_go(prelift_app, store):
    app = prelift_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, CheckinScreen)
        assert not list(store.iter_sessions())  # nothing starts before the answers
        await pilot.press("2", "n", "n", "n", "n", "enter")
        assert isinstance(app.screen, PlayerScreen)
        assert app.screen.run.routine.id == "pre-lift-warmup"
    session = next(store.iter_sessions())
    row = only_checkin(store)
    assert (row["kind"], row["pain"], row["outcome"]) == ("before", 2, "go")
    assert [row[c] for c in FLAG_COLUMNS] == [0, 0, 0, 0]
    assert (row["routine_id"], row["session_id"]) == ("pre-lift-warmup", session["id"])


async def test_skip_key_starts_the_routine_and_still_logs_a_check_in(prelift_app, store):
    app = prelift_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        assert isinstance(app.screen, PlayerScreen)
    row = only_checkin(store)
    assert row["outcome"] == "skipped"
    assert [row["pain"], *(row[c] for c in FLAG_COLUMNS)] == [None] * 5
    assert row["session_id"] == next(store.iter_sessions())["id"]


@pytest.mark.parametrize("index", range(len(RED_FLAGS)), ids=[f.key for f in RED_FLAGS])
async def test_any_red_flag_stops_it_says_which_and_logs_it(prelift_app, store, index):
    answers = ["n"] * len(RED_FLAGS)
    answers[index] = "y"
    app = prelift_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1", *answers, "enter")
        screen = app.screen
        assert isinstance(screen, RedFlagScreen)
        reasons = reasons_text(screen)
        assert RED_FLAGS[index].question.rstrip("?") in reasons
        assert RED_FLAGS[index].why in reasons
        assert "doctor or physiotherapist" in text_of(screen, "#red-flag-advice")
        assert "not medical advice" in str(screen.query_one("#red-flag-notice").render())
        await pilot.press("enter")
        assert isinstance(app.screen, HomeScreen)
    assert not list(store.iter_sessions())
    row = only_checkin(store)
    assert row["outcome"] == "stopped"
    assert [row[c] for c in FLAG_COLUMNS] == [int(i == index) for i in range(len(RED_FLAGS))]
    assert row["session_id"] is None


async def test_numbness_stops_it_at_once_without_the_other_answers(prelift_app, store):
    app = prelift_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "down", "y", "enter")  # straight to question 3
        assert isinstance(app.screen, RedFlagScreen)
        assert "numbness" in reasons_text(app.screen)
    row = only_checkin(store)
    assert (row["flag_numbness"], row["flag_leg"], row["outcome"]) == (1, None, "stopped")


async def test_the_skip_key_cannot_skip_past_a_yes(prelift_app, store):
    app = prelift_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "y", "s")
        assert isinstance(app.screen, RedFlagScreen)
    assert only_checkin(store)["outcome"] == "stopped"
    assert not list(store.iter_sessions())


async def test_high_pain_offers_lighter_the_gentle_routines_or_rest(prelift_app, store, routines):
    app = prelift_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("7", "n", "n", "n", "n", "enter")
        screen = app.screen
        assert isinstance(screen, AdaptScreen)
        options = screen.query_one(OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        gentle = sorted(r.name for r in routines.routines.values() if "gentle" in r.tags)
        assert prompts[0].startswith("Go lighter: Pre-lift warm-up")
        assert [p.split(": ", 1)[1].split(" (")[0] for p in prompts[1:-1]] == gentle
        assert prompts[-1].startswith("Rest today")
        shown = [options.render_line(y).text.strip() for y in range(options.size.height)]
        assert prompts[0].splitlines()[1] in shown, "the lighter dose's line wraps at 80"
        assert only_checkin(store)["outcome"] == "undecided"  # logged at the answer
        assert not list(store.iter_sessions())
        await pilot.press("down", "enter")  # the first gentle routine: Cool-down
        assert isinstance(app.screen, PlayerScreen)
        assert app.screen.run.routine.id == "cool-down"
    row = only_checkin(store)
    session = next(store.iter_sessions())
    assert (row["pain"], row["outcome"], row["routine_id"]) == (7, "gentler", "pre-lift-warmup")
    assert (row["session_id"], session["routine_id"]) == (session["id"], "cool-down")


async def test_going_lighter_plays_the_lighter_routine_and_logs_its_dose(
    prelift_app, store, routines, clock
):
    """High pain → adapt → go lighter: the offer says what changes, the player plays the shorter
    routine with the regressions' names to its end, and the session is logged as lighter."""
    usual = routines.get("pre-lift-warmup")
    plan = lighter(
        usual,
        regression_from(routines.exercises),
        get_ready_seconds=Config().player.get_ready_seconds,
    )
    app = prelift_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("8", "n", "n", "n", "n", "enter")
        options = app.screen.query_one(OptionList)
        offer = str(options.get_option_at_index(0).prompt)
        assert offer.splitlines()[1].strip() == plan.description
        await pilot.press("l")
        assert isinstance(app.screen, PlayerScreen)
        run = app.screen.run
        assert run.routine == plan.routine and run.routine.id == "pre-lift-warmup"
        names = [step.name for step in run.routine.steps]
        assert names == [step.name for step in plan.routine.steps]  # the library's regressions
        assert names != [step.name for step in usual.steps]
        assert all(step.sets == 1 for step in run.routine.steps)
        shown: set[str] = set()
        for _ in range(400):  # play it through: time passes, your-pace sets are said done
            if isinstance(app.screen, SummaryScreen):
                break
            shown.add(str(app.screen.query_one("#exercise", Static).render()))
            if run.player.segment.is_open and run.player.segment.is_work:
                await pilot.press("space")
            else:
                await advance(pilot, clock, 2)
        assert isinstance(app.screen, SummaryScreen)
    assert any(plan.routine.steps[0].name in text for text in shown)
    row = only_checkin(store)
    session = next(store.iter_sessions())
    assert (row["outcome"], row["session_id"]) == ("lighter", session["id"])
    assert (session["dose"], session["status"]) == ("lighter", "completed")
    assert session["planned_seconds"] == plan.lighter_seconds < plan.usual_seconds
    assert session["active_seconds"] < usual.estimated_seconds()
    exercises = {step["exercise"] for step in store.steps(session["id"])}
    assert "Hip hinge with a dowel" in exercises and "Glute bridges" not in exercises


async def test_a_routine_started_without_going_lighter_is_logged_usual(prelift_app, store):
    app = prelift_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        assert isinstance(app.screen, PlayerScreen)
        assert app.screen.run.routine.steps[0].name == "Glute bridges"
    assert next(store.iter_sessions())["dose"] == "usual"


@pytest.mark.parametrize("key", ["r", "escape"])
async def test_high_pain_resting_starts_nothing(prelift_app, store, key):
    app = prelift_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t", "n", "n", "n", "n", "enter", key)
        assert isinstance(app.screen, HomeScreen)
    row = only_checkin(store)
    assert (row["pain"], row["outcome"]) == (10, "rest_today")
    assert not list(store.iter_sessions())


@pytest.mark.parametrize(("threshold", "adapts"), [(6, False), (5, True)])
async def test_the_pain_threshold_comes_from_settings(prelift_app, threshold, adapts):
    app = prelift_app(Config(safety=SafetySettings(pain_threshold=threshold)))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5", "n", "n", "n", "n", "enter")
        assert isinstance(app.screen, AdaptScreen if adapts else PlayerScreen)


async def test_continue_needs_every_answer_and_logs_nothing_until_then(prelift_app, store):
    app = prelift_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3", "n", "enter")
        screen = app.screen
        assert isinstance(screen, CheckinScreen)
        assert screen.query_one("#checkin-hint").has_class("-warn")
        assert "answer all four" in text_of(screen, "#checkin-hint")
        assert store.checkins() == []
        await pilot.press("n", "n", "n", "enter")
        assert isinstance(app.screen, PlayerScreen)


async def test_an_answer_can_be_changed_before_continuing(prelift_app, store):
    app = prelift_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4", "y", "n", "n", "n", "up", "up", "up", "n", "enter")
        assert isinstance(app.screen, PlayerScreen)
    row = only_checkin(store)
    assert (row["flag_persists"], row["outcome"]) == (0, "go")


async def test_escape_goes_back_without_logging(prelift_app, store):
    app = prelift_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
    assert store.checkins() == []
    assert not list(store.iter_sessions())


async def test_home_enter_on_the_warm_up_asks_first(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        listed = app.screen.query_one("#routines", RoutineList)
        await pilot.press(*["down"] * listed.routine_ids().index("pre-lift-warmup"))
        await pilot.press("enter")
        assert isinstance(app.screen, CheckinScreen)
        assert app.screen.routine.id == "pre-lift-warmup"


async def test_a_routine_that_asks_for_a_check_in_gets_one(make_app, write_routine):
    routine = load_routine(
        write_routine(
            "hips.toml",
            'name = "Hips"\ncheckin = true\n[[steps]]\nname = "Pigeon"\nduration = 30\n',
        )
    )
    app = make_app(start_with=routine)
    async with app.run_test(size=(80, 24)):
        assert isinstance(app.screen, CheckinScreen)


async def test_other_routines_start_straight_away(make_app, routines, store):
    app = make_app(start_with=routines.get("desk-break"))
    async with app.run_test(size=(80, 24)):
        assert isinstance(app.screen, PlayerScreen)
    assert store.checkins() == []


async def test_the_medical_notice_comes_first_once(prelift_app, store):
    store.set_state(StateKey.MEDICAL_NOTICE_SEEN, None, now=START)
    app = prelift_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, MedicalNoticeScreen)
        assert "not medical advice" in text_of(app.screen, "#notice-text")
        await pilot.press("enter")
        assert isinstance(app.screen, CheckinScreen)
    assert store.get_state(StateKey.MEDICAL_NOTICE_SEEN) is not None
    again = prelift_app()
    async with again.run_test(size=(80, 24)):
        assert isinstance(again.screen, CheckinScreen)


async def test_coach_run_plays_by_itself_with_the_notice_beside_it(make_app, routines, store):
    """`coach run` from a script or a tmux key must play unattended: the notice is a toast."""
    store.set_state(StateKey.MEDICAL_NOTICE_SEEN, None, now=START)
    app = make_app(start_with=routines.get("desk-break"))
    async with app.run_test(size=(80, 24)):
        assert isinstance(app.screen, PlayerScreen)
        assert any("not medical advice" in n.message for n in app._notifications)
    assert store.get_state(StateKey.MEDICAL_NOTICE_SEEN) is not None


async def test_back_pain_after_is_one_optional_key_and_can_be_corrected(
    make_app, routines, store, clock
):
    app = make_app(start_with=routines.get("desk-break"))
    async with app.run_test(size=(80, 24)) as pilot:
        await advance(pilot, clock, 400, step=2)
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("3")
        assert "3/10, logged" in str(app.screen.query_one("#summary-after").render())
        await pilot.press("5")
        await pilot.press("enter")
        assert isinstance(app.screen, HomeScreen)
    row = only_checkin(store)
    session = next(store.iter_sessions())
    assert (row["kind"], row["pain"], row["outcome"]) == ("after", 5, None)
    assert (row["session_id"], row["routine_id"]) == (session["id"], "desk-break")


async def test_summary_shows_the_pain_trend_once_there_are_scores(make_app, routines, clock):
    app = make_app(start_with=routines.get("desk-break"))
    async with app.run_test(size=(80, 24)) as pilot:
        await advance(pilot, clock, 400, step=2)
        trend = app.screen.query_one("#summary-pain-trend")
        assert not trend.display
        await pilot.press("4")
        assert trend.display
        assert "1 day scored: 4 of 10" in str(trend.query_one(".pain-trend-text").render())
