"""`coach import` streams: an export is read a row at a time, whatever its size or key order,
refused as before (one line naming the file and the field), and a bad file changes nothing."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.services import portability
from coach.services.json_reader import JsonReader
from coach.services.portability import export_json, import_json
from coach.store import SCHEMA_VERSION, Store, StoreError
from tests.store.test_portability import played, session_row, step_row

SIZES = (1, 7, 64, 1 << 16)
"""Buffer sizes: one character, rows straddling every boundary, and the default."""


@pytest.fixture
def log(tmp_path: Path, now: datetime) -> Any:
    store = Store.open(tmp_path / "coach.db")
    for hours in range(0, 8, 2):
        played(store, now + timedelta(hours=hours))
    yield store
    store.close()


def export(tables: dict[str, list[Any]], schema: int = 1, **extra: Any) -> str:
    return json.dumps({"format": "coach-export", "schema": schema, "tables": tables, **extra})


def refused(store: Store, path: Path, size: int) -> str:
    before = export_json(store)
    with pytest.raises(StoreError) as caught:
        import_json(store, path, size=size)
    assert export_json(store) == before, "a bad file changed the log"
    assert not list(store.path.parent.glob(f"{portability.SCRATCH_PREFIX}*"))
    text = str(caught.value)
    assert text.startswith(f"{path}: ") and "\n" not in text
    return text.removeprefix(f"{path}: ")


# -- the reader ----------------------------------------------------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=20,
)


def read_back(reader: JsonReader) -> Any:
    """A value read through members and items, as the import walks an export."""
    char = reader.peek()
    if char == "{":
        return {key: read_back(reader) for key in reader.members()}
    if char == "[":
        return [read_back(reader) for _ in reader.items()]
    return reader.value()


@settings(max_examples=60, deadline=None)
@given(json_values, st.sampled_from([None, 0, 2]), st.sampled_from(SIZES[:3]))
def test_the_reader_reads_what_json_loads_reads(
    tmp_path_factory: pytest.TempPathFactory, value: Any, indent: int | None, size: int
) -> None:
    path = tmp_path_factory.mktemp("reader") / "value.json"
    path.write_text(json.dumps(value, indent=indent, ensure_ascii=False), encoding="utf-8")
    with JsonReader(path, size) as reader:
        assert read_back(reader) == value
        reader.finish()


BROKEN = [
    "{not json",
    "",
    "   \n  ",
    '{"format": "coach-exp',
    '{"format": "coach-export",\n "schema": 1,\n "tables": {"sessions": [{"id": "x",}]}}',
    '{"format": "coach-export",\n "schema": 1\n "tables": {}}',
    '{"format": "coach-export", "schema": 1, "tables": {"sessions": [{"id": "x"} {"id": "y"}]}}',
    '{"format": "coach-export", "schema": 1, "tables": {"sessions" []}}',
    '{"format": "coach-export", "schema": 1, "tables": {}} trailing',
    '{"format": "coach-export", "schema": 1, "tables": {"sessions": [tru]}}',
    '{"format": "coach-export", "schema": 1, "tables": {"sessions": [{"id": 1.5e}]}}',
    '{"format": "coach-export", "schema": 1, "tables": {"sessions": [{"id": "x"},]}}',
    '{"format": "coach-export", "schema": 1, "tables": {"sessions": [{"id": "\\q"}]}}',
    '\ufeff{"format": "coach-export"}',
    "[1, 2",
]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("text", BROKEN)
def test_bad_json_is_refused_at_the_line_and_column_json_loads_gives(
    log: Store, tmp_path: Path, text: str, size: int
) -> None:
    with pytest.raises(json.JSONDecodeError) as expected:
        json.loads(text)
    exc = expected.value
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    assert refused(log, path, size) == (
        f"not valid JSON (line {exc.lineno} column {exc.colno}: {exc.msg})"
    )


# -- importing -----------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_export_then_import_is_the_same_log(log: Store, tmp_path: Path, size: int) -> None:
    exported = tmp_path / "export.json"
    exported.write_text(export_json(log), encoding="utf-8")
    empty = Store.open(tmp_path / "elsewhere" / "coach.db")
    try:
        report = import_json(empty, exported, size=size)
        assert report.added == {"sessions": 4, "steps": 8}
        assert export_json(empty) == exported.read_text(encoding="utf-8")
    finally:
        empty.close()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("indent", [None, 0, 3])
def test_keys_in_any_order_and_any_layout_import_alike(
    log: Store, tmp_path: Path, size: int, indent: int | None
) -> None:
    data = json.loads(export_json(log))
    tables = {
        name: [dict(reversed(row.items())) for row in rows] for name, rows in data["tables"].items()
    }
    shuffled = {
        "tables": dict(reversed(tables.items())),
        "schema": data["schema"],
        "format": data["format"],
    }
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(shuffled, indent=indent), encoding="utf-8")
    empty = Store.open(tmp_path / "elsewhere" / "coach.db")
    try:
        assert import_json(empty, path, size=size).added == {"sessions": 4, "steps": 8}
        assert export_json(empty) == export_json(log)
    finally:
        empty.close()


def test_rows_beyond_a_batch_import_and_are_named_by_their_place(tmp_path: Path) -> None:
    count = portability.BATCH * 2 + 3
    rows = [session_row(f"s-{n:05}") for n in range(count)]
    path = tmp_path / "many.json"
    path.write_text(export({"sessions": rows}), encoding="utf-8")
    store = Store.open(tmp_path / "coach.db")
    try:
        assert import_json(store, path, size=100).added == {"sessions": count}
        twice = [*rows[:700], rows[3], *rows[700:]]  # a duplicate id in the second batch
        other = Store.open(tmp_path / "other" / "coach.db")
        path.write_text(export({"sessions": twice}), encoding="utf-8")
        message = refused(other, path, 100)
        assert message == (
            'tables.sessions[700] (id "s-00003"): UNIQUE constraint failed: sessions.id'
        )
        other.close()
    finally:
        store.close()


HEADER_AFTER = '{"tables": {"sessions": [{"id": "x", "mood": 1}]}, "schema": 1, "format": "%s"}'


@pytest.mark.parametrize("size", [7, 1 << 16])
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (json.dumps({"format": "other"}), 'not a coach export (expected "format": "coach-export"'),
        (json.dumps([1, 2]), 'not a coach export (expected "format": "coach-export"'),
        (HEADER_AFTER % "other", 'not a coach export (expected "format": "coach-export"'),
        (HEADER_AFTER % "coach-export", 'tables.sessions[0]: unknown column "mood"'),
        (export({}, schema=99), f"schema 99, this one knows {SCHEMA_VERSION}"),
        (export({}, schema="1"), "schema must be a whole number >= 1, got '1'"),
        (json.dumps({"format": "coach-export", "schema": 1}), "tables must be an object"),
        (export([]), "tables must be an object of table name → list of rows"),  # type: ignore[arg-type]
        (export({"app_state": []}), 'tables: unknown table "app_state" for schema 1; known:'),
        (export({"sessions": {}}), "tables.sessions: must be a list of rows"),
        (export({"sessions": [session_row("a"), 3]}), "tables.sessions[1]: must be an object"),
        (export({"sessions": [{"id": ""}]}), "tables.sessions[0]: id must be a non-empty string"),
        (
            export(
                {
                    "sessions": [
                        *(session_row(f"s-{n}") for n in range(12)),
                        {"id": "x", "tags": [1]},
                    ]
                }
            ),
            "tables.sessions[12].tags: must be text, a number or null",
        ),
        (
            export({"sessions": [session_row("a")], "steps": [step_row("t", "none")]}),
            'steps row "t" refers to a sessions row that is not there',
        ),
        (
            '{"format": "coach-export", "schema": 1, "schema": 2, "tables": {}}',
            '"schema" is given twice; keep one',
        ),
        (
            '{"format": "coach-export", "schema": 1, "tables": {"sessions": [], "sessions": []}}',
            'tables: "sessions" is given twice; keep one',
        ),
    ],
)
def test_a_bad_export_is_one_line_and_changes_nothing(
    log: Store, tmp_path: Path, content: str, message: str, size: int
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    assert message in refused(log, path, size)


def test_a_file_that_is_not_text_is_refused(log: Store, tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(b'{"format": "coach-export", "schema": 1, "tables": {"sessions": ["\xff"]}}')
    assert refused(log, path, 1 << 16) == "not UTF-8 text; expected a coach JSON export"
    assert refused(log, tmp_path / "none.json", 1 << 16) == "no such file"
