"""Run coach or the bare app unchanged, with a few benchmark probes attached from outside.

``python benchmarks/launch.py [probes] -- coach ARGS…`` runs ``python -m coach ARGS…``;
``… -- bare`` runs ``benchmarks/bare_app.py``. Probes patch Textual (pinned, so its private
``App._display`` is stable) before the program starts, the same way for both programs, so the
programs themselves carry no benchmark code:

- ``--first-frame FILE``: when the first frame showing a screen of class ``--screen`` has been
  written to the terminal, write ``time.monotonic()`` (system-wide on Linux, so comparable with
  the parent's) to FILE and exit the app.
- ``--stall-at S --stall D``: block the event loop for D seconds, S seconds after the first frame
  (a blocking call inside the running app, like a slow disk or a stopped terminal).
- ``--routine-report FILE``: write when a routine run started and when coach declared it over
  (real monotonic time, and the run's own deadline), then exit.
"""

from __future__ import annotations

import argparse
import json
import runpy
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPORT: dict[str, float] = {}
"""What the probes saw, written to ``--routine-report`` when the routine ends."""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--first-frame", metavar="FILE")
    parser.add_argument("--screen", default="Screen", help="class name of the screen to wait for")
    parser.add_argument("--stall-at", type=float)
    parser.add_argument("--stall", type=float, default=0.0)
    parser.add_argument("--routine-report", metavar="FILE")
    parser.add_argument("program", choices=["coach", "bare"])
    parser.add_argument("args", nargs=argparse.REMAINDER)
    options = parser.parse_args()

    from textual.app import App

    original_display = App._display
    state = {"framed": False}

    def display(self: App, screen, renderable) -> None:  # type: ignore[no-untyped-def]
        original_display(self, screen, renderable)
        if state["framed"] or renderable is None or self._batch_count:
            return
        if type(screen).__name__ != options.screen:
            return
        state["framed"] = True
        if options.first_frame:
            Path(options.first_frame).write_text(repr(time.monotonic()))
            self.exit()
        if options.stall_at is not None:
            self.set_timer(options.stall_at, stall)

    def stall() -> None:
        REPORT["stall_started"] = time.monotonic()
        time.sleep(options.stall)
        REPORT["stall_ended"] = time.monotonic()

    App._display = display  # type: ignore[method-assign]

    if options.routine_report:
        _report_routine(Path(options.routine_report))

    if options.program == "bare":
        sys.argv = [str(HERE / "bare_app.py"), *options.args]
        runpy.run_path(str(HERE / "bare_app.py"), run_name="__main__")
    else:
        sys.argv = ["coach", *[a for a in options.args if a != "--"]]
        runpy.run_module("coach", run_name="__main__", alter_sys=True)


def _report_routine(path: Path) -> None:
    from coach.services.recorder import RoutineRun

    original_start = RoutineRun.start
    original_finish = RoutineRun._finish
    report = REPORT

    def start(self: RoutineRun):  # type: ignore[no-untyped-def]
        report["started"] = time.monotonic()
        report["planned_seconds"] = self.planned_seconds
        return original_start(self)

    def finish(self: RoutineRun, event) -> None:  # type: ignore[no-untyped-def]
        report["declared_over"] = time.monotonic()
        report["deadline_at"] = event.at
        report["completed"] = event.completed
        original_finish(self, event)
        path.write_text(json.dumps(report))
        from textual._context import active_app

        active_app.get().exit()

    RoutineRun.start = start  # type: ignore[method-assign]
    RoutineRun._finish = finish  # type: ignore[method-assign]


if __name__ == "__main__":
    main()
