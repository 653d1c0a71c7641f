"""Each doctor check on a made-up machine: its commands, ``which`` and environment injected."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from coach.services.config import Config, NotifySettings, PlayerSettings
from coach.services.doctor import (
    Check,
    Machine,
    check_bell,
    check_dbus,
    check_escape,
    check_idle,
    check_lock,
    check_log,
    check_notify_send,
    check_passthrough,
    check_serve,
    check_settings,
    check_speech,
    check_status_length,
    check_tmux_path,
    check_tmux_version,
    exit_code,
    run_checks,
)
from coach.store import SCHEMA_VERSION, Store
from coach.system.lock import BreakLock, lock_is_held, lock_path_for
from coach.system.probe import NOT_FOUND, TIMED_OUT, Ran
from coach.system.probe import run as real_run

TMUX_ENV = {"TMUX": "/tmp/tmux-1000/default,1,0", "TERM": "tmux-256color", "HOME": "/home/me"}


def machine(
    env: Mapping[str, str] | None = None,
    answers: Mapping[tuple[str, ...], Ran] | None = None,
    found: Mapping[str, str] | None = None,
    modules: Mapping[str, str] | None = None,
    platform: str = "linux",
) -> Machine:
    """A machine whose commands answer from ``answers`` (anything else: not found)."""
    answers = answers or {}
    found = found or {}
    modules = modules or {}

    def run(command: Sequence[str]) -> Ran:
        return answers.get(tuple(command), Ran(NOT_FOUND, err=f"{command[0]}: not found"))

    def which(name: str, path: str | None = None) -> str | None:
        where = found.get(name)
        if where is None or (path is not None and os.path.dirname(where) not in path.split(":")):
            return None
        return where

    return Machine(
        env={"HOME": "/home/me", **(env or {})},
        run=run,
        which=which,
        module_version=modules.get,
        platform=platform,
    )


def tmux(*option: str, value: str) -> dict[tuple[str, ...], Ran]:
    return {("tmux", *option): Ran(0, value + "\n")}


# -- settings and log ---------------------------------------------------------------------


def test_settings_that_load_and_none_yet(tmp_path: Path):
    path = tmp_path / "config.toml"
    check, config = check_settings(path, machine())
    assert check.ok and "none yet" in check.detail and config == Config()
    path.write_text("[player]\nspeech = true\n", encoding="utf-8")
    check, config = check_settings(path, machine())
    assert check.ok and check.detail.endswith("(loads)") and config.player.speech


def test_settings_that_do_not_load_are_one_line_and_the_defaults(tmp_path: Path):
    path = tmp_path / "config.toml"
    path.write_text("[player]\nspeech = 3\n", encoding="utf-8")
    check, config = check_settings(path, machine())
    assert check.ok is False and "speech" in check.detail and "\n" not in check.detail
    assert check.fix and config == Config()


def test_a_path_under_home_is_shown_with_a_tilde():
    assert machine().shown("/home/me/.local/share/coach/coach.db") == (
        "~/.local/share/coach/coach.db"
    )
    assert machine().shown("/home/meadow/x") == "/home/meadow/x"


def test_a_whole_log_says_its_schema(tmp_path: Path):
    log = tmp_path / "coach.db"
    Store.open(log).close()
    check = check_log(log, machine())
    assert check.ok and f"(schema {SCHEMA_VERSION}, whole)" in check.detail
    assert check_log(tmp_path / "none.db", machine()).ok is True  # none yet is fine


def test_a_damaged_log_is_a_failed_line(tmp_path: Path):
    log = tmp_path / "coach.db"
    store = Store.open(log)
    store.close()
    with sqlite3.connect(log) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    data = bytearray(log.read_bytes())
    data[4096 : 4096 + 2048] = bytes([7, 0, 255, 19]) * 512
    log.write_bytes(bytes(data))
    before = sorted(p.name for p in tmp_path.iterdir())
    check = check_log(log, machine())
    assert check.ok is False and "\n" not in check.detail and "backup" in check.fix
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing made beside it


def test_a_file_that_is_not_a_log(tmp_path: Path):
    log = tmp_path / "coach.db"
    log.write_text("hello", encoding="utf-8")
    check = check_log(log, machine())
    assert check.ok is False and "not a coach log" in check.detail


# -- the break lock -------------------------------------------------------------------------


def test_the_lock_free_held_and_unreadable(tmp_path: Path):
    lock = tmp_path / "coach.db.breaks.lock"
    assert check_lock(lock, machine()).detail.startswith("free")
    check = check_lock(lock, machine(), held=lambda p: True, holder=lambda p: 4321, alive=bool)
    assert check.ok and "pid 4321 (running)" in check.detail
    check = check_lock(
        lock, machine(), held=lambda p: True, holder=lambda p: 4321, alive=lambda pid: False
    )
    assert check.ok and "not seen here" in check.detail
    check = check_lock(lock, machine(), held=lambda p: None, holder=lambda p: None)
    assert check.ok is False and check.fix


def test_the_lock_is_looked_at_not_taken(tmp_path: Path):
    path = lock_path_for(tmp_path / "coach.db")
    assert lock_is_held(path) is False
    holder = BreakLock(path)
    assert holder.acquire()
    try:
        assert lock_is_held(path) is True
        check = check_lock(path, machine())
        assert f"pid {os.getpid()} (running)" in check.detail
        assert BreakLock(path).holder_pid() == os.getpid()
    finally:
        holder.release()
    assert lock_is_held(path) is False


# -- idle -------------------------------------------------------------------------------------


class Source:
    def __init__(self, name: str, seconds: float | None, whole_desk: bool = True) -> None:
        self.name, self.seconds, self.whole_desk = name, seconds, whole_desk

    def read(self) -> float | None:
        return self.seconds


def test_idle_names_the_source_in_use():
    check = check_idle(machine(), lambda env: [Source("mutter", None), Source("x11", 3.0)])
    assert check.ok and check.detail.startswith("x11 (sees every key")
    check = check_idle(machine(), lambda env: [Source("tmux", 1.0, whole_desk=False)])
    assert check.ok and "tmux only" in check.detail


def test_no_idle_source_or_none_answering_is_a_failure():
    assert check_idle(machine(), lambda env: []).ok is False
    check = check_idle(machine(), lambda env: [Source("mutter", None)])
    assert check.ok is False and "tried mutter" in check.detail


def test_idle_sources_are_those_of_the_environment_given():
    assert check_idle(machine({})).ok is False  # no bus, no display, no tmux in that env


# -- notifications ----------------------------------------------------------------------------


def test_notify_send_found_with_its_version_or_not():
    here = machine(
        answers={("notify-send", "--version"): Ran(0, "notify-send 0.8.3\n")},
        found={"notify-send": "/usr/bin/notify-send"},
    )
    check = check_notify_send(here, Config())
    assert check.ok and check.detail == "/usr/bin/notify-send (notify-send 0.8.3)"
    check = check_notify_send(machine(), Config())
    assert check.ok is False and "libnotify-bin" in check.fix and "libnotify (Fedora)" in check.fix
    off = Config(notify=NotifySettings(desktop=False))
    assert "off in settings" in check_notify_send(machine(), off).detail
    assert check_notify_send(machine(platform="darwin"), Config()).ok is None


BUS = "unix:path=/run/user/1000/bus"
GET_ID = (
    "gdbus", "call", "--address", BUS, "--timeout", "2", "--dest", "org.freedesktop.DBus",
    "--object-path", "/org/freedesktop/DBus", "--method", "org.freedesktop.DBus.GetId",
)  # fmt: skip


def test_dbus_unset_answering_and_gone():
    check = check_dbus(machine())
    assert check.ok is False and "DBUS_SESSION_BUS_ADDRESS" in check.fix
    env = {"DBUS_SESSION_BUS_ADDRESS": BUS}
    answering = machine(env, {GET_ID: Ran(0, "('abc',)\n")}, {"gdbus": "/usr/bin/gdbus"})
    assert check_dbus(answering) == Check("D-Bus", True, f"{BUS} (answers)")
    gone = machine(env, {GET_ID: Ran(1, err="Could not connect: No such file\n")}, {"gdbus": "/g"})
    check = check_dbus(gone)
    assert check.ok is False and "Could not connect" in check.detail
    hung = machine(
        env, {GET_ID: Ran(TIMED_OUT, err="gdbus: no answer within 2 s")}, {"gdbus": "/g"}
    )
    assert check_dbus(hung).ok is False
    assert check_dbus(machine(env)).ok  # set, and nothing here to ask it with


@pytest.mark.parametrize(
    ("env", "escape"),
    [
        ({"TERM": "xterm-kitty"}, "OSC 9"),
        ({"TERM": "xterm-256color", "TERM_PROGRAM": "WezTerm"}, "OSC 9"),
        ({"TERM": "xterm-256color", "TERM_PROGRAM": "iTerm.app"}, "OSC 9"),
        ({"TERM": "foot"}, "OSC 777"),
        ({"TERM": "rxvt-unicode-256color"}, "OSC 777"),
    ],
)
def test_the_terminal_escape_is_guessed_from_term(env: dict[str, str], escape: str):
    check = check_escape(machine(env), desktop_works=False)
    assert check.ok and check.detail.startswith(escape)


def test_an_unknown_terminal_fails_only_without_desktop_notifications():
    assert check_escape(machine({"TERM": "xterm"}), desktop_works=False).ok is False
    assert check_escape(machine({"TERM": "xterm"}), desktop_works=True).ok is None


def test_inside_tmux_the_escape_is_the_outer_terminals():
    client = ("tmux", "display-message", "-p", "#{client_termname}")
    here = machine(TMUX_ENV, {client: Ran(0, "xterm-kitty\n")})
    check = check_escape(here, desktop_works=False)
    assert check.ok and "client TERM=xterm-kitty" in check.detail


# -- tmux -------------------------------------------------------------------------------------


def test_passthrough_on_off_and_unknown():
    show = ("show", "-gv", "allow-passthrough")
    assert check_passthrough(machine(TMUX_ENV, tmux(*show, value="on"))).ok
    check = check_passthrough(machine(TMUX_ENV, tmux(*show, value="off")))
    assert check.ok is False and check.fix == "set -g allow-passthrough on"
    old = {("tmux", *show): Ran(1, err="invalid option: allow-passthrough\n")}
    check = check_passthrough(machine(TMUX_ENV, old))
    assert check.ok is False and "invalid option" in check.detail


def test_status_right_length_under_60_fails():
    show = ("show", "-gv", "status-right-length")
    assert check_status_length(machine(TMUX_ENV, tmux(*show, value="60"))).ok
    assert check_status_length(machine(TMUX_ENV, tmux(*show, value="80"))).ok
    assert not check_status_length(machine(TMUX_ENV, tmux(*show, value="40"))).ok  # tmux's own
    check = check_status_length(machine(TMUX_ENV, tmux(*show, value="30")))
    assert check.ok is False and check.fix == "set -g status-right-length 60"


def test_the_tmux_servers_path_finds_coach_or_not():
    show = ("show-environment", "-g", "PATH")
    found = {"coach": "/home/me/.local/bin/coach"}
    here = machine(TMUX_ENV, tmux(*show, value="PATH=/usr/bin:/home/me/.local/bin"), found)
    assert check_tmux_path(here) == Check("tmux PATH", True, "finds ~/.local/bin/coach")
    here = machine(TMUX_ENV, tmux(*show, value="PATH=/usr/bin"), found)
    check = check_tmux_path(here)
    assert check.ok is False and "set-environment" in check.fix
    check = check_tmux_path(machine(TMUX_ENV, tmux(*show, value="-PATH"), found))
    assert check.ok is False


def test_bell_settings():
    def bell(action: str, visual: str) -> Machine:
        return machine(
            TMUX_ENV,
            tmux("show", "-gv", "bell-action", value=action)
            | tmux("show", "-gv", "visual-bell", value=visual),
        )

    assert check_bell(bell("any", "off")) == Check(
        "tmux bell", True, "bell-action any, visual-bell off"
    )
    assert check_bell(bell("none", "off")).fix == "set -g bell-action any"
    assert check_bell(bell("any", "on")).fix == "set -g visual-bell off"


def test_tmux_version_and_a_tmux_that_is_gone():
    assert check_tmux_version(machine(TMUX_ENV, tmux("-V", value="tmux 3.4"))).detail == "tmux 3.4"
    assert check_tmux_version(machine(TMUX_ENV)).ok is False


# -- speech and serve -------------------------------------------------------------------------


def test_speech_on_with_and_without_a_program_and_off():
    on = Config(player=PlayerSettings(speech=True))
    assert check_speech(machine(found={"espeak-ng": "/usr/bin/espeak-ng"}), on).detail == (
        "on, with espeak-ng"
    )
    check = check_speech(machine(), on)
    assert check.ok is False and "espeak-ng" in check.fix
    assert check_speech(machine(found={"spd-say": "/usr/bin/spd-say"}), Config()).ok is None


def test_the_serve_extra():
    assert check_serve(machine(modules={"textual_serve": "1.1.3"})).detail == "textual-serve 1.1.3"
    check = check_serve(machine())
    assert check.ok is False and "pip install textual-serve" in check.fix


# -- all together ---------------------------------------------------------------------------


def test_outside_tmux_one_neutral_tmux_line(tmp_path: Path):
    checks = run_checks(tmp_path / "config.toml", tmp_path / "coach.db", machine({"TERM": "foot"}))
    tmux_lines = [c for c in checks if c.label.startswith("tmux")]
    assert tmux_lines == [Check("tmux", None, "not in tmux")]
    assert exit_code(checks) == 1  # no notify-send, no bus, no idle source on that machine


def test_inside_tmux_every_tmux_check(tmp_path: Path):
    checks = run_checks(tmp_path / "config.toml", tmp_path / "coach.db", machine(TMUX_ENV))
    labels = [c.label for c in checks]
    for label in ("tmux", "tmux passthrough", "tmux status-right-length", "tmux PATH"):
        assert label in labels
    assert "tmux bell" in labels


def test_a_check_that_breaks_is_a_failed_line(tmp_path: Path):
    def broken(command: Sequence[str]) -> Ran:
        raise RuntimeError("boom")

    here = Machine(env=TMUX_ENV, run=broken)
    checks = run_checks(tmp_path / "config.toml", tmp_path / "coach.db", here)
    assert any(c.ok is False and "boom" in c.detail for c in checks)
    json.dumps([c.__dict__ for c in checks])


def test_exit_code():
    assert exit_code([Check("a", True, ""), Check("b", None, "")]) == 0
    assert exit_code([Check("a", True, ""), Check("b", False, "")]) == 1


def test_the_runner_never_raises():
    assert real_run(["coach-no-such-program-here"]).code == NOT_FOUND
    assert real_run(["sleep", "5"], timeout=0.1).code == TIMED_OUT
    assert real_run(["sh", "-c", "echo hi; exit 3"]) == Ran(3, "hi\n", "")
