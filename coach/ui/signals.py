"""What changed, published once by its owner; screens subscribe instead of being walked to.

Like Textual's own ``App.theme_changed_signal``: the app (or the break prompter) publishes, and a
screen that shows what changed subscribes in ``on_mount`` and repaints itself. Nothing walks the
screen stack looking for screens to refresh, and a screen doesn't need to know who changed what.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.dom import DOMNode
from textual.signal import Signal

from coach.services.config import Config


@dataclass(frozen=True)
class Signals:
    breaks: Signal[bool]
    """Published by the break prompter: ``True`` when break rows were written (today's tally may
    change), ``False`` on a tick (only the countdown moves)."""
    settings: Signal[Config]
    """Published by the app with the settings now in use, after setup or a theme change."""
    log: Signal[None]
    """Published by the app after it wrote to the log for a screen that didn't (a rest day)."""

    @classmethod
    def owned_by(cls, owner: DOMNode) -> Signals:
        return cls(
            breaks=Signal(owner, "breaks-changed"),
            settings=Signal(owner, "settings-changed"),
            log=Signal(owner, "log-changed"),
        )
