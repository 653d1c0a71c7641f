"""Every screen and dialog, in each of its states, at 80×24 and at 200×50: nothing cut off.

Each scene of the catalogue below reaches one state the way a person would (keys, the fake
clock, a log or routine files written first) and then :func:`layout_problems` looks at every
widget the screen draws. A scene fails when any text is clipped, overflows its box or lies
under another widget (a toast included), or when something that must be seen (the keys, a
button, an error, the countdown and the steps) is not wholly on screen.

Long routine names, long paths, an error showing and a toast up are scenes of their own, since
those are what break a layout first. Snapshots show what a screen looks like; this is what
guards clipping.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from textual.app import App
from textual.pilot import Pilot

from coach.core.clock import FakeClock
from coach.core.player import Phase, State
from coach.core.routine import Routine
from coach.core.safety import Answers
from coach.core.vocabulary import StateKey
from coach.services.config import WEEKDAYS, BreakSettings, Config, PlayerSettings
from coach.services.routines import load_all, load_routine
from coach.store import Store
from coach.system.paths import builtin_routines_dir
from coach.ui.app import CoachApp
from tests.conftest import START
from tests.demo_log import session, write_demo_log
from tests.ui.helpers import advance, advance_breaks
from tests.ui.layout_check import layout_problems

NARROW = (80, 24)
WIDE = (200, 50)
SIZES = (NARROW, WIDE)
FIGURE = (100, 30)
"""The smallest screen that draws the player's figure beside the countdown."""

ALWAYS_SEEN = ("Footer", "Button")
"""On every screen: the keys and any button are wholly on screen, never below the fold."""

PLAYER_SEEN = ("#phase", "#exercise", "#countdown", "#next")
"""The player's essentials: what phase, which step, how long, and what comes next."""

LONG_NAME = "Evening mobility for long days at the desk, with a stiff lower back"
LONG_STEP = "Half-kneeling hip-flexor stretch with an overhead reach"

LONG_ROUTINE = f"""
name = "{LONG_NAME}"
description = "Hips, hamstrings and the spine after a long day of sitting at the desk, slowly."
tags = ["evening", "gentle", "desk"]

[[steps]]
name = "{LONG_STEP}"
duration = 40
cues = [
  "Tuck the tailbone and squeeze the glute of the back leg, then shift forward",
  "Reach the arm on the kneeling side up and over; keep the ribs down, breathe",
  "Ease off if the front of the hip pinches rather than stretches",
]

[[steps]]
name = "Supine hamstring stretch with a strap around the foot"
duration = 30
sides = true
sets = 2
rest_between_sets = 10
cues = [
  "Strap or towel around the foot, leg long",
  "Keep the other leg flat; stretch, don't strain",
]

[[steps]]
name = "Cat-cow, one slow breath per movement"
reps = 10
seconds_per_rep = 4
cues = ["Inhale: drop the belly, lift chest and tailbone", "Exhale: round the spine"]

[[steps]]
name = "Bird dogs, alternating, with a pause at full reach"
reps = 12
cues = ["Press space when the set is done"]

[[steps]]
name = "Knees to chest"
duration = 30
"""

LONG_PATH = Path(
    "/srv/shared-configuration/workstation-profiles/a-rather-long-user-name/coach/config.toml"
)
"""A settings file outside the home folder, so it is shown whole (not as ``~/…``)."""

BROKEN = {
    "evening.toml": 'name = "Evening"\n[[steps]]\nname = "Pigeon"\nduration = "sixty"\n',
    "hips.toml": 'name = "Hips"\n[[steps]]\nname = "[90/90]"\nduration = 0\n',
    "notes.toml": "this is not toml at all = = =\n",
    "twist.toml": 'name = "Twist"\n[[steps]]\nname = "Twist"\nreps = -3\n',
}


@dataclass
class Stage:
    """What a scene is built from: the test's fixtures, and a few things scenes share."""

    make_app: Callable[..., CoachApp]
    store: Store
    clock: FakeClock
    tmp_path: Path
    monkeypatch: pytest.MonkeyPatch

    def long_routine(self) -> Routine:
        path = self.tmp_path / "evening-for-long-days.toml"
        path.write_text(LONG_ROUTINE, encoding="utf-8")
        return load_routine(path)

    def deep_folder(self) -> Path:
        """A home far down a long path, as on a shared machine or a synced folder."""
        home = self.tmp_path / "home" / "a-rather-long-user-name" / "Sync" / "dotfiles-shared"
        home.mkdir(parents=True, exist_ok=True)
        self.monkeypatch.setenv("HOME", str(home))
        return home


