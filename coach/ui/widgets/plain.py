"""The widgets every screen shows text with: a string is always plain text, never markup.

Textual parses a string given to ``Label``, ``Static`` or a ``DataTable`` cell as markup, so a
routine called ``"Stretch [/] 2"`` raises at start, ``"Warm-up [v2]"`` loses its ``[v2]`` and
``[@click=app.quit]`` becomes an action; and it passes ESC and C1 bytes through to the terminal.
These subclasses keep the names, so a screen imports them instead of Textual's and cannot forget:
strings become ``Content`` with markup off and controls dropped (:func:`coach.text.safe.clean`),
and a ``Content`` built elsewhere is cleaned too. Styled text is built with :func:`plain` and
``Content`` operations (``+``, ``join``, ``stylize``), never by putting user text in a markup
string. ``tests/test_architecture.py`` checks that no other module uses Textual's versions.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from rich.text import Text
from textual import widgets
from textual.content import Content
from textual.visual import VisualType

from coach.core.text_rules import CONTROL, is_control
from coach.text.safe import clean, rich_text

__all__ = ["CURSOR_MARK", "DataTable", "Label", "Static", "literal_markup", "plain", "safe_visual"]


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


CellType = TypeVar("CellType")


CURSOR_MARK = "▶"
"""Marks the selected row of a row-cursor table, which colour alone would otherwise show."""
_MARK_COLUMN = "coach-cursor-mark"


class DataTable(widgets.DataTable[CellType]):
    """Textual's ``DataTable``, whose string cells are plain text rather than markup (a string
    cell is stored as a ``rich.text.Text``).

    A table with a row cursor also shows the selected row with :data:`CURSOR_MARK` in a narrow
    first column, so the choice reads without colour (a monochrome terminal, a screen reader's
    text, a screenshot in grey). ``add_row`` takes the caller's cells and :meth:`cells_at` gives
    them back without the mark.
    """

    _marked: Any = None
    """The key of the row showing the mark, so that moving it clears the old one."""
    _mark_column: Any = None
    """The key of the mark's column, once the first column has been added after it."""

    def _has_mark(self) -> bool:
        return self._mark_column is not None and self._mark_column in self.columns

    def add_column(self, label: Any, *, width: int | None = None, **options: Any) -> Any:
        """A heading given as a string is text too: Textual would read it as markup (and load
        rich's emoji table to do so, on the way to home's first frame)."""
        if self.cursor_type == "row" and not self.columns:
            self._mark_column = super().add_column(Text(), width=1, key=_MARK_COLUMN)
        if isinstance(label, str):
            label = rich_text(label)
        return super().add_column(label, width=width, **options)

    def add_row(
        self,
        *cells: Any,
        height: int | None = 1,
        key: str | None = None,
        label: Any = None,
    ) -> Any:
        if self._has_mark():
            cells = ("", *cells)
        row_key = super().add_row(*_cells(cells), height=height, key=key, label=label)
        if self._has_mark() and self._marked is None:
            self._mark_cursor()
        return row_key

    def cells_at(self, row_index: int) -> list[CellType]:
        """The cells given for the row at ``row_index``, without the mark's (Textual's own
        drawing reads ``get_row``, so that keeps the mark)."""
        row = self.get_row_at(row_index)
        return row[1:] if self._has_mark() else row

    def update_cell(self, row_key: Any, column_key: Any, value: Any, **options: Any) -> None:
        super().update_cell(row_key, column_key, next(iter(_cells((value,)))), **options)

    def remove_row(self, row_key: Any) -> None:
        if self._marked == row_key or getattr(self._marked, "value", None) == row_key:
            self._marked = None
        super().remove_row(row_key)
        self._mark_cursor()

    def clear(self, columns: bool = False) -> Any:
        self._marked = None
        return super().clear(columns)

    def watch_cursor_coordinate(self, old: Any, new: Any) -> None:
        super().watch_cursor_coordinate(old, new)
        self._mark_cursor()

    def watch_show_cursor(self, show_cursor: bool) -> None:
        super().watch_show_cursor(show_cursor)
        self._mark_cursor()

    def _mark_cursor(self) -> None:
        """Put the mark on the cursor's row (and take it off the row that had it)."""
        if not self._has_mark():
            return
        wanted = None
        if self.show_cursor and self.is_valid_row_index(self.cursor_row):
            wanted = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        if wanted == self._marked:
            return
        if self._marked is not None and self._marked in self.rows:
            self.update_cell(self._marked, self._mark_column, "")
        if wanted is not None:
            self.update_cell(wanted, self._mark_column, CURSOR_MARK)
        self._marked = wanted


def _cells(cells: Iterable[Any]) -> list[Any]:
    return [rich_text(cell) if isinstance(cell, str) else cell for cell in cells]
