"""Cues fitted to the player's box: wrapped under their bullet, cut with a visible count."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from coach.ui.widgets.fitted import fitted_lines

CUES = [
    "Tuck the tailbone and squeeze the glute of the back leg, then shift forward",
    "Reach the arm on the kneeling side up and over; keep the ribs down, breathe",
    "Ease off if the front of the hip pinches rather than stretches",
]


def test_cues_that_fit_are_all_shown_each_under_its_bullet():
    lines = fitted_lines(CUES, 76, 6)
    assert len(lines) == 5
    assert [line[:2] for line in lines] == ["• ", "  ", "• ", "  ", "• "]
    assert " ".join(" ".join(lines).replace("•", "").split()) == " ".join(CUES)


def test_cues_that_do_not_fit_end_with_how_many_lines_are_not_shown():
    lines = fitted_lines(CUES, 40, 6)
    assert len(lines) == 6
    assert lines[-1].startswith("  …and ") and lines[-1].endswith(" more lines")


@given(
    st.lists(st.text(min_size=0, max_size=200), max_size=8),
    st.integers(min_value=1, max_value=120),
    st.integers(min_value=1, max_value=10),
)
def test_fitted_lines_never_exceed_the_box(items, width, max_lines):
    lines = fitted_lines(items, width, max_lines)
    assert len(lines) <= max_lines
    assert all(cell_len(line) <= max(width, 8) for line in lines)
