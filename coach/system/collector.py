"""Python's cycle collector, held off while the app starts.

Starting the app allocates a few hundred thousand objects (Textual's and coach's modules, the
stylesheet, home's widgets) and almost none of them is garbage, yet CPython's collector walks
them again every few hundred allocations as they pile up: about 30 ms of a 276 ms start, on the
way to the first frame. So :func:`held_off` stops it for the start, and the app calls the
``resume`` it yields once its first screen is drawn. Resuming freezes what exists by then
(:func:`gc.freeze`: moved where the collector no longer looks), so the collections of a long
session walk only what came after, not Textual's and coach's start-up objects every time.

Reference counting goes on all along; only garbage in cycles waits, and a start makes little.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def held_off() -> Iterator[Callable[[], None]]:
    """No cycle collection inside, until the ``resume`` yielded is called (once is enough; it
    does nothing if the collector was off already, as under a caller who turned it off)."""
    was_enabled = gc.isenabled()
    resumed = False

    def resume() -> None:
        nonlocal resumed
        if resumed or not was_enabled:
            return
        resumed = True
        gc.freeze()
        gc.enable()

    gc.disable()
    try:
        yield resume
    finally:
        if was_enabled:
            gc.enable()
