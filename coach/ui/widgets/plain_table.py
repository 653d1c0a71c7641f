"""Textual's ``DataTable`` with plain-text cells and a marked cursor row (see
:mod:`coach.ui.widgets.plain`, whose rules it follows).

Its own module so that Textual's ``DataTable`` (its module, its stylesheet) is loaded by the
screens that show a table (history, a session's steps), not on the way to home's first frame.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from rich.text import Text
from textual import widgets

from coach.text.safe import rich_text
from coach.ui.widgets.plain import CURSOR_MARK

__all__ = ["DataTable"]

CellType = TypeVar("CellType")


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
