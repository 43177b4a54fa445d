"""The restore drill: what readers saw before a backup is what they see after restoring it
into an empty database, byte for byte: every chart of every tracker (live and pinned to a
revision), the observations API, the revision list and the audit log."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from app import audit
from app.backups import service as backups
from app.charts.query import CHART_IDS
from app.db import make_engine
from app.imports import service as imports
from app.observations.service import sources_with_data
from app.revisions import service as revisions
from tests.conftest import app_on
from tests.helpers import LONG_HEADER, csv_bytes

REVISED = csv_bytes(
    LONG_HEADER,
    "canalys,india,smartphones,2022Q4,Xiaomi,5.6,17,3,,,,https://example.org/revised",
    "canalys,india,smartphones,2031Q1,Xiaomi,6.1,18,,,,,https://example.org/future",
)


def what_readers_see(engine: Engine, pinned: int) -> dict[str, bytes]:
    """Every public answer the drill compares, by address, and the audit log."""
    with Session(engine) as session, TestClient(app_on(session)) as client:
        trackers = sources_with_data(session, "india", "smartphones")
        # Segments are stated by some trackers only; their chart is compared as it opens.
        whole = [chart for chart in CHART_IDS if chart != "segments"]
        every_tracker = {
            f"/api/v1/charts/{chart}.json?source={tracker}"
            for chart in whole
            for tracker in trackers
        }
        addresses = [
            *sorted(every_tracker),
            *(f"/api/v1/charts/{chart}.json?source=canalys&as_of=r{pinned}" for chart in whole),
            "/api/v1/charts/segments.json",
            *(f"/api/v1/observations.csv?source={tracker}" for tracker in trackers),
            "/api/v1/observations?source=canalys&limit=1000",
            "/api/v1/revisions",
        ]
        seen = {}
        for address in addresses:
            response = client.get(address)
            assert response.status_code == 200, (address, response.text[:300])
            seen[address] = response.content
    return seen


def audit_log(session: Session) -> list[tuple[object, ...]]:
    return [tuple(r) for r in session.execute(text("SELECT * FROM audit_log ORDER BY id"))]


def test_a_restored_backup_answers_exactly_as_the_original(
    fresh_url: str, empty_url: str, tmp_path: Path
) -> None:
    original = make_engine(fresh_url)
    with Session(original) as session, session.begin():
        seeded = revisions.history(session)[0].id
        _, revised = imports.publish(session, REVISED, "revised.csv")
        assert revised is not None
        audit.record(session, "import.publish", actor="asha", detail=f"r{revised.id}")
        rollback = revisions.rollback(session, seeded)
        assert rollback is not None
        audit.record(session, "revision.rollback", actor="asha", detail=f"to r{seeded}")
        pinned, latest = revised.id, rollback.id
    before = what_readers_see(original, pinned)
    with Session(original) as session:
        log_before = audit_log(session)

    file = tmp_path / "nightly.backup"
    taken = backups.backup(original, file, actor="drill")
    assert (taken.revision, file.stat().st_size > 10_000) == (latest, True)
    restored = make_engine(empty_url)
    done = backups.restore(restored, file, actor="drill")
    assert (done.revision, done.migrated) == (latest, False)

    after = what_readers_see(restored, pinned)
    assert len(before) > 40  # every chart of every tracker, pinned ones, the APIs
    differing = [address for address in before if before[address] != after.get(address)]
    assert differing == []
    assert before.keys() == after.keys()
    # The audit log as it was, then one entry each: the original says it was backed up,
    # the copy that it was restored (who, and from which file).
    with Session(original) as session:
        *log_original, backup_entry = audit_log(session)
    with Session(restored) as session:
        *log_restored, restore_entry = audit_log(session)
    assert log_original == log_restored == log_before
    assert len(log_before) >= 2
    assert backup_entry[3:5] == ("drill", "backup")
    assert f"to {file.resolve()} (r{latest}, schema " in str(backup_entry[5])
    assert restore_entry[3:5] == ("drill", "restore")
    assert str(restore_entry[5]).startswith(f"from {file.resolve()} (schema ")
    original.dispose()
    restored.dispose()
