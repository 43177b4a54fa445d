"""Chart data: read what a chart draws, hand it to its builder, draw the figure.

One call backs the chart page, its .json/.csv/.xlsx, the embed and the picture, so they
cannot disagree. Every chart id takes the same path: read its slices (one tracker's, every
tracker's, or every category's), then `BUILDERS[chart_id]`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import i18n, provenance, themes
from app.charts import cues, describe, groups, narrate
from app.charts.builders import BUILDERS, DRAWN_VENDORS_ONLY
from app.charts.builders.segments import KIND_WORDS
from app.charts.figures import build
from app.charts.query import ChartQuery
from app.charts.spec import ChartInputs, ChartSpec, MarketEvent, SegmentInfo, VendorInfo
from app.config import get_settings
from app.errors import InvalidQuery, NotFound
from app.models import Category, Event, Market, Source, Vendor, VendorGroup
from app.observations import segments as segment_reads
from app.observations import service as observations
from app.observations.slices import ObservationRecord, Slice
from app.periods import Period
from app.revisions import derived
from app.versioned_memo import VersionedMemo
from app.versions import version_of

_ = i18n.gettext
# The bases as an error names them (`_(q.basis)` below): listed so the catalog keeps them.
i18n.N_("units")
i18n.N_("value")


@dataclass(frozen=True, slots=True)
class FigureSets:
    sources: list[str]
    categories: list[str]
    vendors: list[tuple[str, str]]  # (slug, name)
    periods: list[Period]


def _second(pair: tuple[str, str]) -> str:
    return pair[1]


@dataclass
class Chart:
    query: ChartQuery  # with the source resolved
    spec: ChartSpec
    figure: dict[str, Any]
    records: list[ObservationRecord]
    revision: int
    latest_revision: int

    @property
    def source_name(self) -> str:
        """The trackers credited, by name."""
        return ", ".join(self.spec.sources)

    @property
    def text_alternative(self) -> str:
        """The chart in words, for readers who do not see the drawing."""
        with i18n.using(self.query.lang):
            return describe.text_alternative(self.spec)

    @property
    def drawing(self) -> dict[str, Any]:
        """The figure as pages, embeds and pictures draw it: with cues besides colour."""
        return cues.add(self.spec, self.figure)

    @property
    def page_figure(self) -> dict[str, Any]:
        """The drawing and its dark colours, for draw.js to use on a dark page."""
        drawing = self.drawing
        return {**drawing, "dark": themes.dark_colours(drawing)}

    @property
    def pages(self) -> list[tuple[str, list[str], int]]:
        """Every public page behind the chart: its URL, the figures it gives, how many."""
        found: dict[str, tuple[dict[str, None], list[int]]] = {}
        for record in self.records:
            for url, figures in provenance.pages_of(record.point).items():
                kinds, count = found.setdefault(url, ({}, [0]))
                kinds.update(dict.fromkeys(figures))
                count[0] += 1
        return [(url, list(kinds), count[0]) for url, (kinds, count) in sorted(found.items())]

    @property
    def figure_sets(self) -> FigureSets:
        """What the chart's stated figures can be looked up by, for their history."""
        stated = [r for r in self.records if not r.point.vendor.startswith("group:")]
        return FigureSets(
            sources=sorted({r.source for r in stated}),
            categories=sorted({r.category for r in stated}),
            vendors=sorted({(r.point.vendor, r.point.vendor_name) for r in stated}, key=_second),
            periods=sorted({r.point.period for r in stated}, reverse=True),
        )

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
    latest, _edits = version_of(session)
    if q.as_of is not None and q.as_of > latest:
        raise NotFound(
            _("revision r{revision} does not exist; the latest is r{latest}").format(
                revision=q.as_of, latest=latest
            )
        )
    read = _READERS.get(q.chart_id, _one_tracker)
    q, slices, info = read(session, q, vendor_info(session), source_names(session))
    inputs = ChartInputs(
        query=q,
        slices=tuple(slices),
        info=info,
        source_names=source_names(session),
        category_names=names_of(session, Category),
        events=events_of(session, q.market),
        revision=q.as_of or latest,
        # Only the segments chart names segments by their tracker's definitions.
        segments=segment_info(session, q.source) if q.chart_id == "segments" and q.source else {},
    )
    with i18n.using(q.lang):  # the query's language, whoever draws it (a page, the CLI)
        spec, records = BUILDERS[q.chart_id](inputs)
        return Chart(q, spec, build(spec), records, inputs.revision, latest)


