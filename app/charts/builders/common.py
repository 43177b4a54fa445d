"""What every chart family shares: the quarters shown, names and colours, hover texts,
records, the footer and the events drawn."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal

from app import formats, i18n, provenance
from app.charts.query import ChartQuery
from app.charts.spec import ChartInputs, ChartSpec, EventMark, Trace, VendorInfo
from app.derive import Point
from app.observations.slices import ObservationRecord, Slice
from app.periods import Period

Built = tuple[ChartSpec, list[ObservationRecord]]
_, N_ = i18n.gettext, i18n.N_


def quarters_in_range(q: ChartQuery, data: Slice) -> list[Period]:
    """The slice's quarters within from/to: never a stated half-year or year."""
    return [
        p
        for p in data.periods
        if p.is_quarter and (q.start is None or p >= q.start) and (q.end is None or p <= q.end)
    ]


def range_label(periods: list[Period]) -> str:
    if not periods:
        return _("no data")
    return periods[0].label if len(periods) == 1 else f"{periods[0].label}–{periods[-1].label}"


def vendor_name(vendor: str, info: Mapping[str, VendorInfo], fallback: str = "") -> str:
    return info[vendor].name if vendor in info else (fallback or vendor)


def vendor_colour(vendor: str, info: Mapping[str, VendorInfo]) -> str:
    return info[vendor].colour if vendor in info else "#7f7f7f"


def hover(data: Slice, point: Point, *lines: str) -> str:
    """A point's hover: what it is, the figures, who stated them and where, and what the
    tracker says the vendor's figures include then."""
    derived = (
        _(" (derived: {figures})").format(figures=", ".join(point.derived)) if point.derived else ""
    )
    status = f" · {status_word(point.status)}" if point.status != "final" else ""
    return "\n".join(
        [
            f"{point.vendor_name} · {point.period.label}{status}",
            *lines,
            _("Source: {tracker}").format(tracker=data.name_at(point.period)) + derived,
            *_pages_line(point),
            *(_("Note: {note}").format(note=n) for n in data.notes_on(point.vendor, point.period)),
        ]
    )


def status_word(status: str) -> str:
    """preliminary, final or restated, in the reader's language."""
    words = {"preliminary": _("preliminary"), "final": _("final"), "restated": _("restated")}
    return words.get(status, status)


def _pages_line(point: Point) -> list[str]:
    """Where the figures were published: one site, or each site with what it gave."""
    pages = provenance.pages_of(point)
    if not pages:
        return []
    by_site: dict[str, list[str]] = {}
    for url, figures in pages.items():
        by_site.setdefault(provenance.host(url), []).extend(figures)
    weak = _(" (a copy, not the tracker's page)") if provenance.only_copies(point) else ""
    if len(by_site) == 1:
        return [_("Published by {sites}").format(sites=next(iter(by_site))) + weak]
    parts = [f"{site} ({', '.join(dict.fromkeys(figures))})" for site, figures in by_site.items()]
    return [_("Published by {sites}").format(sites="; ".join(parts)) + weak]


# A table cell whose figures rest only on a copy of the release, and what the mark means.
COPY_MARK = " †"
COPY_FOOTNOTE = N_(
    "† rests only on a copy of the tracker's release, not on its own page or a major outlet"
)  # the message id; copy_footnote gives it in the reader's language


def copy_mark(point: Point) -> str:
    return COPY_MARK if provenance.only_copies(point) else ""


def copy_footnote(rows: list[list[str]]) -> str:
    return _(COPY_FOOTNOTE) if any(cell.endswith(COPY_MARK) for row in rows for cell in row) else ""


def point_hover(data: Slice, point: Point, units: str) -> str:
    """A point's hover text, worked out once for the life of its slice (a content version)."""
    key = ("hover", point.vendor, point.period, units, i18n.current())
    text: str | None = data.scratch.get(key)
    if text is None:
        text = data.scratch[key] = hover(data, point, *describe(point, units))
    return text


def describe(point: Point, units: str = "millions") -> list[str]:
    return [
        _("Share: {share}").format(share=formats.pct(point.share_pct)),
        _("Shipments: {shipments}").format(shipments=formats.shipments(point.shipments, units)),
        _("Rank: {rank}").format(rank=formats.rank(point.rank, tied=point.tied)),
    ]


def records_of(data: Slice, points: list[Point]) -> list[ObservationRecord]:
    """Each record names the tracker that stated it (a successor, in a continued series)."""
    return [record_of(data, p) for p in points]


