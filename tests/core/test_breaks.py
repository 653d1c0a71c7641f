"""The break scheduler over a fake clock: whole work days, snoozes, edges, sleeps, DST, idling."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from coach.core.breaks import (
    ROUTINE_BREAK_SECONDS,
    AwayAsked,
    BackAtDesk,
    BreakLogged,
    Event,
    Previous,
    Prompt,
    PromptClosed,
    Prompted,
    Scheduler,
    Snoozed,
    routine_counts_as_break,
)
from coach.core.clock import FakeClock
from coach.core.vocabulary import BreakOutcome, BreakPhase
from coach.core.work_hours import BreakPolicy, expected_breaks
from coach.services.config import BreakSettings

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
MONDAY = date(2026, 3, 2)
EVERY_DAY = frozenset(range(7))
ALL_DAY = {"work_start": time(0, 0), "work_end": None, "work_days": EVERY_DAY}

React = Callable[[Scheduler, Event], list[Event]]


def at(day: date, hhmm: str, zone: ZoneInfo = BERLIN) -> datetime:
    hours, minutes = map(int, hhmm.split(":"))
    return datetime.combine(day, time(hours, minutes), tzinfo=zone)


def drive(
    scheduler: Scheduler,
    clock: FakeClock,
    until: datetime,
    *,
    step: float = 10.0,
    idle: Callable[[], float | None] | None = None,
    react: React | None = None,
) -> list[Event]:
    """Let time pass in ``step`` seconds, looking each time as the app's tick would."""
    events: list[Event] = []
    while clock.now() < until:
        clock.advance(min(step, (until - clock.now()).total_seconds()))
        new = scheduler.update(idle=idle() if idle else None)
        events += new
        if react is not None:
            for event in new:
                events += react(scheduler, event)
    return events


def answer_done(scheduler: Scheduler, event: Event) -> list[Event]:
    return scheduler.answer(BreakOutcome.DONE) if isinstance(event, Prompted) else []


def prompts(events: list[Event], *, again: bool = False) -> list[Prompted]:
    return [e for e in events if isinstance(e, Prompted) and e.again == again]


def local_times(events: list[Prompted]) -> list[str]:
    return [f"{e.prompt.due_at:%H:%M}" for e in events]


def started(policy: BreakPolicy, clock: FakeClock, previous: Previous | None = None) -> Scheduler:
    scheduler = Scheduler(policy, clock)
    scheduler.start(previous)
    return scheduler


# -- a whole day -----------------------------------------------------------------------------


def test_a_monday_nine_to_six_at_thirty_minutes_prompts_seventeen_times():
    clock = FakeClock(at(MONDAY, "07:00"))
    policy = BreakPolicy()
    scheduler = started(policy, clock)
    events = drive(scheduler, clock, at(MONDAY, "20:00"), react=answer_done)
    shown = prompts(events)
    assert len(shown) == 17 == expected_breaks(policy, MONDAY, BERLIN)
    assert local_times(shown) == [
        f"{h:02d}:{m:02d}" for h in range(9, 18) for m in (0, 30) if (h, m) != (9, 0)
    ]
    closed = [e for e in events if isinstance(e, PromptClosed)]
    assert [e.outcome for e in closed] == [BreakOutcome.DONE] * 17
    assert scheduler.phase is BreakPhase.OFF_HOURS


def test_the_first_break_comes_one_interval_after_coach_starts_when_that_is_later():
    clock = FakeClock(at(MONDAY, "10:07"))
    scheduler = started(BreakPolicy(), clock)
    events = drive(scheduler, clock, at(MONDAY, "11:00"), react=answer_done)
    assert local_times(prompts(events)) == ["10:37"]


def test_a_saturday_prompts_nothing():
    saturday = date(2026, 3, 7)
    clock = FakeClock(at(saturday, "08:00"))
    scheduler = started(BreakPolicy(), clock)
    assert drive(scheduler, clock, at(saturday, "20:00"), step=60) == []
    assert expected_breaks(BreakPolicy(), saturday, BERLIN) == 0


