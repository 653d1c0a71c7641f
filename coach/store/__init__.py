"""The log: the only place SQL lives. This module is its contract: what others may use.

``Store`` is one open log (a part per table family: sessions and steps, breaks, check-ins and
deloads, marked days, remembered state, and every row for backups and merges); every write it
makes goes through one funnel that turns any refusal into :class:`LogWriteError`.
``read_status`` is ``coach status``'s read-only path (plain sqlite3, nothing written).

Each name is imported from its module on first use (PEP 562): ``coach status`` asks only for
``read_status`` and so never loads the table families it does not read (nor what they import).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coach.core.vocabulary import SessionStatus
    from coach.store.breaks import BreakDay, BreakRow
    from coach.store.checkins import CheckinRow, DeloadRow
    from coach.store.connection import BUSY_PATIENCE_SECONDS
    from coach.store.errors import MOVE_ASIDE, LogWriteError, StoreError
    from coach.store.files import LogInfo, checked_today, inspect_log, remember_checked
    from coach.store.log import Store
    from coach.store.marks import DayMark, DayMarkRow
    from coach.store.schema import SCHEMA_VERSION
    from coach.store.sessions import HabitSession, PreliftSession, SessionRow, StepRow
    from coach.store.state import StateRow
    from coach.store.status_read import read_status

_WHERE: dict[str, str] = {
    "BUSY_PATIENCE_SECONDS": "coach.store.connection",
    "BreakDay": "coach.store.breaks",
    "BreakRow": "coach.store.breaks",
    "CheckinRow": "coach.store.checkins",
    "DayMark": "coach.store.marks",
    "DayMarkRow": "coach.store.marks",
    "DeloadRow": "coach.store.checkins",
    "HabitSession": "coach.store.sessions",
    "LogInfo": "coach.store.files",
    "LogWriteError": "coach.store.errors",
    "MOVE_ASIDE": "coach.store.errors",
    "PreliftSession": "coach.store.sessions",
    "SCHEMA_VERSION": "coach.store.schema",
    "SessionRow": "coach.store.sessions",
    "SessionStatus": "coach.core.vocabulary",
    "StateRow": "coach.store.state",
    "StepRow": "coach.store.sessions",
    "Store": "coach.store.log",
    "StoreError": "coach.store.errors",
    "checked_today": "coach.store.files",
    "inspect_log": "coach.store.files",
    "read_status": "coach.store.status_read",
    "remember_checked": "coach.store.files",
}
"""Which module holds each name of the contract."""

__all__ = [
    "BUSY_PATIENCE_SECONDS",
    "MOVE_ASIDE",
    "SCHEMA_VERSION",
    "BreakDay",
    "BreakRow",
    "CheckinRow",
    "DayMark",
    "DayMarkRow",
    "DeloadRow",
    "HabitSession",
    "LogInfo",
    "LogWriteError",
    "PreliftSession",
    "SessionRow",
    "SessionStatus",
    "StateRow",
    "StepRow",
    "Store",
    "StoreError",
    "checked_today",
    "inspect_log",
    "read_status",
    "remember_checked",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
