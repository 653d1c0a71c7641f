"""`coach break done|snooze|skip|now`: answer the break prompt from any shell."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from coach.cli.loading import load_settings, open_store
from coach.core.vocabulary import BreakAnswer
from coach.text.safe import echo, one_line

if TYPE_CHECKING:
    from coach.store import Store


ASK_KEYS = {"d": BreakAnswer.DONE, "z": BreakAnswer.SNOOZE, "x": BreakAnswer.SKIP}
"""``coach break ask``'s keys, as the toast's (the popup has no [keys] of its own)."""


def read_key(stream: TextIO) -> str:
    """One key from a terminal, without waiting for enter (a plain line from a pipe)."""
    try:
        import termios
        import tty
    except ImportError:  # not a POSIX terminal
        return stream.readline()[:1]
    try:
        fd = stream.fileno()
        saved = termios.tcgetattr(fd)
    except (termios.error, OSError, ValueError, AttributeError):  # a pipe, a file, nothing
        return stream.readline()[:1]
    try:
        tty.setcbreak(fd)
        return stream.read(1)
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


def ask(args: argparse.Namespace, read: Callable[[], str]) -> int:
    """The tmux popup's question: one key answers the prompt waiting now (q leaves it)."""
    config = load_settings(args)
    store = open_store(args, config)
    try:
        if store.pending_break() is None:
            echo("No break is waiting.")
            return 1
        echo("Time to stand up.")
        echo("d done · z snooze · x skip · q not now")
        key = read().lower()
        answer = ASK_KEYS.get(key)
        if answer is None:
            return 0
        return _answer(store, answer, config.breaks.max_snoozes)
    finally:
        store.close()


def _answer(store: Store, answer: str, max_snoozes: int) -> int:
    from coach.core.clock import SystemClock
    from coach.services.break_keeper import NothingToAnswer, answer_from_shell

    try:
        message = answer_from_shell(store, answer, SystemClock().now(), max_snoozes=max_snoozes)
    except NothingToAnswer as exc:
        echo(f"coach: {one_line(exc)}", file=sys.stderr)
        return 1
    echo(message)
    return 0


def run(args: argparse.Namespace) -> int:
    if args.answer == "now":
        from coach.cli.app import start_app

        return start_app(args, break_now=True)
    if args.answer == "ask":
        return ask(args, lambda: read_key(sys.stdin))
    config = load_settings(args)
    store = open_store(args, config)
    from coach.core.clock import SystemClock
    from coach.services.break_keeper import NothingToAnswer, answer_from_shell

    try:
        message = answer_from_shell(
            store, args.answer, SystemClock().now(), max_snoozes=config.breaks.max_snoozes
        )
    except NothingToAnswer as exc:
        echo(f"coach: {one_line(exc)}", file=sys.stderr)
        return 1
    finally:
        store.close()
    echo(message)
    return 0
