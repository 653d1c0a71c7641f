"""What "the log is consistent" means, checked the same way after every fault."""

from __future__ import annotations

from coach.store import Store

STATUSES = {"running", "completed", "partial"}


def log_problems(store: Store) -> list[str]:
    """Everything wrong with the log, as readable lines (empty when it is sound)."""
    db = store.db
    problems: list[str] = []
    integrity = [row[0] for row in db.execute("PRAGMA integrity_check").fetchall()]
    if integrity != ["ok"]:
        problems.append(f"integrity_check: {integrity}")
    orphans = db.execute("PRAGMA foreign_key_check").fetchall()
    if orphans:
        problems.append(f"foreign_key_check: {orphans}")
    for session in db.query("SELECT * FROM sessions"):
        sid = session["id"][:8]
        if session["status"] not in STATUSES:
            problems.append(f"{sid}: status {session['status']!r}")
        counts = db.execute(
            "SELECT SUM(outcome = 'done'), SUM(outcome = 'skipped'), COUNT(*) FROM steps "
            "WHERE session_id = ?",
            [session["id"]],
        ).fetchone()
        done, skipped, total = counts[0] or 0, counts[1] or 0, counts[2]
        if (session["steps_done"], session["steps_skipped"]) != (done, skipped):
            problems.append(
                f"{sid}: counts {session['steps_done']}/{session['steps_skipped']} "
                f"but rows {done}/{skipped}"
            )
        if done + skipped != total:
            problems.append(f"{sid}: a step row with an unknown outcome")
        if session["status"] != "running" and not session["ended_at"]:
            problems.append(f"{sid}: {session['status']} without ended_at")
        if session["ended_at"] and session["ended_at"] < session["started_at"]:
            problems.append(f"{sid}: ends {session['ended_at']} before {session['started_at']}")
    for step in db.query("SELECT * FROM steps"):
        if step["started_at"] and step["ended_at"] < step["started_at"]:
            problems.append(f"step {step['id'][:8]}: ends before it starts")
        if step["active_seconds"] is not None and step["active_seconds"] < 0:
            problems.append(f"step {step['id'][:8]}: negative active time")
    return problems
