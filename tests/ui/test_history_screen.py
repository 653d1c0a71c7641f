"""The history screen, driven with Pilot on the fake clock over the demo log."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import DataTable, Input, Label, RadioSet

from coach.core.habit_day import HabitId
from coach.ui.commands import palette_commands
from coach.ui.dialogs.confirm import ConfirmScreen
from coach.ui.dialogs.mark_days import MarkDaysScreen
from coach.ui.dialogs.note import NoteScreen
from coach.ui.dialogs.session_steps import SessionStepsScreen
from coach.ui.screens import history as history_screen
from coach.ui.screens.history import HistoryScreen
from coach.ui.screens.home import HomeScreen
from coach.ui.widgets.habit_tile import HabitTile
from coach.ui.widgets.heatmap import Heatmap
from tests.demo_log import write_demo_log


@pytest.fixture
def demo(store, clock):
    write_demo_log(store, clock.now())
    return store


def tile_text(screen: HistoryScreen, habit: str) -> str:
    return str(screen.query_one(f"#tile-{habit}", HabitTile).render())


def sessions(screen: HistoryScreen) -> DataTable:
    return screen.query_one("#sessions", DataTable)


async def open_history(pilot) -> HistoryScreen:
    await pilot.press("h")
    await pilot.pause()
    assert isinstance(pilot.app.screen, HistoryScreen)
    return pilot.app.screen


async def test_h_opens_history_and_escape_goes_home(make_app, demo):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_history_and_a_rest_day_are_in_the_command_palette(make_app, demo, clock):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        commands = {command.title: command for command in palette_commands(app)}
        commands["Open history"].run()
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert "18 days" in tile_text(app.screen, "morning")
        commands["Mark today as rest"].run()
        await pilot.pause()
        assert {"local_date": "2026-11-25", "kind": "rest"} in demo.day_marks()
        # Today was already done: done beats a mark, so nothing moves.
        assert "18 days" in tile_text(app.screen, "morning")
        commands["Open history"].run()  # already open: not stacked twice
        await pilot.pause()
        assert sum(isinstance(s, HistoryScreen) for s in app.screen_stack) == 1


async def test_tiles_show_streak_best_and_strength(make_app, demo):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        morning = tile_text(screen, "morning")
        assert "▶ Morning mobility" in morning
        assert "18 days · best 20" in morning
        assert "strength 96%" in morning
        assert "done today ✓" in morning
        prelift = tile_text(screen, "prelift")
        assert "3 weeks · best 12" in prelift
        assert "1 of 3 this week" in prelift
        assert "no breaks due yet" in tile_text(screen, "breaks")
        detail = str(screen.query_one("#habit-detail", Label).render())
        # 30 days: 28 count (two sick), 27 done (the partial one isn't); 90 days: 83 of 88.
        assert detail == "best 28 Jul – 16 Aug 2026 · 7d 100% 30d 96% 90d 94% · missed 1 in 30d"


async def test_arrows_and_numbers_choose_the_heatmaps_habit(make_app, demo):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        heatmap = screen.query_one("#heatmap", Heatmap)
        assert heatmap.grid.habit.id == HabitId.MORNING
        assert len(heatmap.grid.weeks) == 52
        await pilot.press("right", "right")
        assert heatmap.grid.habit.id == HabitId.PRELIFT
        assert screen.query_one("#tile-prelift").has_class("-selected")
        assert not screen.query_one("#tile-morning").has_class("-selected")
        assert "▶ Pre-lift warm-up" in tile_text(screen, "prelift")
        await pilot.press("left", "left", "left")
        assert heatmap.grid.habit.id == HabitId.ANY
        await pilot.press("2")
        assert heatmap.grid.habit.id == HabitId.BREAKS


async def test_sessions_newest_first_and_enter_opens_the_steps(make_app, demo, clock):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        table = sessions(screen)
        assert demo.session_count() == 162
        assert table.row_count == history_screen.PAGE  # the rest load as the cursor gets there
        assert [str(cell) for cell in table.cells_at(0)[:4]] == [
            "Wed 25 Nov 07:00",  # this year's sessions without the year
            "Morning mobility",
            "3:00",
            "✓ completed",
        ]
        await pilot.press("down", "down")  # past Tuesday morning to Monday evening warm-up
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionStepsScreen)
        steps = app.screen.query_one("#steps-table", DataTable)
        assert steps.row_count == 4
        assert app.screen.session["routine_id"] == "pre-lift-warmup"
        await pilot.press("escape")
        assert isinstance(app.screen, HistoryScreen)


async def test_a_note_is_added_to_the_selected_session(make_app, demo):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        session_id = sessions(screen).coordinate_to_cell_key((0, 0)).row_key.value
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        await pilot.press(*"left hip tight")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert demo.session(session_id)["note"] == "left hip tight"
        assert str(sessions(screen).cells_at(0)[5]) == "✎ left hip tight"


async def test_delete_asks_first_and_u_undoes_it(make_app, demo):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        session_id = sessions(screen).coordinate_to_cell_key((0, 0)).row_key.value
        before = demo.session_count()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep it
        await pilot.pause()
        assert demo.session(session_id)["deleted_at"] is None
        assert demo.session_count() == before

        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert demo.session(session_id)["deleted_at"] is not None
        assert demo.session_count() == before - 1
        assert sessions(screen).coordinate_to_cell_key((0, 0)).row_key.value != session_id
        # Today's morning session is gone: today is open again, the streak still current.
        assert "due today" in tile_text(screen, "morning")
        assert "17 days" in tile_text(screen, "morning")

        await pilot.press("u")
        await pilot.pause()
        assert demo.session(session_id)["deleted_at"] is None
        assert sessions(screen).coordinate_to_cell_key((0, 0)).row_key.value == session_id
        assert "18 days" in tile_text(screen, "morning")


async def test_undo_with_nothing_deleted_is_disabled(make_app, demo):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        assert app.check_action("undo_edit", ()) is False
        assert app.check_action("redo_edit", ()) is False
        rows = sessions(screen).row_count
        await pilot.press("u")
        assert sessions(screen).row_count == rows


async def test_marking_past_days_as_travel_bridges_a_miss(make_app, demo, clock):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        await pilot.press("r")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, MarkDaysScreen)
        radio = dialog.query_one("#mark-kind", RadioSet)
        await pilot.press("down", "down", "down", "enter")  # Travel
        assert radio.pressed_button is not None and radio.pressed_button.name == "travel"
        dialog.query_one("#mark-from", Input).value = "2026-11-05"  # 20 days ago: the partial
        dialog.query_one("#mark-to", Input).value = "2026-11-05"
        await pilot.click("#mark")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert (
            demo.day_marks()
            == [
                {"local_date": "2026-11-05", "kind": "travel"},
                {"local_date": "2026-11-14", "kind": "sick"},
                {"local_date": "2026-11-15", "kind": "sick"},
            ]
            or sorted(demo.day_marks(), key=lambda m: m["local_date"])[0]["kind"] == "travel"
        )
        # The partial session's day no longer breaks the run: it joins the 19 days before it.
        assert "37 days" in tile_text(screen, "morning")
        grid = screen.query_one("#heatmap", Heatmap).grid
        cell = next(c for w in grid.weeks for c in w.days if c.day == date(2026, 11, 5))
        assert cell.mark == "travel"


async def test_a_bad_date_keeps_the_dialog_open_and_says_why(make_app, demo, clock):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot)
        await pilot.press("r")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#mark-from", Input).value = "next tuesday"
        await pilot.click("#mark")
        await pilot.pause()
        assert app.screen is dialog
        error = str(dialog.query_one("#mark-error", Label).render())
        assert error == (
            'From: expected a date like 2026-11-25 (or today, yesterday), got "next tuesday"'
        )
        await pilot.press("escape")
        assert isinstance(app.screen, HistoryScreen)
        assert len(demo.day_marks()) == 2


async def test_more_sessions_load_as_the_cursor_reaches_the_end(make_app, demo, monkeypatch):
    monkeypatch.setattr(history_screen, "PAGE", 20)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        table = sessions(screen)
        assert table.row_count == 20
        for _ in range(19):
            await pilot.press("down")
        await pilot.pause()
        assert table.row_count == 40
        await pilot.press("ctrl+end")
        await pilot.pause()
        assert table.row_count == 60


def test_a_session_row_names_the_year_only_for_other_years_and_shortens_a_long_note():
    from coach.ui.screens.history import NOTE_COLUMNS, session_row

    session = {
        "started_at": "2025-11-25T07:00:00+00:00",
        "utc_offset_min": 0,
        "steps_done": 3,
        "steps_skipped": 0,
        "routine_name": "Morning mobility",
        "routine_id": "morning-mobility",
        "active_seconds": 180,
        "status": "completed",
        "note": "left hip tight after the long drive\nand the right knee too",
    }
    last_year = session_row(session, 2026)  # type: ignore[arg-type]
    this_year = session_row(session, 2025)  # type: ignore[arg-type]
    assert last_year[0] == "Tue 25 Nov 2025 07:00"
    assert this_year[0] == "Tue 25 Nov 07:00"
    note = this_year[5]
    assert len(note) == NOTE_COLUMNS and note.startswith("✎ left hip") and note.endswith("…")
    assert "\n" not in note


async def test_a_lighter_session_is_marked_in_the_result_column_within_80_columns(
    make_app, demo, clock
):
    from datetime import timedelta

    from coach.core.vocabulary import Dose

    started = clock.now() + timedelta(minutes=5)
    session_id = demo.start_session(
        routine_id="pre-lift-warmup",
        routine_name="Pre-lift warm-up",
        tags=("pre-lift",),
        planned_seconds=240.0,
        now=started,
        dose=Dose.LIGHTER,
    )
    demo.finish_session(
        session_id, status="completed", now=started + timedelta(minutes=4), active_seconds=240
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        table = sessions(screen)
        cells = [str(cell) for cell in table.cells_at(0)]
        assert (cells[1], cells[3]) == ("Pre-lift warm-up", "✓ lighter")
        assert str(table.cells_at(1)[3]) == "✓ completed"  # a usual session: as before
        assert table.virtual_size.width <= table.region.width  # nothing scrolls out of sight


@pytest.mark.parametrize(
    ("status", "dose", "shown"),
    [
        ("completed", "usual", "✓ completed"),
        ("completed", "lighter", "✓ lighter"),
        ("partial", "lighter", "◐ lighter"),
        ("running", "lighter", "▶ lighter"),
        ("partial", "usual", "◐ partial"),
    ],
)
def test_the_result_says_lighter_with_the_status_mark(status, dose, shown):
    assert history_screen.shown_result({"status": status, "dose": dose}) == shown  # type: ignore[typeddict-item]


def notes_said(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_several_edits_undone_and_redone_with_what_each_will_do(make_app, demo, clock):
    """A note, a rest day, a delete; then u three times back and U forward again, each toast
    saying what the next u and U would do."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        marks = demo.day_marks()
        first = sessions(screen).coordinate_to_cell_key((0, 0)).row_key.value
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"tight hips", "enter")
        await pilot.pause()
        app.edits.mark_days(date(2026, 2, 20), date(2026, 2, 20), "rest")
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert demo.session(first)["deleted_at"] is not None

        await pilot.press("u")
        await pilot.pause()
        said = notes_said(app)[-1]
        assert said.startswith("Undone: delete ") and "u undoes marking Fri 20 Feb rest." in said
        assert demo.session(first)["deleted_at"] is None
        await pilot.press("u", "u")
        await pilot.pause()
        assert demo.session(first)["note"] is None and demo.day_marks() == marks
        assert not app.check_action("undo_edit", ())
        await pilot.press("U")
        await pilot.pause()
        assert demo.session(first)["note"] == "tight hips"
        assert notes_said(app)[-1].startswith("Made again: the note on ")
        await pilot.press("U", "U")
        await pilot.pause()
        assert demo.session(first)["deleted_at"] is not None
        assert {"local_date": "2026-02-20", "kind": "rest"} in demo.day_marks()


