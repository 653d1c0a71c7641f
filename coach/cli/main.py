"""The ``coach`` command: parse, hand the arguments to the command's module, render its error.

Each command family lives in its own module, imported only when that command runs: commands
that print a line (``routines``, ``status``, ``break``) never load Textual. This is the one place
that renders what a command raises: every :class:`~coach.core.errors.CoachError` and every
``OSError`` is one line on stderr with exit code 2, Ctrl+C exits 130; never a traceback.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from coach.cli.errors import EXIT_INTERRUPTED, EXIT_USAGE, CliError, one_line, os_error_line
from coach.core.errors import CoachError
from coach.text.safe import echo

if TYPE_CHECKING:
    import argparse

NO_ARGUMENTS = {"db": None, "config": None, "command": None}
"""What the parser makes of plain ``coach`` (a test holds the two together)."""


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace:
    """The command line as a namespace. Plain ``coach``, the start people make most (the app,
    from a tmux key or a terminal), is answered without argparse (its import and every
    command's parser: a few milliseconds and a third of a MiB on the way to the first frame)."""
    if not argv:
        from types import SimpleNamespace

        return cast("argparse.Namespace", SimpleNamespace(**NO_ARGUMENTS))
    from coach.cli.parser import build_parser

    return build_parser().parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = parse_arguments(sys.argv[1:] if argv is None else argv)
        code = dispatch(args)
        flush_stdout()
        return code
    except CoachError as exc:
        return fail(str(exc))
    except BrokenPipeError:  # `coach export | head`: the reader has what it wanted
        _silence_stdout()
        return 1
    except OSError as exc:
        return fail(os_error_line(exc))
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED


def dispatch(args: argparse.Namespace) -> int:
    """Run the command's module (imported only now, so a command pays only for itself)."""
    match args.command:
        case "routines":
            from coach.cli import routines

            return routines.run(args)
        case "exercises":
            from coach.cli import exercises

            return exercises.run(args)
        case "break":
            from coach.cli import breaks

            return breaks.run(args)
        case "keeper":
            from coach.cli import keeper

            return keeper.run(args)
        case "status":
            from coach.cli import status

            return status.run(args)
        case "config":
            from coach.cli import config

            return config.run(args)
        case "backup" | "export" | "import" | "merge":
            from coach.cli import data

            return data.run(args)
        case "log":
            from coach.cli import log

            return log.run(args)
        case "sync":
            from coach.cli import sync

            return sync.run(args)
        case "datasette-metadata":
            from coach.cli import datasette

            return datasette.run(args)
        case "history":
            from coach.cli import history

            return history.run(args)
        case "doctor":
            from coach.cli import doctor

            return doctor.run(args)
        case "completion":
            from coach.cli import completion

            return completion.run(args)
        case "serve":
            from coach.cli import app

            return app.serve(args)
        case _:  # plain coach, run, setup
            from coach.cli import app

            return app.run(args)


def flush_stdout() -> None:
    """Say here, not in a message from Python at exit, that a full disk behind ``>`` refused."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise CliError(f"standard output: {exc.strerror or exc}") from None


def fail(message: str) -> int:
    with contextlib.suppress(OSError):  # stderr itself is gone: the exit code still says it
        echo(f"coach: {one_line(message)}", file=sys.stderr)
    return EXIT_USAGE


def _silence_stdout() -> None:
    """Point stdout at /dev/null so Python's own flush at exit does not complain again."""
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
