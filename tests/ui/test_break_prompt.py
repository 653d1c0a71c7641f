"""Break prompts in the app, on the fake clock with a 15-second interval: toast, dialog, answers."""

from __future__ import annotations

from textual.widgets import Button

from coach.services.break_keeper import answer_from_shell
from coach.services.config import WEEKDAYS, BreakSettings, Config
from coach.store import Store
from coach.system.lock import BreakLock, lock_path_for
from coach.ui.dialogs.break_prompt import BreakOfferScreen, BreakPromptScreen
from coach.ui.screens.home import HomeScreen
from coach.ui.screens.player import PlayerScreen
from coach.ui.widgets.break_status import BreakLine
from tests.ui.helpers import advance_breaks


def quick(**changes) -> Config:
    """Breaks every 15 s all day, snoozes of 6 s, missed after 3 min."""
    settings = {
        "interval_minutes": 0.25,
        "snooze_minutes": 0.1,
        "max_snoozes": 2,
        "work_hours": "00:00-24:00",
        "work_days": list(WEEKDAYS),
        "missed_after_minutes": 3,
        **changes,
    }
    return Config(breaks=BreakSettings(**settings))


def rows(store: Store) -> list[tuple]:
    return [
        (row["outcome"], row["snoozes"])
        for row in store.db.query("SELECT * FROM breaks ORDER BY rowid")
    ]


def home_line(app, name: str) -> str:
    return str(app.screen.query_one(f"#{name}", BreakLine).render())


async def test_a_toast_and_the_bell_first_then_the_dialog_a_minute_later(make_app, clock, listener):
    app = make_app(quick())
    async with app.run_test(size=(80, 24)) as pilot:
        await advance_breaks(pilot, clock, 14)
        assert listener.bells == 0 and not app._notifications
        await advance_breaks(pilot, clock, 1)
        assert listener.bells == 1
        assert [n.title for n in app._notifications] == ["Break"]
        assert listener.written == ["\x1b]9;Time to stand up: " + app.prompter.sat_text() + "\x07"]
        assert isinstance(app.screen, HomeScreen)
        assert "Break due now" in home_line(app, "break-next")
        await advance_breaks(pilot, clock, 59)
        assert isinstance(app.screen, HomeScreen)
        await advance_breaks(pilot, clock, 1)
        assert isinstance(app.screen, BreakPromptScreen)
        assert not app._notifications  # the toast makes way for the dialog
        assert listener.bells == 1  # the dialog does not ring again


async def test_done_offers_the_break_routine_and_enter_plays_it(make_app, clock, store):
    app = make_app(quick())
    async with app.run_test(size=(80, 24)) as pilot:
        await advance_breaks(pilot, clock, 75)
        await pilot.press("d")
        assert isinstance(app.screen, BreakOfferScreen)
        assert rows(store) == [("done", 0)]
        await pilot.press("enter")
        assert isinstance(app.screen, PlayerScreen)
        assert app.screen.run.routine.id == "desk-break"
        await advance_breaks(pilot, clock, 30)
        assert rows(store) == [("done", 0)]  # no prompt while the routine plays, no extra row
    assert next(store.iter_sessions())["routine_id"] == "desk-break"


async def test_done_then_not_now_goes_back_to_home(make_app, clock, store):
    app = make_app(quick())
    async with app.run_test(size=(80, 24)) as pilot:
        await advance_breaks(pilot, clock, 75)
        await pilot.press("d", "n")
        assert isinstance(app.screen, HomeScreen)
        assert home_line(app, "break-next").startswith("Next break in 15 s")
        assert home_line(app, "break-tally").startswith(
            "Breaks today: 1 taken"
        )  # 15 s: no "of 5759"


