"""Reference data: markets, categories, sources (trackers), vendors and their aliases; how
imports resolve names against them and what the reference API lists."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Category, Market, Source, Vendor, VendorAlias
from app.observations import service as observations
from app.vendors.names import Reference, alias_key


@dataclass(frozen=True, slots=True)
class Ids:
    """Slug -> id maps, loaded once per import or query."""

    sources: dict[str, int]
    markets: dict[str, int]
    categories: dict[str, int]
    vendors: dict[str, int]


def load_ids(session: Session) -> Ids:
    return Ids(
        sources=dict(session.execute(select(Source.slug, Source.id)).all()),
        markets=dict(session.execute(select(Market.slug, Market.id)).all()),
        categories=dict(session.execute(select(Category.slug, Category.id)).all()),
        vendors=dict(session.execute(select(Vendor.slug, Vendor.id)).all()),
    )


def load_reference(session: Session) -> Reference:
    ids = load_ids(session)
    by_alias = dict(
        session.execute(
            select(VendorAlias.alias_key, Vendor.slug).join(Vendor, VendorAlias.vendor)
        ).all()
    )
    names = dict(session.execute(select(Vendor.slug, Vendor.name)).all())
    # A vendor's slug and display name always resolve, aliases or not.
    for slug, name in names.items():
        by_alias.setdefault(alias_key(slug), slug)
        by_alias.setdefault(alias_key(name), slug)
    return Reference(
        sources=frozenset(ids.sources),
        markets=frozenset(ids.markets),
        categories=frozenset(ids.categories),
        vendor_by_alias=by_alias,
        vendor_names=names,
    )


def vendors(session: Session) -> list[dict[str, object]]:
    return [
        {
            "slug": v.slug,
            "name": v.name,
            "aliases": [a.alias for a in v.aliases],
            "group": v.group.slug if v.group else None,
            "country": v.country,
            "colour": v.colour,
            "residual": v.is_residual,
        }
        for v in session.scalars(select(Vendor).order_by(Vendor.slug))
    ]


def sources(session: Session) -> list[dict[str, object]]:
    return [
        {"slug": s.slug, "name": s.name, "url": s.url, "methodology": s.methodology}
        for s in session.scalars(select(Source).order_by(Source.slug))
    ]


def named(session: Session, model: type[Market] | type[Category]) -> list[dict[str, object]]:
    """Markets or categories: slug and name."""
    rows = session.execute(select(model.slug, model.name).order_by(model.slug))
    return [{"slug": slug, "name": name} for slug, name in rows]


def periods(session: Session, market: str, category: str) -> list[dict[str, object]]:
    """Periods with data, per source: quarters, and half-years and years as stated (or
    summed from quarters), in key order (a year, its quarters, then H1 and H2)."""
    items: list[dict[str, object]] = []
    for source in observations.sources_with_data(session, market, category):
        data = observations.load_slice(session, source, market, category)
        items.append({"source": source, "periods": [p.code for p in data.periods]})
    return items
