"""Parsed TOML remembered between starts: the same data as parsing, never stale, never trusted
blindly (coach.system.files.remembered_parses)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from coach.cli.loading import load_routines
from coach.services.routines import load_all
from coach.system import files
from coach.system.files import ROUTINE_LIMIT, FileRefused, load_toml, remembered_parses
from coach.system.paths import builtin_exercises_dir, builtin_routines_dir, parses_path


def bundled_files() -> list[Path]:
    return sorted(builtin_exercises_dir().glob("*.toml")) + sorted(
        builtin_routines_dir().glob("*.toml")
    )


def parsed_without_memory(path: Path) -> dict[str, object]:
    return files.parse_toml(files.read_text_file(path, limit=ROUTINE_LIMIT), path)


def counting_parses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every real parse from now on, by file."""
    seen: list[Path] = []
    real = files.parse_toml

    def parse(text: str, path: Path | str, **options: int) -> dict[str, object]:
        seen.append(Path(path))
        return real(text, path, **options)

    monkeypatch.setattr(files, "parse_toml", parse)
    return seen


def test_every_bundled_file_reads_the_same_from_memory_as_parsed(tmp_path: Path) -> None:
    cache = tmp_path / "parses.json"
    paths = bundled_files()
    with remembered_parses(cache):
        first = [load_toml(p, limit=ROUTINE_LIMIT) for p in paths]
    assert cache.exists()
    with remembered_parses(cache):
        second = [load_toml(p, limit=ROUTINE_LIMIT) for p in paths]
    expected = [parsed_without_memory(p) for p in paths]
    assert first == expected
    assert second == expected
    # the exact types too: an int stays an int, a float a float
    assert [json.dumps(d, sort_keys=True) for d in second] == [
        json.dumps(d, sort_keys=True) for d in expected
    ]


def test_a_second_start_parses_nothing_and_a_changed_file_is_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "parses.json"
    one, two = tmp_path / "one.toml", tmp_path / "two.toml"
    one.write_text('name = "One"\n')
    two.write_text('name = "Two"\n')
    with remembered_parses(cache):
        load_toml(one, limit=ROUTINE_LIMIT), load_toml(two, limit=ROUTINE_LIMIT)
    seen = counting_parses(monkeypatch)
    for _ in range(2):  # and a third start still remembers what the second one used
        with remembered_parses(cache):
            assert load_toml(one, limit=ROUTINE_LIMIT) == {"name": "One"}
    assert seen == []
    two.write_text('name = "Too"\n')  # same size, same second: only the content tells
    with remembered_parses(cache):
        assert load_toml(two, limit=ROUTINE_LIMIT) == {"name": "Too"}
    assert seen == [two]


def test_each_file_gets_its_own_copy(tmp_path: Path) -> None:
    cache = tmp_path / "parses.json"
    a, b = tmp_path / "a.toml", tmp_path / "b.toml"
    for path in (a, b):
        path.write_text("steps = [1, 2]\n")
    with remembered_parses(cache):
        load_toml(a, limit=ROUTINE_LIMIT)
    with remembered_parses(cache):
        first, second = load_toml(a, limit=ROUTINE_LIMIT), load_toml(b, limit=ROUTINE_LIMIT)
        first["steps"].append(3)  # type: ignore[attr-defined]
        assert second == {"steps": [1, 2]}


def test_only_what_a_start_used_is_kept(tmp_path: Path) -> None:
    cache = tmp_path / "parses.json"
    old, new = tmp_path / "old.toml", tmp_path / "new.toml"
    old.write_text("x = 1\n")
    new.write_text("y = 2\n")
    with remembered_parses(cache):
        load_toml(old, limit=ROUTINE_LIMIT)
    with remembered_parses(cache):
        load_toml(new, limit=ROUTINE_LIMIT)
    kept = json.loads(cache.read_text())["parsed"]
    assert list(kept) == [str(new)]
    assert json.loads(kept[str(new)][1]) == {"y": 2}


