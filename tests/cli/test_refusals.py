"""Every command, start-up included, on a log that will not take a write or is damaged.

The class, not the cases found: each command the parser knows (enumerated from it, so a new one
cannot be forgotten) runs as the real ``coach`` in its own process against a log that refuses
in each way a machine refuses, and must either do its job or say why in one line naming the
file, exit 2, never print a traceback, and leave every recorded row as it was.

The refusals are real, not mocked: a read-only file and folder (as root, the child runs without
the capability that lets root write anyway), a disk with no byte left (the child's file size
limit is 0, so every write to every file fails, as on a full disk), another coach holding the
write lock (with ``$COACH_BUSY_SECONDS`` short), and bytes overwritten in the middle of the
file, both before the day's whole-file check and after it.

The app commands run headless for a moment (``CoachApp.run`` is swapped, in the child only, for
a short headless run that reports what the screen said), and ``serve`` gets a stand-in server.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import ctypes
import json
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from coach.cli.parser import build_parser
from coach.core.vocabulary import StateKey
from coach.services import portability
from coach.store import Store, remember_checked
from tests.demo_log import write_demo_log

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow  # 135 real processes, side by side: about a minute
BERLIN = ZoneInfo("Europe/Berlin")
KINDS = ("read-only", "disk-full", "busy", "damaged", "damaged-after-check")
PAGE = 4096
TIMEOUT_SECONDS = 60
CAP_DAC_OVERRIDE = 1
PR_CAPBSET_DROP = 24

# -- every command ------------------------------------------------------------------------

EXAMPLES: dict[tuple[str, ...], list[list[str]]] = {
    (): [[]],
    ("run",): [["run", "desk-break"]],
    ("routines",): [["routines"]],
    ("routines", "new"): [["routines", "new", "my-hips"]],
    ("routines", "check"): [["routines", "check"]],
    ("exercises",): [["exercises"]],
    ("exercises", "show"): [["exercises", "show", "cat-cow"]],
    ("config", "path"): [["config", "path"]],
    ("config", "show"): [["config", "show"]],
    ("config", "init"): [["config", "init", "--force"]],
    ("backup",): [["backup"], ["backup", "{home}/backup.db"]],
    ("export",): [
        ["export"],
        ["export", "--out", "{home}/export.json"],
        ["export", "--format", "csv", "--out", "{home}/csv"],
    ],
    ("import",): [["import", "{home}/other.json"]],
    ("merge",): [["merge", "{home}/other.db"]],
    ("sync",): [["sync", "{home}/share"]],
    ("log",): [["log", "desk-break", "--at", "1h ago"]],
    ("datasette-metadata",): [["datasette-metadata"]],
    ("setup",): [["setup"]],
    ("serve",): [["serve", "--port", "8765"]],
    ("break", "done"): [["break", "done"]],
    ("break", "snooze"): [["break", "snooze"]],
    ("break", "skip"): [["break", "skip"]],
    ("break", "now"): [["break", "now"]],
    ("break", "ask"): [["break", "ask"]],
    ("keeper",): [["keeper", "--once"]],
    ("keeper", "install"): [["keeper", "install"]],
    ("keeper", "uninstall"): [["keeper", "uninstall"]],
    ("status",): [["status"], ["status", "--format", "json"]],
    ("history",): [["history"], ["history", "--format", "json"]],
    ("doctor",): [["doctor"], ["doctor", "--format", "json"]],
    ("completion", "bash"): [["completion", "bash"]],
    ("completion", "zsh"): [["completion", "zsh"]],
    ("completion", "fish"): [["completion", "fish"]],
}
"""An argument list for every command the parser knows (``{home}``: the test's folder)."""


def command_paths(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> set[tuple]:
    """Every command: each sub-command, and each choice of a positional that picks the action."""
    paths: set[tuple[str, ...]] = set()
    subcommands = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    choosers = [
        a
        for a in parser._actions
        if not a.option_strings and a.choices and not isinstance(a, argparse._SubParsersAction)
    ]
    if choosers:
        for choice in choosers[0].choices:
            paths.add((*prefix, choice))
    elif not subcommands or not subcommands[0].required:
        paths.add(prefix)
    for action in subcommands:
        for name, sub in action.choices.items():
            paths |= command_paths(sub, (*prefix, name))
    return paths


def test_every_command_has_an_example():
    assert command_paths(build_parser()) == set(EXAMPLES)


CASES = [argv for examples in EXAMPLES.values() for argv in examples]

# -- the child: the real coach, its app headless for a moment -----------------------------

CHILD = r"""
import importlib.abc, importlib.util, json, sys, types

class AppHook(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name != "coach.ui.app":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        load = spec.loader.exec_module

        def exec_module(module):
            load(module)
            real_run = module.CoachApp.run

            def run(app, **_):
                async def look(pilot):
                    await pilot.pause()
                    await pilot.pause(0.3)
                    said = [f"{n.title}: {n.message}" for n in app._notifications]
                    print("APP " + json.dumps(said), flush=True)
                    app.exit()

                return real_run(app, headless=True, size=(80, 24), auto_pilot=look)

            module.CoachApp.run = run

        spec.loader.exec_module = exec_module
        return spec

sys.meta_path.insert(0, AppHook())
server = types.ModuleType("textual_serve.server")
server.Server = type(
    "Server", (), {"__init__": lambda self, *a, **k: None, "serve": lambda self: None}
)
sys.modules["textual_serve"] = types.ModuleType("textual_serve")
sys.modules["textual_serve.server"] = server
from coach.cli import main
sys.exit(main(sys.argv[1:]))
"""


@dataclass
class Home:
    """A person's coach: settings, a log with a crash behind it and a prompt waiting, a copy
    of another machine's log and its export (for merge and import)."""

    root: Path
    log: Path
    marker: Path

    def env(self) -> dict[str, str]:
        keep = {k: v for k, v in os.environ.items() if not k.startswith(("COACH_", "TMUX"))}
        return {
            **keep,
            "PYTHONPATH": str(ROOT),
            "PYTHONDONTWRITEBYTECODE": "1",
            "TZ": str(BERLIN),
            "XDG_CONFIG_HOME": str(self.root / "config"),
            "XDG_DATA_HOME": str(self.root / "data"),
            "XDG_STATE_HOME": str(self.root / "state"),
            "XDG_CACHE_HOME": str(self.root / "cache"),
            "COACH_CONFIG": str(self.root / "config.toml"),
            "COACH_DB": str(self.log),
            "COACH_BUSY_SECONDS": "0.2",
        }


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def make_home(root: Path) -> Home:
    now = datetime.now().astimezone()
    (root / "log").mkdir(parents=True)
    (root / "config.toml").write_text("[player]\nsound = false\n", encoding="utf-8")
    log = root / "log" / "coach.db"
    store = Store.open(log)
    write_demo_log(store, now)
    store.set_state(StateKey.MEDICAL_NOTICE_SEEN, "2026-01-01T00:00:00.000Z", now=now)
    store.add_break_prompt(due_at=now - timedelta(minutes=1), prompted_at=now)
    other = root / "other.db"
    store.backup_to(other)
    abandoned = store.start_session(
        routine_id="morning-mobility",
        routine_name="Morning mobility",
        tags=("morning",),
        planned_seconds=600,
        now=now - timedelta(hours=1),
    )
    store.close()
    with sqlite3.connect(log) as conn:  # the coach that was playing it was killed
        conn.execute("UPDATE sessions SET pid = ? WHERE id = ?", [dead_pid(), abandoned])
    conn.close()
    elsewhere = Store.open(other)  # the laptop's log has a break this one lacks
    elsewhere.log_break(outcome="self", at=now - timedelta(hours=2))
    (root / "other.json").write_text(portability.export_json(elsewhere), encoding="utf-8")
    elsewhere.close()
    for name in ("config", "data", "state"):
        (root / name).mkdir()
    return Home(root, log, root / "state" / "coach" / "log-checked.json")


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Home:
    return make_home(tmp_path_factory.mktemp("pristine"))


def recorded(log: Path) -> dict[str, list[str]]:
    """Every row of every table, as text (read-only; WAL contents included)."""
    conn = sqlite3.connect(f"file:{log}?mode=ro", uri=True)
    try:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: sorted(map(repr, conn.execute(f"SELECT * FROM [{t}]"))) for t in tables}
    finally:
        conn.close()


# -- the refusals ---------------------------------------------------------------------------


def _no_root_override() -> None:
    """In the child, before exec: root without CAP_DAC_OVERRIDE is held to file modes."""
    if os.geteuid() == 0:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _full_disk() -> None:
    """In the child, before exec: no file may grow by a byte (SIGXFSZ ignored: EFBIG instead)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))


@dataclass
class Refusal:
    home: Home
    kind: str
    before: dict[str, list[str]]
    preexec: Callable[[], None] | None = None
    holder: sqlite3.Connection | None = None
    scribbled: tuple[int, bytes, bytes] | None = None
    """Where the damage is, the bytes that were there, and the garbage written over them."""

    @classmethod
    def make(cls, kind: str, home: Home) -> Refusal:
        refusal = cls(home, kind, recorded(home.log))
        if kind == "read-only":
            home.log.chmod(0o444)
            home.log.parent.chmod(0o555)
            refusal.preexec = _no_root_override
        elif kind == "disk-full":
            refusal.preexec = _full_disk
        elif kind == "busy":
            refusal.holder = sqlite3.connect(home.log, isolation_level=None)
            refusal.holder.execute("BEGIN IMMEDIATE")  # another coach, mid-write
        else:
            if kind == "damaged-after-check":  # the day's check passed before the damage
                remember_checked(home.marker, home.log, datetime.now(BERLIN).date())
            data = bytearray(home.log.read_bytes())
            at = (len(data) // PAGE // 2) * PAGE
            garbage = bytes([7, 0, 255, 19]) * (PAGE // 2)
            refusal.scribbled = (at, bytes(data[at : at + len(garbage)]), garbage)
            data[at : at + len(garbage)] = garbage
            home.log.write_bytes(bytes(data))
        return refusal

    def end(self) -> None:
        if self.holder is not None:
            self.holder.rollback()
            self.holder.close()
        if self.kind == "read-only":
            self.home.log.parent.chmod(0o755)
            self.home.log.chmod(0o644)

    def undamaged(self) -> bool:
        """Put the scribbled bytes back; False if coach wrote over them meanwhile."""
        assert self.scribbled is not None
        at, original, garbage = self.scribbled
        data = bytearray(self.home.log.read_bytes())
        if bytes(data[at : at + len(garbage)]) != garbage:
            return False
        data[at : at + len(garbage)] = original
        self.home.log.write_bytes(bytes(data))
        return True


@dataclass
class Outcome:
    argv: list[str]
    code: int
    out: str
    err: str
    refusal: Refusal


def run_coach(argv: list[str], refusal: Refusal) -> Outcome:
    home = refusal.home
    args = [a.replace("{home}", str(home.root)) for a in argv]
    try:
        result = subprocess.run(
            [sys.executable, "-c", CHILD, *args],
            env=home.env(),
            cwd=home.root,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            preexec_fn=refusal.preexec,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired as hung:  # a command that hangs fails like one that crashes
        return Outcome(argv, -1, str(hung.stdout or ""), f"hung for {TIMEOUT_SECONDS} s", refusal)
    return Outcome(argv, result.returncode, result.stdout, result.stderr, refusal)


@pytest.fixture(scope="module")
def outcomes(
    pristine: Home, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[tuple[str, str], Outcome]]:
    """Every command under every refusal, each on its own copy of the home, run side by side
    (the busy ones all wait at once)."""
    refusals: list[tuple[list[str], Refusal]] = []
    for kind in KINDS:
        for argv in CASES:
            root = tmp_path_factory.mktemp(kind)
            shutil.copytree(pristine.root, root, dirs_exist_ok=True)
            home = Home(
                root, root / "log" / "coach.db", root / "state" / "coach" / "log-checked.json"
            )
            refusals.append((argv, Refusal.make(kind, home)))
    with concurrent.futures.ThreadPoolExecutor(max_workers=6) as pool:
        done = list(pool.map(lambda case: run_coach(*case), refusals))
    for _, refusal in refusals:
        refusal.end()
    yield {(o.refusal.kind, " ".join(o.argv)): o for o in done}


@pytest.mark.parametrize(
    ("kind", "argv"),
    [pytest.param(k, argv, id=f"{k}-{' '.join(argv) or 'coach'}") for k in KINDS for argv in CASES],
)
def test_a_refusing_log_is_one_line_and_loses_nothing(kind: str, argv: list[str], outcomes):
    outcome = outcomes[(kind, " ".join(argv))]
    refusal, home = outcome.refusal, outcome.refusal.home
    shown = f"exit {outcome.code}\nstdout: {outcome.out[-2000:]}\nstderr: {outcome.err[-3000:]}"
    if "Traceback" in outcome.out + outcome.err:  # said whole, not cut by pytest's diff
        pytest.fail(f"a traceback escaped:\n{shown}", pytrace=False)
    lines = outcome.err.splitlines()
    app_said = [json.loads(line[4:]) for line in outcome.out.splitlines() if line[:4] == "APP "]
    if argv[:1] == ["doctor"]:  # a report, not a command that fails: ✗ lines and exit 1
        assert outcome.code in (0, 1) and not lines, shown
        if kind.startswith("damaged"):
            assert outcome.code == 1, shown
            said = outcome.out if argv == ["doctor"] else json.loads(outcome.out)[1]["detail"]
            (line,) = [line for line in said.splitlines() if str(home.log) in line]
            assert argv != ["doctor"] or line.startswith(f"✗ log: {home.log}: "), shown
    elif outcome.code == 0:
        assert len(lines) <= 1, shown
    elif outcome.code == 1 and app_said:  # the app ran; rows it could not save are named
        assert len(lines) == 1 and lines[0].startswith(f"coach: not saved to {home.log}: "), shown
    else:
        assert outcome.code == 2, shown
        assert len(lines) == 1 and lines[0].startswith("coach: "), shown
        assert str(home.root) in lines[0], f"the line names no file: {shown}"
    if app_said and kind == "read-only":  # closing the crashed session was refused: said on screen
        assert any("was not saved" in note for note in app_said[0]), shown

    if refusal.scribbled is not None:
        assert refusal.undamaged(), f"coach wrote over the damaged bytes: {shown}"
        after = recorded(home.log)
        if outcome.code != 0 and not app_said:  # refused before it began: nothing written
            assert after == refusal.before, shown
        # The app ran: SQLite finds damage only on the pages it reads, so what it wrote to sound
        # pages before that (the break state, a break row) is kept; nothing before is lost.
        for table, rows in refusal.before.items():
            assert len(after[table]) >= len(rows), f"{table} lost rows: {shown}"
    else:
        assert recorded(home.log) == refusal.before, shown
