"""The ``coach`` command line: every command, option and help text, and nothing else.

Building the parser imports only argparse (and the vocabulary's few enums), so every command starts
at the cost of parsing.
"""

from __future__ import annotations

import argparse

from coach import __version__
from coach.core.vocabulary import BreakAnswer

SERVE_PORT = 8000

EPILOG = """\
With no COMMAND, coach opens the app; `coach COMMAND --help` says more.

environment:
  COACH_DB            the log file, when --db is not given
  COACH_CONFIG        the settings file, when --config is not given
  COACH_BUSY_SECONDS  how long to wait while another coach writes (default 30)

exit status:
  0    done
  1    not all done: a routine check failed, no break was waiting, or a row
       was not saved (coach said which)
  2    a problem, said in one line on stderr
  130  interrupted (ctrl+c)"""


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
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
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

    exercises = commands.add_parser(
        "exercises", help="list the exercises routines are made of; `show ID` prints one"
    )
    _common(exercises, suppress=True)
    exercise_commands = exercises.add_subparsers(dest="exercises_command", metavar="ACTION")
    show = exercise_commands.add_parser(
        "show", help="one exercise: its cues, what it needs, its easier and harder versions"
    )
    show.add_argument("exercise", metavar="ID", help="an exercise id (see `coach exercises`)")
    _common(show, suppress=True)

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
    export.add_argument(
        "--force",
        action="store_true",
        help="replace an existing --out file (JSON) or write into a folder with files (CSV)",
    )
    _common(export, suppress=True)

    imports = commands.add_parser("import", help="add the rows of a JSON export this log lacks")
    imports.add_argument("file", metavar="FILE.json")
    _common(imports, suppress=True)

    datasette = commands.add_parser(
        "datasette-metadata",
        help="print Datasette metadata describing every table and column of the log",
    )
    _common(datasette, suppress=True)

    merge = commands.add_parser("merge", help="add the rows of another coach log this one lacks")
    merge.add_argument("other", metavar="OTHER.db", help="e.g. a copy of your laptop's log")
    _common(merge, suppress=True)

    log = commands.add_parser(
        "log", help="log a session you did away from coach (counted like any completed one)"
    )
    log.add_argument("routine", metavar="ROUTINE", help="the routine's id (`coach routines`)")
    log.add_argument(
        "--at",
        default="now",
        metavar="WHEN",
        help='when you started: "yesterday 07:30", "mon 18:00", "7:30", "2h ago" (default: now)',
    )
    log.add_argument(
        "--minutes",
        type=float,
        metavar="N",
        help="how long it took (default: the routine's length)",
    )
    _common(log, suppress=True)

    sync = commands.add_parser(
        "sync", help="keep machines in step through a folder Syncthing, Dropbox or git carries"
    )
    sync.add_argument(
        "dir", nargs="?", metavar="DIR", help="the shared folder (default: [sync] dir)"
    )
    _common(sync, suppress=True)

    setup = commands.add_parser(
        "setup", help="ask the first-run questions again and save the answers to the settings file"
    )
    _common(setup, suppress=True)

    serve = commands.add_parser(
        "serve", help="run coach in a web browser on this machine (needs the serve extra)"
    )
    serve.add_argument(
        "--port", type=int, default=SERVE_PORT, help=f"port to listen on (default {SERVE_PORT})"
    )
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        metavar="HOST",
        help="address to listen on (default 127.0.0.1, this machine only); another one, such as "
        "this machine's address on the network, lets anyone there with the URL use coach",
    )
    _common(serve, suppress=True)

    breaks = commands.add_parser(
        "break",
        help="answer the break prompt from any shell (done, snooze, skip), or take one now",
    )
    breaks.add_argument(
        "answer",
        choices=(*BreakAnswer, "now", "ask"),
        help="done (or: I just stood up), snooze, skip; now starts the desk-break routine; "
        "ask waits for one key (d, z, x; q leaves it) as the tmux popup does",
    )
    _common(breaks, suppress=True)

    keeper = commands.add_parser(
        "keeper",
        help="prompt for breaks without a window (desktop notifications); install as a service",
    )
    keeper.add_argument(
        "--once", action="store_true", help="take one look at the clocks and exit (for checks)"
    )
    _common(keeper, suppress=True)
    keeper_commands = keeper.add_subparsers(dest="keeper_command", metavar="ACTION")
    for name, text in (
        ("install", "write a systemd user unit (a launchd agent on macOS) and start it"),
        ("uninstall", "stop the service and remove its file"),
    ):
        _common(keeper_commands.add_parser(name, help=text), suppress=True)

    status = commands.add_parser(
        "status", help="one line for a tmux status bar: next break, morning mobility"
    )
    status.add_argument(
        "--format", choices=("text", "json"), default="text", help="text (default) or json"
    )
    _common(status, suppress=True)

    doctor = commands.add_parser(
        "doctor",
        help="check what coach needs here (notifications, tmux, idle, the log) and say"
        " how to fix what is missing; exit 1 when something is",
    )
    doctor.add_argument(
        "--format", choices=("text", "json"), default="text", help="text (default) or json"
    )
    _common(doctor, suppress=True)

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
    history.add_argument(
        "--width",
        type=width_arg,
        default=None,
        metavar="N",
        help="columns to fit, at least 40 (default: the terminal's, or 80 when not a terminal)",
    )
    _common(history, suppress=True)

    completion = commands.add_parser(
        "completion", help="print a shell completion script (see the README to install it)"
    )
    completion.add_argument("shell", choices=("bash", "zsh", "fish"))
    _common(completion, suppress=True)
    return parser


def width_arg(text: str) -> int:
    try:
        width = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"must be a whole number of columns, got {text!r}"
        ) from None
    if width < 40:
        raise argparse.ArgumentTypeError(f"must be at least 40 columns, got {width}")
    return width


def weeks_arg(text: str) -> int:
    try:
        weeks = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number of weeks, got {text!r}") from None
    if not 1 <= weeks <= 52:
        raise argparse.ArgumentTypeError(f"must be from 1 to 52, got {weeks}")
    return weeks
