"""The idle sources against the real thing: a headless X server moved by xdotool, a tmux server,
and a private session bus with a stand-in for a desktop's idle service. Each test skips, saying
what is missing, where the machine lacks it (``.ci/desktop-deps`` installs it all on Debian)."""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from coach.system.idle import (
    IdleProbe,
    Runner,
    TmuxSource,
    default_sources,
    mutter_source,
    run_command,
    screensaver_source,
)
from coach.system.x11_idle import X11Source

pytestmark = pytest.mark.slow

DEPS = "run .ci/desktop-deps"


def _have_libxss() -> bool:
    try:
        ctypes.CDLL("libXss.so.1")
        ctypes.CDLL("libX11.so.6")
    except OSError:
        return False
    return True


needs_x = pytest.mark.skipif(
    not (shutil.which("Xvfb") and shutil.which("xdotool") and _have_libxss()),
    reason=f"needs Xvfb, xdotool and libXss.so.1 ({DEPS})",
)


def start_xvfb(display: str | None = None) -> tuple[subprocess.Popen[bytes], str]:
    """An Xvfb on ``display``, or on one it chose itself; ready to talk on return (it says so
    through ``-displayfd`` once it listens, so a dead server's leftover socket can't fool us)."""
    read_end, write_end = os.pipe()
    where = [] if display is None else [display]
    server = subprocess.Popen(
        ["Xvfb", *where, "-displayfd", str(write_end), "-nolisten", "tcp"],
        pass_fds=[write_end],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    with os.fdopen(read_end) as announced:
        number = announced.readline().strip()
    assert number.isdigit(), "Xvfb did not announce its display"
    return server, f":{number}"


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGCONT)
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def xvfb() -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    server, display = start_xvfb()
    try:
        yield server, display
    finally:
        stop(server)


def move_pointer(display: str, x: int, y: int) -> None:
    subprocess.run(
        ["xdotool", "mousemove", str(x), str(y)],
        env={**os.environ, "DISPLAY": display},
        check=True,
        timeout=5,
    )


@needs_x
def test_x11_idle_grows_while_nobody_moves_and_drops_when_the_pointer_does(xvfb):
    _, display = xvfb
    source = X11Source(display)
    try:
        first = source.read()
        assert first is not None
        time.sleep(1.2)
        later = source.read()
        assert later is not None
        assert 1.0 <= later - first <= 2.0
        move_pointer(display, 100, 200)
        moved = source.read()
        assert moved is not None
        assert moved < 0.5 < later
        time.sleep(0.6)
        assert source.read() >= moved + 0.5  # type: ignore[operator]
    finally:
        source.close()


@needs_x
def test_the_probe_keeps_x11_and_calls_it_whole_desk(xvfb):
    _, display = xvfb
    sources = default_sources({"DISPLAY": display}, platform="linux")
    probe = IdleProbe(sources)
    reading = probe()
    assert reading is not None
    assert (reading.source, reading.whole_desk, probe.source_name) == ("x11", True, "x11")


@needs_x
def test_a_stopped_x_server_costs_one_timeout_then_answers_again(xvfb):
    server, display = xvfb
    source = X11Source(display, timeout=0.5)
    try:
        assert source.read() is not None
        server.send_signal(signal.SIGSTOP)
        started = time.monotonic()
        assert source.read() is None
        assert time.monotonic() - started < 1.0
        started = time.monotonic()
        assert source.read() is None  # the stuck query is still out: no second wait
        assert time.monotonic() - started < 0.1
        server.send_signal(signal.SIGCONT)
        time.sleep(0.3)
        assert source.read() is not None
    finally:
        server.send_signal(signal.SIGCONT)
        source.close()


