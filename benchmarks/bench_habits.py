"""How long every habit's stats take over ten years of log, against one year, in the same run.

    python benchmarks/bench_habits.py            # 10 years against 1 year, target 15 ms

"Stats" is what the history screen and ``coach history`` compute on opening: the three queries
(sessions' days grouped per tag list, marked days, breaks summed per day) and every habit's
current and best streak, strength, rates and misses; the screen also builds a 52-week heatmap
and breaks by week, the command renders its text. Logs come from make_history.py (through the
store's API) and are kept in --cache so a second run starts at once.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import tempfile
import time as timer
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_history import DAY_STARTS_AT, make_history  # noqa: E402

from coach.core.habit_day import HabitId  # noqa: E402
from coach.core.habits import HabitRules  # noqa: E402
from coach.services.history import load_history  # noqa: E402
from coach.store import Store  # noqa: E402
from coach.text.report import history_text  # noqa: E402

TARGET_MS = 15.0
STATS = "every habit's stats"
END = date(2026, 11, 26)
TODAY = END - timedelta(days=1)


@dataclass
class Log:
    years: float
    path: Path
    counts: dict[str, int]


def log_for(years: float, cache: Path, seed: int) -> Log:
    """A synthetic log of ``years`` (made once, then reused from ``cache``)."""
    path = cache / f"coach-{years:g}y-seed{seed}.db"
    sidecar = path.with_suffix(".json")
    if not (path.exists() and sidecar.exists()):
        for stale in (path, sidecar, Path(f"{path}-wal"), Path(f"{path}-shm")):
            stale.unlink(missing_ok=True)
        began = timer.perf_counter()
        writer = make_history(path, years, seed, END)
        counts = {
            "sessions": writer.sessions,
            "steps": writer.steps,
            "breaks": writer.breaks,
            "marks": writer.marks,
        }
        sidecar.write_text(json.dumps(counts))
        print(f"  wrote {path.name} in {timer.perf_counter() - began:.1f} s", flush=True)
    return Log(years, path, json.loads(sidecar.read_text()))


def measure(work: Callable[[], object], runs: int) -> tuple[float, float]:
    """(min, median) milliseconds over ``runs`` after two warm-ups, GC paused as a profiler
    would not."""
    for _ in range(2):
        work()
    times = []
    gc.disable()
    try:
        for _ in range(runs):
            began = timer.perf_counter()
            work()
            times.append((timer.perf_counter() - began) * 1000)
    finally:
        gc.enable()
    return min(times), statistics.median(times)


def scenarios(store: Store, rules: HabitRules) -> dict[str, Callable[[], object]]:
    def stats() -> object:
        return load_history(store, rules, TODAY)

    def screen() -> object:
        history = load_history(store, rules, TODAY)
        return history.heatmap(HabitId.MORNING, 52), history.weekly_breaks(52)

    def command() -> object:
        return history_text(load_history(store, rules, TODAY))

    def reads() -> object:
        return store.habit_days(rules.day_starts_at), store.day_marks(), store.break_days()

    return {
        STATS: stats,
        "  of which the 3 queries": reads,
        "history screen data": screen,
        "coach history text": command,
    }


def screen_open_ms(path: Path, runs: int) -> tuple[float, float]:
    """Press h on home and wait for the history screen to be drawn, headless at 80×24."""
    import asyncio

    from coach.core.clock import FakeClock
    from coach.services.config import Config
    from coach.services.routines import load_all
    from coach.system.paths import builtin_routines_dir
    from coach.ui.app import CoachApp
    from coach.ui.screens.history import HistoryScreen

    async def once(store: Store) -> float:
        app = CoachApp(
            config=Config(),
            store=store,
            routines=load_all(builtin_routines_dir()),
            clock=FakeClock(datetime.combine(TODAY, time(21, 0)).astimezone()),
        )
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            began = timer.perf_counter()
            app.action_open_history()
            await pilot.pause()
            assert isinstance(app.screen, HistoryScreen)
            return (timer.perf_counter() - began) * 1000

    store = Store.open(path, day_starts_at=DAY_STARTS_AT)
    try:
        times = [asyncio.run(once(store)) for _ in range(runs)]
    finally:
        store.close()
    return min(times), statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=float, default=10, help="the big log (default 10)")
    parser.add_argument("--baseline-years", type=float, default=1, help="the baseline (1)")
    parser.add_argument("--runs", type=int, default=40, help="timed runs each (default 40)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path(tempfile.gettempdir()) / "coach-bench",
        help="where the synthetic logs are kept between runs",
    )
    args = parser.parse_args(argv)
    args.cache.mkdir(parents=True, exist_ok=True)
    rules = HabitRules(day_starts_at=DAY_STARTS_AT)
    logs = [log_for(y, args.cache, args.seed) for y in (args.baseline_years, args.years)]

    results: dict[float, dict[str, tuple[float, float]]] = {}
    for log in logs:
        store = Store.open(log.path, day_starts_at=DAY_STARTS_AT)
        try:
            results[log.years] = {
                name: measure(work, args.runs) for name, work in scenarios(store, rules).items()
            }
        finally:
            store.close()

    for log in logs:
        results[log.years]["history screen, h to drawn"] = screen_open_ms(log.path, 5)

    base, big = logs
    print()
    for log in logs:
        c = log.counts
        print(
            f"{log.years:g} year{'' if log.years == 1 else 's'}: "
            f"{c['sessions']} sessions, {c['steps']} steps, "
            f"{c['breaks']} breaks, {c['marks']} marked days"
        )
    print()
    header = f"{'milliseconds (min / median)':<28}{base.years:>8g} y{big.years:>12g} y   ratio"
    print(header)
    for name in results[base.years]:
        b_min, b_med = results[base.years][name]
        g_min, g_med = results[big.years][name]
        print(
            f"{name:<28}{b_min:>5.1f} / {b_med:<5.1f}{g_min:>6.1f} / {g_med:<6.1f}"
            f"{g_med / b_med:>6.1f}×"
        )
    g_min, g_med = results[big.years][STATS]
    b_med = results[base.years][STATS][1]
    verdict = "under" if g_med < TARGET_MS else "OVER"
    print()
    print(
        f"every habit's stats over {big.years:g} years: {g_med:.1f} ms median "
        f"= {g_med / TARGET_MS:.2f}× the {TARGET_MS:g} ms target ({verdict}); "
        f"{g_med / b_med:.1f}× the "
        f"{base.years:g}-year baseline"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
