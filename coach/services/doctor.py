"""``coach doctor``: why a notification, the bell, speech or idle detection doesn't work here.

Each check is a small function that asks the machine one thing through an injected
:class:`Machine` (its environment, a command runner with a 2 s timeout, ``which``) and returns a
:class:`Check`: passed, failed (with the fix) or not applicable. No check raises and none
writes anything: the log is opened read-only, the break lock is looked at, not taken.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import shutil
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from coach.core.errors import CoachError
from coach.services.config import Config, load_config
from coach.system.probe import Ran, run

if TYPE_CHECKING:
    from coach.system.idle import IdleSource

STATUS_RIGHT_LENGTH = 60
"""Below this tmux cuts coach's status segment short: the segment alone is up to 40 columns
(``break in 12m · mobility ✓ · streak 12``), tmux's default length, and a clock or the host
after it is cut off."""
NOT_IN_TMUX = "not in tmux"


@dataclass(frozen=True)
class Check:
    """One line of the report. ``ok`` is None for a check that doesn't apply here."""

    label: str
    ok: bool | None
    detail: str
    fix: str = ""


def _which(name: str, path: str | None = None) -> str | None:
    return shutil.which(name, path=path)


def _module_version(module: str) -> str | None:
    """The installed version of ``module``'s distribution, "" when unknown; None if missing."""
    try:
        if importlib.util.find_spec(module) is None:
            return None
    except (ImportError, ValueError):
        return None
    try:
        return importlib.metadata.version(module.replace("_", "-"))
    except importlib.metadata.PackageNotFoundError:
        return ""


@dataclass(frozen=True)
class Machine:
    """What the checks may ask: all injected, so each check is tested on a made-up machine."""

    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    run: Callable[[Sequence[str]], Ran] = run
    which: Callable[[str, str | None], str | None] = _which
    module_version: Callable[[str], str | None] = _module_version
    platform: str = sys.platform

    @property
    def in_tmux(self) -> bool:
        return bool(self.env.get("TMUX"))

    def shown(self, path: Path | str) -> str:
        """A path with the home folder as ``~``."""
        text, home = str(path), self.env.get("HOME", "")
        if home and home != "/" and (text == home or text.startswith(home.rstrip("/") + "/")):
            return "~" + text[len(home.rstrip("/")) :]
        return text

    def first_line(self, ran: Ran) -> str:
        """What a failed command said, in one line."""
        for text in (ran.err, ran.out):
            for line in text.splitlines():
                if line.strip():
                    return line.strip()
        return f"exit {ran.code}"


# -- settings and log ---------------------------------------------------------------------


def check_settings(
    path: Path, machine: Machine, load: Callable[[Path], Config] = load_config
) -> tuple[Check, Config]:
    """The settings file loads (a missing one is the defaults); the settings in force."""
    try:
        config = load(path)
    except CoachError as exc:
        return Check(
            "settings",
            False,
            str(exc),
            "correct that line (`coach config init --force` rewrites the file with every key, "
            "keeping good values)",
        ), Config()
    if config.path is None:
        return Check("settings", True, f"{machine.shown(path)} (none yet: the defaults)"), config
    return Check("settings", True, f"{machine.shown(path)} (loads)"), config


def check_log(path: Path, machine: Machine, inspect: Callable[..., object] | None = None) -> Check:
    """The log is a whole coach log this coach can open, read-only, with its full quick_check."""
    from coach.store import SCHEMA_VERSION, StoreError, inspect_log

    look = inspect or inspect_log
    if not os.path.lexists(path):
        return Check("log", True, f"{machine.shown(path)} (none yet: coach makes it on first use)")
    try:
        info = look(path, integrity=True)
    except StoreError as exc:
        return Check(
            "log",
            False,
            f"{machine.shown(path)}: {exc.message}",
            "move it aside and put a backup in its place (`coach backup` makes them), "
            "or pass --db PATH",
        )
    except OSError as exc:
        return Check("log", False, f"{machine.shown(path)}: {exc.strerror or exc}", "")
    version = int(getattr(info, "version", 0))
    if version < SCHEMA_VERSION:
        detail = f"schema {version}, whole; coach brings it to {SCHEMA_VERSION} when it next opens"
    else:
        detail = f"schema {version}, whole"
    return Check("log", True, f"{machine.shown(path)} ({detail})")