Drive = Callable[[Pilot], Awaitable[None]]


async def nothing(pilot: Pilot) -> None:
    await pilot.pause()


@dataclass
class Scene:
    app: CoachApp
    drive: Drive = nothing


@dataclass(frozen=True)
class Entry:
    name: str
    build: Callable[[Stage], Scene]
    screen: str
    """The class name of the screen (or dialog) the scene ends on, so it can't pass vacuously."""
    must_see: tuple[str, ...] = ()
    known: dict[tuple[int, int], str] = field(default_factory=dict)
    """Sizes at which this scene is known to fail today, each with the reason (issue 12)."""
    sizes: tuple[tuple[int, int], ...] = SIZES


CATALOGUE: dict[str, Entry] = {}


def both(reason: str) -> dict[tuple[int, int], str]:
    return {NARROW: reason, WIDE: reason}


def scene(
    name: str,
    screen: str,
    *,
    must_see: tuple[str, ...] = (),
    known: dict[tuple[int, int], str] | None = None,
    sizes: tuple[tuple[int, int], ...] = SIZES,
) -> Callable[[Callable[[Stage], Scene]], Callable[[Stage], Scene]]:
    def register(build: Callable[[Stage], Scene]) -> Callable[[Stage], Scene]:
        CATALOGUE[name] = Entry(name, build, screen, must_see, known or {}, sizes)
        return build

    return register


def quick_breaks(**changes: object) -> Config:
    """Breaks every 15 s all day (as the break prompt tests have them)."""
    settings: dict[str, object] = {
        "interval_minutes": 0.25,
        "snooze_minutes": 0.1,
        "max_snoozes": 2,
        "work_hours": "00:00-24:00",
        "work_days": list(WEEKDAYS),
        "missed_after_minutes": 3,
        **changes,
    }
    return Config(breaks=BreakSettings(**settings))  # type: ignore[arg-type]


def playing(**player: object) -> Config:
    return Config(player=PlayerSettings(get_ready_seconds=5, **player))  # type: ignore[arg-type]


async def until(
    pilot: Pilot, clock: FakeClock, reached: Callable[[], bool], *, limit: float = 900
) -> None:
    """Let the fake clock run, half a second at a time, until ``reached`` says so.

    The screen is ticked as its timer would tick it, and the event loop runs every few seconds
    of fake time rather than after every tick (the states waited for last many ticks, and the
    player's state moves on each tick itself): a scene minutes into a routine takes a moment."""
    waited = 0.0
    while not reached():
        assert waited < limit, "the scene never reached its state"
        clock.advance(0.5)
        waited += 0.5
        tick = getattr(pilot.app.screen, "tick", None)
        if tick is not None:
            tick()
        if waited % 5 == 0:
            await pilot.pause()
    await pilot.pause()


def at_segment(app: App[None], *, phase: Phase, step: int, side: str | None = None) -> bool:
    player = getattr(app.screen, "player", None)
    if player is None or player.is_over:
        return False
    segment = player.segment
    return (
        segment.phase == phase
        and segment.step_index == step
        and (side is None or segment.side == side)
        and (segment.duration is None or player.remaining() < segment.duration - 1.5)
    )


# -- home -------------------------------------------------------------------------------------


@scene("home, empty log", "HomeScreen")
def home_empty(stage: Stage) -> Scene:
    return Scene(stage.make_app())


@scene(
    "home, a full day of sessions",
    "HomeScreen",
)
def home_sessions(stage: Stage) -> Scene:
    day = START.replace(hour=5, minute=0)
    names = [
        ("morning-mobility", "Morning mobility", ("morning",)),
        ("desk-break", "Desk break", ("desk",)),
        ("evening", LONG_NAME, ("evening",)),
        ("cool-down", "Cool-down", ("cool-down",)),
    ]
    for n in range(10):
        routine_id, name, tags = names[n % len(names)]
        session(
            stage.store, routine_id, name, tags, day + timedelta(minutes=14 * n), partial=n % 3 == 1
        )
    return Scene(stage.make_app())


