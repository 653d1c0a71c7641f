"""The README documents every table and column of the log, so people can query it."""

from __future__ import annotations

from pathlib import Path

from coach.store import Store

README = Path(__file__).parents[2] / "README.md"


def test_every_table_and_column_is_in_the_readme(tmp_path: Path) -> None:
    text = README.read_text(encoding="utf-8")
    store = Store.open(tmp_path / "coach.db")
    try:
        missing = [
            f"{table}.{column.name}"
            for table in store.db.table_names()
            for column in store.db[table].columns
            if f"`{column.name}`" not in text
        ]
        tables = [t for t in store.db.table_names() if f"**`{t}`**" not in text]
    finally:
        store.close()
    assert not tables, f"README lacks a section for tables {tables}"
    assert not missing, f"README lacks columns {missing}"
