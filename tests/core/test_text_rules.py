"""The one definition of a control character, shared by the routine check and the safe-text rule."""

from __future__ import annotations

import pytest

from coach.core.text_rules import control_characters, describe, has_control_characters, is_control


@pytest.mark.parametrize(
    "character",
    ["\x00", "\x07", "\x08", "\t", "\n", "\r", "\x1b", "\x7f", "\x85", "\x9b", "\x9d"]
    + ["\u061c", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"]
    + ["\u2066", "\u2067", "\u2068", "\u2069", "\udcff"],
)
def test_controls_are_controls(character: str):
    assert is_control(character)
    assert has_control_characters(f"a{character}b")


@pytest.mark.parametrize("character", ["a", " ", "[", "é", "✓", "\u200d", "\u200b", "\u00a0", "😀"])
def test_text_is_not_control(character: str):
    assert not is_control(character)
    assert not has_control_characters(f"a{character}b")


def test_distinct_in_order_and_allow():
    text = "x\x1b]0;t\x07\x1b[2J\tline\n"
    assert control_characters(text) == ["\x1b", "\x07", "\t", "\n"]
    assert control_characters(text, allow="\t\n") == ["\x1b", "\x07"]
    assert not has_control_characters("two\nlines\tok", allow="\t\n")


def test_describe():
    assert describe("\x1b") == "U+001B"
    assert describe("\u202e") == "U+202E"


def test_clean_drops_controls_and_keeps_the_rest():
    from coach.core.text_rules import clean

    assert clean("a\x1b]0;pwned\x07b") == "a]0;pwnedb"
    assert clean("Stretch [/] 2") == "Stretch [/] 2"
    assert clean("x\r\ny\rz\tq") == "x yz q"
    assert clean("x\r\ny\rz\tq", lines=True) == "x\nyz q"
    assert clean("p\udcffq") == "p\ufffdq"
