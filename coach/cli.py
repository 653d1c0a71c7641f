"""The ``coach`` command.

Imports are lazy: commands that print a line (``routines``, ``status``, ``break``) never load
Textual, and every error a user can cause is one line on stderr with exit code 2, never a
traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from coach import __version__

if TYPE_CHECKING:
    from coach.config import Config
    from coach.core.routine import Routine, RoutineSet
    from coach.store import Store

EXIT_USAGE = 2


class CliError(Exception):
    """A one-line failure for the user, printed as ``coach: …``."""


def _common(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--db",
        metavar="PATH",
        default=default,
        help="the log file (default: $COACH_DB or the data dir)",
    )
    parser.add_argument(
        "--config",
        metavar="PATH",
        default=default,
        help="the settings file (default: $COACH_CONFIG or the config dir)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coach",
        description="A terminal daily-routine coach: mobility, stand-up breaks, a habit log.",
    )
    parser.add_argument("--version", action="version", version=f"coach {__version__}")
    _common(parser, suppress=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = commands.add_parser("run", help="play a routine now (an id or a path to a .toml file)")
    run.add_argument("routine", metavar="ROUTINE", help="routine id (see `coach routines`) or file")
    _common(run, suppress=True)

    routines = commands.add_parser("routines", help="list routines, or check routine files")
    routines.add_argument(
        "--check",
        nargs="*",
        metavar="FILE",
        default=None,
        help="validate FILEs (default: every built-in and user routine); exit 1 on any error",
    )
    _common(routines, suppress=True)

    breaks = commands.add_parser(
        "break",
        help="answer the break prompt from any shell (done, snooze, skip), or take one now",
    )
    breaks.add_argument(
        "answer",
        choices=("done", "snooze", "skip", "now"),
        help="done (or: I just stood up), snooze, skip; now starts the desk-break routine",
    )
    _common(breaks, suppress=True)

    status = commands.add_parser(
        "status", help="one line for a tmux status bar: next break, morning mobility"
    )
    status.add_argument(
        "--format", choices=("text", "json"), default="text", help="text (default) or json"
    )
    _common(status, suppress=True)
    return parser


# -- loading -------------------------------------------------------------------------------


def load_settings(args: argparse.Namespace) -> Config:
    from coach.config import ConfigError, load_config
    from coach.paths import config_path

    try:
        return load_config(config_path(args.config))
    except ConfigError as exc:
        raise CliError(str(exc)) from None


def load_routines() -> RoutineSet:
    from coach.core.routine import load_all
    from coach.paths import builtin_routines_dir, user_routines_dir

    return load_all(builtin_routines_dir(), user_routines_dir())


def open_store(args: argparse.Namespace, config: Config) -> Store:
    from coach.core.days import parse_hhmm
    from coach.paths import db_path
    from coach.store import Store, StoreError

    try:
        return Store.open(db_path(args.db), day_starts_at=parse_hhmm(config.habits.day_starts_at))
    except StoreError as exc:
        raise CliError(str(exc)) from None


def resolve_routine(name: str, routines: RoutineSet) -> Routine:
    from coach.core.routine import RoutineError, load_routine

    path = Path(name).expanduser()
    if name.endswith(".toml") or path.is_file() or "/" in name:
        try:
            return load_routine(path)
        except RoutineError as exc:
            raise CliError(str(exc)) from None
    routine = routines.get(name)
    if routine is None:
        known = ", ".join(sorted(routines.routines)) or "none"
        raise CliError(f'no routine "{name}"; known routines: {known} (or give a .toml file)')
    return routine


# -- commands ------------------------------------------------------------------------------


def break_routine(config: Config, routines: RoutineSet) -> Routine:
    """The routine a break offers (``[breaks] routine``)."""
    routine = routines.get(config.breaks.routine)
    if routine is None:
        known = ", ".join(sorted(routines.routines)) or "none"
        where = config.path or "settings"
        raise CliError(
            f'{where}: [breaks] routine: no routine "{config.breaks.routine}"; known: {known}'
        )
    return routine


def cmd_app(
    args: argparse.Namespace, routine_name: str | None = None, *, break_now: bool = False
) -> int:
    config = load_settings(args)
    routines = load_routines()
    routine = resolve_routine(routine_name, routines) if routine_name else None
    if break_now:
        routine = break_routine(config, routines)
    store = open_store(args, config)
    from coach.core.clock import SystemClock

    clock = SystemClock()
    store.close_abandoned(clock.now())

    from coach.ui.app import CoachApp

    app = CoachApp(
        config=config,
        store=store,
        routines=routines,
        clock=clock,
        start_with=routine,
        break_now=break_now,
    )
    try:
        app.run()
    finally:
        store.close()
    return app.return_code or 0


def cmd_routines(args: argparse.Namespace) -> int:
    from coach.core.routine import RoutineError, load_routine

    if args.check is not None and args.check:
        failures = 0
        for name in args.check:
            try:
                routine = load_routine(name)
            except RoutineError as exc:
                failures += 1
                print(exc, file=sys.stderr)
            else:
                print(f"{name}: ok ({routine.id}, {len(routine.steps)} steps)")
        return 1 if failures else 0

    config = load_settings(args)
    routines = load_routines()
    if args.check is not None:
        for error in routines.errors:
            print(error, file=sys.stderr)
        count = len(routines.routines)
        print(
            f"{count} routines ok"
            + (f", {len(routines.errors)} with errors" if routines.errors else "")
        )
        return 1 if routines.errors else 0

    from coach.ui.formatting import minutes_text

    get_ready = config.player.get_ready_seconds
    rows = [
        (
            routine.id,
            routine.name,
            ("~" if routine.has_open_steps else "")
            + minutes_text(routine.estimated_seconds(get_ready)),
            " ".join(routine.tags),
            "built-in"
            if routine.builtin
            else f"yours{' (replaces built-in)' if routine.id in routines.overridden else ''}",
        )
        for routine in routines.sorted()
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)] if rows else [0] * 4
    for row in rows:
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:4])) + "  " + row[4])
    for error in routines.errors:
        print(f"error: {error}", file=sys.stderr)
    return 0


def cmd_break(args: argparse.Namespace) -> int:
    if args.answer == "now":
        return cmd_app(args, break_now=True)
    config = load_settings(args)
    store = open_store(args, config)
    from coach.break_keeper import NothingToAnswer, answer_from_shell
    from coach.core.clock import SystemClock

    try:
        message = answer_from_shell(
            store, args.answer, SystemClock().now(), max_snoozes=config.breaks.max_snoozes
        )
    except NothingToAnswer as exc:
        print(f"coach: {exc}", file=sys.stderr)
        return 1
    finally:
        store.close()
    print(message)
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from datetime import datetime

    from coach.paths import db_path
    from coach.status import status_json, status_report

    config = load_settings(args)
    now = datetime.now().astimezone()
    report = status_report(db_path(args.db), config, now)
    print(status_json(report) if args.format == "json" else report["text"])
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "run":
            return cmd_app(args, args.routine)
        if args.command == "routines":
            return cmd_routines(args)
        if args.command == "break":
            return cmd_break(args)
        if args.command == "status":
            return cmd_status(args)
        return cmd_app(args)
    except CliError as exc:
        print(f"coach: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
