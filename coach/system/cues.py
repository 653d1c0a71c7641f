"""What a cue sounds like: the terminal bell, and optionally a spoken phrase.

The player decides *when* a cue happens; this module decides what the person hears. Speech uses
whichever speech program is installed and never blocks the app: it is started and left to run.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from coach.core.player import Cue, CueKind, Segment
from coach.core.text_rules import clean

SPEECH_PROGRAMS: tuple[tuple[str, ...], ...] = (("spd-say",), ("espeak-ng",), ("say",))


def find_speech_program() -> list[str] | None:
    """The first speech command on PATH, or None."""
    for program in SPEECH_PROGRAMS:
        if shutil.which(program[0]):
            return list(program)
    return None


def _seconds_phrase(seconds: float) -> str:
    seconds = round(seconds)
    if seconds >= 60 and seconds % 60 == 0:
        minutes = seconds // 60
        return f"{minutes} minute" + ("s" if minutes != 1 else "")
    return f"{seconds} seconds"


def describe(segment: Segment) -> str:
    """``Pigeon stretch, left side. 60 seconds.`` — what is about to happen, spoken."""
    step = segment.step
    phrase = step.name
    if segment.side:
        phrase += f", {segment.side} side"
    if segment.duration is not None and step.reps is None:
        phrase += f". {_seconds_phrase(segment.duration)}."
    elif step.reps is not None:
        phrase += f". {step.reps} reps."
    return phrase


def spoken(cue: Cue) -> str | None:
    """The phrase for a cue, or None when a cue is better left to the bell."""
    segment = cue.segment
    if cue.kind is CueKind.COUNT:
        return str(cue.number)
    if cue.kind is CueKind.GO and segment is not None:
        return describe(segment)
    if cue.kind is CueKind.SWITCH:
        return "Switch sides."
    if cue.kind is CueKind.REST:
        return "Rest."
    if cue.kind is CueKind.FINISH:
        return "Routine complete. Well done."
    return None


def rings(cue: Cue) -> bool:
    """The bell marks 3-2-1, switch sides, the end of a hold and the end of the routine."""
    return cue.kind in (CueKind.COUNT, CueKind.SWITCH, CueKind.END, CueKind.FINISH)


@dataclass
class CueSounder:
    """Turns cues into sound; ``bell`` and ``say`` are injected so tests can listen."""

    bell: Callable[[], None]
    sound: bool = True
    speech: bool = False
    speech_command: Sequence[str] | None = None
    say: Callable[[str], None] | None = None

    def __post_init__(self) -> None:
        if self.say is None:
            self.say = self._speak_with_program

    def play(self, cues: Sequence[Cue]) -> None:
        """Sound the cues that are on time; at most one bell per batch."""
        if not self.sound:
            return
        fresh = [c for c in cues if not c.late]
        if any(rings(c) for c in fresh):
            self.bell()
        if self.speech and self.say is not None:
            phrases = [p for c in fresh if (p := spoken(c))]
            if phrases:
                # step names come from routine files: no control characters to the speech program
                self.say(clean(" ".join(phrases)))

    def _speak_with_program(self, text: str) -> None:
        command = self.speech_command or find_speech_program()
        if not command:
            return
        with contextlib.suppress(OSError):
            subprocess.Popen(
                # a phrase starting with "-" would be read as an option, " -" is text
                [*command, f" {text}" if text.startswith("-") else text],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
