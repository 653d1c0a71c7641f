"""The cycle collector held off for a start: off inside, on again after, frozen only on resume."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from coach.system.collector import held_off


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    """Whatever a test does, the test process gets its collector back, nothing frozen."""
    was = gc.isenabled()
    yield
    gc.unfreeze()
    if was:
        gc.enable()
    else:
        gc.disable()


def test_off_inside_and_on_again_after_without_a_resume():
    gc.enable()
    with held_off():
        assert not gc.isenabled()
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0  # a start that never drew its screen freezes nothing


def test_resume_freezes_what_exists_and_turns_it_back_on_once():
    gc.enable()
    with held_off() as resume:
        made = [[] for _ in range(1000)]  # tracked objects that exist at the resume
        resume()
        assert gc.isenabled()
        frozen = gc.get_freeze_count()
        assert frozen >= len(made)
        gc.disable()  # someone else's choice after the resume is not undone by a second call
        resume()
        assert not gc.isenabled()
        assert gc.get_freeze_count() == frozen
    assert gc.isenabled()


def test_a_collector_already_off_stays_off():
    gc.disable()
    with held_off() as resume:
        resume()
        assert not gc.isenabled()
    assert not gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_on_again_after_an_error():
    gc.enable()
    with pytest.raises(RuntimeError), held_off():
        raise RuntimeError("the start failed")
    assert gc.isenabled()
