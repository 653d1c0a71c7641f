"""The widgets every screen shows text with: a string is always plain text, never markup.

Textual parses a string given to ``Label``, ``Static`` or a ``DataTable`` cell as markup, so a
routine called ``"Stretch [/] 2"`` raises at start, ``"Warm-up [v2]"`` loses its ``[v2]`` and
``[@click=app.quit]`` becomes an action; and it passes ESC and C1 bytes through to the terminal.
These subclasses keep the names, so a screen imports them instead of Textual's and cannot forget:
strings become ``Content`` with markup off and controls dropped (:func:`coach.text.safe.clean`),
and a ``Content`` built elsewhere is cleaned too. Styled text is built with :func:`plain` and
``Content`` operations (``+``, ``join``, ``stylize``), never by putting user text in a markup
string. ``DataTable`` is in :mod:`coach.ui.widgets.plain_table`, loaded only by the screens
that show a table. ``tests/text/test_safe.py`` checks that no other module uses Textual's
versions.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import widgets
from textual.content import Content
from textual.visual import VisualType

from coach.core.text_rules import CONTROL, is_control
from coach.text.safe import clean

__all__ = ["CURSOR_MARK", "Label", "Static", "literal_markup", "plain", "safe_visual"]


def plain(text: object, style: str = "") -> Content:
    """User text (or anything ``str()`` makes text) as ``Content``: literal, controls dropped,
    line breaks kept, in ``style`` if given."""
    cleaned = clean(str(text), lines=True)
    return Content.styled(cleaned, style) if style else Content(cleaned)


def literal_markup(text: object) -> str:
    """User text as a markup string that reads literally, for the few Textual APIs that take
    nothing else (the command palette's help line). ``textual.markup.escape`` is not enough:
    it leaves ``[$var]`` and a lone ``[/`` to be read as markup."""
    return clean(str(text)).replace("[", "\\[")


def clean_content(content: Content) -> Content:
    """``content`` with its controls dropped and its styles kept, for ``Content`` that was built
    without :func:`plain` (most is clean already and comes back as it is)."""
    text = content.plain
    if text.isprintable() or not CONTROL.search(text.replace("\n", "")):
        return content
    offsets = sorted(
        {at for match in CONTROL.finditer(text) if match.group() != "\n" for at in match.span()}
    )
    pieces = []
    for piece in content.divide(offsets):
        shown = piece.plain
        if len(shown) == 1 and shown != "\n" and is_control(shown):
            shown = clean(shown, lines=True)
            if shown:
                pieces.append(Content(shown))
        else:
            pieces.append(piece)
    return Content("").join(pieces)


def safe_visual(content: VisualType) -> VisualType:
    """What a widget may render: a string as plain ``Content``; ``Content`` and ``Text`` with
    their controls dropped; anything else (a Rich renderable coach drew itself) as it is."""
    if isinstance(content, str):
        return plain(content)
    if isinstance(content, Content):
        return clean_content(content)
    if isinstance(content, Text) and not content.plain.isprintable():
        return plain(content.plain)
    return content


class Static(widgets.Static):
    """Textual's ``Static``, with strings shown as plain text (see the module docstring)."""

    def __init__(self, content: VisualType = "", **options: Any) -> None:
        options["markup"] = False
        super().__init__(safe_visual(content), **options)

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        super().update(safe_visual(content), layout=layout)


class Label(widgets.Label):
    """Textual's ``Label``, with strings shown as plain text (see the module docstring).

    It is as wide as its text but never wider than its container: Textual's own grows past the
    edge of a dialog or an 80-column pane and the end of the sentence is simply not drawn (the
    quit dialog lost "partial."); capped, it wraps instead. A label that must stay one line says
    so in the screen's CSS (``text-wrap: nowrap; text-overflow: ellipsis``).
    """

    DEFAULT_CSS = """
    Label {
        max-width: 100%;
    }
    """

    def __init__(self, content: VisualType = "", **options: Any) -> None:
        options["markup"] = False
        super().__init__(safe_visual(content), **options)

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        super().update(safe_visual(content), layout=layout)


CURSOR_MARK = "▶"
"""Marks the selected row of a row-cursor table, which colour alone would otherwise show."""
