"""`coach routines new/check` and `coach config path/show/init`: yours, checked, explained."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from coach.cli.main import main
from coach.services.config import Config, load_config, render_config
from coach.services.routines import load_all, load_routine
from coach.system.paths import builtin_routines_dir, user_routines_dir

BROKEN = '\nname = "Broken"\n[[steps]]\nname = "pigeon"\nduration = "sixty"\n'
GOOD = '\nname = "Good"\n[[steps]]\nname = "Neck rolls"\nduration = 10\n'


def test_new_writes_a_starter_that_loads_and_refuses_to_overwrite(capsys) -> None:
    assert main(["routines", "new", "My hips"]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path == user_routines_dir() / "my-hips.toml"

    routine = load_routine(path)
    assert (routine.id, routine.name) == ("my-hips", "My hips")
    assert [s.kind.value for s in routine.steps] == ["hold", "paced", "open"]
    assert f"coach routines check {path}" in path.read_text()

    path.write_text(path.read_text().replace("duration = 60", "duration = 45"))
    assert main(["routines", "new", "my-hips"]) == 2
    assert capsys.readouterr().err == (
        f"coach: {path} already exists; edit it, or choose another name\n"
    )
    assert "duration = 45" in path.read_text()

    assert main(["routines"]) == 0
    assert "my-hips" in capsys.readouterr().out


def test_new_with_a_built_ins_id_copies_it_and_replaces_it(capsys) -> None:
    assert main(["routines", "new", "desk-break"]) == 0
    captured = capsys.readouterr()
    path = Path(captured.out.strip())
    assert captured.err == "It replaces the built-in desk-break while it exists.\n"
    builtin = load_routine(builtin_routines_dir() / "desk-break.toml")
    mine = load_routine(path)
    assert (mine.id, mine.name, mine.steps) == (builtin.id, builtin.name, builtin.steps)

    assert main(["routines"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("desk-break"))
    assert line.endswith("yours (replaces built-in)")


def test_new_from_another_routine_takes_a_new_id_and_name(capsys) -> None:
    assert main(["routines", "new", "Evening stretch", "--from", "cool-down"]) == 0
    mine = load_routine(Path(capsys.readouterr().out.strip()))
    builtin = load_routine(builtin_routines_dir() / "cool-down.toml")
    assert (mine.id, mine.name, mine.steps) == ("evening-stretch", "Evening stretch", builtin.steps)
    assert main(["routines", "new", "x", "--from", "nope"]) == 2
    assert capsys.readouterr().err.startswith('coach: --from: no routine "nope"; known routines: ')
    assert main(["routines", "new", "!!"]) == 2
    assert '"!!" makes no routine id' in capsys.readouterr().err


@pytest.mark.parametrize("spelling", [["routines", "check"], ["routines", "--check"]])
def test_check_files_exits_1_on_errors(tmp_path: Path, capsys, spelling: list[str]) -> None:
    good, broken = tmp_path / "good.toml", tmp_path / "broken.toml"
    good.write_text(GOOD)
    broken.write_text(BROKEN)
    assert main([*spelling, str(good)]) == 0
    assert capsys.readouterr().out == f"{good}: ok (good, 1 step)\n"
    assert main([*spelling, str(good), str(broken)]) == 1
    assert capsys.readouterr().err == (
        f'{broken}: step 1 "pigeon": duration must be seconds > 0, got "sixty"\n'
    )


def test_a_broken_user_routine_next_to_good_ones(capsys) -> None:
    folder = user_routines_dir()
    folder.mkdir(parents=True)
    (folder / "a-good.toml").write_text(GOOD)
    (folder / "broken.toml").write_text(BROKEN)
    (folder / "z-good.toml").write_text(GOOD.replace("Good", "Also good"))

    found = load_all(builtin_routines_dir(), folder)
    assert {"a-good", "z-good", "desk-break"} <= set(found.routines)
    assert [e.path.name for e in found.errors] == ["broken.toml"]

    assert main(["routines", "check"]) == 1
    captured = capsys.readouterr()
    bundled = len(list(builtin_routines_dir().glob("*.toml")))
    assert captured.out == f"{bundled + 2} routines ok, 1 with errors\n"
    assert captured.err.startswith(f"{folder / 'broken.toml'}: step 1")
    assert main(["routines"]) == 0  # listing still works, and says what is wrong
    assert "error: " in capsys.readouterr().err


# -- settings ------------------------------------------------------------------------------


def test_config_path_follows_the_overrides(tmp_path: Path, capsys, monkeypatch) -> None:
    assert main(["config", "path"]) == 0
    captured = capsys.readouterr()
    assert captured.out == f"{tmp_path / 'xdg-config' / 'coach' / 'config.toml'}\n"
    assert "coach config init" in captured.err
    monkeypatch.setenv("COACH_CONFIG", str(tmp_path / "env.toml"))
    assert main(["config", "path"]) == 0
    assert capsys.readouterr().out == f"{tmp_path / 'env.toml'}\n"
    assert main(["--config", str(tmp_path / "flag.toml"), "config", "path"]) == 0
    assert capsys.readouterr().out == f"{tmp_path / 'flag.toml'}\n"


def test_config_show_says_where_each_value_came_from(tmp_path: Path, capsys) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[player]\nget_ready_seconds = 3\n[keys]\n"player.pause" = "p"\n')
    assert main(["--config", str(path), "config", "show"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"# settings file: {path} (from --config)\n")
    lines = out.splitlines()
    assert "get_ready_seconds = 3  # from the file" in lines
    assert "sound = true           # default" in lines
    assert '"player.pause" = "p"  # from the file' in lines
    shown = tomllib.loads(out)  # it is itself a settings file
    assert shown["player"]["get_ready_seconds"] == 3
    assert load_config(path) == load_config(write(tmp_path / "shown.toml", out))


def write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def test_config_show_a_bad_file_is_one_line(tmp_path: Path, capsys) -> None:
    path = write(tmp_path / "config.toml", "[player]\nsound = 'loud'\n")
    assert main(["--config", str(path), "config", "show"]) == 2
    assert capsys.readouterr().err == (
        f'coach: {path}: [player] sound: must be true or false, got "loud"\n'
    )


def test_config_init_writes_every_key_and_will_not_overwrite(tmp_path: Path, capsys) -> None:
    path = tmp_path / "new" / "config.toml"
    assert main(["--config", str(path), "config", "init"]) == 0
    assert capsys.readouterr().out == f"{path}\n"
    assert load_config(path) == Config()
    text = path.read_text()
    for section, kind in Config.sections().items():
        assert f"[{section}]" in text
        for name in getattr(kind, "__dataclass_fields__", {}):
            assert f"\n{name} = " in text, name

    path.write_text("[player]\nget_ready_seconds = 8\n")
    assert main(["--config", str(path), "config", "init"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert path.read_text() == "[player]\nget_ready_seconds = 8\n"

    assert main(["--config", str(path), "config", "init", "--force"]) == 0
    assert load_config(path).player.get_ready_seconds == 8  # your values kept
    assert "sound = true" in path.read_text()
    assert (tmp_path / "new" / "config.toml.bak").read_text() == (
        "[player]\nget_ready_seconds = 8\n"
    )


def test_the_readme_lists_every_setting_with_its_default() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8").splitlines()
    for line in render_config().splitlines():
        if line and not line.startswith("#"):
            assert line in readme, (
                f"README.md's settings lack `{line}`: paste `coach config init`'s file there"
            )
