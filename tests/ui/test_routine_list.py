"""Home's routine list: columns under a heading, the mark on the chosen routine, a click that
chooses before it starts, and names and tags that give way on a narrow screen."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from coach.ui.screens.home import HomeScreen
from coach.ui.screens.player import PlayerScreen
from coach.ui.widgets.plain import CURSOR_MARK, Static
from coach.ui.widgets.routine_list import (
    COLUMNS,
    GAP,
    GIVE_WAY,
    MARK_WIDTH,
    RoutineList,
    fitted_widths,
)


def line_width(widths: list[int]) -> int:
    return MARK_WIDTH + sum(widths) + GAP * (len(widths) - 1) + 1


def test_widths_that_fit_are_kept():
    assert fitted_widths([20, 7, 16, 16], 200) == [20, 7, 16, 16]
    assert fitted_widths([20, 7, 16, 16], line_width([20, 7, 16, 16])) == [20, 7, 16, 16]


def test_the_tags_give_way_first_then_the_name():
    natural = [40, 7, 16, 30]
    assert fitted_widths(natural, line_width(natural) - 10) == [40, 7, 16, 20]
    assert fitted_widths(natural, line_width(natural) - 20) == [34, 7, 16, 16]
    assert fitted_widths(natural, line_width([24, 7, 16, 12])) == [24, 7, 16, 12]
    assert fitted_widths(natural, 10) == [12, 7, 16, 8]  # as narrow as they go, no narrower


@given(
    st.lists(st.integers(1, 120), min_size=len(COLUMNS), max_size=len(COLUMNS)),
    st.integers(0, 300),
)
def test_fitted_widths_fit_when_they_can_and_only_narrow_the_name_and_tags(natural, room):
    widths = fitted_widths(natural, room)
    floors = dict(GIVE_WAY)
    for column, (got, wanted) in enumerate(zip(widths, natural, strict=True)):
        if column in floors:
            assert min(wanted, floors[column]) <= got <= wanted
        else:
            assert got == wanted  # the length and what a routine needs are never cut
    narrowest = [min(w, floors.get(c, w)) for c, w in enumerate(natural)]
    if line_width(narrowest) <= room:
        assert line_width(widths) <= room
    if line_width(natural) <= room:
        assert widths == natural


def prompts(listed: RoutineList) -> list[str]:
    return [listed.get_option_at_index(i).prompt.plain for i in range(listed.option_count)]


async def test_the_mark_follows_the_chosen_routine_and_columns_line_up(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        listed = app.screen.query_one("#routines", RoutineList)
        lines = prompts(listed)
        assert lines[0].startswith(f" {CURSOR_MARK}  Cool-down")
        assert all(CURSOR_MARK not in line for line in lines[1:])
        await pilot.press("down")
        lines = prompts(listed)
        assert CURSOR_MARK not in lines[0] and lines[1].startswith(f" {CURSOR_MARK}  ")
        assert listed.chosen() == listed.routine_ids()[1]
        heading = str(app.screen.query_one("#routine-columns", Static).render())
        row = lines[2]  # Morning mobility  10 min  mat  morning gentle
        assert heading.index("Length") == row.index("10 min")
        assert heading.index("Needs") == row.index("mat")
        assert heading.index("Tags") == row.index("morning")


async def test_a_click_chooses_and_a_second_click_starts(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        listed = app.screen.query_one("#routines", RoutineList)
        await pilot.click("#routines", offset=(8, 2))
        assert isinstance(app.screen, HomeScreen)  # chosen, not started
        assert listed.highlighted == 2
        await pilot.click("#routines", offset=(8, 2))
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        assert app.screen.run.routine.id == listed.routine_ids()[2]


async def test_a_long_name_and_many_tags_give_way_on_a_narrow_screen(make_app, routines):
    import dataclasses

    long = dataclasses.replace(
        routines.get("desk-break"),
        name="A routine with a name far longer than any screen has room for, really",
        tags=("desk", "gentle", "evening", "morning", "strength", "recovery"),
    )
    app = make_app()
    app.routines = dataclasses.replace(routines, routines={**routines.routines, long.id: long})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        listed = app.screen.query_one("#routines", RoutineList)
        room = listed.scrollable_content_region.width
        lines = prompts(listed)
        assert all(len(line) <= room for line in lines)
        (cut,) = [line for line in lines if "far longer" in line or "A routine with" in line]
        assert "…" in cut and "3 min" in cut and "nothing" in cut  # length and needs kept
        assert "desk gentle" in cut
        assert [line.startswith(f" {CURSOR_MARK}") for line in lines].count(True) == 1
        assert lines[listed.highlighted].startswith(f" {CURSOR_MARK}")  # refitted, still marked