LOSE_THE_SERVER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, sys.argv[1])
    from coach.system.x11_idle import X11Source
    from tests.system.test_idle_real import start_xvfb, stop

    server, display = start_xvfb()
    source = X11Source(display)
    print("before", source.read() is not None, flush=True)
    server.kill()
    server.wait()
    print("lost", source.read(), flush=True)
    print("gone", source.read(), flush=True)
    again, _ = start_xvfb(display)
    try:
        print("again", source.read() is not None, flush=True)
    finally:
        stop(again)
    """
)


@needs_x
def test_an_x_server_that_goes_away_is_none_not_the_end_of_coach():
    # Xlib's default is to print to the terminal and exit(); run it in a child to see that
    # neither happens, and that a server back on the same display is found again.
    root = str(Path(__file__).parents[2])
    child = subprocess.run(
        [sys.executable, "-c", LOSE_THE_SERVER, root],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert child.returncode == 0, child.stderr
    assert child.stdout.split("\n") == ["before True", "lost None", "gone None", "again True", ""]
    assert "XIO" not in child.stderr and "X connection" not in child.stderr


# --- tmux ---------------------------------------------------------------------------------------

needs_tmux = pytest.mark.skipif(not shutil.which("tmux"), reason="needs tmux")


@pytest.fixture
def tmux_server(tmp_path: Path) -> Iterator[str]:
    socket = tmp_path / "tmux.sock"
    subprocess.run(["tmux", "-S", str(socket), "new", "-d", "-s", "idle"], check=True, timeout=10)
    try:
        yield str(socket)
    finally:
        subprocess.run(["tmux", "-S", str(socket), "kill-server"], check=False, timeout=10)


def inside_tmux(socket: str) -> tuple[dict[str, str], Runner]:
    """The env a pane would have, and a runner whose tmux finds its server by it, as a pane's."""
    pane_env = {"TMUX": f"{socket},{os.getpid()},0"}

    def run(command: list[str]) -> str:
        result = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=1.0,
            check=False,
            env={**os.environ, **pane_env},
            stdin=subprocess.DEVNULL,
        )
        return result.stdout if result.returncode == 0 else ""

    return pane_env, run


@needs_tmux
def test_a_real_detached_tmux_counts_from_its_session_s_last_activity(tmux_server):
    env, run = inside_tmux(tmux_server)
    source = TmuxSource(env, run)
    first = source.read()
    assert first is not None and 0 <= first <= 3
    time.sleep(2.1)
    later = source.read()
    assert later is not None and later >= first + 1  # tmux counts whole seconds
    probe = IdleProbe(default_sources(env, run=run, platform="linux"))
    reading = probe()
    assert reading is not None
    assert (reading.source, reading.whole_desk) == ("tmux", False)


@needs_tmux
def test_a_tmux_server_that_went_away_cannot_say(tmux_server):
    env, run = inside_tmux(tmux_server)
    subprocess.run(["tmux", "-S", tmux_server, "kill-server"], check=True, timeout=10)
    assert TmuxSource(env, run).read() is None


# --- a session bus --------------------------------------------------------------------------------

SYSTEM_PYTHON = "/usr/bin/python3"


