"""coach's copy of Textual's character-to-key-name rule gives the names Textual gives.

Textual's own function is private, so coach's product code may not call it (see
tests/test_architecture.py); this test may, to keep the copy honest for every printable ASCII
character, the tab, and a few letters beyond ASCII.
"""

from __future__ import annotations

import string

import pytest
from textual.keys import _character_to_key

from coach.ui.keymap import character_to_key

CHARACTERS = [*string.printable.strip(), " ", "\t", "é", "ß", "€", "→", "½"]


@pytest.mark.parametrize("character", CHARACTERS, ids=repr)
def test_same_key_name_as_textual(character: str):
    assert character_to_key(character) == _character_to_key(character)


def test_the_names_coach_documents():
    assert [character_to_key(c) for c in "a?/[ ]-+_@\\"] == [
        "a",
        "question_mark",
        "slash",
        "left_square_bracket",
        "space",
        "right_square_bracket",
        "minus",
        "plus",
        "underscore",
        "at",
        "backslash",
    ]
