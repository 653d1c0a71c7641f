"""Sync through a folder: several machines keep one history through a folder that Syncthing,
Dropbox, a network share or a git repository carries.

Each machine writes only its own file there, ``<host>-<machine id>.coach.json``: an export of
its whole log (after taking in everyone else's), written to a hidden temporary name and renamed,
so a sync tool never sees half of it. Each reads every other machine's file and merges it with
the later-change-wins rule of :mod:`coach.services.portability`, which makes the order files
are read in, and how often, irrelevant. The live SQLite file never goes into the folder (a
folder holding it is refused): a sync tool copying a database mid-write would damage it.

A file that can't be taken in is skipped with one line saying why and read again next time:
one still arriving (not whole JSON yet), a sync tool's conflict copy (its rows are in the
machine's own file, which that machine rewrites whole at its next sync), one written by a newer
coach. Nothing in the folder is ever deleted or changed but this machine's own file.
"""

from __future__ import annotations

import re
import socket
from dataclasses import dataclass, field
from pathlib import Path

from coach.services.portability import MergeReport, import_json, write_export
from coach.store import Store, StoreError

SUFFIX = ".coach.json"
CONFLICT_COPY = re.compile(
    r"\.sync-conflict-\d{8}-\d{6}|conflicted copy|\(case conflict\)|\.orig$|~$", re.IGNORECASE
)
"""Names sync tools give the copies they make when two machines changed a file at once
(Syncthing's ``.sync-conflict-YYYYMMDD-HHMMSS-…``, Dropbox's and Nextcloud's
``(… conflicted copy …)``, Dropbox's ``(Case Conflict)``), and editor or merge leftovers."""
HOST_LABEL = 24


@dataclass
class SyncReport:
    """What one sync did: the files taken in, the ones skipped and why, the file written."""

    folder: Path
    merged: list[tuple[Path, MergeReport]] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    written: Path | None = None

    def lines(self) -> list[str]:
        """One line per file, as ``coach sync`` prints them."""
        out = [f"{path.name}: {report.summary()}" for path, report in self.merged]
        for path, report in self.merged:
            out += [f"{path.name}: {conflict}" for conflict in report.conflicts]
        out += [f"{path.name}: skipped: {why}" for path, why in self.skipped]
        if self.written is not None:
            out.append(f"{self.written.name}: written (this machine's)")
        return out


def host_label(name: str | None = None) -> str:
    """This machine's host name as a file name can carry it: ``Jane's MacBook`` →
    ``jane-s-macbook``; ``machine`` when it has none."""
    given = socket.gethostname() if name is None else name
    label = re.sub(r"[^a-z0-9]+", "-", given.lower()).strip("-")
    return label[:HOST_LABEL].strip("-") or "machine"


def own_file(folder: Path, machine: str, host: str | None = None) -> Path:
    return folder / f"{host_label(host)}-{machine}{SUFFIX}"


def check_folder(store: Store, folder: Path) -> Path:
    """The folder, made if missing; refused (one line) if it is a file or holds the live log."""
    folder = folder.expanduser()
    if folder.exists() and not folder.is_dir():
        raise StoreError(folder, "is a file; coach sync needs a folder (one file per machine)")
    folder.mkdir(parents=True, exist_ok=True)
    log_folder = store.path.resolve().parent
    if log_folder == folder.resolve() or folder.resolve() in log_folder.parents:
        raise StoreError(
            folder,
            f"holds the live log ({store.path}); a sync tool copying it mid-write would damage "
            "it: choose a folder of its own",
        )
    return folder


def why_skip(path: Path) -> str | None:
    """Why a coach-looking file in the folder is not read, or ``None`` when it is one to read."""
    if CONFLICT_COPY.search(path.name) or CONFLICT_COPY.search(path.stem):
        return (
            "a conflict copy made by the sync tool; its rows are in that machine's own file, "
            "which it rewrites whole at its next sync (delete the copy when you like)"
        )
    if not path.name.endswith(SUFFIX):
        return f"not named like a machine's file (<host>-<id>{SUFFIX}); left alone"
    return None


def sync_folder(store: Store, folder: Path, *, host: str | None = None) -> SyncReport:
    """Take in every other machine's file in ``folder``, then write this one's."""
    folder = check_folder(store, folder)
    machine = store.machine_id()
    mine = own_file(folder, machine, host)
    report = SyncReport(folder)
    candidates = sorted(
        path
        for path in folder.iterdir()
        if not path.name.startswith(".") and ".coach" in path.name and path.is_file()
    )
    for path in candidates:
        if path.name.endswith(f"-{machine}{SUFFIX}"):
            continue  # this machine's own file (under any host name it had)
        why = why_skip(path)
        if why is not None:
            report.skipped.append((path, why))
            continue
        try:
            report.merged.append((path, import_json(store, path)))
        except StoreError as exc:
            report.skipped.append((path, _reason(exc.message)))
    write_export(mine, store)
    report.written = mine
    return report


def _reason(message: str) -> str:
    """A refused file's reason, said as sync sees it: one still arriving is read next time."""
    if message.startswith("not valid JSON") or message.startswith("not UTF-8"):
        return f"not whole yet, or damaged ({message}); read again at the next sync"
    return message
