"""One tracker's stored points and totals for a market, category, segment and basis, as of a
revision: the rows as they are stored, before anything is derived. Plain columns, not ORM
objects: a full-scale slice is 16,000 rows."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.derive import Point, Total
from app.models import MarketTotal, Observation, Vendor
from app.periods import Period
from app.revisions.store import visible


def read(
    session: Session,
    source_id: int,
    market_id: int,
    category_id: int,
    segment_id: int,
    basis: str,
    *,
    as_of: int | None,
    since: int | None = None,
    until: int | None = None,
) -> tuple[list[Point], dict[Period, Total]]:
    """One tracker's stored points and totals (periods keyed `since` to `until`, if given)."""
    # Plain columns, not ORM objects: a full-scale slice is 16,000 rows.
    o = Observation
    rows = session.execute(
        select(
            Vendor.slug,
            Vendor.name,
            Vendor.is_residual,
            o.period,
            o.shipments,
            o.share_pct,
            o.rank,
            o.yoy_growth_pct,
            o.status,
            o.source_url,
            o.note,
            o.valid_from,
            o.released,
            o.shipments_url,
            o.share_url,
            o.rank_url,
            o.yoy_url,
        )
        .join(Vendor, Vendor.id == Observation.vendor_id)
        .where(
            Observation.source_id == source_id,
            Observation.market_id == market_id,
            Observation.category_id == category_id,
            Observation.segment_id == segment_id,
            Observation.basis == basis,
            visible(Observation, as_of),
            *_within(Observation.period, since, until),
        )
        # A fixed order, not the table's: vendors tied on a figure then list alike on every
        # backend and after any history of writes.
        .order_by(o.period, Vendor.slug)
    ).all()
    periods: dict[int, Period] = {}
    # Each row brings its own copy of the vendor's name and the release URL; sharing one copy
    # per distinct value halves a full-scale slice's memory.
    shared: dict[Any, Any] = {}
    one = shared.setdefault
    points = [  # one Point per row, in the row's column order
        Point(
            one(slug, slug),
            one(name, name),
            periods.get(key) or periods.setdefault(key, Period.from_key(key)),
            shipments,
            share,
            rank,
            yoy,
            one(status, status),
            one(url, url),
            note,
            revision,
            residual,
            released=released,
            shipments_url=one(shipments_url, shipments_url),
            share_url=one(share_url, share_url),
            rank_url=one(rank_url, rank_url),
            yoy_url=one(yoy_url, yoy_url),
        )
        for (
            slug,
            name,
            residual,
            key,
            shipments,
            share,
            rank,
            yoy,
            status,
            url,
            note,
            revision,
            released,
            shipments_url,
            share_url,
            rank_url,
            yoy_url,
        ) in rows
    ]
    totals = {
        Period.from_key(t.period): Total(
            Period.from_key(t.period),
            t.shipments,
            t.yoy_growth_pct,
            t.status,
            t.source_url,
            t.valid_from,
            t.released,
            t.shipments_url,
            t.yoy_url,
            share_pct=t.share_pct,
            share_url=t.share_url,
        )
        for t in session.scalars(
            select(MarketTotal).where(
                MarketTotal.source_id == source_id,
                MarketTotal.market_id == market_id,
                MarketTotal.category_id == category_id,
                MarketTotal.segment_id == segment_id,
                MarketTotal.basis == basis,
                visible(MarketTotal, as_of),
                *_within(MarketTotal.period, since, until),
            )
        )
    }
    return points, totals


def _within(column: Any, since: int | None, until: int | None) -> tuple[Any, ...]:
    return (
        *((column >= since,) if since else ()),
        *((column <= until,) if until else ()),
    )