async def test_snoozes_come_back_and_run_out(make_app, clock, store, listener):
    app = make_app(quick())
    async with app.run_test(size=(80, 24)) as pilot:
        await advance_breaks(pilot, clock, 75)
        await pilot.press("z")
        assert isinstance(app.screen, HomeScreen)
        assert rows(store) == [(None, 1)]
        await advance_breaks(pilot, clock, 5)
        assert listener.bells == 1
        await advance_breaks(pilot, clock, 1)
        assert listener.bells == 2  # back after the 6-second snooze, gently first
        await advance_breaks(pilot, clock, 60)
        assert isinstance(app.screen, BreakPromptScreen)
        await pilot.press("z")
        await advance_breaks(pilot, clock, 66)
        screen = app.screen
        assert isinstance(screen, BreakPromptScreen)
        assert not screen.query("#snooze")
        assert "No snoozes left (2 of 2)" in str(screen.query_one("#break-snoozes").render())
        await pilot.press("z")  # not offered any more
        assert app.screen is screen
        await pilot.press("x")
        assert isinstance(app.screen, HomeScreen)
        assert rows(store) == [("skipped", 2)]


async def test_the_toast_can_be_answered_with_a_key(make_app, clock, store):
    app = make_app(quick())
    async with app.run_test(size=(80, 24)) as pilot:
        await advance_breaks(pilot, clock, 20)
        await pilot.press("x")
        assert rows(store) == [("skipped", 0)]
        assert not app._notifications
        await advance_breaks(pilot, clock, 70)
        assert isinstance(app.screen, HomeScreen)  # the skipped prompt never escalates


async def test_an_ignored_dialog_closes_as_missed(make_app, clock, store):
    app = make_app(quick())
    async with app.run_test(size=(80, 24)) as pilot:
        await advance_breaks(pilot, clock, 75)
        assert isinstance(app.screen, BreakPromptScreen)
        await advance_breaks(pilot, clock, 120)
        assert isinstance(app.screen, HomeScreen)
        assert rows(store) == [("missed", 0)]


async def test_an_answer_from_another_shell_closes_the_dialog(make_app, clock, store):
    app = make_app(quick())
    async with app.run_test(size=(80, 24)) as pilot:
        await advance_breaks(pilot, clock, 75)
        assert isinstance(app.screen, BreakPromptScreen)
        shell = Store.open(store.path)
        try:
            answer_from_shell(shell, "done", clock.now(), max_snoozes=2)
        finally:
            shell.close()
        await advance_breaks(pilot, clock, 1)
        assert isinstance(app.screen, HomeScreen)  # closed, and no routine offer from afar
        assert rows(store) == [("done", 0)]
        assert home_line(app, "break-next").startswith("Next break in 14 s")


async def test_the_home_key_logs_a_break_taken_and_restarts_the_interval(make_app, clock, store):
    app = make_app(quick())
    async with app.run_test(size=(80, 24)) as pilot:
        await advance_breaks(pilot, clock, 10)
        assert home_line(app, "break-next").startswith("Next break in 5 s")
        await pilot.press("s")
        assert rows(store) == [("self", 0)]
        assert home_line(app, "break-next").startswith("Next break in 15 s")
        assert "Breaks today: 1 taken" in home_line(app, "break-tally")


async def test_no_prompt_while_a_routine_plays_and_sitting_restarts_after_it(
    make_app, clock, store, routines
):
    app = make_app(quick())
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_routine(routines.get("cool-down"))
        await pilot.pause()
        await advance_breaks(pilot, clock, 120)
        assert isinstance(app.screen, PlayerScreen)
        assert rows(store) == []
        assert not app._notifications or all(n.title != "Break" for n in app._notifications)
        await pilot.press("q", "y")  # quit after two minutes on the feet: a break
        await advance_breaks(pilot, clock, 10)
        assert rows(store) == [("self", 0)]
        await advance_breaks(pilot, clock, 5)
        assert rows(store) == [("self", 0), (None, 0)]  # a full interval after it ended


async def test_a_stale_idle_reading_is_not_carried_across_a_stall(make_app, clock, store):
    """A reading taken before the process stalled says nothing about the minutes since."""
    app = make_app(quick(natural_break_minutes=0.1))
    async with app.run_test(size=(80, 24)) as pilot:
        app.prompter.set_idle(2, whole_desk=True)
        clock.advance(120)  # stopped (ctrl+z, a swapping machine) while keys were pressed
        app.prompter.tick()
        await pilot.pause()
        assert "natural" not in [outcome for outcome, _ in rows(store)]


