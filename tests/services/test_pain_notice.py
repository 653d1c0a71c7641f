"""The persistent-pain notice on a real log: check-ins and rest marks written on injected dates,
the rule read through the service, and the notice logged once per episode."""

from __future__ import annotations

import json
from datetime import timedelta

from coach.core.safety import Answers
from coach.core.vocabulary import RestKind, StateKey
from coach.services.history import load_pain
from coach.services.pain_notice import (
    NOTICE_AGAIN_DAYS,
    checkin_notice,
    home_notice,
    notice_state,
    persistent_pain_now,
)
from tests.conftest import START

TODAY = START.date()
HIGH = "pain at or above 6 on 9 of the last 14 days"


def check_in(store, days_ago: int, pain: int) -> None:
    store.record_checkin(
        kind="before",
        answers=Answers(pain),
        outcome="go",
        routine_id="pre-lift-warmup",
        now=START - timedelta(days=days_ago),
    )


def high_fortnight(store, days: int = 9) -> None:
    for days_ago in range(days):
        check_in(store, days_ago, 7)
        check_in(store, days_ago, 2)  # the day's highest counts, not its last


def test_nine_high_days_hold_and_eight_low_check_ins_do_not(store):
    high_fortnight(store)
    assert persistent_pain_now(store, TODAY, 6) == HIGH
    assert persistent_pain_now(store, TODAY, 8) is None


def test_a_flat_three_weeks_with_two_rest_days_marked_in_the_log(store):
    for days_ago in (20, 19, 18, 2, 1, 0):
        check_in(store, days_ago, 4)
    rest = START.date() - timedelta(days=10)
    store.mark_days(rest, rest, RestKind.REST, now=START)
    assert persistent_pain_now(store, TODAY, 6) is None  # one rest day
    store.mark_days(rest, rest + timedelta(days=1), RestKind.REST, now=START)
    assert persistent_pain_now(store, TODAY, 6) == (
        "no improvement over 3 weeks that included 2 rest days"
    )
    store.mark_days(rest, rest + timedelta(days=1), RestKind.TRAVEL, now=START)
    assert persistent_pain_now(store, TODAY, 6) is None  # travel is not rest


def test_home_logs_the_notice_once_and_shows_it_that_day_only(store):
    high_fortnight(store)
    assert store.get_state(StateKey.PAIN_NOTICE) is None
    assert home_notice(store, TODAY, 6, START) == HIGH
    state = notice_state(store)
    assert state is not None and (state.shown_on, state.reason) == (TODAY, HIGH)
    assert home_notice(store, TODAY, 6, START) == HIGH  # home again the same day
    tomorrow = TODAY + timedelta(days=1)
    check_in(store, -1, 7)
    assert home_notice(store, tomorrow, 6, START + timedelta(days=1)) is None
    assert notice_state(store).shown_on == TODAY


def test_the_check_in_shows_it_once_per_episode(store):
    high_fortnight(store)
    assert home_notice(store, TODAY, 6, START) == HIGH
    assert checkin_notice(store, TODAY, 6, START) == HIGH
    assert checkin_notice(store, TODAY, 6, START) is None
    assert json.loads(store.get_state(StateKey.PAIN_NOTICE))["checkin_shown"] is True


def test_the_check_in_alone_starts_an_episode(store):
    high_fortnight(store)
    assert checkin_notice(store, TODAY, 6, START) == HIGH
    assert home_notice(store, TODAY, 6, START) == HIGH  # the same day, the same episode
    assert checkin_notice(store, TODAY, 6, START) is None


def test_said_again_after_14_days_while_it_still_holds(store):
    for days_ago in range(-NOTICE_AGAIN_DAYS, 9):
        check_in(store, days_ago, 7)
    assert home_notice(store, TODAY, 6, START) == HIGH
    checkin_notice(store, TODAY, 6, START)
    for later in range(1, NOTICE_AGAIN_DAYS):
        day = TODAY + timedelta(days=later)
        assert home_notice(store, day, 6, START) is None, later
        assert checkin_notice(store, day, 6, START) is None, later
    again = TODAY + timedelta(days=NOTICE_AGAIN_DAYS)
    reason = "pain at or above 6 on 14 of the last 14 days"
    assert home_notice(store, again, 6, START) == reason
    assert checkin_notice(store, again, 6, START) == reason


def test_cleared_then_holding_again_is_a_new_episode(store):
    high_fortnight(store)
    assert home_notice(store, TODAY, 6, START) == HIGH
    assert checkin_notice(store, TODAY, 6, START) == HIGH
    calm = TODAY + timedelta(days=7)  # only 7 of the last 14 days high now
    assert home_notice(store, calm, 6, START) is None
    assert store.get_state(StateKey.PAIN_NOTICE) is None  # the episode is over
    for days_ago in (-7, -8, -9, -10):
        check_in(store, days_ago, 8)
    again = TODAY + timedelta(days=10)
    assert persistent_pain_now(store, again, 6) is not None
    assert home_notice(store, again, 6, START) is not None
    assert checkin_notice(store, again, 6, START) is not None


def test_an_unreadable_state_is_no_episode(store):
    high_fortnight(store)
    store.set_state(StateKey.PAIN_NOTICE, "not json", now=START)
    assert notice_state(store) is None
    assert home_notice(store, TODAY, 6, START) == HIGH


def test_history_reads_the_rule_without_logging_it(store):
    high_fortnight(store)
    pain = load_pain(store, TODAY, pain_threshold=6)
    assert (pain.persistent, pain.notice_shown_on) == (HIGH, None)
    assert store.get_state(StateKey.PAIN_NOTICE) is None
    home_notice(store, TODAY, 6, START)
    assert load_pain(store, TODAY).notice_shown_on == TODAY


def test_a_log_that_refuses_writes_still_gets_the_notice_said(store):
    """Showing the notice matters more than logging that it was shown: on a read-only log (or
    a full disk) home and the check-in still say it, and it is logged at the next chance."""
    from tests.faults.injection import LogFault

    high_fortnight(store)
    for kind in ("read-only", "disk-full"):
        fault = LogFault(store, kind)
        fault.on()
        try:
            assert home_notice(store, TODAY, 6, START) == HIGH
            assert checkin_notice(store, TODAY, 6, START) == HIGH
        finally:
            fault.off()
        assert store.get_state(StateKey.PAIN_NOTICE) is None, kind
    assert home_notice(store, TODAY, 6, START) == HIGH
    assert notice_state(store) is not None  # logged once the log takes writes again
