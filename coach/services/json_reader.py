"""A JSON file read a piece at a time: how ``coach import`` reads an export of any size.

:class:`JsonReader` walks objects and arrays by hand (:meth:`JsonReader.members`,
:meth:`JsonReader.items`) and decodes each value inside them whole with
:meth:`json.JSONDecoder.raw_decode` (:meth:`JsonReader.value`), so memory is that of the buffer
and one value (a row of an export), whatever the file's size. A value that straddles the buffer
is decoded again once more of the file is in. A file that is not JSON is refused as
:func:`json.loads` would refuse it, with its line and column, as one line naming the file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, NoReturn

from coach.store import StoreError

CHUNK = 1 << 16
"""Characters read at a time."""

WHITESPACE = " \t\n\r"
NEAR_END = 8
"""A decoding error this close to the buffer's end may be the buffer's end: read more first."""

_DECODER = json.JSONDecoder()


class JsonReader:
    """A JSON text from ``path``, read ``size`` characters at a time; use as a context manager.

    Every refusal is a :class:`StoreError` on ``path``: no such file, not UTF-8, or
    ``not valid JSON (line L column C: why)`` in :func:`json.loads`'s words."""

    def __init__(self, path: Path, size: int = CHUNK) -> None:
        self.path = path
        self.size = max(1, size)
        self.buffer = ""
        self.pos = 0
        self.end_of_file = False
        self._lines = 0  # newlines before the buffer's start
        self._column = 0  # the column (0-based) of the buffer's first character
        try:
            self._file: IO[str] = path.open(encoding="utf-8")
        except FileNotFoundError:
            raise StoreError(path, "no such file") from None
        except OSError as exc:
            raise StoreError(path, f"cannot read it ({exc.strerror})") from None
        if self._more() and self.buffer.startswith("\ufeff"):
            self.fail("Unexpected UTF-8 BOM (decode using utf-8-sig)", 0)

    def __enter__(self) -> JsonReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self._file.close()

    # -- the buffer ------------------------------------------------------------------------

    def _more(self, wanted: int = 0) -> bool:
        """Drop what is read, add at least ``size`` (or ``wanted``) more characters; whether
        any came."""
        if self.end_of_file:
            return False
        done = self.buffer[: self.pos]
        newlines = done.count("\n")
        if newlines:
            self._lines += newlines
            self._column = len(done) - done.rfind("\n") - 1
        else:
            self._column += len(done)
        try:
            chunk = self._file.read(max(self.size, wanted))
        except UnicodeDecodeError:
            raise StoreError(self.path, "not UTF-8 text; expected a coach JSON export") from None
        except OSError as exc:
            raise StoreError(self.path, f"cannot read it ({exc.strerror})") from None
        self.buffer = self.buffer[self.pos :] + chunk
        self.pos = 0
        self.end_of_file = not chunk
        return bool(chunk)

    def where(self, index: int) -> tuple[int, int]:
        """The line and column (both from 1) of ``buffer[index]`` in the file."""
        newlines = self.buffer.count("\n", 0, index)
        if newlines:
            return self._lines + newlines + 1, index - self.buffer.rfind("\n", 0, index)
        return self._lines + 1, self._column + index + 1

    def fail(self, why: str, index: int | None = None) -> NoReturn:
        line, column = self.where(self.pos if index is None else index)
        raise StoreError(self.path, f"not valid JSON (line {line} column {column}: {why})")

    # -- reading ---------------------------------------------------------------------------

    def peek(self) -> str:
        """The next character that is not whitespace (not taken), or "" at the end."""
        while True:
            buffer, pos = self.buffer, self.pos
            while pos < len(buffer) and buffer[pos] in WHITESPACE:
                pos += 1
            self.pos = pos
            if pos < len(buffer):
                return buffer[pos]
            if not self._more():
                return ""

    def take(self, char: str, why: str) -> None:
        if self.peek() != char:
            self.fail(why)
        self.pos += 1

    def value(self) -> Any:
        """The next value, decoded whole."""
        self.peek()
        while True:
            start = self.pos  # reading more moves the buffer: places are kept from here
            try:
                value, end = _DECODER.raw_decode(self.buffer, start)
            except json.JSONDecodeError as exc:
                truncated = exc.msg.startswith("Unterminated string") or (
                    exc.pos >= len(self.buffer) - NEAR_END
                )
                if truncated and self._more(len(self.buffer) - start):
                    continue
                self.fail(exc.msg, self.pos + exc.pos - start)
            if end < len(self.buffer) - NEAR_END or not self._more(len(self.buffer) - start):
                self.pos += end - start
                return value
            # a number may go on past the buffer's end ("1" of "1e+16"): decode it again

    def members(self) -> Iterator[str]:
        """The keys of the object that comes next, each yielded when its value is next to read:
        the caller reads (or skips with :meth:`value`) that value before asking for the next."""
        self.take("{", "Expecting value")
        if self.peek() == "}":
            self.pos += 1
            return
        while True:
            if self.peek() != '"':
                self.fail("Expecting property name enclosed in double quotes")
            key = self.value()
            self.take(":", "Expecting ':' delimiter")
            yield key
            if not self._another("}"):
                return

    def _another(self, closer: str) -> bool:
        """After a member or an item: True at a comma (another follows), False at ``closer``
        (the object or array ends); anything else is refused where it stands."""
        char = self.peek()
        self.pos += 1
        if char == closer:
            return False
        if char != ",":
            self.pos -= 1
            self.fail("Expecting ',' delimiter")
        return True

    def items(self) -> Iterator[int]:
        """The places (from 0) of the array that comes next, as :meth:`members` yields keys."""
        self.take("[", "Expecting value")
        if self.peek() == "]":
            self.pos += 1
            return
        number = 0
        while True:
            yield number
            number += 1
            if not self._another("]"):
                return

    def finish(self) -> None:
        """Nothing but whitespace is left."""
        if self.peek():
            self.fail("Extra data")
