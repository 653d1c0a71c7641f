"""The ``coach`` command.

Imports are lazy: commands that print a line (``routines``, later ``status``) never load Textual,
and every error a user can cause is one line on stderr with exit code 2, never a traceback.
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
SERVE_PORT = 8000


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

    setup = commands.add_parser(
        "setup", help="ask the first-run questions again and save the answers to the settings file"
    )
    _common(setup, suppress=True)

    serve = commands.add_parser(
        "serve", help="run coach in a web browser on this machine (needs the serve extra)"
    )
    serve.add_argument(
        "--port", type=int, default=SERVE_PORT, help=f"port on 127.0.0.1 (default {SERVE_PORT})"
    )
    _common(serve, suppress=True)

    history = commands.add_parser(
        "history", help="streaks, best runs, strength and a heatmap for each habit"
    )
    history.add_argument(
        "--format", choices=("text", "json"), default="text", help="text (default) or json"
    )
    history.add_argument(
        "--weeks",
        type=weeks_arg,
        default=12,
        metavar="N",
        help="weeks of heatmap to show, 1-52 (default 12)",
    )
    _common(history, suppress=True)
    return parser


def weeks_arg(text: str) -> int:
    try:
        weeks = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number of weeks, got {text!r}") from None
    if not 1 <= weeks <= 52:
        raise argparse.ArgumentTypeError(f"must be from 1 to 52, got {weeks}")
    return weeks


# -- loading -------------------------------------------------------------------------------


def load_settings(args: argparse.Namespace) -> Config:
    from coach.config import ConfigError, load_config
    from coach.paths import config_path

    try:
        return load_config(config_path(args.config))
    except ConfigError as exc:
        raise CliError(str(exc)) from None


def check_ui_settings(config: Config) -> None:
    """The settings only the app can check (themes, key names): before anything starts."""
    from coach.config import ConfigError
    from coach.ui.keymap import check_keys
    from coach.ui.themes import check_theme

    try:
        check_theme(config.ui.theme, config.path)
        check_keys(config.keys, config.path)
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


def cmd_app(
    args: argparse.Namespace, routine_name: str | None = None, *, setup: bool = False
) -> int:
    from coach.paths import config_path

    config = load_settings(args)
    check_ui_settings(config)
    settings_file = config_path(args.config)
    routines = load_routines()
    routine = resolve_routine(routine_name, routines) if routine_name else None
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
        config_path=settings_file,
        first_run=setup or not settings_file.exists(),
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


def cmd_serve(args: argparse.Namespace) -> int:
    """The same app in a browser, through textual-serve, on 127.0.0.1 only."""
    import shlex

    try:
        from textual_serve.server import Server
    except ImportError:
        raise CliError(
            "coach serve needs textual-serve, which is not installed; "
            "install it with: pip install 'coach[serve]'"
        ) from None
    if not 0 < args.port < 65536:
        raise CliError(f"--port must be 1-65535, got {args.port}")
    check_ui_settings(load_settings(args))
    command = [sys.executable, "-m", "coach"]
    for option in ("db", "config"):
        if value := getattr(args, option, None):
            command += [f"--{option}", str(Path(value).expanduser().resolve())]
    server = Server(shlex.join(command), host="127.0.0.1", port=args.port, title="coach")
    print(f"coach: serving on http://127.0.0.1:{args.port} (ctrl+c stops)", file=sys.stderr)
    server.serve()
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    import json

    from coach.core.clock import SystemClock
    from coach.core.days import local_day
    from coach.history import habit_rules, load_history
    from coach.report import history_json, history_text

    config = load_settings(args)
    rules = habit_rules(config)
    store = open_store(args, config)
    try:
        today = local_day(SystemClock().now(), rules.day_starts_at)
        history = load_history(store, rules, today)
    finally:
        store.close()
    if args.format == "json":
        print(json.dumps(history_json(history, args.weeks), indent=2, ensure_ascii=False))
    else:
        print(history_text(history, args.weeks), end="")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "run":
            return cmd_app(args, args.routine)
        if args.command == "routines":
            return cmd_routines(args)
        if args.command == "setup":
            return cmd_app(args, setup=True)
        if args.command == "serve":
            return cmd_serve(args)
        if args.command == "history":
            return cmd_history(args)
        return cmd_app(args)
    except CliError as exc:
        print(f"coach: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
