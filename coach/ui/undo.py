"""``u`` and ``U`` on every screen that edits the history: the app's one journal of edits
(:class:`coach.services.edits.Edits`), so an edit made on home is undone from history too."""

from __future__ import annotations

from textual.binding import Binding


def undo_bindings(screen: str, *, show: bool) -> list[Binding]:
    """The two keys, with ids under ``screen`` (``history.undo``) so they can be remapped there;
    the app offers them only while there is something to undo or redo."""
    return [
        Binding(
            "u",
            "app.undo_edit",
            "Undo",
            show=show,
            tooltip="take back the last edit to the history (each message says which)",
            id=f"{screen}.undo",
        ),
        Binding(
            "U",
            "app.redo_edit",
            "Redo",
            show=False,
            tooltip="make the last undone edit again",
            id=f"{screen}.redo",
        ),
    ]
