"""`coach status`: one line for a tmux status bar, read without loading Textual or sqlite-utils."""

from __future__ import annotations

import argparse

from coach.cli.loading import load_settings
from coach.text.safe import echo, json_text


def run(args: argparse.Namespace) -> int:
    from datetime import datetime

    from coach.services.status import status_json, status_report
    from coach.system.paths import db_path

    config = load_settings(args)
    now = datetime.now().astimezone()
    report = status_report(db_path(args.db), config, now)
    echo(json_text(status_json(report)) if args.format == "json" else report["text"])
    return 0
