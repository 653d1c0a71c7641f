"""Bulleted lines fitted to a box: wrapped at its width, cut at its height with a visible "…".

The player's cues must never push the countdown or "Next:" off an 80×24 screen, and must never
be cut silently either. This widget wraps each item itself (a hanging indent under its bullet),
so it knows how many lines the items take at the width it has, and when they take more than
``max_lines`` it ends the last line it shows with "…" and says how many more there are.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

from rich.cells import cell_len, set_cell_size
from textual import events

from coach.ui.widgets.plain import Static, plain

BULLET = "• "


def fitted_lines(items: Sequence[str], width: int, max_lines: int) -> list[str]:
    """``items`` as bulleted lines of at most ``width`` cells, at most ``max_lines`` of them."""
    width = max(width, 8)
    lines: list[str] = []
    for item in items:
        lines += textwrap.wrap(
            " ".join(item.split()),
            width=width,
            initial_indent=BULLET,
            subsequent_indent=" " * len(BULLET),
            break_long_words=True,
            break_on_hyphens=False,
        ) or [BULLET.rstrip()]
    lines = [
        line if cell_len(line) <= width else set_cell_size(line, width - 1) + "…" for line in lines
    ]
    if len(lines) <= max_lines:
        return lines
    hidden = len(lines) - max_lines + 1
    shown = lines[: max_lines - 1]
    more = f"  …and {hidden} more line{'s' if hidden != 1 else ''}"
    shown.append(more if cell_len(more) <= width else "  …")
    return shown


class FittedLines(Static):
    """A ``Static`` holding bulleted items, always fitted to its own width and ``max_lines``."""

    def __init__(self, *, max_lines: int, **options: Any) -> None:
        super().__init__("", **options)
        self.max_lines = max_lines
        self.items: tuple[str, ...] = ()
        self._fitted_for: tuple[tuple[str, ...], int] | None = None

    def show(self, items: Sequence[str]) -> None:
        self.items = tuple(items)
        self._refit()

    def on_resize(self, event: events.Resize) -> None:
        self._refit()

    def _refit(self) -> None:
        width = self.content_region.width or self.app.size.width - 4
        key = (self.items, width)
        if key == self._fitted_for:
            return
        self._fitted_for = key
        self.update(plain("\n".join(fitted_lines(self.items, width, self.max_lines))))
