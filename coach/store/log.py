"""The adherence log: the only place SQL lives.

Rows are written the moment things happen (a session when it starts, a step when it ends), so a
killed terminal loses at most the step in progress. Every row carries a UUID, the UTC instant, the
UTC offset in force and the local day it counts for. The schema version lives in
``PRAGMA user_version``; migrations run in one transaction.
"""

from __future__ import annotations

import contextlib
import functools
import graphlib
import itertools
import json
import os
import sqlite3
import sys
import time as monotonic_time
import types
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from coach.core.days import MIDNIGHT, local_day, to_utc_text, utc_offset_minutes
from coach.core.errors import CoachError
from coach.core.safety import RED_FLAGS, Answers
from coach.core.vocabulary import (
    BREAK_DUE,
    BREAK_TAKEN,
    RestKind,
    SessionStatus,
    StepOutcome,
    Tag,
)


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


if TYPE_CHECKING:
    # Imported for real on a log's first write (:func:`log_database`): sqlite-utils costs
    # ~35 ms to import (~100 ms more with numpy); home and ``coach status`` only read.
    import sqlite_utils


@functools.cache
def _sqlite_utils() -> types.ModuleType:
    """sqlite-utils, imported on the first write (~35 ms: home's first frame only reads).

    It imports numpy and pandas, when they are installed, only to store their number types, which
    coach never writes; hiding them while it loads saves ~100 ms and ~15 MB more.
    """
    with _hidden_modules("numpy", "pandas"):
        import sqlite_utils

    return sqlite_utils


SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
"""How long SQLite itself waits for another coach's write to finish."""
BUSY_PATIENCE_SECONDS = 30.0
"""How long coach keeps retrying a busy log before saying so (in one line, not a traceback)."""
SQLITE_BUSY, SQLITE_LOCKED = 5, 6
MOVE_ASIDE = "move it aside or pass --db PATH"

T = TypeVar("T")


class StoreError(CoachError):
    """The log cannot be used as it is; rendered as one line naming the file."""

    def __init__(self, path: Path | str, message: str) -> None:
        self.path = Path(path)
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class LogWriteError(StoreError):
    """A write did not reach the file (disk full, read-only, I/O error, busy): nothing was written.

    The caller still holds the row and can try again; nothing written before is affected.
    """


