"""The buttons for real: notify-send, a private session bus, Xvfb and dunst, driven by dunstctl.

The fakes (test_notify_actions.py) say what the Notifier does with what notify-send prints; this
says notify-send really prints it, that a server really shows the buttons and takes the
notification down on CloseNotification. dunst's "default action" (``dunstctl action``) stands in
for clicking Done; its context menu (``dunstctl context``) runs the dmenu we configure, a script
that picks Snooze. Skipped where the programs are missing (``.ci/desktop-deps`` installs them).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from coach.system.notify import Notifier, Sent, run_command, spawn_lines

pytestmark = pytest.mark.slow

NEEDED = ("dbus-daemon", "Xvfb", "dunst", "dunstctl", "notify-send", "gdbus")
HAS_SERVER = [
    "gdbus",
    "call",
    "--session",
    "--dest=org.freedesktop.DBus",
    "--object-path=/org/freedesktop/DBus",
    "--method=org.freedesktop.DBus.NameHasOwner",
    "org.freedesktop.Notifications",
]
BUTTONS = [("done", "Done"), ("snooze", "Snooze 5 min")]

DUNSTRC = """\
[global]
    dmenu = {dmenu}
    mouse_left_click = do_action, close_current
    show_indicators = no
[urgency_low]
    timeout = 0
[urgency_normal]
    timeout = 0
[urgency_critical]
    timeout = 0
"""

BUS_CONFIG = """\
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""
"""A session bus with no service directories: a call to the notification server can't start the
system's own dunst (without our config or display) before ours has taken the name."""

PICK_SNOOZE = """\
#!/bin/sh
# dunst's context menu: one line per action, e.g. "#Snooze 5 min (Stand up) [7,snooze]"
grep -m1 ',snooze]'
"""


def missing() -> list[str]:
    return [name for name in NEEDED if shutil.which(name) is None]


def until(condition: Callable[[], bool], what: str, seconds: float = 3.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=2)


@dataclass
class Desktop:
    """A private desktop session: its environment, and dunstctl to act as the person."""

    env: dict[str, str]
    threads: list[threading.Thread] = field(default_factory=list)

    def dunstctl(self, *arguments: str) -> str:
        return subprocess.run(
            ["dunstctl", *arguments],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=3,
            check=True,
        ).stdout.strip()

    def displayed(self) -> int:
        return int(self.dunstctl("count", "displayed"))

    def notifier(self) -> Notifier:
        env = self.env

        def run(command: Sequence[str]) -> str | None:
            return run_command(command, env=env)

        def spawn(command: Sequence[str]) -> Iterator[str] | None:
            return spawn_lines(command, env=env)

        def background(work: Callable[[], None]) -> None:
            thread = threading.Thread(target=work, daemon=True)
            self.threads.append(thread)
            thread.start()

        return Notifier(
            write=lambda text: None,
            env=env,
            run=run,
            spawn=spawn,
            background=background,
        )

    def readers_done(self) -> None:
        """Every notify-send has exited and been reaped."""
        for thread in self.threads:
            thread.join(timeout=3)
            assert not thread.is_alive(), "a notify-send is still waiting"


