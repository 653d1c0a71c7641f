"""Plain `coach`, `coach run`, `coach setup`, `coach break now` and `coach serve`: the app."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from coach.cli.errors import CliError
from coach.cli.loading import (
    check_ui_settings,
    load_routines,
    load_settings,
    open_store,
    resolve_routine,
)
from coach.text.safe import echo, one_line

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable

    from coach.core.routine import Routine, RoutineSet
    from coach.services.config import Config
    from coach.store import Store


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


def sync_at(store: Store, config: Config, when: str) -> list[str]:
    """``[sync] dir``: take in the other machines' files and write this one's, as the app starts
    and as it quits. What did not go well, one line each (a folder that can't be used, a file
    skipped); the rest is quiet, as ``coach sync`` is not."""
    if not config.sync.dir:
        return []
    from coach.core.errors import CoachError
    from coach.services.sync import sync_folder

    folder = Path(config.sync.dir).expanduser()
    try:
        report = sync_folder(store, folder)
    except (CoachError, OSError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return [one_line(f"sync at {when}: {reason}")]
    return [
        one_line(f"sync at {when}: {path.name}: skipped: {why}") for path, why in report.skipped
    ]


def start_app(
    args: argparse.Namespace,
    routine_name: str | None = None,
    *,
    setup: bool = False,
    break_now: bool = False,
) -> int:
    """The app, after what it needs: settings, routines, the log (and a sync, if set up).
    Python's cycle collector is held off until its first screen is drawn (see
    :mod:`coach.system.collector`)."""
    from coach.system.collector import held_off

    with held_off() as started:
        return _start_app(args, routine_name, setup=setup, break_now=break_now, started=started)


def _start_app(
    args: argparse.Namespace,
    routine_name: str | None,
    *,
    setup: bool,
    break_now: bool,
    started: Callable[[], None],
) -> int:
    from coach.system.files import remembered_parses
    from coach.system.paths import config_path, parses_path

    with remembered_parses(parses_path()):  # the settings too: no TOML parser on most starts
        config = load_settings(args)
        check_ui_settings(config)
        settings_file = config_path(args.config)
        routines = load_routines()
    routine = resolve_routine(routine_name, routines) if routine_name else None
    if break_now:
        routine = break_routine(config, routines)
    store = open_store(args, config)
    from coach.core.clock import SystemClock
    from coach.store import LogWriteError

    clock = SystemClock()
    refused: list[tuple[str, LogWriteError]] = []
    try:
        store.close_abandoned(clock.now())
    except LogWriteError as exc:
        # The app still starts: it shows this, and a routine's rows wait in memory and retry.
        refused.append(("Closing the routine a stopped coach left running", exc))

    notices = sync_at(store, config, "start")

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
        refused_at_start=refused,
        notices_at_start=notices,
        started=started,
    )
    try:
        app.run()
        unsaved = app.unsaved()
        for line in sync_at(store, config, "exit"):
            echo(f"coach: {line}", file=sys.stderr)
    finally:
        store.close()
    if unsaved:
        echo(f"coach: not saved to {store.path}: {'; '.join(unsaved)}", file=sys.stderr)
        return 1
    return app.return_code or 0


def serve(args: argparse.Namespace) -> int:
    """The same app in a browser, through textual-serve, behind a token and Host/Origin checks."""
    import shlex

    from coach.system.serve_guard import WILDCARDS, Guard, guarded_server, new_token

    if not 0 < args.port < 65536:
        raise CliError(f"--port must be 1-65535, got {args.port}")
    if args.host.strip() in WILDCARDS:
        raise CliError(
            f"--host {args.host!r} means every address; give this machine's address on the "
            "network (for example 192.168.1.20) or leave --host out"
        )
    check_ui_settings(load_settings(args))
    command = [sys.executable, "-m", "coach"]
    for option in ("db", "config"):
        if value := getattr(args, option, None):
            command += [f"--{option}", str(Path(value).expanduser().resolve())]
    guard = Guard(host=args.host.strip(), port=args.port, token=new_token())
    try:
        server = guarded_server(shlex.join(command), guard)
    except ImportError:
        raise CliError(
            "coach serve needs textual-serve, which is not installed; "
            "install it with: pip install 'desk-coach[serve]'"
        ) from None
    if guard.host not in ("127.0.0.1", "localhost"):
        echo(
            f"coach: warning: serving on {guard.host}: anyone on the network with this URL "
            "can see your log and use coach",
            file=sys.stderr,
        )
    echo(f"coach: serving on {guard.url()} (ctrl+c stops)", file=sys.stderr)
    server.serve()
    return 0


def run(args: argparse.Namespace) -> int:
    """Plain ``coach``, ``coach run ROUTINE`` and ``coach setup``."""
    if args.command == "run":
        return start_app(args, args.routine)
    return start_app(args, setup=args.command == "setup")