async def test_walking_away_is_a_natural_break(make_app, clock, store):
    app = make_app(quick(natural_break_minutes=0.1))
    async with app.run_test(size=(80, 24)) as pilot:
        for second in range(7):  # readings as the poll takes them: no key for 7 s
            await advance_breaks(pilot, clock, 1)
            app.prompter.set_idle(second + 1, whole_desk=True)
        await advance_breaks(pilot, clock, 0.5)
        assert rows(store) == [("natural", 0)]
        assert home_line(app, "break-next") == "Away from the keys: counted as a break"
        app.prompter.set_idle(0, whole_desk=True)  # a key again
        await advance_breaks(pilot, clock, 1)
        assert home_line(app, "break-next").startswith("Next break in 14 s")


async def test_another_window_holds_the_breaks_until_it_closes(make_app, clock, store):
    other = BreakLock(lock_path_for(store.path))
    assert other.acquire()
    app = make_app(quick())
    async with app.run_test(size=(80, 24)) as pilot:
        assert "prompted by another coach window (pid" in home_line(app, "break-next")
        await advance_breaks(pilot, clock, 30)
        assert rows(store) == []
        await pilot.press("s")  # standing up is still logged, for the other window to hear
        assert rows(store) == [("self", 0)]
        other.release()
        await advance_breaks(pilot, clock, 5)
        assert home_line(app, "break-next").startswith("Next break in")


def count_paints(app) -> dict[str, int]:
    """How often each Static on the screen is updated from now on, by id."""
    painted: dict[str, int] = {}
    for widget in app.screen.query("Static"):
        original = widget.update

        def counting(*args, _original=original, _id=widget.id, **kwargs):
            painted[_id] = painted.get(_id, 0) + 1
            return _original(*args, **kwargs)

        widget.update = counting
    return painted


async def test_the_countdown_repaints_only_itself_once_a_minute(make_app, clock):
    """30 min, 29 min, 28 min: idle home draws once a minute, nothing else moves."""
    app = make_app(quick(interval_minutes=30))
    async with app.run_test(size=(80, 24)) as pilot:
        painted = count_paints(app)
        await advance_breaks(pilot, clock, 130)
        assert painted == {"break-next": 2}
        assert home_line(app, "break-next").startswith("Next break in 28 min")


async def test_in_its_last_minute_the_countdown_counts_seconds(make_app, clock):
    app = make_app(quick(interval_minutes=1))
    async with app.run_test(size=(80, 24)) as pilot:
        painted = count_paints(app)
        await advance_breaks(pilot, clock, 10)
        assert painted == {"break-next": 10}
        assert home_line(app, "break-next").startswith("Next break in 50 s")


async def test_the_dialog_buttons_answer_too(make_app, clock, store):
    app = make_app(quick())
    async with app.run_test(size=(80, 24)) as pilot:
        await advance_breaks(pilot, clock, 75)
        app.screen.query_one("#skip", Button).press()
        await pilot.pause()
        assert rows(store) == [("skipped", 0)]


async def test_setup_changes_reach_the_schedule(make_app, clock):
    app = make_app(quick(interval_minutes=30))
    async with app.run_test(size=(80, 24)) as pilot:
        await advance_breaks(pilot, clock, 60)
        assert home_line(app, "break-next").startswith("Next break in 29 min")
        app._apply(quick(interval_minutes=10))
        await pilot.pause()
        assert home_line(app, "break-next").startswith("Next break in 9 min")


async def test_the_palette_takes_a_break_now_and_snoozes(make_app, clock, store):
    app = make_app(quick())
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_snooze_break()  # nothing due: says so, logs nothing
        await advance_breaks(pilot, clock, 15)
        app.action_snooze_break()
        await pilot.pause()
        assert rows(store) == [(None, 1)]
        app.action_break_now()
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        assert app.screen.run.routine.id == "desk-break"
        assert rows(store) == [("done", 1)]


