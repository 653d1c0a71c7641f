"""Look at every figure: each pose drawn as braille text, and as a PNG of those very dots.

    python3 benchmarks/figures.py [OUT_DIR]           # text to stdout, figures-N.png in OUT_DIR
    python3 benchmarks/figures.py OUT_DIR --player    # and the player at 100×30 for every step

The PNG draws each braille dot as a disc, so what it shows is what a terminal shows. Converting
needs ``rsvg-convert`` (librsvg); without it the SVGs are left for any viewer.
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from coach.core.figure import mirror  # noqa: E402
from coach.services.config import Config  # noqa: E402
from coach.services.figures import load_figures  # noqa: E402
from coach.text.figure import BRAILLE, DOT_BITS, draw_pose  # noqa: E402

WIDTH, HEIGHT = 28, 14
CELL_W, CELL_H = 10, 20


def braille_svg(blocks: list[tuple[str, list[str]]], columns: int = 4) -> str:
    """Titled braille blocks in a grid, each dot a small disc."""
    block_w, block_h = WIDTH * CELL_W + 20, HEIGHT * CELL_H + 40
    rows = (len(blocks) + columns - 1) // columns
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{columns * block_w}" '
        f'height="{rows * block_h}"><rect width="100%" height="100%" fill="white"/>'
    ]
    for number, (title, lines) in enumerate(blocks):
        ox, oy = (number % columns) * block_w + 10, (number // columns) * block_h + 10
        parts.append(
            f'<text x="{ox}" y="{oy + 12}" font-size="14" font-family="sans">{title}</text>'
        )
        for row, line in enumerate(lines):
            for col, char in enumerate(line):
                bits = ord(char) - BRAILLE
                for dy, pair in enumerate(DOT_BITS):
                    for dx, bit in enumerate(pair):
                        if bits & bit:
                            cx = ox + col * CELL_W + 2.5 + dx * 5
                            cy = oy + 25 + row * CELL_H + 2.5 + dy * 5
                            parts.append(f'<circle cx="{cx}" cy="{cy}" r="2" fill="black"/>')
    parts.append("</svg>")
    return "\n".join(parts)


def to_png(svg: Path) -> None:
    if shutil.which("rsvg-convert"):
        subprocess.run(["rsvg-convert", "-w", "1400", str(svg), "-o", str(svg.with_suffix(".png"))])


async def player_shots(out: Path) -> None:
    """The player at 100×30, two seconds into the work of every bundled step (its first side)."""
    import tempfile
    from dataclasses import replace
    from datetime import UTC, datetime

    from coach.core.clock import FakeClock
    from coach.core.player import Phase
    from coach.core.vocabulary import StateKey
    from coach.services.routines import load_all
    from coach.store import Store
    from coach.system.cues import CueSounder
    from coach.system.notify import Notifier
    from coach.system.paths import builtin_routines_dir
    from coach.ui.app import CoachApp
    from coach.ui.screens.player import PlayerScreen

    NOW = datetime(2026, 1, 1, tzinfo=UTC)  # noqa: N806
    routines = load_all(builtin_routines_dir())
    for routine in routines.sorted():
        for index in range(len(routine.steps)):
            name = f"player-{routine.id}-{index + 1:02d}.svg"
            with tempfile.TemporaryDirectory() as folder:
                clock = FakeClock(NOW)
                store = Store.open(Path(folder) / "coach.db")
                store.set_state(StateKey.MEDICAL_NOTICE_SEEN, "2026-01-01T00:00:00.000Z", now=NOW)
                app = CoachApp(
                    config=Config(),
                    store=store,
                    routines=routines,
                    clock=clock,
                    sounder=CueSounder(bell=lambda: None, sound=False),
                    notifier=Notifier(write=lambda text: None, env={}),
                    start_with=replace(routine, checkin=False, tags=()),  # no check-in first
                )
                async with app.run_test(size=(100, 30)) as pilot:
                    screen = app.screen
                    assert isinstance(screen, PlayerScreen)
                    player = screen.player
                    while (player.segment.step_index, player.segment.phase) != (index, Phase.WORK):
                        if player.segment.is_open:  # reps at your own pace: say done
                            screen.action_toggle_pause()
                        clock.advance(0.5)
                        screen.tick()
                    clock.advance(2.0)
                    screen.tick()
                    await pilot.pause()
                    app.save_screenshot(name, str(out))
                store.close()
            to_png(out / name)


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    out.mkdir(parents=True, exist_ok=True)
    book = load_figures()
    for error in book.errors:
        print(error)
    blocks: list[tuple[str, list[str]]] = []
    for figure_id, figure in sorted(book.figures.items()):
        for number, pose in enumerate(figure.poses, start=1):
            lines = draw_pose(pose, WIDTH, HEIGHT, floor=figure.floor)
            title = f"{figure_id} {number}/{len(figure.poses)}"
            print(title, *lines, sep="\n")
            blocks.append((title, lines))
        mirrored = draw_pose(mirror(figure.poses[0]), WIDTH, HEIGHT, floor=figure.floor)
        blocks.append((f"{figure_id} mirrored", mirrored))
    for page, start in enumerate(range(0, len(blocks), 16), start=1):
        svg = out / f"figures-{page}.svg"
        svg.write_text(braille_svg(blocks[start : start + 16]), encoding="utf-8")
        to_png(svg)
    if "--player" in sys.argv:
        asyncio.run(player_shots(out))


if __name__ == "__main__":
    main()
