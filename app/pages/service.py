"""What the overview, period (quarter, half-year, year), vendor and source pages say,
composed from the chart services."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.charts import narrate
from app.charts import service as charts
from app.charts.query import parse_chart_query
from app.derive import Point
from app.errors import NotFound
from app.i18n import gettext as _
from app.models import (
    ALL_SEGMENT,
    Category,
    Event,
    Observation,
    Segment,
    Source,
    SourceNote,
    Vendor,
)
from app.observations import segments
from app.observations import service as observations
from app.observations.slices import ObservationRecord, Slice
from app.periods import Period
from app.reference import notes

MARKET, CATEGORY = "india", "smartphones"
LONGER_SHOWN = 3  # half-years and years per tracker on a vendor page


@dataclass
class TrackerQuarter:
    source: str
    source_name: str
    leaderboard: charts.Chart
    shifts: list[narrate.Shift]
    year_leader_note: str | None
    basis: str | None = None  # a half-year or year: stated by the tracker or summed


@dataclass
class QuarterReport:
    period: Period
    trackers: list[TrackerQuarter]
    events: list[Event]
    previous: Period | None
    next: Period | None


def year_leader_note(data: Slice, period: Period, source_name: str) -> str | None:
    """Say so when the quarter's leader is not the year's (Samsung led Q4 2022, Xiaomi 2022)."""
    year = Period(period.year, 0)
    quarter_leader, year_leader = data.leader(period), data.leader(year)
    if not quarter_leader or not year_leader or quarter_leader.vendor == year_leader.vendor:
        return None
    return _(
        "{quarter_leader} led {period}, but {year_leader} led {year} as a whole for "
        "{tracker} ({how})."
    ).format(
        quarter_leader=quarter_leader.vendor_name,
        period=period.label,
        year_leader=year_leader.vendor_name,
        year=period.year,
        tracker=source_name,
        how=basis(year_leader),
    )


def basis(point: Point) -> str:
    """How a half-year's or year's figure came about, in the words pages use."""
    return _("sum of four quarters") if _summed(point) else _("stated by the tracker")


def _summed(point: Point) -> bool:
    return "shipments" in point.derived


def period_basis(data: Slice, period: Period) -> str | None:
    """For a half-year or year page: whether the tracker stated the period or sharetrack
    summed its quarters (per vendor: a stated year wins over the sum)."""
    if period.is_quarter:
        return None
    points = [p for p in data.by_period.get(period, ()) if not p.is_residual]
    summed = [p for p in points if _summed(p)]
    if not summed:
        return f"{period.label}: {_('stated by the tracker')}"
    if len(summed) == len(points):
        return f"{period.label}: {_('sum of four quarters')}"
    stated = ", ".join(p.vendor_name for p in points if p not in summed)
    return _(
        "{period}: stated by the tracker for {vendors}; the others are the sum of four quarters"
    ).format(period=period.label, vendors=stated)


def quarter_report(session: Session, period: Period) -> QuarterReport:
    """One period's page: a quarter, or a half-year or year as the trackers stated (or
    summed) it; the pager steps through periods of the same kind."""
    trackers = []
    known: set[Period] = set()  # quarters, for the message when there are no figures
    siblings: set[Period] = set()
    for source in observations.sources_with_data(session, MARKET, CATEGORY):
        data = observations.load_slice(session, source, MARKET, CATEGORY)
        known |= {p for p in data.periods if p.is_quarter}
        siblings |= {p for p in data.periods if p.kind == period.kind}
        if period not in data.periods:
            continue
        query = parse_chart_query("snapshot", {"source": source, "quarter": period.code})
        shifts = [s for s in narrate.shifts(data.points) if s.period == period]
        name = data.name_at(period)  # Omdia's quarters in Canalys's series are Omdia's
        note = year_leader_note(data, period, name) if period.is_quarter else None
        trackers.append(
            TrackerQuarter(
                source, name, charts.chart(session, query), shifts, note, period_basis(data, period)
            )
        )
    if not trackers:
        listed = ", ".join(p.code for p in sorted(known)[-8:])
        raise NotFound(f"no figures for {period.code}; recent quarters: {listed}")
    ordered = sorted(siblings)
    events = list(
        session.scalars(select(Event).where(Event.period == period.key).order_by(Event.happened_on))
    )
    earlier = [p for p in ordered if p < period]
    later = [p for p in ordered if p > period]
    return QuarterReport(
        period, trackers, events, earlier[-1] if earlier else None, later[0] if later else None
    )


@dataclass
class VendorProfile:
    vendor: Vendor
    rank: charts.Chart | None
    share: charts.Chart | None
    categories: charts.Chart | None
    shifts: list[tuple[str, narrate.Shift]]
    # Each tracker's last quarter, with the name of the tracker that stated it (Omdia, in
    # Canalys's series).
    latest: list[tuple[ObservationRecord, str]] = field(default_factory=list)
    # Each tracker's latest half-years and years, with that name and how each came about.
    longer: list[tuple[ObservationRecord, str, str]] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


def _record(data: Slice, point: Point) -> ObservationRecord:
    return ObservationRecord(data.source_at(point.period), MARKET, CATEGORY, point)


def vendor_profile(session: Session, slug: str) -> VendorProfile:
    vendor = session.scalar(select(Vendor).where(Vendor.slug == slug))
    if vendor is None:
        known = ", ".join(session.scalars(select(Vendor.slug).order_by(Vendor.slug)))
        raise NotFound(
            _("unknown vendor '{vendor}'; known: {known}").format(vendor=slug, known=known)
        )
    shifts: list[tuple[str, narrate.Shift]] = []
    latest: list[tuple[ObservationRecord, str]] = []
    longer: list[tuple[ObservationRecord, str, str]] = []
    for source in observations.sources_with_data(session, MARKET, CATEGORY):
        data = observations.load_slice(session, source, MARKET, CATEGORY)
        shifts += [
            (data.name_at(s.period), s)  # the tracker that stated that quarter
            for s in narrate.shifts(data.points)
            if slug in (s.vendor,) or vendor.name in s.sentence
        ]
        mine = [p for p in data.points if p.vendor == slug and p.period.is_quarter]
        if mine:
            latest.append((_record(data, mine[-1]), data.name_at(mine[-1].period)))
        spans = [p for p in data.points if p.vendor == slug and not p.period.is_quarter]
        longer += [
            (_record(data, p), data.name_at(p.period), basis(p))
            for p in reversed(spans[-LONGER_SHOWN:])
        ]
    shifts.sort(key=lambda item: item[1].period, reverse=True)
    has_phones = bool(latest)
    rank = share = None
    if has_phones and not vendor.is_residual:
        rank = charts.chart(session, parse_chart_query("rank", {"vendors": slug}))
        share = charts.chart(session, parse_chart_query("share", {"vendors": slug}))
    categories = charts.chart(session, parse_chart_query("categories", {"vendor": slug}))
    events = list(
        session.scalars(
            select(Event).where(Event.vendor_id == vendor.id).order_by(Event.happened_on.desc())
        )
    )
    return VendorProfile(
        vendor,
        rank,
        share,
        categories if categories.records else None,
        shifts,
        latest,
        longer,
        events,
    )


@dataclass(frozen=True)
class Coverage:
    source: Source
    category: str
    first: Period
    last: Period
    figures: int


def source_coverage(session: Session) -> list[Coverage]:
    rows = session.execute(
        select(
            Source,
            Category.name,
            func.min(Observation.period),
            func.max(Observation.period),
            func.count(),
        )
        .join(Source, Source.id == Observation.source_id)
        .join(Category, Category.id == Observation.category_id)
        .join(Segment, Segment.id == Observation.segment_id)
        # The whole categories by units; each tracker's segments are listed with it.
        .where(
            Observation.valid_to.is_(None),
            Segment.slug == ALL_SEGMENT,
            Observation.basis == "units",
        )
        .group_by(Source.id, Category.name)
        .order_by(Source.name, Category.name)
    ).all()
    return [Coverage(s, c, Period.from_key(lo), Period.from_key(hi), n) for s, c, lo, hi, n in rows]


@dataclass(frozen=True)
class TrackerAbout:
    """What /sources says of one tracker."""

    source: Source
    aliases: list[str]
    series: list[str]  # "Continues Canalys from Q3 2025", "Continued by Omdia from Q3 2025"
    notes: list[tuple[str, str, SourceNote]]  # (when, vendor name, note), oldest first
    segments: list[segments.Defined] = field(default_factory=list)  # its own band edges


def trackers(session: Session) -> list[TrackerAbout]:
    sources = sorted(session.scalars(select(Source)), key=lambda s: (s.name.casefold(), s.slug))

    def since(s: Source) -> str:
        return Period.from_key(s.successor_from).label if s.successor_from else ""

    out = []
    for s in sources:
        series = (
            [
                _("Continues {tracker} from {period}").format(
                    tracker=s.predecessor.name, period=since(s)
                )
            ]
            if s.predecessor
            else []
        )
        series += [
            _("Continued by {tracker} from {period}").format(
                tracker=other.name, period=since(other)
            )
            for other in sources
            if other.predecessor_id == s.id
        ]
        dated = [(notes.describe(n), notes.about(n), n) for n in notes.dated(s.notes)]
        aliases = sorted({a.alias for a in s.aliases} - {s.name}, key=str.casefold)
        defined = [d for d in segments.definitions(session) if d.source == s.slug]
        out.append(TrackerAbout(s, aliases, series, dated, defined))
    return out
