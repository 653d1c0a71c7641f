"""The text of a new routine file: a commented starter, or a copy of an existing routine.

Text only; the CLI writes it. A starter must load as it is (a test checks), so a person can
play it at once and change one thing at a time.
"""

from __future__ import annotations

import json
import re

from coach.core.routine import ID_PATTERN
from coach.core.text_rules import clean

STARTER = """\
# {name}: your own routine. coach loads every *.toml file in this folder when it starts.
#   check it:  coach routines check {path}
#   play it:   coach run {id}
# Every field is described in coach's README, under "Routine files".

# The id is how `coach run` finds it; a built-in's id here replaces that routine.
id = {id_toml}
name = {name_toml}
description = "What this routine is for, in a sentence."
# morning, desk, pre-lift, cool-down, gentle, or your own
tags = ["gentle"]

# A timed hold on each side: left, then "switch sides", then right.
[[steps]]
name = "Pigeon stretch"
duration = 60              # seconds to hold
sides = true
cues = ["Square your hips", "Breathe into the stretch"]   # up to 3, short
rest_after = 10            # seconds of rest before the next step

# Reps at a beat (a paced step): 10 reps, 6 seconds each.
[[steps]]
name = "Cat-cow"
reps = 10
seconds_per_rep = 6
cues = ["Inhale: drop the belly", "Exhale: round the spine"]
rest_after = 10

# Reps at your own pace: no seconds_per_rep, so coach waits until you press space.
[[steps]]
name = "Glute bridges"
reps = 12
sets = 2                   # the whole step twice …
rest_between_sets = 20     # … with 20 s between
cues = ["Squeeze at the top"]
"""


def routine_id_for(name: str) -> str:
    """``"My Hips!"`` → ``"my-hips"`` (``my-hips.toml`` too); empty when nothing is left."""
    name = name.removesuffix(".toml")
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def display_name(name: str, routine_id: str) -> str:
    """The name to show: what the person typed (less any control characters, which the routine
    check would refuse), or the id made readable."""
    name = clean(name.removesuffix(".toml"))
    if name != routine_id:
        return name.strip()
    return routine_id.replace("-", " ").capitalize()


def starter_text(routine_id: str, name: str, path: str) -> str:
    assert ID_PATTERN.fullmatch(routine_id), routine_id
    return STARTER.format(
        id=routine_id,
        name=name,
        path=path,
        id_toml=json.dumps(routine_id),
        name_toml=json.dumps(name, ensure_ascii=False),
    )


def copied_text(source: str, source_id: str, routine_id: str, name: str, origin: str) -> str:
    """Another routine's file under a new id (and a new name, unless it replaces that routine)."""
    head, marker, steps = source.partition("\n[")
    lines = head.split("\n")
    replacing = routine_id == source_id
    found_id = False
    for index, line in enumerate(lines):
        key = line.split("=", 1)[0].strip()
        if key == "id":
            lines[index] = f"id = {json.dumps(routine_id)}"
            found_id = True
        elif key == "name" and not replacing:
            lines[index] = f"name = {json.dumps(name, ensure_ascii=False)}"
    if not found_id:
        lines.insert(0, f"id = {json.dumps(routine_id)}")
    note = (
        f"# Your copy of {origin}; it replaces that routine while this file exists."
        if replacing
        else f"# Started from {origin}."
    )
    return "\n".join([note, *lines]) + marker + steps
