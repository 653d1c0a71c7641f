"""Idle time from tmux: the last key press in any pane, never a blocking surprise."""

from __future__ import annotations

import subprocess

from coach.system.idle import tmux_idle_seconds

TMUX = {"TMUX": "/tmp/tmux-1000/default,123,0"}


def test_outside_tmux_there_is_no_signal():
    def never(command):
        raise AssertionError("tmux must not be run outside tmux")

    assert tmux_idle_seconds(env={}, run=never) is None


def test_seconds_since_the_latest_key_in_client_or_session():
    asked = []

    def run(command):
        asked.append(command)
        return "1000 1100\n"

    assert tmux_idle_seconds(env=TMUX, run=run, wall=lambda: 1130.5) == 30.5
    assert asked == [["tmux", "display-message", "-p", "#{client_activity} #{session_activity}"]]


def test_a_detached_session_falls_back_to_the_session():
    assert tmux_idle_seconds(env=TMUX, run=lambda c: " 1100\n", wall=lambda: 1200) == 100


def test_tmux_failing_or_hanging_means_unknown():
    def hangs(command):
        raise subprocess.TimeoutExpired(command, 1.0)

    def missing(command):
        raise FileNotFoundError("tmux")

    assert tmux_idle_seconds(env=TMUX, run=hangs) is None
    assert tmux_idle_seconds(env=TMUX, run=missing) is None
    assert tmux_idle_seconds(env=TMUX, run=lambda c: "") is None


def test_a_clock_behind_tmux_is_not_negative_idle():
    assert tmux_idle_seconds(env=TMUX, run=lambda c: "2000 0", wall=lambda: 1990) == 0.0