def _system_python_has_gi() -> bool:
    if not Path(SYSTEM_PYTHON).exists():
        return False
    probe = subprocess.run(
        [SYSTEM_PYTHON, "-c", "import gi; gi.require_version('Gio', '2.0')"],
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0


needs_bus = pytest.mark.skipif(
    not (shutil.which("dbus-daemon") and shutil.which("gdbus") and _system_python_has_gi()),
    reason=f"needs dbus-daemon, gdbus and PyGObject for {SYSTEM_PYTHON} ({DEPS})",
)

IDLE_SERVICE = textwrap.dedent(
    """
    # A stand-in for a desktop's idle service: owns NAME and answers METHOD with VALUE (of type
    # SIG) after DELAY seconds.
    import sys, time
    import gi
    gi.require_version("Gio", "2.0")
    from gi.repository import Gio, GLib

    address, name, path, method, sig, value, delay = sys.argv[1:]
    interface, _, member = method.rpartition(".")
    xml = (f"<node><interface name='{interface}'><method name='{member}'>"
           f"<arg type='{sig}' direction='out'/></method></interface></node>")
    flags = (Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT
             | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION)
    bus = Gio.DBusConnection.new_for_address_sync(address, flags, None, None)

    def called(connection, sender, path, interface, member, parameters, invocation):
        time.sleep(float(delay))
        invocation.return_value(GLib.Variant(f"({sig})", (int(value),)))

    bus.register_object(path, Gio.DBusNodeInfo.new_for_xml(xml).interfaces[0], called, None, None)
    Gio.bus_own_name_on_connection(
        bus, name, Gio.BusNameOwnerFlags.NONE, lambda *a: print("ready", flush=True), None
    )
    GLib.MainLoop().run()
    """
)


@pytest.fixture
def session_bus() -> Iterator[str]:
    daemon = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert daemon.stdout is not None
    address = daemon.stdout.readline().strip()
    try:
        yield address
    finally:
        daemon.terminate()
        daemon.wait(5)


@pytest.fixture
def idle_service(session_bus: str):
    started: list[subprocess.Popen[str]] = []

    def start(name: str, path: str, method: str, sig: str, value: int, delay: float = 0) -> None:
        service = subprocess.Popen(
            [SYSTEM_PYTHON, "-c", IDLE_SERVICE, session_bus, name, path, method, sig]
            + [str(value), str(delay)],
            stdout=subprocess.PIPE,
            text=True,
        )
        started.append(service)
        assert service.stdout is not None
        assert service.stdout.readline().strip() == "ready"

    try:
        yield start
    finally:
        for service in started:
            service.terminate()
            service.wait(5)


def without_gdbus(command: list[str]) -> str:
    if command[0] == "gdbus":
        raise FileNotFoundError("gdbus")
    return run_command(command)


@needs_bus
def test_mutter_over_a_real_bus_through_gdbus_and_dbus_send(session_bus, idle_service):
    idle_service(
        "org.gnome.Mutter.IdleMonitor",
        "/org/gnome/Mutter/IdleMonitor/Core",
        "org.gnome.Mutter.IdleMonitor.GetIdletime",
        "t",
        123456,
    )
    assert mutter_source(session_bus).read() == pytest.approx(123.456)
    if shutil.which("dbus-send"):
        assert mutter_source(session_bus, without_gdbus).read() == pytest.approx(123.456)


@needs_bus
def test_the_screensaver_s_uint32_over_a_real_bus(session_bus, idle_service):
    idle_service(
        "org.freedesktop.ScreenSaver",
        "/org/freedesktop/ScreenSaver",
        "org.freedesktop.ScreenSaver.GetSessionIdleTime",
        "u",
        90000,
    )
    assert screensaver_source(session_bus).read() == pytest.approx(90.0)
    if shutil.which("dbus-send"):
        assert screensaver_source(session_bus, without_gdbus).read() == pytest.approx(90.0)


@needs_bus
def test_a_bus_without_a_desktop_falls_through_to_the_next_witness(session_bus):
    env = {"DBUS_SESSION_BUS_ADDRESS": session_bus}
    started = time.monotonic()
    assert screensaver_source(session_bus).read() is None
    assert mutter_source(session_bus).read() is None
    assert time.monotonic() - started < 1.0
    assert [source.name for source in default_sources(env, platform="linux")] == [
        "screensaver-dbus",
        "mutter",
    ]
    assert IdleProbe(default_sources(env, platform="linux"))() is None


@needs_bus
def test_a_desktop_that_hangs_costs_one_timeout(session_bus, idle_service):
    idle_service(
        "org.gnome.Mutter.IdleMonitor",
        "/org/gnome/Mutter/IdleMonitor/Core",
        "org.gnome.Mutter.IdleMonitor.GetIdletime",
        "t",
        5,
        delay=5,
    )
    started = time.monotonic()
    assert mutter_source(session_bus).read() is None
    assert time.monotonic() - started < 2.0
