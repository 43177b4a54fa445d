"""Which segments a tracker states figures for, and how it defines each: the reads behind
the segments chart, the segment sections of pages and the band definitions on /sources."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import formats
from app.models import (
    Category,
    Market,
    MarketTotal,
    Observation,
    Segment,
    SegmentDefinition,
    Source,
)
from app.periods import Period
from app.revisions.store import visible
from app.versioned_memo import VersionedMemo


@dataclass(frozen=True, slots=True)
class Defined:
    """A segment as one tracker defines it over a span of quarters."""

    source: str
    slug: str
    name: str
    kind: str
    position: int
    definition: str  # "US$600–800", or the tracker's wording when it gives no edges
    since: Period | None
    until: Period | None  # None: still used
    url: str | None


_MEMO = VersionedMemo(256)


def with_data(
    session: Session, market: str, category: str, *, kind: str, basis: str, as_of: int | None
) -> dict[str, list[str]]:
    """Tracker slug -> the segments of one kind whose share of the market it states, in
    display order; trackers stating the most such figures first."""
    key = ("segments", market, category, kind, basis, as_of)
    return _MEMO.get(session, key, lambda: _with_data(session, key[1:]))


def _with_data(session: Session, key: tuple[object, ...]) -> dict[str, list[str]]:
    market, category, kind, basis, as_of = key
    t = MarketTotal
    rows = session.execute(
        select(Source.slug, Segment.slug, func.count())
        .select_from(t)
        .join(Source, Source.id == t.source_id)
        .join(Segment, Segment.id == t.segment_id)
        .where(
            t.market_id == select(Market.id).where(Market.slug == market).scalar_subquery(),
            t.category_id == select(Category.id).where(Category.slug == category).scalar_subquery(),
            Segment.kind == kind,
            t.basis == basis,
            t.share_pct.is_not(None),
            (t.period % 10).between(1, 4),  # quarters: what the segments chart draws
            visible(t, as_of),  # type: ignore[arg-type]
        )
        .group_by(Source.slug, Segment.slug, Segment.position)
        .order_by(Segment.position, Segment.slug)
    ).all()
    found: dict[str, list[str]] = {}
    counts: dict[str, int] = {}
    for source, segment, count in rows:
        found.setdefault(source, []).append(segment)
        counts[source] = counts.get(source, 0) + count
    return {s: found[s] for s in sorted(found, key=lambda s: (-counts[s], s))}


def definitions(session: Session, source: str | None = None) -> list[Defined]:
    """Every tracker's segment definitions (or one tracker's), by tracker, kind and order."""
    return _MEMO.get(session, ("definitions", source), lambda: _definitions(session, source))


def _definitions(session: Session, source: str | None) -> list[Defined]:
    d = SegmentDefinition
    query = (
        select(Source.slug, Segment, d)
        .select_from(d)
        .join(Source, Source.id == d.source_id)
        .join(Segment, Segment.id == d.segment_id)
        .order_by(Source.slug, Segment.kind, Segment.position, func.coalesce(d.from_period, 0))
    )
    if source is not None:
        query = query.where(Source.slug == source)
    return [
        Defined(
            slug,
            segment.slug,
            segment.name,
            segment.kind,
            segment.position,
            formats.band(row.currency, row.low, row.high) or row.text,
            Period.from_key(row.from_period) if row.from_period else None,
            Period.from_key(row.to_period) if row.to_period else None,
            row.url,
        )
        for slug, segment, row in session.execute(query)
    ]


def keys_with_data(session: Session) -> list[tuple[str, str, str, str]]:
    """Every (market, category, segment, basis) with a current figure, in slug order."""
    rows: set[tuple[str, str, str, str]] = set()
    for model in (Observation, MarketTotal):
        rows |= {
            tuple(row)  # type: ignore[misc]
            for row in session.execute(
                select(Market.slug, Category.slug, Segment.slug, model.basis)
                .select_from(model)
                .join(Market, Market.id == model.market_id)
                .join(Category, Category.id == model.category_id)
                .join(Segment, Segment.id == model.segment_id)
                .where(model.valid_to.is_(None))
                .distinct()
            )
        }
    return sorted(rows)


@dataclass(frozen=True, slots=True)
class Choice:
    """A segment a tracker states vendor figures in, and on which bases: the chart page's
    segment and basis controls offer only these."""

    slug: str
    name: str
    bases: tuple[str, ...]


def vendor_choices(
    session: Session, market: str, category: str, source: str, as_of: int | None
) -> list[Choice]:
    """The segments (the whole category first) in which a tracker states vendor figures."""
    key = ("choices", market, category, source, as_of)
    return _MEMO.get(session, key, lambda: _vendor_choices(session, key[1:]))


def _vendor_choices(session: Session, key: tuple[object, ...]) -> list[Choice]:
    market, category, source, as_of = key
    o = Observation
    rows = session.execute(
        select(Segment.slug, Segment.name, Segment.kind, Segment.position, o.basis)
        .select_from(o)
        .join(Segment, Segment.id == o.segment_id)
        .where(
            o.market_id == select(Market.id).where(Market.slug == market).scalar_subquery(),
            o.category_id == select(Category.id).where(Category.slug == category).scalar_subquery(),
            o.source_id == select(Source.id).where(Source.slug == source).scalar_subquery(),
            visible(o, as_of),  # type: ignore[arg-type]
        )
        .distinct()
    ).all()
    bases: dict[tuple[str, str], list[str]] = {}
    for slug, name, _kind, _position, basis in sorted(rows, key=_display_order):
        bases.setdefault((slug, name), []).append(basis)
    return [Choice(slug, name, tuple(found)) for (slug, name), found in bases.items()]


_KIND_ORDER = ("all", "price-band", "technology", "channel", "form-factor")


def _display_order(row: tuple[str, str, str, int, str]) -> tuple[int, int, str, str]:
    """The whole category, then price bands from cheapest up, then 5G, channels, the rest."""
    slug, _name, kind, position, basis = row
    rank = _KIND_ORDER.index(kind) if kind in _KIND_ORDER else len(_KIND_ORDER)
    return rank, position, slug, basis