def test_unanswered_prompts_are_missed_and_the_next_comes_a_full_interval_later():
    clock = FakeClock(at(MONDAY, "08:55"))
    scheduler = started(BreakPolicy(), clock)
    events = drive(scheduler, clock, at(MONDAY, "10:59"))
    assert local_times(prompts(events)) == ["09:30", "10:10", "10:50"]
    missed = [e for e in events if isinstance(e, PromptClosed)]
    assert [e.outcome for e in missed] == [BreakOutcome.MISSED] * 2
    assert [f"{e.at:%H:%M}" for e in missed] == ["09:40", "10:20"]


def test_skip_restarts_a_full_interval_from_the_answer():
    clock = FakeClock(at(MONDAY, "09:00"))
    scheduler = started(BreakPolicy(), clock)
    drive(scheduler, clock, at(MONDAY, "09:30"))
    assert scheduler.phase is BreakPhase.PROMPTING
    clock.advance(120)
    (closed,) = scheduler.answer(BreakOutcome.SKIPPED)
    assert closed.outcome is BreakOutcome.SKIPPED and f"{closed.at:%H:%M}" == "09:32"
    assert scheduler.status().next_due == at(MONDAY, "10:02")


def test_a_disabled_scheduler_never_prompts():
    clock = FakeClock(at(MONDAY, "08:00"))
    scheduler = started(BreakPolicy(enabled=False), clock)
    assert drive(scheduler, clock, at(MONDAY, "18:00"), step=60) == []
    assert scheduler.phase is BreakPhase.DISABLED
    assert expected_breaks(BreakPolicy(enabled=False), MONDAY, BERLIN) == 0


# -- snoozes -----------------------------------------------------------------------------------


def test_snoozes_come_back_after_the_snooze_and_run_out():
    clock = FakeClock(at(MONDAY, "09:00"))
    policy = BreakPolicy(max_snoozes=2)
    scheduler = started(policy, clock)
    drive(scheduler, clock, at(MONDAY, "09:30"))
    assert scheduler.can_snooze()

    (snoozed,) = scheduler.snooze()
    assert isinstance(snoozed, Snoozed) and snoozed.until == at(MONDAY, "09:35")
    events = drive(scheduler, clock, at(MONDAY, "09:35"), step=1)
    (again,) = prompts(events, again=True)
    assert again.prompt.snoozes == 1 and again.can_snooze
    assert clock.now() == at(MONDAY, "09:35")

    scheduler.snooze()
    events = drive(scheduler, clock, at(MONDAY, "09:40"), step=1)
    (last,) = prompts(events, again=True)
    assert last.prompt.snoozes == 2 and not last.can_snooze
    assert scheduler.snooze() == []  # none left: only done or skip
    assert scheduler.phase is BreakPhase.PROMPTING

    (closed,) = scheduler.answer(BreakOutcome.DONE)
    assert closed.prompt.snoozes == 2
    assert closed.prompt.due_at == at(MONDAY, "09:30")
    assert closed.prompt.prompted_at == at(MONDAY, "09:30")


def test_no_snoozes_at_all_when_max_snoozes_is_zero():
    clock = FakeClock(at(MONDAY, "09:00"))
    scheduler = started(BreakPolicy(max_snoozes=0), clock)
    (shown,) = prompts(drive(scheduler, clock, at(MONDAY, "09:30")))
    assert not shown.can_snooze
    assert scheduler.snooze() == []


def test_the_missed_timer_restarts_with_each_showing():
    clock = FakeClock(at(MONDAY, "09:00"))
    scheduler = started(BreakPolicy(), clock)
    drive(scheduler, clock, at(MONDAY, "09:39"))
    scheduler.snooze()  # at 09:39, one minute before it would be missed
    events = drive(scheduler, clock, at(MONDAY, "09:53"))
    assert [e.outcome for e in events if isinstance(e, PromptClosed)] == []
    events = drive(scheduler, clock, at(MONDAY, "09:55"))
    (missed,) = [e for e in events if isinstance(e, PromptClosed)]
    assert missed.outcome is BreakOutcome.MISSED and f"{missed.at:%H:%M}" == "09:54"


