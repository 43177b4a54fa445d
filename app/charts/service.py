"""Chart data: the query, the figures behind it, and the spec a figure is drawn from.

One call backs the chart page, its .json/.csv/.xlsx, and the embed, so they cannot disagree.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.charts import builders, narrate
from app.charts.figures import build
from app.charts.query import ChartQuery
from app.charts.spec import ChartSpec, EventMark
from app.config import get_settings
from app.errors import NotFound
from app.memo import VersionedMemo, version_of
from app.models import Category, Event, Market, Source, Vendor, VendorGroup
from app.observations import service as observations
from app.observations.derive import Point, derive
from app.observations.service import Record, Slice
from app.periods import Period

TOP_N = 5


@dataclass(frozen=True, slots=True)
class VendorInfo:
    slug: str
    name: str
    colour: str
    group: str | None
    group_name: str | None
    country: str | None
    is_residual: bool


@dataclass
class Chart:
    query: ChartQuery  # with the source resolved
    spec: ChartSpec
    figure: dict[str, Any]
    records: list[Record]
    revision: int
    source_name: str
    latest_revision: int

    @property
    def revised_since(self) -> bool:
        """A pinned chart whose figures newer revisions have changed."""
        return self.query.as_of is not None and self.latest_revision > self.revision


# Names, colours and events change only with the content version; callers never mutate them.
_REFERENCE = VersionedMemo(64)
# Group views (BBK counted together) are slices too, so they are weighed like slices.
_GROUPED = VersionedMemo(get_settings().slice_cache_points // 4, weigh=lambda s: len(s.points))


def vendor_info(session: Session) -> dict[str, VendorInfo]:
    return _REFERENCE.get(session, "vendors", lambda: _vendor_info(session))


def _vendor_info(session: Session) -> dict[str, VendorInfo]:
    rows = session.execute(
        select(
            Vendor.slug,
            Vendor.name,
            Vendor.colour,
            VendorGroup.slug,
            VendorGroup.name,
            Vendor.country,
            Vendor.is_residual,
        ).outerjoin(VendorGroup, VendorGroup.id == Vendor.group_id)
    )
    return {row[0]: VendorInfo(*row) for row in rows}


def source_names(session: Session) -> dict[str, str]:
    return _REFERENCE.get(
        session, "sources", lambda: dict(session.execute(select(Source.slug, Source.name)).all())
    )


def names_of(session: Session, model: type[Market] | type[Category]) -> dict[str, str]:
    return _REFERENCE.get(
        session,
        model.__tablename__,
        lambda: dict(session.execute(select(model.slug, model.name)).all()),
    )


def chart(session: Session, q: ChartQuery) -> Chart:
    latest, _ = version_of(session)
    if q.as_of is not None and q.as_of > latest:
        raise NotFound(f"revision r{q.as_of} does not exist; the latest is r{latest}")
    context = _Context(vendor_info(session), source_names(session), q.as_of or latest, latest)
    if q.chart_id == "categories":
        return _categories_chart(session, q, context)
    if q.source is not None and q.source not in context.sources:
        known = ", ".join(sorted(context.sources))
        raise NotFound(f"unknown source '{q.source}'; known: {known}")
    available = observations.sources_with_data(session, q.market, q.category, as_of=q.as_of)
    if not available:
        raise NotFound(f"no data for {q.market} {q.category} yet")
    if q.chart_id == "sources":
        return _sources_chart(session, replace(q, source=None), available, context)
    if q.source is not None and q.source not in available:
        raise NotFound(
            f"{context.sources[q.source]} has no {q.market} {q.category} figures"
            f"{' as of r' + str(q.as_of) if q.as_of else ''}; trackers with data: "
            + ", ".join(available)
        )
    return _slice_chart(session, q.with_source(q.source or available[0]), context)


@dataclass(frozen=True, slots=True)
class _Context:
    info: dict[str, VendorInfo]
    sources: dict[str, str]  # slug -> name
    revision: int
    latest: int

    def footer(self, names: list[str]) -> str:
        label = "Source" if len(names) == 1 else "Sources"
        return f"{label}: {', '.join(names) or 'none'} · sharetrack · data as of r{self.revision}"


def _slice_chart(session: Session, q: ChartQuery, context: _Context) -> Chart:
    """Charts of one tracker's figures: share, rank, shipments, snapshot, growth, origin."""
    source = q.source or ""
    info = context.info
    data = observations.load_slice(session, source, q.market, q.category, as_of=q.as_of)
    if q.by == "group":
        data = _by_group(session, data, info, q.as_of)
        info = {**info, **_group_info(info)}
        q = replace(q, vendors=tuple(_group_slug(v, info) for v in q.vendors))
    _check_vendors(q, data, info)
    spec, records = builders.BUILDERS[q.chart_id](q, data, _default_vendors(q, data), info)
    spec.events = _events(session, q, spec)
    name = context.sources.get(source, source)
    spec.footer = context.footer([name])
    return Chart(q, spec, build(spec), records, context.revision, name, context.latest)