# What a chart reads: the query as resolved, its slices, and the vendors it may name.
_Read = tuple[ChartQuery, list[Slice], dict[str, VendorInfo]]


def _one_tracker(
    session: Session, q: ChartQuery, info: dict[str, VendorInfo], sources: dict[str, str]
) -> _Read:
    """share, rank, shipments, snapshot, growth, origin: one tracker's figures."""
    available = _trackers_with_data(session, q, sources)
    if q.source is not None and q.source not in available and not _has_own_data(session, q):
        said = (
            _("{tracker} has no {market} {category} figures as of r{revision}")
            if q.as_of
            else _("{tracker} has no {market} {category} figures")
        )
        raise NotFound(
            _("{problem}; trackers with data: {trackers}").format(
                problem=said.format(
                    tracker=sources[q.source],
                    market=q.market,
                    category=q.category,
                    revision=q.as_of,
                ),
                trackers=", ".join(available),
            )
        )
    q = q.with_source(q.source or available[0])
    top = DRAWN_VENDORS_ONLY.get(q.chart_id)
    drawn = derived.Drawn(q.vendors, top) if top and q.by == "vendor" else None
    data = _slice(session, q, q.source or "", drawn)
    if q.by == "group":
        data = _by_group(session, data, info, q.as_of)
        info = {**info, **groups.group_info(info)}
        q = replace(q, vendors=tuple(groups.group_slug(v, info) for v in q.vendors))
    unknown = [v for v in q.vendors if v not in info]
    if unknown:
        raise _unknown_vendor(unknown[0], info)
    return q, [data], info


def _every_tracker(
    session: Session, q: ChartQuery, info: dict[str, VendorInfo], sources: dict[str, str]
) -> _Read:
    """sources: every tracker's figures for the market and category, side by side."""
    available = _trackers_with_data(session, q, sources)
    if q.segment != "all":
        _refuse_unlike_segments(session, q.segment, available, sources)
    q = replace(q, source=None)
    slices = [_slice(session, q, s) for s in available]
    if q.by == "group":
        slices = [_by_group(session, s, info, q.as_of) for s in slices]
        info = {**info, **groups.group_info(info)}
    return q, slices, info


def _every_category(
    session: Session, q: ChartQuery, info: dict[str, VendorInfo], sources: dict[str, str]
) -> _Read:
    """categories: one vendor in every category and tracker that states its share."""
    vendor = q.vendor or (q.vendors[0] if q.vendors else "xiaomi")
    if vendor not in info:
        raise _unknown_vendor(vendor, info)
    q = replace(q, vendor=vendor, source=None)
    slices = []
    for category in names_of(session, Category):
        for source in observations.sources_with_data(session, q.market, category, as_of=q.as_of):
            data = observations.load_slice(session, source, q.market, category, as_of=q.as_of)
            if any(p.vendor == vendor and p.share_pct is not None for p in data.points):
                slices.append(data)
    return q, slices, info


def _every_segment(
    session: Session, q: ChartQuery, info: dict[str, VendorInfo], sources: dict[str, str]
) -> _Read:
    """segments: one tracker's segments of one kind (price bands by default), each a slice."""
    kind = q.mode or "price-band"
    found = segment_reads.with_data(
        session, q.market, q.category, kind=kind, basis=q.basis, as_of=q.as_of
    )
    words = {"kind": _(KIND_WORDS.get(kind, kind)), "market": q.market, "category": q.category}
    if not found:
        raise NotFound(
            _("no tracker states {kind} segment shares for {market} {category}").format(**words)
        )
    if q.source is not None and q.source not in found:
        raise NotFound(
            _(
                "{tracker} states no {kind} segment shares for {market} {category}; "
                "trackers that do: {trackers}"
            ).format(tracker=sources.get(q.source, q.source), trackers=", ".join(found), **words)
        )
    source = q.source or next(iter(found))
    q = replace(q, source=source, mode=kind, segment="all")
    slices = [
        observations.load_slice(
            session, source, q.market, q.category, segment=s, basis=q.basis, as_of=q.as_of
        )
        for s in found[source]
    ]
    return q, slices, info


