"""The derived store: each slice's figures as charts draw them, versioned like the figures.

A slice is one tracker's series (with its successors' figures from the quarter each took
over) for a market, category, segment and basis. What a chart draws is derived from the
stored figures (app.derive: shares from shipments, ranks, growth, full years); working
that out on a read took 150-400 ms at full scale, so it is worked out when figures are
written, in the same transaction, and kept in derived_points with the revisions it holds
for. A figure of a period changes what is derived for its year and the next (full years
sum quarters; growth compares with a year earlier), so a publish derives again those years
of the slices it touches and writes only the rows that differ. `rebuild` derives the whole
history again, revision by revision, from the stored figures alone.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from app.derive import Point, Total, derive, with_full_years
from app.models import SLICE_KEY, DerivedPoint, Observation, Source, Vendor
from app.periods import Period
from app.revisions import store, stored
from app.revisions.store import Group, visible

# (source, market, category, segment, basis): the series a chart of one tracker draws.
SliceIds = tuple[int, int, int, int, str]
# Compared to tell whether a derived row changed; written with the slice key and period.
VALUE_COLUMNS = (
    "vendor_id",
    "stated_by",
    "shipments",
    "share_pct",
    "rank",
    "tied",
    "yoy_growth_pct",
    "derived",
    "status",
    "note",
    "revision",
    "released",
    "source_url",
    "shipments_url",
    "share_url",
    "rank_url",
    "yoy_url",
)


@dataclass(frozen=True, slots=True)
class Successor:
    """A tracker continuing a series (Omdia continues Canalys from 2025Q3)."""

    source_id: int
    slug: str
    name: str
    since: int  # Period.key of its first quarter


@dataclass(frozen=True, slots=True)
class Derived:
    points: list[Point]  # derived values filled in, by period
    totals: dict[Period, Total]
    stated_by: dict[Period, int]  # periods a successor stated -> its source id


@dataclass(frozen=True, slots=True)
class Drawn:
    """The vendors a time-series chart draws: those asked for, every vendor ranked `top` or
    better in some period (its default lines and the shifts its title tells of), and the
    unattributed rest. Of 200 vendors at full scale that is about ten."""

    vendors: tuple[str, ...] = ()
    top: int = 5


def store_order(point: Point) -> tuple[int, str]:
    """How a slice's points are listed: by period, then vendor, so that vendors tied on a
    figure list alike on every backend."""
    return point.period.key, point.vendor


def successors(session: Session, source_id: int) -> list[Successor]:
    """Every tracker continuing this one's series, its successors' successors too, in the
    order they took over."""
    rows = session.execute(
        select(Source.id, Source.slug, Source.name, Source.successor_from, Source.predecessor_id)
        .where(Source.predecessor_id.is_not(None), Source.successor_from.is_not(None))
        .order_by(Source.successor_from, Source.id)
    ).all()
    found: list[Successor] = []
    ids = {source_id}
    for row in rows:  # by successor_from: a successor's successor always comes later
        if row.predecessor_id in ids and row.id not in ids:
            ids.add(row.id)
            found.append(Successor(row.id, row.slug, row.name, row.successor_from))
    return found


def derive_slice(
    session: Session,
    ids: SliceIds,
    *,
    as_of: int | None,
    years: tuple[int, int] | None = None,
) -> Derived:
    """A slice derived from its stored figures (of the years `first` to `last`, if given)."""
    since, until = (years[0] * 10, years[1] * 10 + 9) if years else (None, None)
    points, totals = stored.read(session, *ids, as_of=as_of, since=since, until=until)
    # A successor continues the series (Omdia, Canalys renamed, from 2025Q3): each period it
    # states from its first quarter on is its, replacing whatever the predecessor had there.
    stated_by: dict[Period, int] = {}
    for successor in successors(session, ids[0]):
        theirs, their_totals = stored.read(
            session,
            successor.source_id,
            *ids[1:],
            as_of=as_of,
            since=max(successor.since, since or 0),
            until=until,
        )
        taken = {p.period for p in theirs} | set(their_totals)
        points = [p for p in points if p.period not in taken] + theirs
        totals = {p: t for p, t in totals.items() if p not in taken} | their_totals
        stated_by.update(dict.fromkeys(taken, successor.source_id))
    points, totals = with_full_years(points, totals)
    return Derived(derive(points, totals), totals, stated_by)


def read(
    session: Session, ids: SliceIds, *, as_of: int | None, drawn: Drawn | None = None
) -> Derived:
    """A slice as stored in the derived store, now or as of a revision (only the points of
    the vendors `drawn`, if given): one indexed query for its points, one for its totals."""
    d = DerivedPoint
    where = _of_slice(ids)
    chosen: tuple[Any, ...] = ()
    if drawn is not None:
        ranked = select(d.vendor_id).where(*where, visible(d, as_of), d.rank <= drawn.top)
        named = select(Vendor.id).where(or_(Vendor.slug.in_(drawn.vendors), Vendor.is_residual))
        # Asked first, on their own: given the few ids, the planner reads each vendor's
        # points through the index; given the subquery, it read the whole slice.
        chosen = (d.vendor_id.in_(list(session.scalars(ranked.union(named)))),)
    rows = session.execute(
        select(
            Vendor.slug,
            Vendor.name,
            Vendor.is_residual,
            d.period,
            d.shipments,
            d.share_pct,
            d.rank,
            d.yoy_growth_pct,
            d.status,
            d.source_url,
            d.note,
            d.revision,
            d.tied,
            d.derived,
            d.released,
            d.shipments_url,
            d.share_url,
            d.rank_url,
            d.yoy_url,
            d.stated_by,
        )
        .join(Vendor, Vendor.id == d.vendor_id)
        .where(*where, visible(d, as_of), *chosen)
    ).all()
    periods: dict[int, Period] = {}
    stated_by: dict[Period, int] = {}
    # One copy of each repeated value (vendor names, release pages, flags): a full-scale
    # slice is 16,000 rows, and sharing them halves its memory.
    shared: dict[Any, Any] = {}
    one = shared.setdefault
    points = []
    for (
        slug,
        name,
        residual,
        key,
        shipments,
        share,
        rank,
        growth,
        status,
        url,
        note,
        revision,
        tied,
        flags,
        released,
        shipments_url,
        share_url,
        rank_url,
        yoy_url,
        stater,
    ) in rows:
        period = periods.get(key) or periods.setdefault(key, Period.from_key(key))
        if stater != ids[0]:
            stated_by[period] = stater
        points.append(
            Point(
                one(slug, slug),
                one(name, name),
                period,
                shipments,
                share,
                rank,
                growth,
                one(status, status),
                one(url, url),
                note,
                revision,
                residual,
                tied,
                one(flags, tuple(flags.split())),
                released,
                one(shipments_url, shipments_url),
                one(share_url, share_url),
                one(rank_url, rank_url),
                one(yoy_url, yoy_url),
            )
        )
    # Sorted here, not in SQL: told to order, SQLite read a whole slice in period order (4 ms
    # at 16,000 points) rather than the drawn vendors' points by their index.
    points.sort(key=store_order)
    totals = {}
    for t in session.scalars(select(d).where(*where, d.vendor_id.is_(None), visible(d, as_of))):
        period = Period.from_key(t.period)
        if t.stated_by != ids[0]:
            stated_by[period] = t.stated_by
        totals[period] = Total(
            period,
            t.shipments,
            t.yoy_growth_pct,
            t.status,
            t.source_url,
            t.revision,
            t.released,
            t.shipments_url,
            t.yoy_url,
            tuple(t.derived.split()),
            share_pct=t.share_pct,
            share_url=t.share_url,
        )
    return Derived(points, totals, stated_by)


def refresh(
    session: Session,
    revision_id: int,
    groups: Iterable[Group],
    *,
    as_of: int | None = None,
    only: Collection[int] | None = None,
) -> int:
    """Bring the derived store up to date with what a revision wrote to `groups`: derive
    again the years those figures bear on, in every series they are part of (or `only` in
    those of these trackers). `as_of`: the revision's own figures when it is not the newest
    (a rebuild). Returns the rows written."""
    predecessor = _predecessors(session)
    years_of: dict[SliceIds, set[int]] = {}
    for source_id, *rest, period in groups:
        year = period // 10
        for series in _series_holding(source_id, predecessor):
            if only is not None and series not in only:
                continue
            key: SliceIds = (series, *rest)  # type: ignore[assignment]
            years_of.setdefault(key, set()).update((year, year + 1))
    if not years_of:
        return 0
    vendor_ids = dict(session.execute(select(Vendor.slug, Vendor.id)).all())
    written = 0
    for ids, years in years_of.items():
        for first, last in _runs(sorted(years)):
            written += _write_years(session, revision_id, ids, (first, last), as_of, vendor_ids)
    return written


def rebuild(session: Session, series: Collection[int] | None = None) -> int:
    """The derived store (of the series of these trackers, or all) again from the stored
    figures, revision by revision, as if each had just been published. Returns the rows
    written."""
    clear = delete(DerivedPoint)
    if series is not None:
        clear = clear.where(DerivedPoint.source_id.in_(series))
    session.execute(clear)
    written = 0
    for revision_id, groups in sorted(store.touched_by_revision(session).items()):
        written += refresh(session, revision_id, groups, as_of=revision_id, only=series)
    return written


def snapshot(session: Session) -> list[tuple[Any, ...]]:
    """Every derived row but its id, in a fixed order: to compare two builds."""
    d = DerivedPoint
    columns = [c for c in d.__table__.columns if c.name != "id"]
    order = [d.source_id, d.market_id, d.category_id, d.segment_id, d.basis, d.period]
    rows = session.execute(select(*columns).order_by(*order, d.vendor_id, d.valid_from))
    return [tuple(row) for row in rows]


def series_continued_by(session: Session, source_id: int) -> set[int]:
    """The trackers whose series this one's figures are part of (its predecessors)."""
    return set(_series_holding(source_id, _predecessors(session))) - {source_id}


