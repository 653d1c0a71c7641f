"""Files are hostile until proven: every kind of bad file, at every entry point that reads it.

A table of hostile files (a nesting bomb, a FIFO, a folder, /dev/zero, a file too big, bytes that
are not UTF-8, a routine far too long, control characters in each text field) is put where coach
looks for its settings and for routines, and every command and home are run against it. Each
must give one line naming the file (exit 2 for a settings file the CLI cannot use; the routine
skipped with its line everywhere else), never a traceback, and never hang: an alarm fails a test
that blocks.
"""

from __future__ import annotations

import os
import signal
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType

import pytest
from textual.widgets import Static

from coach.cli.main import main
from coach.system.files import NESTING_LIMIT
from coach.system.paths import builtin_routines_dir
from coach.ui.widgets.routine_list import RoutineList

HANG_SECONDS = 20


class Hung(Exception):
    pass


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    """Fail, rather than block the suite, if anything waits on a file (a FIFO open, say)."""

    def alarm(signum: int, frame: FrameType | None) -> None:
        raise Hung(f"still running after {HANG_SECONDS} s: something blocked on a file")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(HANG_SECONDS)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list:
    """The apps coach would run, recorded instead of taking over the terminal."""
    from coach.ui.app import CoachApp

    apps: list[CoachApp] = []
    monkeypatch.setattr(CoachApp, "run", lambda self, *a, **k: apps.append(self))
    return apps


Maker = Callable[[Path], object]


def text(content: str) -> Maker:
    return lambda path: path.write_text(content, encoding="utf-8")


def raw(content: bytes) -> Maker:
    return lambda path: path.write_bytes(content)


def fifo(path: Path) -> None:
    os.mkfifo(path)


def folder(path: Path) -> None:
    path.mkdir()


def device(path: Path) -> None:
    path.symlink_to("/dev/zero")


TOO_DEEP = f"too deeply nested (more than {NESTING_LIMIT} levels)"
NOT_A_FILE = "not a file; coach reads only regular files"

# -- the settings file ------------------------------------------------------------------------

HOSTILE_SETTINGS: dict[str, tuple[Maker, str]] = {
    "array bomb": (text("x = " + "[" * 3000 + "]" * 3000), TOO_DEEP),
    "table bomb": (text("x = " + "{a = " * 3000 + "1" + "}" * 3000), TOO_DEEP),
    "dotted bomb": (text("[ui]\n" + "a" + ".a" * 3000 + " = 1\n"), TOO_DEEP),
    "fifo": (fifo, f"is a FIFO, {NOT_A_FILE}"),
    "directory": (folder, f"is a directory, {NOT_A_FILE}"),
    "/dev/zero": (device, f"is a character device, {NOT_A_FILE}"),
    "oversize": (
        text("# " + "x" * 300 * 1024 + "\n"),
        "is 300 KiB; coach reads files of at most 256 KiB",
    ),
    "not utf-8": (raw(b'[ui]\ntheme = "caf\xe9"\n'), "not UTF-8 text (line 2); save it as UTF-8"),
}

COMMANDS_READING_SETTINGS = {
    "home": [],
    "run": ["run", "desk-break"],
    "setup": ["setup"],
    "break now": ["break", "now"],
    "break done": ["break", "done"],
    "status": ["status"],
    "status json": ["status", "--format", "json"],
    "routines": ["routines"],
    "routines check": ["routines", "check"],
    "routines new": ["routines", "new", "mine"],
    "history": ["history"],
    "config show": ["config", "show"],
    "backup": ["backup"],
    "export": ["export"],
}


@pytest.mark.parametrize(
    "command", COMMANDS_READING_SETTINGS.values(), ids=COMMANDS_READING_SETTINGS
)
@pytest.mark.parametrize("hostile", HOSTILE_SETTINGS.values(), ids=HOSTILE_SETTINGS)
def test_a_hostile_settings_file_is_one_line_and_exit_2_for_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], started: list, command, hostile
):
    make, message = hostile
    path = tmp_path / "config.toml"
    make(path)
    log = tmp_path / "coach.db"

    code = main(["--db", str(log), "--config", str(path), *command])

    out, err = capsys.readouterr()
    assert (code, err) == (2, f"coach: {path}: {message}\n")
    assert not started
    assert not (tmp_path / "xdg-config" / "coach" / "routines" / "mine.toml").exists()