def test_a_snooze_running_past_work_hours_ends_as_missed_without_a_prompt():
    clock = FakeClock(at(MONDAY, "17:27"))
    scheduler = started(BreakPolicy(), clock)
    drive(scheduler, clock, at(MONDAY, "17:57"))
    scheduler.snooze()  # back at 18:02, after work
    events = drive(scheduler, clock, at(MONDAY, "18:10"))
    assert prompts(events, again=True) == []
    (closed,) = [e for e in events if isinstance(e, PromptClosed)]
    assert closed.outcome is BreakOutcome.MISSED
    assert scheduler.phase is BreakPhase.OFF_HOURS


# -- work-hours edges --------------------------------------------------------------------------


def test_a_break_due_at_1759_is_prompted():
    clock = FakeClock(at(MONDAY, "17:29"))
    scheduler = started(BreakPolicy(), clock)
    events = drive(scheduler, clock, at(MONDAY, "18:30"), step=1)
    assert local_times(prompts(events)) == ["17:59"]


def test_a_break_due_at_1801_is_not_and_tomorrow_starts_fresh():
    clock = FakeClock(at(MONDAY, "17:31"))
    scheduler = started(BreakPolicy(), clock)
    assert drive(scheduler, clock, at(MONDAY, "18:30"), step=1) == []
    assert scheduler.phase is BreakPhase.OFF_HOURS
    assert scheduler.status().resumes_at == at(MONDAY + timedelta(days=1), "09:00")
    events = drive(scheduler, clock, at(MONDAY + timedelta(days=1), "09:45"), step=60)
    assert [f"{e.prompt.due_at:%a %H:%M}" for e in prompts(events)] == ["Tue 09:30"]


def test_a_prompt_up_at_the_end_of_the_day_can_still_be_answered():
    clock = FakeClock(at(MONDAY, "17:29"))
    scheduler = started(BreakPolicy(), clock)
    drive(scheduler, clock, at(MONDAY, "18:02"))
    assert scheduler.phase is BreakPhase.PROMPTING
    (closed,) = scheduler.answer(BreakOutcome.DONE)
    assert closed.outcome is BreakOutcome.DONE
    assert scheduler.phase is BreakPhase.OFF_HOURS


def test_friday_evening_resumes_on_monday():
    friday = date(2026, 3, 6)
    clock = FakeClock(at(friday, "18:30"))
    scheduler = started(BreakPolicy(), clock)
    assert scheduler.status().resumes_at == at(date(2026, 3, 9), "09:00")


def test_a_night_shift_window_runs_past_midnight():
    policy = BreakPolicy(work_start=time(22, 0), work_end=time(6, 0))
    assert policy.in_work(at(MONDAY, "23:00"))
    assert policy.in_work(at(MONDAY + timedelta(days=1), "05:59"))
    assert not policy.in_work(at(MONDAY + timedelta(days=1), "06:00"))
    assert not policy.in_work(at(MONDAY, "21:59"))
    assert expected_breaks(policy, MONDAY, BERLIN) == 15


def test_policy_from_settings():
    settings = BreakSettings(
        interval_minutes=0.25,
        snooze_minutes=1,
        max_snoozes=1,
        work_hours="00:00-24:00",
        work_days=["sat", "sun"],
        missed_after_minutes=2,
        natural_break_minutes=4,
    )
    policy = BreakPolicy.from_settings(settings)
    assert policy == BreakPolicy(
        interval=15,
        snooze=60,
        max_snoozes=1,
        missed_after=120,
        natural_after=240,
        work_start=time(0, 0),
        work_end=None,
        work_days=frozenset({5, 6}),
    )
    assert policy.in_work(at(date(2026, 3, 7), "23:59"))
    assert not policy.in_work(at(MONDAY, "12:00"))


# -- sleep and restarts ------------------------------------------------------------------------


def test_a_suspend_across_due_times_is_logged_once_as_away_with_no_pile_up():
    clock = FakeClock(at(MONDAY, "09:00"))
    scheduler = started(BreakPolicy(), clock)
    drive(scheduler, clock, at(MONDAY, "09:20"))
    clock.suspend(2 * 3600)  # the lid closes for two hours: four breaks would have come due
    events = scheduler.update()
    (away,) = events
    assert isinstance(away, BreakLogged) and away.outcome is BreakOutcome.AWAY
    assert (away.started, away.ended) == (at(MONDAY, "09:20"), at(MONDAY, "11:20"))
    assert away.due_at == at(MONDAY, "09:30")
    later = drive(scheduler, clock, at(MONDAY, "12:00"), react=answer_done)
    assert local_times(prompts(later)) == ["11:50"]
    assert [e for e in later if isinstance(e, BreakLogged)] == []