def your_routines(stage: Stage, files: dict[str, str]) -> Path:
    home = stage.deep_folder()
    folder = home / ".config" / "coach" / "routines"
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@scene("home, long routine names", "HomeScreen")
def home_long_names(stage: Stage) -> Scene:
    folder = your_routines(
        stage,
        {
            "evening.toml": LONG_ROUTINE,
            "desk-break.toml": (
                'name = "Desk break, the long version for days with back-to-back meetings"\n'
                'tags = ["desk", "gentle", "meetings", "afternoon"]\n'
                '[[steps]]\nname = "Walk"\nduration = 120\n'
            ),
        },
    )
    app = stage.make_app()
    app.routines = load_all(builtin_routines_dir(), folder)
    return Scene(app)


@scene(
    "home, routine files not loaded",
    "HomeScreen",
)
def home_errors(stage: Stage) -> Scene:
    folder = your_routines(stage, {"evening-for-long-days.toml": LONG_ROUTINE, **BROKEN})
    app = stage.make_app()
    app.routines = load_all(builtin_routines_dir(), folder)
    return Scene(app)


@scene("home, lifting: deload due and a rotation hint", "HomeScreen")
def home_deload(stage: Stage) -> Scene:
    for week in range(6):
        stage.store.start_session(
            routine_id="pre-lift-warmup",
            routine_name="Pre-lift warm-up",
            tags=("pre-lift",),
            planned_seconds=660,
            now=START - timedelta(weeks=week, hours=1),
        )
    return Scene(stage.make_app())


def persistent_pain(stage: Stage) -> None:
    """Nine of the last 14 days at pain 7: the log calls for the persistent-pain notice."""
    for days_ago in range(9):
        stage.store.record_checkin(
            kind="before",
            answers=Answers(7),
            outcome="lighter",
            routine_id="pre-lift-warmup",
            now=START - timedelta(days=days_ago, hours=1),
        )


@scene(
    "home, pain persisted: the notice",
    "HomeScreen",
    must_see=("#pain-notice",),
)
def home_pain_notice(stage: Stage) -> Scene:
    persistent_pain(stage)
    return Scene(stage.make_app())


@scene(
    "home, a toast with a long path",
    "HomeScreen",
)
def home_toast_path(stage: Stage) -> Scene:
    app = stage.make_app(config_path=LONG_PATH)

    async def show_path(pilot: Pilot) -> None:
        app.action_show_config_path()
        await pilot.pause()

    return Scene(app, show_path)


@scene("home, a break toast up", "HomeScreen")
def home_break_toast(stage: Stage) -> Scene:
    app = stage.make_app(quick_breaks())

    async def due(pilot: Pilot) -> None:
        await advance_breaks(pilot, stage.clock, 15)

    return Scene(app, due)


@scene("home, breaks off", "HomeScreen")
def home_breaks_off(stage: Stage) -> Scene:
    return Scene(stage.make_app(quick_breaks(enabled=False)))


@scene("medical notice", "MedicalNoticeScreen")
def medical_notice(stage: Stage) -> Scene:
    stage.store.set_state(StateKey.MEDICAL_NOTICE_SEEN, None, now=START)
    return Scene(stage.make_app())


@scene("help on home", "HelpScreen")
def help_home(stage: Stage) -> Scene:
    async def ask(pilot: Pilot) -> None:
        await pilot.press("question_mark")

    return Scene(stage.make_app(), ask)


# -- setup ------------------------------------------------------------------------------------

SETUP_SEEN = ("#setup-error",)


@scene(
    "setup, first run",
    "SetupScreen",
    must_see=SETUP_SEEN,
)
def setup_first_run(stage: Stage) -> Scene:
    app = stage.make_app(config_path=Path("/home/you/.config/coach/config.toml"), first_run=True)
    return Scene(app)


@scene(
    "setup, a long settings path",
    "SetupScreen",
    must_see=SETUP_SEEN,
)
def setup_long_path(stage: Stage) -> Scene:
    return Scene(stage.make_app(config_path=LONG_PATH, first_run=True))


@scene(
    "setup, an error showing",
    "SetupScreen",
    must_see=SETUP_SEEN,
)
def setup_error(stage: Stage) -> Scene:
    app = stage.make_app(config_path=stage.tmp_path / "config.toml", first_run=True)

    async def typo(pilot: Pilot) -> None:
        hours = app.screen.query_one("#work-hours")
        hours.value = "09:00-1800"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")

    return Scene(app, typo)


# -- the player -------------------------------------------------------------------------------


