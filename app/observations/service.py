"""Read figures: one slice (source, market, category, segment, basis) at a time, as of any
revision."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from app.config import get_settings
from app.errors import InvalidQuery, NotFound
from app.models import Category, Market, Observation, Segment, Source, SourceNote, Vendor
from app.observations.slices import ObservationRecord, PerimeterNote, Slice, Successor
from app.periods import H1, H2, Period
from app.revisions import derived
from app.revisions.store import visible
from app.versioned_memo import VersionedMemo, gc_paused

KIND = {Source: "source", Market: "market", Category: "category", Segment: "segment"}


def slug_id(
    session: Session,
    model: type[Source] | type[Market] | type[Category] | type[Segment],
    slug: str,
) -> int:
    found = session.scalar(select(model.id).where(model.slug == slug))
    if found is None:
        known = ", ".join(session.scalars(select(model.slug).order_by(model.slug)))
        raise NotFound(f"unknown {KIND[model]} '{slug}'; known: {known}")
    return found


# Slices are read once per content version: a chart asking for other quarters or a group
# view of a slice already read costs no query, one asking for other vendors a query of those.
_SLICES = VersionedMemo(get_settings().slice_cache_points, weigh=lambda s: len(s.points))
_SOURCES = VersionedMemo(256)
_IDS = VersionedMemo(4096)  # a slice's (tracker, market, category, segment) ids


def load_slice(
    session: Session,
    source: str,
    market: str,
    category: str,
    *,
    segment: str = "all",
    basis: str = "units",
    as_of: int | None = None,
    drawn: derived.Drawn | None = None,
) -> Slice:
    """One tracker's figures for a market, category, segment and basis (the whole category
    by units unless asked), derived values filled in; only the vendors a chart draws, if
    told which (`drawn`), with every total."""
    names = (source, market, category, segment, basis)

    def build() -> Slice:
        if drawn is not None and drawn.vendors and drawn.top:
            return _with_vendors(session, names, as_of, drawn)
        with gc_paused():
            return _load_slice(session, names, as_of=as_of, drawn=drawn)

    return _SLICES.get(session, (as_of, *names, drawn), build)


def _with_vendors(
    session: Session,
    names: tuple[str, str, str, str, str],
    as_of: int | None,
    drawn: derived.Drawn,
) -> Slice:
    """Every choice of vendors on a chart shares its default lines: those are read once (and
    kept), and for each choice only the points of the vendors asked for beyond them."""
    source, market, category, segment, basis = names
    base = load_slice(
        session,
        source,
        market,
        category,
        segment=segment,
        basis=basis,
        as_of=as_of,
        drawn=derived.Drawn((), drawn.top),
    )
    have = {p.vendor for p in base.points}
    missing = tuple(v for v in drawn.vendors if v not in have)
    if not missing:
        return base
    ids = _slice_ids(session, names)
    extra = derived.read(session, ids, as_of=as_of, drawn=derived.Drawn(missing, 0))
    points = sorted(
        base.points + [p for p in extra.points if p.vendor not in have], key=derived.store_order
    )
    stated = {p: i for p, i in extra.stated_by.items() if p not in base.stated_by}
    if not stated:
        return replace(base, points=points)
    # Quarters only the asked vendors have, stated by a successor the default lines lack.
    series = {s.source_id: s for s in derived.successors(session, ids[0])}
    successors = base.successors + tuple(_successor(series[i]) for i in set(stated.values()))
    return replace(
        base,
        points=points,
        successors=tuple(sorted(dict.fromkeys(successors), key=lambda s: s.since)),
        stated_by={**base.stated_by, **{p: series[i].slug for p, i in stated.items()}},
    )


def rewarm(session: Session) -> int:
    """Derive again, for the current version, the slices read under the previous one: after
    a publish each worker does this in the background, so readers find them ready."""
    warmed = 0
    for as_of, source, market, category, segment, basis, drawn in _SLICES.recent_keys(session):
        if as_of is None:  # pinned reads did not change
            try:
                load_slice(
                    session, source, market, category, segment=segment, basis=basis, drawn=drawn
                )
                warmed += 1
            except NotFound:  # the tracker or market was removed meanwhile
                continue
    return warmed


def _load_slice(
    session: Session,
    names: tuple[str, str, str, str, str],
    *,
    as_of: int | None = None,
    drawn: derived.Drawn | None = None,
) -> Slice:
    source, market, category, segment, basis = names
    ids = _slice_ids(session, names)
    got = derived.read(session, ids, as_of=as_of, drawn=drawn)
    series = derived.successors(session, ids[0])
    slug_of = {s.source_id: s.slug for s in series}
    stating = set(got.stated_by.values())
    name = session.scalar(select(Source.name).where(Source.id == ids[0])) or source
    return Slice(
        source,
        market,
        category,
        got.points,
        got.totals,
        name,
        tuple(_successor(s) for s in series if s.source_id in stating),
        {period: slug_of[source_id] for period, source_id in got.stated_by.items()},
        _perimeter_notes(session, [ids[0], *(s.source_id for s in series)], ids[2]),
        segment,
        basis,
        session.scalar(select(Segment.name).where(Segment.id == ids[3])) or segment,
    )


def _slice_ids(session: Session, names: tuple[str, str, str, str, str]) -> derived.SliceIds:
    source, market, category, segment, basis = names
    return _IDS.get(
        session,
        names,
        lambda: (
            slug_id(session, Source, source),
            slug_id(session, Market, market),
            slug_id(session, Category, category),
            slug_id(session, Segment, segment),
            basis,
        ),
    )


def _successor(found: derived.Successor) -> Successor:
    return Successor(found.slug, found.name, Period.from_key(found.since))


def _perimeter_notes(
    session: Session, source_ids: list[int], category_id: int
) -> tuple[PerimeterNote, ...]:
    """The trackers' notes on what one vendor's figures include (in every category, or in
    this one), for the hover."""
    rows = session.execute(
        select(
            Source.slug, Vendor.slug, SourceNote.from_period, SourceNote.to_period, SourceNote.text
        )
        .join(Source, Source.id == SourceNote.source_id)
        .join(Vendor, Vendor.id == SourceNote.vendor_id)
        .where(
            SourceNote.source_id.in_(source_ids),
            SourceNote.category_id.is_(None) | (SourceNote.category_id == category_id),
        )
        # Oldest first, open starts first on every backend (NULLs sort apart in SQL).
        .order_by(func.coalesce(SourceNote.from_period, 0), SourceNote.id)
    )
    return tuple(
        PerimeterNote(
            source,
            vendor,
            Period.from_key(start) if start else None,
            Period.from_key(end) if end else None,
            text,
        )
        for source, vendor, start, end, text in rows
    )


def sources_with_data(
    session: Session,
    market: str,
    category: str,
    *,
    segment: str = "all",
    basis: str = "units",
    as_of: int | None = None,
    separately: bool = False,
) -> tuple[str, ...]:
    """Sources for a market and category: the most recent data first, then the one that
    states the most shipments (share-only releases make thinner charts). A stated half-year
    is as recent as its last quarter: 2024H2 (key 20246) ranks with 2024Q4, not after it. A
    successor is part of its predecessor's series (load_slice takes its figures), so it is
    listed on its own only when no predecessor has figures here, or when asked to list
    trackers `separately`."""
    names = (market, category, segment, basis)
    return _SOURCES.get(
        session,
        (as_of, *names, separately),
        lambda: _sources_with_data(session, names, as_of=as_of, separately=separately),
    )


def _sources_with_data(
    session: Session, names: tuple[str, str, str, str], *, as_of: int | None, separately: bool
) -> tuple[str, ...]:
    market, category, segment, basis = names
    o = Observation
    # A half-year's key counted as its last quarter's: 20235 (2023H1) → 20232, 20236 → 20234.
    part = o.period % 10
    recent = case(
        (part == H1, o.period - (H1 - 2)), (part == H2, o.period - (H2 - 4)), else_=o.period
    )
    # Aggregate by source id over the slice index first, then name the sources: joining the
    # names first made PostgreSQL filter 240,000 joined rows at full scale (55 ms → 13 ms).
    per_source = (
        select(
            o.source_id,
            func.max(recent).label("latest"),
            func.count(o.shipments).label("stated"),
        )
        .where(
            o.market_id == select(Market.id).where(Market.slug == market).scalar_subquery(),
            o.category_id == select(Category.id).where(Category.slug == category).scalar_subquery(),
            o.segment_id == select(Segment.id).where(Segment.slug == segment).scalar_subquery(),
            o.basis == basis,
            visible(o, as_of),
        )
        .group_by(o.source_id)
        .subquery()
    )
    ordered = (
        select(Source.id, Source.slug, per_source.c.latest, per_source.c.stated)
        .join(per_source, per_source.c.source_id == Source.id)
        .order_by(per_source.c.latest.desc(), per_source.c.stated.desc(), Source.slug)
    )
    rows = session.execute(ordered).all()
    if separately:
        return tuple(row.slug for row in rows)
    predecessor = dict(
        session.execute(
            select(Source.id, Source.predecessor_id).where(Source.predecessor_id.is_not(None))
        ).all()
    )
    with_data = {row.id for row in rows}

    def series_of(source_id: int) -> int:
        """The first tracker of the series with figures here (the source itself if none)."""
        root, current, seen = source_id, predecessor.get(source_id), {source_id}
        while current is not None and current not in seen:
            seen.add(current)
            root = current if current in with_data else root
            current = predecessor.get(current)
        return root

    series: dict[int, tuple[int, int, str]] = {}  # root id -> (latest, stated, root slug)
    slug_of = {row.id: row.slug for row in rows}
    for row in rows:
        root = series_of(row.id)
        latest, stated, _ = series.get(root, (0, 0, ""))
        series[root] = (max(latest, row.latest), stated + row.stated, slug_of[root])
    # The query's order again, over whole series; a stable sort keeps its slug order for ties.
    return tuple(slug for _, _, slug in sorted(series.values(), key=lambda s: (-s[0], -s[1])))


def records(
    session: Session,
    *,
    sources: Sequence[str],
    market: str,
    category: str,
    segment: str = "all",
    basis: str = "units",
    vendors: Sequence[str] = (),
    start: Period | None = None,
    end: Period | None = None,
    as_of: int | None = None,
) -> list[ObservationRecord]:
    """Stored figures (derived values filled in). Stated half-years and years are listed as
    stated; derived full years only when the range asks for years (from/to given as a year,
    e.g. 2022). from/to compare period keys: 2023Q1 … 2023Q4 < 2023H1 < 2023H2. A tracker's
    series includes its successors' figures, each record naming the tracker that stated it;
    asking for both lists those once."""
    if start and end and start > end:
        raise InvalidQuery(f"'from' ({start.code}) is after 'to' ({end.code})")
    years = bool((start and start.is_full_year) or (end and end.is_full_year))
    out = []
    seen: set[tuple[str, str, Period]] = set()
    for source in sources:
        data = load_slice(
            session, source, market, category, segment=segment, basis=basis, as_of=as_of
        )
        for point in data.points:
            if vendors and point.vendor not in vendors:
                continue
            if (start and point.period < start) or (end and point.period > end):
                continue
            if point.period.is_full_year and "shipments" in point.derived and not years:
                continue
            key = (data.source_at(point.period), point.vendor, point.period)
            if key in seen:
                continue
            seen.add(key)
            out.append(ObservationRecord(key[0], market, category, point, segment, basis))
    out.sort(key=lambda r: (r.source, r.point.period, r.point.rank or 999, r.point.vendor))
    return out
