"""Home's routine list: one routine a line, in columns under a heading, started with enter.

An ``OptionList`` drawn as a table rather than a ``DataTable``: home is the first frame of every
start, and a ``DataTable`` costs it about 7 ms and half a MiB (its module, its stylesheet and a
Rich render of every cell), for four columns home can lay out itself. The list is Textual's
(keys, scrolling, the mouse); the columns are padded here, as wide as their widest cell, and
when a line would not fit the name and the tags give way (cut with "…"), never the length or
what a routine needs. The chosen routine is marked with :data:`CURSOR_MARK` as well as by
colour, as coach's tables mark their cursor row.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from coach.ui.widgets.plain import CURSOR_MARK, Static, plain

COLUMNS = ("Routine", "Length", "Needs", "Tags")
"""The heading, one per column of a row."""

GAP = 2
"""Spaces between two columns."""

MARK_WIDTH = 4
"""The mark's place before the first column: `` ▶  ``."""

GIVE_WAY = ((3, 16), (0, 24), (3, 8), (0, 12))
"""How the columns narrow, in turn, when a line is too wide (a column's index, how narrow it
may get): the tags first, then the name, each keeping enough to be told apart."""

Row = tuple[str, Sequence[str]]
"""A routine's id and its cells, one per column of :data:`COLUMNS`."""


def fitted_widths(natural: Sequence[int], room: int) -> list[int]:
    """Column widths for ``room`` cells: as ``natural`` when it fits, else narrower by the
    excess, taken as :data:`GIVE_WAY` says."""
    widths = list(natural)
    excess = MARK_WIDTH + sum(widths) + GAP * (len(widths) - 1) + 1 - room
    for column, narrowest in GIVE_WAY:
        if excess <= 0:
            break
        taken = min(excess, max(0, widths[column] - narrowest))
        widths[column] -= taken
        excess -= taken
    return widths


class RoutineList(OptionList):
    """The routines, with their column names in ``heading`` (a line of its own above the list,
    so the list scrolls under it). Enter, or a click on the chosen routine, posts
    ``OptionSelected`` with the routine's id; a click on another only chooses it, as in a table,
    so a stray click starts nothing. Enter is the list's own binding, not the screen's, so that
    it reads the choice after any moves typed before it (keys pasted in one burst, tmux
    send-keys)."""

    BINDINGS = [
        Binding(
            "enter",
            "select",
            "Start",
            tooltip="start the selected routine",
            id="home.start",
        ),
    ]

    def __init__(self, heading: Static, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.heading = heading
        self._rows: list[tuple[str, list[Content]]] = []
        self._natural = [len(name) for name in COLUMNS]
        self._widths = list(self._natural)
        self._marked: int | None = None
        """The index of the option drawn with the mark."""

    def show(self, rows: Sequence[Row]) -> None:
        """List ``rows``, keeping the chosen routine chosen if it is still among them."""
        self._rows = [(routine_id, [plain(cell) for cell in cells]) for routine_id, cells in rows]
        self._natural = [
            max([len(column), *(cells[at].cell_length for _, cells in self._rows)])
            for at, column in enumerate(COLUMNS)
        ]
        self._lay_out()

    def _lay_out(self) -> None:
        """Draw the rows and the heading at the widths that fit the list now."""
        chosen = self.chosen()
        self._widths = self._fitted()
        self.clear_options()
        self._marked = None
        self.add_options(
            Option(self._line(cells, marked=False), id=routine_id)
            for routine_id, cells in self._rows
        )
        ids = self.routine_ids()
        if ids:
            self.highlighted = ids.index(chosen) if chosen in ids else 0
        self.heading.update(self._line([Content(name) for name in COLUMNS], marked=False))

    def chosen(self) -> str | None:
        """The id of the routine enter would start, if any."""
        option = self.highlighted_option
        return option.id if option is not None else None

    def routine_ids(self) -> list[str]:
        """The ids listed, in their order."""
        return [routine_id for routine_id, _ in self._rows]

    def _fitted(self) -> list[int]:
        room = self.scrollable_content_region.width
        return fitted_widths(self._natural, room) if room else list(self._natural)

    def _line(self, cells: Sequence[Content], *, marked: bool) -> Content:
        padded = [
            cell.truncate(width, ellipsis=True, pad=True)
            for cell, width in zip(cells, self._widths, strict=True)
        ]
        mark = CURSOR_MARK if marked else " "
        return Content(f" {mark}  ") + Content(" " * GAP).join(padded) + Content(" ")

    def on_resize(self, _: events.Resize) -> None:
        """Fit the columns to the width the list was given (unknown until it is laid out)."""
        if self._fitted() != self._widths:
            self._lay_out()

    def watch_highlighted(self, highlighted: int | None) -> None:
        """Move the mark with the highlight (Textual's own watcher scrolls to it)."""
        super().watch_highlighted(highlighted)
        listed = min(len(self._rows), self.option_count)
        if self._marked is not None and self._marked < listed and self._marked != highlighted:
            self.replace_option_prompt_at_index(
                self._marked, self._line(self._rows[self._marked][1], marked=False)
            )
        self._marked = None
        if highlighted is not None and 0 <= highlighted < listed:
            self.replace_option_prompt_at_index(
                highlighted, self._line(self._rows[highlighted][1], marked=True)
            )
            self._marked = highlighted

    def on_click(self, event: events.Click) -> None:
        """Choose the routine clicked; a click on the one already chosen starts it."""
        clicked = event.style.meta.get("option")
        if clicked is None:
            return
        event.prevent_default()  # not OptionList's click, which starts any routine clicked
        if clicked == self.highlighted:
            self.action_select()
        else:
            self.highlighted = clicked
