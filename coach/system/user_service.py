"""``coach keeper`` as a service of the person's session: a systemd user unit, or a launchd agent.

The unit runs the very ``coach`` that wrote it (an absolute path), with the log and settings
files it was given, and restarts it only when it fails: a keeper stopped on purpose stays
stopped. It needs no network, so it waits for none. Where there is no ``systemctl`` (a container,
a machine without systemd) the file is still written and the commands to run are said; on macOS
a launchd agent is written instead, and the ``launchctl`` line to load it is said. Every command
is run through an injected runner, so tests see the commands without running any.
"""

from __future__ import annotations

import contextlib
import os
import plistlib
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from coach.core.errors import CoachError
from coach.system.files import private_dir, write_private

UNIT_NAME = "coach-keeper.service"
AGENT_LABEL = "dev.coach.keeper"

Runner = Callable[[Sequence[str]], "tuple[int, str]"]
"""Runs a command; its exit code and what it said on stderr (OSError when it can't start)."""


class ServiceError(CoachError):
    """A one-line failure naming the file and the fix."""


def run_command(command: Sequence[str]) -> tuple[int, str]:
    try:
        result = subprocess.run(
            list(command),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        return 124, "timed out"
    return result.returncode, result.stderr


def coach_command(
    argv0: str | None = None,
    *,
    which: Callable[[str], str | None] = shutil.which,
    executable: str = sys.executable,
) -> list[str]:
    """The absolute command line of the coach running now: its console script, or
    ``python -m coach`` when it was started that way."""
    argv0 = sys.argv[0] if argv0 is None else argv0
    name = Path(argv0).name
    if argv0 and name not in ("__main__.py", "-c") and not name.endswith(".py"):
        found = which(argv0) if os.sep not in argv0 else argv0
        if found and Path(found).is_file():
            return [str(Path(found).resolve())]
    if found := which("coach"):
        return [str(Path(found).resolve())]
    return [str(Path(executable).resolve()), "-m", "coach"]


def _systemd_word(word: str) -> str:
    """One word of ExecStart: ``%`` and ``$`` taken literally, quoted when it holds a space."""
    word = word.replace("%", "%%").replace("$", "$$")
    if re.fullmatch(r"[A-Za-z0-9_./:=+,@%$-]+", word):
        return word
    return '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'


def unit_text(command: Sequence[str]) -> str:
    """The systemd user unit that runs ``command`` (``coach … keeper``)."""
    exec_start = " ".join(_systemd_word(word) for word in command)
    return f"""\
# Written by `coach keeper install`; `coach keeper uninstall` removes it.
[Unit]
Description=coach: stand-up break prompts without a coach window
After=graphical-session.target

[Service]
Type=simple
ExecStart={exec_start}
Restart=on-failure
RestartSec=10
Environment=PYTHONUNBUFFERED=1

[Install]
WantedBy=default.target
"""


def agent_plist(command: Sequence[str], log: Path) -> bytes:
    """The launchd agent that runs ``command`` at login and again if it fails."""
    return plistlib.dumps(
        {
            "Label": AGENT_LABEL,
            "ProgramArguments": list(command),
            "RunAtLoad": True,
            "KeepAlive": {"SuccessfulExit": False},
            "StandardOutPath": str(log),
            "StandardErrorPath": str(log),
        }
    )


@dataclass
class UserService:
    """Where the unit (or agent) goes on this machine, and how to tell the service manager."""

    env: Mapping[str, str] = field(default_factory=lambda: os.environ)
    platform: str = sys.platform
    home: Path = field(default_factory=Path.home)
    which: Callable[[str], str | None] = shutil.which
    run: Runner = run_command

    @property
    def launchd(self) -> bool:
        return self.platform == "darwin"

    @property
    def path(self) -> Path:
        if self.launchd:
            return self.home / "Library" / "LaunchAgents" / f"{AGENT_LABEL}.plist"
        config = self.env.get("XDG_CONFIG_HOME") or ""
        base = Path(config) if Path(config).is_absolute() else self.home / ".config"
        return base / "systemd" / "user" / UNIT_NAME

    def install(self, command: Sequence[str]) -> list[str]:
        """Write the unit, then reload and start it; the lines to say."""
        path = self.path
        if self.launchd:
            log = self.home / "Library" / "Logs" / "coach-keeper.log"
            self._write(path, agent_plist(command, log))
            return [
                f"Wrote {path}.",
                f"Load it now (and at every login) with: launchctl load -w {path}",
            ]
        self._write(path, unit_text(command).encode("utf-8"))
        steps = [
            ["systemctl", "--user", "daemon-reload"],
            ["systemctl", "--user", "enable", "--now", UNIT_NAME],
        ]
        if self.which("systemctl") is None:
            return [
                f"Wrote {path}; systemctl is not here, so nothing was started.",
                "Where systemd runs your session, start it with: "
                + " && ".join(" ".join(step) for step in steps),
            ]
        for step in steps:
            self._step(step, path, steps)
        return [
            f"Wrote {path}, enabled and started {UNIT_NAME}.",
            f"Its lines: journalctl --user -u {UNIT_NAME} -f",
        ]

    def uninstall(self) -> list[str]:
        """Stop and disable the unit, then remove it; the lines to say."""
        path = self.path
        if self.launchd:
            if self.which("launchctl") is not None and path.exists():
                with contextlib.suppress(OSError):
                    self.run(["launchctl", "unload", "-w", str(path)])
            self._remove(path)
            return [f"Removed {path}."]
        if not path.exists():
            # not ours to stop: a unit of that name from elsewhere is left to its owner
            return [
                f"Nothing to remove: {path} does not exist. If {UNIT_NAME} still runs: "
                f"systemctl --user disable --now {UNIT_NAME}"
            ]
        has_systemctl = self.which("systemctl") is not None
        if has_systemctl:
            # not fatal: a unit never started, or already stopped, has nothing to disable
            with contextlib.suppress(OSError):
                self.run(["systemctl", "--user", "disable", "--now", UNIT_NAME])
        self._remove(path)
        if has_systemctl:
            reload = ["systemctl", "--user", "daemon-reload"]
            self._step(reload, path, [reload], done="removed")
        if not has_systemctl:
            return [
                f"Removed {path}; systemctl is not here.",
                "Where systemd runs your session, also run: "
                f"systemctl --user disable --now {UNIT_NAME}",
            ]
        return [f"Stopped and disabled {UNIT_NAME}; removed {path}."]

    # -- inside --------------------------------------------------------------------------------

    def _write(self, path: Path, data: bytes) -> None:
        try:
            private_dir(path.parent)
            write_private(path, data)
        except OSError as exc:
            raise ServiceError(
                f"{path}: can't write it ({exc.strerror or exc}); "
                f"check that {path.parent} is a folder you can write to"
            ) from None

    def _remove(self, path: Path) -> bool:
        try:
            path.unlink()
        except FileNotFoundError:
            return False
        except OSError as exc:
            raise ServiceError(
                f"{path}: can't remove it ({exc.strerror or exc}); remove it by hand"
            ) from None
        return True

    def _step(
        self, step: list[str], path: Path, steps: list[list[str]], *, done: str = "written"
    ) -> None:
        try:
            code, said = self.run(step)
        except OSError as exc:
            code, said = 127, exc.strerror or str(exc)
        if code != 0:
            reason = " ".join(said.split()) or f"exit status {code}"
            raise ServiceError(
                f"{path}: {done}, but `{' '.join(step)}` failed ({reason}); "
                "in your desktop session run: " + " && ".join(" ".join(s) for s in steps)
            )
