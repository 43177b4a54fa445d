"""Versioned figures on the seeded databases: a write closes the old row and adds a new one,
a removal only closes, and as-of reads see exactly what was visible then."""

from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (
    Category,
    Market,
    MarketTotal,
    Observation,
    Revision,
    Segment,
    Source,
    Vendor,
)
from app.periods import Period
from app.revisions.store import FigureKey, latest_revision_id, read, visible, write

Q4_2022 = Period(2022, 4).key


def key(
    db: Session,
    vendor: str | None = "xiaomi",
    source: str = "canalys",
    segment: str = "all",
    basis: str = "units",
) -> FigureKey:
    """Canalys's India smartphones Q4 2022 figure for a vendor (None: the market total)."""
    named = ((Source, source), (Market, "india"), (Category, "smartphones"), (Segment, segment))
    ids = [db.scalar(select(model.id).where(model.slug == slug)) for model, slug in named]
    vendor_id = db.scalar(select(Vendor.id).where(Vendor.slug == vendor)) if vendor else None
    return FigureKey(*ids, basis, vendor_id, Q4_2022)


def new_revision(db: Session) -> Revision:
    revision = Revision(kind="import", file_name="test.csv", summary="store test")
    db.add(revision)
    db.flush()
    return revision


def versions(db: Session, k: FigureKey) -> list[tuple[int | None, int, int | None]]:
    """(shipments, valid_from, valid_to) of every stored version of an observation."""
    o = Observation
    rows = db.execute(
        select(o.shipments, o.valid_from, o.valid_to)
        .where(
            o.source_id == k.source_id,
            o.market_id == k.market_id,
            o.category_id == k.category_id,
            o.vendor_id == k.vendor_id,
            o.period == k.period,
        )
        .order_by(o.valid_from)
    )
    return [tuple(r) for r in rows]


def test_writing_a_changed_figure_closes_the_old_row(db: Session) -> None:
    xiaomi = key(db)
    [(shipments, seeded, valid_to)] = versions(db, xiaomi)
    assert (shipments, valid_to) == (5_500_000, None)
    old = read(db)[xiaomi]
    assert (old.shipments, old.share_pct, old.rank, old.yoy_growth_pct) == (5_500_000, 17, 3, -40)

    revision = new_revision(db)
    write(db, revision, {xiaomi: replace(old, shipments=5_600_000)}, [])
    assert versions(db, xiaomi) == [
        (5_500_000, seeded, revision.id),
        (5_600_000, revision.id, None),
    ]
    new = read(db)[xiaomi]
    assert new == replace(old, shipments=5_600_000)  # the other figures carried over as given


def test_read_as_of_an_earlier_revision_is_exact(db: Session) -> None:
    base = latest_revision_id(db)
    before = read(db)
    xiaomi, total = key(db), key(db, vendor=None)
    assert before[total].shipments == 32_400_000
    revision = new_revision(db)
    write(
        db,
        revision,
        {
            xiaomi: replace(before[xiaomi], shipments=5_600_000, status="preliminary"),
            total: replace(before[total], shipments=32_500_000),
        },
        [],
    )
    assert read(db, as_of=base) == before
    now = read(db, as_of=revision.id)
    assert (now[xiaomi].shipments, now[xiaomi].status) == (5_600_000, "preliminary")
    assert now[total].shipments == 32_500_000
    assert now == read(db)  # as of the newest revision = current
    changed = {k for k in now if now[k] != before[k]}
    assert changed == {xiaomi, total}


def test_removal_only_closes(db: Session) -> None:
    base = latest_revision_id(db)
    xiaomi = key(db)
    [(_, seeded, _)] = versions(db, xiaomi)
    revision = new_revision(db)
    write(db, revision, {}, [xiaomi])
    assert versions(db, xiaomi) == [(5_500_000, seeded, revision.id)]  # still stored, closed
    assert xiaomi not in read(db)
    assert read(db, as_of=base)[xiaomi].shipments == 5_500_000


def test_visible_from_valid_from_up_to_but_not_including_valid_to(db: Session) -> None:
    xiaomi = key(db)
    [(_, seeded, _)] = versions(db, xiaomi)
    old = read(db)[xiaomi]
    revision = new_revision(db)
    write(db, revision, {xiaomi: replace(old, shipments=5_600_000)}, [])

    def shipments_as_of(as_of: int | None) -> list[int | None]:
        o = Observation
        return list(
            db.scalars(
                select(o.shipments).where(
                    o.source_id == xiaomi.source_id,
                    o.market_id == xiaomi.market_id,
                    o.category_id == xiaomi.category_id,
                    o.vendor_id == xiaomi.vendor_id,
                    o.period == xiaomi.period,
                    visible(o, as_of),
                )
            )
        )

    assert shipments_as_of(seeded - 1) == []  # before the seed wrote it
    assert shipments_as_of(seeded) == [5_500_000]  # valid_from <= as_of
    assert shipments_as_of(revision.id - 1) == [5_500_000]
    assert shipments_as_of(revision.id) == [5_600_000]  # as_of == valid_to: closed
    assert shipments_as_of(None) == [5_600_000]


def test_read_limited_to_groups(db: Session) -> None:
    total = key(db, vendor=None)
    figures = read(db, groups=[total.group])
    vendors = dict(db.execute(select(Vendor.id, Vendor.slug)).all())
    assert sorted(vendors[k.vendor_id] for k in figures if k.vendor_id) == [
        "oppo",
        "others",
        "realme",
        "samsung",
        "vivo",
        "xiaomi",
    ]
    assert figures[total].shipments == 32_400_000 and figures[total].yoy_growth_pct == -27
    assert read(db, groups=[]) == {}


def test_market_totals_are_versioned_in_their_own_table(db: Session) -> None:
    total = key(db, vendor=None)
    before = read(db)[total]
    revision = new_revision(db)
    write(db, revision, {total: replace(before, shipments=32_500_000)}, [])
    m = MarketTotal
    rows = db.execute(
        select(m.shipments, m.valid_to)
        .where(m.source_id == total.source_id, m.category_id == total.category_id)
        .where(m.market_id == total.market_id, m.period == total.period)
        .order_by(m.valid_from)
    ).all()
    assert [tuple(r) for r in rows] == [(32_400_000, revision.id), (32_500_000, None)]
    assert versions(db, key(db))[-1][2] is None  # Xiaomi's row was not touched


def test_read_of_groups_gives_only_those_groups(db: Session) -> None:
    """Two quarters of one slice, a year apart: nothing of the quarters between them."""
    q4 = key(db)
    q4_2021 = replace(q4, period=Period(2021, 4).key)
    between = [
        k for k in read(db) if k.group[:-1] == q4.group[:-1] and q4_2021.period < k.period < Q4_2022
    ]
    assert between  # stored, and not to be read
    found = read(db, groups={q4.group, q4_2021.group})
    assert {k.period for k in found} == {Q4_2022, Period(2021, 4).key}
    assert found[q4].shipments == 5_500_000  # Canalys: Xiaomi's 5.5 M in Q4 2022
    assert {k.vendor_id for k in found if k.period == Q4_2022} >= {q4.vendor_id, None}
    assert read(db, groups=set()) == {}
