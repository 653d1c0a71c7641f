"""Notifications beyond the pane: desktop when it can be shown, else the terminal's escape."""

from __future__ import annotations

from coach.system.notify import Notifier, osc9, osc777, terminal_escape, tmux_passthrough


def notifier(env: dict[str, str], *, which=None, **settings) -> tuple[Notifier, list, list]:
    written: list[str] = []
    started: list[list[str]] = []
    made = Notifier(
        write=written.append,
        env=env,
        which=which or (lambda name: None),
        start=lambda command: started.append(list(command)),
        **settings,
    )
    return made, written, started


def test_notify_send_when_there_is_a_desktop_to_show_it():
    made, written, started = notifier({"DISPLAY": ":0"}, which=lambda name: f"/usr/bin/{name}")
    assert made.notify("Time to stand up", "30 min") == "desktop"
    assert started == [
        ["notify-send", "--app-name=coach", "--urgency=normal", "--", "Time to stand up", "30 min"]
    ]
    assert written == []  # one nudge, not two


def test_without_notify_send_the_terminal_escape_is_sent():
    made, written, started = notifier({"DISPLAY": ":0", "TERM": "xterm-kitty"})
    assert made.notify("Time to stand up", "30 min") == "terminal"
    assert written == ["\x1b]9;Time to stand up: 30 min\x07"]
    assert started == []


def test_over_ssh_notify_send_is_not_tried():
    made, written, started = notifier({"TERM": "xterm-256color"}, which=lambda n: "/usr/bin/x")
    assert made.notify("Stand up", "") == "terminal"
    assert started == [] and written == ["\x1b]9;Stand up\x07"]


def test_foot_gets_osc_777():
    made, written, _ = notifier({"TERM": "foot"})
    made.notify("Stand up", "now; please")
    assert written == ["\x1b]777;notify;Stand up;now; please\x07"]


def test_inside_tmux_the_escape_is_wrapped_for_passthrough_and_uses_the_outer_term():
    made, written, _ = notifier({"TMUX": "/tmp/tmux-0/default,1,0", "TERM": "tmux-256color"})
    made.outer_term = "foot"
    made.notify("Stand up", "now")
    assert written == ["\x1bPtmux;\x1b\x1b]777;notify;Stand up;now\x07\x1b\\"]


def test_both_off_sends_nothing():
    made, written, started = notifier(
        {"DISPLAY": ":0"}, which=lambda n: "/usr/bin/x", desktop=False, terminal=False
    )
    assert made.notify("Stand up", "now") is None
    assert written == [] and started == []


def test_control_characters_cannot_end_the_escape_early():
    assert osc9("a\x07b", "c\x1bd") == "\x1b]9;ab: cd\x07"
    assert osc777("x;y", "z") == "\x1b]777;notify;x,y;z\x07"


def test_passthrough_doubles_every_escape():
    assert tmux_passthrough("\x1b]9;hi\x07") == "\x1bPtmux;\x1b\x1b]9;hi\x07\x1b\\"
    assert terminal_escape("a", "", term="xterm", in_tmux=False) == "\x1b]9;a\x07"