def player_scene(
    stage: Stage, reached: Callable[[App[None]], bool], then: Drive | None = None
) -> Scene:
    app = stage.make_app(playing(), start_with=stage.long_routine())

    async def drive(pilot: Pilot) -> None:
        await until(pilot, stage.clock, lambda: reached(app))
        if then is not None:
            await then(pilot)

    return Scene(app, drive)


@scene(
    "player, get ready",
    "PlayerScreen",
    must_see=PLAYER_SEEN,
)
def player_get_ready(stage: Stage) -> Scene:
    return player_scene(stage, lambda app: at_segment(app, phase=Phase.GET_READY, step=0))


@scene("player, a hold", "PlayerScreen", must_see=PLAYER_SEEN)
def player_hold(stage: Stage) -> Scene:
    return player_scene(stage, lambda app: at_segment(app, phase=Phase.WORK, step=0))


@scene("player, a hold (morning mobility)", "PlayerScreen", must_see=PLAYER_SEEN)
def player_builtin(stage: Stage) -> Scene:
    routines = load_all(builtin_routines_dir())
    app = stage.make_app(playing(), start_with=routines.get("morning-mobility"))

    async def drive(pilot: Pilot) -> None:
        await advance(pilot, stage.clock, 5 + 20)

    return Scene(app, drive)


@scene(
    "player, a figure beside the countdown (cat-cow)",
    "PlayerScreen",
    must_see=(*PLAYER_SEEN, "#figure"),
    sizes=(FIGURE, WIDE),
)
def player_figure(stage: Stage) -> Scene:
    routines = load_all(builtin_routines_dir())
    app = stage.make_app(playing(), start_with=routines.get("morning-mobility"))

    async def drive(pilot: Pilot) -> None:
        await advance(pilot, stage.clock, 5 + 20)

    return Scene(app, drive)


@scene("player, per side, set 2 of 2", "PlayerScreen", must_see=PLAYER_SEEN)
def player_sides(stage: Stage) -> Scene:
    def reached(app: App[None]) -> bool:
        player = getattr(app.screen, "player", None)
        return (
            at_segment(app, phase=Phase.WORK, step=1, side="right")
            and player is not None
            and player.segment.set_number == 2
        )

    return player_scene(stage, reached)


@scene(
    "player, paced reps",
    "PlayerScreen",
    must_see=PLAYER_SEEN,
)
def player_paced(stage: Stage) -> Scene:
    return player_scene(stage, lambda app: at_segment(app, phase=Phase.WORK, step=2))


@scene("player, open reps (your pace)", "PlayerScreen", must_see=PLAYER_SEEN)
def player_open(stage: Stage) -> Scene:
    def reached(app: App[None]) -> bool:
        player = getattr(app.screen, "player", None)
        return (
            player is not None
            and not player.is_over
            and player.segment.step_index == 3
            and player.segment.phase == Phase.WORK
        )

    return player_scene(stage, reached)


@scene("player, paused", "PlayerScreen", must_see=PLAYER_SEEN)
def player_paused(stage: Stage) -> Scene:
    async def pause(pilot: Pilot) -> None:
        await pilot.press("space")
        assert pilot.app.screen.player.state == State.PAUSED  # type: ignore[attr-defined]

    return player_scene(stage, lambda app: at_segment(app, phase=Phase.WORK, step=0), pause)


@scene(
    "player, the first run's notice as a toast",
    "PlayerScreen",
    must_see=PLAYER_SEEN,
)
def player_notice_toast(stage: Stage) -> Scene:
    stage.store.set_state(StateKey.MEDICAL_NOTICE_SEEN, None, now=START)
    routines = load_all(builtin_routines_dir())
    app = stage.make_app(playing(), start_with=routines.get("desk-break"))

    async def drive(pilot: Pilot) -> None:
        await advance(pilot, stage.clock, 8)

    return Scene(app, drive)


@scene("player, quit confirm", "ConfirmScreen")
def quit_confirm(stage: Stage) -> Scene:
    routines = load_all(builtin_routines_dir())
    app = stage.make_app(start_with=routines.get("desk-break"))

    async def ask(pilot: Pilot) -> None:
        await advance(pilot, stage.clock, 10)
        await pilot.press("q")

    return Scene(app, ask)


@scene("player, quit confirm (long routine name)", "ConfirmScreen")
def quit_confirm_long(stage: Stage) -> Scene:
    async def ask(pilot: Pilot) -> None:
        await pilot.press("q")

    return player_scene(stage, lambda app: at_segment(app, phase=Phase.WORK, step=0), ask)


