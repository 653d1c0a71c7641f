"""Settings: a TOML file turned into frozen dataclasses, validated key by key.

Each section is a dataclass whose fields carry their help text and limits as metadata, so one
walker validates every section, and the same metadata can write a commented default file. A
missing file means defaults; a bad value or an unknown key is a one-line :class:`ConfigError`.
"""

from __future__ import annotations

import dataclasses
import tomllib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class ConfigError(Exception):
    """A settings file coach cannot use, rendered as one line naming file and key."""

    def __init__(self, path: Path | str, key: str | None, message: str) -> None:
        self.path = Path(path)
        self.key = key
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}: {self.key}" if self.key else str(self.path)
        return f"{where}: {self.message}"


def setting(default: Any, help: str, **limits: Any) -> Any:
    """A config field: its default, one line of help, and optional ``min``/``max``/``choices``."""
    if isinstance(default, list | dict):
        return field(
            default_factory=lambda: type(default)(default), metadata={"help": help, **limits}
        )
    return field(default=default, metadata={"help": help, **limits})


@dataclass(frozen=True)
class PlayerSettings:
    sound: bool = setting(True, "cue with the terminal bell at 3-2-1, switch sides and the end")
    speech: bool = setting(
        False, "also speak cues aloud (spd-say, espeak-ng or macOS say, when installed)"
    )
    get_ready_seconds: int = setting(
        5, "countdown before each step (and to switch sides)", min=0, max=60
    )


@dataclass(frozen=True)
class Config:
    player: PlayerSettings = field(default_factory=PlayerSettings)
    path: Path | None = field(default=None, compare=False)
    """The file these settings came from, when there was one."""

    @classmethod
    def sections(cls) -> dict[str, type]:
        hints = typing.get_type_hints(cls)
        return {f.name: hints[f.name] for f in dataclasses.fields(cls) if f.name != "path"}


def _type_name(kind: Any) -> str:
    origin = typing.get_origin(kind)
    if kind is bool:
        return "true or false"
    if kind is int:
        return "a whole number"
    if kind is float:
        return "a number"
    if kind is str:
        return "a string"
    if origin is list:
        return "a list of strings"
    if origin is dict:
        return "a table of strings"
    return str(kind)


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, dict):
        return "a table"
    return str(value)


def _coerce(kind: Any, value: Any) -> Any:
    """The value as ``kind``, or raise ValueError saying what was expected."""
    origin = typing.get_origin(kind)
    expected = f"must be {_type_name(kind)}, got {_show(value)}"
    if kind is bool:
        if not isinstance(value, bool):
            raise ValueError(expected)
        return value
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(expected)
        return value
    if kind is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(expected)
        return float(value)
    if kind is str:
        if not isinstance(value, str):
            raise ValueError(expected)
        return value
    if origin is list:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(expected)
        return list(value)
    if origin is dict:
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise ValueError(expected)
        return dict(value)
    if isinstance(kind, types.UnionType):  # pragma: no cover - no such settings yet
        raise ValueError(expected)
    raise ValueError(expected)


def _check_limits(meta: dict[str, Any], value: Any) -> None:
    if "min" in meta and value < meta["min"]:
        raise ValueError(f"must be at least {meta['min']}, got {_show(value)}")
    if "max" in meta and value > meta["max"]:
        raise ValueError(f"must be at most {meta['max']}, got {_show(value)}")
    if "choices" in meta:
        choices = meta["choices"]
        values = value if isinstance(value, list) else [value]
        for item in values:
            if item not in choices:
                raise ValueError(
                    f"must be one of {', '.join(map(str, choices))}; got {_show(item)}"
                )
    if "check" in meta:
        meta["check"](value)


def _build_section(path: Path, name: str, kind: type, raw: Any) -> Any:
    if not isinstance(raw, dict):
        raise ConfigError(path, f"[{name}]", f"must be a table, got {_show(raw)}")
    hints = typing.get_type_hints(kind)
    fields = {f.name: f for f in dataclasses.fields(kind)}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in fields:
            raise ConfigError(
                path,
                f"[{name}] {key}",
                f"unknown key; known keys are: {', '.join(fields)}",
            )
        try:
            coerced = _coerce(hints[key], value)
            _check_limits(dict(fields[key].metadata), coerced)
        except ValueError as exc:
            raise ConfigError(path, f"[{name}] {key}", str(exc)) from None
        values[key] = coerced
    return kind(**values)


def parse_config(data: dict[str, Any], path: Path) -> Config:
    sections = Config.sections()
    built: dict[str, Any] = {}
    for name, raw in data.items():
        if name not in sections:
            raise ConfigError(
                path, f"[{name}]", f"unknown section; known sections are: {', '.join(sections)}"
            )
        built[name] = _build_section(path, name, sections[name], raw)
    return Config(**built, path=path)


def load_config(path: Path) -> Config:
    """Settings from ``path``; a missing file is the defaults, anything wrong a ConfigError."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config(path=None)
    except IsADirectoryError:
        raise ConfigError(path, None, "is a directory, not a settings file") from None
    except UnicodeDecodeError:
        raise ConfigError(path, None, "not UTF-8 text; save it as UTF-8") from None
    except OSError as exc:
        raise ConfigError(path, None, f"cannot read it ({exc.strerror})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, None, f"not valid TOML ({exc})") from None
    return parse_config(data, path)
