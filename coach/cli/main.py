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
from coach.core.errors import CoachError
from coach.core.vocabulary import BreakAnswer

if TYPE_CHECKING:
    from coach.core.routine import Routine, RoutineSet
    from coach.services.config import Config
    from coach.store.log import Store

EXIT_USAGE = 2
SERVE_PORT = 8000


class CliError(CoachError):
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

    routines = commands.add_parser(
        "routines", help="list routines; `new` starts your own, `check` validates files"
    )
    routines.add_argument(
        "--check",
        nargs="*",
        metavar="FILE",
        default=None,
        help="same as `coach routines check [FILE…]`",
    )
    _common(routines, suppress=True)
    routine_commands = routines.add_subparsers(dest="routines_command", metavar="ACTION")
    new = routine_commands.add_parser(
        "new", help="write a commented starter routine in your routines folder"
    )
    new.add_argument("name", metavar="NAME", help='an id like "my-hips" or a name like "My hips"')
    new.add_argument(
        "--from",
        dest="source",
        metavar="ROUTINE",
        help="start from a copy of this routine (a built-in's id: your copy replaces it)",
    )
    _common(new, suppress=True)
    check = routine_commands.add_parser(
        "check", help="validate FILEs (default: every routine); exit 1 on any error"
    )
    check.add_argument("files", nargs="*", metavar="FILE")
    _common(check, suppress=True)

    config = commands.add_parser("config", help="where settings live, what is in force")
    config_commands = config.add_subparsers(dest="config_command", metavar="ACTION")
    config_commands.required = True
    for name, text in (
        ("path", "print the settings file's path"),
        ("show", "print every setting in force and whether it is a default or from the file"),
        ("init", "write a commented settings file with every key and its default"),
    ):
        action = config_commands.add_parser(name, help=text)
        if name == "init":
            action.add_argument(
                "--force",
                action="store_true",
                help="rewrite an existing file (keeping its values; the old one is saved as .bak)",
            )
        _common(action, suppress=True)

    backup = commands.add_parser("backup", help="copy the log safely, even while coach runs")
    backup.add_argument(
        "path", nargs="?", metavar="PATH", help="file or folder (default: backups/ beside the log)"
    )
    _common(backup, suppress=True)

    export = commands.add_parser("export", help="every row of the log, as JSON or CSV")
    export.add_argument("--format", choices=("json", "csv"), default="json")
    export.add_argument(
        "--out",
        metavar="PATH",
        help="a file for JSON (default: standard output); a folder for CSV (required)",
    )
    _common(export, suppress=True)

    imports = commands.add_parser("import", help="add the rows of a JSON export this log lacks")
    imports.add_argument("file", metavar="FILE.json")
    _common(imports, suppress=True)

    merge = commands.add_parser("merge", help="add the rows of another coach log this one lacks")
    merge.add_argument("other", metavar="OTHER.db", help="e.g. a copy of your laptop's log")
    _common(merge, suppress=True)

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

    breaks = commands.add_parser(
        "break",
        help="answer the break prompt from any shell (done, snooze, skip), or take one now",
    )
    breaks.add_argument(
        "answer",
        choices=(*BreakAnswer, "now"),
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
    from coach.services.config import ConfigError, load_config
    from coach.system.paths import config_path

    try:
        return load_config(config_path(args.config))
    except ConfigError as exc:
        raise CliError(str(exc)) from None


def check_ui_settings(config: Config) -> None:
    """The settings only the app can check (themes, key names): before anything starts."""
    from coach.services.config import ConfigError
    from coach.ui.themes import check_theme

    try:
        check_theme(config.ui.theme, config.path)
        if config.keys:  # the check reads every screen's bindings: only when something is remapped
            from coach.ui.keymap import check_keys

            check_keys(config.keys, config.path)
    except ConfigError as exc:
        raise CliError(str(exc)) from None


def load_routines() -> RoutineSet:
    from coach.core.routine import load_all
    from coach.system.paths import builtin_routines_dir, user_routines_dir

    return load_all(builtin_routines_dir(), user_routines_dir())


def open_store(args: argparse.Namespace, config: Config, *, always_check: bool = False) -> Store:
    from datetime import date

    from coach.core.days import parse_hhmm
    from coach.store.log import Store, StoreError, checked_today, remember_checked
    from coach.system.paths import db_path, state_dir

    path, marker, today = db_path(args.db), state_dir() / "log-checked.json", date.today()
    # SQLite's quick_check reads the whole log: once a day is enough to catch a damaged file.
    integrity = always_check or not checked_today(marker, path, today)
    try:
        store = Store.open(
            path, day_starts_at=parse_hhmm(config.habits.day_starts_at), integrity=integrity
        )
    except StoreError as exc:
        raise CliError(str(exc)) from None
    if integrity:
        remember_checked(marker, path, today)
    return store


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
    args: argparse.Namespace,
    routine_name: str | None = None,
    *,
    setup: bool = False,
    break_now: bool = False,
) -> int:
    from coach.system.paths import config_path

    config = load_settings(args)
    check_ui_settings(config)
    settings_file = config_path(args.config)
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
        config_path=settings_file,
        first_run=setup or not settings_file.exists(),
    )
    try:
        app.run()
        unsaved = app.unsaved()
    finally:
        store.close()
    if unsaved:
        print(f"coach: not saved to {store.path}: {'; '.join(unsaved)}", file=sys.stderr)
        return 1
    return app.return_code or 0


