"""The log's connection, and THE write path.

Every write to the log goes through :meth:`LazyLogDatabase.writing`: the one place that begins
the transaction, waits for another coach's write, and turns whatever SQLite says (disk full,
read-only, I/O error, busy past patience, a damaged file, a refused constraint) into a
:class:`~coach.store.errors.LogWriteError`. It is not a guard each method must remember: an
authorizer on the connection refuses every statement that would change the file unless the
funnel is open (statements are never cached, so each one is checked as it is prepared), so a
write that forgot the funnel fails on its first run in any test, not on a user's full disk.

sqlite-utils is imported only when something needs more than plain statements (~35 ms, and home's
first frame and ``coach status`` only read).
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import sqlite3
import sys
import time as monotonic_time
import types
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from coach.store.errors import MOVE_ASIDE, LogWriteError, StoreError

if TYPE_CHECKING:
    import sqlite_utils

BUSY_TIMEOUT_MS = 5000
"""How long SQLite itself waits for another coach's write to finish."""
BUSY_PATIENCE_SECONDS = 30.0
"""How long coach keeps retrying a busy log before saying so (in one line, not a traceback)."""
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_CORRUPT, SQLITE_NOTADB = 5, 6, 11, 26


def busy_wait_ms(patience: float) -> int:
    """SQLite's own wait for the lock, never longer than coach's patience (so a short one is)."""
    return min(BUSY_TIMEOUT_MS, max(0, int(patience * 1000)))


T = TypeVar("T")


