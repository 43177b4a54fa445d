"""A figure set's history: every value it has had, with the revision and release of each.

A later release that restates a figure becomes the current value; the earlier ones stay here,
and `as_of` draws what was known then.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import NotFound
from app.models import Category, Market, Revision, Segment, Source, Vendor
from app.observations import service as observations
from app.periods import Period
from app.revisions import store
from app.revisions.store import FigureValues


@dataclass(frozen=True, slots=True)
class FigureAsked:
    """Which figure set: a vendor's (or TOTAL's) of one tracker's slice in one period."""

    source: str
    market: str
    category: str
    vendor: str  # a slug, or TOTAL
    period: Period
    segment: str = "all"
    basis: str = "units"


@dataclass(frozen=True, slots=True)
class FigureHistory:
    source: str
    market: str
    category: str
    segment: str
    basis: str
    vendor: str | None  # None: the market total
    vendor_name: str
    period: Period
    versions: list[tuple[Revision, Revision | None, FigureValues]]  # set by, ended by, values


def history(session: Session, asked: FigureAsked) -> FigureHistory:
    """Every value one figure set has had, with the revision (and release) of each."""
    source, market, category, segment = asked.source, asked.market, asked.category, asked.segment
    vendor, period, basis = asked.vendor, asked.period, asked.basis
    ids = (
        observations.slug_id(session, Source, source),
        observations.slug_id(session, Market, market),
        observations.slug_id(session, Category, category),
        observations.slug_id(session, Segment, segment),
    )
    vendor_id, vendor_name = None, "Market total"
    if vendor.casefold() != "total":
        found = session.execute(select(Vendor.id, Vendor.name).where(Vendor.slug == vendor)).first()
        if found is None:
            raise NotFound(f"unknown vendor '{vendor}'; write its slug, such as xiaomi, or TOTAL")
        vendor_id, vendor_name = found
    versions = store.history(session, store.FigureKey(*ids, basis, vendor_id, period.key))
    if not versions:
        within = "" if segment == "all" else f" {segment}"
        raise NotFound(
            f"{source} states no {vendor_name} figures for {market} {category}{within} "
            f"{'by value ' if basis == 'value' else ''}{period.code}"
        )
    revisions = {
        r.id: r
        for r in session.scalars(
            select(Revision).where(
                Revision.id.in_(
                    {v.valid_from for v in versions} | {v.valid_to or 0 for v in versions}
                )
            )
        )
    }
    return FigureHistory(
        source,
        market,
        category,
        segment,
        basis,
        None if vendor_id is None else vendor,
        vendor_name,
        period,
        [(revisions[v.valid_from], revisions.get(v.valid_to or 0), v.values) for v in versions],
    )


def as_dict(found: FigureHistory) -> dict[str, object]:
    return {
        "source": found.source,
        "market": found.market,
        "category": found.category,
        "segment": found.segment,
        "basis": found.basis,
        "vendor": found.vendor or "TOTAL",
        "vendor_name": found.vendor_name,
        "quarter": found.period.code,
        "versions": [
            {
                "revision": set_by.id,
                "published_at": set_by.created_at.isoformat(),
                "replaced_by": ended_by.id if ended_by else None,
                "current": ended_by is None,
                **values.as_dict(),
            }
            for set_by, ended_by, values in found.versions
        ],
    }