async def test_a_toast_key_answers_only_while_the_toast_is_up(make_app, clock, store):
    app = make_app(quick())
    async with app.run_test(size=(80, 24)) as pilot:
        await advance_breaks(pilot, clock, 15)
        await pilot.press("d")
        assert rows(store) == [("done", 0)]
        assert isinstance(app.screen, BreakOfferScreen)
        await pilot.press("n")
        await pilot.press("d")  # no toast now: nothing
        assert rows(store) == [("done", 0)]


def test_no_screen_where_the_toast_keys_answer_binds_them_for_anything_else():
    """On home and the summary a break toast's keys answer it: those screens' own keys (as
    shipped) must differ, or one of the two would silently not work for that minute."""
    from textual.widgets import OptionList

    from coach.ui.app import CoachApp
    from coach.ui.screens.home import HomeScreen
    from coach.ui.screens.summary import SummaryScreen
    from coach.ui.widgets.routine_list import RoutineList

    toast = {
        key.strip()
        for binding in CoachApp.BINDINGS
        if getattr(binding, "id", "") in ("break.done", "break.snooze", "break.skip", "break.away")
        for key in binding.key.split(",")
    }
    assert toast == {"d", "z", "x", "y"}
    for screen in (HomeScreen, RoutineList, OptionList, SummaryScreen):
        own = {key.strip() for binding in screen.BINDINGS for key in binding.key.split(",")}
        assert not own & toast, f"{screen.__name__} binds {own & toast}"


def test_the_tally_says_of_how_many_only_when_that_means_something():
    from coach.services.break_keeper import Tally
    from coach.ui.widgets.break_status import tally_text

    assert tally_text(Tally(taken=3, expected=17)).startswith("Breaks today: 3 of 17 taken · ")
    assert tally_text(Tally(taken=2, expected=0)).startswith("Breaks today: 2 taken · ")  # off
    assert tally_text(Tally(taken=0, expected=5759)).startswith("Breaks today: 0 taken · ")


async def test_the_footer_under_the_break_prompt_shows_its_keys_not_home_s(make_app, clock):
    from textual.widgets import Footer

    from coach.ui.dialogs.break_prompt import BreakPromptScreen

    app = make_app(quick())
    async with app.run_test(size=(80, 24)) as pilot:
        await advance_breaks(pilot, clock, 75)
        assert isinstance(app.screen, BreakPromptScreen)
        await pilot.pause()
        footer = app.screen.query_one(Footer)
        shown = " ".join(str(key.render()) for key in footer.query("FooterKey"))
    assert "Done" in shown and "Snooze" in shown and "Skip" in shown
    assert "History" not in shown and "Start" not in shown


async def test_the_toast_and_home_name_the_keys_in_force_and_snooze_only_while_left(
    make_app, clock, store
):
    app = make_app(Config(breaks=quick().breaks, keys={"break.done": "g", "break.snooze": "o"}))
    async with app.run_test(size=(80, 24)) as pilot:
        await advance_breaks(pilot, clock, 15)
        (toast,) = app._notifications
        assert "g done · o snooze · x skip" in str(toast.message)
        assert "(g done · o snooze · x skip)" in home_line(app, "break-next")
        for _ in range(2):  # both snoozes, then the prompt again
            await pilot.press("o")
            await advance_breaks(pilot, clock, 7)
        assert rows(store) == [(None, 2)]
        assert "(g done · x skip)" in home_line(app, "break-next")
        assert "snooze" not in str(list(app._notifications)[-1].message)
        await pilot.press("o")  # nothing left: nothing happens, nothing is counted
        assert rows(store) == [(None, 2)]


async def test_a_toast_on_a_screen_with_its_own_keys_names_none(make_app, clock, store):
    """On history, d deletes a session: the toast must not say "d done" there."""
    app = make_app(quick())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h")
        await advance_breaks(pilot, clock, 15)
        (toast,) = app._notifications
        assert "d done" not in str(toast.message)
        assert "dialog opens in" in str(toast.message)


