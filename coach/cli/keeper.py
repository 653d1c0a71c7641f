"""``coach keeper``: break prompts without a window; ``install``/``uninstall``: as a user service.

The loop itself is :class:`coach.services.headless.HeadlessKeeper`; this module wires it to the
real clock, lock, notifier and idle source, and turns SIGTERM, SIGHUP and Ctrl+C into a clean
stop (the lock released, exit status 0).
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
from pathlib import Path
from typing import TextIO

from coach.cli.loading import load_settings, open_store
from coach.text.safe import echo


def run(args: argparse.Namespace) -> int:
    match getattr(args, "keeper_command", None):
        case "install":
            return install(args)
        case "uninstall":
            return uninstall(args)
        case _:
            return keep(args)


def keep(args: argparse.Namespace) -> int:
    from coach.core.clock import SystemClock
    from coach.core.work_hours import BreakPolicy
    from coach.services.break_keeper import BreakKeeper
    from coach.services.headless import HeadlessKeeper
    from coach.system.idle import default_idle_reader
    from coach.system.lock import BreakLock, lock_path_for
    from coach.system.notify import Notifier
    from coach.system.paths import config_path
    from coach.system.signals import stop_on_signals
    from coach.system.tmux import TmuxPopup
    from coach.system.tmux import coach_command as tmux_coach_command

    config = load_settings(args)
    store = open_store(args, config)
    clock = SystemClock()
    tty = _is_tty()
    notifier = Notifier(
        write=_write_raw,
        desktop=config.notify.desktop,
        terminal=config.notify.terminal and tty,
    )
    keeper = BreakKeeper(
        BreakPolicy.from_settings(config.breaks),
        store,
        clock,
        BreakLock(lock_path_for(store.path)),
        role="keeper",
    )
    headless = HeadlessKeeper(
        keeper,
        clock=clock,
        notifier=notifier,
        say=_say,
        warn=lambda line: _say(f"coach: {line}", sys.stderr),
        bell=(lambda: _write_raw("\a")) if tty else (lambda: None),
        idle_reader=default_idle_reader(),
        popup=TmuxPopup(os.environ) if config.breaks.tmux_popup else None,
        ask_command=tmux_coach_command(
            ["break", "ask", "--db", str(store.path), "--config", str(config_path(args.config))]
        ),
    )
    stop = threading.Event()
    _say(f"coach keeper: breaks for {store.path} (ctrl+c or SIGTERM stops)")
    try:
        with stop_on_signals(stop):
            headless.run(stop=stop.is_set, sleep=stop.wait, once=args.once)
    finally:
        store.close()
    if stop.is_set():
        _say("coach keeper: stopped; the break lock is released.")
    return 0


def install(args: argparse.Namespace) -> int:
    from coach.system.user_service import UserService, coach_command

    command = coach_command()
    for option, variable in (("db", "COACH_DB"), ("config", "COACH_CONFIG")):
        value = getattr(args, option, None) or os.environ.get(variable)
        if value:
            command += [f"--{option}", str(Path(value).expanduser().resolve())]
    command.append("keeper")
    for line in UserService().install(command):
        echo(line)
    return 0


def uninstall(args: argparse.Namespace) -> int:
    from coach.system.user_service import UserService

    for line in UserService().uninstall():
        echo(line)
    return 0


def _is_tty() -> bool:
    try:
        return sys.stdout.isatty()
    except (OSError, ValueError):
        return False


def _say(line: str, file: TextIO | None = None) -> None:
    """One line, flushed now (under systemd standard output is the journal, not a terminal)."""
    out = sys.stdout if file is None else file
    try:
        echo(line, file=out)
        out.flush()
    except (OSError, ValueError):
        pass  # the terminal is gone: the log still gets every row


def _write_raw(text: str) -> None:
    """The bell or a notification escape, to the terminal as bytes. Only these two come here
    (the escape's text is cleaned by :mod:`coach.system.notify`); every line goes through echo."""
    try:
        sys.stdout.flush()
        os.write(sys.stdout.fileno(), text.encode("utf-8", "replace"))
    except (OSError, ValueError):
        pass
