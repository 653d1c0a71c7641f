"""`coach backup`, `export`, `import` and `merge`: the log, portable."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from coach.cli.errors import CliError
from coach.cli.loading import load_settings, open_store


def run(args: argparse.Namespace) -> int:
    """backup, export, import and merge: the log, portable."""
    from coach.core.clock import SystemClock
    from coach.services import portability

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
                text = portability.export_json(store)
                try:
                    sys.stdout.write(text)
                    sys.stdout.flush()
                except BrokenPipeError:
                    raise
                except OSError as exc:
                    raise CliError(f"standard output: {exc.strerror or exc}") from None
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
    finally:
        store.close()
    return 0
