"""Your log, portable: backups, exports, imports and merges between machines.

Everything here is generic over tables: every table keyed by a UUID ``id`` is user data
(``sessions``, ``steps`` and whatever later versions add), and ``app_state`` is not. A row is
identified by its UUID alone, so the same row reached by two paths (a merge, then an import of an
export) is the same row. Of two versions of a row the later change wins (:func:`later`: by
``changed_at``, then ``changed_on``), deletions included, as they are soft (a ``deleted_at``).
Merging is a per-row maximum in one total order, so it is idempotent, commutative and
associative: logs merged into each other in any order and as often as you like end the same, to
the byte of their exports. Two versions that changed at the same moment on the same machine
cannot be ordered: they are listed as conflicts and settled by their content, the same way on
every machine.

The SQL lives in :mod:`coach.store`; this module decides what to copy and says what it did.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from coach.services.json_reader import CHUNK, JsonReader
from coach.store import SCHEMA_VERSION, Store, StoreError
from coach.system import files
from coach.system.processes import own_start, pid_alive
from coach.system.signals import cleaned_up_on_signals

EXPORT_FORMAT = "coach-export"
BATCH = 500
OTHER_HINT = "pass another machine's coach.db (coach import takes a JSON export)"


# -- backups -------------------------------------------------------------------------------


def default_backup_path(store: Store, now: datetime) -> Path:
    return store.path.parent / "backups" / f"{store.path.stem}-{now:%Y-%m-%d-%H%M%S}.db"


def backup(store: Store, target: Path | None, now: datetime) -> Path:
    """Copy the log to ``target`` (a file, or a directory to put it in), never overwriting."""
    if target is None:
        target = default_backup_path(store, now)
    elif target.is_dir():
        target = target / default_backup_path(store, now).name
    store.backup_to(target)
    return target


# -- exports -------------------------------------------------------------------------------


def export_data(store: Store) -> dict[str, Any]:
    """Every row of every user-data table, ordered by id: the same log exports the same.

    All in memory: for tests and small logs; ``coach export`` streams with :func:`write_json`."""
    return {
        "format": EXPORT_FORMAT,
        "schema": store.schema_version(),
        "tables": {table: list(store.rows(table)) for table in store.user_tables()},
    }


def _dump(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def write_json(store: Store, write: Callable[[str], object]) -> None:
    """The export as JSON text, one row per line (readable, diffable, and fast to write), handed
    to ``write`` a row at a time as the rows are read: memory stays that of one row."""
    write(f'{{\n "format": {_dump(EXPORT_FORMAT)},\n "schema": {store.schema_version()},\n')
    write(' "tables": {\n')
    for number, name in enumerate(sorted(store.user_tables())):
        write(",\n  " if number else "  ")
        write(f"{_dump(name)}: [")
        empty = True
        for row in store.rows(name):
            write(f"\n   {_dump(row)}" if empty else f",\n   {_dump(row)}")
            empty = False
        write("]" if empty else "\n  ]")
    write("\n }\n}\n")


def export_json(store: Store) -> str:
    """The whole export as one string (what :func:`write_json` writes), for small logs."""
    text = io.StringIO()
    write_json(store, text.write)
    return text.getvalue()


def write_export(path: Path, store: Store) -> None:
    """Write the JSON export to ``path`` readable by its owner only (0600, its new folders 0700,
    whatever the umask), row by row through a temporary name flushed to disk and renamed over
    it: a killed export leaves the old file or the new one, and SIGTERM removes the temporary
    file."""
    with cleaned_up_on_signals(), files.private_text_file(path) as out:
        write_json(store, out.write)


def export_csv(store: Store, directory: Path) -> list[Path]:
    """One ``<table>.csv`` per user-data table in ``directory``; empty cells are NULL. Each is
    written row by row, as :func:`write_export` writes JSON."""
    if directory.exists() and not directory.is_dir():
        raise StoreError(directory, "is a file; CSV export needs a directory (one file per table)")
    files.private_dir(directory)
    written = []
    for table in sorted(store.user_tables()):
        columns = store.columns(table)
        path = directory / f"{table}.csv"
        with cleaned_up_on_signals(), files.private_text_file(path) as out:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(columns)
            for row in store.rows(table):
                writer.writerow(["" if row[c] is None else row[c] for c in columns])
        written.append(path)
    return written


# -- scratch copies ------------------------------------------------------------------------

SCRATCH_PREFIX = ".coach-scratch-"
OWNER_FILE = "owner"


@contextlib.contextmanager
def scratch_folder(beside: Path) -> Iterator[Path]:
    """A private folder beside the log for the copies a merge or an import works on, removed
    when done, on any exception and on SIGTERM or SIGHUP. It names the process that made it, so
    one left by a coach killed outright (SIGKILL, a power cut) is removed by the next one."""
    files.private_dir(beside)
    sweep_scratch(beside)
    with cleaned_up_on_signals():
        work = Path(tempfile.mkdtemp(prefix=SCRATCH_PREFIX, dir=beside))
        try:
            os.chmod(work, files.DIR_MODE)
            (work / OWNER_FILE).write_text(f"{os.getpid()}\n{own_start() or ''}\n")
            yield work
        finally:
            shutil.rmtree(work, ignore_errors=True)


def sweep_scratch(folder: Path) -> list[Path]:
    """Remove scratch folders whose coach is gone; the ones removed."""
    removed = []
    for work in folder.glob(f"{SCRATCH_PREFIX}*"):
        try:
            pid_text, started = (work / OWNER_FILE).read_text().split("\n")[:2]
            alive = pid_alive(int(pid_text), started or None)
        except (OSError, ValueError):
            alive = False  # no owner written: killed before it could say whose it was
        if not alive and work.is_dir() and not work.is_symlink():
            shutil.rmtree(work, ignore_errors=True)
            removed.append(work)
    return removed


# -- merging -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Conflict:
    """Two versions of a row that changed at the same moment on the same machine."""

    table: str
    id: str
    columns: tuple[str, ...]

    def __str__(self) -> str:
        return (
            f'conflict: {self.table} row "{self.id}" differs in {", ".join(self.columns)} but '
            "changed at the same moment on the same machine; kept the version that sorts last "
            "(the same on every machine)"
        )


@dataclass
class MergeReport:
    """Rows added, taken (newer there), kept (newer here) and already here, per table."""

    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    kept: dict[str, int] = field(default_factory=dict)
    already_here: dict[str, int] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def total_added(self) -> int:
        return sum(self.added.values())

    @property
    def total_updated(self) -> int:
        return sum(self.updated.values())

    def summary(self) -> str:
        """``12 rows added (sessions 2, steps 10), 1 updated (newer there), 30 already here``."""
        added = ", ".join(f"{table} {n}" for table, n in self.added.items() if n)
        text = f"{_count(self.total_added, 'row')} added" + (f" ({added})" if added else "")
        if self.updated:
            text += f", {self.total_updated} updated (newer there)"
        text += f", {sum(self.already_here.values())} already here"
        if self.kept:
            text += f", {sum(self.kept.values())} kept (newer here)"
        if self.conflicts:
            text += f", {_count(len(self.conflicts), 'conflict')}"
        return text


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}" if n == 1 else f"{n} {thing}s"


def _batches(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _order(row: dict[str, Any]) -> tuple[str, str]:
    return (row.get("changed_at") or "", row.get("changed_on") or "")


def _content(row: dict[str, Any]) -> str:
    return json.dumps(row, sort_keys=True, ensure_ascii=False)


def later(mine: dict[str, Any], theirs: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """The version of a row that wins, and whether the two could be ordered at all: the later
    change (``changed_at``, then the machine id ``changed_on``, a fixed tie-break); when both say
    the same, the one whose content sorts last, so every machine settles it alike."""
    if _order(mine) != _order(theirs):
        return (theirs if _order(theirs) > _order(mine) else mine), True
    return (theirs if _content(theirs) > _content(mine) else mine), False


def merge_from(target: Store, source: Store) -> MergeReport:
    """Bring into ``target`` every row of ``source`` it lacks and every later version of a row
    it has, in one transaction (see :func:`later`)."""
    if source.schema_version() != target.schema_version():  # pragma: no cover - opened alike
        raise StoreError(source.path, "is at another schema version than this log")
    report = MergeReport()
    tables = [t for t in target.user_tables() if t in set(source.user_tables())]
    with target.bulk_write():
        for table in tables:
            counts = {"added": 0, "updated": 0, "kept": 0, "already_here": 0}
            for batch in _batches(source.rows(table)):
                ours = target.rows_by_id(table, (row["id"] for row in batch))
                taken = []
                for row in batch:
                    mine = ours.get(row["id"])
                    if mine is None:
                        taken.append(row)
                        counts["added"] += 1
                        continue
                    if mine == row:
                        counts["already_here"] += 1
                        continue
                    winner, ordered = later(mine, row)
                    if not ordered:
                        differing = sorted(
                            c for c in set(mine) | set(row) if mine.get(c) != row.get(c)
                        )
                        report.conflicts.append(Conflict(table, row["id"], tuple(differing)))
                    if winner is row:
                        taken.append(row)
                        counts["updated"] += 1
                    else:
                        counts["kept"] += 1
                target.put_rows(table, taken)
            for name, count in counts.items():
                if count:
                    getattr(report, name)[table] = count
    return report


def merge_file(target: Store, other: Path) -> MergeReport:
    """Merge another coach log (from another machine) into ``target``; ``other`` is only read."""
    other = Path(other)
    if other.exists() and target.path.exists() and other.samefile(target.path):
        raise StoreError(other, "is this log itself; pass the other machine's log")
    with scratch_folder(target.path.parent) as work:
        source = Store.open_copy(other, work, hint=OTHER_HINT)
        try:
            return merge_from(target, source)
        finally:
            source.close()


# -- importing an export -------------------------------------------------------------------


HEADER = ("format", "schema")
"""What an export says before its rows: read first, so its rows are checked against them."""


def _check_header(path: Path, header: dict[str, Any]) -> int:
    """The export's schema, once its format and schema are checked."""
    if header.get("format") != EXPORT_FORMAT:
        raise StoreError(
            path, f'not a coach export (expected "format": "{EXPORT_FORMAT}"; see coach export)'
        )
    schema = header.get("schema")
    if isinstance(schema, bool) or not isinstance(schema, int) or schema < 1:
        raise StoreError(path, f"schema must be a whole number >= 1, got {schema!r}")
    if schema > SCHEMA_VERSION:
        raise StoreError(
            path,
            f"was exported by a newer coach (schema {schema}, this one knows {SCHEMA_VERSION}); "
            "upgrade coach to import it",
        )
    return schema