def _write(method: Callable[..., Any]) -> Callable[..., Any]:
    """Turn SQLite's refusal to write into a :class:`LogWriteError` the recorder can queue."""

    @functools.wraps(method)
    def write(self: Store, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.OperationalError as exc:
            raise LogWriteError(self.path, f"cannot write to the log ({exc})") from exc

    return write


def _is_busy(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (SQLITE_BUSY, SQLITE_LOCKED)
    return "locked" in str(exc) or "busy" in str(exc)  # pragma: no cover - Python < 3.11


def retry_busy(action: Callable[[], T], *, path: Path, patience: float) -> T:
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
                raise StoreError(
                    path,
                    f"another coach kept the log busy for {patience:g} s; try again in a moment",
                ) from None
            monotonic_time.sleep(delay)
            delay = min(delay * 2, 0.2)


class MigrationError(Exception):
    """A migration failed; the transaction is rolled back and the file is as it was."""


@cache
def log_database() -> type[sqlite_utils.Database]:
    """The :class:`LogDatabase` class, defined on first use so sqlite-utils loads only then."""
    sqlite_utils = _sqlite_utils()

    class LogDatabase(sqlite_utils.Database):
        """sqlite-utils, but every write transaction takes the write lock first.

        ``atomic()`` (which every sqlite-utils write uses) begins ``IMMEDIATE`` instead of
        ``DEFERRED``: a deferred transaction that read first cannot wait for another writer (SQLite
        fails it at once with SQLITE_BUSY), while an immediate one waits, and is retried here.
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


def _new_id() -> str:
    import uuid  # here, not at the top: ``coach status`` never writes a row

    return str(uuid.uuid4())


_READS = frozenset({"SELECT", "PRAGMA"})


def _first_word(sql: str) -> str:
    words = sql.lstrip().split(None, 1)
    return words[0].upper() if words else ""


class LazyLogDatabase:
    """The log's sqlite-utils ``Database``, built only when something other than a read needs it.

    Showing home only reads (and remembers a little state), and importing sqlite-utils costs
    ~35 ms, a sixth of a bare Textual start. ``execute`` and ``query`` of SELECT and PRAGMA
    statements, ``atomic()``, and any statement inside it, go straight to the connection, as
    sqlite-utils itself (and :class:`LogDatabase`'s ``atomic``) would run them; anything else (a
    table's methods, a write outside a transaction) builds the real database, over the same
    connection, on first use.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path, patience: float) -> None:
        self._conn = conn
        self.path = path
        self.patience = patience
        self._db: sqlite_utils.Database | None = None

    @property
    def conn(self) -> sqlite3.Connection:
        return self._conn

    @conn.setter
    def conn(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        if self._db is not None:
            self._db.conn = conn

    @property
    def full(self) -> sqlite_utils.Database:
        if self._db is None:
            db = log_database()(self._conn, execute_plugins=False)
            db.path, db.patience = self.path, self.patience  # type: ignore[attr-defined]
            self._db = db
        return self._db

    def execute(self, sql: str, parameters: Any = None) -> sqlite3.Cursor:
        if self._db is None and (_first_word(sql) in _READS or self._conn.in_transaction):
            return (
                self._conn.execute(sql)
                if parameters is None
                else self._conn.execute(sql, parameters)
            )
        return self.full.execute(sql, parameters)

    def query(self, sql: str, params: Any = None) -> Iterator[dict[str, Any]]:
        if self._db is None and _first_word(sql) in _READS:
            cursor = self._conn.execute(sql) if params is None else self._conn.execute(sql, params)
            keys = [column[0] for column in cursor.description or ()]
            if keys and len(set(keys)) == len(keys):
                return (dict(zip(keys, row, strict=True)) for row in cursor)
        return self.full.query(sql, params)

    @contextlib.contextmanager
    def atomic(self) -> Iterator[Any]:
        """One transaction that takes the write lock first, as :class:`LogDatabase` does."""
        if self._db is not None:
            with self._db.atomic() as db:
                yield db
            return
        conn = self._conn
        if conn.in_transaction:
            conn.execute('SAVEPOINT "coach_atomic"')
            try:
                yield self
            except BaseException:
                if conn.in_transaction:
                    conn.execute('ROLLBACK TO SAVEPOINT "coach_atomic"')
                    conn.execute('RELEASE SAVEPOINT "coach_atomic"')
                raise
            conn.execute('RELEASE SAVEPOINT "coach_atomic"')
            return
        retry_busy(lambda: conn.execute("BEGIN IMMEDIATE"), path=self.path, patience=self.patience)
        try:
            yield self
        except BaseException:
            conn.rollback()
            raise
        try:
            conn.execute("COMMIT")
        except BaseException:
            conn.rollback()
            raise

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
        else:
            self._conn.close()

    def __getitem__(self, name: str) -> Any:
        return self.full[name]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.full, name)


def _schema_v1(db: sqlite_utils.Database) -> None:
    db["sessions"].create(
        {
            "id": str,
            "routine_id": str,
            "routine_name": str,
            "tags": str,
            "started_at": str,
            "utc_offset_min": int,
            "local_date": str,
            "ended_at": str,
            "status": str,
            "planned_seconds": float,
            "active_seconds": float,
            "steps_done": int,
            "steps_skipped": int,
            "pid": int,
        },
        pk="id",
        not_null={"routine_id", "started_at", "utc_offset_min", "local_date", "status"},
        defaults={"active_seconds": 0.0, "steps_done": 0, "steps_skipped": 0},
    )
    db["steps"].create(
        {
            "id": str,
            "session_id": str,
            "position": int,
            "step_number": int,
            "exercise": str,
            "side": str,
            "set_number": int,
            "kind": str,
            "planned_seconds": float,
            "reps": int,
            "active_seconds": float,
            "outcome": str,
            "started_at": str,
            "ended_at": str,
            "utc_offset_min": int,
            "local_date": str,
        },
        pk="id",
        foreign_keys=[("session_id", "sessions", "id")],
        not_null={"session_id", "exercise", "outcome", "ended_at", "local_date"},
    )
    db["sessions"].create_index(["local_date"], index_name="sessions_by_day")
    db["sessions"].create_index(["status"], index_name="sessions_by_status")
    db["steps"].create_index(["session_id"], index_name="steps_by_session")


def _schema_v2_app_state(db: sqlite_utils.Database) -> None:
    """Small facts coach remembers between runs (a notice seen, the next break due)."""
    db["app_state"].create({"key": str, "value": str, "updated_at": str}, pk="key")


def _schema_safety(db: sqlite_utils.Database) -> None:
    """Check-ins (pain, red flags, what happened) and the weeks marked as a deload."""
    db["checkins"].create(
        {
            "id": str,
            "at": str,
            "utc_offset_min": int,
            "local_date": str,
            "kind": str,
            "pain": int,
            "flag_persists": int,
            "flag_leg": int,
            "flag_numbness": int,
            "flag_sleep": int,
            "outcome": str,
            "routine_id": str,
            "session_id": str,
        },
        pk="id",
        foreign_keys=[("session_id", "sessions", "id")],
        not_null={"at", "utc_offset_min", "local_date", "kind"},
    )
    db["checkins"].create_index(["local_date"], index_name="checkins_by_day")
    db["deloads"].create(
        {
            "id": str,
            "week_start": str,
            "marked_at": str,
            "utc_offset_min": int,
            "local_date": str,
        },
        pk="id",
        not_null={"week_start", "marked_at", "utc_offset_min", "local_date"},
    )


def _schema_history(db: sqlite_utils.Database) -> None:
    """Typed rest days; a note on a session, and soft deletion so a delete can be undone."""
    db.execute(
        """
        CREATE TABLE day_marks (
            id TEXT PRIMARY KEY,
            local_date TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('rest', 'sick', 'injury', 'travel')),
            created_at TEXT NOT NULL,
            utc_offset_min INTEGER NOT NULL,
            deleted_at TEXT
        )
        """
    )
    db.execute(
        "CREATE UNIQUE INDEX day_marks_one_per_day ON day_marks (local_date) "
        "WHERE deleted_at IS NULL"
    )
    db["sessions"].add_column("note", str)
    db["sessions"].add_column("deleted_at", str)
    db["sessions"].create_index(["started_at"], index_name="sessions_by_start")


def _schema_breaks(db: sqlite_utils.Database) -> None:
    """One row per break prompt, and per break taken or gap seen without one."""
    db["breaks"].create(
        {
            "id": str,
            "due_at": str,
            "prompted_at": str,
            "answered_at": str,
            "outcome": str,
            "snoozes": int,
            "utc_offset_min": int,
            "local_date": str,
            "started_at": str,
            "ended_at": str,
        },
        pk="id",
        not_null={"utc_offset_min", "local_date", "snoozes"},
        defaults={"snoozes": 0},
    )
    # A day's tally (and the history's per-day adherence) reads this index alone.
    db["breaks"].create_index(["local_date", "outcome", "snoozes"], index_name="breaks_by_day")
    # The one prompt waiting for an answer, and answers given since a moment (other shells).
    db.execute("CREATE INDEX breaks_pending ON breaks (prompted_at) WHERE outcome IS NULL")
    db["breaks"].create_index(["answered_at"], index_name="breaks_by_answer")


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _schema_v1,
    _schema_v2_app_state,
    _schema_safety,
    _schema_history,
    _schema_breaks,
]
"""Index ``i`` brings a file from schema version ``i`` to ``i + 1``. Only ever append."""
SCHEMA_VERSION = len(MIGRATIONS)


def _looks_like_sqlite(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER


def _sidecar(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


@contextlib.contextmanager
def _read_only(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection that can neither write to ``path`` nor create files next to it.

    ``mode=ro`` alone still creates ``-wal``/``-shm`` beside a WAL-mode file (and leaves them).
    With no ``-wal`` beside it, nobody has the file open in WAL mode and its main file is
    complete, so ``immutable=1`` reads it without touching anything. With one, the sidecars
    already exist, and a plain read-only connection sees what the other coach has committed.
    """
    query = "mode=ro" if _sidecar(path, "-wal").exists() else "mode=ro&immutable=1"
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?{query}", uri=True)
    try:
        yield conn
    finally:
        conn.close()


@dataclass(frozen=True)
class LogInfo:
    """What a look at an existing file found, before anything is written to it."""

    version: int
    tables: frozenset[str]


def inspect_log(path: Path, hint: str = MOVE_ASIDE, *, integrity: bool = True) -> LogInfo:
    """Check that ``path`` is a healthy coach log this coach can open; never writes to it.

    Refuses, with one line naming the file, anything that is not SQLite, another program's
    database, a damaged file (``PRAGMA quick_check``) and a log from a newer coach.
    ``integrity=False`` skips the quick_check (it reads the whole file: ~30 ms for ten years
    warm, far more cold) unless the log is about to be migrated.
    """
    if path.is_dir():
        raise StoreError(path, "is a directory; pass a file path with --db")
    try:
        if not _looks_like_sqlite(path):
            raise StoreError(path, f"is not a coach log (not an SQLite file); {hint}")
    except FileNotFoundError:
        raise StoreError(path, "no such file") from None
    except OSError as exc:
        raise StoreError(path, f"cannot read it ({exc.strerror})") from None
    try:
        with _read_only(path) as conn:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            tables = frozenset(
                row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            )
            if version > SCHEMA_VERSION:
                raise StoreError(
                    path,
                    f"was written by a newer coach (schema {version}, this one knows "
                    f"{SCHEMA_VERSION}); upgrade coach to open it",
                )
            if (version == 0 and tables) or (version > 0 and "sessions" not in tables):
                raise StoreError(path, f"is an SQLite file but not a coach log; {hint}")
            problems = ["ok"]
            if integrity or version < SCHEMA_VERSION:
                problems = [row[0] for row in conn.execute("PRAGMA quick_check(3)")]
    except sqlite3.DatabaseError as exc:
        raise StoreError(path, f"cannot be opened as a coach log ({exc}); {hint}") from None
    if problems != ["ok"]:
        lines = [
            line.strip()
            for problem in problems
            for line in str(problem).splitlines()
            if line.strip() and not line.startswith("***")
        ] or ["unknown problem"]
        more = f"; {len(lines) - 1} more" if len(lines) > 1 else ""
        raise StoreError(
            path,
            f"is damaged (SQLite quick_check: {lines[0]}{more}); move it aside and put a backup "
            "in its place, or pass --db PATH",
        )
    return LogInfo(version, tables)


def checked_today(marker: Path, log: Path, today: date) -> bool:
    """Whether ``log`` passed its integrity check today, by the note in ``marker``."""
    try:
        return json.loads(marker.read_text(encoding="utf-8")).get(str(log.resolve())) == str(today)
    except (OSError, ValueError, AttributeError):
        return False


def remember_checked(marker: Path, log: Path, today: date) -> None:
    """Note that ``log`` passed today (best effort: a note that cannot be written costs a check)."""
    try:
        notes = json.loads(marker.read_text(encoding="utf-8"))
        notes = notes if isinstance(notes, dict) else {}
    except (OSError, ValueError):
        notes = {}
    notes[str(log.resolve())] = str(today)
    with contextlib.suppress(OSError):
        marker.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        marker.write_text(json.dumps(notes), encoding="utf-8")


def _create_private(path: Path) -> None:
    """A new empty file only its owner can read, in a directory only its owner can enter."""
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(path.parent, 0o700)
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


def _free_backup_path(path: Path, version: int) -> Path:
    """``coach.db.bak-<version>``, or ``….bak-<version>.2``… so an older backup is never lost."""
    candidate = _sidecar(path, f".bak-{version}")
    n = 2
    while candidate.exists():
        candidate = _sidecar(path, f".bak-{version}.{n}")
        n += 1
    return candidate


def copy_log(source: sqlite3.Connection, target: Path) -> None:
    """A consistent, self-contained copy (SQLite's backup API), private, never overwriting."""
    try:
        _create_private(target)
    except FileExistsError:
        raise StoreError(target, "already exists; choose another path") from None
    except OSError as exc:
        raise StoreError(target, f"cannot write it ({exc.strerror})") from None
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)
        # One file, no -wal needed beside it, whatever mode the source was in.
        destination.execute("PRAGMA journal_mode = DELETE")
    except sqlite3.Error as exc:
        destination.close()
        target.unlink(missing_ok=True)
        raise StoreError(target, f"could not copy the log ({exc})") from None
    destination.close()


def pid_alive(pid: Any) -> bool:
    """Whether a process with this id is running here (a coach that owns a session or a lock)."""
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass(frozen=True)
class Stamp:
    """A moment as stored: UTC text, offset and the local day it counts for."""

    utc: str
    offset: int
    day: str

    @classmethod
    def of(cls, at: datetime, day_starts_at: time) -> Stamp:
        return cls(
            to_utc_text(at), utc_offset_minutes(at), local_day(at, day_starts_at).isoformat()
        )


class Store:
    """One open log file. Construct with :meth:`open`."""

    def __init__(self, db: LazyLogDatabase, path: Path, day_starts_at: time) -> None:
        self.db = db
        self.path = path
        self.day_starts_at = day_starts_at

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        day_starts_at: time = MIDNIGHT,
        patience: float = BUSY_PATIENCE_SECONDS,
        integrity: bool = True,
    ) -> Store:
        """Open (creating if needed) and migrate the log; never writes to a foreign file.

        An existing file is inspected read-only first (:func:`inspect_log`, whose integrity
        check ``integrity=False`` skips); an older log is copied to ``<name>.bak-<version>``
        before it is migrated, in one transaction.
        """
        path = Path(path)
        fresh = not path.exists() or (path.is_file() and path.stat().st_size == 0)
        if fresh:
            try:
                _create_private(path)
            except FileExistsError:
                pass
            except OSError as exc:
                raise StoreError(path, f"cannot create the log ({exc.strerror})") from None
        else:
            info = inspect_log(path, integrity=integrity)
            if 0 < info.version < SCHEMA_VERSION:
                with _read_only(path) as conn:
                    copy_log(conn, _free_backup_path(path, info.version))
        conn: sqlite3.Connection | None = None
        try:
            conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
            db = LazyLogDatabase(conn, path, patience)
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            store = cls(db, path, day_starts_at)
            if retry_busy(store._journal_mode, path=path, patience=patience) != "wal":
                retry_busy(db.enable_wal, path=path, patience=patience)
            store._migrate()
            db.execute("PRAGMA foreign_keys = ON")
        except (sqlite3.DatabaseError, StoreError, MigrationError) as exc:
            # A refused file must not be held open (nor its -wal/-shm left behind).
            if conn is not None:
                conn.close()
            if isinstance(exc, StoreError):
                raise
            if isinstance(exc, MigrationError):
                raise StoreError(path, str(exc)) from None
            raise StoreError(
                path, f"cannot be opened as a coach log ({exc}); {MOVE_ASIDE}"
            ) from None
        return store

    @classmethod
    def create_at_version(cls, path: Path, version: int) -> Store:
        """A new log at an older schema (``MIGRATIONS[:version]``): for imports and fixtures."""
        if not 0 <= version <= SCHEMA_VERSION:
            raise StoreError(path, f"schema {version} is not one this coach knows")
        _create_private(path)
        db = LazyLogDatabase(sqlite3.connect(str(path)), path, BUSY_PATIENCE_SECONDS)
        with db.atomic():
            for migration in MIGRATIONS[:version]:
                migration(db)
            db.execute(f"PRAGMA user_version = {version}")
        db.execute("PRAGMA foreign_keys = ON")
        return cls(db, path, MIDNIGHT)

    @classmethod
    def open_copy(cls, path: Path, directory: Path, *, hint: str = MOVE_ASIDE) -> Store:
        """Another log, copied into ``directory`` and brought to this schema; the original is
        only read (it may be in use on this machine, or be the only copy of a laptop's log)."""
        path = Path(path)
        if not path.exists():
            raise StoreError(path, "no such file")
        inspect_log(path, hint)
        copy = directory / "copy.db"
        with _read_only(path) as conn:
            copy_log(conn, copy)
        try:
            return cls.open(copy)
        except StoreError as exc:
            raise StoreError(path, exc.message) from None

    def _journal_mode(self) -> str:
        return str(self.db.execute("PRAGMA journal_mode").fetchone()[0])

    def _migrate(self) -> None:
        """Bring the file to :data:`SCHEMA_VERSION`, all or nothing (another coach may race)."""
        if self.schema_version() == SCHEMA_VERSION:
            return
        with self.db.atomic():
            version = self.schema_version()
            if version > SCHEMA_VERSION:
                raise StoreError(
                    self.path,
                    f"was written by a newer coach (schema {version}, this one knows "
                    f"{SCHEMA_VERSION}); upgrade coach to open it",
                )
            for number, migration in enumerate(MIGRATIONS[version:], start=version):
                try:
                    migration(self.db)
                except Exception as exc:
                    raise MigrationError(
                        f"could not be upgraded from schema {number} to {number + 1} ({exc}); "
                        f"it is unchanged, so an older coach still opens it"
                    ) from exc
            self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def close(self) -> None:
        self.db.close()

    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def stamp(self, at: datetime) -> Stamp:
        return Stamp.of(at, self.day_starts_at)

    # -- sessions and steps ----------------------------------------------------------------

    @_write
    def start_session(
        self,
        *,
        routine_id: str,
        routine_name: str,
        tags: tuple[str, ...] | list[str],
        planned_seconds: float,
        now: datetime,
        checkin_id: str | None = None,
        session_id: str | None = None,
    ) -> str:
        """Write the session row as the routine starts; returns its id (new unless given).

        ``checkin_id``: the check-in that let this session start, linked to it here.
        """
        stamp = self.stamp(now)
        session_id = session_id or _new_id()
        with self.db.atomic():  # one transaction, so a refused write can be retried whole
            self.db["sessions"].insert(
                {
                    "id": session_id,
                    "routine_id": routine_id,
                    "routine_name": routine_name,
                    "tags": ",".join(tags),
                    "started_at": stamp.utc,
                    "utc_offset_min": stamp.offset,
                    "local_date": stamp.day,
                    "ended_at": None,
                    "status": SessionStatus.RUNNING,
                    "planned_seconds": planned_seconds,
                    "active_seconds": 0.0,
                    "steps_done": 0,
                    "steps_skipped": 0,
                    "pid": os.getpid(),
                }
            )
            if checkin_id is not None:
                self.link_checkin(checkin_id, session_id)
        return session_id

    @_write
    def record_step(
        self,
        session_id: str,
        *,
        position: int,
        step_number: int,
        exercise: str,
        side: str | None,
        set_number: int,
        kind: str,
        planned_seconds: float | None,
        reps: int | None,
        active_seconds: float,
        outcome: str,
        started: datetime,
        ended: datetime,
    ) -> str:
        """Write one step side the moment it ends, and keep the session's counts current."""
        start, end = self.stamp(started), self.stamp(ended)
        step_id = _new_id()
        counter = "steps_done" if outcome == StepOutcome.DONE else "steps_skipped"
        with self.db.atomic():
            self.db["steps"].insert(
                {
                    "id": step_id,
                    "session_id": session_id,
                    "position": position,
                    "step_number": step_number,
                    "exercise": exercise,
                    "side": side,
                    "set_number": set_number,
                    "kind": kind,
                    "planned_seconds": planned_seconds,
                    "reps": reps,
                    "active_seconds": round(active_seconds, 3),
                    "outcome": outcome,
                    "started_at": start.utc,
                    "ended_at": end.utc,
                    "utc_offset_min": end.offset,
                    "local_date": end.day,
                }
            )
            self.db.execute(
                f"UPDATE sessions SET {counter} = {counter} + 1 WHERE id = ?", [session_id]
            )
        return step_id

    @_write
    def finish_session(
        self, session_id: str, *, status: str, now: datetime, active_seconds: float
    ) -> None:
        """Close a session as completed or partial."""
        self.db["sessions"].update(
            session_id,
            {
                "status": status,
                "ended_at": self.stamp(now).utc,
                "active_seconds": round(active_seconds, 3),
            },
        )

    def close_abandoned(self, now: datetime) -> int:
        """Close sessions left running by a coach that is gone as ``partial``; returns how many."""
        rows = list(
            self.db.query("SELECT id, pid FROM sessions WHERE status = ?", [SessionStatus.RUNNING])
        )
        stale = [
            row["id"] for row in rows if row["pid"] != os.getpid() and not pid_alive(row["pid"])
        ]
        if not stale:
            return 0
        ended = self.stamp(now).utc
        with self.db.atomic():
            for session_id in stale:
                last = self.db.execute(
                    "SELECT MAX(ended_at) FROM steps WHERE session_id = ?", [session_id]
                ).fetchone()[0]
                active = self.db.execute(
                    "SELECT COALESCE(SUM(active_seconds), 0) FROM steps WHERE session_id = ?",
                    [session_id],
                ).fetchone()[0]
                self.db.execute(
                    "UPDATE sessions SET status = ?, ended_at = ?, active_seconds = ? WHERE id = ?",
                    [SessionStatus.PARTIAL, last or ended, active, session_id],
                )
        return len(stale)

    # -- breaks ------------------------------------------------------------------------------

    @_write
    def add_break_prompt(self, *, due_at: datetime, prompted_at: datetime) -> str:
        """Write the row for a prompt the moment it is shown; its outcome stays empty."""
        stamp = self.stamp(due_at)
        break_id = _new_id()
        self.db["breaks"].insert(
            {
                "id": break_id,
                "due_at": stamp.utc,
                "prompted_at": to_utc_text(prompted_at),
                "answered_at": None,
                "outcome": None,
                "snoozes": 0,
                "utc_offset_min": stamp.offset,
                "local_date": stamp.day,
                "started_at": None,
                "ended_at": None,
            }
        )
        return break_id

    @_write
    def snooze_break(self, break_id: str) -> int | None:
        """Count one more snooze on a pending prompt; its new count, or None if it was answered."""
        with self.db.atomic():
            cursor = self.db.execute(
                "UPDATE breaks SET snoozes = snoozes + 1 WHERE id = ? AND outcome IS NULL",
                [break_id],
            )
            if cursor.rowcount == 0:
                return None
            return int(
                self.db.execute("SELECT snoozes FROM breaks WHERE id = ?", [break_id]).fetchone()[0]
            )

    @_write
    def close_break(
        self,
        break_id: str,
        *,
        outcome: str,
        at: datetime,
        started: datetime | None = None,
        ended: datetime | None = None,
    ) -> bool:
        """Answer a pending prompt; False when something else answered it first."""
        with self.db.atomic():
            cursor = self.db.execute(
                "UPDATE breaks SET outcome = ?, answered_at = ?, started_at = ?, ended_at = ? "
                "WHERE id = ? AND outcome IS NULL",
                [
                    outcome,
                    to_utc_text(at),
                    to_utc_text(started) if started else None,
                    to_utc_text(ended) if ended else None,
                    break_id,
                ],
            )
            return cursor.rowcount == 1

    @_write
    def log_break(
        self,
        *,
        outcome: str,
        at: datetime,
        due_at: datetime | None = None,
        started: datetime | None = None,
        ended: datetime | None = None,
    ) -> str:
        """A break with no prompt behind it (self, natural, away), counted for the day it began."""
        stamp = self.stamp(started or at)
        break_id = _new_id()
        self.db["breaks"].insert(
            {
                "id": break_id,
                "due_at": to_utc_text(due_at) if due_at else None,
                "prompted_at": None,
                "answered_at": to_utc_text(at),
                "outcome": outcome,
                "snoozes": 0,
                "utc_offset_min": stamp.offset,
                "local_date": stamp.day,
                "started_at": to_utc_text(started) if started else None,
                "ended_at": to_utc_text(ended) if ended else None,
            }
        )
        return break_id

    @_write
    def end_break(self, break_id: str, ended: datetime) -> None:
        """When a natural break ended: the first key pressed after it."""
        self.db.execute(
            "UPDATE breaks SET ended_at = ? WHERE id = ?", [to_utc_text(ended), break_id]
        )

    def break_row(self, break_id: str) -> dict[str, Any] | None:
        rows = list(self.db.query("SELECT * FROM breaks WHERE id = ?", [break_id]))
        return rows[0] if rows else None

    def pending_break(self) -> dict[str, Any] | None:
        """The prompt waiting for an answer, if any (the newest, should there be several)."""
        rows = list(
            self.db.query(
                "SELECT * FROM breaks WHERE outcome IS NULL ORDER BY prompted_at DESC LIMIT 1"
            )
        )
        return rows[0] if rows else None

    def breaks_on(self, day: date) -> list[dict[str, Any]]:
        """Break rows counted for a local day, in the order they happened."""
        return list(
            self.db.query(
                "SELECT * FROM breaks WHERE local_date = ? "
                "ORDER BY COALESCE(prompted_at, started_at, answered_at)",
                [day.isoformat()],
            )
        )

    def break_tally(self, day: date) -> dict[str, int]:
        """Rows per outcome for a day (``pending`` for unanswered), plus ``snoozes`` used."""
        return _break_tally(self.db.conn, day)

    def breaks_answered_since(self, outcome: str, since_utc: str) -> list[dict[str, Any]]:
        """Rows with ``outcome`` answered after ``since_utc``, oldest first."""
        return list(
            self.db.query(
                "SELECT * FROM breaks WHERE outcome = ? AND answered_at > ? ORDER BY answered_at",
                [outcome, since_utc],
            )
        )

    def data_version(self) -> int:
        """Changes when another connection commits: a cheap "did anyone write?" per second."""
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])

    # -- small remembered facts -------------------------------------------------------------

    def get_state(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM app_state WHERE key = ?", [key]).fetchone()
        return default if row is None else row[0]

    @_write
    def set_state(self, key: str, value: str | None, *, now: datetime) -> None:
        """Remember ``value`` under ``key`` (``None`` forgets it)."""
        with self.db.atomic():
            if value is None:
                self.db.execute("DELETE FROM app_state WHERE key = ?", [key])
            else:
                self.db.execute(
                    "INSERT INTO app_state (key, value, updated_at) VALUES (?, ?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
                    "updated_at = excluded.updated_at",
                    [key, value, to_utc_text(now)],
                )

    # -- check-ins and deloads ---------------------------------------------------------------

    @_write
    def record_checkin(
        self,
        *,
        kind: str,
        answers: Answers,
        outcome: str | None,
        routine_id: str | None,
        now: datetime,
        session_id: str | None = None,
    ) -> str:
        """Write a check-in the moment it is answered; returns its id."""
        stamp = self.stamp(now)
        checkin_id = _new_id()
        row: dict[str, Any] = {
            "id": checkin_id,
            "at": stamp.utc,
            "utc_offset_min": stamp.offset,
            "local_date": stamp.day,
            "kind": kind,
            "pain": answers.pain,
            "outcome": outcome,
            "routine_id": routine_id,
            "session_id": session_id,
        }
        for flag in RED_FLAGS:
            answer = answers.flag(flag.key)
            row[flag.column] = None if answer is None else int(answer)
        self.db["checkins"].insert(row)
        return checkin_id

    def set_checkin_outcome(self, checkin_id: str, outcome: str) -> None:
        """The user's choice after the check-in (e.g. gentler instead of undecided)."""
        self.db["checkins"].update(checkin_id, {"outcome": outcome})

    @_write
    def set_checkin_pain(self, checkin_id: str, pain: int) -> None:
        """Correct the pain of a check-in just given (a second key on the summary)."""
        self.db["checkins"].update(checkin_id, {"pain": pain})

    def link_checkin(self, checkin_id: str, session_id: str) -> None:
        """Tie a check-in to the session it let start."""
        self.db["checkins"].update(checkin_id, {"session_id": session_id})

    def checkin(self, checkin_id: str) -> dict[str, Any] | None:
        rows = list(self.db.query("SELECT * FROM checkins WHERE id = ?", [checkin_id]))
        return rows[0] if rows else None

    def checkins(self, since: date | None = None) -> list[dict[str, Any]]:
        """Check-ins, oldest first; from the local day ``since`` on when given."""
        return list(
            self.db.query(
                "SELECT * FROM checkins WHERE local_date >= ? ORDER BY at",
                [since.isoformat() if since else ""],
            )
        )

    @_write
    def mark_deload(self, week_start: date, *, now: datetime) -> str:
        """Log that the week starting ``week_start`` is a deload week."""
        stamp = self.stamp(now)
        deload_id = _new_id()
        self.db["deloads"].insert(
            {
                "id": deload_id,
                "week_start": week_start.isoformat(),
                "marked_at": stamp.utc,
                "utc_offset_min": stamp.offset,
                "local_date": stamp.day,
            }
        )
        return deload_id

    def deload_weeks(self) -> list[date]:
        """The Mondays of the weeks marked as a deload, oldest first, each once."""
        rows = self.db.execute("SELECT DISTINCT week_start FROM deloads ORDER BY week_start")
        return [date.fromisoformat(row[0]) for row in rows.fetchall()]

    def prelift_sessions(self, since: date | None = None) -> list[dict[str, Any]]:
        """Sessions of routines tagged pre-lift (any status), oldest first."""
        return list(
            self.db.query(
                "SELECT id, routine_id, local_date, status FROM sessions"
                " WHERE ',' || tags || ',' LIKE ? AND local_date >= ? ORDER BY started_at",
                [f"%,{Tag.PRE_LIFT},%", since.isoformat() if since else ""],
            )
        )

    # -- reading ---------------------------------------------------------------------------

    def session(self, session_id: str) -> dict[str, Any] | None:
        rows = list(self.db.query("SELECT * FROM sessions WHERE id = ?", [session_id]))
        return rows[0] if rows else None

    def steps(self, session_id: str) -> list[dict[str, Any]]:
        return list(
            self.db.query(
                "SELECT * FROM steps WHERE session_id = ? ORDER BY ended_at, position",
                [session_id],
            )
        )

    def sessions_on(self, day: date) -> list[dict[str, Any]]:
        """Sessions counted for a local day, oldest first (deleted ones left out)."""
        return list(
            self.db.query(
                "SELECT * FROM sessions WHERE local_date = ? AND deleted_at IS NULL "
                "ORDER BY started_at",
                [day.isoformat()],
            )
        )

    def sessions_started(self, since_utc: str, until_utc: str) -> list[dict[str, Any]]:
        """Sessions not deleted that started from ``since_utc`` until before ``until_utc``
        (stored UTC text), oldest first: the rows around a day, for the core to pick its own."""
        return list(
            self.db.query(
                "SELECT * FROM sessions WHERE started_at >= ? AND started_at < ? "
                "AND deleted_at IS NULL ORDER BY started_at",
                [since_utc, until_utc],
            )
        )

    def iter_sessions(self) -> Iterator[dict[str, Any]]:
        yield from self.db.query("SELECT * FROM sessions ORDER BY started_at")

    # -- every row, for backups, exports and merges ------------------------------------------

    def backup_to(self, target: Path) -> None:
        """A consistent copy of the log at ``target``, even while another coach writes."""
        copy_log(self.db.conn, target)

    def user_tables(self) -> list[str]:
        """Tables of user data (keyed by a UUID ``id``), parents before the tables that refer
        to them. ``app_state`` and other bookkeeping tables are keyed otherwise and left out."""
        keyed = []
        for name in self.db.table_names():
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
        """Insert rows as they are (ids included); use inside :meth:`bulk_write`."""
        for columns, group in itertools.groupby(rows, key=lambda row: tuple(row)):
            names = ", ".join(f"[{c}]" for c in columns)
            marks = ", ".join("?" for _ in columns)
            try:
                self.db.conn.executemany(
                    f"INSERT INTO [{table}] ({names}) VALUES ({marks})",
                    (tuple(row.values()) for row in group),
                )
            except sqlite3.IntegrityError as exc:
                raise StoreError(self.path, str(exc)) from None

    @contextlib.contextmanager
    def bulk_write(self) -> Iterator[None]:
        """One transaction for many rows; references are checked once, at the end, and a row
        that refers to nothing fails the whole transaction with one line naming it."""
        with self.db.atomic():
            self.db.execute("PRAGMA defer_foreign_keys = ON")
            yield
            for table, rowid, parent, _ in self.db.execute("PRAGMA foreign_key_check"):
                row = self.db.execute(f"SELECT id FROM [{table}] WHERE rowid = ?", [rowid])
                row_id = row.fetchone()[0]
                raise StoreError(
                    self.path, f'{table} row "{row_id}" refers to a {parent} row that is not there'
                )

    # -- history: notes, soft deletion, marked days ----------------------------------------

    @_write
    def set_note(self, session_id: str, note: str | None) -> None:
        """A note on a session; empty or None clears it."""
        with self.db.atomic():
            self.db.execute(
                "UPDATE sessions SET note = ? WHERE id = ?",
                [(note or "").strip() or None, session_id],
            )

    @_write
    def delete_session(self, session_id: str, *, now: datetime) -> None:
        """Soft-delete: the session and its steps stay, every habit and list leaves it out."""
        with self.db.atomic():
            self.db.execute(
                "UPDATE sessions SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL",
                [to_utc_text(now), session_id],
            )

    @_write
    def restore_session(self, session_id: str) -> None:
        """Undo :meth:`delete_session`."""
        with self.db.atomic():
            self.db.execute("UPDATE sessions SET deleted_at = NULL WHERE id = ?", [session_id])

    @_write
    def mark_days(self, start: date, end: date, kind: str | None, *, now: datetime) -> int:
        """Mark every day from ``start`` to ``end`` as ``kind`` (a :class:`RestKind`), replacing
        marks already there; ``kind=None`` clears them. Returns how many days changed."""
        if kind is not None and kind not in tuple(RestKind):
            raise ValueError(f"kind must be one of {', '.join(RestKind)}, got {kind!r}")
        if end < start:
            start, end = end, start
        stamp = self.stamp(now)
        days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
        with self.db.atomic():
            cleared = self.db.execute(
                "UPDATE day_marks SET deleted_at = ? "
                "WHERE deleted_at IS NULL AND local_date BETWEEN ? AND ?",
                [stamp.utc, start.isoformat(), end.isoformat()],
            ).rowcount
            if kind is None:
                return cleared
            self.db["day_marks"].insert_all(
                {
                    "id": _new_id(),
                    "local_date": day.isoformat(),
                    "kind": kind,
                    "created_at": stamp.utc,
                    "utc_offset_min": stamp.offset,
                    "deleted_at": None,
                }
                for day in days
            )
        return len(days)

    def day_marks(self) -> list[dict[str, Any]]:
        """Every marked day in force: ``local_date``, ``kind``."""
        return [
            {"local_date": day, "kind": kind}
            for day, kind in self.db.execute(
                "SELECT local_date, kind FROM day_marks WHERE deleted_at IS NULL"
            )
        ]

    def habit_sessions(self) -> list[dict[str, Any]]:
        """What habits need of every session not deleted: one query, no ordering."""
        cursor = self.db.execute(
            "SELECT started_at, utc_offset_min, status, tags, steps_done, steps_skipped "
            "FROM sessions WHERE deleted_at IS NULL"
        )
        return [
            {
                "started_at": started,
                "utc_offset_min": offset,
                "status": status,
                "tags": tags,
                "steps_done": done,
                "steps_skipped": skipped,
            }
            for started, offset, status, tags, done, skipped in cursor
        ]

    def break_days(self) -> list[dict[str, Any]]:
        """Per local day, breaks taken, due and snoozed (see coach.core.adherence for which
        outcomes are which); [] while the log has no ``breaks`` table."""
        if "breaks" not in self.db.table_names():
            return []
        taken = ", ".join("?" * len(BREAK_TAKEN))
        due = ", ".join("?" * len(BREAK_DUE))
        # Count due rows, and of those the taken and the snoozed, in one pass in local_date
        # order. The unary + keeps SQLite off an index that leads with outcome: that plan
        # sorts every row again to group them (twice as slow). An index on (local_date,
        # outcome, snoozes) makes this a scan of the index alone.
        sql = (
            "SELECT local_date, "
            f"COUNT(*) FILTER (WHERE outcome IN ({taken})), COUNT(*), "
            "COUNT(*) FILTER (WHERE snoozes > 0) "
            f"FROM breaks WHERE +outcome IN ({due}) GROUP BY local_date"
        )
        params = [*sorted(BREAK_TAKEN), *sorted(BREAK_DUE)]
        return [
            {"local_date": day, "taken": taken_count, "due": due_count, "snoozed": snoozed}
            for day, taken_count, due_count, snoozed in self.db.execute(sql, params)
        ]

    def session_page(self, limit: int, before: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """Sessions not deleted, newest first, ``limit`` at a time; ``before`` is the
        ``(started_at, id)`` of the last row of the previous page."""
        if before is None:
            return list(
                self.db.query(
                    "SELECT * FROM sessions WHERE deleted_at IS NULL "
                    "ORDER BY started_at DESC, id DESC LIMIT ?",
                    [limit],
                )
            )
        return list(
            self.db.query(
                "SELECT * FROM sessions WHERE deleted_at IS NULL AND (started_at, id) < (?, ?) "
                "ORDER BY started_at DESC, id DESC LIMIT ?",
                [before[0], before[1], limit],
            )
        )

    def session_count(self) -> int:
        return int(
            self.db.execute("SELECT COUNT(*) FROM sessions WHERE deleted_at IS NULL").fetchone()[0]
        )


# -- the status line's read-only path --------------------------------------------------------


def _break_tally(conn: sqlite3.Connection, day: date) -> dict[str, int]:
    tally: dict[str, int] = {"snoozes": 0}
    for outcome, count, snoozes in conn.execute(
        "SELECT COALESCE(outcome, 'pending'), COUNT(*), COALESCE(SUM(snoozes), 0) "
        "FROM breaks WHERE local_date = ? GROUP BY outcome",
        [day.isoformat()],
    ):
        tally[outcome] = count
        tally["snoozes"] += snoozes
    return tally


def _morning_history(
    conn: sqlite3.Connection, with_marks: bool
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """What the morning-mobility streak needs: its sessions (the fields coach.core.habits reads)
    and the marked days, from a log at any schema version."""
    alive = " AND deleted_at IS NULL" if with_marks else ""  # soft deletion came with day marks
    sessions = [
        {
            "started_at": started,
            "utc_offset_min": offset,
            "status": status,
            "tags": tags,
            "steps_done": done,
            "steps_skipped": skipped,
        }
        for started, offset, status, tags, done, skipped in conn.execute(
            "SELECT started_at, utc_offset_min, status, tags, steps_done, steps_skipped "
            f"FROM sessions WHERE ',' || tags || ',' LIKE ?{alive}",
            [f"%,{Tag.MORNING},%"],
        )
    ]
    marks = []
    if with_marks:
        marks = [
            {"local_date": day, "kind": kind}
            for day, kind in conn.execute(
                "SELECT local_date, kind FROM day_marks WHERE deleted_at IS NULL"
            )
        ]
    return sessions, marks


def read_status(path: Path, day: date, *, state_key: str) -> dict[str, Any] | None:
    """What ``coach status`` prints, through plain sqlite3, read-only.

    No sqlite-utils, no migrations, no writes, no files created: tmux runs this every few
    seconds. None when there is no log (or no readable one); a log from before a table existed
    reads as having none of its rows.
    """
    if not path.is_file():
        return None
    try:
        with _read_only(path) as conn:
            tables = {
                row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            result: dict[str, Any] = {"state": None, "tally": {"snoozes": 0}}
            if "app_state" in tables:
                row = conn.execute(
                    "SELECT value FROM app_state WHERE key = ?", [state_key]
                ).fetchone()
                result["state"] = row[0] if row else None
            if "breaks" in tables:
                result["tally"] = _break_tally(conn, day)
            result["morning_sessions"], result["marks"] = _morning_history(
                conn, "day_marks" in tables
            )
            return result
    except sqlite3.Error:
        return None
