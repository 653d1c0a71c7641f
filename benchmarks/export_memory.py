"""Peak memory of ``coach export``, ``coach import`` and ``coach merge`` on 1- and 30-year logs.

    python benchmarks/export_memory.py [--runs 3]     (or: python benchmarks/run.py --only export)

Each export runs as its own ``python -m coach export`` process, from bytecode, on a private copy
of the log; its peak RSS is the kernel's figure for that child alone (``os.wait4``'s rusage, what
``getrusage(RUSAGE_CHILDREN)`` would sum). Exports stream row by row, so 30 years should cost
about what one year does: the target is ≤ 1.2× the 1-year figure and ≤ 100 MiB.

Imports and merges stream too (issue 17): the 30-year JSON export imported into an empty log and
into a copy of the 1-year log, and the 30-year log merged into a copy of the 1-year log, each on a
fresh target every run; the target is ≤ 100 MiB.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from run import PYTHON, Row, child_env, fresh_home, log_cache, table  # noqa: E402

YEARS = (1, 30)
FORMATS = ("json", "csv")
MAX_RATIO = 1.2
MAX_MIB = 100.0


SPAWNER = r"""
import json, os, subprocess, sys

def rss_kib():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))

for line in sys.stdin:
    job = json.loads(line)
    child = subprocess.Popen(job["argv"], env=job["env"], cwd=job["cwd"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(child.pid, 0)
    errors = child.stderr.read().decode(errors="replace")
    child.stderr.close()
    answer = {"code": os.waitstatus_to_exitcode(status), "peak_kib": usage.ru_maxrss,
              "spawner_kib": rss_kib(), "errors": errors[-600:]}
    print(json.dumps(answer), flush=True)
"""
"""A small process that starts each measured command and reports its ``ru_maxrss``.

A forked child starts with its parent's resident pages counted, and Linux keeps that high-water
mark across exec: a child's ``ru_maxrss`` is never below the size of the process that forked it.
This benchmark's own process grows (it prepares 1- and 30-year logs), so the commands are forked
by this small one instead, and a figure no bigger than the spawner itself is refused."""

_spawner: subprocess.Popen[str] | None = None


def peak_rss_mib(argv: list[str], env: dict[str, str], cwd: Path) -> float:
    """Run ``argv`` to the end; its own peak resident set, in MiB (see :data:`SPAWNER`)."""
    global _spawner
    if _spawner is None:
        _spawner = subprocess.Popen(
            [sys.executable, "-c", SPAWNER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
    assert _spawner.stdin is not None and _spawner.stdout is not None
    _spawner.stdin.write(json.dumps({"argv": argv, "env": env, "cwd": str(cwd)}) + "\n")
    _spawner.stdin.flush()
    answer = json.loads(_spawner.stdout.readline())
    if answer["code"] != 0:
        raise RuntimeError(f"{argv} failed ({answer['code']}): {answer['errors']}")
    peak, floor = answer["peak_kib"] / 1024, answer["spawner_kib"] / 1024  # KiB on Linux
    if peak <= floor + 1:
        raise RuntimeError(
            f"{argv[2:4]}: peak {peak:.1f} MiB is no more than the spawner's own {floor:.1f} MiB"
        )
    return peak


IMPORTS = ("import-empty", "import-1y", "merge-1y")
"""What goes into what: the 30-year export into an empty log or the 1-year log; the 30-year .db
into the 1-year log."""


def _into(kind: str, homes: dict[int, Path], target: Path) -> list[str]:
    """A fresh target home at ``target`` for ``kind``; the argv that imports or merges into it."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir()
    (target / "config.toml").write_text((homes[1] / "config.toml").read_text())
    if kind != "import-empty":
        shutil.copyfile(homes[1] / "coach.db", target / "coach.db")
    if kind.startswith("import"):
        return [PYTHON, "-m", "coach", "import", str(homes[YEARS[-1]] / "export.json")]
    return [PYTHON, "-m", "coach", "merge", str(homes[YEARS[-1]] / "coach.db")]


def measure(runs: int) -> dict[tuple[str, int], float]:
    """Median peak RSS (MiB) per (format or import kind, years), runs interleaved so load hits
    all alike."""
    from bench_habits import log_for

    homes = {years: fresh_home(log_for(years, log_cache(), seed=1).path) for years in YEARS}
    peaks: dict[tuple[str, int], list[float]] = {(f, y): [] for f in FORMATS for y in YEARS}
    peaks.update({(kind, YEARS[-1]): [] for kind in IMPORTS})
    scratch = homes[1].parent / f"{homes[1].name}-into"
    try:
        for attempt in range(runs + 1):  # the first round warms the page cache and bytecode
            for (fmt, years), found in peaks.items():
                if fmt in IMPORTS:  # after the exports: the 30-year export.json is written
                    argv = _into(fmt, homes, scratch)
                    peak = peak_rss_mib(argv, child_env(scratch), scratch)
                else:
                    home = homes[years]
                    out = home / ("export.json" if fmt == "json" else "csv")
                    argv = [PYTHON, "-m", "coach", "export", "--format", fmt, "--out", str(out)]
                    argv.append("--force")  # the same path every round
                    peak = peak_rss_mib(argv, child_env(home), home)
                if attempt:
                    found.append(peak)
    finally:
        for home in [*homes.values(), scratch]:
            shutil.rmtree(home, ignore_errors=True)
    return {key: statistics.median(found) for key, found in peaks.items()}


IMPORT_TEXT = {
    "import-empty": "peak RSS of `coach import` of the 30-year JSON export into an empty log",
    "import-1y": "peak RSS of `coach import` of the 30-year JSON export into a 1-year log",
    "merge-1y": "peak RSS of `coach merge` of the 30-year .db into a 1-year log",
}


def bench_export_memory(runs: int) -> list[Row]:
    medians = measure(runs)
    rows = []
    for fmt in FORMATS:
        big, base = medians[(fmt, YEARS[-1])], medians[(fmt, YEARS[0])]
        rows.append(
            Row(
                f"peak RSS of `coach export --format {fmt}`, 30-year log",
                f"{big:.1f} MiB",
                f"{base:.1f} MiB on a 1-year log",
                big / base,
                f"≤ {MAX_RATIO:g}× and ≤ {MAX_MIB:.0f} MiB",
                big / base <= MAX_RATIO and big <= MAX_MIB,
            )
        )
    base = medians[("json", YEARS[0])]
    for kind in IMPORTS:
        peak = medians[(kind, YEARS[-1])]
        rows.append(
            Row(
                IMPORT_TEXT[kind],
                f"{peak:.1f} MiB",
                f"{base:.1f} MiB: `coach export --format json`, 1-year log",
                peak / base,
                f"≤ {MAX_MIB:.0f} MiB",
                peak <= MAX_MIB,
            )
        )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs", type=int, default=3, help="runs per export, import and merge (median)"
    )
    parser.add_argument("--json", action="store_true", help="the rows as JSON, for run.py")
    options = parser.parse_args()
    rows = bench_export_memory(options.runs)
    if options.json:
        import dataclasses
        import json

        print(json.dumps([dataclasses.asdict(row) for row in rows]))
    else:
        print(table(rows, markdown=False))
    return 0 if all(row.ok for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
