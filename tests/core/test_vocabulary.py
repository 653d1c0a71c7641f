"""Every stored word has one definition: coach.core.vocabulary, and no literal copy elsewhere.

The scan reads every module of coach/ and looks at the string constants that decide something: the
operands of a comparison (``status == "completed"``, ``tag in ("morning", …)``) and the arguments
of a call (``mark_days(day, day, "rest")``, ``counts.get("missed")``). A vocabulary word there is
a second definition of it. Widget ids, CSS classes, key bindings' action names and words searched
for in an error's text are not facts of the log and are left alone.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path

import pytest

from coach.core import vocabulary
from coach.core.vocabulary import (
    BREAK_DUE,
    BREAK_NOT_TAKEN,
    BREAK_TAKEN,
    BreakAnswer,
    BreakOutcome,
    BreakPhase,
    Dose,
    RestKind,
    SessionStatus,
    StateKey,
    StepOutcome,
    Tag,
)

COACH = Path(vocabulary.__file__).resolve().parents[1]
WORDS_OF = (
    Tag,
    SessionStatus,
    Dose,
    StepOutcome,
    BreakOutcome,
    BreakAnswer,
    BreakPhase,
    RestKind,
    StateKey,
)
NAMES_NOT_FACTS = frozenset({"id", "classes", "name", "variant", "tooltip", "group"})
"""Keyword arguments that name a widget or a worker: free text, whatever it spells."""
CALLS_NOT_FACTS = frozenset({"Binding"})
"""Calls whose strings are keys and action names (a binding's "skip" is the player's action)."""


def _called(call: ast.Call) -> str | None:
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)


def _searches_text(node: ast.Compare) -> bool:
    """``"busy" in str(exc)``: a word looked for in a message, not a stored word compared."""
    return any(
        isinstance(op, ast.In | ast.NotIn)
        and isinstance(right, ast.Call)
        and _called(right) == "str"
        for op, right in zip(node.ops, node.comparators, strict=True)
    )


def words() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for enum in WORDS_OF:
        for member in enum:
            found.setdefault(member.value, []).append(f"{enum.__name__}.{member.name}")
    return found


def _strings(node: ast.AST) -> Iterator[ast.Constant]:
    """The string constants a comparison operand stands for (a tuple or set of them too)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node
    elif isinstance(node, ast.Tuple | ast.List | ast.Set):
        for element in node.elts:
            yield from _strings(element)


def deciding_strings(tree: ast.AST) -> Iterator[ast.Constant]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare) and not _searches_text(node):
            for operand in (node.left, *node.comparators):
                yield from _strings(operand)
        elif isinstance(node, ast.Call) and _called(node) not in CALLS_NOT_FACTS:
            for arg in node.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    yield arg
            for keyword in node.keywords:
                if keyword.arg in NAMES_NOT_FACTS:
                    continue
                if isinstance(keyword.value, ast.Constant) and isinstance(keyword.value.value, str):
                    yield keyword.value


def literal_copies(source: str, filename: str) -> list[str]:
    known = words()
    return [
        f"{filename}:{constant.lineno}: {constant.value!r} is {' or '.join(known[constant.value])}"
        for constant in deciding_strings(ast.parse(source, filename))
        if constant.value in known
    ]


def test_no_module_of_coach_spells_a_vocabulary_word_itself():
    problems = []
    for path in sorted(COACH.rglob("*.py")):
        if path == Path(vocabulary.__file__).resolve():
            continue
        name = str(path.relative_to(COACH.parent))
        problems += literal_copies(path.read_text(encoding="utf-8"), name)
    assert not problems, "import the name from coach.core.vocabulary:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    "source",
    [
        'ok = row["status"] == "completed"',
        'ok = "pre-lift" in tags',
        'ok = outcome in ("done", "self")',
        'store.mark_days(day, day, "rest", now=now)',
        'store.get_state(key="breaks.status")',
        'n = counts.get("missed", 0)',
    ],
)
def test_the_scan_finds_a_copy(source):
    assert literal_copies(source, "example.py")


@pytest.mark.parametrize(
    "source",
    [
        'yield Button("Done (d)", id="done")',
        'Binding("x", "skip", "Skip")',
        'busy = "busy" in str(exc)',
        'ok = row["status"] == SessionStatus.COMPLETED',
        'report = {"missed": 0, "done": 1}',  # JSON field names, not stored words
        'text = "done today ✓"',
    ],
)
def test_the_scan_leaves_other_strings_alone(source):
    assert not literal_copies(source, "example.py")


def test_each_word_is_its_stored_text():
    """Members go into SQL and JSON as they are, and equal the text read back."""
    for enum in WORDS_OF:
        assert issubclass(enum, StrEnum)
        for member in enum:
            assert member == member.value and str(member) == member.value


def test_due_breaks_are_taken_or_not_and_away_is_neither():
    assert BREAK_TAKEN | BREAK_NOT_TAKEN == BREAK_DUE
    assert not BREAK_TAKEN & BREAK_NOT_TAKEN
    assert set(BreakOutcome) - BREAK_DUE == {BreakOutcome.AWAY}
