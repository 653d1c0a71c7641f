"""The ``coach`` command: the parser and one module per command family."""

from coach.cli.main import main

__all__ = ["main"]
