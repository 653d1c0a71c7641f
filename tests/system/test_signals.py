"""EndOnSignal: the first SIGTERM or SIGHUP asks to finish; after it, the default action rules.

Real signals are sent to this process, so every test checks that the handler is in place first:
without it the default action would end the test run.
"""

from __future__ import annotations

import asyncio
import os
import signal
import threading

import pytest

from coach.system.signals import ENDING, EndOnSignal


async def _finished(asked: list[int], count: int = 1) -> None:
    for _ in range(200):
        if len(asked) >= count:
            return
        await asyncio.sleep(0.01)


@pytest.mark.parametrize("signum", ENDING, ids=[s.name for s in ENDING])
async def test_the_first_signal_asks_to_finish_and_gives_the_default_back(signum):
    asked: list[int] = []
    died: list[int] = []
    ending = EndOnSignal(asked.append, asyncio.get_running_loop(), die=died.append)
    assert ending.install()
    try:
        os.kill(os.getpid(), signum)
        await _finished(asked)
        assert asked == [signum] and ending.received == signum
        for other in ENDING:
            assert signal.getsignal(other) == signal.SIG_DFL  # a second one ends the process
    finally:
        ending.uninstall()
    assert died == []


async def test_finishing_too_slowly_ends_the_process_anyway():
    died: list[int] = []
    done = threading.Event()

    def die(signum: int) -> None:
        died.append(signum)
        done.set()

    ending = EndOnSignal(lambda _: None, asyncio.get_running_loop(), grace=0.05, die=die)
    assert ending.install()
    try:
        os.kill(os.getpid(), signal.SIGTERM)
        await _finished(died)
        assert done.wait(2)
        assert died == [signal.SIGTERM]
    finally:
        ending.uninstall()


async def test_uninstalling_gives_the_default_back_and_stands_the_watchdog_down():
    asked: list[int] = []
    died: list[int] = []
    ending = EndOnSignal(asked.append, asyncio.get_running_loop(), grace=0.1, die=died.append)
    assert ending.install()
    assert signal.getsignal(signal.SIGTERM) != signal.SIG_DFL
    os.kill(os.getpid(), signal.SIGHUP)
    await _finished(asked)
    ending.uninstall()  # the app finished in time
    await asyncio.sleep(0.3)
    assert asked == [signal.SIGHUP] and died == []
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL


def test_off_the_main_thread_the_default_action_stays():
    results: list[bool] = []

    def elsewhere() -> None:
        loop = asyncio.new_event_loop()
        try:
            results.append(EndOnSignal(lambda _: None, loop).install())
        finally:
            loop.close()

    thread = threading.Thread(target=elsewhere)
    thread.start()
    thread.join()
    assert results == [False]
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL
