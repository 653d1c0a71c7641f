"""The CLI's own one-line failure, and the exit code every expected error ends with."""

from __future__ import annotations

from coach.core.errors import CoachError

EXIT_USAGE = 2


class CliError(CoachError):
    """A one-line failure for the user, printed as ``coach: …``."""
