"""What a screen shows, checked cell by cell: no text clipped, overflowing or under another widget.

A snapshot shows one screen as it was; this names what is wrong with any screen, at any size.
It reads only what Textual computed for the frame (each widget's region, its clip, its content
size and its rendered lines) and asks the screen which widget is on top at each cell of text.

Four kinds of problem are reported:

- ``cut``: a widget's box reaches past the edge of a container (or the screen) that does not
  scroll, or that scrolls without showing a scroll bar, so part of it is never seen;
- ``overflows``: a widget's text needs more lines (or, unwrapped, more columns) than its box has,
  or a word (a path) is longer than the box is wide, so it is folded mid-word;
- ``covered``: a cell of a widget's text is under another widget (a toast, a docked bar, a
  widget laid out on top of it);
- ``out of sight``: something that must always be seen (a key, a button, an error, the
  countdown) is not wholly on screen, though it could be scrolled to.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual.content import Content
from textual.errors import NoWidget
from textual.geometry import Region
from textual.screen import Screen
from textual.scrollbar import ScrollBar, ScrollBarCorner
from textual.widget import Widget
from textual.widgets import Input

NOT_TEXT = range(0x2500, 0x25A0)
"""Box drawing and block elements: borders and the tall edges of buttons, not text."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with what a screen shows, named so a reader can find it."""

    kind: str
    widget: str
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.widget}: {self.detail}"


def describe(widget: Widget) -> str:
    """``Label#detail`` or ``Static.setup-help``: enough to find it in the screen's code."""
    name = type(widget).__name__
    if widget.id:
        return f"{name}#{widget.id}"
    classes = [c for c in widget.classes if not c.startswith("-")]
    return name + "".join(f".{c}" for c in sorted(classes)[:2])


def plain_text(widget: Widget) -> str | None:
    """The text a widget renders, or None for widgets that draw something else."""
    try:
        rendered = widget.render()
    except Exception:  # noqa: BLE001 - a widget that can't say what it renders is skipped
        return None
    if isinstance(rendered, Content | Text):
        return rendered.plain
    if isinstance(rendered, str):
        return rendered
    return None


def _shown(widget: Widget) -> bool:
    return widget.display and widget.visible and not isinstance(widget, ScrollBar | ScrollBarCorner)


def _scrolls_visibly(container: Widget, *, vertical: bool) -> bool:
    """Can the person scroll this way, and is there a scroll bar telling them so?"""
    if vertical:
        return container.allow_vertical_scroll and container.styles.scrollbar_size_vertical > 0
    return container.allow_horizontal_scroll and container.styles.scrollbar_size_horizontal > 0


def _inner(container: Widget) -> Region:
    """Where a container's children may be seen: inside its border, padding and scroll bars."""
    return container.region.shrink(container.styles.gutter).shrink(container.scrollbar_gutter)


def _cut(screen: Screen, widget: Widget, region: Region, clip: Region) -> Problem | None:
    """A box reaching past a container that doesn't scroll (visibly) that way."""
    if clip.contains_region(region):
        return None
    if widget.is_container and not (widget.styles.border or widget.border_title):
        return None  # a plain box: what it holds is checked widget by widget
    node = widget.parent
    while isinstance(node, Widget):
        inner = screen.region if node is screen else _inner(node)
        if not inner.contains_region(region):
            vertical = region.y < inner.y or region.bottom > inner.bottom
            horizontal = region.x < inner.x or region.right > inner.right
            if (not vertical or _scrolls_visibly(node, vertical=True)) and (
                not horizontal or _scrolls_visibly(node, vertical=False)
            ):
                return None  # scrolled out of view, and the scroll bar says there is more
            edges = [
                edge
                for edge, past in (
                    ("top", region.y < inner.y),
                    ("bottom", region.bottom > inner.bottom),
                    ("left", region.x < inner.x),
                    ("right", region.right > inner.right),
                )
                if past
            ]
            return Problem(
                "cut",
                describe(widget),
                f"its box {tuple(region)} reaches past the {' and '.join(edges)} edge of "
                f"{describe(node)} {tuple(inner)}",
            )
        if node is screen:
            break
        node = node.parent
    return Problem("cut", describe(widget), f"its box {tuple(region)} is clipped to {tuple(clip)}")


