"""`coach status`: one line for a tmux status bar, read without loading Textual or sqlite-utils."""

from __future__ import annotations

import argparse
import json

from coach.cli.loading import load_settings
from coach.text.safe import echo, json_text

LOG_TROUBLE = "coach: log unreadable"
"""What a status bar shows when the log is there but can't be read; short, as tmux cuts at 40."""


def run(args: argparse.Namespace) -> int:
    from datetime import datetime

    from coach.services.status import status_json, status_report
    from coach.store.errors import StoreError
    from coach.system.paths import db_path

    config = load_settings(args)
    now = datetime.now().astimezone()
    try:
        report = status_report(db_path(args.db), config, now)
    except StoreError as exc:
        # the status bar shows stdout: it says the log needs a look; stderr says why (exit 2)
        echo(
            json_text(json.dumps({"error": str(exc)}, ensure_ascii=False))
            if args.format == "json"
            else LOG_TROUBLE
        )
        raise
    echo(json_text(status_json(report)) if args.format == "json" else report["text"])
    return 0
