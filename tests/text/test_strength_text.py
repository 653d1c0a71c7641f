"""The strength chart's bars and the history page's period, as text."""

from __future__ import annotations

from datetime import date

import pytest

from coach.text.calendar import period_text, strength_glyph


@pytest.mark.parametrize(
    ("value", "glyph"),
    [(None, " "), (0.0, "▁"), (0.05, "▁"), (0.5, "▅"), (0.96, "█"), (1.0, "█"), (1.2, "█")],
)
def test_a_bar_is_as_tall_as_the_strength(value: float | None, glyph: str) -> None:
    assert strength_glyph(value) == glyph


def test_the_period_says_its_months() -> None:
    assert period_text(date(2024, 12, 2), date(2025, 11, 30)) == "Dec 2024 – Nov 2025"
