"""`coach datasette-metadata`: the log's tables, views and columns described for Datasette."""

from __future__ import annotations

import argparse
import json
from typing import Any


def metadata(database: str) -> dict[str, Any]:
    """Datasette's metadata (``datasette coach.db -m metadata.json``) for a log whose file is
    ``<database>.db``: a title and description for every table and view, and for each column."""
    from coach.store.descriptions import TABLES, VIEWS

    return {
        "title": "coach",
        "description": "Your coach log: routines played, steps, check-ins, breaks, marked days.",
        "databases": {
            database: {
                "tables": {
                    name: {
                        "title": described.title,
                        "description": described.description,
                        "columns": dict(described.columns),
                    }
                    for name, described in {**TABLES, **VIEWS}.items()
                }
            }
        },
    }


def run(args: argparse.Namespace) -> int:
    from coach.system.paths import db_path
    from coach.text.safe import echo, json_text

    text = json.dumps(metadata(db_path(args.db).stem), indent=2, ensure_ascii=False)
    echo(json_text(text))
    return 0