TABLES_SHAPE = "tables must be an object of table name → list of rows"


def _check_row(path: Path, where: str, row: Any, columns: set[str]) -> dict[str, Any]:
    if not isinstance(row, dict):
        raise StoreError(path, f"{where}: must be an object of column → value")
    if not isinstance(row.get("id"), str) or not row["id"]:
        raise StoreError(path, f"{where}: id must be a non-empty string (a UUID)")
    for column, value in row.items():
        if column not in columns:
            raise StoreError(path, f'{where}: unknown column "{column}"')
        if value is not None and not isinstance(value, str | int | float):
            raise StoreError(path, f"{where}.{column}: must be text, a number or null")
    return row


def _once(path: Path, seen: set[str], key: str, where: str) -> None:
    """A key given twice would be read as the last one by some and the first by others."""
    if key in seen:
        raise StoreError(path, f'{where}"{key}" is given twice; keep one')
    seen.add(key)


def _read_tables(path: Path, reader: JsonReader, scratch: Store, schema: int) -> None:
    """The tables' rows from ``reader``, one at a time, each checked, into ``scratch`` in
    batches (inside its :meth:`Store.bulk_write`)."""
    if reader.peek() != "{":
        reader.value()  # valid JSON, or refused as such first
        raise StoreError(path, TABLES_SHAPE)
    known = scratch.user_tables()
    seen: set[str] = set()
    for table in reader.members():
        if table not in known:
            raise StoreError(
                path,
                f'tables: unknown table "{table}" for schema {schema}; '
                f"known: {', '.join(sorted(known))}",
            )
        _once(path, seen, table, "tables: ")
        if reader.peek() != "[":
            reader.value()
            raise StoreError(path, f"tables.{table}: must be a list of rows")
        columns = set(scratch.columns(table))
        batch: list[dict[str, Any]] = []
        first = 0  # the place of the batch's first row
        for number in reader.items():
            batch.append(_check_row(path, f"tables.{table}[{number}]", reader.value(), columns))
            if len(batch) == BATCH:
                _insert(path, scratch, table, batch, first)
                first, batch = number + 1, []
        _insert(path, scratch, table, batch, first)


