"""Hostile strings: what a shared routine file, a settings value or a typed note might hold.

Each is markup that Textual or Rich would parse (balanced, unbalanced, links, actions, variables),
a terminal control sequence (CSI, OSC, DCS; BEL, BS, CR, C1), a bidi override, or a word too long
for any line. The tests put each in every field a person or a file can write and check it is
shown as written, less its control characters, with nothing reaching the terminal as a control.
"""

from __future__ import annotations

from coach.core.text_rules import clean

MARKUP = [
    "Stretch [/] 2",
    "Squat [/b]",
    "left hip [/] tight",
    "Warm-up [v2]",
    "([breaks] enabled = false)",
    "[b]bold[/b] and [i]open",
    "[link=https://x.example]y[/link]",
    "[@click=app.quit]x[/]",
    "[$accent]var[/] [on red]bg",
    "back\\slash \\[b] [",
    "]] [[ [ ] [/",
]
"""Markup in every form Rich and Textual read: each must come out exactly as written."""

CONTROLS = [
    "\x1b]0;pwned\x07title",
    "\x1b]52;c;aGk=\x07clip",
    "\x1b[2Jclear",
    "\x1bPdcs+q\x1b\\end",
    "bell\x07 back\x08space cr\roverwrite del\x7f",
    "c1 \x9b31m \x9d0;t\x9c nel\x85",
    "bidi \u202eevil\u202c \u2066iso\u2069 \u200fmark",
    "tab\there nul\x00 esc\x1b[31mred\x1b[0m",
    "surrogate \udcff from a file name",
]
"""Control characters that would steer a terminal or reorder text: dropped when shown."""

LONG = ["w" * 300]
"""One word longer than any line: wrapped or cut, never an error."""

HOSTILE = MARKUP + CONTROLS + LONG


def shown(text: str) -> str:
    """What a screen or a command should show for ``text``: the same, less control characters."""
    return clean(text)


CONTROL_BYTES = {chr(c) for c in range(0x20) if chr(c) != "\n"} | {
    chr(c) for c in range(0x7F, 0xA0)
}
"""What must never reach a terminal from user text (line feeds are how lines end)."""
BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def leaked(output: str) -> list[str]:
    """The control or bidi characters in ``output`` (an empty list when it is clean)."""
    return sorted({ch for ch in output if ch in CONTROL_BYTES or ch in BIDI}, key=ord)