def check_lock(
    lock: Path,
    machine: Machine,
    *,
    held: Callable[[Path], bool | None] | None = None,
    holder: Callable[[Path], int | None] | None = None,
    alive: Callable[[int], bool] | None = None,
) -> Check:
    """Who holds the break lock (the one coach that prompts for breaks), looked at, not taken."""
    from coach.system.lock import BreakLock, lock_is_held
    from coach.system.processes import pid_alive

    is_held = (held or lock_is_held)(lock)
    pid = (holder or (lambda p: BreakLock(p).holder_pid()))(lock)
    running = pid is not None and (alive or pid_alive)(pid)
    if is_held is None:
        return Check(
            "break lock",
            False,
            f"{machine.shown(lock)}: cannot be read",
            "make it readable by you (it should be yours, mode 0600), or remove it while no "
            "coach runs",
        )
    if not is_held:
        return Check("break lock", True, "free: no coach is prompting for breaks now")
    if pid is None:
        return Check("break lock", True, "held by a coach that left no pid")
    state = "running" if running else "not seen here: another container or machine?"
    return Check("break lock", True, f"held by pid {pid} ({state}): that coach prompts for breaks")


# -- idle ---------------------------------------------------------------------------------


def check_idle(
    machine: Machine, sources: Callable[[Mapping[str, str]], list[IdleSource]] | None = None
) -> Check:
    """The idle source a coach started here would use: the first that answers."""
    from coach.system.idle import IdleProbe, default_sources

    found = (sources or default_sources)(machine.env)
    if not found:
        return Check(
            "idle",
            False,
            "no idle source here (no desktop session, no X display, not in tmux)",
            "run coach in your desktop session's terminal or inside tmux, so a break you took "
            "away from the keyboard is counted",
        )
    try:
        reading = IdleProbe(found)()
    finally:
        for source in found:
            close = getattr(source, "close", None)
            if callable(close):
                close()
    tried = ", ".join(source.name for source in found)
    if reading is None:
        return Check(
            "idle",
            False,
            f"no source answered (tried {tried})",
            "run coach in your desktop session's terminal or inside tmux",
        )
    if reading.whole_desk:
        return Check("idle", True, f"{reading.source} (sees every key and mouse move)")
    return Check(
        "idle",
        True,
        f"{reading.source} (keys typed in tmux only: coach asks before crediting a break)",
    )


# -- notifications ------------------------------------------------------------------------


def check_notify_send(machine: Machine, config: Config) -> Check:
    """notify-send is there (and its version)."""
    if machine.platform == "darwin":
        return Check("notify-send", None, "macOS: the terminal's escape is used instead")
    where = machine.which("notify-send", None)
    off = "" if config.notify.desktop else "; off in settings ([notify] desktop = false)"
    if where is None:
        return Check(
            "notify-send",
            False,
            "not found" + off,
            "install libnotify-bin (Debian/Ubuntu) or libnotify (Fedora)",
        )
    ran = machine.run(["notify-send", "--version"])
    version = ran.out.strip() if ran.ok and ran.out.strip() else "version unknown"
    return Check("notify-send", True, f"{where} ({version}){off}")


def check_dbus(machine: Machine) -> Check:
    """A D-Bus session bus is set and answers (notify-send needs one)."""
    if machine.platform == "darwin":
        return Check("D-Bus", None, "macOS: not needed")
    address = machine.env.get("DBUS_SESSION_BUS_ADDRESS", "")
    if not address:
        return Check(
            "D-Bus",
            False,
            "DBUS_SESSION_BUS_ADDRESS is not set: desktop notifications can't reach the screen",
            "run coach from a terminal of your desktop session, or "
            'export DBUS_SESSION_BUS_ADDRESS="unix:path=/run/user/$(id -u)/bus"',
        )
    if machine.which("gdbus", None):
        command = [
            "gdbus", "call", "--address", address, "--timeout", "2",
            "--dest", "org.freedesktop.DBus", "--object-path", "/org/freedesktop/DBus",
            "--method", "org.freedesktop.DBus.GetId",
        ]  # fmt: skip
    elif machine.which("dbus-send", None):
        command = [
            "dbus-send", f"--bus={address}", "--print-reply", "--reply-timeout=2000",
            "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus.GetId",
        ]  # fmt: skip
    else:
        return Check("D-Bus", True, f"{address} (set; not asked: no gdbus or dbus-send)")
    ran = machine.run(command)
    if not ran.ok:
        return Check(
            "D-Bus",
            False,
            f"{address} does not answer: {machine.first_line(ran)}",
            "the session bus has gone: log in again, or point DBUS_SESSION_BUS_ADDRESS at the "
            "running one",
        )
    return Check("D-Bus", True, f"{address} (answers)")


