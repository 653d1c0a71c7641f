"""Help: every key of the screen underneath, as it is bound now, and what coach is for.

The rows come from the screen's active bindings at the moment ``?`` was pressed, so they show
the keys a ``[keys]`` remap gave, and the binding ids to remap them with.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer

from coach.text.safe import rich_text
from coach.ui.widgets.plain import Label, Static

ABOUT = (
    "coach walks you through short mobility routines with a countdown and a cue at each "
    "change, nudges you to stand up while you work, and logs what you did in a local file. "
    "ctrl+p: the command palette."
)


@dataclass(frozen=True)
class KeyRow:
    keys: str
    does: str
    binding_id: str


def key_rows(screen: Screen[Any]) -> list[KeyRow]:
    """The screen's keys, one row per action, coach's own (with ids) first."""
    app = screen.app
    grouped: dict[tuple[int, str], tuple[list[str], Binding]] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if binding.system:
            continue
        group = (id(active.node), binding.id or binding.action)
        keys, _ = grouped.setdefault(group, ([], binding))
        display = app.get_key_display(binding)
        if display not in keys:
            keys.append(display)
    rows = [
        KeyRow(" ".join(keys), binding.tooltip or binding.description, binding.id or "")
        for keys, binding in grouped.values()
    ]
    return sorted(rows, key=lambda row: row.binding_id == "")


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"
    BINDINGS = [
        Binding("escape,?,q", "dismiss", "Close", tooltip="close this help", id="help.close"),
    ]

    def __init__(self, title: str, rows: list[KeyRow]) -> None:
        super().__init__()
        self.title_text = title
        self.rows = rows

    @classmethod
    def for_screen(cls, screen: Screen[Any]) -> HelpScreen:
        return cls(f"Keys · {type(screen).__name__.removesuffix('Screen')}", key_rows(screen))

    def compose(self) -> ComposeResult:
        with Vertical(id="help"):
            yield Label(self.title_text, id="help-title")
            yield Static(ABOUT, id="help-about")
            with VerticalScroll(id="help-scroll"):
                yield Static(self.keys_table(), id="help-keys")
            yield Label(
                Content(
                    "Remap a key by its id under [keys] in the settings file (see the README)."
                ),
                id="help-hint",
            )
        yield Footer()

    def keys_table(self) -> Table:
        table = Table(box=None, expand=True, padding=(0, 2, 0, 0), show_edge=False)
        table.add_column("key", style="bold", no_wrap=True)
        table.add_column("id", style="italic", no_wrap=True)
        table.add_column("does", ratio=1)
        for row in self.rows:
            table.add_row(rich_text(row.keys), rich_text(row.binding_id), rich_text(row.does))
        return table

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()
