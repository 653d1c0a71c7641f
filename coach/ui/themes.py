"""Colour themes: Textual's own, plus one high-contrast theme for 16-colour and light terminals.

Textual's built-in themes are truecolor palettes: on a terminal limited to 16 colours their
subtle surfaces collapse, and the dark ones assume a dark background. ``coach-high-contrast``
uses the terminal's own foreground and background and only the ANSI hues that read on both
white and black (blue, magenta, red, green; never yellow or cyan), with no dimmed text, so it
reads the same under ``TERM=xterm``, in a light terminal and in a dark one.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from textual.theme import BUILTIN_THEMES, Theme

from coach.services.config import ConfigError

HIGH_CONTRAST = Theme(
    name="coach-high-contrast",
    ansi=True,
    primary="ansi_blue",
    secondary="ansi_magenta",
    accent="ansi_blue",
    warning="ansi_magenta",
    error="ansi_red",
    success="ansi_green",
    foreground="ansi_default",
    background="ansi_default",
    surface="ansi_default",
    panel="ansi_default",
    boost="ansi_default",
    dark=False,
    variables={
        "ansi-background": "ansi_default",
        "ansi-foreground": "ansi_default",
        "text-muted": "ansi_default",
        "text-disabled": "ansi_default",
        "foreground-muted": "ansi_default",
        "border": "ansi_default",
        "border-blurred": "ansi_default",
        "block-cursor-foreground": "ansi_default",
        "block-cursor-background": "ansi_default",
        "block-cursor-text-style": "reverse bold",
        "block-cursor-blurred-foreground": "ansi_default",
        "block-cursor-blurred-background": "ansi_default",
        "block-cursor-blurred-text-style": "reverse",
        "block-hover-background": "ansi_default",
        "footer-key-foreground": "ansi_default",
        "footer-description-foreground": "ansi_default",
        "input-cursor-text-style": "reverse",
        "input-selection-background": "ansi_blue",
        "input-selection-foreground": "ansi_default",
        "scrollbar": "ansi_default",
        "scrollbar-background": "ansi_default",
        "button-foreground": "ansi_default",
    },
)

COACH_THEMES: tuple[Theme, ...] = (HIGH_CONTRAST,)


def theme_names() -> list[str]:
    """Every theme ``[ui] theme`` may name: Textual's built-ins and coach's own."""
    return sorted({*BUILTIN_THEMES, *(theme.name for theme in COACH_THEMES)})


def check_theme(theme: str, path: Path | None) -> None:
    """Raise ConfigError, naming the file and key, when ``theme`` is not a theme coach has."""
    names = theme_names()
    if theme not in names:
        close = difflib.get_close_matches(theme, names, n=1)
        hint = f' (did you mean "{close[0]}"?)' if close else ""
        raise ConfigError(
            path or Path("config.toml"),
            "[ui] theme",
            f'unknown theme "{theme}"{hint}; choose one of: {", ".join(names)}',
        )