@scene("help in the player", "HelpScreen")
def help_player(stage: Stage) -> Scene:
    async def ask(pilot: Pilot) -> None:
        await pilot.press("question_mark")

    return player_scene(stage, lambda app: at_segment(app, phase=Phase.WORK, step=0), ask)


# -- the summary ------------------------------------------------------------------------------


@scene("summary, completed", "SummaryScreen")
def summary_completed(stage: Stage) -> Scene:
    routines = load_all(builtin_routines_dir())
    app = stage.make_app(start_with=routines.get("desk-break"))

    async def finish(pilot: Pilot) -> None:
        await advance(pilot, stage.clock, 400, step=2)

    return Scene(app, finish)


@scene(
    "summary, sets skipped (long name)",
    "SummaryScreen",
)
def summary_skipped(stage: Stage) -> Scene:
    app = stage.make_app(playing(), start_with=stage.long_routine())

    async def skip_most(pilot: Pilot) -> None:
        await advance(pilot, stage.clock, 8)
        for _ in range(40):
            if type(app.screen).__name__ != "PlayerScreen":
                break
            await pilot.press("n")
        await pilot.pause()

    return Scene(app, skip_most)


@scene("summary, pain after, with a trend", "SummaryScreen")
def summary_pain(stage: Stage) -> Scene:
    for day, pain in ((12, 6), (8, 5), (5, 4), (2, 4), (1, 3)):
        stage.store.record_checkin(
            kind="before",
            answers=Answers(pain),
            outcome="lighter" if pain >= 6 else "go",
            routine_id="pre-lift-warmup",
            now=START - timedelta(days=day),
        )
    routines = load_all(builtin_routines_dir())
    app = stage.make_app(start_with=routines.get("desk-break"))

    async def finish_and_score(pilot: Pilot) -> None:
        await advance(pilot, stage.clock, 400, step=2)
        await pilot.press("2")

    return Scene(app, finish_and_score)


# -- safety -----------------------------------------------------------------------------------


def prelift(stage: Stage, *keys: str) -> Scene:
    routines = load_all(builtin_routines_dir())
    app = stage.make_app(start_with=routines.get("pre-lift-warmup"))

    async def answer(pilot: Pilot) -> None:
        await pilot.press(*keys)

    return Scene(app, answer)


@scene("check-in, part answered", "CheckinScreen")
def checkin(stage: Stage) -> Scene:
    return prelift(stage, "3", "n", "n")


@scene(
    "check-in, pain persisted: the notice",
    "CheckinScreen",
    must_see=("#checkin-pain-notice", "#flags"),
)
def checkin_pain_notice(stage: Stage) -> Scene:
    persistent_pain(stage)
    return prelift(stage, "3", "n", "n")


@scene("red flag", "RedFlagScreen")
def red_flag(stage: Stage) -> Scene:
    return prelift(stage, "2", "y", "y", "y", "y", "enter")


@scene("adapt (pain 7)", "AdaptScreen")
def adapt(stage: Stage) -> Scene:
    return prelift(stage, "7", "n", "n", "n", "n", "enter")


# -- history ----------------------------------------------------------------------------------


def history(stage: Stage, *keys: str) -> Scene:
    write_demo_log(stage.store, stage.clock.now())
    app = stage.make_app()

    async def drive(pilot: Pilot) -> None:
        await pilot.press("h")
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
        await pilot.pause()

    return Scene(app, drive)


@scene("history", "HistoryScreen")
def history_list(stage: Stage) -> Scene:
    return history(stage)


@scene("history, pre-lift chosen", "HistoryScreen")
def history_prelift(stage: Stage) -> Scene:
    return history(stage, "3")


def history_years_back(stage: Stage, *keys: str) -> Scene:
    """The demo log plus mornings two years back, so there are older years to page to."""
    zone = stage.clock.now().tzinfo
    first = stage.clock.now().date() - timedelta(weeks=2 * 52 + 10)
    for n in range(20):
        start = datetime.combine(first + timedelta(days=n), time(7, 0), tzinfo=zone)
        session(stage.store, "morning-mobility", "Morning mobility", ("morning",), start)
    return history(stage, *keys)


HISTORY_YEAR_SEEN = ("#period", "#heatmap", "#strength-chart", "#breaks-bar", "#sessions")


