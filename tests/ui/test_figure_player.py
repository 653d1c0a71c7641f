"""The figure beside the countdown: shown when the screen has room, moving on the player's clock."""

from __future__ import annotations

from coach.core.figure import mirror
from coach.services.config import Config, PlayerSettings
from coach.services.figures import load_figures
from coach.services.routines import load_routine
from coach.text.figure import draw_pose
from coach.ui.screens.player import PlayerScreen
from coach.ui.widgets.figure import FIGURE_HEIGHT, FIGURE_WIDTH, FigureView
from tests.ui.helpers import advance

ROOM = (100, 30)

TWO_STEPS = """
name = "Two"
[[steps]]
name = "Cat-cow"
reps = 4
seconds_per_rep = 6
[[steps]]
name = "Pigeon stretch"
duration = 10
sides = true
[[steps]]
name = "Wall angels"
duration = 10
"""


def config(**player: object) -> Config:
    return Config(player=PlayerSettings(get_ready_seconds=2, **player))  # type: ignore[arg-type]


def figure_of(app) -> FigureView:
    return app.screen.query_one(FigureView)


async def test_the_figure_shows_from_100_columns(make_app, write_routine, clock):
    routine = load_routine(write_routine("two.toml", TWO_STEPS))
    app = make_app(config(), start_with=routine)
    async with app.run_test(size=ROOM) as pilot:
        await advance(pilot, clock, 3)
        view = figure_of(app)
        assert isinstance(app.screen, PlayerScreen)
        assert view.display and view.lines
        await pilot.resize_terminal(80, 24)
        await advance(pilot, clock, 0.5)
        assert not view.display
        assert not app.screen.has_class("-figure")


async def test_no_figure_at_80x24(make_app, write_routine, clock):
    routine = load_routine(write_routine("two.toml", TWO_STEPS))
    app = make_app(config(), start_with=routine)
    async with app.run_test(size=(80, 24)) as pilot:
        await advance(pilot, clock, 3)
        assert not figure_of(app).display
        assert figure_of(app).lines == []


async def test_figures_false_hides_it(make_app, write_routine, clock):
    routine = load_routine(write_routine("two.toml", TWO_STEPS))
    app = make_app(config(figures=False), start_with=routine)
    async with app.run_test(size=ROOM) as pilot:
        await advance(pilot, clock, 3)
        assert not figure_of(app).display
        assert figure_of(app).lines == []


async def test_paced_reps_move_at_the_beat_and_stop_when_paused(make_app, write_routine, clock):
    routine = load_routine(write_routine("two.toml", TWO_STEPS))
    app = make_app(config(), start_with=routine)
    async with app.run_test(size=ROOM) as pilot:
        await advance(pilot, clock, 2)  # the get-ready: cat, still
        still = figure_of(app).lines
        await advance(pilot, clock, 3)  # half a rep: cow
        cow = figure_of(app).lines
        assert cow != still
        await advance(pilot, clock, 3)  # the rep's end: cat again
        assert figure_of(app).lines == still
        await advance(pilot, clock, 1.5)
        await pilot.press("space")
        paused = figure_of(app).lines
        await advance(pilot, clock, 2)
        assert figure_of(app).lines == paused


async def test_the_right_side_shows_the_mirrored_pose(make_app, write_routine, clock):
    routine = load_routine(write_routine("two.toml", TWO_STEPS))
    app = make_app(config(), start_with=routine)
    async with app.run_test(size=ROOM) as pilot:
        await advance(pilot, clock, 2 + 24 + 2 + 1)  # cat-cow, then into the left side
        player = app.screen.player
        assert (player.segment.step.name, player.segment.side) == ("Pigeon stretch", "left")
        left = figure_of(app).lines
        await advance(pilot, clock, 10 + 2 + 1)
        assert player.segment.side == "right"
        right = figure_of(app).lines
        assert right != left
        pigeon = load_figures().figures["pigeon-stretch"].poses[0]
        assert left == draw_pose(pigeon, FIGURE_WIDTH, FIGURE_HEIGHT)
        assert right == draw_pose(mirror(pigeon), FIGURE_WIDTH, FIGURE_HEIGHT)


async def test_a_step_without_a_figure_shows_nothing(make_app, write_routine, clock):
    routine = load_routine(write_routine("two.toml", TWO_STEPS))
    app = make_app(config(), start_with=routine)
    async with app.run_test(size=ROOM) as pilot:
        await advance(pilot, clock, 2 + 24 + 2 + 10 + 2 + 10 + 3)
        assert app.screen.player.segment.step.name == "Wall angels"
        assert figure_of(app).lines == []