async def test_l_logs_a_past_session_entered_by_hand_and_u_takes_it_back(make_app, demo, clock):
    from coach.ui.dialogs.log_past import LogPastScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        before = demo.session_count()
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LogPastScreen)
        await pilot.press(*"in an hour", "enter")  # can't be read: said, nothing logged
        await pilot.pause()
        hint = str(app.screen.query_one("#log-hint", Label).render())
        assert hint.startswith('cannot read the time "in an hour"')
        assert demo.session_count() == before
        field = app.screen.query_one(Input)
        field.value = ""
        await pilot.press("down")  # the second routine of the list
        chosen = app.screen.routines[1]
        await pilot.press(*"yesterday 07:30", "enter")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert demo.session_count() == before + 1
        logged = [s for s in demo.iter_sessions() if s["entered"] == "by-hand"]
        assert [s["routine_id"] for s in logged] == [chosen.id]
        yesterday = clock.now().date().toordinal() - 1
        assert date.fromisoformat(logged[0]["local_date"]).toordinal() == yesterday
        shown = [sessions(screen).get_row_at(i) for i in range(sessions(screen).row_count)]
        cells = [tuple(map(str, row)) for row in shown]
        assert any("✓ by hand" in row and "—" in row for row in cells), cells
        await pilot.press("u")
        await pilot.pause()
        assert demo.session_count() == before
