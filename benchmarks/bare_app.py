"""The baseline: the plainest Textual app that still looks like an app (header, a label, footer).

Its start-up, memory and idle CPU are the floor that Python and Textual set; coach's figures are
reported as ratios against it, measured in the same run on the same machine.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Label


class BareApp(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("Hello from a bare Textual app.")
        yield Footer()


if __name__ == "__main__":
    BareApp().run()
