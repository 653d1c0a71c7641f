"""Every printing command, with hostile text in every field it can print: data, never a command.

Each string of ``tests/hostile.py`` goes into a routine file (name, description, tags, a step's
name and cues; the id, where the pattern refuses it; the file's name), the settings file (the
break routine's id), the log (a session's routine id and name, its note, a step's name) and the
paths given on the command line. Then every command that prints runs in-process: none raises,
none writes a control character or a bidi override, what they name is shown as written, and
the JSON they print parses back to exactly what was stored.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from coach.cli.main import main
from coach.core.routine import ID_PATTERN
from coach.core.vocabulary import SessionStatus
from coach.services.config import load_config
from coach.services.routines import load_all
from coach.store import Store
from coach.system.paths import (
    builtin_routines_dir,
    config_path,
    db_path,
    user_exercises_dir,
    user_routines_dir,
)
from tests.hostile import HOSTILE, leaked, shown

NOW = datetime(2026, 11, 25, 7, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string: every character that isn't plain ASCII escaped."""
    out = []
    for character in text:
        code = ord(character)
        if character in '"\\':
            out.append("\\" + character)
        elif 0x20 <= code < 0x7F:
            out.append(character)
        else:
            out.append(f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def file_name(text: str) -> str:
    """``text`` as much as a file name can hold (no slash, no NUL, within NAME_MAX bytes)."""
    name = text.replace("/", "_").replace("\x00", "_")
    while len(name.encode("utf-8", "surrogateescape")) > 200:
        name = name[:-1]
    return name


def routine_file(routine_id: str, text: str) -> str:
    cue = toml_string(text[:80])
    return (
        f"id = {routine_id}\nname = {toml_string(text)}\ndescription = {toml_string(text)}\n"
        f"tags = [{toml_string(text[:40])}]\n\n[[steps]]\nname = {toml_string(text)}\n"
        f"duration = 20\ncues = [{cue}]\n"
    )


def a_hostile_home(tmp_path: Path, text: str) -> dict[str, Any]:
    """Routine files, settings and a log that hold ``text`` wherever they can."""
    routines = user_routines_dir()
    routines.mkdir(parents=True)
    files = {"routine": routines / "hostile.toml", "bad_id": routines / "bad-id.toml"}
    files["routine"].write_text(routine_file('"hostile"', text), encoding="utf-8")
    if "\udcff" not in text:  # a lone surrogate can't be in a UTF-8 file, only in its name
        files["bad_id"].write_text(routine_file(toml_string(text), text), encoding="utf-8")
    exercises = user_exercises_dir()
    exercises.mkdir(parents=True)
    (exercises / "hostile.toml").write_text(
        f"name = {toml_string(text)}\ndescription = {toml_string(text.replace(chr(10), ' '))}\n"
        f"cues = [{toml_string(text[:80])}]\n",
        encoding="utf-8",
    )
    named = routines / f"{file_name(text)}.toml"
    named.write_bytes(b'name = "Named after its file"\n')  # its id (the file's stem) is refused
    files["named"] = named
    config = routines.parent / "config.toml"
    if "\udcff" not in text:
        config.write_text(f"[breaks]\nroutine = {toml_string(text)}\n", encoding="utf-8")
    files["log"] = db_path()
    store = Store.open(files["log"])
    stored = text.replace("\udcff", "\ufffd")  # what a note typed in coach could hold
    session_id = store.start_session(
        routine_id=stored, routine_name=stored, tags=("desk",), planned_seconds=60, now=NOW
    )
    store.record_step(
        session_id,
        position=0,
        step_number=1,
        exercise=stored,
        side=None,
        set_number=1,
        kind="hold",
        planned_seconds=20,
        reps=None,
        active_seconds=20,
        outcome="done",
        started=NOW,
        ended=NOW,
    )
    store.finish_session(session_id, status=SessionStatus.COMPLETED, now=NOW, active_seconds=20)
    store.set_note(session_id, stored)
    note = store.session(session_id)["note"]
    store.close()
    files["note"] = note
    files["elsewhere"] = tmp_path / f"{file_name(text)}.json"
    return files


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """Run one command; the output, checked to hold no control character."""
    code = main(argv)
    captured = capsys.readouterr()
    output = captured.out + captured.err
    assert code in (0, 1, 2), (argv, code)
    assert not leaked(output), f"coach {' '.join(argv)} wrote {leaked(output)!r}"
    assert "Traceback" not in output
    return output


def needs_no_quoting(text: str) -> bool:
    """Whether an error line quoting ``text`` shows it as it is (JSON-style quoting escapes
    backslashes and control characters, which is how an error keeps to one line)."""
    return json.dumps(text, ensure_ascii=False)[1:-1] == text


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_every_printing_command_shows_hostile_text_as_data(
    text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    files = a_hostile_home(tmp_path, text)
    loaded = load_all(builtin_routines_dir(), user_routines_dir())

    listing = run(["routines"], capsys)
    hostile = loaded.get("hostile")
    if hostile is not None:
        assert shown(hostile.name) in listing  # the name, exactly as written
    else:  # refused for what it holds: the error says which file
        assert "hostile.toml" in listing

    checked = run(["routines", "check"], capsys)
    assert shown(file_name(text)) in checked  # the file named after it is named as it is
    refused = files["bad_id"].exists() and not ID_PATTERN.fullmatch(text)
    if needs_no_quoting(text) and refused:
        assert shown(text) in checked  # the refused id, quoted as written
    run(["routines", "check", str(files["routine"]), str(files["named"])], capsys)

    settings = run(["config", "show"], capsys)
    if needs_no_quoting(text) and "\udcff" not in text:
        in_force = load_config(config_path()).breaks.routine  # as the settings read it
        assert shown(in_force) in settings
    run(["config", "path"], capsys)
    run(["exercises"], capsys)
    run(["exercises", "show", "hostile"], capsys)
    run(["exercises", "show", text], capsys)
    run(["status"], capsys)
    run(["status", "--format", "json"], capsys)
    run(["history"], capsys)
    run(["history", "--format", "json"], capsys)

    exported = run(["export"], capsys)
    sessions = json.loads(exported)["tables"]["sessions"]
    assert [s["note"] for s in sessions] == [files["note"]]  # exactly what the log holds
    assert [s["routine_name"] for s in sessions] == [text.replace("\udcff", "\ufffd")]

    if not ID_PATTERN.fullmatch(text):  # no routine has it as its id: refused in one line
        run(["run", text], capsys)
        if "\udcff" not in text:  # the settings name it as the break routine
            run(["break", "now"], capsys)
    run(["import", str(files["elsewhere"])], capsys)
    run(["merge", str(files["elsewhere"])], capsys)
    backup = run(["backup", str(tmp_path / file_name(text))], capsys)
    assert shown(str(tmp_path / file_name(text))) in backup
    run(["routines", "new", text], capsys)
