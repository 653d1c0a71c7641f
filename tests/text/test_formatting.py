"""Text shaped to fit the screen: paths shortened where they would be folded mid-name."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.text.formatting import clock_span, fitted_path, home_path


@given(
    st.lists(
        st.text(alphabet="abcdefghij-._", min_size=1, max_size=30).filter(lambda p: p.strip(".")),
        min_size=1,
        max_size=8,
    ),
    st.integers(min_value=8, max_value=120),
)
def test_a_fitted_path_fits_and_keeps_the_file_name_when_it_can(parts, width):
    path = Path("/" + "/".join(parts))
    fitted = fitted_path(path, width)
    assert len(fitted) <= width
    if len(home_path(path)) <= width:
        assert fitted == home_path(path)
    elif len(parts[-1]) + 2 <= width:
        assert fitted.endswith("/" + parts[-1]) and "…" in fitted
    else:
        assert fitted.startswith("…") and home_path(path).endswith(fitted[1:])


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (1800, "30 min"),
        (1799.5, "30 min"),
        (1441, "25 min"),  # 24:01 left: whole minutes, rounded up
        (1440, "24 min"),
        (61, "2 min"),
        (60, "1 min"),
        (59.2, "1 min"),
        (59, "59 s"),
        (45, "45 s"),
        (0.4, "1 s"),
        (0, "0 s"),
        (-3, "0 s"),
        (3600, "60 min"),
        (3601, "1 h 01 min"),
        (5400, "1 h 30 min"),
    ],
)
def test_a_break_countdown_moves_once_a_minute_and_counts_seconds_only_at_the_end(
    seconds: float, shown: str
) -> None:
    assert clock_span(seconds) == shown


@given(st.floats(min_value=60.001, max_value=86_400))
def test_the_countdown_never_says_less_time_than_is_left(seconds: float) -> None:
    shown = clock_span(seconds)
    hours, _, rest = shown.rpartition(" h ")
    minutes = int(rest.split()[0]) + 60 * (int(hours) if hours else 0)
    assert minutes * 60 >= seconds > (minutes - 1) * 60