def _overflows(screen: Screen, widget: Widget) -> list[Problem]:
    """Text needing more room than the widget's own box gives it."""
    problems: list[Problem] = []
    if isinstance(widget, Input):
        return problems  # an input scrolls its value to the cursor by design
    if widget.is_scrollable:
        if widget.is_container:
            return problems  # its children are checked one by one
        area = widget.scrollable_content_region
        virtual = widget.virtual_size
        for vertical, needed, has in (
            (True, virtual.height, area.height),
            (False, virtual.width, area.width),
        ):
            if needed > has and not _scrolls_visibly(widget, vertical=vertical):
                what = "lines" if vertical else "columns"
                problems.append(
                    Problem(
                        "overflows",
                        describe(widget),
                        f"needs {needed} {what}, shows {has}, and no scroll bar says so",
                    )
                )
        return problems
    if widget.is_container:
        return problems
    text = plain_text(widget)
    if text is None:
        return problems
    content = widget.content_region
    if content.width <= 0 or content.height <= 0:
        return problems
    styles = widget.styles
    needed_height = widget.get_content_height(content.size, screen.size, content.width)
    if needed_height > content.height:
        problems.append(
            Problem(
                "overflows",
                describe(widget),
                f"needs {needed_height} lines, has {content.height}: {_brief(text)}",
            )
        )
    if styles.text_wrap == "nowrap":
        needed_width = widget.get_content_width(content.size, screen.size)
        if needed_width > content.width and styles.text_overflow != "ellipsis":
            problems.append(
                Problem(
                    "overflows",
                    describe(widget),
                    f"needs {needed_width} columns, has {content.width}: {_brief(text)}",
                )
            )
    else:
        long_words = [word for word in text.split() if cell_len(word) > content.width]
        if long_words:
            problems.append(
                Problem(
                    "overflows",
                    describe(widget),
                    f"{_brief(long_words[0])} is wider than its {content.width} columns, "
                    "so it is folded mid-word",
                )
            )
    return problems


def _brief(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= limit else flat[: limit - 1] + "…")


def _covered(screen: Screen, widget: Widget, region: Region, visible: Region) -> list[Problem]:
    """Cells of this widget's text where the screen shows another widget instead."""
    lines = widget.render_lines(Region(0, 0, region.width, region.height))
    over: dict[Widget, list[str]] = {}
    for row, strip in enumerate(lines):
        y = region.y + row
        if not visible.y <= y < visible.bottom:
            continue
        x = region.x
        for segment in strip:
            if segment.control:
                continue
            for char in segment.text:
                width = cell_len(char)
                if char.strip() and ord(char) not in NOT_TEXT and visible.contains(x, y):
                    try:
                        top, _ = screen.get_widget_at(x, y)
                    except NoWidget:
                        top = None
                    if top is not None and top is not widget:
                        over.setdefault(top, []).append(char)
                x += width
    return [
        Problem(
            "covered",
            describe(widget),
            f"{len(chars)} cells of its text ({_brief(''.join(chars), 20)}) lie under "
            f"{describe(top)}",
        )
        for top, chars in over.items()
    ]


def _out_of_sight(screen: Screen, selectors: Sequence[str]) -> list[Problem]:
    problems: list[Problem] = []
    whole = screen.region
    for selector in selectors:
        for widget in screen.query(selector):
            if not _shown(widget) or not all(
                a.display for a in widget.ancestors if isinstance(a, Widget)
            ):
                continue
            try:
                geometry = screen.find_widget(widget)
            except NoWidget:
                problems.append(Problem("out of sight", describe(widget), "not laid out at all"))
                continue
            region = geometry.region
            if not (whole.contains_region(region) and geometry.clip.contains_region(region)):
                problems.append(
                    Problem(
                        "out of sight",
                        describe(widget),
                        f"must always be seen, but its box {tuple(region)} is not wholly "
                        f"inside the visible {tuple(geometry.clip.intersection(whole))}",
                    )
                )
    return problems


def shown_widgets(screen: Screen) -> Iterable[Widget]:
    """Every widget the screen has laid out and would draw (toasts included)."""
    for widget in screen.walk_children(Widget, with_self=False):
        if not _shown(widget):
            continue
        try:
            geometry = screen.find_widget(widget)
        except NoWidget:
            continue  # not displayed, or inside something that isn't
        if geometry.region.area:
            yield widget


def layout_problems(screen: Screen, must_see: Sequence[str] = ()) -> list[Problem]:
    """Everything wrong with how ``screen`` lays out right now; an empty list when nothing is."""
    problems: list[Problem] = []
    whole = screen.region
    for widget in shown_widgets(screen):
        geometry = screen.find_widget(widget)
        region, clip = geometry.region, geometry.clip
        if (cut := _cut(screen, widget, region, clip)) is not None:
            problems.append(cut)
        problems.extend(_overflows(screen, widget))
        visible = clip.intersection(region).intersection(whole)
        if visible.area:
            problems.extend(_covered(screen, widget, region, visible))
    problems.extend(_out_of_sight(screen, must_see))
    return problems
