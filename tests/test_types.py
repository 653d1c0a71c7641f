"""The type checker is a test, so ``python3 -m pytest`` (the README's command, and ``.ci/run``)
guards it: mypy over ``coach/`` with the settings in ``pyproject.toml`` ([tool.mypy]) must find
nothing, in every module of the package. A row passed where another shape is expected, a lambda
whose type cannot be known, an override that breaks its base class, an unused or code-less
``# type: ignore``: each fails here, with mypy's own lines as the message.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


@pytest.mark.slow
def test_mypy_finds_nothing() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert "No module named mypy" not in result.stderr, (
        "mypy is in the dev extra: pip install -e '.[test,dev]'"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    modules = len(list((ROOT / "coach").rglob("*.py")))
    assert f"no issues found in {modules} source files" in result.stdout, (
        f"mypy checked fewer than the {modules} modules of coach/: {result.stdout}"
    )