def _insert(path: Path, scratch: Store, table: str, rows: list[dict[str, Any]], first: int) -> None:
    refused = scratch.insert_batch(table, rows) if rows else None
    if refused is not None:  # a constraint, a duplicate id
        number, why = refused
        raise StoreError(
            path, f'tables.{table}[{first + number}] (id "{rows[number]["id"]}"): {why}'
        )


def _load_export(path: Path, work: Path, size: int) -> Path:
    """The export at ``path`` as a log at its own schema in ``work``, its path; read a row at a
    time. Format and schema come before the tables in an export; in a file where they come after
    (edited by hand), the tables are skipped in a first reading and read in a second."""
    header: dict[str, Any] = {}
    for _reading in range(2):
        loaded: Path | None = None
        seen: set[str] = set()
        with JsonReader(path, size) as reader:
            if reader.peek() != "{":  # JSON, but not an object at all
                reader.value()
                reader.finish()
                _check_header(path, {})
            for key in reader.members():
                _once(path, seen, key, "")
                if key != "tables":
                    value = reader.value()
                    if key in HEADER:
                        header[key] = value
                elif any(k not in header for k in HEADER):
                    _skip_tables(reader)
                else:
                    schema = _check_header(path, header)
                    loaded = work / "import.db"
                    scratch = Store.create_at_version(loaded, schema)
                    try:
                        with scratch.bulk_write():
                            _read_tables(path, reader, scratch, schema)
                    except StoreError as exc:  # the scratch log's name is no use to anyone
                        raise StoreError(path, exc.message) from None
                    finally:
                        scratch.close()
            reader.finish()
        _check_header(path, header)
        if "tables" not in seen:
            raise StoreError(path, TABLES_SHAPE)
        if loaded is not None:
            return loaded
    raise AssertionError("the second reading knows the header")  # pragma: no cover


def _skip_tables(reader: JsonReader) -> None:
    """Read past the tables, a row at a time, checking only that they are JSON."""
    if reader.peek() != "{":
        reader.value()
        return
    for _table in reader.members():
        if reader.peek() != "[":
            reader.value()
            continue
        for _number in reader.items():
            reader.value()


def import_json(target: Store, path: Path, *, size: int = CHUNK) -> MergeReport:
    """Import a JSON export: read a row at a time (``size`` characters of the file at a time)
    into a scratch log at its schema, upgraded, then merged, so an import behaves exactly like a
    merge (twice adds nothing; conflicts are reported) and a bad file changes nothing."""
    path = Path(path)
    with scratch_folder(target.path.parent) as work:
        scratch_path = _load_export(path, work, size)
        source = Store.open(scratch_path)
        try:
            return merge_from(target, source)
        finally:
            source.close()