def test_a_prompt_up_when_the_machine_sleeps_is_closed_as_away():
    clock = FakeClock(at(MONDAY, "09:00"))
    scheduler = started(BreakPolicy(), clock)
    drive(scheduler, clock, at(MONDAY, "09:31"))
    clock.suspend(3600)
    (closed,) = scheduler.update()
    assert isinstance(closed, PromptClosed) and closed.outcome is BreakOutcome.AWAY
    assert closed.ended == at(MONDAY, "10:31")
    assert scheduler.status().next_due == at(MONDAY, "11:01")


def test_a_suspend_overnight_starts_the_next_day_fresh():
    clock = FakeClock(at(MONDAY, "17:50"))
    scheduler = started(BreakPolicy(), clock)
    drive(scheduler, clock, at(MONDAY, "18:10"))
    clock.suspend(15 * 3600)  # wakes Tuesday 09:10
    assert scheduler.update() == []
    assert scheduler.status().next_due == at(MONDAY + timedelta(days=1), "09:40")


def test_wall_clock_jumps_neither_fire_nor_starve_a_break():
    clock = FakeClock(at(MONDAY, "10:00"))
    scheduler = started(BreakPolicy(), clock)
    drive(scheduler, clock, at(MONDAY, "10:10"))
    clock.jump_wall(3600)  # NTP or a person sets the clock an hour ahead
    assert scheduler.update() == []
    assert scheduler.seconds_left() == pytest.approx(20 * 60)
    clock.jump_wall(-2 * 3600)  # and two hours back
    assert scheduler.update() == []
    events = drive(scheduler, clock, clock.now() + timedelta(minutes=20), step=1)
    assert len(prompts(events)) == 1
    assert scheduler.shown_for() == 0


def test_travelling_across_time_zones_keeps_sitting_time():
    clock = FakeClock(at(MONDAY, "15:00"), tz=BERLIN)
    policy = BreakPolicy(work_start=time(8, 0), work_end=time(20, 0))
    scheduler = started(policy, clock)
    drive(scheduler, clock, at(MONDAY, "15:20"))
    clock.set_zone(ZoneInfo("Europe/London"))  # 14:20 there: still work hours
    events = drive(scheduler, clock, at(MONDAY, "15:30"), step=1)
    assert [f"{e.prompt.due_at:%H:%M %Z}" for e in prompts(events)] == ["14:30 GMT"]


def test_resume_keeps_the_break_the_last_coach_scheduled():
    clock = FakeClock(at(MONDAY, "10:25"))
    previous = Previous(seen_at=at(MONDAY, "10:10"), next_due=at(MONDAY, "10:30"))
    scheduler = started(BreakPolicy(), clock, previous)
    assert scheduler.status().next_due == at(MONDAY, "10:30")


def test_a_break_due_while_coach_was_closed_is_one_away_row():
    clock = FakeClock(at(MONDAY, "12:05"))
    previous = Previous(seen_at=at(MONDAY, "10:10"), next_due=at(MONDAY, "10:30"))
    scheduler = Scheduler(BreakPolicy(), clock)
    (away,) = scheduler.start(previous)
    assert isinstance(away, BreakLogged) and away.outcome is BreakOutcome.AWAY
    assert (away.started, away.ended) == (at(MONDAY, "10:10"), at(MONDAY, "12:05"))
    assert scheduler.status().next_due == at(MONDAY, "12:35")


def test_yesterdays_schedule_is_forgotten():
    clock = FakeClock(at(MONDAY, "09:05"))
    friday = date(2026, 2, 27)
    previous = Previous(seen_at=at(friday, "17:40"), next_due=at(friday, "17:55"))
    scheduler = Scheduler(BreakPolicy(), clock)
    assert scheduler.start(previous) == []
    assert scheduler.status().next_due == at(MONDAY, "09:35")


