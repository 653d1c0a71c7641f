"""The log: the only place SQL lives. This module is its contract: what others may use.

``Store`` is one open log (a part per table family: sessions and steps, breaks, check-ins and
deloads, marked days, remembered state, and every row for backups and merges); every write it
makes goes through one funnel that turns any refusal into :class:`LogWriteError`.
``read_status`` is ``coach status``'s read-only path (plain sqlite3, nothing written).
"""

from __future__ import annotations

from coach.core.vocabulary import SessionStatus
from coach.store.breaks import BreakDay, BreakRow
from coach.store.checkins import CheckinRow, DeloadRow
from coach.store.connection import BUSY_PATIENCE_SECONDS
from coach.store.errors import MOVE_ASIDE, LogWriteError, StoreError
from coach.store.files import checked_today, remember_checked
from coach.store.log import Store
from coach.store.marks import DayMark, DayMarkRow
from coach.store.schema import SCHEMA_VERSION
from coach.store.sessions import HabitSession, PreliftSession, SessionRow, StepRow
from coach.store.state import StateRow
from coach.store.status_read import read_status

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
    "LogWriteError",
    "PreliftSession",
    "SessionRow",
    "SessionStatus",
    "StateRow",
    "StepRow",
    "Store",
    "StoreError",
    "checked_today",
    "read_status",
    "remember_checked",
]
