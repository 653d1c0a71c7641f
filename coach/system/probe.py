"""Asking the machine a question for ``coach doctor``: a command that answers within 2 s or not.

Every probe of the doctor goes through :func:`run`, which never raises: a program that is
missing, fails or hangs is an answer too (a :class:`Ran` whose ``code`` says so), so one broken
tool costs one line of the report, never the report.
"""

from __future__ import annotations

import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

TIMEOUT_SECONDS = 2.0
NOT_FOUND = 127
TIMED_OUT = 124


@dataclass(frozen=True)
class Ran:
    """What a command said: its exit code (127 not found, 124 timed out), output and errors."""

    code: int
    out: str = ""
    err: str = ""

    @property
    def ok(self) -> bool:
        return self.code == 0


def run(
    command: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    timeout: float = TIMEOUT_SECONDS,
) -> Ran:
    """Run ``command`` (no input, output captured) for at most ``timeout`` seconds."""
    try:
        result = subprocess.run(
            list(command),
            capture_output=True,
            text=True,
            errors="replace",
            timeout=timeout,
            check=False,
            stdin=subprocess.DEVNULL,
            env=None if env is None else dict(env),
        )
    except FileNotFoundError:
        return Ran(NOT_FOUND, err=f"{command[0]}: not found")
    except subprocess.TimeoutExpired:
        return Ran(TIMED_OUT, err=f"{command[0]}: no answer within {timeout:g} s")
    except (OSError, subprocess.SubprocessError, ValueError) as exc:
        return Ran(NOT_FOUND, err=f"{command[0]}: {exc}")
    return Ran(result.returncode, result.stdout, result.stderr)