def test_a_prompt_left_open_moments_ago_is_shown_again():
    clock = FakeClock(at(MONDAY, "10:31"))
    pending = Prompt(at(MONDAY, "10:30"), at(MONDAY, "10:30"), snoozes=1)
    previous = Previous(seen_at=at(MONDAY, "10:30"), pending=pending)
    scheduler = Scheduler(BreakPolicy(), clock)
    (shown,) = scheduler.start(previous)
    assert isinstance(shown, Prompted) and shown.again and shown.prompt == pending
    assert scheduler.phase is BreakPhase.PROMPTING
    assert scheduler.sitting_for() == 31 * 60  # since 10:00, one interval before it was due


def test_a_prompt_left_open_long_ago_is_closed_as_away():
    clock = FakeClock(at(MONDAY, "14:00"))
    pending = Prompt(at(MONDAY, "10:30"), at(MONDAY, "10:30"))
    previous = Previous(seen_at=at(MONDAY, "10:32"), pending=pending)
    scheduler = Scheduler(BreakPolicy(), clock)
    (closed,) = scheduler.start(previous)
    assert isinstance(closed, PromptClosed) and closed.outcome is BreakOutcome.AWAY
    assert closed.started == at(MONDAY, "10:32")
    assert scheduler.status().next_due == at(MONDAY, "14:30")


# -- DST days ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "day", "hours"),
    [
        (NEW_YORK, date(2026, 3, 8), 23),
        (NEW_YORK, date(2026, 11, 1), 25),
        (BERLIN, date(2026, 3, 29), 23),
        (BERLIN, date(2026, 10, 25), 25),
    ],
    ids=["new-york-spring", "new-york-fall", "berlin-spring", "berlin-fall"],
)
def test_dst_days_prompt_every_thirty_real_minutes(zone, day, hours):
    policy = BreakPolicy(**ALL_DAY)
    clock = FakeClock(at(day, "00:00", zone), tz=zone)
    scheduler = started(policy, clock)
    end = (at(day, "00:00", zone).astimezone(UTC) + timedelta(hours=hours)).astimezone(zone)
    events = drive(scheduler, clock, end, step=30, react=answer_done)
    shown = [
        e for e in prompts(events) if e.prompt.due_at < end
    ]  # the next day's first is due at the end
    assert len(shown) == hours * 2 - 1 == expected_breaks(policy, day, zone)
    instants = [e.prompt.due_at.astimezone(UTC) for e in shown]
    assert {(b - a).total_seconds() for a, b in zip(instants, instants[1:], strict=False)} == {
        1800.0
    }


@pytest.mark.parametrize(
    ("zone", "day"),
    [
        (NEW_YORK, date(2026, 3, 8)),
        (NEW_YORK, date(2026, 11, 1)),
        (BERLIN, date(2026, 3, 29)),
        (BERLIN, date(2026, 10, 25)),
    ],
)
def test_dst_days_keep_the_work_window_on_the_wall_clock(zone, day):
    policy = BreakPolicy(work_days=EVERY_DAY)
    clock = FakeClock(at(day, "00:30", zone), tz=zone)
    scheduler = started(policy, clock)
    shown = prompts(drive(scheduler, clock, at(day, "20:00", zone), step=60, react=answer_done))
    assert local_times(shown)[0] == "09:30" and local_times(shown)[-1] == "17:30"
    assert len(shown) == 17 == expected_breaks(policy, day, zone)


# -- idling: natural breaks --------------------------------------------------------------------


