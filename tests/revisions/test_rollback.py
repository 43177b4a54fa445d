"""As-of reads and rollback round trips."""

from sqlalchemy.orm import Session

from app.imports import service as imports
from app.observations.service import records
from app.periods import Period
from app.revisions import service
from tests.helpers import LONG_HEADER, csv_bytes

Q4 = Period(2022, 4)


def xiaomi_q4(db: Session, as_of: int | None = None) -> tuple[int | None, int | None]:
    rows = records(
        db,
        sources=["canalys"],
        market="india",
        category="smartphones",
        vendors=["xiaomi"],
        start=Q4,
        end=Q4,
        as_of=as_of,
    )
    return rows[0].point.shipments, rows[0].point.rank


def test_revise_then_read_as_of_then_roll_back(db: Session) -> None:
    seeded = service.history(db)[0].id
    assert xiaomi_q4(db) == (5_500_000, 3)
    revised = csv_bytes(LONG_HEADER, "canalys,india,smartphones,2022Q4,Xiaomi,5.6,17,3,,,,")
    _, revision = imports.publish(db, revised, "revised.csv")
    assert revision is not None
    assert xiaomi_q4(db) == (5_600_000, 3)
    assert xiaomi_q4(db, as_of=seeded) == (5_500_000, 3)

    rollback = service.rollback(db, seeded)
    assert (
        rollback is not None and rollback.kind == "rollback" and rollback.rolled_back_to == seeded
    )
    assert xiaomi_q4(db) == (5_500_000, 3)
    # The revised figures are still there to see, and the rollback itself can be undone.
    assert xiaomi_q4(db, as_of=revision.id) == (5_600_000, 3)
    assert service.rollback(db, revision.id) is not None
    assert xiaomi_q4(db) == (5_600_000, 3)


def test_rollback_removes_rows_added_later(db: Session) -> None:
    seeded = service.history(db)[0].id
    new = csv_bytes(LONG_HEADER, "canalys,india,smartphones,2030Q1,Xiaomi,5.6,17,,,,,")
    imports.publish(db, new, "future.csv")
    q = Period(2030, 1)
    assert (
        len(
            records(db, sources=["canalys"], market="india", category="smartphones", start=q, end=q)
        )
        == 1
    )
    rollback = service.rollback(db, seeded)
    assert rollback is not None and rollback.rows_removed == 1
    assert (
        records(db, sources=["canalys"], market="india", category="smartphones", start=q, end=q)
        == []
    )


def test_rollback_to_current_is_a_no_op(db: Session) -> None:
    assert service.rollback(db, service.history(db)[0].id) is None
