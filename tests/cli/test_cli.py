"""The coach command: one-line errors, exit codes, routines listing and checking."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from coach.cli.main import main
from coach.system.paths import builtin_routines_dir

BUNDLED = len(list(builtin_routines_dir().glob("*.toml")))

BROKEN = """
name = "Broken"
[[steps]]
name = "warm"
duration = 30
[[steps]]
name = "hips"
duration = 30
[[steps]]
name = "pigeon"
duration = "sixty"
"""

GOOD = """
name = "Good"
[[steps]]
name = "Neck rolls"
duration = 10
"""


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == "coach 0.1.0"


def test_routines_lists_the_built_ins(capsys):
    assert main(["routines"]) == 0
    out = capsys.readouterr().out
    for routine_id in ("morning-mobility", "desk-break", "pre-lift-warmup", "cool-down"):
        assert routine_id in out


def test_check_a_broken_file_is_one_line_and_fails(tmp_path: Path, capsys):
    broken = tmp_path / "my.toml"
    broken.write_text(BROKEN)
    good = tmp_path / "good.toml"
    good.write_text(GOOD)
    assert main(["routines", "--check", str(good), str(broken)]) == 1
    captured = capsys.readouterr()
    assert (
        captured.err.strip()
        == f'{broken}: step 3 "pigeon": duration must be seconds > 0, got "sixty"'
    )
    assert f"{good}: ok" in captured.out


def test_check_all_built_ins_passes(capsys):
    assert main(["routines", "--check"]) == 0
    assert f"{BUNDLED} routines ok" in capsys.readouterr().out


def test_check_reports_a_broken_user_routine(tmp_path: Path, capsys):
    user_dir = tmp_path / "xdg-config" / "coach" / "routines"
    user_dir.mkdir(parents=True)
    (user_dir / "mine.toml").write_text(BROKEN)
    assert main(["routines", "--check"]) == 1
    captured = capsys.readouterr()
    assert "mine.toml: step 3" in captured.err
    assert f"{BUNDLED} routines ok, 1 with errors" in captured.out


def test_run_unknown_routine_is_one_line(capsys):
    assert main(["run", "no-such-thing"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith('coach: no routine "no-such-thing"; known routines: cool-down')


def test_run_broken_file_is_one_line(tmp_path: Path, capsys):
    broken = tmp_path / "my.toml"
    broken.write_text(BROKEN)
    assert main(["run", str(broken)]) == 2
    err = capsys.readouterr().err
    assert err == f'coach: {broken}: step 3 "pigeon": duration must be seconds > 0, got "sixty"\n'


def test_bad_config_is_one_line_exit_2(tmp_path: Path, capsys):
    config = tmp_path / "config.toml"
    config.write_text("[player]\nget_ready_seconds = 'five'\n")
    assert main(["--config", str(config), "routines"]) == 2
    err = capsys.readouterr().err
    assert err == (
        f'coach: {config}: [player] get_ready_seconds: must be a whole number, got "five"\n'
    )


def test_unknown_config_key_is_one_line(tmp_path: Path, capsys, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text("[player]\nsond = true\n")
    monkeypatch.setenv("COACH_CONFIG", str(config))
    assert main(["routines"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"coach: {config}: [player] sond: unknown key; known keys are: sound")


def test_not_a_log_is_refused_and_left_alone(tmp_path: Path, capsys):
    notes = tmp_path / "notes.txt"
    notes.write_text("my precious notes\n")
    assert main(["--db", str(notes), "run", "desk-break"]) == 2
    assert "is not a coach log" in capsys.readouterr().err
    assert notes.read_text() == "my precious notes\n"


def test_routines_does_not_import_textual(tmp_path: Path):
    code = (
        "import sys; from coach.cli.main import main; main(['routines']); "
        "assert 'textual' not in sys.modules, 'textual was imported'"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).parents[2]
    )
    assert result.returncode == 0, result.stderr


def test_plain_coach_is_parsed_as_argparse_would_without_argparse(monkeypatch):
    import importlib

    from coach.cli.parser import build_parser

    cli_main = importlib.import_module("coach.cli.main")  # coach.cli.main is also the function

    assert vars(cli_main.parse_arguments([])) == vars(build_parser().parse_args([]))
    import coach.cli.parser as cli_parser

    def refuse() -> None:
        raise AssertionError("plain coach built the whole parser")

    monkeypatch.setattr(cli_parser, "build_parser", refuse)
    assert cli_main.parse_arguments([]).command is None
