"""``coach keeper install|uninstall``: the unit file's place and content, the systemctl steps (a
fake runner), what is said where there is no systemctl, launchd on macOS, one-line failures."""

from __future__ import annotations

import plistlib
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from coach.cli.main import main
from coach.system.user_service import (
    AGENT_LABEL,
    UNIT_NAME,
    ServiceError,
    UserService,
    coach_command,
    unit_text,
)

COMMAND = ["/opt/coach env/bin/coach", "--db", "/home/me/100% log.db", "keeper"]


class Runner:
    def __init__(self, fails: dict[str, tuple[int, str]] | None = None) -> None:
        self.commands: list[list[str]] = []
        self.fails = fails or {}

    def __call__(self, command: Sequence[str]) -> tuple[int, str]:
        self.commands.append(list(command))
        return self.fails.get(" ".join(command), (0, ""))


def service(tmp_path: Path, runner: Runner, *, systemctl: bool = True, **kw) -> UserService:
    def which(name: str) -> str | None:
        return f"/usr/bin/{name}" if systemctl else None

    env = {"XDG_CONFIG_HOME": str(tmp_path / "xdg")}
    return UserService(env=env, home=tmp_path / "home", which=which, run=runner, **kw)


def test_install_writes_the_unit_under_xdg_config_home_then_reloads_and_starts_it(tmp_path):
    runner = Runner()
    lines = service(tmp_path, runner).install(COMMAND)
    unit = tmp_path / "xdg" / "systemd" / "user" / UNIT_NAME
    text = unit.read_text(encoding="utf-8")
    assert 'ExecStart="/opt/coach env/bin/coach" --db "/home/me/100%% log.db" keeper' in text
    assert "Restart=on-failure" in text
    assert "network" not in text.lower()
    assert "WantedBy=default.target" in text
    assert runner.commands == [
        ["systemctl", "--user", "daemon-reload"],
        ["systemctl", "--user", "enable", "--now", UNIT_NAME],
    ]
    assert lines[0] == f"Wrote {unit}, enabled and started {UNIT_NAME}."


def test_without_xdg_config_home_the_unit_goes_to_dot_config(tmp_path):
    made = UserService(env={}, home=tmp_path, which=lambda _: None, run=Runner())
    assert made.path == tmp_path / ".config" / "systemd" / "user" / UNIT_NAME


def test_without_systemctl_the_file_is_written_and_the_commands_said(tmp_path):
    runner = Runner()
    made = service(tmp_path, runner, systemctl=False)
    lines = made.install(COMMAND)
    assert made.path.exists()
    assert runner.commands == []
    assert lines[-1].endswith(
        f"systemctl --user daemon-reload && systemctl --user enable --now {UNIT_NAME}"
    )


def test_a_failing_systemctl_is_one_line_naming_the_file_and_the_fix(tmp_path):
    runner = Runner({"systemctl --user daemon-reload": (1, "Failed to connect to bus\n")})
    made = service(tmp_path, runner)
    with pytest.raises(ServiceError) as raised:
        made.install(COMMAND)
    message = str(raised.value)
    assert "\n" not in message
    assert str(made.path) in message and "Failed to connect to bus" in message
    assert "systemctl --user enable --now coach-keeper.service" in message


def test_a_folder_that_cannot_be_written_is_one_line(tmp_path):
    (tmp_path / "xdg").write_text("not a folder", encoding="utf-8")
    with pytest.raises(ServiceError) as raised:
        service(tmp_path, Runner()).install(COMMAND)
    assert "\n" not in str(raised.value) and UNIT_NAME in str(raised.value)


def test_uninstall_stops_disables_removes_and_reloads(tmp_path):
    runner = Runner()
    made = service(tmp_path, runner)
    made.install(COMMAND)
    runner.commands.clear()
    lines = made.uninstall()
    assert not made.path.exists()
    assert runner.commands == [
        ["systemctl", "--user", "disable", "--now", UNIT_NAME],
        ["systemctl", "--user", "daemon-reload"],
    ]
    assert lines == [f"Stopped and disabled {UNIT_NAME}; removed {made.path}."]
    runner.commands.clear()
    [line] = made.uninstall()  # nothing of ours: systemctl is not asked to stop anything
    assert line.startswith(f"Nothing to remove: {made.path} does not exist.")
    assert runner.commands == []


def test_on_macos_a_launchd_agent_is_written_and_the_load_line_said(tmp_path):
    runner = Runner()
    made = service(tmp_path, runner, platform="darwin")
    lines = made.install(COMMAND)
    plist = tmp_path / "home" / "Library" / "LaunchAgents" / f"{AGENT_LABEL}.plist"
    assert made.path == plist
    agent = plistlib.loads(plist.read_bytes())
    assert agent["Label"] == AGENT_LABEL
    assert agent["ProgramArguments"] == COMMAND
    assert agent["KeepAlive"] == {"SuccessfulExit": False}
    assert lines[-1].endswith(f"launchctl load -w {plist}")
    assert runner.commands == []
    made.uninstall()
    assert not plist.exists()
    assert runner.commands == [["launchctl", "unload", "-w", str(plist)]]


def test_the_command_is_the_running_coach_by_absolute_path(tmp_path):
    script = tmp_path / "bin" / "coach"
    script.parent.mkdir()
    script.write_text("#!/bin/sh\n", encoding="utf-8")
    assert coach_command(str(script)) == [str(script.resolve())]
    assert coach_command("coach", which=lambda _: str(script)) == [str(script.resolve())]
    # python -m coach, with no coach on PATH
    python = Path(sys.executable).resolve()
    assert coach_command("/x/coach/__main__.py", which=lambda _: None) == [
        str(python),
        "-m",
        "coach",
    ]


def test_the_cli_passes_db_and_config_through(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["/x/coach/__main__.py"])
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # no systemctl, no coach on PATH
    code = main(["keeper", "install", "--db", str(tmp_path / "my.db"), "--config", "c.toml"])
    assert code == 0
    unit = tmp_path / "xdg-config" / "systemd" / "user" / UNIT_NAME  # the hermetic XDG home
    text = unit.read_text(encoding="utf-8")
    exec_start = next(line for line in text.splitlines() if line.startswith("ExecStart="))
    assert f"--db {tmp_path / 'my.db'}" in exec_start
    assert f"--config {Path('c.toml').resolve()}" in exec_start
    assert " -m coach --db " in exec_start and exec_start.endswith(" keeper")
    out = capsys.readouterr().out
    assert "systemctl is not here" in out
    assert main(["keeper", "uninstall"]) == 0
    assert not unit.exists()


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze here")
def test_systemd_analyze_verify_accepts_the_unit(tmp_path):
    """In system mode: ``--user`` needs a running user manager, which a container lacks; the
    unit's own lines are checked the same way. A bogus key proves the check bites."""

    def complaints(text: str, name: str) -> list[str]:
        unit = tmp_path / name
        unit.write_text(text, encoding="utf-8")
        result = subprocess.run(
            ["systemd-analyze", "verify", str(unit)],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        return [line for line in result.stderr.splitlines() if str(unit) in line]

    true = shutil.which("true") or "/bin/true"
    text = unit_text([true, "--db", "/tmp/a 100% b.db", "keeper"])
    assert complaints(text, UNIT_NAME) == []
    bogus = text.replace("Restart=on-failure", "Restart=on-failure\nBogus=1")
    assert complaints(bogus, "bogus.service")
