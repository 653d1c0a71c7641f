"""`coach history`: streaks, best runs, strength and a heatmap for each habit."""

from __future__ import annotations

import argparse
import shutil
import sys

from coach.cli.loading import load_settings, open_store
from coach.text.safe import echo, json_text

NOT_A_TERMINAL = 80
"""The width when stdout is a pipe or a file."""


def output_width(asked: int | None) -> int:
    """``--width`` if given, else the terminal's width (at least 40), else 80."""
    if asked is not None:
        return asked
    if sys.stdout.isatty():
        return max(40, shutil.get_terminal_size((NOT_A_TERMINAL, 24)).columns)
    return NOT_A_TERMINAL


def run(args: argparse.Namespace) -> int:
    import json

    from coach.core.clock import SystemClock
    from coach.core.days import local_day
    from coach.services.history import habit_rules, load_history, load_pain, load_totals
    from coach.text.report import history_json, history_text

    config = load_settings(args)
    rules = habit_rules(config)
    store = open_store(args, config)
    try:
        today = local_day(SystemClock().now(), rules.day_starts_at)
        history = load_history(store, rules, today)
        pain = load_pain(store, today, pain_threshold=config.safety.pain_threshold)
        totals = load_totals(store, rules, today)
    finally:
        store.close()
    if args.format == "json":
        report = history_json(history, args.weeks, pain, totals)
        echo(json_text(json.dumps(report, indent=2, ensure_ascii=False)))
    else:
        echo(history_text(history, args.weeks, pain, totals, output_width(args.width)), end="")
    return 0
