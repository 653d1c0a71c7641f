"""User text is data: the one door by which a name, cue, note, path or setting reaches a terminal.

Anything a person or a file wrote (routine ids, names, descriptions, step names, cues, notes typed
in history, settings values, paths, the text of an error about them) is shown literally. It is
never parsed as markup (``"Stretch [/] 2"`` is a name, not a closing tag; ``[link=…]`` is text,
not a hyperlink), and it never carries a control sequence to the terminal (ESC, BEL, BS, CR, C1,
bidi overrides: a shared routine file must not be able to retitle the pane, clear the screen or
write the clipboard).

What counts as a control character, and what :func:`clean` does with one, is defined once in
:mod:`coach.core.text_rules` (the core and the system layer need it too and may not import this
layer); this module is how the CLI and the screens apply it:

- :func:`echo` is the CLI's only way to print.
- :func:`rich_text` wraps user text as a ``rich.text.Text`` with markup off, for widgets that
  would otherwise parse a string (a data table's cells).
- :func:`json_text` keeps JSON output exact while no raw C1 or bidi character reaches the
  terminal.

Textual's ``Content`` lives in the UI layer (``coach.ui.widgets.plain``), built on the same rule.
Cheap to import: it sits on ``coach status``'s and home's start path, so rich loads only when a
``Text`` is asked for.
"""

from __future__ import annotations

import re
import sys
from typing import TYPE_CHECKING, TextIO

from coach.core.text_rules import CONTROL, clean, has_control_characters

if TYPE_CHECKING:
    from rich.text import Text

__all__ = ["clean", "echo", "has_control_characters", "json_text", "one_line", "rich_text"]


def one_line(text: object) -> str:
    """``text`` as one line that is safe to show: controls dropped, line breaks as spaces."""
    return clean(str(text))


def echo(*parts: object, file: TextIO | None = None, end: str = "\n", sep: str = " ") -> None:
    """``print`` for the CLI: every line it writes has passed :func:`clean`.

    Lines are kept (a report is many lines), but nothing in them can steer the terminal, and an
    undecodable file name prints as U+FFFD instead of raising ``UnicodeEncodeError``.
    """
    out = sys.stdout if file is None else file
    out.write(clean(sep.join(str(part) for part in parts), lines=True) + end)


def rich_text(text: object, style: str = "") -> Text:
    """User text as a ``rich.text.Text``: shown literally (no markup), controls dropped."""
    from rich.text import Text

    return Text(clean(str(text)), style=style, end="")


def json_text(dumped: str) -> str:
    """JSON from ``json.dumps(..., ensure_ascii=False)`` with every control character that
    ``json`` leaves raw (C1, DEL, bidi controls, lone surrogates) written as a ``\\uXXXX``
    escape: the same data when parsed, nothing raw on the terminal."""
    if dumped.isprintable():
        return dumped
    return CONTROL.sub(_json_escape, dumped)


def _json_escape(match: re.Match[str]) -> str:
    # json escapes every C0 character inside a string, so a raw line feed is indentation
    character = match.group()
    return character if character == "\n" else f"\\u{ord(character):04x}"
