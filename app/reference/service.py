"""Reference data: markets, categories, sources (trackers), vendors and their aliases; how
imports resolve names against them and what the reference API lists."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Category, Market, Segment, Source, Vendor, VendorAlias
from app.observations import service as observations
from app.periods import Period
from app.reference import notes
from app.reference.edits import ALIAS_MODEL
from app.reference.names import NameIndex, Reference, name_index
from app.vendors.names import alias_key

Named = type[Source] | type[Market] | type[Category] | type[Segment]


@dataclass(frozen=True, slots=True)
class Ids:
    """Slug -> id maps, loaded once per import or query."""

    sources: dict[str, int]
    markets: dict[str, int]
    categories: dict[str, int]
    segments: dict[str, int]
    vendors: dict[str, int]


def load_ids(session: Session) -> Ids:
    return Ids(
        sources=dict(session.execute(select(Source.slug, Source.id)).all()),
        markets=dict(session.execute(select(Market.slug, Market.id)).all()),
        categories=dict(session.execute(select(Category.slug, Category.id)).all()),
        segments=dict(session.execute(select(Segment.slug, Segment.id)).all()),
        vendors=dict(session.execute(select(Vendor.slug, Vendor.id)).all()),
    )


def load_reference(session: Session) -> Reference:
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
        sources=names_of(session, Source),
        markets=names_of(session, Market),
        categories=names_of(session, Category),
        segments=names_of(session, Segment),
        vendor_by_alias=by_alias,
        vendor_names=names,
        segment_kinds=dict(session.execute(select(Segment.slug, Segment.kind)).all()),
    )


def names_of(session: Session, model: Named) -> NameIndex:
    """Every spelling of the trackers, markets or categories: slug, name and aliases. Build
    it once to resolve many names (an import); the tables are small."""
    alias_model = ALIAS_MODEL[model]
    aliases: dict[int, list[str]] = defaultdict(list)
    for owner, alias in session.execute(select(model.id, alias_model.alias).join(model.aliases)):
        aliases[owner].append(alias)
    rows = session.execute(select(model.id, model.slug, model.name).order_by(model.id))
    return name_index((slug, name, aliases[row_id]) for row_id, slug, name in rows)


def resolve_source(session: Session, text: str) -> str | None:
    """The tracker's slug for a spelling in a file ("Counterpoint Research" -> counterpoint),
    or None when it is unknown. Tolerant of case, separators and plural, never fuzzy."""
    return names_of(session, Source).resolve(text)


def resolve_market(session: Session, text: str) -> str | None:
    return names_of(session, Market).resolve(text)


def resolve_category(session: Session, text: str) -> str | None:
    """smart_tv, Smart TVs, TV -> smart-tvs; None when unknown."""
    return names_of(session, Category).resolve(text)


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
    """Every tracker, successors too (their figures also continue the predecessor's series)."""
    return [
        {
            "slug": s.slug,
            "name": s.name,
            "url": s.url,
            "methodology": s.methodology,
            "aliases": [a.alias for a in s.aliases],
            "predecessor": s.predecessor.slug if s.predecessor else None,
            "successor_from": Period.from_key(s.successor_from).code if s.successor_from else None,
            "notes": [
                {
                    "from": Period.from_key(n.from_period).code if n.from_period else None,
                    "to": Period.from_key(n.to_period).code if n.to_period else None,
                    "vendor": n.vendor.slug if n.vendor else None,
                    "category": n.category.slug if n.category else None,
                    "text": n.text,
                    "url": n.url,
                }
                for n in notes.dated(s.notes)
            ],
        }
        for s in session.scalars(select(Source).order_by(Source.slug))
    ]


def named(session: Session, model: type[Market] | type[Category]) -> list[dict[str, object]]:
    """Markets or categories: slug, name, aliases (and a category's parent)."""
    items: list[dict[str, object]] = []
    rows = cast(list[Market | Category], session.scalars(select(model).order_by(model.slug)).all())
    for row in rows:
        item: dict[str, object] = {
            "slug": row.slug,
            "name": row.name,
            "aliases": [a.alias for a in row.aliases],
        }
        if isinstance(row, Category):
            item["parent"] = row.parent.slug if row.parent else None
        items.append(item)
    return items


def periods(session: Session, market: str, category: str) -> list[dict[str, object]]:
    """Periods with data, per source: quarters, and half-years and years as stated (or
    summed from quarters), in key order (a year, its quarters, then H1 and H2)."""
    items: list[dict[str, object]] = []
    for source in observations.sources_with_data(session, market, category):
        data = observations.load_slice(session, source, market, category)
        items.append({"source": source, "periods": [p.code for p in data.periods]})
    return items