@contextlib.contextmanager
def _hidden_modules(*names: str) -> Iterator[None]:
    """Make ``import name`` fail for a moment (for modules not already loaded)."""
    hidden = [name for name in names if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        for name in hidden:
            del sys.modules[name]


@functools.cache
def _sqlite_utils() -> types.ModuleType:
    """sqlite-utils, imported on first need (~35 ms: home's first frame only reads).

    It imports numpy and pandas, when they are installed, only to store their number types, which
    coach never writes; hiding them while it loads saves ~100 ms and ~15 MB more.
    """
    with _hidden_modules("numpy", "pandas"):
        import sqlite_utils

    return sqlite_utils


def _error_code(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else int(code) & 0xFF


def _is_busy(exc: sqlite3.Error) -> bool:
    code = _error_code(exc)
    if code is not None:
        return code in (SQLITE_BUSY, SQLITE_LOCKED)
    return "locked" in str(exc) or "busy" in str(exc)  # pragma: no cover - Python < 3.11


def is_damage(exc: sqlite3.Error) -> bool:
    """Whether SQLite found the file itself damaged (not merely refusing a write)."""
    return _error_code(exc) in (SQLITE_CORRUPT, SQLITE_NOTADB) or "malformed" in str(exc)


def retry_busy(
    action: Callable[[], T],
    *,
    path: Path,
    patience: float,
    error: type[StoreError] = StoreError,
) -> T:
    """Run ``action``, retrying while another coach holds the log; a user never sees "locked"."""
    deadline = monotonic_time.monotonic() + patience
    delay = 0.005
    while True:
        try:
            return action()
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc):
                raise
            if monotonic_time.monotonic() >= deadline:
                raise error(
                    path,
                    f"another coach kept the log busy for {patience:g} s; try again in a moment",
                ) from None
            monotonic_time.sleep(delay)
            delay = min(delay * 2, 0.2)


# -- a damaged file is written to no more ---------------------------------------------------

_DAMAGED: dict[str, str] = {}
"""Logs found damaged in this process (by resolved path) and the line that says so."""


def _key(path: Path) -> str:
    try:
        return str(path.resolve())
    except OSError:  # pragma: no cover - a path that cannot be resolved
        return str(path)


def damage_line(exc: sqlite3.Error | str) -> str:
    return (
        f"is damaged ({exc}); coach stopped writing to it: move it aside and put a backup "
        "in its place, or pass --db PATH"
    )


def mark_damaged(path: Path, exc: sqlite3.Error | str) -> str:
    """Remember that ``path`` is damaged, for the rest of this process; the line to show."""
    return _DAMAGED.setdefault(_key(path), damage_line(exc))


def found_damaged(path: Path) -> str | None:
    """The line saying ``path`` was found damaged in this process, or None."""
    return _DAMAGED.get(_key(path)) if _DAMAGED else None


# -- what may change the file -----------------------------------------------------------------

_CHANGES_THE_FILE = frozenset(
    getattr(sqlite3, name)
    for name in (
        "SQLITE_INSERT",
        "SQLITE_UPDATE",
        "SQLITE_DELETE",
        "SQLITE_CREATE_INDEX",
        "SQLITE_CREATE_TABLE",
        "SQLITE_CREATE_TEMP_INDEX",
        "SQLITE_CREATE_TEMP_TABLE",
        "SQLITE_CREATE_TEMP_TRIGGER",
        "SQLITE_CREATE_TEMP_VIEW",
        "SQLITE_CREATE_TRIGGER",
        "SQLITE_CREATE_VIEW",
        "SQLITE_CREATE_VTABLE",
        "SQLITE_DROP_INDEX",
        "SQLITE_DROP_TABLE",
        "SQLITE_DROP_TEMP_INDEX",
        "SQLITE_DROP_TEMP_TABLE",
        "SQLITE_DROP_TEMP_TRIGGER",
        "SQLITE_DROP_TEMP_VIEW",
        "SQLITE_DROP_TRIGGER",
        "SQLITE_DROP_VIEW",
        "SQLITE_DROP_VTABLE",
        "SQLITE_ALTER_TABLE",
        "SQLITE_REINDEX",
        "SQLITE_ANALYZE",
        "SQLITE_ATTACH",
    )
)
_PRAGMAS_THAT_WRITE = frozenset(
    {"user_version", "application_id", "schema_version", "writable_schema"}
)


class LazyLogDatabase:
    """The log's connection: plain statements straight to sqlite3, sqlite-utils on first need,
    and :meth:`writing`, the only way to change the file.

    ``execute`` and ``query`` go straight to the connection (sqlite-utils' ``execute`` adds
    nothing but a tracer); a table's methods (``db["t"].insert``) build the sqlite-utils
    ``Database``, over the same connection, on first use. A read that finds the file damaged
    raises a :class:`StoreError` that says so, not SQLite's own error.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path, patience: float) -> None:
        self._conn = conn
        self.path = path
        self.patience = patience
        self._db: sqlite_utils.Database | None = None
        self._writing = False
        conn.set_authorizer(self._authorize)

    def _authorize(
        self, action: int, arg1: str | None, arg2: str | None, _db: str | None, _trigger: str | None
    ) -> int:
        if self._writing:
            return sqlite3.SQLITE_OK
        if action in _CHANGES_THE_FILE:
            return sqlite3.SQLITE_DENY
        if (
            action == sqlite3.SQLITE_PRAGMA
            and arg2 is not None
            and (arg1 or "").lower() in _PRAGMAS_THAT_WRITE
        ):
            return sqlite3.SQLITE_DENY
        return sqlite3.SQLITE_OK

    @property
    def conn(self) -> sqlite3.Connection:
        return self._conn

    @conn.setter
    def conn(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        if self._db is not None:
            self._db.conn = conn

    @property
    def in_write(self) -> bool:
        """Whether the funnel is open (a write method calling another joins its transaction)."""
        return self._writing

    @property
    def full(self) -> sqlite_utils.Database:
        if self._db is None:
            db = log_database()(self._conn, execute_plugins=False)
            db.path, db.patience = self.path, self.patience  # type: ignore[attr-defined]
            self._db = db
        return self._db

    # -- THE write path ------------------------------------------------------------------------

    @contextlib.contextmanager
    def writing(self) -> Iterator[LazyLogDatabase]:
        """One write transaction: everything that changes the log happens inside one of these.

        Begins ``IMMEDIATE`` (taking the write lock first, waiting for another coach's write up
        to ``patience``), commits at the end, rolls back on any exception, and raises every
        SQLite error, the commit's included, as :class:`LogWriteError`. Nested uses join the
        outer transaction. A file found damaged is not written to again in this process.
        """
        if self._writing:
            yield self
            return
        damaged = found_damaged(self.path)
        if damaged is not None:
            raise LogWriteError(self.path, damaged)
        conn = self._conn
        self._writing = True
        try:
            if conn.in_transaction:  # someone holds a transaction open: join it, undoably
                conn.execute('SAVEPOINT "coach_write"')
                try:
                    yield self
                except BaseException:
                    with contextlib.suppress(sqlite3.Error):
                        conn.execute('ROLLBACK TO SAVEPOINT "coach_write"')
                        conn.execute('RELEASE SAVEPOINT "coach_write"')
                    raise
                conn.execute('RELEASE SAVEPOINT "coach_write"')
                return
            retry_busy(
                lambda: conn.execute("BEGIN IMMEDIATE"),
                path=self.path,
                patience=self.patience,
                error=LogWriteError,
            )
            try:
                yield self
                conn.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    if conn.in_transaction:
                        conn.rollback()
                raise
        except sqlite3.Error as exc:
            raise self._write_error(exc) from exc
        finally:
            self._writing = False

    def insert(self, table: str, row: dict[str, Any]) -> None:
        """Insert one row (inside :meth:`writing`, like every write)."""
        self.insert_many(table, [row])

    def insert_many(self, table: str, rows: Iterable[dict[str, Any]]) -> None:
        """Insert rows that share their columns (those of the first row)."""
        rows = iter(rows)
        first = next(rows, None)
        if first is None:
            return
        columns = list(first)
        names = ", ".join(f"[{c}]" for c in columns)
        marks = ", ".join("?" for _ in columns)
        self._conn.executemany(
            f"INSERT INTO [{table}] ({names}) VALUES ({marks})",
            ([row[c] for c in columns] for row in itertools.chain([first], rows)),
        )

    def run(self, action: Callable[[LazyLogDatabase], T]) -> T:
        """``action(db)`` inside :meth:`writing`: the funnel as a function, datasette-style."""
        with self.writing() as db:
            return action(db)

    def _write_error(self, exc: sqlite3.Error) -> LogWriteError:
        if is_damage(exc):
            return LogWriteError(self.path, mark_damaged(self.path, exc))
        return LogWriteError(self.path, f"cannot write to the log ({exc})")

    def _read_error(self, exc: sqlite3.DatabaseError) -> Exception:
        if self._writing or not is_damage(exc):
            return exc
        return StoreError(self.path, mark_damaged(self.path, exc))

    # -- reading ---------------------------------------------------------------------------

    def execute(self, sql: str, parameters: Any = None) -> Any:
        """A statement on the connection; what it returns reads like a cursor."""
        try:
            cursor = (
                self._conn.execute(sql)
                if parameters is None
                else self._conn.execute(sql, parameters)
            )
        except sqlite3.DatabaseError as exc:
            raise self._read_error(exc) from exc
        return cursor if self._writing else _Rows(cursor, self)

    def query(self, sql: str, params: Any = None) -> Iterator[dict[str, Any]]:
        if self._db is None and _first_word(sql) in _READS:
            try:
                cursor = (
                    self._conn.execute(sql) if params is None else self._conn.execute(sql, params)
                )
            except sqlite3.DatabaseError as exc:
                raise self._read_error(exc) from exc
            keys = [column[0] for column in cursor.description or ()]
            if keys and len(set(keys)) == len(keys):
                return self._guarded(dict(zip(keys, row, strict=True)) for row in cursor)
        return self._guarded(self.full.query(sql, params))

    def _guarded(self, rows: Iterator[T]) -> Iterator[T]:
        try:
            yield from rows
        except sqlite3.DatabaseError as exc:
            raise self._read_error(exc) from exc

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
        else:
            self._conn.close()

    def __getitem__(self, name: str) -> Any:
        return self.full[name]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.full, name)


class _Rows:
    """A cursor whose rows, read later, still say "damaged" in coach's words."""

    __slots__ = ("_cursor", "_db")

    def __init__(self, cursor: sqlite3.Cursor, db: LazyLogDatabase) -> None:
        self._cursor = cursor
        self._db = db

    def __iter__(self) -> Iterator[Any]:
        return iter(self.fetchall())  # one C loop, and any damage is met here, in the try

    def fetchone(self) -> Any:
        try:
            return self._cursor.fetchone()
        except sqlite3.DatabaseError as exc:
            raise self._db._read_error(exc) from exc

    def fetchall(self) -> list[Any]:
        try:
            return self._cursor.fetchall()
        except sqlite3.DatabaseError as exc:
            raise self._db._read_error(exc) from exc

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid


_READS = frozenset({"SELECT", "PRAGMA"})


def _first_word(sql: str) -> str:
    words = sql.lstrip().split(None, 1)
    return words[0].upper() if words else ""


@functools.cache
def log_database() -> type[sqlite_utils.Database]:
    """The :class:`LogDatabase` class, defined on first use so sqlite-utils loads only then."""
    _sqlite_utils()  # loaded here first, with numpy and pandas hidden
    from sqlite_utils import Database

    class LogDatabase(Database):
        """sqlite-utils, but every write transaction takes the write lock first.

        ``atomic()`` (which every sqlite-utils write uses) begins ``IMMEDIATE`` instead of
        ``DEFERRED``: a deferred transaction that read first cannot wait for another writer (SQLite
        fails it at once with SQLITE_BUSY), while an immediate one waits, and is retried here.
        Inside :meth:`LazyLogDatabase.writing` the transaction is already begun: a savepoint.
        """

        path: Path = Path()
        patience: float = BUSY_PATIENCE_SECONDS

        @contextlib.contextmanager
        def atomic(self) -> Iterator[LogDatabase]:
            if self.conn.in_transaction:
                with super().atomic():
                    yield self
                return
            retry_busy(
                lambda: self.conn.execute("BEGIN IMMEDIATE"), path=self.path, patience=self.patience
            )
            try:
                yield self
            except BaseException:
                self.rollback()
                raise
            try:
                self.conn.execute("COMMIT")
            except BaseException:
                self.rollback()
                raise

    return LogDatabase


def connect(path: Path, *, patience: float = BUSY_PATIENCE_SECONDS) -> LazyLogDatabase:
    """A guarded connection to ``path`` (which must already be checked to be a coach log).

    ``cached_statements=0``: a statement prepared inside the funnel and cached would run again
    outside it without the authorizer seeing it; preparing costs microseconds.
    """
    try:
        conn = sqlite3.connect(
            str(path), timeout=busy_wait_ms(patience) / 1000, cached_statements=0
        )
    except sqlite3.Error as exc:
        raise StoreError(path, f"cannot be opened as a coach log ({exc}); {MOVE_ASIDE}") from None
    return LazyLogDatabase(conn, path, patience)


def new_id() -> str:
    import uuid  # here, not at the top: ``coach status`` never writes a row

    return str(uuid.uuid4())
