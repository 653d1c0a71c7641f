"""The prompting coach's remembered break state (``app_state`` under ``StateKey.BREAKS``).

The break keeper writes it; the keeper of the next run and ``coach status`` read it. One reader,
so a damaged or hand-edited value means "nothing remembered" to both alike. Kept apart from
:mod:`coach.services.break_keeper` because ``coach status`` must not load the scheduler.
"""

from __future__ import annotations

import json
from typing import Any


def break_state(raw: str | None) -> dict[str, Any]:
    """The stored JSON object, or ``{}`` when there is none or it isn't an object."""
    if not raw:
        return {}
    try:
        state = json.loads(raw)
    except ValueError:
        return {}
    return state if isinstance(state, dict) else {}