def _sources_chart(
    session: Session, q: ChartQuery, available: tuple[str, ...], context: _Context
) -> Chart:
    """Every tracker's figures for the same quarter, side by side."""
    info = context.info
    slices = [
        observations.load_slice(session, s, q.market, q.category, as_of=q.as_of) for s in available
    ]
    if q.by == "group":
        slices = [_by_group(session, s, info, q.as_of) for s in slices]
        info = {**info, **_group_info(info)}
    spec, records = builders.sources(q, slices, info, context.sources)
    names = [context.sources.get(s.source, s.source) for s in slices]
    spec.footer = context.footer(names)
    return Chart(q, spec, build(spec), records, context.revision, ", ".join(names), context.latest)


def _check_vendors(q: ChartQuery, data: Slice, info: dict[str, VendorInfo]) -> None:
    unknown = [v for v in q.vendors if v not in info]
    if unknown:
        raise _unknown_vendor(unknown[0], info)


def _unknown_vendor(slug: str, info: dict[str, VendorInfo]) -> NotFound:
    known = ", ".join(sorted(v for v in info if not v.startswith("group:")))
    return NotFound(f"unknown vendor '{slug}'; known: {known}")


def _default_vendors(q: ChartQuery, data: Slice) -> list[str]:
    """The vendors asked for, else the top five of the latest quarter shown (+ Others)."""
    if q.vendors:
        return list(q.vendors)
    quarters = [p for p in data.periods if not p.is_full_year and (not q.end or p <= q.end)]
    for period in reversed(quarters):
        ranked = sorted(
            (p for p in data.by_period[period] if p.rank is not None and not p.is_residual),
            key=lambda p: (p.rank, p.vendor),
        )
        if len(ranked) >= 3:
            top = [p.vendor for p in ranked[:TOP_N]]
            return top + data.residual_vendors[:1]
    return sorted({p.vendor for p in data.points})[:TOP_N]


def _group_info(info: dict[str, VendorInfo]) -> dict[str, VendorInfo]:
    """Pseudo-vendors for by=group, coloured like the group's namesake brand when it has one."""
    groups: dict[str, VendorInfo] = {}
    for vendor in info.values():
        if vendor.group and f"group:{vendor.group}" not in groups:
            namesake = info.get(vendor.group, vendor)
            name = (vendor.group_name or vendor.group).split(" (")[0]
            groups[f"group:{vendor.group}"] = VendorInfo(
                f"group:{vendor.group}",
                name,
                namesake.colour,
                vendor.group,
                vendor.group_name,
                vendor.country,
                False,
            )
    return groups


def _by_group(
    session: Session, data: Slice, info: dict[str, VendorInfo], as_of: int | None
) -> Slice:
    """Count the brands of one group (BBK: vivo, OPPO, realme, ...) together, re-ranked."""
    key = ("by_group", as_of, data.source, data.market, data.category)
    return _GROUPED.get(session, key, lambda: _merge_groups(data, info))


