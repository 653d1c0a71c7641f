"""``sessions.dose``: added by a named migration, written by the recorder, carried by exports."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from coach.core.vocabulary import Dose
from coach.services.portability import export_json, import_json, merge_file
from coach.store import Store
from tests.store.fixtures.make_fixtures import SESSION, fixture_path

NOW = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)


def start(store: Store, dose: Dose) -> str:
    return store.start_session(
        routine_id="pre-lift-warmup",
        routine_name="Pre-lift warm-up",
        tags=("pre-lift",),
        planned_seconds=240.0,
        now=NOW,
        dose=dose,
    )


def test_a_log_from_before_doses_upgrades_with_every_session_usual(tmp_path: Path) -> None:
    path = tmp_path / "coach.db"
    shutil.copyfile(fixture_path(7), path)
    store = Store.open(path)
    try:
        assert "dose" in store.columns("sessions")
        session = store.session(SESSION)
        assert session is not None and session["dose"] == Dose.USUAL
        lighter = start(store, Dose.LIGHTER)  # and a new session records its own
        assert store.session(lighter)["dose"] == Dose.LIGHTER  # type: ignore[index]
    finally:
        store.close()


def test_export_import_and_merge_carry_the_dose(tmp_path: Path) -> None:
    source = Store.open(tmp_path / "a" / "coach.db")
    try:
        usual, lighter = start(source, Dose.USUAL), start(source, Dose.LIGHTER)
        text = export_json(source)
    finally:
        source.close()
    assert '"dose": "lighter"' in text and '"dose": "usual"' in text
    export = tmp_path / "export.json"
    export.write_text(text, encoding="utf-8")

    imported = Store.open(tmp_path / "b" / "coach.db")
    merged = Store.open(tmp_path / "c" / "coach.db")
    try:
        assert import_json(imported, export).added == {"sessions": 2}
        assert export_json(imported) == text  # the round trip is exact
        assert merge_file(merged, tmp_path / "a" / "coach.db").added == {"sessions": 2}
        for store in (imported, merged):
            doses = {sid: store.session(sid)["dose"] for sid in (usual, lighter)}  # type: ignore[index]
            assert doses == {usual: Dose.USUAL, lighter: Dose.LIGHTER}
    finally:
        imported.close()
        merged.close()
