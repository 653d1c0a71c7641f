"""Each idle witness reads its tool's real output format and says None rather than guess; the probe
keeps the best one that answers and looks again when it stops. Fakes only: the real X server, tmux
server and session bus are in test_idle_real.py."""

from __future__ import annotations

import subprocess
import sys

import pytest

from coach.system.idle import (
    IdleProbe,
    IdleReading,
    LogindSource,
    MacSource,
    Runner,
    TmuxSource,
    default_idle_reader,
    default_sources,
    mutter_source,
    parse_dbus_number,
    screensaver_source,
)
from coach.system.x11_idle import X11Source

BUS = "unix:path=/run/user/1000/bus"


def replying(output: str, asked: list[list[str]] | None = None) -> Runner:
    def run(command: list[str]) -> str:
        if asked is not None:
            asked.append(command)
        return output

    return run


def raising(error: BaseException) -> Runner:
    def run(command: list[str]) -> str:
        raise error

    return run


HANGS = raising(subprocess.TimeoutExpired(["x"], 1.0))
MISSING = raising(FileNotFoundError("no such tool"))
FAILED = replying("")  # run_command's answer for a non-zero exit


# --- D-Bus ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("output", "number"),
    [
        ("(uint32 12345,)\n", 12345),
        ("(uint64 987654321,)\n", 987654321),
        ("(0,)\n", 0),
        (
            "method return time=1700000000.123 sender=:1.23 -> destination=:1.99 serial=12 "
            "reply_serial=2\n   uint32 4200\n",
            4200,
        ),
        ("method return time=1.0 sender=:1.2 -> destination=:1.3 serial=4\n   uint64 7\n", 7),
        ("", None),
        ("('hello',)\n", None),
        ("(uint32 12, uint32 13)\n", None),
        ("(int32 -5,)\n", None),
        ("Error: GDBus.Error:org.freedesktop.DBus.Error.ServiceUnknown: ...", None),
    ],
)
def test_dbus_replies_from_both_tools_are_parsed_and_anything_else_refused(output, number):
    assert parse_dbus_number(output) == number


def test_mutter_answers_milliseconds_through_gdbus_on_the_given_bus():
    asked: list[list[str]] = []
    source = mutter_source(BUS, replying("(uint64 12345,)\n", asked))
    assert source.read() == pytest.approx(12.345)
    assert (source.name, source.whole_desk) == ("mutter", True)
    assert asked == [
        [
            "gdbus", "call", "--address", BUS, "--timeout", "1",
            "--dest", "org.gnome.Mutter.IdleMonitor",
            "--object-path", "/org/gnome/Mutter/IdleMonitor/Core",
            "--method", "org.gnome.Mutter.IdleMonitor.GetIdletime",
        ]
    ]  # fmt: skip


def test_the_screensaver_answer_is_milliseconds_as_kde_sends_it():
    asked: list[list[str]] = []
    source = screensaver_source(BUS, replying("(uint32 90000,)\n", asked))
    assert source.read() == pytest.approx(90.0)
    assert source.name == "screensaver-dbus"
    assert asked[0][-2:] == ["--method", "org.freedesktop.ScreenSaver.GetSessionIdleTime"]
    assert "/org/freedesktop/ScreenSaver" in asked[0]


def test_without_gdbus_dbus_send_is_used_from_then_on():
    asked: list[list[str]] = []

    def run(command: list[str]) -> str:
        asked.append(command)
        if command[0] == "gdbus":
            raise FileNotFoundError("gdbus")
        return "method return time=1.0 sender=:1.2 -> destination=:1.3 serial=4\n   uint64 1500\n"

    source = mutter_source(BUS, run)
    assert source.read() == pytest.approx(1.5)
    assert source.read() == pytest.approx(1.5)
    assert [command[0] for command in asked] == ["gdbus", "dbus-send", "dbus-send"]
    assert asked[1] == [
        "dbus-send",
        f"--bus={BUS}",
        "--print-reply",
        "--reply-timeout=1000",
        "--dest=org.gnome.Mutter.IdleMonitor",
        "/org/gnome/Mutter/IdleMonitor/Core",
        "org.gnome.Mutter.IdleMonitor.GetIdletime",
    ]


@pytest.mark.parametrize(
    "run", [HANGS, MISSING, FAILED, replying("(true,)\n"), raising(PermissionError("bus"))]
)
def test_a_bus_that_fails_hangs_or_talks_nonsense_cannot_say(run):
    assert screensaver_source(BUS, run).read() is None
    assert mutter_source(BUS, run).read() is None


# --- logind -----------------------------------------------------------------------------------


def logind(output: str, now: float = 1000.0) -> LogindSource:
    return LogindSource("c2", replying(output), monotonic=lambda: now)


