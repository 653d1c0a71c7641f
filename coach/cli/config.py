"""`coach config path|show|init`: where the settings live and what is in force."""

from __future__ import annotations

import argparse
import sys

from coach.cli.errors import CliError
from coach.cli.loading import load_settings
from coach.text.safe import echo


def run(args: argparse.Namespace) -> int:
    from coach.services.config import (
        Config,
        ConfigError,
        back_up_config,
        keys_in_file,
        load_config,
        render_effective,
        write_config,
    )
    from coach.system.paths import config_path

    path = config_path(args.config)
    if args.config_command == "path":
        echo(path)
        if not path.exists():
            echo(
                "(no file there yet: coach uses the defaults; `coach config init` writes one)",
                file=sys.stderr,
            )
        return 0
    if args.config_command == "show":
        config = load_settings(args)
        exists = path.exists()
        source = f"settings file: {path} (from {config_source(args)})"
        if not exists:
            source += "\nit does not exist, so every value is the default"
        echo(render_effective(config, keys_in_file(path) if exists else set(), source), end="")
        return 0
    # init
    if path.exists() and not args.force:
        raise CliError(
            f"{path} already exists; `coach config show` prints it with every default, or pass "
            "--force to rewrite it with every key (keeping your values)"
        )
    try:
        current = load_config(path) if path.exists() else None
    except ConfigError:
        current = None
    header = (
        "coach settings. Every key is here with its default; delete what you don't change.\n"
        "Check what is in force with `coach config show`."
    )
    try:
        if path.exists():
            backup = back_up_config(path)
            echo(f"(the old file is saved as {backup})", file=sys.stderr)
        write_config(path, current or Config(), header=header)
    except OSError as exc:
        raise CliError(f"{exc.filename or path}: cannot write it ({exc.strerror})") from None
    echo(path)
    return 0


def config_source(args: argparse.Namespace) -> str:
    import os

    if args.config:
        return "--config"
    if os.environ.get("COACH_CONFIG"):
        return "$COACH_CONFIG"
    return "the default location"
