"""Every row, generically: what backups, exports, imports and merges read and write.

A table of user data is one keyed by a UUID ``id``; ``app_state`` and other bookkeeping tables
are keyed otherwise and left out. coach.services.portability decides what to copy.
"""

from __future__ import annotations

import contextlib
import graphlib
import itertools
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from coach.store.errors import LogWriteError, StoreError
from coach.store.files import copy_log
from coach.store.stamps import StorePart


def _columns(row: dict[str, Any]) -> tuple[str, ...]:
    """A row's column names: rows with the same ones are inserted together."""
    return tuple(row)


class Portable(StorePart):
    """Rows of any table (a part of :class:`coach.store.Store`)."""

    def backup_to(self, target: Path) -> None:
        """A consistent copy of the log at ``target``, even while another coach writes."""
        copy_log(self.db.conn, target)

    def table_names(self) -> list[str]:
        return [
            row[0]
            for row in self.db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "ORDER BY name"
            )
        ]

    def user_tables(self) -> list[str]:
        """Tables of user data (keyed by a UUID ``id``), parents before the tables that refer
        to them. ``app_state`` and other bookkeeping tables are keyed otherwise and left out."""
        keyed = []
        for name in self.table_names():
            keys = [c for c in self.db.execute(f"PRAGMA table_info([{name}])") if c[5]]
            if len(keys) == 1 and keys[0][1] == "id" and str(keys[0][2]).upper() == "TEXT":
                keyed.append(name)
        order = graphlib.TopologicalSorter(
            {
                name: {fk[2] for fk in self.db.execute(f"PRAGMA foreign_key_list([{name}])")}
                & set(keyed) - {name}
                for name in sorted(keyed)
            }
        )
        return list(order.static_order())

    def columns(self, table: str) -> list[str]:
        return [c[1] for c in self.db.execute(f"PRAGMA table_info([{table}])")]

    def rows(self, table: str) -> Iterator[dict[str, Any]]:
        """Every row of ``table``, ordered by id, so two copies of a log list them alike."""
        yield from self.db.query(f"SELECT * FROM [{table}] ORDER BY id")

    def rows_by_id(self, table: str, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        wanted = list(ids)
        found: dict[str, dict[str, Any]] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            for row in self.db.query(f"SELECT * FROM [{table}] WHERE id IN ({marks})", chunk):
                found[row["id"]] = row
        return found

    def insert_rows(self, table: str, rows: Iterable[dict[str, Any]]) -> None:
        """Insert rows as they are (ids included); inside :meth:`bulk_write` for many."""
        with self.db.writing() as db:
            for _, group in itertools.groupby(rows, key=_columns):
                try:
                    db.insert_many(table, group)
                except sqlite3.IntegrityError as exc:  # a duplicate id, a constraint: refused
                    raise StoreError(self.path, str(exc)) from None

    def insert_batch(self, table: str, rows: list[dict[str, Any]]) -> tuple[int, str] | None:
        """Insert ``rows`` as :meth:`insert_rows` does, all or none (inside :meth:`bulk_write`):
        None, or the place in ``rows`` of the first row refused and why, nothing of them written."""
        with self.db.writing() as db:
            db.execute('SAVEPOINT "coach_batch"')
            try:
                self.insert_rows(table, rows)
            except LogWriteError:
                raise
            except StoreError:  # a row refused: which one?
                db.execute('ROLLBACK TO SAVEPOINT "coach_batch"')
            else:
                db.execute('RELEASE SAVEPOINT "coach_batch"')
                return None
            try:  # one at a time, to name the row; none is kept
                for number, row in enumerate(rows):
                    try:
                        self.insert_rows(table, [row])
                    except StoreError as exc:
                        return number, exc.message
            finally:
                db.execute('ROLLBACK TO SAVEPOINT "coach_batch"')
                db.execute('RELEASE SAVEPOINT "coach_batch"')
        raise StoreError(  # pragma: no cover - a batch refused holds a row refused
            self.path, f"{table}: a batch was refused, no row of it alone"
        )

    def put_rows(self, table: str, rows: Iterable[dict[str, Any]]) -> None:
        """Write rows as they are, replacing a row with the same id in place (its references
        stay whole): how a merge takes the later version of a row. Inside :meth:`bulk_write`."""
        latest = ""
        with self.db.writing() as db:
            for columns, group in itertools.groupby(rows, key=_columns):
                names = ", ".join(f"[{c}]" for c in columns)
                marks = ", ".join("?" for _ in columns)
                updates = ", ".join(f"[{c}] = excluded.[{c}]" for c in columns if c != "id")
                sql = (
                    f"INSERT INTO [{table}] ({names}) VALUES ({marks}) "
                    f"ON CONFLICT (id) DO UPDATE SET {updates}"
                )
                try:
                    for row in group:
                        db.execute(sql, [row[c] for c in columns])
                        latest = max(latest, row.get("changed_at") or "")
                except sqlite3.IntegrityError as exc:  # a constraint: refused, one line
                    raise StoreError(self.path, str(exc)) from None
            if latest:
                self._saw_change(latest)  # what is changed here next comes after it

    @contextlib.contextmanager
    def bulk_write(self) -> Iterator[None]:
        """One transaction for many rows; references are checked once, at the end, and a row
        that refers to nothing fails the whole transaction with one line naming it."""
        with self.db.writing() as db:
            db.execute("PRAGMA defer_foreign_keys = ON")
            yield
            for table, rowid, parent, _ in db.execute("PRAGMA foreign_key_check"):
                row = db.execute(f"SELECT id FROM [{table}] WHERE rowid = ?", [rowid])
                row_id = row.fetchone()[0]
                raise StoreError(
                    self.path, f'{table} row "{row_id}" refers to a {parent} row that is not there'
                )
