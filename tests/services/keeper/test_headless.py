"""``coach keeper``'s loop on a fake clock: prompts are rows and notifications with buttons, a
click or a shell's answer closes both, a stop lets the lock go, and a window waits its turn."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from coach.core.breaks import Prompted
from coach.core.clock import FakeClock
from coach.core.vocabulary import BreakAnswer, BreakOutcome
from coach.services.break_keeper import BreakKeeper, answer_from_shell
from coach.services.headless import HeadlessKeeper
from coach.store import Store
from coach.system.idle import IdleReading
from coach.system.lock import BreakLock, lock_path_for
from tests.services.keeper.monday import POLICY

INTERVAL = 30 * 60


@dataclass
class Sent:
    title: str
    body: str
    actions: list[tuple[str, str]]
    on_action: Callable[[str], None] | None


@dataclass
class FakeNotifier:
    sent: list[Sent] = field(default_factory=list)
    closes: int = 0
    up: bool = False

    def notify(
        self,
        title: str,
        body: str,
        *,
        actions: Sequence[tuple[str, str]] = (),
        on_action: Callable[[str], None] | None = None,
    ) -> str | None:
        self.sent.append(Sent(title, body, list(actions), on_action))
        self.up = True
        return "desktop"

    def close(self) -> None:
        self.closes += 1
        self.up = False

    def click(self, key: str) -> None:
        """The person clicks a button (the real reader thread calls on_action)."""
        callback = self.sent[-1].on_action
        assert callback is not None
        callback(key)


class Loop:
    """A headless keeper with everything it touches captured."""

    def __init__(
        self,
        store: Store,
        clock: FakeClock,
        idle: Callable[[], IdleReading | None] | None = None,
    ) -> None:
        self.clock = clock
        self.notifier = FakeNotifier()
        self.lines: list[str] = []
        self.warnings: list[str] = []
        self.bells = 0
        self.keeper = BreakKeeper(POLICY, store, clock, BreakLock(lock_path_for(store.path)))
        self.headless = HeadlessKeeper(
            self.keeper,
            clock=clock,
            notifier=self.notifier,
            say=self.lines.append,
            warn=self.warnings.append,
            bell=self.ring,
            idle_reader=idle,
        )

    def ring(self) -> None:
        self.bells += 1

    def ticks(self, seconds: float) -> None:
        """Tick once a second for ``seconds`` of fake time."""
        for _ in range(int(seconds)):
            self.clock.advance(1)
            self.headless.step()


@pytest.fixture
def loop(store: Store, clock: FakeClock):
    made = Loop(store, clock)
    made.headless.start()
    yield made
    made.headless.close()


def test_a_prompt_at_30_minutes_is_a_row_a_line_a_bell_and_a_notification_with_buttons(
    loop: Loop, store: Store
):
    loop.ticks(INTERVAL - 2)
    assert store.pending_break() is None and not loop.notifier.sent
    loop.ticks(3)
    row = store.pending_break()
    assert row is not None and row["outcome"] is None
    [sent] = loop.notifier.sent
    assert sent.title == "Time to stand up"
    assert sent.actions == [("done", "Done"), ("snooze", "Snooze 5 min")]
    assert loop.bells == 1
    assert "09:30 Time to stand up — coach break done | snooze | skip" in loop.lines


def test_clicking_done_closes_the_row_as_done_and_the_notification(loop: Loop, store: Store):
    loop.ticks(INTERVAL + 1)
    row = store.pending_break()
    assert row is not None
    loop.notifier.click("done")  # on the reader thread: queued, answered on the next tick
    assert store.pending_break() is not None
    loop.ticks(1)
    closed = store.break_row(row["id"])
    assert closed is not None and closed["outcome"] == BreakOutcome.DONE.value
    assert not loop.notifier.up
    assert loop.headless.keeper.scheduler.prompt is None


def test_clicking_snooze_counts_it_in_the_row_and_prompts_again_later(loop: Loop, store: Store):
    loop.ticks(INTERVAL + 1)
    loop.notifier.click("snooze")
    loop.ticks(1)
    row = store.pending_break()
    assert row is not None and row["snoozes"] == 1
    assert not loop.notifier.up
    loop.ticks(5 * 60 + 1)
    assert loop.notifier.up and len(loop.notifier.sent) == 2
    assert loop.notifier.sent[-1].actions[-1] == ("snooze", "Snooze 5 min")


def test_a_click_after_the_break_was_answered_elsewhere_does_nothing(
    loop: Loop, store: Store, shell: Store, clock: FakeClock
):
    loop.ticks(INTERVAL + 1)
    row = store.pending_break()
    assert row is not None
    answer_from_shell(shell, BreakAnswer.SKIP, clock.now(), max_snoozes=2)
    loop.notifier.click("done")
    loop.ticks(1)
    closed = store.break_row(row["id"])
    assert closed is not None and closed["outcome"] == BreakOutcome.SKIPPED.value
    assert store.pending_break() is None
    assert "09:30 Break skipped: logged." in loop.lines


def test_coach_break_done_from_a_shell_closes_the_notification_within_a_tick(
    loop: Loop, store: Store, shell: Store, clock: FakeClock
):
    loop.ticks(INTERVAL + 1)
    assert loop.notifier.up
    row = store.pending_break()
    assert row is not None
    assert answer_from_shell(shell, BreakAnswer.DONE, clock.now(), max_snoozes=2).startswith(
        "Break done"
    )
    loop.ticks(1)
    assert not loop.notifier.up
    closed = store.break_row(row["id"])
    assert closed is not None and closed["outcome"] == BreakOutcome.DONE.value
    assert closed["prompted_at"] <= closed["answered_at"]


def test_stopping_the_loop_releases_the_lock_and_takes_the_notification_down(
    store: Store, clock: FakeClock
):
    loop = Loop(store, clock)
    seen: list[bool] = []

    def stop() -> bool:
        seen.append(loop.keeper.holder)
        return clock.monotonic() >= 1000 + INTERVAL + 5

    loop.headless.run(stop=stop, sleep=clock.advance)
    assert all(seen) and loop.notifier.sent  # it prompted while it ran
    assert not loop.keeper.holder and not loop.notifier.up
    other = BreakLock(lock_path_for(store.path))
    assert other.acquire()
    other.release()


def test_once_takes_one_look_and_lets_go(store: Store, clock: FakeClock):
    loop = Loop(store, clock)
    loop.headless.run(stop=lambda: False, sleep=clock.advance, once=True)
    assert loop.lines == ["Breaks: this keeper prompts now."]
    assert not loop.keeper.holder


def test_a_window_cannot_prompt_while_the_keeper_holds_the_lock_and_takes_over_after(
    loop: Loop, store: Store, db: Path, clock: FakeClock
):
    window_store = Store.open(db)
    window = BreakKeeper(POLICY, window_store, clock, BreakLock(lock_path_for(db)))
    try:
        assert window.start() == []
        assert not window.holder and window.other_holder() is not None
        window_events = []
        for _ in range(INTERVAL + 10):
            clock.advance(1)
            loop.headless.step()
            window_events += window.tick()
        assert not any(isinstance(e, Prompted) for e in window_events)
        assert len(loop.notifier.sent) == 1  # the keeper prompted, once
        loop.headless.close()
        assert not loop.notifier.up
        for _ in range(6):  # the window retries the lock every 5 s
            clock.advance(1)
            window.tick()
        assert window.holder
        assert window.scheduler.prompt is not None  # it adopted the keeper's open prompt
    finally:
        window.close()
        window_store.close()


def test_a_keeper_started_after_a_window_waits_says_who_prompts_and_takes_over(
    store: Store, db: Path, clock: FakeClock
):
    window_store = Store.open(db)
    window = BreakKeeper(POLICY, window_store, clock, BreakLock(lock_path_for(db)))
    window.start()
    loop = Loop(store, clock)
    try:
        loop.headless.start()
        assert not loop.keeper.holder
        assert any(line.startswith("Breaks: another coach (pid ") for line in loop.lines)
        loop.ticks(20)
        assert sum("another coach" in line for line in loop.lines) == 1  # said once
        window.close()
        loop.ticks(6)
        assert loop.keeper.holder
        assert loop.lines[-1] == "Breaks: this keeper prompts now."
    finally:
        loop.headless.close()
        window.close()
        window_store.close()


def test_idle_is_read_every_five_seconds_and_passed_with_whole_desk(store: Store, clock: FakeClock):
    reads: list[float] = []

    def idle() -> IdleReading:
        reads.append(clock.monotonic())
        return IdleReading(seconds=0.0, source="fake", whole_desk=True)

    loop = Loop(store, clock, idle)
    calls: list[tuple[float | None, bool]] = []
    tick = loop.keeper.tick

    def spy(idle_seconds: float | None = None, *, whole_desk: bool = True):
        calls.append((idle_seconds, whole_desk))
        return tick(idle_seconds, whole_desk=whole_desk)

    loop.keeper.tick = spy  # type: ignore[method-assign]
    loop.headless.start()
    try:
        loop.ticks(20)
        assert len(reads) == 5  # at start, then every 5 s
        assert loop.keeper.idle_source == "fake"
        assert all(whole for _, whole in calls)
        assert calls[2][0] == pytest.approx(3.0)  # aged since the last reading
    finally:
        loop.headless.close()


def test_rows_the_log_refused_are_said_one_line_each(loop: Loop):
    loop.keeper.unsaved += ["a break prompt (disk full)", "a snooze (disk full)"]
    loop.ticks(1)
    assert loop.warnings == [
        "not saved to the log: a break prompt (disk full)",
        "not saved to the log: a snooze (disk full)",
    ]
