"""The layering is a test, not a hope: the domain core knows no terminal and no SQL."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

COACH = Path(__file__).parents[1] / "coach"
FORBIDDEN_IN_CORE = ("textual", "rich", "sqlite3", "sqlite_utils", "coach.ui", "coach.store")


def imports_of(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", sorted((COACH / "core").glob("*.py")), ids=lambda p: p.name)
def test_core_imports_no_terminal_and_no_sql(path: Path):
    bad = {
        name
        for name in imports_of(path)
        if any(name == f or name.startswith(f + ".") for f in FORBIDDEN_IN_CORE)
    }
    assert not bad, f"{path.name} imports {sorted(bad)}"


def test_sql_lives_only_in_the_store():
    offenders = []
    for path in COACH.rglob("*.py"):
        if path.name == "store.py" or "store" in path.parts[len(COACH.parts) :]:
            continue
        if {"sqlite3", "sqlite_utils"} & imports_of(path):
            offenders.append(path.relative_to(COACH))
    assert not offenders, f"SQL outside the store: {offenders}"
