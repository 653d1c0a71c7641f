"""Toggles that read without colour: a ticked box shows X, an unticked one is empty; the chosen
radio button is ●, the others ○."""

from __future__ import annotations

from textual.widgets import Checkbox, RadioButton


class TickBox(Checkbox):
    """Textual's checkbox draws X either way and tells them apart by colour alone, which is lost
    in a 16-colour or monochrome terminal; this one leaves the box empty when unticked."""

    BUTTON_INNER = " "

    def watch_value(self) -> None:
        """The glyph follows the value (set before the parent marks ``-on`` and posts Changed)."""
        self.BUTTON_INNER = "X" if self.value else " "
        super().watch_value()


class RadioChoice(RadioButton):
    """Textual's radio button draws ● for every choice and shows the chosen one by colour alone;
    this one draws ○ for the others, so the choice reads in any terminal."""

    BUTTON_INNER = "○"

    def watch_value(self) -> None:
        """As :meth:`TickBox.watch_value`: the glyph follows the value."""
        self.BUTTON_INNER = "●" if self.value else "○"
        super().watch_value()
