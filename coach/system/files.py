"""Files are hostile until proven: the one way coach reads a user's file and writes its own.

A settings or routine file is whatever is at that path: a FIFO that never answers, ``/dev/zero``,
a folder, a gigabyte, bytes that are not text, a 1 KB TOML bomb nested thousands deep. Every read
of such a file goes through :func:`read_text_file` (or :func:`load_toml`), which refuses anything
but a regular file without blocking, bounds the size and the nesting, and turns every failure into
one :class:`FileRefused` line naming the file. Every file coach writes for itself goes through
:func:`write_private`: a temporary name in the same folder, flushed to disk, renamed into place,
mode 0600 whatever the umask; every folder it makes through :func:`private_dir`, mode 0700.

No domain logic here: what a setting or a step means is for the callers.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Any, TextIO

from coach.core.errors import FileProblem

KIB = 1024
SETTINGS_LIMIT = 256 * KIB
"""The largest settings file coach reads; the full commented default file is about 3 KiB."""
ROUTINE_LIMIT = 256 * KIB
"""The largest routine file coach reads; a routine at the step limit is about 40 KiB."""
NESTING_LIMIT = 32
"""The deepest nesting of arrays and tables a TOML file may hold; real files need 3."""

FILE_MODE = 0o600
DIR_MODE = 0o700


class FileRefused(FileProblem):
    """A file coach will not read or could not write, as one line: ``path: why``."""


class NoSuchFile(FileRefused):
    """Nothing at the path (callers often treat that as "use the defaults")."""


def file_kind(mode: int) -> str | None:
    """What a non-regular file is, in words (``None`` for a regular file): one answer for the
    settings, routine files and the log, so a refusal names a FIFO the same way everywhere."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    return "not a regular file"


def _not_regular(path: Path, kind: str) -> FileRefused:
    return FileRefused(path, f"is {kind}, not a file; coach reads only regular files")


def _size_text(size: int) -> str:
    return f"{size / KIB:.0f} KiB" if size >= KIB else f"{size} bytes"


def _os_refusal(path: Path, exc: OSError, verb: str = "read") -> FileRefused:
    if isinstance(exc, FileNotFoundError):
        return NoSuchFile(path, "no such file")
    if exc.errno == errno.ENOTDIR:
        return NoSuchFile(path, "no such file (a part of the path is a file, not a folder)")
    return FileRefused(path, f"cannot {verb} it ({exc.strerror or exc})")