def tmux_option(machine: Machine, name: str) -> tuple[str | None, str]:
    """A global tmux option's value (``tmux show -gv``), or None and why not."""
    ran = machine.run(["tmux", "show", "-gv", name])
    if not ran.ok:
        return None, machine.first_line(ran)
    return ran.out.strip(), ""


def check_escape(machine: Machine, desktop_works: bool) -> Check:
    """The terminal's notification escape (OSC 9 / OSC 777), guessed as coach does."""
    from coach.system.notify import escape_support

    term = machine.env.get("TERM", "")
    program = machine.env.get("TERM_PROGRAM", "")
    where = f"TERM={term or '(unset)'}" + (f", TERM_PROGRAM={program}" if program else "")
    if machine.in_tmux:
        ran = machine.run(["tmux", "display-message", "-p", "#{client_termname}"])
        outer = ran.out.strip() if ran.ok else ""
        term, program = outer, ""
        where = f"tmux's client TERM={outer or '(unknown: no client attached)'}"
    escape = escape_support(term, program)
    if escape is not None:
        return Check("terminal escape", True, f"{escape} ({where})")
    if desktop_works:
        return Check("terminal escape", None, f"none known for {where}; not needed: notify-send")
    return Check(
        "terminal escape",
        False,
        f"none known for {where}, and no desktop notification either",
        "use a terminal that shows OSC 9 or OSC 777 (kitty, WezTerm, iTerm2, Ghostty, foot), "
        "or make desktop notifications work (the lines above)",
    )


# -- tmux -----------------------------------------------------------------------------------


def check_tmux_version(machine: Machine) -> Check:
    ran = machine.run(["tmux", "-V"])
    if not ran.ok:
        return Check(
            "tmux", False, f"$TMUX is set but tmux doesn't answer: {machine.first_line(ran)}", ""
        )
    return Check("tmux", True, ran.out.strip())


def check_passthrough(machine: Machine) -> Check:
    """Whether tmux hands the notification escape to the terminal around it."""
    value, why = tmux_option(machine, "allow-passthrough")
    if value is None:
        return Check(
            "tmux passthrough",
            False,
            f"allow-passthrough unknown ({why}): tmux before 3.3 drops the escape",
            "upgrade tmux to 3.3 or later, or rely on notify-send",
        )
    if value in ("on", "all"):
        return Check("tmux passthrough", True, f"allow-passthrough {value}")
    return Check(
        "tmux passthrough",
        False,
        f"allow-passthrough {value}: tmux swallows the notification escape",
        "set -g allow-passthrough on",
    )


def check_status_length(machine: Machine) -> Check:
    value, why = tmux_option(machine, "status-right-length")
    if value is None or not value.isdigit():
        return Check("tmux status-right-length", False, f"unknown ({why or value})", "")
    if int(value) < STATUS_RIGHT_LENGTH:
        return Check(
            "tmux status-right-length",
            False,
            f"{value}: coach's status segment is cut short",
            "set -g status-right-length 60",
        )
    return Check("tmux status-right-length", True, value)


def check_tmux_path(machine: Machine) -> Check:
    """Whether ``#(coach status)`` in the status bar finds coach on the tmux server's PATH."""
    ran = machine.run(["tmux", "show-environment", "-g", "PATH"])
    line = ran.out.strip()
    if not ran.ok or not line.startswith("PATH="):
        return Check(
            "tmux PATH",
            False,
            "the tmux server has no PATH" + (f" ({machine.first_line(ran)})" if not ran.ok else ""),
            'tmux set-environment -g PATH "$PATH"',
        )
    found = machine.which("coach", line.removeprefix("PATH="))
    if found is None:
        return Check(
            "tmux PATH",
            False,
            "the tmux server's PATH does not find coach: #(coach status) shows nothing",
            'tmux set-environment -g PATH "$PATH" (from a shell that finds coach), or give the '
            "full path in the status line",
        )
    return Check("tmux PATH", True, f"finds {machine.shown(found)}")


