"""The ``coach`` command: parse, hand the arguments to the command's module, render its error.

Each command family lives in its own module, imported only when that command runs: commands
that print a line (``routines``, ``status``, ``break``) never load Textual. Every error a user
can cause is one line on stderr with exit code 2, never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from coach.cli.errors import EXIT_USAGE, CliError
from coach.cli.parser import build_parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        match args.command:
            case "routines":
                from coach.cli import routines

                return routines.run(args)
            case "break":
                from coach.cli import breaks

                return breaks.run(args)
            case "status":
                from coach.cli import status

                return status.run(args)
            case "config":
                from coach.cli import config

                return config.run(args)
            case "backup" | "export" | "import" | "merge":
                from coach.cli import data

                return data.run(args)
            case "history":
                from coach.cli import history

                return history.run(args)
            case "serve":
                from coach.cli import app

                return app.serve(args)
            case _:  # plain coach, run, setup
                from coach.cli import app

                return app.run(args)
    except CliError as exc:
        print(f"coach: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