def test_a_set_idle_hint_counts_from_when_it_was_set():
    asked: list[list[str]] = []
    source = LogindSource(
        "c2",
        replying("Type=wayland\nIdleHint=yes\nIdleSinceHintMonotonic=940000000\n", asked),
        monotonic=lambda: 1000.0,
    )
    assert source.read() == pytest.approx(60.0)
    assert asked == [
        [
            "loginctl", "show-session", "c2",
            "-p", "Type", "-p", "IdleHint", "-p", "IdleSinceHintMonotonic",
        ]
    ]  # fmt: skip


def test_a_kept_hint_that_says_busy_is_zero():
    assert logind("Type=x11\nIdleHint=no\nIdleSinceHintMonotonic=900000000\n").read() == 0.0


def test_a_hint_nobody_ever_set_cannot_say():
    assert logind("Type=x11\nIdleHint=no\nIdleSinceHintMonotonic=0\n").read() is None


def test_a_text_session_is_one_terminal_not_the_desk():
    # logind fills a tty session's hint from the tty's access time: keys in one terminal.
    assert logind("Type=tty\nIdleHint=yes\nIdleSinceHintMonotonic=10000000\n").read() is None
    assert logind("Type=unspecified\nIdleHint=no\nIdleSinceHintMonotonic=5\n").read() is None


def test_a_hint_from_the_future_is_not_negative():
    output = "Type=x11\nIdleHint=yes\nIdleSinceHintMonotonic=2000000000\n"
    assert logind(output, now=1000.0).read() == 0.0


@pytest.mark.parametrize(
    "output",
    [
        "",
        "Type=x11\n",
        "Type=x11\nIdleHint=maybe\nIdleSinceHintMonotonic=5\n",
        "Type=x11\nIdleHint=yes\nIdleSinceHintMonotonic=soon\n",
        "Failed to get session: No session 'c2' known\n",
    ],
)
def test_logind_garbage_cannot_say(output):
    assert logind(output).read() is None


@pytest.mark.parametrize("run", [HANGS, MISSING, FAILED])
def test_loginctl_failing_cannot_say(run):
    assert LogindSource("c2", run).read() is None


# --- macOS ------------------------------------------------------------------------------------

IOREG = """+-o Root  <class IORegistryEntry, id 0x100000100, retain 29>
  +-o IOResources  <class IOResources, id 0x100000113, registered, matched, active>
    +-o IOHIDSystem  <class IOHIDSystem, id 0x1000002b4, registered, matched, active>
        {
          "HIDParameters" = {"HIDClickTime"=500000000}
          "HIDIdleTime" = 123456789000
          "IOClass" = "IOHIDSystem"
        }
"""


def test_macos_reads_nanoseconds_from_ioreg():
    asked: list[list[str]] = []
    source = MacSource(replying(IOREG, asked))
    assert source.read() == pytest.approx(123.456789)
    assert asked == [["ioreg", "-c", "IOHIDSystem", "-d", "4"]]


@pytest.mark.parametrize("run", [HANGS, MISSING, FAILED, replying('"HIDIdleTime" = soon\n')])
def test_ioreg_failing_cannot_say(run):
    assert MacSource(run).read() is None


# --- tmux and X11 without a server --------------------------------------------------------------


def test_the_tmux_source_is_today_s_reader_and_not_whole_desk():
    source = TmuxSource({"TMUX": "/tmp/tmux-0/default,1,0"}, replying("1000 1100\n"), lambda: 1130)
    assert source.read() == 30
    assert (source.name, source.whole_desk) == ("tmux", False)
    assert TmuxSource({"TMUX": "x,1,0"}, HANGS).read() is None


def test_x11_without_its_libraries_cannot_say():
    assert X11Source(":0", load=lambda: None).read() is None


def test_x11_with_no_server_cannot_say():
    source = X11Source(":987")  # nothing listens there
    assert source.read() is None
    assert source.read() is None


# --- the probe --------------------------------------------------------------------------------


class Scripted:
    """A source that answers from a list, then repeats its last answer; counts its reads."""

    def __init__(
        self, name: str, *answers: float | BaseException | None, whole_desk: bool = True
    ) -> None:
        self.name = name
        self.whole_desk = whole_desk
        self.answers = list(answers) or [None]
        self.reads = 0

    def read(self) -> float | None:
        self.reads += 1
        answer = self.answers[min(self.reads, len(self.answers)) - 1]
        if isinstance(answer, BaseException):
            raise answer
        return answer


def test_the_first_source_that_answers_is_kept():
    mutter, x11, tmux = Scripted("mutter", None), Scripted("x11", 4.0), Scripted("tmux", 9.0)
    probe = IdleProbe([mutter, x11, tmux])
    assert probe.source_name is None
    assert probe() == IdleReading(4.0, "x11", True)
    assert probe.source_name == "x11"
    assert probe() == IdleReading(4.0, "x11", True)
    assert (mutter.reads, x11.reads, tmux.reads) == (1, 2, 0)


