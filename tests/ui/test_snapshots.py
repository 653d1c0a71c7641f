"""What each screen looks like at 80×24, on a fixed clock and an empty or known log."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

from coach.core.safety import Answers
from coach.core.vocabulary import StateKey
from coach.services.config import Config, PlayerSettings, UiSettings
from tests.conftest import START
from tests.demo_log import session, write_demo_log
from tests.ui.helpers import advance


def test_home(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(80, 24))


def test_player_mid_hold(snap_compare, make_app, routines, clock):
    routine = routines.get("morning-mobility")
    app = make_app(Config(player=PlayerSettings(get_ready_seconds=5)), start_with=routine)

    async def into_cat_cow(pilot):
        await advance(pilot, clock, 5 + 20)  # get-ready, then 20 s of cat-cow

    assert snap_compare(app, terminal_size=(80, 24), run_before=into_cat_cow)


def test_player_get_ready_before_pigeon(snap_compare, make_app, routines, clock):
    routine = routines.get("morning-mobility")
    app = make_app(Config(player=PlayerSettings(get_ready_seconds=5)), start_with=routine)

    async def into_pigeon(pilot):
        await advance(pilot, clock, 5 + 60 + 10 + 2)  # cat-cow, its rest, 2 s of get-ready

    assert snap_compare(app, terminal_size=(80, 24), run_before=into_pigeon)


def test_player_wide(snap_compare, make_app, routines, clock):
    routine = routines.get("morning-mobility")
    app = make_app(start_with=routine)

    async def into_pigeon_left(pilot):
        await advance(pilot, clock, 5 + 60 + 10 + 5 + 30)

    assert snap_compare(app, terminal_size=(200, 50), run_before=into_pigeon_left)


def test_player_figure_cat_cow(snap_compare, make_app, routines, clock):
    """From 100×30 the figure stands beside the countdown: cat-cow, half way to the cow."""
    routine = routines.get("morning-mobility")
    app = make_app(Config(player=PlayerSettings(get_ready_seconds=5)), start_with=routine)

    async def into_cat_cow(pilot):
        await advance(pilot, clock, 5 + 6 * 3 + 3)  # three reps and a half

    assert snap_compare(app, terminal_size=(100, 30), run_before=into_cat_cow)


def test_player_figure_pigeon_right_side(snap_compare, make_app, routines, clock):
    """The right side of a per-side hold shows the pose mirrored."""
    routine = routines.get("morning-mobility")
    app = make_app(Config(player=PlayerSettings(get_ready_seconds=5)), start_with=routine)

    async def into_pigeon_right(pilot):
        await advance(pilot, clock, 5 + 60 + 10 + 5 + 60 + 5 + 10)

    assert snap_compare(app, terminal_size=(100, 30), run_before=into_pigeon_right)


def test_player_figure_walk(snap_compare, make_app, routines, clock):
    """A standing figure mid-stride in the desk break's walk."""
    routine = routines.get("desk-break")
    app = make_app(Config(player=PlayerSettings(get_ready_seconds=5)), start_with=routine)

    async def into_walk(pilot):
        await advance(pilot, clock, 5 + 10.4)  # a whole stride: pose 2 of 2

    assert snap_compare(app, terminal_size=(100, 30), run_before=into_walk)


def test_quit_confirm(snap_compare, make_app, routines, clock):
    app = make_app(start_with=routines.get("desk-break"))

    async def ask(pilot):
        await advance(pilot, clock, 10)
        await pilot.press("q")

    assert snap_compare(app, terminal_size=(80, 24), run_before=ask)


def test_summary(snap_compare, make_app, routines, clock):
    app = make_app(start_with=routines.get("desk-break"))

    async def finish(pilot):
        await advance(pilot, clock, 400, step=2)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=finish)


BROKEN_ROUTINE = """
name = "Evening"
[[steps]]
name = "Pigeon"
duration = "sixty"
"""


def test_home_with_your_routines(snap_compare, make_app, tmp_path, monkeypatch):
    """Yours are marked, one replaces a built-in, and a broken file says which and why."""
    from coach.services.routines import load_all
    from coach.system.paths import builtin_routines_dir, user_routines_dir

    monkeypatch.setenv("HOME", str(tmp_path))
    folder = user_routines_dir()
    folder.mkdir(parents=True)
    (folder / "desk-break.toml").write_text(
        'name = "Desk break"\n[[steps]]\nname = "Walk"\nduration = 120\n'
    )
    (folder / "my-hips.toml").write_text('name = "My hips"\n[[steps]]\nname = "90/90"\nreps = 8\n')
    (folder / "evening.toml").write_text(BROKEN_ROUTINE)
    app = make_app()
    app.routines = load_all(builtin_routines_dir(), folder)
    assert snap_compare(app, terminal_size=(80, 24))


# -- safety: check-in, red flag, going easier, the notice, deload due --------------------------


