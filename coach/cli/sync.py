"""`coach sync [DIR]`: take in the other machines' files in a shared folder, write this one's."""

from __future__ import annotations

import argparse
from pathlib import Path

from coach.cli.errors import CliError, os_error_line
from coach.cli.loading import load_settings, open_store
from coach.text.safe import echo


def run(args: argparse.Namespace) -> int:
    from coach.services.sync import sync_folder

    config = load_settings(args)
    folder = args.dir or config.sync.dir
    if not folder:
        where = config.path or "the settings file"
        raise CliError(f"coach sync needs a folder: pass DIR, or set [sync] dir in {where}")
    store = open_store(args, config, always_check=True)
    try:
        try:
            report = sync_folder(store, Path(folder).expanduser())
        except OSError as exc:
            raise CliError(f"{folder}: cannot sync there ({os_error_line(exc)})") from None
        for line in report.lines():
            echo(line)
    finally:
        store.close()
    return 0
