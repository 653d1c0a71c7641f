"""Settings: a TOML file turned into frozen dataclasses, validated key by key.

Each section is a dataclass whose fields carry their help text and limits as metadata, so one
walker validates every section, and the same metadata can write a commented default file. A
missing file means defaults; a bad value or an unknown key is a one-line :class:`ConfigError`.
"""

from __future__ import annotations

import dataclasses
import math
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coach.core.days import parse_hhmm
from coach.core.errors import CoachError


class ConfigError(CoachError):
    """A settings file coach cannot use, rendered as one line naming file and key."""

    def __init__(self, path: Path | str, key: str | None, message: str) -> None:
        self.path = Path(path)
        self.key = key
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}: {self.key}" if self.key else str(self.path)
        return one_line(f"{where}: {self.message}")


def one_line(text: str) -> str:
    """Escape what would break or hide a line (a newline in a quoted key, say), as Python does."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


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
    figures: bool = setting(
        True, "draw each movement beside the countdown (from 100 columns by 30 rows)"
    )


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _check_hhmm(value: str) -> None:
    parse_hhmm(value)


def _check_hours(value: str) -> None:
    """``"09:00-18:00"``; ``"00:00-24:00"`` means all day."""
    start, sep, end = value.partition("-")
    try:
        if not sep:
            raise ValueError
        parse_hhmm(start.strip())
        if end.strip() != "24:00":
            parse_hhmm(end.strip())
    except ValueError:
        raise ValueError(
            f'expected a range like "09:00-18:00" ("00:00-24:00" for all day), got "{value}"'
        ) from None


@dataclass(frozen=True)
class BreakSettings:
    enabled: bool = setting(True, "prompt to stand up while you work")
    interval_minutes: float = setting(
        30.0, "minutes of sitting between breaks (fractions allowed)", min=0.05, max=480
    )
    snooze_minutes: float = setting(5.0, "how long a snooze lasts", min=0.05, max=120)
    max_snoozes: int = setting(3, "snoozes allowed before only done or skip remain", min=0, max=20)
    work_hours: str = setting(
        "09:00-18:00",
        'when breaks are prompted, local time ("00:00-24:00" = all day)',
        check=_check_hours,
    )
    work_days: list[str] = setting(
        ["mon", "tue", "wed", "thu", "fri"], "days breaks are prompted", choices=WEEKDAYS
    )
    missed_after_minutes: float = setting(
        10.0, "an unanswered prompt is logged as missed after this long", min=0.05, max=240
    )
    natural_break_minutes: float = setting(
        3.0, "idle this long (no key pressed) counts as a break taken", min=0.05, max=120
    )
    routine: str = setting("desk-break", "the routine a break offers")
    tmux_popup: bool = setting(
        False, "inside tmux, also ask in a popup over the pane you are working in"
    )


@dataclass(frozen=True)
class NotifySettings:
    desktop: bool = setting(True, "a desktop notification via notify-send, when it exists")
    terminal: bool = setting(
        True, "the OSC 9 / OSC 777 escape that kitty, WezTerm, iTerm2 and foot show natively"
    )


@dataclass(frozen=True)
class HabitSettings:
    day_starts_at: str = setting(
        "04:00", "a session before this hour counts for the day before", check=_check_hhmm
    )
    break_target_share: float = setting(
        0.75, "share of a work day's breaks to take for the day to count", min=0.0, max=1.0
    )
    prelift_per_week: int = setting(3, "pre-lift warm-ups per calendar week", min=1, max=14)


@dataclass(frozen=True)
class SafetySettings:
    pain_threshold: int = setting(
        6, "pain (0-10) at or above which coach suggests going lighter", min=1, max=10
    )
    deload_every_weeks: int = setting(
        6, "consecutive training weeks before a deload week is due", min=2, max=16
    )


@dataclass(frozen=True)
class UiSettings:
    theme: str = setting("textual-dark", "the colour theme (any Textual theme name)")
    lifts: bool = setting(True, "show the pre-lift warm-up and deload reminders on home")


@dataclass(frozen=True)
class SyncSettings:
    dir: str = setting(
        "",
        "a folder Syncthing, Dropbox, a share or git carries: coach takes in the other machines' "
        "files there when it starts and writes this one's when it quits (empty: no sync)",
    )


@dataclass(frozen=True)
class Config:
    player: PlayerSettings = field(default_factory=PlayerSettings)
    breaks: BreakSettings = field(default_factory=BreakSettings)
    notify: NotifySettings = field(default_factory=NotifySettings)
    habits: HabitSettings = field(default_factory=HabitSettings)
    safety: SafetySettings = field(default_factory=SafetySettings)
    ui: UiSettings = field(default_factory=UiSettings)
    sync: SyncSettings = field(default_factory=SyncSettings)
    keys: dict[str, str] = field(default_factory=dict)
    """Binding id → keys, e.g. ``"player.pause" = "p"``; applied with App.set_keymap."""
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
        if not math.isfinite(value):  # nan slips past every min/max comparison
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
        if not isinstance(value, dict):
            raise ValueError(expected)
        for key, item in value.items():
            if not isinstance(item, str):
                raise ValueError(
                    f'{key} must be a string such as "p" or "ctrl+p", got {_show(item)}'
                )
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
        if typing.get_origin(sections[name]) is dict:
            try:
                built[name] = _coerce(sections[name], raw)
            except ValueError as exc:
                raise ConfigError(path, f"[{name}]", str(exc)) from None
            continue
        built[name] = _build_section(path, name, sections[name], raw)
    return Config(**built, path=path)


def load_config(path: Path) -> Config:
    """Settings from ``path``; a missing file is the defaults, anything wrong a ConfigError.

    The file is read as a hostile one (:mod:`coach.system.files`): only a regular file, at most
    ``SETTINGS_LIMIT`` bytes, nested no deeper than ``NESTING_LIMIT``.
    """
    data = _read_settings(path)
    if data is None:
        return Config(path=None)
    return parse_config(data, path)


def _read_settings(path: Path) -> dict[str, Any] | None:
    """The decoded file, ``None`` when there is none; anything wrong is a ConfigError."""
    from coach.system.files import SETTINGS_LIMIT, FileRefused, NoSuchFile, load_toml

    try:
        return load_toml(path, limit=SETTINGS_LIMIT)
    except NoSuchFile:
        return None
    except FileRefused as exc:
        raise ConfigError(exc.path, None, exc.message) from None


_TOML_ESCAPES = {
    **{chr(c): f"\\u{c:04x}" for c in [*range(0x20), 0x7F]},
    "\\": "\\\\",
    '"': '\\"',
}
"""What a TOML basic string cannot hold as itself: control characters, backslash and quote."""


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + "".join(_TOML_ESCAPES.get(c, c) for c in value) + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, float) and value.is_integer():
        return f"{value:.1f}"
    return str(value)


def render_config(config: Config | None = None, *, header: str = "") -> str:
    """A complete, commented settings file: every key, its help, and ``config``'s values.

    Written by first-run setup and ``coach config init``; it loads back to the same values.
    """
    config = config or Config()
    lines = [f"# {line}".rstrip() for line in header.splitlines()] if header else []
    for name, kind in Config.sections().items():
        value = getattr(config, name)
        if lines:
            lines.append("")
        lines.append(f"[{name}]")
        if typing.get_origin(kind) is dict:
            lines.append('# binding id = "keys", e.g. "player.pause" = "p" (see the README)')
            lines.extend(f"{_toml_value(k)} = {_toml_value(v)}" for k, v in value.items())
            continue
        for f in dataclasses.fields(kind):
            lines.append(f"# {f.metadata.get('help', '')}")
            lines.append(f"{f.name} = {_toml_value(getattr(value, f.name))}")
    return "\n".join(lines) + "\n"


def keys_in_file(path: Path) -> set[str]:
    """The keys a settings file sets, dotted (``player.sound``, ``keys.player.pause``).

    Call after :func:`load_config` succeeded on the same file; a missing file sets nothing.
    """
    try:
        data = _read_settings(path) or {}
    except ConfigError:
        return set()
    return {
        f"{section}.{key}"
        for section, table in data.items()
        if isinstance(table, dict)
        for key in table
    }


def render_effective(config: Config, from_file: set[str], source: str) -> str:
    """Every setting in force and where it came from; itself a valid settings file."""
    lines = [f"# {line}".rstrip() for line in source.splitlines()]
    for name, kind in Config.sections().items():
        value = getattr(config, name)
        lines.append("")
        lines.append(f"[{name}]")
        if typing.get_origin(kind) is dict:
            if not value:
                lines.append("# (none remapped: every key is the default)")
            entries = [(_toml_value(k), _toml_value(v), f"{name}.{k}") for k, v in value.items()]
        else:
            entries = [
                (f.name, _toml_value(getattr(value, f.name)), f"{name}.{f.name}")
                for f in dataclasses.fields(kind)
            ]
        width = max((len(f"{key} = {shown}") for key, shown, _ in entries), default=0)
        for key, shown, dotted in entries:
            origin = "from the file" if dotted in from_file else "default"
            lines.append(f"{key} = {shown}".ljust(width) + f"  # {origin}")
    return "\n".join(lines) + "\n"


def write_config(path: Path, config: Config, *, header: str = "") -> None:
    """Write ``config`` to ``path`` as a complete commented file, atomically.

    The new text goes to a temporary file beside ``path`` and replaces it in one rename, so a
    crash mid-write never leaves half a settings file; the file is 0600 and a folder made for it
    0700, whatever the umask. Raises ConfigError if it cannot be written.
    """
    from coach.system.files import write_private

    text = render_config(config, header=header)
    try:
        write_private(path, text)
    except OSError as exc:
        raise ConfigError(path, None, f"cannot write it ({exc.strerror or exc})") from None


def changed_settings(before: Config, after: Config) -> dict[str, dict[str, Any]]:
    """What ``after`` sets differently from ``before``: section → key → new value (``[keys]``
    whole, when it changed)."""
    changes: dict[str, dict[str, Any]] = {}
    for name, kind in Config.sections().items():
        old, new = getattr(before, name), getattr(after, name)
        if old == new:
            continue
        if typing.get_origin(kind) is dict:
            changes[name] = dict(new)
            continue
        changes[name] = {
            f.name: getattr(new, f.name)
            for f in dataclasses.fields(kind)
            if getattr(old, f.name) != getattr(new, f.name)
        }
    return changes


def update_config(path: Path, before: Config, after: Config, *, header: str = "") -> None:
    """Save what changed from ``before`` to ``after`` into the settings file at ``path``, keeping
    the person's comments, order and layout (tomlkit, loaded only here, when saving): only the
    changed keys' values are replaced, a key or section the file lacks is added. A file that
    isn't there yet is written whole, commented (:func:`write_config`). Atomic, like it."""
    if not path.exists():
        write_config(path, after, header=header)
        return
    import tomlkit

    from coach.system.files import SETTINGS_LIMIT, FileRefused, read_text_file, write_private

    try:
        document = tomlkit.parse(read_text_file(path, limit=SETTINGS_LIMIT))
    except FileRefused as exc:
        raise ConfigError(exc.path, None, exc.message) from None
    except tomlkit.exceptions.ParseError as exc:
        raise ConfigError(path, None, f"not valid TOML ({exc}); not saved") from None
    for section, values in changed_settings(before, after).items():
        table = document.get(section)
        if table is None:
            table = tomlkit.table()
            document[section] = table
        if section == "keys":
            for key in [k for k in table if k not in values]:
                del table[key]
        for key, value in values.items():
            table[key] = list(value) if isinstance(value, tuple) else value
    try:
        write_private(path, tomlkit.dumps(document))
    except OSError as exc:
        raise ConfigError(path, None, f"cannot write it ({exc.strerror or exc})") from None


def back_up_config(path: Path) -> Path:
    """Copy the settings file to ``<name>.bak`` (mode 0600) before it is rewritten."""
    from coach.system.files import SETTINGS_LIMIT, FileRefused, copy_private

    backup = path.with_name(path.name + ".bak")
    try:
        copy_private(path, backup, limit=SETTINGS_LIMIT)
    except FileRefused as exc:
        raise ConfigError(exc.path, None, f"cannot back it up: {exc.message}") from None
    except OSError as exc:
        raise ConfigError(backup, None, f"cannot write it ({exc.strerror or exc})") from None
    return backup
