"""`coach log ROUTINE --at WHEN`: a session done away from coach, logged afterwards."""

from __future__ import annotations

import argparse

from coach.cli.errors import CliError
from coach.cli.loading import load_routines, load_settings, open_store, resolve_routine
from coach.text.safe import echo, one_line

MAX_MINUTES = 600


def run(args: argparse.Namespace) -> int:
    from coach.core.clock import SystemClock
    from coach.core.when import WhenError, parse_when
    from coach.text.formatting import minutes_text

    config = load_settings(args)
    routine = resolve_routine(args.routine, load_routines())
    now = SystemClock().now()
    try:
        started = parse_when(args.at, now)
    except WhenError as exc:
        raise CliError(f"--at: {exc}") from None
    if args.minutes is not None and not 0 < args.minutes <= MAX_MINUTES:
        raise CliError(
            f"--minutes must be more than 0 and at most {MAX_MINUTES}, got {args.minutes:g}"
        )
    planned = routine.estimated_seconds(config.player.get_ready_seconds)
    seconds = args.minutes * 60 if args.minutes is not None else planned
    store = open_store(args, config)
    try:
        store.log_session(
            routine_id=routine.id,
            routine_name=routine.name,
            tags=routine.tags,
            planned_seconds=planned,
            started=started,
            active_seconds=seconds,
        )
    finally:
        store.close()
    echo(
        f"Logged {one_line(routine.name)} on {started:%a} {started.day} {started:%b %H:%M} "
        f"({minutes_text(seconds)}), entered by hand: it counts like any completed session. "
        "Undo it in coach history (d deletes it, u brings it back)."
    )
    return 0
