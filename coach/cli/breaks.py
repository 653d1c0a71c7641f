"""`coach break done|snooze|skip|now`: answer the break prompt from any shell."""

from __future__ import annotations

import argparse
import sys

from coach.cli.loading import load_settings, open_store
from coach.text.safe import echo, one_line


def run(args: argparse.Namespace) -> int:
    if args.answer == "now":
        from coach.cli.app import start_app

        return start_app(args, break_now=True)
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
