"""A warning line for when the log cannot be written: what failed and exactly what is waiting."""

from __future__ import annotations

from coach.ui.widgets.plain import Static


def trouble_text(reason: str, waiting: tuple[str, ...], *, running: bool) -> str:
    """One short paragraph: why, what is held in memory, and what happens next."""
    rows = f"{len(waiting)} row{'s' if len(waiting) != 1 else ''}"
    head = f"⚠ {reason[:1].upper()}{reason[1:]}."
    if running:
        return f"{head} The routine goes on; {rows} wait in memory and are written when it can."
    return f"{head} Not saved yet: {'; '.join(waiting)}. coach keeps trying while it is open."


class LogTroubleBanner(Static):
    """Hidden until a write fails; hidden again once every waiting row is written."""

    DEFAULT_CSS = """
    LogTroubleBanner {
        display: none;
        color: $text-error;
        background: $error-muted;
        height: auto;
        margin-top: 1;
        padding: 0 1;
    }
    LogTroubleBanner.-shown {
        display: block;
    }
    """

    def show_trouble(self, reason: str | None, waiting: tuple[str, ...], *, running: bool) -> None:
        shown = bool(reason and waiting)
        self.set_class(shown, "-shown")
        if shown and reason is not None:
            self.update(trouble_text(reason, waiting, running=running))
