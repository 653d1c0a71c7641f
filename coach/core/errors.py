"""One error type for everything a user or a file can cause, rendered once at each edge.

Every error coach expects (a bad settings value, a routine file that doesn't parse, a log that
can't be read or written) derives from :class:`CoachError` and reads as one line naming the file,
the field and the fix. The CLI prints that line and exits 2; the app shows it where the user is.
Anything else reaching an edge is a bug, and is allowed to look like one.
"""

from __future__ import annotations


class CoachError(Exception):
    """An error meant for the person: ``str(error)`` is the whole message, on one line."""