async def test_the_dialog_comes_before_missed_however_short_missed_is(make_app, clock, store):
    app = make_app(quick(missed_after_minutes=0.5))
    async with app.run_test(size=(80, 24)) as pilot:
        await advance_breaks(pilot, clock, 15 + 16)
        assert isinstance(app.screen, BreakPromptScreen)
        assert rows(store) == [(None, 0)]
        await advance_breaks(pilot, clock, 20)
        assert rows(store) == [("missed", 0)]


async def test_quiet_tmux_asks_once_and_y_counts_it_as_a_break(make_app, clock, store):
    """tmux alone can't tell a walk from reading in a browser: nothing is credited unless the
    person says so, and saying so logs the stretch with both its ends."""
    app = make_app(quick(natural_break_minutes=0.1, interval_minutes=5))
    async with app.run_test(size=(80, 24)) as pilot:
        for second in range(10):  # no key in tmux for 10 s
            await advance_breaks(pilot, clock, 1)
            app.prompter.set_idle(second + 1, whole_desk=False, source="tmux")
        assert rows(store) == []
        assert "Next break in" in home_line(app, "break-next")
        app.prompter.set_idle(0, whole_desk=False)  # a key again
        await advance_breaks(pilot, clock, 1)
        (toast,) = [n for n in app._notifications if "Away from the desk" in n.message]
        assert "y counts it as a break" in toast.message
        assert rows(store) == []  # asked, nothing credited yet
        await pilot.press("y")
        (row,) = store.db.query("SELECT * FROM breaks")
        assert row["outcome"] == "natural"
        assert row["started_at"] < row["ended_at"] <= row["answered_at"]
        await pilot.press("y")  # once only
        assert len(rows(store)) == 1


async def test_an_unanswered_question_credits_nothing(make_app, clock, store):
    app = make_app(quick(natural_break_minutes=0.1, interval_minutes=60))
    async with app.run_test(size=(80, 24)) as pilot:
        for second in range(10):
            await advance_breaks(pilot, clock, 1)
            app.prompter.set_idle(second + 1, whole_desk=False)
        app.prompter.set_idle(0, whole_desk=False)
        await advance_breaks(pilot, clock, 11 * 60, step=30)
        await pilot.press("y")  # too late: the question has lapsed
        assert rows(store) == []


class FakeDesktop:
    """A desktop session's notification server, as coach's Notifier meets it: buttons, clicks
    from another thread, closing."""

    def __init__(self) -> None:
        import threading

        self.shown: list[tuple[str, list[tuple[str, str]]]] = []
        self.closed = 0
        self.on_action = None
        self.lock = threading.Lock()
        self.desktop = True
        self.terminal = True
        self.outer_term = None

    def can_use_desktop(self) -> bool:
        return True

    def notify(self, title, body, *, actions=(), on_action=None):
        with self.lock:
            self.shown.append((title, list(actions)))
            self.on_action = on_action
        return "desktop"

    def close(self) -> None:
        with self.lock:
            self.closed += 1
            self.on_action = None

    def click(self, key: str) -> None:
        import threading

        callback = self.on_action
        assert callback is not None, "no notification up"
        # from a thread of its own, as the notification's reader calls it; not joined here:
        # the callback waits for the app's loop, which is this thread's
        threading.Thread(target=callback, args=(key,), daemon=True).start()


async def settle(pilot, app) -> None:
    """Let the courier thread and any call_from_thread land."""
    import asyncio

    for _ in range(5):
        await asyncio.wrap_future(app.prompter._courier.submit(lambda: None))
        await pilot.pause(0.01)