def fill_if_missing(session: Session) -> int:
    """Build the store for figures stored before it existed (or loaded around it)."""
    if session.scalar(select(func.count()).select_from(DerivedPoint)):
        return 0
    if not session.scalar(select(func.count()).select_from(Observation)):
        return 0
    return rebuild(session)


def _predecessors(session: Session) -> dict[int, int | None]:
    rows = session.execute(
        select(Source.id, Source.predecessor_id).where(Source.predecessor_id.is_not(None))
    )
    return {source_id: predecessor for source_id, predecessor in rows}


def _series_holding(source_id: int, predecessor: dict[int, int | None]) -> Iterator[int]:
    """The tracker itself and every tracker whose series it continues."""
    seen = set()
    current: int | None = source_id
    while current is not None and current not in seen:
        seen.add(current)
        yield current
        current = predecessor.get(current)


def _runs(years: list[int]) -> Iterator[tuple[int, int]]:
    """Consecutive years as (first, last) ranges: 2019, 2020, 2024 → (2019, 2020), (2024, 2024)."""
    first = last = years[0]
    for year in years[1:]:
        if year != last + 1:
            yield first, last
            first = year
        last = year
    yield first, last


def _write_years(
    session: Session,
    revision_id: int,
    ids: SliceIds,
    years: tuple[int, int],
    as_of: int | None,
    vendor_ids: dict[str, int],
) -> int:
    first, last = years
    # A year earlier too: this range's growth compares with it.
    got = derive_slice(session, ids, as_of=as_of, years=(first - 1, last))
    wanted: dict[tuple[int | None, int], tuple[Any, ...]] = {}
    for point in got.points:
        if first <= point.period.year <= last:
            vendor_id = vendor_ids[point.vendor]
            wanted[(vendor_id, point.period.key)] = _values(
                vendor_id, got.stated_by.get(point.period, ids[0]), point
            )
    for period, total in got.totals.items():
        if first <= period.year <= last:
            wanted[(None, period.key)] = _total_values(got.stated_by.get(period, ids[0]), total)
    d = DerivedPoint
    columns = [getattr(d, name) for name in VALUE_COLUMNS]
    current = {
        (row.vendor_id, row.period): (row.id, row.valid_from, tuple(row[3:]))
        for row in session.execute(
            select(d.id, d.valid_from, d.period, *columns).where(
                *_of_slice(ids),
                d.valid_to.is_(None),
                d.period.between(first * 10, last * 10 + 9),
            )
        )
    }
    stale = [
        (row_id, since)
        for key, (row_id, since, values) in current.items()
        if wanted.get(key) != values
    ]
    # A row this same revision wrote is replaced, not closed: a version lasts a revision.
    replaced = [row_id for row_id, since in stale if since == revision_id]
    closed = [row_id for row_id, since in stale if since != revision_id]
    for chunk in _chunks(replaced):
        session.execute(delete(d).where(d.id.in_(chunk)))
    for chunk in _chunks(closed):
        session.execute(
            update(d)
            .where(d.id.in_(chunk))
            .values(valid_to=revision_id)
            .execution_options(synchronize_session=False)
        )
    slice_key = dict(zip(SLICE_KEY, ids, strict=True))
    rows = [
        {
            **slice_key,
            "period": period,
            "valid_from": revision_id,
            **dict(zip(VALUE_COLUMNS, v, strict=True)),
        }
        for (_, period), v in wanted.items()
        if (found := current.get((v[0], period))) is None or found[2] != v
    ]
    if rows:
        store.insert_rows(session, d, rows)
    return len(rows)


def _of_slice(ids: SliceIds) -> tuple[Any, ...]:
    return tuple(getattr(DerivedPoint, c) == v for c, v in zip(SLICE_KEY, ids, strict=True))


def _values(vendor_id: int, stated_by: int, p: Point) -> tuple[Any, ...]:
    """A point as VALUE_COLUMNS, as the database gives them back."""
    return (
        vendor_id,
        stated_by,
        p.shipments,
        p.share_pct,
        p.rank,
        p.tied,
        p.yoy_growth_pct,
        " ".join(p.derived),
        p.status,
        p.note,
        p.revision,
        p.released,
        p.source_url,
        p.shipments_url,
        p.share_url,
        p.rank_url,
        p.yoy_url,
    )


def _total_values(stated_by: int, t: Total) -> tuple[Any, ...]:
    return (
        None,
        stated_by,
        t.shipments,
        t.share_pct,
        None,
        False,
        t.yoy_growth_pct,
        " ".join(t.derived),
        t.status,
        None,
        t.revision,
        t.released,
        t.source_url,
        t.shipments_url,
        t.share_url,
        None,
        t.yoy_url,
    )


def _chunks(ids: list[int], size: int = 500) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]