def record_of(data: Slice, point: Point) -> ObservationRecord:
    return ObservationRecord(
        data.source_at(point.period), data.market, data.category, point, data.segment, data.basis
    )


def subject(data: Slice) -> str:
    """ "India smartphones", "India smartphones, Premium segment by value"."""
    within = f", {data.segment_name} segment" if data.segment != "all" else ""
    basis = " by value" if data.basis == "value" else ""
    return market_category(data.market, data.category) + within + basis


def market_category(market: str, category: str) -> str:
    """ "India smartphones": the market and category a chart is about."""
    name = f"{market.title()} {category.replace('-', ' ')}"
    return _(name)  # the catalog knows the ones listed below


# The seeded markets and categories, as the catalog knows them (others stay as written).
N_("India smartphones")
N_("India smart tvs")
N_("India audio")
N_("India wearables")
N_("India feature phones")


def axis_label(period: Period) -> str:
    if period.is_full_year:
        return _("{year} (full year)").format(year=period.year)
    return period.label


def as_float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def millions(units: int | None) -> float | None:
    return None if units is None else round(units / 1_000_000, 2)


def tracker_names(inputs: ChartInputs, slugs: list[str]) -> list[str]:
    """The trackers credited, by name; a series a successor continues is credited as such:
    "Canalys (Omdia from Q3 2025)"."""
    continued = {d.source: series_name(d) for d in inputs.slices if d.successors}
    return [continued.get(s) or inputs.source_names.get(s, s) for s in slugs]


def series_name(data: Slice) -> str:
    """Slice.series_name in the reader's language: "Canalys (Omdia from Q3 2025)"."""
    taken = ", ".join(
        _("{tracker} from {period}").format(tracker=s.name, period=s.since.label)
        for s in data.successors
    )
    return f"{data.source_name} ({taken})"


def footer(names: list[str], revision: int) -> str:
    trackers = ", ".join(names) or _("none")
    if len(names) == 1:
        return _("Source: {trackers} · sharetrack · data as of r{revision}").format(
            trackers=trackers, revision=revision
        )
    return _("Sources: {trackers} · sharetrack · data as of r{revision}").format(
        trackers=trackers, revision=revision
    )


MARKET_WIDE_EVENT_CHARTS = ("shipments", "origin")


# Markers a chart draws at most: more would hide the lines they annotate.
MAX_DRAWN_EVENTS = 5


def event_marks(
    inputs: ChartInputs,
    chart_id: str,
    traces: list[Trace],
    x_labels: list[str],
    finding: str | None,
) -> list[EventMark]:
    """Dated notes for the quarters and vendors on the chart (market-wide ones only where the
    whole market is drawn), oldest first; one event of the finding's quarter is labelled.

    A handful are drawn, the most relevant first: the labelled one, market-wide ones (on charts
    of the whole market), then those of the vendors drawn most prominently (traces come
    largest first), newest first among equals, one per quarter. The rest are listed under
    the chart."""
    rank = {t.key: i for i, t in enumerate(traces)}
    on_axis = set(x_labels)
    found: list[tuple[EventMark, str | None]] = []
    labelled: set[str] = set()
    for event in inputs.events:
        label, vendor = event.label, event.vendor
        if label not in on_axis or (vendor and vendor not in rank):
            continue
        if vendor is None and chart_id not in MARKET_WIDE_EVENT_CHARTS:
            continue
        show = finding is not None and label in finding and label not in labelled and bool(vendor)
        if show:
            labelled.add(label)
        found.append((EventMark(label, event.title, event.source_url, show_label=show), vendor))
    position = {label: i for i, label in enumerate(x_labels)}

    def relevance(mark_and_vendor: tuple[EventMark, str | None]) -> tuple[bool, int, int]:
        mark, vendor = mark_and_vendor
        prominence = rank[vendor] if vendor else -1  # only on charts of the whole market
        return (not mark.show_label, prominence, -position[mark.x])

    drawn: set[int] = set()  # positions in `found`
    quarters: set[str] = set()
    for i in sorted(range(len(found)), key=lambda i: relevance(found[i])):
        x = found[i][0].x
        if len(drawn) < MAX_DRAWN_EVENTS and x not in quarters:
            drawn.add(i)
            quarters.add(x)
    return [replace(mark, drawn=i in drawn) for i, (mark, _) in enumerate(found)]