def check_files(files: Sequence[str]) -> int:
    from coach.core.routine import RoutineError, load_routine

    failures = 0
    for name in files:
        try:
            routine = load_routine(name)
        except RoutineError as exc:
            failures += 1
            print(exc, file=sys.stderr)
        else:
            print(f"{name}: ok ({routine.id}, {len(routine.steps)} steps)")
    return 1 if failures else 0


def check_all(args: argparse.Namespace) -> int:
    load_settings(args)
    routines = load_routines()
    for error in routines.errors:
        print(error, file=sys.stderr)
    count = len(routines.routines)
    print(
        f"{count} routines ok"
        + (f", {len(routines.errors)} with errors" if routines.errors else "")
    )
    return 1 if routines.errors else 0


def list_routines(args: argparse.Namespace) -> int:
    config = load_settings(args)
    routines = load_routines()
    from coach.text.formatting import minutes_text

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
    from coach.core.clock import SystemClock
    from coach.services.break_keeper import NothingToAnswer, answer_from_shell

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

    from coach.services.status import status_json, status_report
    from coach.system.paths import db_path

    config = load_settings(args)
    now = datetime.now().astimezone()
    report = status_report(db_path(args.db), config, now)
    print(status_json(report) if args.format == "json" else report["text"])
    return 0


def new_routine(args: argparse.Namespace) -> int:
    from coach.core.routine import ID_PATTERN
    from coach.core.starter import copied_text, display_name, routine_id_for, starter_text
    from coach.system.paths import user_routines_dir

    load_settings(args)
    routine_id = routine_id_for(args.name)
    if not ID_PATTERN.fullmatch(routine_id):
        raise CliError(f'"{args.name}" makes no routine id; use letters and digits, like "my-hips"')
    name = display_name(args.name, routine_id)
    folder = user_routines_dir()
    path = folder / f"{routine_id}.toml"
    if path.exists():
        raise CliError(f"{path} already exists; edit it, or choose another name")
    routines = load_routines()
    existing = routines.get(routine_id)
    source = routines.get(args.source) if args.source else None
    if args.source and source is None:
        known = ", ".join(sorted(routines.routines))
        raise CliError(f'--from: no routine "{args.source}"; known routines: {known}')
    if source is None and existing is not None and existing.builtin:
        source = existing  # replacing a built-in: start from what it is now
    if source is not None and source.source is not None:
        origin = f"the built-in {source.id}" if source.builtin else str(source.source)
        text = copied_text(
            source.source.read_text(encoding="utf-8"), source.id, routine_id, name, origin
        )
    else:
        text = starter_text(routine_id, name, str(path))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as out:
            out.write(text)
    except FileExistsError:
        raise CliError(f"{path} already exists; edit it, or choose another name") from None
    except OSError as exc:
        raise CliError(f"{path}: cannot write it ({exc.strerror})") from None
    print(path)
    if existing is not None and existing.builtin:
        print(f"It replaces the built-in {routine_id} while it exists.", file=sys.stderr)
    elif existing is not None:
        print(f"note: {existing.source} already uses the id {routine_id}", file=sys.stderr)
    return 0


def cmd_routines(args: argparse.Namespace) -> int:
    if args.routines_command == "new":
        return new_routine(args)
    if args.routines_command == "check":
        return check_files(args.files) if args.files else check_all(args)
    if args.check is not None:
        return check_files(args.check) if args.check else check_all(args)
    return list_routines(args)