_READERS: dict[
    str, Callable[[Session, ChartQuery, dict[str, VendorInfo], dict[str, str]], _Read]
] = {"sources": _every_tracker, "categories": _every_category, "segments": _every_segment}


def _slice(
    session: Session, q: ChartQuery, source: str, drawn: derived.Drawn | None = None
) -> Slice:
    """One tracker's slice of the query's market, category, segment and basis (only the
    vendors drawn, if told)."""
    return observations.load_slice(
        session,
        source,
        q.market,
        q.category,
        segment=q.segment,
        basis=q.basis,
        as_of=q.as_of,
        drawn=drawn,
    )


def _refuse_unlike_segments(
    session: Session, segment: str, trackers: tuple[str, ...], names: dict[str, str]
) -> None:
    """Two trackers' segments of one name are compared only when defined alike: IDC's
    premium (US$600–800) is not Counterpoint's (above ₹30,000)."""
    defined = {t: segment_info(session, t).get(segment) for t in trackers}
    said = {info.definition if info else "" for info in defined.values()}
    if len(said) > 1:
        each = "; ".join(
            f"{names.get(t, t)}: {info.definition if info and info.definition else _('not stated')}"
            for t, info in defined.items()
        )
        raise InvalidQuery(
            _(
                "the trackers define the '{segment}' segment differently ({each}), so their "
                "figures are not drawn side by side as if they were one; open one tracker's "
                "chart instead, e.g. {address}"
            ).format(
                segment=segment,
                each=each,
                address=f"/charts/share?segment={segment}&source={trackers[0]}",
            )
        )


def segment_info(session: Session, source: str) -> dict[str, SegmentInfo]:
    """A tracker's segments as it defines them now (its latest definition of each)."""
    found: dict[str, SegmentInfo] = {}
    for d in segment_reads.definitions(session, source):
        # Price bands are told apart by their edges; 5G or Online by name alone.
        edges = d.definition if d.kind == "price-band" else ""
        found[d.slug] = SegmentInfo(d.slug, d.name, d.kind, d.position, edges, d.until)
    return found


def _trackers_with_data(
    session: Session, q: ChartQuery, sources: dict[str, str]
) -> tuple[str, ...]:
    if q.source is not None and q.source not in sources:
        known = ", ".join(sorted(sources))
        raise NotFound(
            _("unknown source '{source}'; known: {known}").format(source=q.source, known=known)
        )
    available = observations.sources_with_data(
        session, q.market, q.category, segment=q.segment, basis=q.basis, as_of=q.as_of
    )
    if not available:
        if q.segment == "all" and q.basis == "units":
            said = _("no data for {market} {category} yet")
        else:
            said = _("no data for {market} {category} in segment '{segment}' by {basis} yet")
        raise NotFound(
            said.format(market=q.market, category=q.category, segment=q.segment, basis=_(q.basis))
        )
    return available


def _has_own_data(session: Session, q: ChartQuery) -> bool:
    """A successor (omdia) is listed within its predecessor's series, yet charts alone too."""
    alone = observations.sources_with_data(
        session,
        q.market,
        q.category,
        segment=q.segment,
        basis=q.basis,
        as_of=q.as_of,
        separately=True,
    )
    return q.source in alone


def _unknown_vendor(slug: str, info: dict[str, VendorInfo]) -> NotFound:
    known = ", ".join(sorted(v for v in info if not v.startswith("group:")))
    return NotFound(_("unknown vendor '{vendor}'; known: {known}").format(vendor=slug, known=known))


def _by_group(
    session: Session, data: Slice, info: dict[str, VendorInfo], as_of: int | None
) -> Slice:
    """Count the brands of one group (BBK: vivo, OPPO, realme, ...) together, re-ranked."""
    key = ("by_group", as_of, data.source, data.market, data.category, data.segment, data.basis)
    return _GROUPED.get(session, key, lambda: groups.merge_groups(data, info))


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


def shifts_for(
    session: Session, market: str, category: str, source: str, as_of: int | None = None
) -> list[narrate.Shift]:
    data = observations.load_slice(session, source, market, category, as_of=as_of)
    return narrate.shifts(data.points)