async def test_the_desktop_notification_has_buttons_that_answer_and_goes_when_answered(
    make_app, clock, store
):
    desktop = FakeDesktop()
    app = make_app(quick(), notifier=desktop)
    async with app.run_test(size=(80, 24)) as pilot:
        await advance_breaks(pilot, clock, 15)
        await settle(pilot, app)
        (title, actions) = desktop.shown[-1]
        assert title == "Time to stand up"
        assert [key for key, _ in actions] == ["done", "snooze"]
        desktop.click("snooze")
        await settle(pilot, app)
        assert rows(store) == [(None, 1)]
        assert desktop.closed >= 1  # snoozed: the nudge goes until the prompt is back
        await advance_breaks(pilot, clock, 7)
        await settle(pilot, app)
        closed = desktop.closed
        desktop.click("done")
        await settle(pilot, app)
        assert rows(store) == [("done", 1)]
        assert desktop.closed > closed

        await advance_breaks(pilot, clock, 20)  # the next prompt, answered from a shell
        await settle(pilot, app)
        closed = desktop.closed
        shell = Store.open(store.path)
        try:
            answer_from_shell(shell, "done", clock.now(), max_snoozes=2)
        finally:
            shell.close()
        await advance_breaks(pilot, clock, 1)
        await settle(pilot, app)
        assert desktop.closed > closed  # answered elsewhere: no stale nudge


async def test_the_desk_break_routine_is_a_break_only_when_it_was_one(make_app, clock, store):
    """Started from home and quit after 4 s: nothing. Played to the end: one break, logged at
    its end with both its times."""
    app = make_app(quick(interval_minutes=30))
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_routine(app.routines.get("desk-break"))
        await pilot.pause()
        await advance_breaks(pilot, clock, 4)
        await pilot.press("q", "y")
        await pilot.pause()
        assert rows(store) == []
        await pilot.press("enter")  # the summary, home again
        app.start_routine(app.routines.get("desk-break"))
        await pilot.pause()
        assert rows(store) == []  # nothing at the start either
        await advance_breaks(pilot, clock, 10 * 60, step=1)
        (row,) = store.db.query("SELECT * FROM breaks")
        assert row["outcome"] == "self"
        assert row["started_at"] < row["ended_at"]


async def test_a_routine_with_breaks_off_logs_no_break(make_app, clock, store):
    app = make_app(Config(breaks=BreakSettings(enabled=False)))
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_routine(app.routines.get("desk-break"))
        await pilot.pause()
        await advance_breaks(pilot, clock, 10 * 60, step=1)
        assert rows(store) == []


class FakePopup:
    def __init__(self) -> None:
        self.shown: list[list[str]] = []
        self.closed = 0

    def available(self) -> bool:
        return True

    def show(self, ask):
        self.shown.append(list(ask))
        return True

    def close(self) -> None:
        self.closed += 1


async def test_with_tmux_popup_on_the_prompt_also_asks_in_a_popup_and_it_goes_when_answered(
    make_app, clock, store, tmp_path
):
    popup = FakePopup()
    app = make_app(quick(tmux_popup=True), popup=popup, config_path=tmp_path / "config.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await advance_breaks(pilot, clock, 15)
        await settle(pilot, app)
        (ask,) = popup.shown
        assert ask[-6:] == [
            "break",
            "ask",
            "--db",
            str(store.path),
            "--config",
            str(tmp_path / "config.toml"),
        ]
        await pilot.press("d")
        await settle(pilot, app)
        assert popup.closed >= 1


async def test_without_tmux_popup_no_popup(make_app, clock, store):
    popup = FakePopup()
    app = make_app(quick(), popup=popup)
    async with app.run_test(size=(80, 24)) as pilot:
        await advance_breaks(pilot, clock, 15)
        await settle(pilot, app)
        assert popup.shown == []


async def test_the_app_announces_itself_to_coach_status_once_home_is_drawn(make_app, store):
    """The heartbeat row is written just after the first frame (not before it), so `coach
    status` in another pane knows which coach prompts from the start."""
    import json
    import os

    from coach.core.vocabulary import StateKey

    seen: list[str | None] = []
    app = make_app(quick(), started=lambda: seen.append(store.get_state(StateKey.BREAKS)))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        state = json.loads(store.get_state(StateKey.BREAKS))
        assert (state["pid"], state["role"], state["phase"]) == (os.getpid(), "window", "sitting")
    assert seen == [None]  # nothing was written on the way to the first frame
