"""Every remappable key in coach, found in the code itself, and the check of ``[keys]``.

Bindings carry ids (``player.pause``) so people can remap them with ``[keys]`` in config; Textual
applies the overrides (``App.set_keymap``). What Textual doesn't do is say when an id is unknown,
a key name is a typo, or two actions on one screen end up on the same key, so that is checked
here before the app starts, as one line naming the file and the key. The README's table of ids
is :func:`keys_table` (a test keeps them equal).
"""

from __future__ import annotations

import difflib
import importlib
import inspect
import pkgutil
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import KEY_NAME_REPLACEMENTS, Keys, key_to_character
from textual.screen import Screen

from coach.services.config import ConfigError

MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
_NAMED_KEYS = frozenset(k.value for k in Keys if "+" not in k.value and "<" not in k.value) | set(
    KEY_NAME_REPLACEMENTS.values()
)
_PACKAGES = ("coach.ui.app", "coach.ui.screens", "coach.ui.dialogs", "coach.ui.widgets")
_CONTROL_KEY_NAMES = {"\t": "tab"}


def character_to_key(character: str) -> str:
    """The key name Textual gives a typed character: ``a`` is ``a``, ``/`` is ``slash``.

    Textual's own function for this is private (``textual.keys._character_to_key``), so coach
    keeps this copy of its rule (a test compares the two on every printable ASCII character): a
    letter or digit is itself; anything else is its Unicode name, lower case with ``_`` for spaces
    and hyphens (``?`` is ``question_mark``), shortened as Textual shortens a few
    (``KEY_NAME_REPLACEMENTS``: ``hyphen_minus`` is ``minus``).
    """
    if character.isalnum():
        key = character
    else:
        try:
            key = unicodedata.name(character).lower().replace("-", "_").replace(" ", "_")
        except ValueError:
            key = _CONTROL_KEY_NAMES.get(character, character)
    return KEY_NAME_REPLACEMENTS.get(key, key)


@dataclass(frozen=True)
class KeyBinding:
    """One remappable binding: where it lives and what it does by default."""

    id: str
    keys: str
    description: str
    owner: type[DOMNode]


def _modules() -> Iterator[object]:
    for name in _PACKAGES:
        module = importlib.import_module(name)
        yield module
        if hasattr(module, "__path__"):
            for info in pkgutil.iter_modules(module.__path__, prefix=f"{name}."):
                yield importlib.import_module(info.name)


def _owners() -> Iterator[type[DOMNode]]:
    """Every coach widget, screen or app class that declares its own bindings."""
    seen: set[type] = set()
    for module in _modules():
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if (
                cls.__module__ == module.__name__  # type: ignore[attr-defined]
                and issubclass(cls, DOMNode)
                and "BINDINGS" in cls.__dict__
                and cls not in seen
            ):
                seen.add(cls)
                yield cls


def _bindings_of(owner: type[DOMNode]) -> list[Binding]:
    return [b for b in owner.__dict__["BINDINGS"] if isinstance(b, Binding)]


def key_bindings() -> list[KeyBinding]:
    """Every binding with an id, in the order the code declares them, grouped by owner."""
    found = [
        KeyBinding(b.id, b.key, b.tooltip or b.description, owner)
        for owner in _owners()
        for b in _bindings_of(owner)
        if b.id
    ]
    return sorted(found, key=lambda kb: (_group_order(kb.id), found.index(kb)))


def _group_order(binding_id: str) -> int:
    order = ("app", "home", "player", "confirm", "summary", "setup", "help")
    group = binding_id.partition(".")[0]
    return order.index(group) if group in order else len(order)


def _key_problem(key: str) -> str | None:
    """Why ``key`` is not a key Textual can bind, or None when it is one."""
    if not key:
        return "an empty key name (keys are separated by commas; write a comma as comma)"
    *modifiers, base = key.split("+")
    unknown = [m for m in modifiers if m not in MODIFIERS]
    if unknown:
        return f'unknown modifier "{unknown[0]}" in "{key}" (use ctrl, shift, alt, meta or super)'
    if len(base) == 1 or base in _NAMED_KEYS:
        return None
    try:
        unicodedata.lookup(base.replace("_", " "))
    except KeyError:
        return f'"{key}" is not a key name; write keys like "p", "space", "ctrl+p" or "f5"'
    return None


def _normalize(key: str) -> str:
    key = key.strip()
    return character_to_key(key) if len(key) == 1 else key


def check_keys(keys: Mapping[str, str], path: Path | None) -> None:
    """Raise ConfigError for an unknown id, a bad key name, or two actions on one key."""
    if not keys:
        return  # nothing remapped: no need to import every screen (~100 ms) to look
    where = path or Path("config.toml")
    known = {kb.id: kb for kb in key_bindings()}
    for binding_id, value in keys.items():
        if binding_id not in known:
            close = difflib.get_close_matches(binding_id, known, n=1)
            if close:
                hint = f'did you mean "{close[0]}"?'
            else:
                groups = sorted({i.partition(".")[0] for i in known})
                hint = "ids start with " + ", ".join(f"{g}." for g in groups)
            raise ConfigError(
                where,
                f"[keys] {binding_id}",
                f"unknown binding id; {hint} (the README lists them all)",
            )
        for key in value.split(","):
            if problem := _key_problem(key.strip()):
                raise ConfigError(where, f"[keys] {binding_id}", problem)
    for owner in _owners():
        taken: dict[str, str] = {}
        for binding in _bindings_of(owner):
            name = binding.id or binding.action
            value = keys.get(binding.id, binding.key) if binding.id else binding.key
            for key in map(_normalize, value.split(",")):
                other = taken.setdefault(key, name)
                if other != name:
                    culprit = binding.id if binding.id in keys else other
                    rival = other if culprit == binding.id else name
                    raise ConfigError(
                        where,
                        f"[keys] {culprit}",
                        f'"{key}" is also {rival} on the same screen; pick another key',
                    )


def bound_key(screen: Screen[Any], binding_id: str) -> str:
    """The first key now bound to ``binding_id`` on ``screen``, as words say it (``space``, ``?``).

    Screens that name a key in their text ("space resumes") ask here, so a ``[keys]`` remap
    changes the words too.
    """
    for key, active in screen.active_bindings.items():
        if active.binding.id == binding_id:
            return _said(key)
    # not in force this moment (hidden by check_action, or the screen not showing yet): the
    # remap if there is one, else the key the screen or the app declares
    remapped = getattr(getattr(screen.app, "config", None), "keys", {}).get(binding_id)
    if remapped:
        return _said(remapped.split(",")[0].strip())
    for owner in (type(screen), type(screen.app)):
        for binding in getattr(owner, "BINDINGS", []):
            if isinstance(binding, Binding) and binding.id == binding_id:
                return _said(binding.key.split(",")[0].strip())
    raise LookupError(f"no binding {binding_id} on {type(screen).__name__}")


def _said(key: str) -> str:
    character = key_to_character(key)
    if character and character.isprintable() and not character.isspace():
        return character
    return key


def keys_table() -> str:
    """The README's table of binding ids and their default keys, as Markdown."""
    rows = ["| id | default keys | does |", "|---|---|---|"]
    for kb in key_bindings():
        keys = ", ".join(f"`{k.strip()}`" for k in kb.keys.split(","))
        rows.append(f"| `{kb.id}` | {keys} | {kb.description} |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":  # pragma: no cover - a helper for editing the README
    from coach.text.safe import echo

    echo(keys_table(), end="")
