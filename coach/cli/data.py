"""`coach backup`, `export`, `import` and `merge`: the log, portable."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator
from pathlib import Path

from coach.cli.errors import CliError, os_error_line
from coach.cli.loading import load_settings, open_store
from coach.text.safe import echo, json_text


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
            echo(f"backed up {store.path} to {made}")
        elif args.command == "export":
            if args.format == "csv":
                if not args.out:
                    raise CliError("export --format csv needs --out FOLDER (one .csv per table)")
                folder = Path(args.out).expanduser()
                if not args.force and folder.is_dir() and any(folder.iterdir()):
                    raise CliError(
                        f"{folder} is a folder with files in it; pass --force to write the .csv "
                        "files there anyway (replacing any of the same name), or give a new folder"
                    )
                with cannot_write(folder):
                    written = portability.export_csv(store, folder)
                for path in written:
                    echo(path)
            elif args.out:
                out = Path(args.out).expanduser()
                if out.is_dir():
                    raise CliError(f"{out} is a folder; give --out a file name for JSON")
                if not args.force and (out.exists() or out.is_symlink()):
                    raise CliError(
                        f"{out} already exists; pass --force to replace it, or choose another path"
                    )
                with cannot_write(out):
                    portability.write_export(out, store)
                echo(out)
            else:
                try:
                    portability.write_json(store, lambda text: echo(json_text(text), end=""))
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
            echo(f"{args.command} {source} into {store.path}: {report.summary()}")
            for conflict in report.conflicts:
                echo(conflict)
    finally:
        store.close()
    return 0


@contextlib.contextmanager
def cannot_write(target: Path) -> Iterator[None]:
    """An export the disk refuses, as one line naming the export and the file that refused."""
    try:
        yield
    except OSError as exc:
        raise CliError(f"{target}: cannot write the export ({os_error_line(exc)})") from None
