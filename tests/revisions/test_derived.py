"""The derived store: written with the figures, exact as of any revision, rebuilt equal."""

from dataclasses import replace
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import audit
from app.imports import service as imports
from app.models import SLICE_KEY, DerivedPoint, Source
from app.observations.service import load_slice
from app.periods import Period
from app.reference import edits
from app.revisions import derived, service
from app.revisions.derived import SliceIds
from tests.helpers import csv_bytes

# Shipments only, as trackers that give units state them: shares, ranks and growth derived.
HEADER = "source,market,category,quarter,vendor,shipments_million"
YEAR_ONE = csv_bytes(
    HEADER,
    *(f"idc,india,smartphones,2030Q{q},Xiaomi,{4 + q}" for q in range(1, 5)),
    *(f"idc,india,smartphones,2030Q{q},vivo,6" for q in range(1, 5)),
    *(f"idc,india,smartphones,2030Q{q},TOTAL,40" for q in range(1, 5)),
)
YEAR_TWO = csv_bytes(
    HEADER,
    "idc,india,smartphones,2031Q1,Xiaomi,10",
    "idc,india,smartphones,2031Q1,vivo,9",
    "idc,india,smartphones,2031Q1,TOTAL,50",
)
RESTATED = csv_bytes(HEADER, "idc,india,smartphones,2030Q1,Xiaomi,8")


def slices(db: Session) -> list[SliceIds]:
    columns = [getattr(DerivedPoint, c) for c in SLICE_KEY]
    return [tuple(row) for row in db.execute(select(*columns).distinct())]  # type: ignore[misc]


def xiaomi(db: Session, period: str, as_of: int | None = None) -> tuple[object, ...]:
    data = load_slice(db, "idc", "india", "smartphones", as_of=as_of)
    p = data.by_key[("xiaomi", Period.parse(period))]
    return p.shipments, p.share_pct, p.rank, p.yoy_growth_pct, p.derived


def publish(db: Session, data: bytes) -> int:
    _, revision = imports.publish(db, data, "idc.csv")
    assert revision is not None
    return revision.id


def test_publish_restate_and_roll_back_leave_what_a_rebuild_derives(db: Session) -> None:
    seeded = service.history(db)[0].id
    first = publish(db, YEAR_ONE)
    second = publish(db, YEAR_TWO)
    # Xiaomi: 5 of 40 in Q1 2030 (behind vivo), 26 in the year, 10 in Q1 2031 (+100%).
    assert xiaomi(db, "2030Q1") == (5_000_000, Decimal("12.5"), 2, None, ("share_pct", "rank"))
    assert xiaomi(db, "2031Q1")[1:] == (
        Decimal("20.0"),
        1,
        Decimal("100.0"),
        ("share_pct", "rank", "yoy_growth_pct"),
    )
    assert xiaomi(db, "2030")[0] == 26_000_000
    # A restated first quarter changes that quarter, its year and the growth a year on.
    restated = publish(db, RESTATED)
    assert xiaomi(db, "2030Q1")[:3] == (8_000_000, Decimal("20.0"), 1)
    assert xiaomi(db, "2030")[0] == 29_000_000
    assert xiaomi(db, "2031Q1")[3] == Decimal("25.0")
    # Every revision reads as it was.
    assert xiaomi(db, "2031Q1", as_of=second)[3] == Decimal("100.0")
    assert xiaomi(db, "2030Q1", as_of=first)[:3] == (5_000_000, Decimal("12.5"), 2)
    rollback = service.rollback(db, second)
    assert rollback is not None
    assert xiaomi(db, "2031Q1")[3] == Decimal("100.0")
    assert service.rollback(db, seeded) is not None
    assert "2030Q1" not in {
        p.period.code for p in load_slice(db, "idc", "india", "smartphones").points
    }
    assert xiaomi(db, "2030Q1", as_of=restated)[0] == 8_000_000

    incremental = derived.snapshot(db)
    assert derived.rebuild(db) > 0
    assert derived.snapshot(db) == incremental


def test_every_slice_as_of_any_revision_is_what_its_figures_derive(db: Session) -> None:
    """The store against deriving each whole slice from its figures, as reads once did."""
    latest = service.history(db)[0].id
    checked = 0
    for as_of in (1, latest // 3, latest // 2, latest - 1, None):
        for ids in slices(db):
            stored = derived.read(db, ids, as_of=as_of)
            fresh = derived.derive_slice(db, ids, as_of=as_of)
            assert sorted(stored.points, key=_by_key) == sorted(fresh.points, key=_by_key), ids
            assert stored.totals == fresh.totals, ids
            assert stored.stated_by == fresh.stated_by, ids
            checked += len(stored.points)
    assert checked > 2_000


def test_a_tracker_made_a_successor_changes_the_series_it_joins(db: Session) -> None:
    publish(db, YEAR_TWO)
    assert load_slice(db, "cmr", "india", "smartphones").successors == ()
    idc = edits.get_tracker(db, "idc")
    form = replace(edits.tracker_form(idc), predecessor="cmr", successor_from="2031Q1")
    save(db, form, idc)
    series = load_slice(db, "cmr", "india", "smartphones")
    assert [s.slug for s in series.successors] == ["idc"]
    assert series.source_at(Period(2031, 1)) == "idc"
    assert series.by_key[("vivo", Period(2031, 1))].share_pct == Decimal("18.0")
    # As of any earlier revision too: the series is what the trackers are now.
    assert load_slice(db, "cmr", "india", "smartphones", as_of=1).successors == ()
    assert derived.snapshot(db) == _rebuilt(db)
    # And leaves it again.
    save(db, replace(form, predecessor="", successor_from=""), idc)
    assert load_slice(db, "cmr", "india", "smartphones").successors == ()
    assert derived.snapshot(db) == _rebuilt(db)


def save(db: Session, form: edits.TrackerForm, source: Source) -> None:
    """As the admin page does: the edit, and its audit entry, which moves the version."""
    edits.save_tracker(db, form, source)
    audit.record(db, "source.edit", actor="test")


def _rebuilt(db: Session) -> list[tuple[object, ...]]:
    derived.rebuild(db)
    return derived.snapshot(db)


def _by_key(point: derived.Point) -> tuple[Period, str]:
    return point.period, point.vendor