class Keys:
    """When the last key anywhere was pressed, as tmux would report it."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.last = clock.monotonic()

    def press(self) -> None:
        self.last = self.clock.monotonic()

    def idle(self) -> float:
        return self.clock.monotonic() - self.last


def test_three_idle_minutes_are_a_natural_break_and_a_key_restarts_sitting():
    clock = FakeClock(at(MONDAY, "09:00"))
    keys = Keys(clock)
    scheduler = started(BreakPolicy(), clock)

    def typing_until(stop: str) -> Callable[[], float]:
        def idle() -> float:
            if clock.now() <= at(MONDAY, stop):
                keys.press()
            return keys.idle()

        return idle

    events = drive(scheduler, clock, at(MONDAY, "09:20"), idle=typing_until("09:10"))
    (natural,) = events
    assert isinstance(natural, BreakLogged) and natural.outcome is BreakOutcome.NATURAL
    assert natural.started == at(MONDAY, "09:10") and natural.at == at(MONDAY, "09:13")
    assert scheduler.phase is BreakPhase.AWAY and scheduler.seconds_left() is None

    clock.advance(600)
    keys.press()  # back at 09:30
    clock.advance(5)
    (back,) = scheduler.update(idle=keys.idle())
    assert isinstance(back, BackAtDesk) and back.back_at == at(MONDAY, "09:30")
    assert back.away_since == at(MONDAY, "09:10")
    assert scheduler.status().next_due == at(MONDAY, "10:00")


def test_jittery_idle_readings_do_not_end_an_absence():
    clock = FakeClock(at(MONDAY, "09:00"))
    scheduler = started(BreakPolicy(), clock)
    drive(scheduler, clock, at(MONDAY, "09:10"))
    last_key = clock.monotonic()
    readings = iter([0.0, -0.4, 0.3, -0.9, 0.6] * 200)

    def whole_seconds_read_late() -> float:
        return float(int(clock.monotonic() - last_key)) + next(readings)

    events = drive(scheduler, clock, at(MONDAY, "09:30"), step=5, idle=whole_seconds_read_late)
    assert [type(e) for e in events] == [BreakLogged]
    assert scheduler.phase is BreakPhase.AWAY


def test_nobody_is_prompted_while_away_from_the_keys():
    clock = FakeClock(at(MONDAY, "09:00"))
    keys = Keys(clock)
    scheduler = started(BreakPolicy(), clock)
    events = drive(scheduler, clock, at(MONDAY, "11:00"), idle=keys.idle)
    assert [type(e) for e in events] == [BreakLogged]
    assert prompts(events) == []


def test_walking_away_from_a_prompt_closes_it_as_natural():
    clock = FakeClock(at(MONDAY, "09:00"))
    keys = Keys(clock)
    scheduler = started(BreakPolicy(), clock)

    def idle() -> float:
        if clock.now() <= at(MONDAY, "09:29"):
            keys.press()
        return keys.idle()

    events = drive(scheduler, clock, at(MONDAY, "09:35"), idle=idle)
    assert local_times(prompts(events)) == ["09:30"]
    (closed,) = [e for e in events if isinstance(e, PromptClosed)]
    assert closed.outcome is BreakOutcome.NATURAL and closed.started == at(MONDAY, "09:29")
    assert f"{closed.at:%H:%M}" == "09:32"


def test_idle_from_before_a_restart_does_not_count():
    clock = FakeClock(at(MONDAY, "09:00"))
    keys = Keys(clock)
    scheduler = started(BreakPolicy(), clock)
    drive(scheduler, clock, at(MONDAY, "09:02"))
    clock.suspend(3600)  # no key for an hour, all of it asleep
    scheduler.update(idle=keys.idle())
    events = drive(scheduler, clock, at(MONDAY, "10:04"), idle=keys.idle)
    assert events == []  # idle only counts from the wake-up: two minutes so far
    events = drive(scheduler, clock, at(MONDAY, "10:06"), idle=keys.idle)
    assert [e.outcome for e in events if isinstance(e, BreakLogged)] == [BreakOutcome.NATURAL]


def test_the_home_key_while_away_just_brings_you_back():
    clock = FakeClock(at(MONDAY, "09:00"))
    keys = Keys(clock)
    scheduler = started(BreakPolicy(), clock)
    drive(scheduler, clock, at(MONDAY, "09:10"), idle=keys.idle)
    (back,) = scheduler.stood_up()
    assert isinstance(back, BackAtDesk)
    assert scheduler.status().next_due == at(MONDAY, "09:40")


# -- standing up unprompted and routines -------------------------------------------------------


def test_standing_up_unprompted_logs_self_and_restarts_the_interval():
    clock = FakeClock(at(MONDAY, "09:00"))
    scheduler = started(BreakPolicy(), clock)
    drive(scheduler, clock, at(MONDAY, "09:20"))
    (logged,) = scheduler.stood_up()
    assert isinstance(logged, BreakLogged) and logged.outcome is BreakOutcome.SELF
    assert logged.due_at == at(MONDAY, "09:30")
    assert scheduler.status().next_due == at(MONDAY, "09:50")


def test_standing_up_with_a_prompt_up_answers_it_as_done():
    clock = FakeClock(at(MONDAY, "09:00"))
    scheduler = started(BreakPolicy(), clock)
    drive(scheduler, clock, at(MONDAY, "09:31"))
    (closed,) = scheduler.stood_up()
    assert isinstance(closed, PromptClosed) and closed.outcome is BreakOutcome.DONE


def test_nothing_is_prompted_during_a_routine_and_a_done_one_is_a_break():
    clock = FakeClock(at(MONDAY, "09:00"))
    scheduler = started(BreakPolicy(), clock)
    drive(scheduler, clock, at(MONDAY, "09:25"))
    assert scheduler.routine_started() == []
    assert drive(scheduler, clock, at(MONDAY, "09:40")) == []
    (taken,) = scheduler.routine_ended(done=True, started=at(MONDAY, "09:25"))
    assert isinstance(taken, BreakLogged) and taken.outcome is BreakOutcome.SELF
    assert (taken.started, taken.ended) == (at(MONDAY, "09:25"), at(MONDAY, "09:40"))
    assert scheduler.status().next_due == at(MONDAY, "10:10")


def test_a_routine_quit_at_once_is_no_break_and_sitting_goes_on():
    clock = FakeClock(at(MONDAY, "09:00"))
    scheduler = started(BreakPolicy(), clock)
    drive(scheduler, clock, at(MONDAY, "09:20"))
    scheduler.routine_started()
    clock.advance(4)
    assert scheduler.routine_ended(done=False) == []
    assert scheduler.status().next_due == at(MONDAY, "09:30")  # as if it never started


def test_a_prompt_waits_for_the_routine_started_over_it():
    clock = FakeClock(at(MONDAY, "09:00"))
    scheduler = started(BreakPolicy(), clock)
    drive(scheduler, clock, at(MONDAY, "09:31"))
    assert scheduler.routine_started() == []  # not answered at the start
    assert scheduler.phase is BreakPhase.BUSY and scheduler.prompt is not None
    clock.advance(4)
    (again,) = scheduler.routine_ended(done=False)  # quit after 4 s: the prompt is back
    assert isinstance(again, Prompted) and again.again
    scheduler.routine_started()
    clock.advance(180)
    (closed,) = scheduler.routine_ended(done=True)
    assert isinstance(closed, PromptClosed) and closed.outcome is BreakOutcome.DONE


def test_a_routine_is_a_break_when_completed_or_two_minutes_long():
    assert routine_counts_as_break(completed=True, active_seconds=30)
    assert routine_counts_as_break(completed=False, active_seconds=ROUTINE_BREAK_SECONDS)
    assert not routine_counts_as_break(completed=False, active_seconds=4)


def test_a_routine_with_breaks_off_logs_nothing():
    clock = FakeClock(at(MONDAY, "09:00"))
    scheduler = started(BreakPolicy(enabled=False), clock)
    assert scheduler.routine_started() == []
    clock.advance(300)
    assert scheduler.routine_ended(done=True) == []


def test_a_fractional_interval_for_trying_it_out():
    clock = FakeClock(at(MONDAY, "12:00"))
    scheduler = started(BreakPolicy(interval=15, snooze=10, **ALL_DAY), clock)
    events = drive(scheduler, clock, at(MONDAY, "12:01"), step=1, react=answer_done)
    assert [f"{e.prompt.due_at:%M:%S}" for e in prompts(events)] == [
        "00:15",
        "00:30",
        "00:45",
        "01:00",
    ]


def test_new_settings_keep_the_sitting_time_so_far():
    clock = FakeClock(at(MONDAY, "09:00"))
    scheduler = started(BreakPolicy(), clock)
    drive(scheduler, clock, at(MONDAY, "09:20"))
    scheduler.set_policy(BreakPolicy(interval=45 * 60))
    assert scheduler.status().next_due == at(MONDAY, "09:45")
    events = scheduler.set_policy(BreakPolicy(interval=15 * 60))  # already sat longer than that
    assert local_times(prompts(events)) == ["09:15"]  # due since 09:15 by the new rule, shown now


def test_turning_breaks_off_closes_a_waiting_prompt_and_on_again_starts_fresh():
    clock = FakeClock(at(MONDAY, "09:00"))
    scheduler = started(BreakPolicy(), clock)
    drive(scheduler, clock, at(MONDAY, "09:31"))
    (closed,) = scheduler.set_policy(BreakPolicy(enabled=False))
    assert closed.outcome is BreakOutcome.SKIPPED and scheduler.phase is BreakPhase.DISABLED
    assert drive(scheduler, clock, at(MONDAY, "11:00"), step=60) == []
    scheduler.set_policy(BreakPolicy())
    assert scheduler.status().next_due == at(MONDAY, "11:30")


# -- idle seen by tmux alone: asked, never assumed -------------------------------------------


def drive_partial(scheduler: Scheduler, clock: FakeClock, until: datetime, keys: Keys):
    events: list[Event] = []
    while clock.now() < until:
        clock.advance(10)
        events += scheduler.update(idle=keys.idle(), whole_desk=False)
    return events


def test_quiet_tmux_is_not_a_break_but_a_question_when_a_key_comes_back():
    """Three minutes reading in a browser look like three minutes away to tmux."""
    clock = FakeClock(at(MONDAY, "09:00"))
    keys = Keys(clock)
    scheduler = started(BreakPolicy(), clock)
    drive(scheduler, clock, at(MONDAY, "09:10"), idle=lambda: (keys.press(), keys.idle())[1])
    events = drive_partial(scheduler, clock, at(MONDAY, "09:16"), keys)
    assert events == []  # nothing logged, sitting goes on counting
    assert scheduler.phase is BreakPhase.SITTING
    keys.press()  # back at 09:16
    clock.advance(5)
    (asked,) = scheduler.update(idle=keys.idle(), whole_desk=False)
    assert isinstance(asked, AwayAsked)
    assert asked.started == at(MONDAY, "09:10") and asked.ended == at(MONDAY, "09:16")
    assert scheduler.status().next_due == at(MONDAY, "09:30")  # unanswered: unchanged

    (natural,) = scheduler.credit_away(asked)
    assert isinstance(natural, BreakLogged) and natural.outcome is BreakOutcome.NATURAL
    assert (natural.started, natural.ended) == (asked.started, asked.ended)
    assert scheduler.status().next_due == at(MONDAY, "09:46")  # a full interval from the return


def test_an_unanswered_question_credits_nothing_and_the_prompt_comes_on_time():
    clock = FakeClock(at(MONDAY, "09:00"))
    keys = Keys(clock)
    scheduler = started(BreakPolicy(), clock)
    events = drive_partial(scheduler, clock, at(MONDAY, "09:33"), keys)
    assert [type(e) for e in events] == [Prompted]  # quiet tmux, but no break assumed
    assert local_times(prompts(events)) == ["09:30"]


def test_credited_time_away_closes_the_open_prompt_as_natural_with_both_ends():
    clock = FakeClock(at(MONDAY, "09:00"))
    keys = Keys(clock)
    scheduler = started(BreakPolicy(missed_after=3600), clock)
    drive(scheduler, clock, at(MONDAY, "09:25"), idle=lambda: (keys.press(), keys.idle())[1])
    events = drive_partial(scheduler, clock, at(MONDAY, "09:35"), keys)
    assert [type(e) for e in events] == [Prompted]
    keys.press()
    clock.advance(5)
    (asked,) = scheduler.update(idle=keys.idle(), whole_desk=False)
    (closed,) = scheduler.credit_away(asked)
    assert isinstance(closed, PromptClosed) and closed.outcome is BreakOutcome.NATURAL
    assert closed.started == at(MONDAY, "09:25") and closed.ended == at(MONDAY, "09:35")
    assert scheduler.prompt is None and scheduler.phase is BreakPhase.SITTING
