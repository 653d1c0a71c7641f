"""The safe-text rule: what a string looks like once it may be shown, and the doors it goes through.

The rule is one function (``clean``); these tests hold it to the whole hostile corpus and to the
edge cases of line breaks, tabs and surrogates, then check that the CLI and the screens have no
other way to put text on a terminal.
"""

from __future__ import annotations

import ast
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.core.text_rules import CONTROL, is_control
from coach.text.safe import clean, echo, json_text, one_line, rich_text
from tests.hostile import HOSTILE, MARKUP, leaked

COACH = Path(__file__).parents[2] / "coach"


def spec(text: str) -> str:
    """The rule, written out character by character (the code does it with two regexes)."""
    shown = []
    for character in text.replace("\r\n", "\n"):
        if character in "\t\n\x0b\x0c\x85\u2028\u2029":
            shown.append(" ")
        elif "\ud800" <= character <= "\udfff":
            shown.append("\ufffd")
        elif not is_control(character):
            shown.append(character)
    return "".join(shown)


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_keeps_every_printable_character_in_order(text: str):
    assert clean(text) == spec(text)
    assert not leaked(clean(text))


@pytest.mark.parametrize("text", MARKUP)
def test_markup_is_left_exactly_as_written(text: str):
    assert clean(text) == text
    assert rich_text(text).plain == text  # Rich did not read it as markup either


@pytest.mark.parametrize(
    ("text", "one", "lines"),
    [
        ("a\r\nb", "a b", "a\nb"),
        ("a\nb\nc", "a b c", "a\nb\nc"),
        ("over\rwrite", "overwrite", "overwrite"),
        ("tab\tstop", "tab stop", "tab stop"),
        ("ff\x0cvt\x0b", "ff vt ", "ff vt "),
        ("nel\x85ls\u2028ps\u2029", "nel ls ps ", "nel ls ps "),
        ("\x1b[31mred\x1b[0m", "[31mred[0m", "[31mred[0m"),
        ("\u202eevil\u202c", "evil", "evil"),
        ("emoji 👩\u200d💻 zwj kept", "emoji 👩\u200d💻 zwj kept", "emoji 👩\u200d💻 zwj kept"),
        ("nbsp\u00a0kept", "nbsp\u00a0kept", "nbsp\u00a0kept"),
        ("file\udcff", "file\ufffd", "file\ufffd"),
    ],
)
def test_line_breaks_tabs_and_surrogates(text: str, one: str, lines: str):
    assert clean(text) == one
    assert clean(text, lines=True) == lines
    assert one_line(text) == one


@given(st.text())
def test_any_text_comes_out_without_a_control(text: str):
    assert clean(text) == spec(text)
    assert not CONTROL.search(clean(text))
    assert not CONTROL.search(clean(text, lines=True).replace("\n", ""))
    assert clean(clean(text)) == clean(text)  # cleaning twice changes nothing
    clean(text, lines=True).encode("utf-8")  # and it can always be written out


def test_plain_text_is_returned_as_it_is():
    text = "Morning mobility · 9 min"
    assert clean(text) is text


def test_echo_writes_lines_without_controls():
    out = io.StringIO()
    echo("name:", "x\x1b]0;pwned\x07 [b]", "\udcff", file=out)
    echo("two\nlines", file=out, end="")
    assert out.getvalue() == "name: x]0;pwned [b] \ufffd\ntwo\nlines"


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_json_stays_exact_and_raw_free(text: str):
    data = {"name": text, "list": [text, 1]}
    for indent in (None, 2):
        dumped = json_text(json.dumps(data, ensure_ascii=False, indent=indent))
        assert json.loads(dumped) == data
        assert not leaked(dumped)


# -- the doors: nothing reaches a terminal another way ----------------------------------------


def _calls(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id == "print":
            found.append((node.lineno, "print()"))
        elif (
            isinstance(func, ast.Attribute)
            and func.attr == "write"
            and isinstance(func.value, ast.Attribute)
            and func.value.attr in ("stdout", "stderr")
        ):
            found.append((node.lineno, f"sys.{func.value.attr}.write()"))
    return found


def test_the_cli_prints_only_through_echo():
    """``print`` in coach would bypass the rule: every line goes through ``echo``."""
    offenders = [
        f"{path.relative_to(COACH.parent)}:{line} {call}"
        for path in sorted(COACH.rglob("*.py"))
        if path != COACH / "text" / "safe.py"
        for line, call in _calls(path)
    ]
    assert not offenders, f"print through coach.text.safe.echo instead: {offenders}"


def test_safe_is_cheap_to_import():
    """It is on the path of ``coach status`` and home's first frame: no Rich, no Textual."""
    code = (
        "import sys, coach.text.safe; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('rich', 'textual')))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert loaded.strip() == "[]"


PLAIN_WIDGETS = {"Label", "Static", "DataTable"}


def test_screens_show_text_only_through_the_plain_widgets():
    """Textual's ``Label``, ``Static`` and ``DataTable`` read a string as markup; coach's
    (``coach.ui.widgets.plain``) don't. A screen that imports Textual's, or parses markup itself,
    would let the next field of user text be read as markup."""
    plain = {COACH / "ui" / "widgets" / name for name in ("plain.py", "plain_table.py")}
    offenders = []
    for path in sorted((COACH / "ui").rglob("*.py")):
        if path in plain:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            where = f"{path.relative_to(COACH.parent)}:{getattr(node, 'lineno', '?')}"
            if isinstance(node, ast.ImportFrom) and node.module == "textual.widgets":
                offenders += [f"{where} {a.name}" for a in node.names if a.name in PLAIN_WIDGETS]
            elif isinstance(node, ast.Attribute) and node.attr == "from_markup":
                offenders.append(f"{where} from_markup")
            elif (
                isinstance(node, ast.keyword)
                and node.arg == "markup"
                and isinstance(node.value, ast.Constant)
                and node.value.value is True
            ):
                offenders.append(f"{where} markup=True")
    assert not offenders, f"use coach.ui.widgets.plain (plain text) instead: {offenders}"
