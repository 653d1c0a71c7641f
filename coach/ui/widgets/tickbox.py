"""A checkbox that reads without colour: ticked shows X, unticked shows an empty box."""

from __future__ import annotations

from textual.widgets import Checkbox


class TickBox(Checkbox):
    """Textual's checkbox draws X either way and tells them apart by colour alone, which is lost
    in a 16-colour or monochrome terminal; this one leaves the box empty when unticked."""

    BUTTON_INNER = " "

    def watch_value(self) -> None:
        """The glyph follows the value (set before the parent marks ``-on`` and posts Changed)."""
        self.BUTTON_INNER = "X" if self.value else " "
        super().watch_value()