def check_bell(machine: Machine) -> Check:
    """Whether tmux passes the cue bell to the terminal."""
    action, why = tmux_option(machine, "bell-action")
    visual, _ = tmux_option(machine, "visual-bell")
    if action is None:
        return Check("tmux bell", False, f"bell-action unknown ({why})", "")
    detail = f"bell-action {action}, visual-bell {visual or 'unknown'}"
    if action == "none":
        return Check(
            "tmux bell", False, detail + ": tmux drops every bell", "set -g bell-action any"
        )
    if visual in ("on",):
        return Check(
            "tmux bell",
            False,
            detail + ": tmux shows a message instead of ringing",
            "set -g visual-bell off",
        )
    return Check("tmux bell", True, detail)


TMUX_CHECKS: tuple[Callable[[Machine], Check], ...] = (
    check_tmux_version,
    check_passthrough,
    check_status_length,
    check_tmux_path,
    check_bell,
)


# -- speech and serve -----------------------------------------------------------------------


def check_speech(machine: Machine, config: Config) -> Check:
    from coach.system.cues import SPEECH_PROGRAMS

    found = next(
        (program[0] for program in SPEECH_PROGRAMS if machine.which(program[0], None)), None
    )
    names = ", ".join(program[0] for program in SPEECH_PROGRAMS)
    if not config.player.speech:
        heard = f"{found} found" if found else f"none of {names} found"
        return Check("speech", None, f"off ([player] speech = false); {heard}")
    if found is None:
        return Check(
            "speech",
            False,
            f"on, but none of {names} is installed",
            "install speech-dispatcher (spd-say) or espeak-ng",
        )
    return Check("speech", True, f"on, with {found}")


def check_serve(machine: Machine) -> Check:
    version = machine.module_version("textual_serve")
    if version is None:
        return Check(
            "serve",
            False,
            "textual-serve is not installed: `coach serve` can't run",
            f"{machine.shown(sys.executable)} -m pip install textual-serve (in coach's own "
            "environment)",
        )
    return Check("serve", True, f"textual-serve {version}".rstrip())


# -- all of them ----------------------------------------------------------------------------


def run_checks(settings: Path, log: Path, machine: Machine | None = None) -> list[Check]:
    """Every check, in the order a person would look. Never raises: a check that breaks is a
    failed line naming what broke."""
    from coach.system.lock import lock_path_for

    here = machine or Machine()
    settings_check, config = _safely("settings", lambda: check_settings(settings, here))
    checks = [settings_check]
    checks.append(_safely_one("log", lambda: check_log(log, here)))
    checks.append(_safely_one("break lock", lambda: check_lock(lock_path_for(log), here)))
    checks.append(_safely_one("idle", lambda: check_idle(here)))
    notify_send = _safely_one("notify-send", lambda: check_notify_send(here, config))
    dbus = _safely_one("D-Bus", lambda: check_dbus(here))
    checks += [notify_send, dbus]
    desktop = notify_send.ok is True and dbus.ok is True and config.notify.desktop
    checks.append(_safely_one("terminal escape", lambda: check_escape(here, desktop)))
    if here.in_tmux:
        checks += [_safely_one("tmux", partial(check, here)) for check in TMUX_CHECKS]
    else:
        checks.append(Check("tmux", None, NOT_IN_TMUX))
    checks.append(_safely_one("speech", lambda: check_speech(here, config)))
    checks.append(_safely_one("serve", lambda: check_serve(here)))
    return checks


def _safely(label: str, work: Callable[[], tuple[Check, Config]]) -> tuple[Check, Config]:
    try:
        return work()
    except Exception as exc:  # a check that breaks is a line, never the report
        return Check(label, False, f"the check failed: {type(exc).__name__}: {exc}"), Config()


def _safely_one(label: str, work: Callable[[], Check]) -> Check:
    try:
        return work()
    except Exception as exc:  # a check that breaks is a line, never the report
        return Check(label, False, f"the check failed: {type(exc).__name__}: {exc}")


def exit_code(checks: Sequence[Check]) -> int:
    """0 when nothing failed, 1 otherwise."""
    return 1 if any(check.ok is False for check in checks) else 0