def test_dates_are_parsed_every_time_not_remembered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "parses.json"
    dated = tmp_path / "dated.toml"
    dated.write_text("when = 2026-12-02\n")
    with remembered_parses(cache):
        first = load_toml(dated, limit=ROUTINE_LIMIT)
    seen = counting_parses(monkeypatch)
    with remembered_parses(cache):
        assert load_toml(dated, limit=ROUTINE_LIMIT) == first
    assert seen == [dated]


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not json",
        b"\xff\xfe",
        b"[1, 2]",
        json.dumps({"key": "another coach", "parsed": {}}).encode(),
        json.dumps({"key": files._PARSES_KEY, "parsed": []}).encode(),
        b"[" * 100_000,
    ],
    ids=["empty", "not-json", "not-utf8", "a-list", "another-key", "parsed-a-list", "deep"],
)
def test_a_damaged_memory_is_ignored_and_written_anew(tmp_path: Path, content: bytes) -> None:
    cache = tmp_path / "parses.json"
    cache.write_bytes(content)
    routine = tmp_path / "r.toml"
    routine.write_text('name = "R"\n')
    with remembered_parses(cache):
        assert load_toml(routine, limit=ROUTINE_LIMIT) == {"name": "R"}
    assert json.loads(cache.read_text())["key"] == files._PARSES_KEY


def test_a_hostile_entry_is_parsed_again_not_believed(tmp_path: Path) -> None:
    """The memory holds data, not code; still, an entry deeper than a TOML file may be, or not
    a table at all, or not the shape coach writes, is ignored and the file is parsed."""
    cache = tmp_path / "parses.json"
    routine = tmp_path / "r.toml"
    text = 'name = "R"\n'
    routine.write_text(text)
    for entry in (
        [text, "[" * 60 + "]" * 60],
        [text, "[1]"],
        [text, '{"a": ' * 60 + "1" + "}" * 60],
        [text, "not json"],
        [text],
        "a string",
        [text, {"name": "Evil"}],
    ):
        cache.write_text(json.dumps({"key": files._PARSES_KEY, "parsed": {str(routine): entry}}))
        with remembered_parses(cache):
            assert load_toml(routine, limit=ROUTINE_LIMIT) == {"name": "R"}


def test_the_text_must_match_whole_not_just_the_path(tmp_path: Path) -> None:
    cache = tmp_path / "parses.json"
    routine = tmp_path / "r.toml"
    routine.write_text('name = "R"\n')
    stale = ['name = "Old"\n', json.dumps({"name": "Old"})]
    cache.write_text(json.dumps({"key": files._PARSES_KEY, "parsed": {str(routine): stale}}))
    with remembered_parses(cache):
        assert load_toml(routine, limit=ROUTINE_LIMIT) == {"name": "R"}


def test_refusals_are_the_same_inside_and_a_refused_file_is_not_remembered(
    tmp_path: Path,
) -> None:
    cache = tmp_path / "parses.json"
    broken = tmp_path / "broken.toml"
    broken.write_text("name = \n")
    for _ in range(2):
        with remembered_parses(cache), pytest.raises(FileRefused, match="not valid TOML"):
            load_toml(broken, limit=ROUTINE_LIMIT)
    bomb = tmp_path / "bomb.toml"
    bomb.write_text("x = " + "[" * 100 + "]" * 100 + "\n")
    with remembered_parses(cache), pytest.raises(FileRefused, match="too deeply nested"):
        load_toml(bomb, limit=ROUTINE_LIMIT)


def test_a_memory_that_cannot_be_written_changes_nothing_but_speed(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    routine = tmp_path / "r.toml"
    routine.write_text('name = "R"\n')
    with remembered_parses(blocker / "parses.json"):  # its folder is a file
        assert load_toml(routine, limit=ROUTINE_LIMIT) == {"name": "R"}


def test_the_app_start_remembers_in_the_cache_folder_and_loads_the_same_routines() -> None:
    assert not parses_path().exists()
    first = load_routines()
    assert parses_path().exists()
    assert str(parses_path()).startswith(os.environ["XDG_CACHE_HOME"])
    second = load_routines()
    plain = load_all(builtin_routines_dir())
    assert first.routines == second.routines == plain.routines


def test_a_file_name_that_is_not_utf8_is_remembered_too(tmp_path: Path) -> None:
    cache = tmp_path / "parses.json"
    odd = Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9.toml"))
    odd.write_text('name = "Odd"\n')
    for _ in range(2):
        with remembered_parses(cache):
            assert load_toml(odd, limit=ROUTINE_LIMIT) == {"name": "Odd"}
    assert list(json.loads(cache.read_text())["parsed"]) == [os.fspath(odd)]
