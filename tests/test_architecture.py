"""The layering is a test, not a hope: each layer of ``coach/`` imports only the layers below it.

The table is the architecture (see README, "How the code is laid out"): the domain core knows no
terminal, no SQL and no file; the store is the only place SQL lives; the UI and the CLI are the
edges that wire everything together. A new import that crosses a line fails here with the module
and the name, so the seam is moved on purpose or not at all.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

COACH = Path(__file__).parents[1] / "coach"

LAYERS: dict[str, set[str]] = {
    # layer: the coach layers it may import (itself always)
    "core": set(),
    "system": {"core"},
    "text": {"core"},
    "store": {"core", "system"},
    "services": {"core", "system", "store", "text"},
    "cli": {"core", "system", "store", "services", "text", "ui", "(root)"},
    "ui": {"core", "system", "store", "services", "text", "(root)"},
    "(root)": {"cli"},
}
"""Which layer may import which. ``(root)`` is ``coach/__init__.py`` and ``__main__.py``."""

THIRD_PARTY: dict[str, set[str]] = {
    # layer: packages it may not import
    "core": {"textual", "rich", "sqlite3", "sqlite_utils", "platformdirs", "subprocess"},
    "text": {"textual", "sqlite3", "sqlite_utils"},
    "system": {"textual", "sqlite3", "sqlite_utils"},
    "services": {"textual"},
    "cli": {"textual", "sqlite3", "sqlite_utils"},
    "ui": {"sqlite3", "sqlite_utils"},
}
"""Outside packages a layer must not touch: only the store speaks SQL, only the UI speaks Textual
(the CLI reaches Textual only through ``coach.ui``)."""


def module_name(path: Path) -> str:
    parts = path.relative_to(COACH.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else "(root)"


def imports_of(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


MODULES = sorted(COACH.rglob("*.py"))


def test_every_module_belongs_to_a_layer():
    loose = [
        module_name(p)
        for p in MODULES
        if layer_of(module_name(p)) == "(root)" and p.name not in ("__init__.py", "__main__.py")
    ]
    assert not loose, f"modules outside every layer (put each in core/store/…/ui): {loose}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_imports_follow_the_layer_table(path: Path):
    module = module_name(path)
    mine = layer_of(module)
    allowed = LAYERS[mine] | {mine}
    crossing = sorted(
        f"{name} ({layer_of(name)})"
        for name in imports_of(path)
        if name.split(".")[0] == "coach" and layer_of(name) not in allowed
    )
    assert not crossing, f"{module} ({mine}) may not import {crossing}"
    banned = THIRD_PARTY.get(mine, set())
    outside = sorted(name for name in imports_of(path) if name.split(".")[0] in banned)
    assert not outside, f"{module} ({mine}) may not import {outside}"


def test_no_screen_or_dialog_imports_the_app():
    """Screens are given what they need and post messages up; the app wires them."""
    offenders = [
        module_name(p)
        for folder in ("screens", "dialogs", "widgets")
        for p in (COACH / "ui" / folder).glob("*.py")
        if "coach.ui.app" in imports_of(p)
    ]
    assert not offenders, f"these import the app instead of being given what they need: {offenders}"


def private_textual_names(path: Path) -> list[str]:
    """Names starting with ``_`` that a module takes from Textual (a private API, free to change
    in any release): ``from textual.keys import _x``, ``import textual._y``, ``textual.a._b``."""
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] != "textual":
                continue
            parts = node.module.split(".")
            found += [f"{node.module} (module)" for p in parts if p.startswith("_")][:1]
            found += [f"{node.module}.{a.name}" for a in node.names if a.name.startswith("_")]
        elif isinstance(node, ast.Import):
            found += [
                a.name
                for a in node.names
                if a.name.split(".")[0] == "textual"
                and any(p.startswith("_") for p in a.name.split("."))
            ]
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_no_private_textual_api(path: Path):
    """A private Textual name pins Textual to one release; coach keeps its own copy instead
    (as coach.ui.keymap.character_to_key does for textual.keys._character_to_key)."""
    private = private_textual_names(path)
    assert not private, f"{module_name(path)} uses Textual's private API: {private}"


def test_the_private_textual_check_sees_each_form(tmp_path: Path):
    module = tmp_path / "m.py"
    module.write_text(
        "from textual.keys import _character_to_key, Keys\n"
        "import textual._compositor\n"
        "from textual._arrange import arrange\n"
        "from rich._loop import loop_last\n",
        encoding="utf-8",
    )
    assert private_textual_names(module) == [
        "textual.keys._character_to_key",
        "textual._compositor",
        "textual._arrange (module)",
    ]