def read_bytes(path: Path | str, *, limit: int) -> bytes:
    """The bytes of the regular file at ``path`` (symlinks followed), at most ``limit`` of them.

    The type is checked before opening (so a device is never opened) and again on the open
    descriptor (so a file swapped in between is caught); the open never blocks on a FIFO.
    """
    path = Path(path)
    try:
        kind = file_kind(os.stat(path).st_mode)
        if kind is not None:
            raise _not_regular(path, kind)
        flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
        flags |= getattr(os, "O_NOCTTY", 0)
        fd = os.open(path, flags)
    except OSError as exc:
        raise _os_refusal(path, exc) from None
    try:
        info = os.fstat(fd)
        kind = file_kind(info.st_mode)
        if kind is not None:
            raise _not_regular(path, kind)
        if info.st_size > limit:
            raise _too_big(path, info.st_size, limit)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:  # the size can change after fstat: read one byte past the limit
            chunk = os.read(fd, min(64 * KIB, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise _too_big(path, total, limit)
        return b"".join(chunks)
    except OSError as exc:
        raise _os_refusal(path, exc) from None
    finally:
        os.close(fd)


def _too_big(path: Path, size: int, limit: int) -> FileRefused:
    return FileRefused(
        path, f"is {_size_text(size)}; coach reads files of at most {_size_text(limit)}"
    )


def read_text_file(path: Path | str, *, limit: int) -> str:
    """The UTF-8 text of a user's file (a leading BOM dropped); any failure is FileRefused."""
    data = read_bytes(path, limit=limit)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise FileRefused(path, f"not UTF-8 text (line {line}); save it as UTF-8") from None


# -- TOML ------------------------------------------------------------------------------------

_TOKEN = re.compile(r"\"\"\"|'''|[\"'#\[\]{}]")
"""What changes the nesting depth or hides brackets from it: openers, closers, strings, comments."""
_BASIC_BODY = re.compile(r'(?:[^"\\\n]|\\.)*')
_MULTILINE_BASIC_BODY = re.compile(r'(?:[^"\\]|\\.|"(?!""))*', re.DOTALL)
_LITERAL_END = re.compile(r"['\n]")


def toml_nesting(text: str, *, stop_above: int | None = None) -> int:
    """The deepest nesting of ``[`` and ``{`` in TOML text, outside strings and comments.

    Cheap (a regular expression jumps from one interesting character to the next) and run before
    parsing, because Python's TOML parser recurses once per level and a 1 KB file can exhaust the
    stack. Table headers count too (``[[steps]]`` is 2), which is far below any limit. Stops
    counting once the depth passes ``stop_above``.
    """
    depth = peak = 0
    position, end = 0, len(text)
    while (match := _TOKEN.search(text, position)) is not None:
        token, position = match.group(), match.end()
        if token in "[{":
            depth += 1
            if depth > peak:
                peak = depth
                if stop_above is not None and peak > stop_above:
                    return peak
        elif token in "]}":
            depth = max(depth - 1, 0)
        elif token == "#":
            newline = text.find("\n", position)
            position = end if newline < 0 else newline + 1
        elif token == "'''":
            close = text.find("'''", position)
            position = end if close < 0 else close + 3
            while position < end and text[position] == "'":  # ''''a'''' ends with quotes
                position += 1
        elif token == "'":
            literal_end = _LITERAL_END.search(text, position)
            position = end if literal_end is None else literal_end.end()
        elif token == '"""':
            body = _MULTILINE_BASIC_BODY.match(text, position)
            position = body.end() if body else position
            position = min(end, position + 3)
            while position < end and text[position] == '"':
                position += 1
        else:  # '"'
            body = _BASIC_BODY.match(text, position)
            position = (body.end() if body else position) + 1
    return peak


def data_nesting(value: Any, *, stop_above: int | None = None) -> int:
    """The deepest nesting of tables and lists in decoded data, walked without recursion.

    Dotted keys (``a.b.c… = 1``) nest without a single bracket, so the decoded data is measured
    too: code that later shows or walks a value must not meet a structure thousands deep.
    """
    peak = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        depth += 1
        if depth > peak:
            peak = depth
            if stop_above is not None and peak > stop_above:
                return peak
        stack.extend((child, depth) for child in children)
    return peak


def parse_toml(
    text: str, path: Path | str, *, nesting_limit: int = NESTING_LIMIT
) -> dict[str, Any]:
    """TOML text as data, with the nesting bounded; every failure is one FileRefused line."""
    import tomllib

    too_deep = FileRefused(path, f"too deeply nested (more than {nesting_limit} levels)")
    if toml_nesting(text, stop_above=nesting_limit) > nesting_limit:
        raise too_deep
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FileRefused(path, f"not valid TOML ({exc})") from None
    except RecursionError:  # the scan above should make this unreachable; a last resort
        raise too_deep from None
    # The document itself is a table, one level, as a header's table is in the scan above.
    if data_nesting(data, stop_above=nesting_limit + 1) > nesting_limit + 1:
        raise too_deep
    return data


def load_toml(path: Path | str, *, limit: int) -> dict[str, Any]:
    """A user's TOML file, read with :func:`read_text_file` and parsed with :func:`parse_toml`.

    Inside :func:`remembered_parses` a text parsed on an earlier start is not parsed again: the
    file is still read (and refused) as always, and what it said is looked up by its text.
    """
    text = read_text_file(path, limit=limit)
    parses = _REMEMBERED.get()
    if parses is None:
        return parse_toml(text, path)
    found = parses.get(path, text)
    if found is None:
        found = parse_toml(text, path)
        parses.put(path, text, found)
    return found


# -- parsed TOML, remembered between starts ----------------------------------------------------

PARSES_LIMIT = 4 * KIB * KIB
"""The largest remembered-parses file read; the bundled routines and exercises make ~30 KiB."""
_PARSES_KEY = f"coach-parsed-toml-1/py{sys.version_info[0]}.{sys.version_info[1]}/{NESTING_LIMIT}"
"""What the remembered parses depend on: this format, the TOML parser (Python's), the limit."""


class _Parses:
    """TOML data by file, with the text it was parsed from, read from a file of coach's own and
    written back holding only what this start used: a file changed by a byte is parsed again
    (the whole text is compared, so no digest can collide), and one no longer read is
    forgotten. Anything wrong with the memory means starting from nothing."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.known: dict[str, list[str]] = {}
        self.used: dict[str, list[str]] = {}
        self.missed = False
        import json

        try:
            found = json.loads(read_bytes(path, limit=PARSES_LIMIT))
        except (FileRefused, ValueError, RecursionError):
            return
        if not isinstance(found, dict) or found.get("key") != _PARSES_KEY:
            return
        parsed = found.get("parsed")
        if isinstance(parsed, dict):
            self.known = {
                name: entry
                for name, entry in parsed.items()
                if isinstance(entry, list)
                and len(entry) == 2
                and all(isinstance(part, str) for part in entry)
            }

    def get(self, path: Path | str, text: str) -> dict[str, Any] | None:
        import json

        name = os.fspath(path)
        entry = self.known.get(name)
        if entry is None or entry[0] != text:
            return None
        try:
            data = json.loads(entry[1])  # a fresh copy per file: callers may keep or change it
        except (ValueError, RecursionError):
            return None
        if not isinstance(data, dict) or data_nesting(data, stop_above=NESTING_LIMIT + 1) > (
            NESTING_LIMIT + 1
        ):
            return None
        self.used[name] = entry
        return data

    def put(self, path: Path | str, text: str, data: dict[str, Any]) -> None:
        import json

        self.missed = True
        try:  # dates and times are not JSON: such a file is simply parsed every time
            dumped = json.dumps(data, ensure_ascii=False, allow_nan=True)
        except (TypeError, ValueError):
            return
        self.used[os.fspath(path)] = [text, dumped]

    def save(self) -> None:
        if not self.missed and self.used.keys() == self.known.keys():
            return
        import json

        # ASCII: a file name that is not UTF-8 (kept by Python as lone surrogates) is escaped
        payload = json.dumps({"key": _PARSES_KEY, "parsed": self.used}, ensure_ascii=True)
        with contextlib.suppress(OSError):  # only a start's speed depends on it
            private_dir(self.path.parent)
            write_private(self.path, payload)


_REMEMBERED: ContextVar[_Parses | None] = ContextVar("remembered_parses", default=None)


@contextlib.contextmanager
def remembered_parses(path: Path | None) -> Iterator[None]:
    """Within the block, :func:`load_toml` takes what an earlier start parsed from ``path``
    (coach's cache), and the block's end writes back what this one used: parsing the ~60
    bundled routine and exercise files is most of what reading them costs, on every start.
    Nested blocks share the outer one; ``path`` None remembers nothing."""
    if path is None or _REMEMBERED.get() is not None:
        yield
        return
    parses = _Parses(path)
    token = _REMEMBERED.set(parses)
    try:
        yield
    finally:
        _REMEMBERED.reset(token)
    parses.save()


# -- coach's own files -----------------------------------------------------------------------


def private_dir(path: Path | str) -> Path:
    """Make ``path`` and any missing parents, each new one mode 0700 whatever the umask.

    Folders that already exist are left as they are: they may be the person's own.
    """
    path = Path(path)
    missing: list[Path] = []
    probe = path
    while not probe.is_dir():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:
            if not folder.is_dir():
                raise
            continue
        os.chmod(folder, DIR_MODE)  # mkdir's mode is filtered by the umask
    return path


def write_private(path: Path | str, data: str | bytes, *, replace: bool = True) -> None:
    """Write coach's own file atomically, readable and writable by its owner only.

    The data goes to a temporary name in the same folder, is flushed to disk, gets mode 0600 and
    is renamed over ``path`` in one step, so a crash or a kill leaves the old file or the new one,
    never half of either; the temporary file is removed if anything fails. With ``replace``
    false an existing ``path`` is never touched (FileExistsError), as with ``open(path, "x")``.
    Raises OSError.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with private_file_in_place(path, replace=replace) as temporary:
        temporary.write_bytes(payload)


@contextlib.contextmanager
def private_text_file(path: Path | str, *, replace: bool = True) -> Iterator[TextIO]:
    """:func:`write_private` for text written a piece at a time: a UTF-8 text file object (no
    newline translation) on a temporary name beside ``path``, flushed to disk and renamed over
    ``path`` when the block ends, removed if it raises. Memory stays that of one piece, however
    large the file. Raises OSError."""
    with (
        private_file_in_place(path, replace=replace) as temporary,
        open(temporary, "w", encoding="utf-8", newline="") as out,
    ):
        yield out


def _rename_no_clobber(temporary: str, path: Path) -> None:
    """Move the finished file into place unless something is there already."""
    try:
        os.link(temporary, path)  # fails if path exists, whoever made it meanwhile
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: check, then rename
        if os.path.lexists(path):
            raise FileExistsError(errno.EEXIST, "File exists", str(path)) from None
        os.replace(temporary, path)
        return
    os.unlink(temporary)


def copy_private(source: Path | str, target: Path | str, *, limit: int) -> None:
    """Copy a regular file (at most ``limit`` bytes) to ``target`` with :func:`write_private`."""
    write_private(target, read_bytes(source, limit=limit))


def _sync_folder(folder: Path) -> None:
    """Flush the rename itself to disk (best effort: not every system can open a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def open_private(path: Path | str, flags: int) -> int:
    """Open (creating if need be) coach's own file as a descriptor, mode 0600 whatever the umask.

    Symlinks are not followed and anything but a regular file is refused (OSError), so a lock or
    state file cannot be pointed at someone else's file or at a FIFO.
    """
    path = Path(path)
    flags |= os.O_CREAT | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
    flags |= getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags, FILE_MODE)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, f"{file_kind(info.st_mode)}, not a file", str(path))
        if stat.S_IMODE(info.st_mode) != FILE_MODE:
            os.fchmod(fd, FILE_MODE)
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


SQLITE_SIDECARS = ("-journal", "-wal", "-shm")
"""Files SQLite may make beside a database being written (removed with a failed one)."""


@contextlib.contextmanager
def private_file_in_place(path: Path | str, *, replace: bool = False) -> Iterator[Path]:
    """A temporary file beside ``path`` (mode 0600 whatever the umask, its folder made 0700) for
    the caller to fill; on success it is flushed to disk and moved to ``path`` in one step (never
    over an existing file unless ``replace``), on any exception removed. So ``path`` holds a whole
    file or none: a copy killed half way leaves nothing at the name. Raises OSError."""
    import tempfile

    path = Path(path)
    private_dir(path.parent)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    temporary = Path(name)
    try:
        try:
            os.fchmod(fd, FILE_MODE)
        finally:
            os.close(fd)
        yield temporary
        fd = os.open(temporary, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        if replace:
            os.replace(temporary, path)
        else:
            _rename_no_clobber(str(temporary), path)
    except BaseException:
        for leftover in [temporary, *(Path(f"{temporary}{end}") for end in SQLITE_SIDECARS)]:
            with contextlib.suppress(OSError):
                os.unlink(leftover)
        raise
    _sync_folder(path.parent)