@pytest.fixture
def desktop(tmp_path: Path) -> Iterator[Desktop]:
    if absent := missing():
        pytest.skip(f"needs {', '.join(absent)} (run .ci/desktop-deps as root)")
    started: list[subprocess.Popen[bytes]] = []
    try:
        bus_config = tmp_path / "bus.conf"
        bus_config.write_text(BUS_CONFIG)
        bus = subprocess.Popen(
            ["dbus-daemon", f"--config-file={bus_config}", "--nofork", "--print-address=1"],
            stdout=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        started.append(bus)
        assert bus.stdout is not None
        address = bus.stdout.readline().decode().strip()
        assert address, "dbus-daemon printed no address"

        read_end, write_end = os.pipe()
        screen = subprocess.Popen(
            [
                "Xvfb",
                "-displayfd",
                str(write_end),
                "-nolisten",
                "tcp",
                "-screen",
                "0",
                "640x480x24",
            ],
            pass_fds=(write_end,),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        started.append(screen)
        os.close(write_end)
        with os.fdopen(read_end) as display_number:
            number = display_number.readline().strip()
        assert number, "Xvfb printed no display"

        env = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY", "TMUX")}
        env.update(DISPLAY=f":{number}", DBUS_SESSION_BUS_ADDRESS=address)
        dmenu = tmp_path / "pick-snooze"
        dmenu.write_text(PICK_SNOOZE)
        dmenu.chmod(0o755)
        config = tmp_path / "dunstrc"
        config.write_text(DUNSTRC.format(dmenu=dmenu))
        dunst = subprocess.Popen(
            ["dunst", "-config", str(config)],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        started.append(dunst)
        session = Desktop(env)
        until(lambda: "true" in (run_command(HAS_SERVER, env=env) or ""), "dunst on the bus")
        yield session
        session.readers_done()
    finally:
        for process in reversed(started):
            stop(process)


def test_done_is_clicked_once_and_the_notification_is_gone(desktop: Desktop):
    notifier = desktop.notifier()
    clicked: list[str] = []
    assert notifier.notify("Time to stand up", "30 min", actions=BUTTONS, on_action=clicked.append)
    until(lambda: desktop.displayed() == 1, "the notification to show")
    until(lambda: notifier.sent is not None and notifier.sent.id is not None, "its id")
    desktop.dunstctl("action", "0")  # the notification's default action: Done
    until(lambda: clicked != [], "the click")
    desktop.readers_done()
    assert clicked == ["done"]
    assert desktop.displayed() == 0
    notifier.close()  # answered already: nothing to do, nothing raised


def test_snooze_from_the_menu_is_passed_on(desktop: Desktop):
    notifier = desktop.notifier()
    clicked: list[str] = []
    notifier.notify("Time to stand up", "30 min", actions=BUTTONS, on_action=clicked.append)
    until(lambda: desktop.displayed() == 1, "the notification to show")
    desktop.dunstctl("context")  # dunst runs our dmenu, which picks Snooze
    until(lambda: clicked != [], "the click")
    desktop.readers_done()
    assert clicked == ["snooze"]


def test_close_takes_it_down_when_the_break_is_answered_elsewhere(desktop: Desktop):
    notifier = desktop.notifier()
    clicked: list[str] = []
    notifier.notify("Time to stand up", "30 min", actions=BUTTONS, on_action=clicked.append)
    until(lambda: desktop.displayed() == 1, "the notification to show")
    sent = notifier.sent
    assert sent is not None and sent.how == "desktop"
    began = time.monotonic()
    notifier.close()
    assert time.monotonic() - began < 1.0
    until(lambda: desktop.displayed() == 0, "the notification to close")
    desktop.readers_done()
    assert clicked == [] and notifier.sent is None


def test_a_new_notification_replaces_the_last_and_dismissing_calls_nothing(desktop: Desktop):
    notifier = desktop.notifier()
    clicked: list[str] = []
    notifier.notify("Time to stand up", "30 min", actions=BUTTONS, on_action=clicked.append)
    until(lambda: desktop.displayed() == 1, "the first notification")
    first = notifier.sent
    notifier.notify("Time to stand up", "35 min", actions=BUTTONS, on_action=clicked.append)
    until(lambda: notifier.sent is not None and notifier.sent.id is not None, "the second id")
    assert notifier.sent != first and isinstance(notifier.sent, Sent)
    time.sleep(0.2)  # let the server settle: one up, not two
    assert desktop.displayed() == 1
    desktop.dunstctl("close")  # the person dismisses it without a button
    until(lambda: desktop.displayed() == 0, "the dismissal")
    desktop.readers_done()
    assert clicked == []
