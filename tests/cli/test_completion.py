"""`coach completion bash|zsh|fish`: the scripts complete in the real shells.

bash is always here; zsh and fish are where installed (`.ci/desktop-deps` installs both), and
their tests skip, naming the shell, where not. The scripts are made from the parser, so a new
command or option completes without touching them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from coach.cli.completion import command_tree, script
from coach.cli.main import main
from coach.cli.parser import build_parser


def write_script(tmp_path: Path, shell: str) -> Path:
    path = tmp_path / f"coach.{shell}"
    path.write_text(script(shell), encoding="utf-8")
    return path


def needs(shell: str) -> str:
    found = shutil.which(shell)
    if not found:
        pytest.skip(f"{shell} is not installed (apt install {shell}); its script is not tried")
    return found


BASH_DRIVER = """
source "$1"
shift
COMP_WORDS=("$@")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
_coach
printf '%s\\n' "${COMPREPLY[@]}"
"""


def bash_complete(script_path: Path, *words: str, cwd: Path | None = None) -> list[str]:
    result = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", BASH_DRIVER, "bash", str(script_path), *words],
        capture_output=True,
        text=True,
        check=True,
        cwd=cwd,
    )
    assert result.stderr == ""
    return result.stdout.split()


def test_the_command_prints_each_script(capsys):
    for shell in ("bash", "zsh", "fish"):
        assert main(["completion", shell]) == 0
        assert capsys.readouterr().out == script(shell)


def test_the_tree_has_every_command_of_the_parser():
    tree = command_tree(build_parser())
    assert tree["coach"].subcommands[:3] == ["run", "routines", "exercises"]
    assert "completion" in tree["coach"].subcommands
    assert tree["coach routines"].subcommands == ["new", "check"]
    assert tree["coach break"].choices == ["done", "snooze", "skip", "now", "ask"]
    assert tree["coach export"].values["--format"] == "json csv"
    assert tree["coach export"].values["--out"] == "file"
    assert "--force" not in tree["coach export"].values  # a flag: no value follows
    assert tree["coach import"].files and not tree["coach status"].files


def test_bash_completes_in_a_real_bash(tmp_path: Path):
    bash = write_script(tmp_path, "bash")
    assert bash_complete(bash, "coach", "ex") == ["exercises", "export"]
    assert bash_complete(bash, "coach", "--db", "/tmp/x.db", "ex") == ["exercises", "export"]
    assert bash_complete(bash, "coach", "routines", "") == ["new", "check"]
    assert bash_complete(bash, "coach", "break", "s") == ["snooze", "skip"]
    assert bash_complete(bash, "coach", "break", "done", "") == []
    assert bash_complete(bash, "coach", "export", "--format", "") == ["json", "csv"]
    assert bash_complete(bash, "coach", "export", "--f") == ["--format", "--force"]
    assert bash_complete(bash, "coach", "completion", "") == ["bash", "zsh", "fish"]
    assert bash_complete(bash, "coach", "log", "x", "--at", "") == []
    (tmp_path / "old-export.json").write_text("{}")
    assert bash_complete(bash, "coach", "import", "old-", cwd=tmp_path) == ["old-export.json"]
    assert bash_complete(bash, "coach", "--config", "old-", cwd=tmp_path) == ["old-export.json"]


def test_the_bash_script_loads_through_the_command(tmp_path: Path):
    """The README's line, `source <(coach completion bash)`, with this checkout's coach."""
    line = (
        f"source <({sys.executable} -m coach completion bash); "
        'COMP_WORDS=(coach ex); COMP_CWORD=1; _coach; echo "${COMPREPLY[@]}"; complete -p coach'
    )
    result = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", line],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parents[2],
    )
    assert result.stdout == "exercises export\ncomplete -F _coach coach\n"


ZSH_DRIVER = """
compdef() { print -r -- "compdef $*" }
compadd() { [[ $1 == -- ]] && shift; print -r -- "$*" }
_files() { print -r -- FILES }
_message() { print -r -- "MESSAGE $*" }
source "$1"
shift
words=("$@")
CURRENT=${#words}
_coach
"""


def test_zsh_parses_and_completes(tmp_path: Path):
    zsh = needs("zsh")
    path = write_script(tmp_path, "zsh")
    subprocess.run([zsh, "-n", str(path)], check=True)

    def complete(*words: str) -> str:
        run = [zsh, "-f", "-c", ZSH_DRIVER, "zsh", str(path), *words]
        return subprocess.run(run, capture_output=True, text=True, check=True).stdout

    # compadd is given every candidate; zsh itself keeps those that match what was typed
    assert complete("coach", "ex").splitlines()[0] == "compdef _coach coach"
    assert complete("coach", "ex").splitlines()[1].split()[2:6] == [
        "exercises",
        "config",
        "backup",
        "export",
    ]
    assert complete("coach", "break", "").splitlines()[1] == "done snooze skip now ask"
    assert complete("coach", "export", "--format", "").splitlines()[1] == "json csv"
    assert complete("coach", "import", "").splitlines()[1] == "FILES"
    assert complete("coach", "log", "x", "--at", "").splitlines()[1] == "MESSAGE a value"


def test_fish_parses_and_completes(tmp_path: Path):
    fish = needs("fish")
    path = write_script(tmp_path, "fish")
    subprocess.run([fish, "-n", str(path)], check=True)

    def complete(line: str) -> list[str]:
        command = f"source {path}; complete -C '{line}'"
        done = subprocess.run(
            [fish, "--no-config", "-c", command], capture_output=True, text=True, check=True
        )
        return [row.split("\t")[0] for row in done.stdout.splitlines()]

    assert complete("coach ex") == ["exercises", "export"]
    assert complete("coach --db /tmp/x.db ex") == ["exercises", "export"]
    assert sorted(complete("coach break ")) == ["ask", "done", "now", "skip", "snooze"]
    assert sorted(complete("coach export --format ")) == ["csv", "json"]
    assert sorted(complete("coach export --f")) == ["--force", "--format"]
    assert complete("coach break done ") == []