def test_config_init_force_over_a_fifo_refuses_to_back_it_up(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    path = tmp_path / "config.toml"
    os.mkfifo(path)
    assert main(["--config", str(path), "config", "init", "--force"]) == 2
    assert capsys.readouterr().err == (
        f"coach: {path}: cannot back it up: is a FIFO, {NOT_A_FILE}\n"
    )
    assert stat.S_ISFIFO(path.stat().st_mode)
    assert not (tmp_path / "config.toml.bak").exists()


def test_config_init_force_over_a_bomb_keeps_it_as_the_backup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    path = tmp_path / "config.toml"
    bomb = "x = " + "[" * 3000 + "]" * 3000
    path.write_text(bomb, encoding="utf-8")
    assert main(["--config", str(path), "config", "init", "--force"]) == 0
    assert (tmp_path / "config.toml.bak").read_text(encoding="utf-8") == bomb
    assert main(["--config", str(path), "config", "show"]) == 0


# -- routine files ----------------------------------------------------------------------------

GOOD = 'id = "good"\nname = "Good"\n[[steps]]\nname = "Walk"\nduration = 5\n'
HEADER = 'id = "{id}"\nname = "Bad"\n'
STEP = '[[steps]]\nname = "Walk"\nduration = 5\n'
ESC = "\\u001b]52;c;aGVsbG8=\\u0007"  # OSC 52: write the clipboard
CONTROL = "holds control characters (U+001B, U+0007); remove the control characters"


def routine(body: str) -> Maker:
    return lambda path: path.write_text(HEADER.format(id=path.stem) + body, encoding="utf-8")


HUGE = "".join(f'[[steps]]\nname = "s{n}"\nduration = 1\nsets = 1000\n' for n in range(1000))
LONG = "".join(f'[[steps]]\nname = "s{n}"\nduration = 3600\nsets = 50\n' for n in range(200))

HOSTILE_ROUTINES: dict[str, tuple[Maker, str]] = {
    "array bomb": (text("x = " + "[" * 3000 + "]" * 3000), TOO_DEEP),
    "table bomb": (text("x = " + "{a = " * 3000 + "1" + "}" * 3000), TOO_DEEP),
    "dotted bomb": (text("a" + ".a" * 3000 + " = 1\n"), TOO_DEEP),
    "fifo": (fifo, f"is a FIFO, {NOT_A_FILE}"),
    "directory": (folder, f"is a directory, {NOT_A_FILE}"),
    "/dev/zero": (device, f"is a character device, {NOT_A_FILE}"),
    "oversize": (
        text(GOOD + "# " + "x" * 300 * 1024 + "\n"),
        "is 300 KiB; coach reads files of at most 256 KiB",
    ),
    "not utf-8": (raw(b'name = "\xc9tirement"\n'), "not UTF-8 text (line 1); save it as UTF-8"),
    "1000 x 1000": (routine(HUGE), "steps must be at most 200, got 1000; split the routine"),
    "too long": (
        routine(LONG),
        "planned length is 10000.0 hours; a routine may be at most 4 hours (split it into several)",
    ),
    "control in name": (
        lambda p: p.write_text(f'name = "Bad{ESC}"\n' + STEP, encoding="utf-8"),
        f"name {CONTROL}",
    ),
    "control in description": (
        routine(f'description = "x{ESC}"\n' + STEP),
        f"description {CONTROL}",
    ),
    "control in tags": (routine(f'tags = ["x{ESC}"]\n' + STEP), f"tags {CONTROL}"),
    "control in step name": (
        routine(f'[[steps]]\nname = "Walk{ESC}"\nduration = 5\n'),
        'step 1 "Walk\\u001b]52;c;aGVsbG8=\\u0007": name ' + CONTROL,
    ),
    "control in cues": (
        routine(STEP + f'cues = ["up{ESC}"]\n'),
        f'step 1 "Walk": cues {CONTROL}',
    ),
    "bidi override in name": (
        lambda p: p.write_text('name = "Bad\\u202egnp.exe"\n' + STEP, encoding="utf-8"),
        "name holds control characters (U+202E); remove the control characters",
    ),
}


@pytest.fixture
def user_routines(tmp_path: Path) -> Path:
    """The routines folder, holding one good routine beside whatever hostile file a test adds."""
    path = tmp_path / "xdg-config" / "coach" / "routines"
    path.mkdir(parents=True)
    (path / "good.toml").write_text(GOOD, encoding="utf-8")
    return path


@pytest.fixture(params=list(HOSTILE_ROUTINES.values()), ids=list(HOSTILE_ROUTINES))
def hostile_routine(request: pytest.FixtureRequest, user_routines: Path) -> tuple[Path, str]:
    """A hostile ``bad.toml`` in the routines folder and the line it must give."""
    make, message = request.param
    path = user_routines / "bad.toml"
    make(path)
    return path, message


def test_routines_lists_the_rest_and_names_the_bad_file(
    hostile_routine: tuple[Path, str], capsys: pytest.CaptureFixture[str]
):
    path, message = hostile_routine
    assert main(["routines"]) == 0
    out, err = capsys.readouterr()
    assert "good" in out and "Good" in out
    assert err.startswith(f"error: {path}: {message}")
    assert err.count("\n") == 1


def assert_problems(err: str, path: Path, first: str) -> None:
    """``routines check`` output: the expected line first, then only more lines for that file
    (the 1000-step routine has a problem in every step, too)."""
    lines = err.splitlines()
    assert lines[0] == f"{path}: {first}"
    assert all(line.startswith(f"{path}: ") for line in lines)
    assert len(lines) <= 51


def test_routines_check_names_the_bad_file_and_counts_the_rest(
    hostile_routine: tuple[Path, str], capsys: pytest.CaptureFixture[str]
):
    path, message = hostile_routine
    assert main(["routines", "check"]) == 1
    out, err = capsys.readouterr()
    assert_problems(err, path, message)
    bundled = len(list(builtin_routines_dir().glob("*.toml")))
    assert out == f"{bundled + 1} routines ok, 1 with errors\n"


def test_routines_check_of_the_file_and_a_good_one(
    hostile_routine: tuple[Path, str], user_routines: Path, capsys: pytest.CaptureFixture[str]
):
    path, message = hostile_routine
    good = user_routines / "good.toml"
    assert main(["routines", "check", str(path), str(good)]) == 1
    out, err = capsys.readouterr()
    assert_problems(err, path, message)
    assert out == f"{good}: ok (good, 1 step)\n"


def test_run_of_another_routine_is_not_stopped(hostile_routine: tuple[Path, str], started: list):
    assert main(["--db", str(hostile_routine[0].parent / "c.db"), "run", "good"]) == 0
    (app,) = started
    assert app.start_with.id == "good"
    assert [str(e) for e in app.routines.errors] == [f"{hostile_routine[0]}: {hostile_routine[1]}"]


@pytest.mark.parametrize("by", ["id", "path"])
def test_run_of_the_bad_routine_is_its_one_line(
    hostile_routine: tuple[Path, str], started: list, capsys: pytest.CaptureFixture[str], by: str
):
    path, message = hostile_routine
    assert main(["run", "bad" if by == "id" else str(path)]) == 2
    assert capsys.readouterr().err == f"coach: {path}: {message}\n"
    assert not started


async def test_home_names_the_bad_file_and_plays_the_rest(
    hostile_routine: tuple[Path, str], user_routines: Path, make_app
):
    from coach.services.routines import load_all
    from coach.system.paths import builtin_routines_dir
    from coach.ui.screens.player import PlayerScreen

    path, message = hostile_routine
    app = make_app()
    app.routines = load_all(builtin_routines_dir(), user_routines)
    async with app.run_test(size=(80, 24)) as pilot:
        errors = str(app.screen.query_one("#routine-errors", Static).render())
        assert "Not loaded: 1 file in" in errors
        assert f"bad.toml: {message}" in errors.replace("\n", "")
        listed = app.screen.query_one("#routines", RoutineList)
        listed.highlighted = listed.routine_ids().index("good")
        await pilot.press("enter")
        assert isinstance(app.screen, PlayerScreen)
        assert app.screen.run.routine.id == "good"


def test_a_huge_routine_is_refused_cheaply(user_routines: Path):
    from coach.services.routines import load_all
    from coach.system.paths import builtin_routines_dir

    routine(HUGE)(user_routines / "huge.toml")
    started_at = time.perf_counter()
    found = load_all(builtin_routines_dir(), user_routines)
    assert time.perf_counter() - started_at < 2.0
    assert [e.path.name for e in found.errors] == ["huge.toml"]


def test_routines_check_lists_every_problem_in_a_file(
    user_routines: Path, capsys: pytest.CaptureFixture[str]
):
    path = user_routines / "many.toml"
    path.write_text(
        f'id = "Many"\nname = "x{ESC}"\ncolour = "red"\n'
        '[[steps]]\nname = "a"\nduration = 0\nsets = 51\n'
        f'[[steps]]\nreps = 501\ncues = ["ok{ESC}"]\n',
        encoding="utf-8",
    )
    assert main(["routines", "check", str(path)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f'{path}: unknown field "colour"; expected one of: id, name, description, tags, equipment, '
        "checkin, steps",
        f'{path}: id must be lowercase letters, digits and dashes (like my-routine), got "Many"',
        f"{path}: name {CONTROL}",
        f'{path}: step 1 "a": duration must be seconds > 0, got 0',
        f'{path}: step 1 "a": sets must be at most 50, got 51',
        f"{path}: step 2: name must be a non-empty string, got nothing",
        f"{path}: step 2: reps must be at most 500, got 501",
        f"{path}: step 2: cues {CONTROL}",
    ]


def test_routines_says_how_many_more_problems_a_file_has(
    user_routines: Path, capsys: pytest.CaptureFixture[str]
):
    path = user_routines / "two.toml"
    path.write_text(HEADER.format(id="two") + "[[steps]]\nduration = 0\n", encoding="utf-8")
    assert main(["routines"]) == 0
    assert capsys.readouterr().err == (
        f"error: {path}: step 1: name must be a non-empty string, got nothing "
        "(and 1 more; `coach routines check` lists them)\n"
    )


def test_a_file_with_endless_problems_lists_fifty_and_says_so(
    user_routines: Path, capsys: pytest.CaptureFixture[str]
):
    path = user_routines / "endless.toml"
    path.write_text(HEADER.format(id="endless") + "[[steps]]\nduration = 0\n" * 300)
    assert main(["routines", "check", str(path)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 51
    assert lines[-1] == f"{path}: more problems than these 50; fix these first"


def test_a_file_that_fills_the_list_says_where_checking_stopped(
    user_routines: Path, capsys: pytest.CaptureFixture[str]
):
    path = user_routines / "big.toml"
    routine(HUGE)(path)
    assert main(["routines", "check", str(path)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 51
    assert lines[-2] == f'{path}: step 49 "s48": sets must be at most 50, got 1000'
    assert lines[-1] == f"{path}: checking stopped at step 50 after 50 problems; fix these first"


# -- the modes of what coach creates ----------------------------------------------------------


@pytest.fixture
def open_umask() -> Iterator[None]:
    old = os.umask(0)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_every_file_and_folder_coach_creates_is_private_under_an_open_umask(
    tmp_path: Path, open_umask: None, capsys: pytest.CaptureFixture[str]
):
    config_dir = tmp_path / "xdg-config" / "coach"
    assert main(["config", "init"]) == 0
    assert main(["config", "init", "--force"]) == 0
    assert main(["routines", "new", "mine"]) == 0
    assert main(["routines", "new", "theirs", "--from", "desk-break"]) == 0
    capsys.readouterr()
    assert {
        str(path.relative_to(tmp_path)): oct(mode(path))
        for path in [
            tmp_path / "xdg-config",
            config_dir,
            config_dir / "config.toml",
            config_dir / "config.toml.bak",
            config_dir / "routines",
            config_dir / "routines" / "mine.toml",
            config_dir / "routines" / "theirs.toml",
        ]
    } == {
        "xdg-config": "0o700",
        "xdg-config/coach": "0o700",
        "xdg-config/coach/config.toml": "0o600",
        "xdg-config/coach/config.toml.bak": "0o600",
        "xdg-config/coach/routines": "0o700",
        "xdg-config/coach/routines/mine.toml": "0o600",
        "xdg-config/coach/routines/theirs.toml": "0o600",
    }
    assert sorted(os.listdir(config_dir / "routines")) == ["mine.toml", "theirs.toml"]
    assert main(["routines", "check"]) == 0


def test_the_break_lock_is_private_under_an_open_umask(tmp_path: Path, open_umask: None):
    from coach.system.lock import BreakLock, lock_path_for

    lock = BreakLock(lock_path_for(tmp_path / "coach.db"))
    assert lock.acquire()
    lock.release()
    assert mode(lock.path) == 0o600


def test_routines_new_never_overwrites_a_file_made_meanwhile(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    folder = tmp_path / "xdg-config" / "coach" / "routines"
    assert main(["routines", "new", "mine"]) == 0
    assert main(["routines", "new", "mine"]) == 2
    assert capsys.readouterr().err.endswith("already exists; edit it, or choose another name\n")
    assert os.listdir(folder) == ["mine.toml"]


def test_routines_new_drops_control_characters_from_the_name(
    capsys: pytest.CaptureFixture[str],
):
    assert main(["routines", "new", "Hips\x1b]0;owned\x07"]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert main(["routines", "check", str(path)]) == 0
    assert 'name = "Hips]0;owned"' in path.read_text(encoding="utf-8")
