"""What counts as a control character in user text: the one definition.

A routine file, a settings value or a typed note is data. A character in it that steers a
terminal (C0 and C1 controls, ESC starting a CSI/OSC/DCS sequence, BEL, BS, CR, DEL) or reorders
what is shown (the Unicode bidi embeddings, overrides, isolates and marks) is never meant to be
shown. The routine check (core) names the field that holds one; the safe-text rule
(``coach.text.safe``) drops them before anything reaches a screen. Both read this module, so
they can't disagree about what is a control character. Lone surrogates (how Python carries a file
name's undecodable bytes) count too: they can't be written to a terminal at all.

Zero-width joiners and spaces are left alone: they steer nothing, and emoji and several scripts
need them.
"""

from __future__ import annotations

import re

BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
"""Arabic letter mark, LRM/RLM, the embeddings and overrides U+202A–U+202E, the isolates
U+2066–U+2069: they make text show in an order other than the one it is stored in."""

CONTROL = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
"""One control character: C0 (tab and line feed included), DEL, C1, a bidi control or a lone
surrogate. Callers that allow tabs or line breaks say so (see :func:`control_characters`)."""

LINE_BREAK = "\r\n|[\n\v\f\x85\u2028\u2029]"
"""What ends a line in text from a file: CR LF, LF, VT, FF, NEL and the Unicode separators. A lone
CR is not one: it is how a string overwrites what was shown before it, so it is dropped. Only LF
(and CR LF) is kept as a line break where lines are kept: the others break lines in some programs
and not in others, so they are shown as a space."""

_SURROGATE = "[\ud800-\udfff]"
_DROPPED = "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"


def is_control(character: str) -> bool:
    """True if ``character`` steers a terminal or the order of text instead of showing."""
    return CONTROL.fullmatch(character) is not None


def control_characters(text: str, *, allow: str = "") -> list[str]:
    """The distinct control characters in ``text`` in order of first appearance, skipping
    those in ``allow`` (e.g. ``"\\t\\n"`` for a multi-line description)."""
    if text.isprintable():  # the common case: nothing to look for
        return []
    found: dict[str, None] = {}
    for match in CONTROL.finditer(text):
        if match.group() not in allow:
            found.setdefault(match.group())
    return list(found)


def has_control_characters(text: str, *, allow: str = "") -> bool:
    """True if ``text`` holds a control character not in ``allow``."""
    return bool(control_characters(text, allow=allow))


def describe(character: str) -> str:
    """A control character as a person can read it in an error line: ``U+001B``."""
    return f"U+{ord(character):04X}"


def clean(text: str, *, lines: bool = False) -> str:
    """``text`` as it may be shown: every control character dropped, a tab as a space, each line
    break as a space (with ``lines``, LF and CR LF as ``\\n``), a lone surrogate as U+FFFD.

    Everything else is kept exactly, markup-looking brackets included: what is shown is what was
    written, less what would steer the terminal.
    """
    if text.isprintable():  # the common case costs one C-level scan
        return text
    # patterns, not compiled ones: re compiles them on the first text that needs it (most never
    # does), so importing this costs ``coach status`` nothing
    text = re.sub(LINE_BREAK, _kept_break if lines else " ", text).replace("\t", " ")
    return re.sub(_DROPPED, "", re.sub(_SURROGATE, "\ufffd", text))


def _kept_break(match: re.Match[str]) -> str:
    return "\n" if match.group() in ("\n", "\r\n") else " "
