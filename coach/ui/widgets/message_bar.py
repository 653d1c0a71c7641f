"""A screen's own line for what coach says (a refusal, an undo hint, the notice): never over text.

Textual's toasts float over the bottom right of the screen, and on a full 80×24 screen that is
where the player's "Next:" line and the history list are: for 15 s they could not be read. A
screen that has no room to spare holds a MessageBar in its layout instead; the app sends it
every notification (``CoachApp.notify``), and the screen's toasts are hidden, so what is said
takes its own lines and covers nothing. The severity is said in words and a mark, not colour
alone. The message stays for its timeout, or until the next one replaces it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from textual.content import Content
from textual.notifications import SeverityLevel
from textual.timer import Timer

from coach.ui.widgets.fitted import fitted_lines
from coach.ui.widgets.plain import Static

MARKS: dict[str, str] = {"information": "", "warning": "⚠ ", "error": "✗ "}
"""What each severity looks like without colour."""

INLINE_CLASS = "-coach-message-bar"
"""Set on a screen that holds a MessageBar: its toasts are hidden (coach.tcss)."""
SHOWN_CLASS = "-coach-message-shown"
"""Set on the screen while its MessageBar shows something, so the screen can make room."""


@dataclass(frozen=True)
class Said:
    """One notification as the app said it, with when it stops being shown (real time, as
    Textual's toasts)."""

    message: str
    title: str
    severity: SeverityLevel
    timeout: float
    until: float = field(default=0.0)

    def __post_init__(self) -> None:
        if not self.until:
            object.__setattr__(self, "until", time.monotonic() + self.timeout)

    @property
    def left(self) -> float:
        return self.until - time.monotonic()


class MessageBar(Static):
    """Hidden until something is said; then the message, fitted to ``max_lines``."""

    DEFAULT_CSS = """
    MessageBar {
        display: none;
        height: auto;
        padding: 0 1;
        background: $panel;
    }
    MessageBar.-shown {
        display: block;
    }
    MessageBar.-warning {
        color: $text-warning;
    }
    MessageBar.-error {
        color: $text-error;
    }
    """

    def __init__(self, *, max_lines: int = 3, **options: Any) -> None:
        super().__init__("", **options)
        self.max_lines = max_lines
        self.message: str | None = None
        self._said: tuple[str, str, SeverityLevel] | None = None
        self._timer: Timer | None = None

    def on_mount(self) -> None:
        self.screen.add_class(INLINE_CLASS)
        said = getattr(self.app, "said", None)  # the app's last notification (CoachApp.said)
        if isinstance(said, Said):
            self.show_said(said)

    def show_said(self, said: Said) -> None:
        if said.left > 0:
            self.say(said.message, title=said.title, severity=said.severity, timeout=said.left)

    def say(self, message: str, *, title: str, severity: SeverityLevel, timeout: float) -> None:
        """Show ``message`` (under ``title``) for ``timeout`` seconds, replacing what was shown."""
        self._said = (message, title, severity)
        self.message = message
        for level in MARKS:
            self.set_class(level == severity, f"-{level}")
        self._fit()
        self.add_class("-shown")
        self.screen.add_class(SHOWN_CLASS)
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(timeout, self.clear)

    def clear(self) -> None:
        self._said = None
        self.message = None
        self.remove_class("-shown")
        if self.is_attached:
            self.screen.remove_class(SHOWN_CLASS)
        self.update("")

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        if self._said is None:
            return
        message, title, severity = self._said
        width = (self.content_region.width or self.app.size.width - 6) + 2  # no bullet indent
        lead = MARKS.get(severity, "") + (f"{title}: " if title else "")
        lines = [
            line[2:] for line in fitted_lines([lead + message], width, self.max_lines)
        ]  # fitted_lines indents under a bullet; a message has none
        text = "\n".join(lines)
        if title and text.startswith(MARKS.get(severity, "") + title):
            bold = len(MARKS.get(severity, "")) + len(title) + 1
            self.update(Content(text).stylize("bold", 0, bold))
        else:
            self.update(Content(text))
