"""The check-in's answers decide: any red flag stops, high pain adapts, everything else goes."""

from __future__ import annotations

import pytest

from coach.core.routine import Routine, Step
from coach.core.safety import (
    RED_FLAG_KEYS,
    RED_FLAGS,
    Answers,
    Outcome,
    Verdict,
    assess,
    gentle_routines,
    needs_checkin,
)

ALL_NO = {key: False for key in RED_FLAG_KEYS}


def routine(rid: str, *tags: str, checkin: bool = False) -> Routine:
    return Routine(
        id=rid, name=rid.title(), steps=(Step("Walk", duration=30),), tags=tags, checkin=checkin
    )


def test_full_answers_without_symptoms_go():
    result = assess(Answers(2, ALL_NO), pain_threshold=6)
    assert (result.verdict, result.outcome, result.stopped_by) == (Verdict.GO, Outcome.GO, ())


def test_nothing_answered_is_a_skip_that_goes():
    result = assess(Answers(), pain_threshold=6)
    assert (result.verdict, result.outcome) == (Verdict.GO, Outcome.SKIPPED)


def test_partly_answered_without_symptoms_is_a_skip():
    result = assess(Answers(1, {"leg": False}), pain_threshold=6)
    assert result.outcome is Outcome.SKIPPED


@pytest.mark.parametrize("flag", RED_FLAGS, ids=lambda f: f.key)
def test_each_red_flag_stops_and_says_which(flag):
    result = assess(Answers(0, {**ALL_NO, flag.key: True}), pain_threshold=6)
    assert result.verdict is Verdict.STOP
    assert result.outcome is Outcome.STOPPED
    assert result.stopped_by == (flag,)


def test_a_red_flag_wins_over_high_pain_and_unanswered_questions():
    result = assess(Answers(9, {"numbness": True}), pain_threshold=6)
    assert result.verdict is Verdict.STOP
    assert [f.key for f in result.stopped_by] == ["numbness"]


def test_several_red_flags_are_named_in_the_order_asked():
    result = assess(Answers(None, {"sleep": True, "leg": True}), pain_threshold=6)
    assert [f.key for f in result.stopped_by] == ["leg", "sleep"]


@pytest.mark.parametrize(
    ("pain", "threshold", "verdict"),
    [
        (5, 6, Verdict.GO),
        (6, 6, Verdict.ADAPT),
        (10, 6, Verdict.ADAPT),
        (7, 8, Verdict.GO),
        (1, 1, Verdict.ADAPT),
        (0, 1, Verdict.GO),
    ],
)
def test_pain_at_or_above_the_threshold_adapts(pain, threshold, verdict):
    result = assess(Answers(pain, ALL_NO), pain_threshold=threshold)
    assert result.verdict is verdict
    if verdict is Verdict.ADAPT:
        assert result.outcome is Outcome.UNDECIDED


def test_high_pain_adapts_even_when_the_rest_was_skipped():
    assert assess(Answers(8), pain_threshold=6).verdict is Verdict.ADAPT


@pytest.mark.parametrize("pain", [-1, 11])
def test_pain_outside_0_to_10_is_refused(pain):
    with pytest.raises(ValueError, match="pain must be 0-10"):
        Answers(pain)


def test_unknown_red_flag_is_refused():
    with pytest.raises(ValueError, match="unknown red flags: knees"):
        Answers(0, {"knees": True})


def test_four_red_flags_each_with_a_log_column():
    assert [f.column for f in RED_FLAGS] == [
        "flag_persists",
        "flag_leg",
        "flag_numbness",
        "flag_sleep",
    ]


def test_pre_lift_and_checkin_routines_need_a_checkin():
    assert needs_checkin(routine("warmup", "pre-lift"))
    assert needs_checkin(routine("hips", "gentle", checkin=True))
    assert not needs_checkin(routine("desk", "desk", "gentle"))


def test_gentle_routines_by_name_without_the_one_replaced():
    hips = routine("hips", "gentle", "pre-lift")
    found = gentle_routines(
        [
            routine("walk", "gentle"),
            hips,
            routine("squats", "pre-lift"),
            routine("a-cool", "gentle"),
        ],
        instead_of=hips,
    )
    assert [r.id for r in found] == ["a-cool", "walk"]