def config_source(args: argparse.Namespace) -> str:
    import os

    if args.config:
        return "--config"
    if os.environ.get("COACH_CONFIG"):
        return "$COACH_CONFIG"
    return "the default location"


def cmd_config(args: argparse.Namespace) -> int:
    import shutil

    from coach.services.config import (
        Config,
        ConfigError,
        keys_in_file,
        load_config,
        render_effective,
        write_config,
    )
    from coach.system.paths import config_path

    path = config_path(args.config)
    if args.config_command == "path":
        print(path)
        if not path.exists():
            print(
                "(no file there yet: coach uses the defaults; `coach config init` writes one)",
                file=sys.stderr,
            )
        return 0
    if args.config_command == "show":
        config = load_settings(args)
        exists = path.exists()
        source = f"settings file: {path} (from {config_source(args)})"
        if not exists:
            source += "\nit does not exist, so every value is the default"
        print(render_effective(config, keys_in_file(path) if exists else set(), source), end="")
        return 0
    # init
    if path.exists() and not args.force:
        raise CliError(
            f"{path} already exists; `coach config show` prints it with every default, or pass "
            "--force to rewrite it with every key (keeping your values)"
        )
    try:
        current = load_config(path) if path.exists() else None
    except ConfigError:
        current = None
    header = (
        "coach settings. Every key is here with its default; delete what you don't change.\n"
        "Check what is in force with `coach config show`."
    )
    try:
        if path.exists():
            backup = path.with_name(path.name + ".bak")
            shutil.copyfile(path, backup)
            print(f"(the old file is saved as {backup})", file=sys.stderr)
        write_config(path, current or Config(), header=header)
    except OSError as exc:
        raise CliError(f"{path}: cannot write it ({exc.strerror})") from None
    except ConfigError as exc:
        raise CliError(str(exc)) from None
    print(path)
    return 0


def cmd_data(args: argparse.Namespace) -> int:
    """backup, export, import and merge: the log, portable."""
    from coach.core.clock import SystemClock
    from coach.services import portability
    from coach.store.log import StoreError

    config = load_settings(args)
    if args.command in ("backup", "export"):
        from coach.system.paths import db_path

        log = db_path(args.db)
        if not log.exists():
            raise CliError(f"{log}: no log there yet; it is made the first time coach starts")
    store = open_store(args, config, always_check=True)
    try:
        if args.command == "backup":
            target = Path(args.path).expanduser() if args.path else None
            made = portability.backup(store, target, SystemClock().now())
            print(f"backed up {store.path} to {made}")
        elif args.command == "export":
            if args.format == "csv":
                if not args.out:
                    raise CliError("export --format csv needs --out FOLDER (one .csv per table)")
                for path in portability.export_csv(store, Path(args.out).expanduser()):
                    print(path)
            elif args.out:
                out = Path(args.out).expanduser()
                if out.is_dir():
                    raise CliError(f"{out} is a folder; give --out a file name for JSON")
                portability.write_private(out, portability.export_json(store))
                print(out)
            else:
                sys.stdout.write(portability.export_json(store))
        else:
            if args.command == "import":
                source = Path(args.file).expanduser()
                report = portability.import_json(store, source)
            else:
                source = Path(args.other).expanduser()
                report = portability.merge_file(store, source)
            print(f"{args.command} {source} into {store.path}: {report.summary()}")
            for conflict in report.conflicts:
                print(conflict)
    except StoreError as exc:
        raise CliError(str(exc)) from None
    except OSError as exc:
        raise CliError(f"{exc.filename}: {exc.strerror}") from None
    finally:
        store.close()
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
    from coach.services.history import habit_rules, load_history, load_pain
    from coach.text.report import history_json, history_text

    config = load_settings(args)
    rules = habit_rules(config)
    store = open_store(args, config)
    try:
        today = local_day(SystemClock().now(), rules.day_starts_at)
        history = load_history(store, rules, today)
        pain = load_pain(store, today)
    finally:
        store.close()
    if args.format == "json":
        report = history_json(history, args.weeks, pain)
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print(history_text(history, args.weeks, pain), end="")
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
        if args.command == "config":
            return cmd_config(args)
        if args.command in ("backup", "export", "import", "merge"):
            return cmd_data(args)
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
