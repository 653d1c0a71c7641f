"""`coach doctor`: one line per check, ✓ or ✗ and the fix; exit 0 when nothing failed, else 1."""

from __future__ import annotations

import argparse
import json

from coach.text.safe import echo, json_text, one_line

MARKS = {True: "✓", False: "✗", None: "–"}
"""Passed, failed, doesn't apply here."""


def run(args: argparse.Namespace) -> int:
    from coach.services.doctor import exit_code, run_checks
    from coach.system.paths import config_path, db_path

    checks = run_checks(config_path(args.config), db_path(args.db))
    if args.format == "json":
        rows = [{"check": c.label, "ok": c.ok, "detail": c.detail, "fix": c.fix} for c in checks]
        echo(json_text(json.dumps(rows, ensure_ascii=False, indent=2)))
    else:
        for check in checks:
            fix = f" — {one_line(check.fix)}" if check.ok is False and check.fix else ""
            echo(f"{MARKS[check.ok]} {one_line(check.label)}: {one_line(check.detail)}{fix}")
    return exit_code(checks)
