"""Text shaped to fit the screen: paths shortened where they would be folded mid-name."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from coach.text.formatting import fitted_path, home_path


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