def _merge_groups(data: Slice, info: dict[str, VendorInfo]) -> Slice:
    groups = _group_info(info)
    members: dict[tuple[str, Period], list[Point]] = defaultdict(list)
    for point in data.points:
        group = info[point.vendor].group if point.vendor in info else None
        members[(f"group:{group}" if group else point.vendor, point.period)].append(point)
    merged = []
    for (key, _period), points in members.items():
        first = points[0]
        name = groups[key].name if key in groups else first.vendor_name
        merged.append(
            first._replace(
                vendor=key,
                vendor_name=name,
                rank=None,
                tied=False,
                shipments=_sum([p.shipments for p in points]),
                share_pct=_sum([p.share_pct for p in points]),
                yoy_growth_pct=first.yoy_growth_pct if len(points) == 1 else None,
                status="preliminary" if any(p.status == "preliminary" for p in points) else "final",
                derived=tuple(sorted({d for p in points for d in p.derived if d != "rank"})),
            )
        )
    return replace(data, points=derive(merged, data.totals))


def _group_slug(vendor: str, info: dict[str, VendorInfo]) -> str:
    group = info[vendor].group if vendor in info else None
    return f"group:{group}" if group else vendor


def _sum(values: list[Any]) -> Any:
    present = [v for v in values if v is not None]
    if len(present) != len(values) or not present:
        return None
    return sum(present, Decimal(0) if isinstance(present[0], Decimal) else 0)


MARKET_WIDE_EVENT_CHARTS = ("shipments", "origin")


def _events(session: Session, q: ChartQuery, spec: ChartSpec) -> list[EventMark]:
    """Dated notes for the quarters and vendors on the chart (market-wide ones only where the
    whole market is drawn); one event of the finding's quarter is labelled."""
    if spec.chart_id in ("snapshot", "growth", "sources"):
        return []
    shown = {t.key for t in spec.traces}
    on_axis = set(spec.x_labels)
    marks, labelled = [], set()
    for event in events_of(session, q.market):
        label, vendor = event.label, event.vendor
        if label not in on_axis or (vendor and vendor not in shown):
            continue
        if vendor is None and spec.chart_id not in MARKET_WIDE_EVENT_CHARTS:
            continue
        show = (
            spec.finding is not None
            and label in spec.finding
            and label not in labelled
            and vendor is not None
            and vendor in shown
        )
        if show:
            labelled.add(label)
        marks.append(EventMark(label, event.title, event.source_url, show_label=show))
    return marks


@dataclass(frozen=True, slots=True)
class MarketEvent:
    label: str  # the quarter, as on a chart's axis
    vendor: str | None  # None: market-wide
    title: str
    source_url: str


def events_of(session: Session, market: str) -> tuple[MarketEvent, ...]:
    """A market's events and the ones of every market, oldest first."""
    return _REFERENCE.get(session, ("events", market), lambda: _events_of(session, market))


def _events_of(session: Session, market: str) -> tuple[MarketEvent, ...]:
    rows = session.execute(
        select(Event.period, Vendor.slug, Event.title, Event.source_url)
        .outerjoin(Vendor, Vendor.id == Event.vendor_id)
        .join(Market, Market.id == Event.market_id, isouter=True)
        .where((Market.slug == market) | (Event.market_id.is_(None)))
        .order_by(Event.happened_on)
    )
    return tuple(
        MarketEvent(Period.from_key(period).label, vendor, title, url)
        for period, vendor, title, url in rows
    )


def _categories_chart(session: Session, q: ChartQuery, context: _Context) -> Chart:
    """One vendor across every category a tracker reports it in."""
    vendor = q.vendor or (q.vendors[0] if q.vendors else "xiaomi")
    if vendor not in context.info:
        raise _unknown_vendor(vendor, context.info)
    q = replace(q, vendor=vendor, source=None)
    slices = []
    for category in names_of(session, Category):
        for source in observations.sources_with_data(session, q.market, category, as_of=q.as_of):
            data = observations.load_slice(session, source, q.market, category, as_of=q.as_of)
            if any(p.vendor == vendor and p.share_pct is not None for p in data.points):
                slices.append(data)
    spec, records = builders.categories(
        q, slices, context.info, context.sources, names_of(session, Category)
    )
    spec.events = _events(session, q, spec)
    names = [context.sources.get(s, s) for s in sorted({s.source for s in slices})]
    spec.footer = context.footer(names)
    return Chart(q, spec, build(spec), records, context.revision, ", ".join(names), context.latest)


def shifts_for(
    session: Session, market: str, category: str, source: str, as_of: int | None = None
) -> list[narrate.Shift]:
    data = observations.load_slice(session, source, market, category, as_of=as_of)
    return narrate.shifts(data.points)