def test_checkin(snap_compare, make_app, routines):
    app = make_app(start_with=routines.get("pre-lift-warmup"))

    async def answer_some(pilot):
        await pilot.press("3", "n", "n")

    assert snap_compare(app, terminal_size=(80, 24), run_before=answer_some)


def test_red_flag(snap_compare, make_app, routines):
    app = make_app(start_with=routines.get("pre-lift-warmup"))

    async def leg_and_numbness(pilot):
        await pilot.press("2", "n", "y", "y", "n", "enter")

    assert snap_compare(app, terminal_size=(80, 24), run_before=leg_and_numbness)


def test_adapt(snap_compare, make_app, routines):
    """High pain: "go lighter" says what changes on one whole line, the gentle routines listed."""
    app = make_app(start_with=routines.get("pre-lift-warmup"))

    async def pain_seven(pilot):
        await pilot.press("7", "n", "n", "n", "n", "enter")

    assert snap_compare(app, terminal_size=(80, 24), run_before=pain_seven)


def test_medical_notice(snap_compare, make_app, store):
    store.set_state(StateKey.MEDICAL_NOTICE_SEEN, None, now=START)
    assert snap_compare(make_app(), terminal_size=(80, 24))


def test_home_deload_due(snap_compare, make_app, store):
    for week in range(6):
        store.start_session(
            routine_id="pre-lift-warmup",
            routine_name="Pre-lift warm-up",
            tags=("pre-lift",),
            planned_seconds=660,
            now=START - timedelta(weeks=week, hours=1),
        )
    assert snap_compare(make_app(), terminal_size=(80, 24))


def test_home_persistent_pain_notice(snap_compare, make_app, store):
    """Nine of the last 14 days at pain 7: one calm line on home, pointing to a doctor or
    physiotherapist, above the routines (no dialog)."""
    for days_ago in range(9):
        store.record_checkin(
            kind="before",
            answers=Answers(7),
            outcome="lighter",
            routine_id="pre-lift-warmup",
            now=START - timedelta(days=days_ago, hours=1),
        )
    assert snap_compare(make_app(), terminal_size=(80, 24))


def test_summary_with_pain_after(snap_compare, make_app, routines, clock, store):
    for day, pain in ((12, 6), (8, 5), (5, 4), (2, 4), (1, 3)):
        store.record_checkin(
            kind="before",
            answers=Answers(pain),
            outcome="lighter" if pain >= 6 else "go",
            routine_id="pre-lift-warmup",
            now=START - timedelta(days=day),
        )
    app = make_app(start_with=routines.get("desk-break"))

    async def finish_and_score(pilot):
        await advance(pilot, clock, 400, step=2)
        await pilot.press("2")

    assert snap_compare(app, terminal_size=(80, 24), run_before=finish_and_score)


def test_first_run(snap_compare, make_app):
    app = make_app(config_path=Path("/home/you/.config/coach/config.toml"), first_run=True)
    assert snap_compare(app, terminal_size=(80, 24))


def test_help_on_home(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(80, 24), press=["question_mark"])


def test_home_light_theme(snap_compare, make_app):
    app = make_app(Config(ui=UiSettings(theme="textual-light")))
    assert snap_compare(app, terminal_size=(80, 24))


def test_home_high_contrast_theme(snap_compare, make_app):
    app = make_app(Config(ui=UiSettings(theme="coach-high-contrast")))
    assert snap_compare(app, terminal_size=(80, 24))


def test_player_high_contrast_theme(snap_compare, make_app, routines, clock):
    app = make_app(
        Config(ui=UiSettings(theme="coach-high-contrast")),
        start_with=routines.get("morning-mobility"),
    )

    async def into_cat_cow(pilot):
        await advance(pilot, clock, 5 + 20)

    assert snap_compare(app, terminal_size=(80, 24), run_before=into_cat_cow)


def test_history(snap_compare, make_app, store, clock):
    write_demo_log(store, clock.now())

    async def open_history(pilot):
        await pilot.press("h")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=open_history)


def test_history_prelift_wide(snap_compare, make_app, store, clock):
    write_demo_log(store, clock.now())

    async def open_prelift(pilot):
        await pilot.press("h")
        await pilot.press("3")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(140, 40), run_before=open_prelift)


def test_history_a_year_back(snap_compare, make_app, store, clock):
    """A year back at 100×30: its months in the label, no ▲, the strength chart fading after
    a fortnight of mornings, the breaks line without "this week", the sessions still seen."""
    write_demo_log(store, clock.now())
    zone = clock.now().tzinfo
    for n in range(14):
        start = datetime.combine(date(2025, 3, 3) + timedelta(days=n), time(7, 0), tzinfo=zone)
        session(store, "morning-mobility", "Morning mobility", ("morning",), start)

    async def a_year_back(pilot):
        await pilot.press("h")
        await pilot.press("left_square_bracket")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=a_year_back)


def test_history_mark_days(snap_compare, make_app, store, clock):
    write_demo_log(store, clock.now())

    async def open_dialog(pilot):
        await pilot.press("h")
        await pilot.press("r")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=open_dialog)
