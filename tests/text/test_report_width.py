"""``coach history`` text at a width: the heatmap layout and the totals never pass it."""

from __future__ import annotations

from datetime import date

import pytest

from coach.core.totals import RoutineCount, Totals, WeekdaySkips
from coach.text.report import heatmap_layout, pack, totals_lines

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("weeks", "width", "expected"),
    [
        (12, 80, (12, 4)),  # 4 + 4 × 12 + 3 × 2 = 58
        (52, 218, (52, 4)),
        (52, 110, (52, 2)),
        (52, 80, (52, 1)),
        (52, 56, (52, 1)),
        (52, 55, (51, 1)),
        (52, 40, (36, 1)),
        (1, 40, (1, 2)),
    ],
)
def test_heatmap_layout(weeks: int, width: int, expected: tuple[int, int]) -> None:
    assert heatmap_layout(weeks, 4, width) == expected


def totals() -> Totals:
    return Totals(
        TODAY,
        ((date(2026, 10, 1), 1234.4), (date(2026, 11, 1), 3.0)),
        (
            RoutineCount("long", "A routine with a very long name indeed, longer than forty", 1200),
            RoutineCount("desk", "Desk", 3),
        ),
        date(2024, 3, 4),
        tuple(WeekdaySkips(w, w, 100) for w in range(7)),
    )


@pytest.mark.parametrize("width", [40, 60, 80, 218])
def test_totals_fit(width: int) -> None:
    lines = totals_lines(totals(), width)
    assert max(len(line) for line in lines) <= width
    assert lines[0] == "Totals"
    assert any(line.startswith("  Oct 2026  1234 min  █") for line in lines)
    assert any(line.startswith("  Nov 2026     3 min  █") for line in lines)
    assert any(line.strip().endswith("1200") and "…" in line for line in lines) == (width < 66)
    joined = " ".join(lines)
    assert "since 4 Mar 2024" in joined
    assert "Mon 0 of 100" in joined and "Sun 6 of 100" in joined


def test_totals_on_an_empty_log() -> None:
    lines = totals_lines(Totals(TODAY, (), (), None, ()), 40)
    assert lines == [
        "Totals",
        "Active minutes per month: none yet",
        "Sessions per routine: none counted yet",
    ]


def test_pack_fills_lines_up_to_the_width() -> None:
    assert pack(["aaaa", "bbbb", "cccc"], 10) == ["aaaa  bbbb", "cccc"]
    assert pack(["aaaa", "bbbb"], 13, sep=" · ", indent="  ") == ["  aaaa · bbbb"]
    assert pack(["aaaa", "bbbb"], 12, sep=" · ", indent="  ") == ["  aaaa", "  bbbb"]
