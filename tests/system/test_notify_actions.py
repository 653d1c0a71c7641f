"""Buttons on the desktop notification, against a fake notify-send and bus.

The fake plays the server's part: notify-send prints the id, then the key of a clicked button, and
exits when the notification goes; CloseNotification takes it down. Readers run on real threads,
as they do in the app, and each test waits for them, so nothing here depends on luck.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator, Sequence

import pytest

from coach.system.notify import Notifier, Sent

NEW_HELP = """Usage:
  notify-send [OPTION…] <SUMMARY> [BODY] - create a notification
  -p, --print-id                    Print the notification ID.
  -w, --wait                        Wait for the notification to be closed before exiting.
  -A, --action=[NAME=]Text...       Specifies the actions to display to the user.
"""
OLD_HELP = """Usage:
  notify-send [OPTION...] <SUMMARY> [BODY] - create a notification
  -u, --urgency=LEVEL               Specifies the urgency level (low, normal, critical).
"""
WITH_ACTIONS = "(['actions', 'body', 'body-markup'],)\n"
WITHOUT_ACTIONS = "(['body', 'body-markup'],)\n"
BUTTONS = [("done", "Done"), ("snooze", "Snooze 5 min")]
PLAIN = ["notify-send", "--app-name=coach", "--urgency=normal"]
GDBUS = [
    "gdbus",
    "call",
    "--session",
    "--dest=org.freedesktop.Notifications",
    "--object-path=/org/freedesktop/Notifications",
]


class FakeDesktop:
    """notify-send, the bus and the server, as far as the Notifier can see them."""

    def __init__(self, *, help_text: str = NEW_HELP, capabilities: str = WITH_ACTIONS) -> None:
        self.help_text = help_text
        self.capabilities = capabilities
        self.ran: list[list[str]] = []
        self.spawned: list[list[str]] = []
        self.started: list[list[str]] = []
        self.up: dict[int, queue.Queue[str | None]] = {}
        self.next_id = 7
        self.threads: list[threading.Thread] = []
        self.fail_spawn = False

    def run(self, command: Sequence[str]) -> str | None:
        self.ran.append(list(command))
        if command[:2] == ["notify-send", "--help"]:
            return self.help_text
        method = next((part for part in command if "Notifications." in part), "")
        if method.endswith("GetCapabilities"):
            return self.capabilities
        if method.endswith("CloseNotification"):
            self.take_down(int(command[-1].removeprefix("uint32:")))
            return "()\n"
        return None

    def spawn(self, command: Sequence[str]) -> Iterator[str] | None:
        self.spawned.append(list(command))
        if self.fail_spawn:
            return None
        lines: queue.Queue[str | None] = queue.Queue()
        number, self.next_id = self.next_id, self.next_id + 1
        lines.put(f"{number}\n")
        if "--wait" in command:
            self.up[number] = lines
        else:
            lines.put(None)  # shown; notify-send is done

        def read() -> Iterator[str]:
            # a notification left up by a test ends, as notify-send would when its server goes
            try:
                while (line := lines.get(timeout=5)) is not None:
                    yield line
            except queue.Empty:
                return

        return read()

    def background(self, work: Callable[[], None]) -> None:
        thread = threading.Thread(target=work, daemon=True)
        self.threads.append(thread)
        thread.start()

    def click(self, name: str, number: int | None = None) -> None:
        lines = self.up.pop(number if number is not None else max(self.up))
        lines.put(f"{name}\n")
        lines.put(None)

    def take_down(self, number: int) -> None:
        lines = self.up.pop(number, None)
        if lines is not None:
            lines.put(None)

    def settle(self) -> None:
        for thread in self.threads:
            thread.join(timeout=5)
            assert not thread.is_alive()

    def closes(self) -> list[list[str]]:
        return [c for c in self.ran if any("CloseNotification" in part for part in c)]


def make(desktop: FakeDesktop, *, which=None) -> tuple[Notifier, list[str]]:
    written: list[str] = []
    notifier = Notifier(
        write=written.append,
        env={"DISPLAY": ":0"},
        which=which or (lambda name: f"/usr/bin/{name}"),
        start=lambda command: desktop.started.append(list(command)),
        run=desktop.run,
        spawn=desktop.spawn,
        background=desktop.background,
    )
    return notifier, written


def test_buttons_are_shown_and_a_click_is_passed_on_once():
    desktop = FakeDesktop()
    notifier, written = make(desktop)
    clicked: list[str] = []
    assert notifier.notify("Stand up", "30 min", actions=BUTTONS, on_action=clicked.append) == (
        "desktop"
    )
    assert desktop.spawned == [
        ["stdbuf", "-oL", *PLAIN, "--print-id", "--wait"]
        + ["--action=default=Done", "--action=done=Done", "--action=snooze=Snooze 5 min"]
        + ["--", "Stand up", "30 min"]
    ]
    assert desktop.started == [] and written == []
    desktop.click("snooze")
    desktop.settle()
    assert clicked == ["snooze"]
    assert notifier.sent == Sent("desktop", 7)


def test_clicking_the_notification_itself_is_the_first_button():
    desktop = FakeDesktop()
    notifier, _ = make(desktop)
    clicked: list[str] = []
    notifier.notify("Stand up", "", actions=BUTTONS, on_action=clicked.append)
    desktop.click("default")
    desktop.settle()
    assert clicked == ["done"]


def test_a_second_click_line_is_not_a_second_answer():
    desktop = FakeDesktop()
    notifier, _ = make(desktop)
    clicked: list[str] = []
    notifier.notify("Stand up", "", actions=BUTTONS, on_action=clicked.append)
    lines = desktop.up.pop(7)
    for line in ("done\n", "snooze\n", None):
        lines.put(line)
    desktop.settle()
    assert clicked == ["done"]


def test_dismissing_it_calls_nothing_and_leaves_nothing_to_close():
    desktop = FakeDesktop()
    notifier, _ = make(desktop)
    clicked: list[str] = []
    notifier.notify("Stand up", "", actions=BUTTONS, on_action=clicked.append)
    desktop.take_down(7)  # the person closed it
    desktop.settle()
    notifier.close()
    assert clicked == [] and desktop.closes() == []


def test_close_takes_it_down_by_id_once_and_a_late_click_is_ignored():
    desktop = FakeDesktop()
    notifier, _ = make(desktop)
    clicked: list[str] = []
    notifier.notify("Stand up", "", actions=BUTTONS, on_action=clicked.append)
    lines = desktop.up.pop(7)  # the server is slow to hear the close: the stream stays open
    notifier.close()
    assert desktop.closes() == [
        GDBUS + ["--method=org.freedesktop.Notifications.CloseNotification", "7"]
    ]
    assert notifier.sent is None
    notifier.close()
    assert len(desktop.closes()) == 1
    lines.put("done\n")  # a click the server sent before it heard the close
    lines.put(None)
    desktop.settle()
    assert clicked == []


def test_after_a_click_close_has_nothing_to_do():
    desktop = FakeDesktop()
    notifier, _ = make(desktop)
    notifier.notify("Stand up", "", actions=BUTTONS, on_action=lambda key: None)
    desktop.click("done")
    desktop.settle()
    notifier.close()
    assert desktop.closes() == []


def test_a_second_notification_closes_the_first_so_only_one_is_up():
    desktop = FakeDesktop()
    notifier, _ = make(desktop)
    clicked: list[str] = []
    notifier.notify("Stand up", "1", actions=BUTTONS, on_action=clicked.append)
    notifier.notify("Stand up", "2", actions=BUTTONS, on_action=clicked.append)
    assert [c[-1] for c in desktop.closes()] == ["7"]
    assert list(desktop.up) == [8] and notifier.sent == Sent("desktop", 8)
    desktop.click("done", 8)
    desktop.settle()
    assert clicked == ["done"]
    # notify-send's help and the capabilities are asked once, not per notification
    assert [c[:2] for c in desktop.ran if "CloseNotification" not in c[-2]] == [
        ["notify-send", "--help"],
        ["gdbus", "call"],
    ]


def test_a_server_without_actions_gets_a_plain_notification_that_can_still_be_closed():
    desktop = FakeDesktop(capabilities=WITHOUT_ACTIONS)
    notifier, _ = make(desktop)
    clicked: list[str] = []
    notifier.notify("Stand up", "now", actions=BUTTONS, on_action=clicked.append)
    assert desktop.spawned == [["stdbuf", "-oL", *PLAIN, "--print-id", "--", "Stand up", "now"]]
    desktop.settle()
    assert notifier.sent == Sent("desktop", 7)
    notifier.close()
    assert [c[-1] for c in desktop.closes()] == ["7"] and clicked == []


def test_an_old_notify_send_gets_todays_plain_command():
    desktop = FakeDesktop(help_text=OLD_HELP)
    notifier, _ = make(desktop)
    assert notifier.notify("Stand up", "now", actions=BUTTONS, on_action=print) == "desktop"
    assert desktop.started == [[*PLAIN, "--", "Stand up", "now"]]
    assert desktop.spawned == []
    notifier.close()  # nothing known to close: no bus call, no error
    assert desktop.closes() == []


def test_without_notify_send_the_terminal_escape_is_sent_and_close_is_harmless():
    desktop = FakeDesktop()
    notifier, written = make(desktop, which=lambda name: None)
    notifier.env = {"DISPLAY": ":0", "TERM": "xterm-kitty"}
    assert notifier.notify("Stand up", "now", actions=BUTTONS, on_action=print) == "terminal"
    assert written == ["\x1b]9;Stand up: now\x07"]
    assert notifier.sent == Sent("terminal")
    notifier.close()
    assert desktop.ran == [] and desktop.spawned == []


def test_when_notify_send_cannot_start_the_plain_way_is_tried():
    desktop = FakeDesktop()
    desktop.fail_spawn = True
    notifier, _ = make(desktop)
    notifier.notify("Stand up", "now", actions=BUTTONS, on_action=print)
    assert desktop.started == [[*PLAIN, "--", "Stand up", "now"]]
    assert notifier.sent is None


def test_dbus_send_closes_it_where_gdbus_is_missing():
    desktop = FakeDesktop(capabilities='   array [\n      string "actions"\n   ]\n')
    notifier, _ = make(desktop, which=lambda name: None if name == "gdbus" else f"/bin/{name}")
    notifier.notify("Stand up", "", actions=BUTTONS, on_action=print)
    notifier.close()
    assert desktop.closes() == [
        [
            "dbus-send",
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.Notifications",
            "/org/freedesktop/Notifications",
            "org.freedesktop.Notifications.CloseNotification",
            "uint32:7",
        ]
    ]


def test_close_never_raises_even_when_the_bus_does():
    desktop = FakeDesktop()
    notifier, _ = make(desktop)
    notifier.close()  # nothing shown yet
    notifier.notify("Stand up", "", actions=BUTTONS, on_action=print)

    def broken(command: Sequence[str]) -> str | None:
        raise OSError("no bus")

    notifier.run = broken
    notifier.close()
    assert notifier.sent is None


@pytest.mark.parametrize("hostile", ["<b>x</b> & y\x1b[31m", "-r 5"])
def test_hostile_text_stays_text_in_title_body_and_labels(hostile):
    desktop = FakeDesktop()
    notifier, _ = make(desktop)
    notifier.notify(hostile, hostile, actions=[("done", hostile)], on_action=print)
    command = desktop.spawned[0]
    assert all("\x1b" not in part for part in command)
    assert command[-3] == "--"  # title and body can't be read as options
    if "<" in hostile:
        assert command[-1] == "&lt;b&gt;x&lt;/b&gt; &amp; y[31m"
