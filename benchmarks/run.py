"""Every benchmark in one command: ``python benchmarks/run.py [--quick] [--only NAME…]``.

Each figure is printed next to a baseline measured in the same run on the same machine (a bare
Textual app, ``python -c pass``, the routine's own plan), so the ratios hold on a noisy machine.
Start-up and memory are the median of several interleaved runs; idle CPU and countdown accuracy
are one 60-second window each (``--quick``: 10 s and a 12-second routine, for iteration).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time as timer
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CACHE = HERE / ".cache"
PYTHON = sys.executable
LAUNCH = [PYTHON, str(HERE / "launch.py")]
SIZE = (100, 30)
DAY_STARTS_AT = time(4, 0)


@dataclass
class Row:
    what: str
    figure: str
    baseline: str
    ratio: float | None
    target: str
    ok: bool | None
    """None: not measurable yet (the reason is in ``figure``)."""


def child_env(home: Path, **extra: str) -> dict[str, str]:
    """A hermetic environment: temp config and data, this checkout's coach first on the path."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TEXTUAL", "COACH_", "TMUX", "PYTHONPATH", "PYTHONDONTWRITE"))
    }
    env.update(
        TERM="xterm-256color",
        COLORTERM="truecolor",
        PYTHONPATH=str(ROOT),
        # bytecode, as an installed coach has (pip compiles it), kept out of the source tree
        PYTHONPYCACHEPREFIX=str(CACHE / "pycache"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(home / "cache"),
        COACH_CONFIG=str(home / "config.toml"),
        COACH_DB=str(home / "coach.db"),
    )
    env.update(extra)
    return env


def log_cache() -> Path:
    """Synthetic logs, kept between runs, per schema version (a new table means a new log)."""
    from coach.store import SCHEMA_VERSION

    cache = CACHE / f"schema-{SCHEMA_VERSION}"
    cache.mkdir(parents=True, exist_ok=True)
    return cache


def history_log(years: float = 10) -> Path:
    """A log of ``years`` from issue 4's ``make_history.py`` (through the store's API)."""
    from bench_habits import log_for

    return log_for(years, log_cache(), seed=1).path


def fresh_home(log: Path | None) -> Path:
    """A user who has used coach before: a settings file, and the one-time notice seen."""
    from coach.core.vocabulary import StateKey
    from coach.store import Store

    home = Path(tempfile.mkdtemp(prefix="coach-bench-"))
    (home / "config.toml").write_text("[player]\nsound = true\n")
    if log is not None:
        shutil.copyfile(log, home / "coach.db")
        store = Store.open(home / "coach.db")  # migrated now, not while being measured
        store.set_state(
            StateKey.MEDICAL_NOTICE_SEEN, "2016-01-01T00:00:00.000Z", now=datetime.now(UTC)
        )
        store.close()
    return home


# -- start-up and memory --------------------------------------------------------------------


def first_frame(program: list[str], env: dict[str, str], marker: Path) -> tuple[float, int]:
    """Seconds from fork to the first frame, and the peak RSS in MiB, of one run."""
    from terminal import run_in_pty

    marker.unlink(missing_ok=True)
    result = run_in_pty([*LAUNCH, "--first-frame", str(marker), *program], env, size=SIZE)
    if result.returncode != 0 or not marker.exists():
        tail = result.output[-600:].decode(errors="replace")
        raise RuntimeError(f"{program} failed ({result.returncode}): {tail}")
    return float(marker.read_text()) - result.started, result.max_rss_kib


def bench_startup(runs: int) -> list[Row]:
    home = fresh_home(history_log())
    env = child_env(home)
    marker = home / "frame"
    coach = ["--screen", "HomeScreen", "coach"]
    bare = ["--screen", "Screen", "bare"]
    first_frame(coach, env, marker)  # warm the page cache and the bytecode
    first_frame(bare, env, marker)
    times: dict[str, list[float]] = {"coach": [], "bare": []}
    rss: dict[str, list[int]] = {"coach": [], "bare": []}
    for _ in range(runs):
        for name, program in (("bare", bare), ("coach", coach)):
            seconds, peak = first_frame(program, env, marker)
            times[name].append(seconds)
            rss[name].append(peak)
    shutil.rmtree(home)
    t_coach, t_bare = statistics.median(times["coach"]), statistics.median(times["bare"])
    m_coach, m_bare = statistics.median(rss["coach"]), statistics.median(rss["bare"])
    return [
        Row(
            "start → first frame of home, 10-year log",
            f"{t_coach * 1000:.0f} ms",
            f"{t_bare * 1000:.0f} ms bare Textual app",
            t_coach / t_bare,
            "≤ 1.2×",
            t_coach / t_bare <= 1.2,
        ),
        Row(
            "peak RSS of the same",
            f"{m_coach / 1024:.1f} MiB",
            f"{m_bare / 1024:.1f} MiB bare Textual app",
            m_coach / m_bare,
            "≤ 1.2×",
            m_coach / m_bare <= 1.2,
        ),
    ]


# -- coach status ---------------------------------------------------------------------------


def bench_status(runs: int) -> list[Row]:
    from coach.cli.parser import build_parser

    what = "`coach status`, 10-year log"
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    if "status" not in commands:
        return [
            Row(
                what,
                "not yet measurable: `coach status` has not landed (issue 3)",
                "python -c pass",
                None,
                "≤ 3×",
                None,
            )
        ]
    home = fresh_home(history_log())
    env = child_env(home)

    def wall(argv: list[str]) -> float:
        started = timer.perf_counter()
        subprocess.run(argv, env=env, check=True, capture_output=True, cwd=home)
        return timer.perf_counter() - started

    status = [PYTHON, "-m", "coach", "status"]
    floor = [PYTHON, "-c", "pass"]
    wall(status), wall(floor)
    t_status = statistics.median(wall(status) for _ in range(runs))
    t_floor = statistics.median(wall(floor) for _ in range(runs))
    shutil.rmtree(home)
    ratio = t_status / t_floor
    return [
        Row(
            what,
            f"{t_status * 1000:.0f} ms",
            f"{t_floor * 1000:.0f} ms python -c pass",
            ratio,
            "≤ 3×",
            ratio <= 3,
        )
    ]


# -- habit stats ----------------------------------------------------------------------------


def bench_habits(runs: int) -> list[Row]:
    """Issue 4's habit benchmark (``bench_habits.py``), reused: 10 years against 1 year."""
    from bench_habits import STATS, TARGET_MS, log_for, measure, scenarios

    from coach.core.habits import HabitRules
    from coach.store import Store

    medians: dict[float, float] = {}
    for years in (1, 10):
        log = log_for(years, log_cache(), seed=1)
        store = Store.open(log.path, day_starts_at=DAY_STARTS_AT)
        try:
            work = scenarios(store, HabitRules(day_starts_at=DAY_STARTS_AT))[STATS]
            medians[years] = measure(work, runs)[1]
        finally:
            store.close()
    big, base = medians[10], medians[1]
    return [
        Row(
            "stats for every habit over 10 years",
            f"{big:.1f} ms",
            f"{base:.1f} ms over 1 year",
            big / base,
            f"≤ {TARGET_MS:g} ms",
            big <= TARGET_MS,
        )
    ]


# -- idle CPU and countdown accuracy (long, run side by side) ---------------------------------

COUNTING_DOWN = """
[breaks]
work_hours = "00:00-24:00"
work_days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
interval_minutes = 30
"""

ACCURACY_ROUTINE = """
name = "Accuracy"
[[steps]]
name = "One"
duration = {hold}
[[steps]]
name = "Two"
duration = {hold}
[[steps]]
name = "Three"
duration = {hold}
[[steps]]
name = "Four"
duration = {hold}
"""


def bench_long(quick: bool) -> list[Row]:
    from terminal import TmuxPane, cpu_seconds

    window = 10.0 if quick else 60.0
    settle = 3.0
    get_ready, hold = (1, 2) if quick else (3, 12)
    planned = 4 * (get_ready + hold)
    stall_at, stall = planned / 2, 2.0

    log = history_log()
    idle_home, bare_home, run_home = fresh_home(log), fresh_home(None), fresh_home(log)
    (idle_home / "config.toml").write_text(COUNTING_DOWN)  # a break always a while away
    (run_home / "config.toml").write_text(f"[player]\nget_ready_seconds = {get_ready}\n")
    routine = run_home / "accuracy.toml"
    routine.write_text(ACCURACY_ROUTINE.format(hold=hold))
    report = run_home / "report.json"
    accuracy_argv = [
        *LAUNCH, "--screen", "PlayerScreen", "--stall-at", str(stall_at), "--stall", str(stall),
        "--routine-report", str(report), "coach", "run", str(routine),
    ]  # fmt: skip
    with (
        TmuxPane([PYTHON, "-m", "coach"], child_env(idle_home), size=SIZE) as coach,
        TmuxPane([PYTHON, str(HERE / "bare_app.py")], child_env(bare_home), size=SIZE) as bare,
        TmuxPane(accuracy_argv, child_env(run_home), size=SIZE) as accuracy,
    ):
        timer.sleep(settle)
        home_screen = coach.screen()
        before = {pane.pid: cpu_seconds(pane.pid) for pane in (coach, bare)}
        started = timer.monotonic()
        timer.sleep(window)
        elapsed = timer.monotonic() - started
        used = {pid: cpu_seconds(pid) - cpu for pid, cpu in before.items()}
        deadline = timer.monotonic() + planned + 30
        while not report.exists() and timer.monotonic() < deadline:
            timer.sleep(0.2)
        screen = accuracy.screen()
    cpu_coach = used[coach.pid] / elapsed * 100
    cpu_bare = used[bare.pid] / elapsed * 100
    rows = [
        Row(
            f"CPU idle on home, tmux {SIZE[0]}×{SIZE[1]}, {window:.0f} s"
            + (
                ", counting down to a break"
                if "Next break in" in home_screen
                else " (NO countdown)"
            ),
            f"{cpu_coach:.2f} % of a core",
            f"{cpu_bare:.2f} % bare Textual app",
            cpu_coach / cpu_bare if cpu_bare else None,
            "≤ 0.3 % of a core",
            cpu_coach <= 0.3,
        )
    ]
    if not report.exists():
        raise RuntimeError(f"the accuracy run did not finish:\n{screen}")
    result = json.loads(report.read_text())
    stalled = result.get("stall_ended", 0) - result.get("stall_started", 0)
    if not result["started"] < result.get("stall_started", -1) < result["declared_over"]:
        raise RuntimeError(f"the loop was not stalled during the routine: {result}")
    actual = result["declared_over"] - result["started"]
    late = actual - result["planned_seconds"]
    rows.append(
        Row(
            f"countdown: {planned:.0f} s routine of 4 steps, loop stalled {stalled:.1f} s mid-way",
            f"ended after {actual:.2f} s ({late:+.2f} s)",
            f"{result['planned_seconds']:.2f} s planned",
            actual / result["planned_seconds"],
            "within 0.1 s",
            abs(late) <= 0.1 and result["completed"],
        )
    )
    for home in (idle_home, bare_home, run_home):
        shutil.rmtree(home)
    return rows


# -- export memory --------------------------------------------------------------------------


def bench_export(runs: int) -> list[Row]:
    """``export_memory.py``: peak RSS of ``coach export``, ``import`` and ``merge``, 30 years.

    Run as a process of its own: a child's peak RSS is never below that of the process that
    forked it, and this one has grown by now (the habit stats ran in it)."""
    found = subprocess.run(
        [PYTHON, str(HERE / "export_memory.py"), "--runs", str(runs), "--json"],
        check=True,
        capture_output=True,
        text=True,
    )
    return [Row(**row) for row in json.loads(found.stdout)]


# -- the table ------------------------------------------------------------------------------

BENCHES: dict[str, Callable[[argparse.Namespace], list[Row]]] = {
    "startup": lambda o: bench_startup(5 if o.quick else 9),
    "status": lambda o: bench_status(5 if o.quick else 15),
    "habits": lambda o: bench_habits(10 if o.quick else 40),
    "long": lambda o: bench_long(o.quick),
    "export": lambda o: bench_export(3),
}


def table(rows: list[Row], *, markdown: bool) -> str:
    header = ("what", "figure", "baseline", "ratio", "target", "result")
    cells = [
        (
            row.what,
            row.figure,
            row.baseline,
            "" if row.ratio is None else f"{row.ratio:.2f}×",
            row.target,
            {True: "pass", False: "FAIL", None: "—"}[row.ok],
        )
        for row in rows
    ]
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(cell) + " |" for cell in cells]
        return "\n".join(lines)
    widths = [max(len(r[i]) for r in [header, *cells]) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(r)).rstrip()
        for r in [header, *cells]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short windows, fewer runs")
    parser.add_argument("--only", nargs="+", choices=sorted(BENCHES), help="run only these")
    parser.add_argument("--markdown", action="store_true", help="print the table as markdown")
    options = parser.parse_args()
    sys.path[:0] = [str(HERE), str(ROOT)]
    rows: list[Row] = []
    for name in options.only or BENCHES:
        print(f"running {name} …", file=sys.stderr)
        rows += BENCHES[name](options)
    print(table(rows, markdown=options.markdown))
    print(
        f"\n{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}, Python "
        f"{sys.version.split()[0]}; {'quick' if options.quick else 'full'} run"
    )
    return 0 if all(row.ok is not False for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
