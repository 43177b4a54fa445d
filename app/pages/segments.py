"""The segment sections of the overview, quarter and vendor pages: each tracker's segments as
it defines them, their share of the market and who leads them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import formats
from app.charts import service as charts
from app.charts.query import MODES, parse_chart_query
from app.errors import NotFound
from app.models import ALL_SEGMENT, Observation, Segment, Source, Vendor
from app.observations import segments
from app.observations import service as observations
from app.pages.service import CATEGORY, MARKET
from app.periods import Period


@dataclass(frozen=True, slots=True)
class SegmentLine:
    """One tracker's figure for one segment in one period."""

    tracker: str  # name
    source: str  # slug
    segment: str  # slug
    label: str  # "Premium (US$600–800)"
    period: Period
    share: Decimal | None  # the segment's share of the market, or the vendor's within it
    leader: str = ""  # "Apple (62.0%)"
    rank: int | None = None


def findings(session: Session) -> list[tuple[str, str]]:
    """(finding, chart query) of the segments chart for each kind some tracker states."""
    found = []
    for kind in MODES["segments"]:
        try:
            chart = charts.chart(session, parse_chart_query("segments", {"mode": kind}))
        except NotFound:
            continue
        if chart.spec.finding:
            found.append((chart.spec.finding, chart.query.canonical()))
    return found


def in_quarter(session: Session, period: Period) -> list[SegmentLine]:
    """Every segment share of the market stated for a period, with the segment's leader."""
    lines = []
    names = charts.source_names(session)
    for kind in MODES["segments"]:
        for source in _trackers_with(session, kind):
            info = charts.segment_info(session, source)
            for segment, label in ((s, i.label) for s, i in info.items() if i.kind == kind):
                data = observations.load_slice(session, source, MARKET, CATEGORY, segment=segment)
                total = data.totals.get(period)
                if total is None or total.share_pct is None:
                    continue
                first = data.leader(period)
                leader = f"{first.vendor_name} ({formats.pct(first.share_pct)})" if first else ""
                lines.append(
                    SegmentLine(
                        names.get(source, source),
                        source,
                        segment,
                        label,
                        period,
                        total.share_pct,
                        leader,
                    )
                )
    return lines


def _trackers_with(session: Session, kind: str) -> list[str]:
    found = segments.with_data(
        session, "india", "smartphones", kind=kind, basis="units", as_of=None
    )
    return list(found)


def of_vendor(session: Session, vendor: str) -> list[SegmentLine]:
    """A vendor's latest stated share and rank in each tracker's segments."""
    o = Observation
    latest = (
        select(o.source_id, o.segment_id, func.max(o.period).label("period"))
        .join(Vendor, Vendor.id == o.vendor_id)
        .join(Segment, Segment.id == o.segment_id)
        .where(
            Vendor.slug == vendor,
            Segment.slug != ALL_SEGMENT,
            o.basis == "units",
            o.valid_to.is_(None),
            (o.period % 10).between(1, 4),
        )
        .group_by(o.source_id, o.segment_id)
        .subquery()
    )
    rows = session.execute(
        select(Source.slug, Source.name, Segment.slug, o.period, o.share_pct, o.rank)
        .join(Vendor, Vendor.id == o.vendor_id)
        .join(Source, Source.id == o.source_id)
        .join(Segment, Segment.id == o.segment_id)
        .join(
            latest,
            (latest.c.source_id == o.source_id)
            & (latest.c.segment_id == o.segment_id)
            & (latest.c.period == o.period),
        )
        .where(Vendor.slug == vendor, o.basis == "units", o.valid_to.is_(None))
        .order_by(Source.name, Segment.kind, Segment.position)
    ).all()
    out = []
    for source, tracker, segment, period, share, rank in rows:
        info = charts.segment_info(session, source).get(segment)
        label = info.label if info else segment
        out.append(
            SegmentLine(tracker, source, segment, label, Period.from_key(period), share, rank=rank)
        )
    return out