def test_a_kept_source_that_fails_three_times_sends_the_probe_back_to_the_top():
    x11 = Scripted("x11", 1.0, None, None, None, None, 2.0)
    tmux = Scripted("tmux", 7.0, whole_desk=False)
    probe = IdleProbe([x11, tmux])
    assert probe() == IdleReading(1.0, "x11", True)
    assert probe() is None  # a blip is not a reason to change witness
    assert probe() is None
    # the third failure in a row: from the top, where x11 is asked again and still fails
    assert probe() == IdleReading(7.0, "tmux", False)
    assert probe.source_name == "tmux"
    assert x11.reads == 5


def test_failures_must_be_in_a_row():
    x11 = Scripted("x11", 1.0, None, None, 1.0, None, None, 1.0)
    tmux = Scripted("tmux", 7.0)
    probe = IdleProbe([x11, tmux])
    assert [probe() is None for _ in range(7)] == [False, True, True, False, True, True, False]
    assert tmux.reads == 0


def test_a_source_that_comes_back_is_found_again_from_the_top():
    mutter = Scripted("mutter", 3.0, None, None, None, None, 5.0)
    tmux = Scripted("tmux", 8.0, whole_desk=False)
    probe = IdleProbe([mutter, tmux], recheck_every=2)
    assert probe().source == "mutter"
    probe(), probe()
    assert probe().source == "tmux"  # mutter went away (4th read of it failed too)
    assert probe().source == "tmux"  # 1 read since the probe: not yet
    reading = probe()  # 2 reads: the better ones are tried again, and mutter is back
    assert reading == IdleReading(5.0, "mutter", True)
    assert probe.source_name == "mutter"


def test_the_top_source_is_never_rechecked_against_nothing():
    mutter = Scripted("mutter", 3.0)
    probe = IdleProbe([mutter], recheck_every=1)
    for _ in range(5):
        assert probe() == IdleReading(3.0, "mutter", True)
    assert mutter.reads == 5


def test_nothing_answering_is_none_and_the_probe_keeps_asking():
    a, b = Scripted("a", None), Scripted("b", None)
    probe = IdleProbe([a, b])
    assert probe() is None
    assert probe() is None
    assert (a.reads, b.reads, probe.source_name) == (2, 2, None)
    assert IdleProbe([])() is None


def test_a_source_that_raises_or_talks_nonsense_is_a_source_that_cannot_say():
    broken = Scripted("broken", RuntimeError("boom"))
    weird = Scripted("weird", float("nan"))
    skewed = Scripted("skewed", -3.0)
    probe = IdleProbe([broken, weird, skewed])
    assert probe() == IdleReading(0.0, "skewed", True)


# --- which sources apply ------------------------------------------------------------------------


def names(env: dict[str, str], platform: str = "linux") -> list[str]:
    return [source.name for source in default_sources(env, run=FAILED, platform=platform)]


def test_nothing_applies_on_a_bare_machine():
    assert names({}) == []
    assert default_idle_reader({}) is None


def test_a_full_x11_desktop_in_tmux_has_every_linux_source_in_order():
    env = {
        "DBUS_SESSION_BUS_ADDRESS": BUS,
        "XDG_SESSION_ID": "2",
        "DISPLAY": ":0",
        "TMUX": "/tmp/tmux-1000/default,1,0",
    }
    assert names(env) == ["screensaver-dbus", "mutter", "logind", "x11", "tmux"]
    reader = default_idle_reader(env)
    assert reader is not None
    assert [source.name for source in reader.sources] == names(env, sys.platform)


def test_each_source_needs_its_own_variable():
    assert names({"DBUS_SESSION_BUS_ADDRESS": BUS}) == ["screensaver-dbus", "mutter"]
    assert names({"XDG_SESSION_ID": "2"}) == ["logind"]
    assert names({"DISPLAY": ":0"}) == ["x11"]
    assert names({"TMUX": "x,1,0"}) == ["tmux"]
    assert names({"DBUS_SESSION_BUS_ADDRESS": "", "DISPLAY": "", "TMUX": ""}) == []


def test_x11_is_not_trusted_under_wayland_where_xwayland_sees_only_x_windows():
    assert names({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}) == []
    assert names({"DISPLAY": ":0", "XDG_SESSION_TYPE": "wayland"}) == []
    assert names({"DISPLAY": ":0", "XDG_SESSION_TYPE": "x11"}) == ["x11"]


def test_macos_asks_the_hid_system_and_not_xquartz_or_logind():
    env = {"DISPLAY": "/private/tmp/launchd/org.xquartz:0", "XDG_SESSION_ID": "2", "TMUX": "t"}
    assert names(env, "darwin") == ["macos", "tmux"]
    assert names({}, "darwin") == ["macos"]


def test_the_gated_sources_use_the_env_they_were_given():
    asked: list[list[str]] = []
    env = {"DBUS_SESSION_BUS_ADDRESS": "unix:path=/elsewhere", "XDG_SESSION_ID": "c7"}
    for source in default_sources(env, run=replying("", asked), platform="linux"):
        source.read()
    assert "unix:path=/elsewhere" in asked[0]
    assert asked[2][:3] == ["loginctl", "show-session", "c7"]