@scene(
    "history, a year back with its strength chart",
    "HistoryScreen",
    must_see=HISTORY_YEAR_SEEN,
    sizes=(NARROW, FIGURE, WIDE),
)
def history_year_back(stage: Stage) -> Scene:
    return history_years_back(stage, "left_square_bracket")


@scene(
    "history, the first year (pre-lift chosen)",
    "HistoryScreen",
    must_see=HISTORY_YEAR_SEEN,
    sizes=(NARROW, FIGURE, WIDE),
)
def history_first_year(stage: Stage) -> Scene:
    return history_years_back(stage, "3", *["left_square_bracket"] * 3)


@scene("history, mark days", "MarkDaysScreen", must_see=("#mark-error",))
def history_mark_days(stage: Stage) -> Scene:
    return history(stage, "r")


@scene(
    "history, mark days with an error",
    "MarkDaysScreen",
    must_see=("#mark-error",),
)
def history_mark_days_error(stage: Stage) -> Scene:
    write_demo_log(stage.store, stage.clock.now())
    app = stage.make_app()

    async def drive(pilot: Pilot) -> None:
        await pilot.press("h")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        app.screen.query_one("#mark-from").value = "2026-13-01"  # type: ignore[attr-defined]
        await pilot.press("tab", "tab", "enter")
        await pilot.pause()

    return Scene(app, drive)


@scene("history, a note", "NoteScreen")
def history_note(stage: Stage) -> Scene:
    return history(stage, "n", *"left hip tight after the long drive")


@scene("history, a session's steps", "SessionStepsScreen")
def history_steps(stage: Stage) -> Scene:
    return history(stage, "down", "down", "enter")


@scene("history, confirm delete", "ConfirmScreen")
def history_delete(stage: Stage) -> Scene:
    return history(stage, "d")


@scene(
    "history, deleted: the undo toast",
    "HistoryScreen",
)
def history_deleted_toast(stage: Stage) -> Scene:
    return history(stage, "d", "y")


# -- breaks -----------------------------------------------------------------------------------


@scene("break prompt", "BreakPromptScreen")
def break_prompt(stage: Stage) -> Scene:
    app = stage.make_app(quick_breaks())

    async def due(pilot: Pilot) -> None:
        await advance_breaks(pilot, stage.clock, 75)

    return Scene(app, due)


@scene("break prompt, no snoozes left", "BreakPromptScreen")
def break_prompt_no_snoozes(stage: Stage) -> Scene:
    app = stage.make_app(quick_breaks(max_snoozes=0))

    async def due(pilot: Pilot) -> None:
        await advance_breaks(pilot, stage.clock, 75)

    return Scene(app, due)


@scene("break offer", "BreakOfferScreen")
def break_offer(stage: Stage) -> Scene:
    app = stage.make_app(quick_breaks())

    async def done(pilot: Pilot) -> None:
        await advance_breaks(pilot, stage.clock, 75)
        await pilot.press("d")

    return Scene(app, done)


# -- the test ---------------------------------------------------------------------------------


def cases() -> list[object]:
    params: list[object] = []
    for entry in CATALOGUE.values():
        for size in entry.sizes:
            reason = entry.known.get(size)
            marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
            params.append(
                pytest.param(entry.name, size, marks=marks, id=f"{entry.name}@{size[0]}x{size[1]}")
            )
    return params


@pytest.fixture
def stage(
    make_app: Callable[..., CoachApp],
    store: Store,
    clock: FakeClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Stage:
    return Stage(make_app, store, clock, tmp_path, monkeypatch)


@pytest.mark.parametrize(("name", "size"), cases())
async def test_nothing_is_cut_off(name: str, size: tuple[int, int], stage: Stage) -> None:
    entry = CATALOGUE[name]
    built = entry.build(stage)
    async with built.app.run_test(size=size, notifications=True) as pilot:
        await pilot.pause()
        await built.drive(pilot)
        await pilot.pause()
        screen = built.app.screen
        assert type(screen).__name__ == entry.screen
        for selector in entry.must_see:
            assert screen.query(selector), f"{selector} names nothing on {entry.screen}"
        problems = layout_problems(screen, must_see=ALWAYS_SEEN + entry.must_see)
        if shots := os.environ.get("COACH_LAYOUT_SHOTS"):  # an SVG of each case, to look at
            built.app.save_screenshot(f"{name}@{size[0]}x{size[1]}.svg", path=shots)
    assert not problems, f"{name} at {size[0]}×{size[1]}:\n" + "\n".join(map(str, problems))
