"""One function per chart id: a slice of figures to a ChartSpec and the records behind it.

Pure: no database, no Plotly. Each builder picks the quarters and vendors shown, states the
finding in the title where there is one, and fills the accessible table with the same numbers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from app import formats
from app.charts import narrate
from app.charts.query import ChartQuery
from app.charts.spec import ChartSpec, Mark, TableData, Trace
from app.observations.derive import Point
from app.observations.service import Record, Slice
from app.periods import Period

if TYPE_CHECKING:
    from app.charts.service import VendorInfo

CATEGORY_COLOURS = {
    "smartphones": "#1f77b4",
    "smart-tvs": "#d62728",
    "audio": "#2ca02c",
    "wearables": "#9467bd",
    "smartwatches": "#8c564b",
    "feature-phones": "#7f7f7f",
}
SOURCE_COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2"]
COUNTRY_NAMES = {
    "CN": "Chinese brands",
    "KR": "Korean brands",
    "IN": "Indian brands",
    "US": "US brands",
}
COUNTRY_COLOURS = {
    "Chinese brands": "#d62728",
    "Korean brands": "#1428a0",
    "Indian brands": "#ff9933",
    "US brands": "#6e6e73",
    "Other brands": "#2ca02c",
    "Unattributed (Others)": "#bdbdbd",
}

Built = tuple[ChartSpec, list[Record]]


def _quarters(q: ChartQuery, data: Slice) -> list[Period]:
    return [
        p
        for p in data.periods
        if not p.is_full_year
        and (q.start is None or p >= q.start)
        and (q.end is None or p <= q.end)
    ]


def _range(periods: list[Period]) -> str:
    if not periods:
        return "no data"
    return periods[0].label if len(periods) == 1 else f"{periods[0].label}–{periods[-1].label}"


def _name(vendor: str, info: dict[str, VendorInfo], fallback: str = "") -> str:
    return info[vendor].name if vendor in info else (fallback or vendor)


def _colour(vendor: str, info: dict[str, VendorInfo]) -> str:
    return info[vendor].colour if vendor in info else "#7f7f7f"


def _hover(point: Point, source: str, *lines: str) -> str:
    derived = f" (derived: {', '.join(point.derived)})" if point.derived else ""
    status = " · preliminary" if point.status == "preliminary" else ""
    return "\n".join(
        [
            f"{point.vendor_name} · {point.period.label}{status}",
            *lines,
            f"Source: {source}{derived}",
        ]
    )


def _point_hover(data: Slice, point: Point, units: str) -> str:
    """A point's hover text, worked out once for the life of its slice (a content version)."""
    key = ("hover", point.vendor, point.period, units)
    text: str | None = data.scratch.get(key)
    if text is None:
        text = data.scratch[key] = _hover(point, data.source_name, *_describe(point, units))
    return text


def _watched(data: Slice, period: Period) -> list[str]:
    """The vendors narration watches in a period (ranked in the top five), once per slice."""
    key = ("watched", period)
    found: list[str] | None = data.scratch.get(key)
    if found is None:
        found = data.scratch[key] = [
            p.vendor
            for p in data.by_period.get(period, ())
            if p.rank is not None and p.rank <= narrate.WATCHED
        ]
    return found


def _describe(point: Point, units: str = "millions") -> list[str]:
    return [
        f"Share: {formats.pct(point.share_pct)}",
        f"Shipments: {formats.shipments(point.shipments, units)}",
        f"Rank: {formats.rank(point.rank, tied=point.tied)}",
    ]


def _records(data: Slice, points: list[Point]) -> list[Record]:
    return [Record(data.source, data.market, data.category, p) for p in points]


def _subject(data: Slice) -> str:
    return f"{data.market.title()} {data.category.replace('-', ' ')}"


def _time_series(
    q: ChartQuery,
    data: Slice,
    vendors: list[str],
    info: dict[str, VendorInfo],
    value: Callable[[Point], float | None],
    cell: Callable[[Point], str],
) -> tuple[list[Period], list[Trace], TableData, list[Point]]:
    periods = _quarters(q, data)
    labels = [p.label for p in periods]
    by_key = data.by_key
    traces, used = [], []
    for vendor in vendors:
        marks = {}
        for period, label in zip(periods, labels, strict=True):
            point = by_key.get((vendor, period))
            if point is None or value(point) is None:
                continue
            marks[label] = Mark(
                value(point), _point_hover(data, point, q.units), point.status == "preliminary"
            )
            used.append(point)
        if marks:
            residual = vendor in info and info[vendor].is_residual
            traces.append(
                Trace(_name(vendor, info), _colour(vendor, info), marks, key=vendor, dash=residual)
            )
    columns = ["Quarter", *[t.name for t in traces]]
    rows = [
        [
            label,
            *[cell(by_key[(t.key, period)]) if (t.key, period) in by_key else "–" for t in traces],
        ]
        for period, label in zip(periods, labels, strict=True)
    ]
    table = TableData("", columns, rows)
    return periods, traces, table, used


def _headline(data: Slice, periods: list[Period]) -> narrate.Shift | None:
    # Only vendors ever in the top five can make a shift: 200 vendors narrow down to about 10.
    watched = {vendor for period in periods for vendor in _watched(data, period)}
    by_key = data.by_key
    inside = [by_key[key] for v in watched for period in periods if (key := (v, period)) in by_key]
    return narrate.headline(narrate.shifts(inside))


def share(q: ChartQuery, data: Slice, vendors: list[str], info: dict[str, VendorInfo]) -> Built:
    periods, traces, table, used = _time_series(
        q, data, vendors, info, lambda p: _float(p.share_pct), lambda p: formats.pct(p.share_pct)
    )
    shift = _headline(data, periods)
    kind = "area100" if q.mode == "area100" else "lines"
    title = shift.lead_clause if shift else f"Market share, {_range(periods)}"
    table.caption = f"{_subject(data)}: share of shipments by vendor, {_range(periods)}"
    spec = ChartSpec(
        "share",
        kind,
        title,
        "Share of shipments (%)",
        [p.label for p in periods],
        traces,
        table,
        "",
        y_suffix="%",
        finding=shift.sentence if shift else None,
        period_label=_range(periods),
    )
    return spec, _records(data, used)


def rank(q: ChartQuery, data: Slice, vendors: list[str], info: dict[str, VendorInfo]) -> Built:
    ranked = [v for v in vendors if not (v in info and info[v].is_residual)]
    periods, traces, table, used = _time_series(
        q, data, ranked, info, lambda p: p.rank, lambda p: formats.rank(p.rank, tied=p.tied)
    )
    shift = _headline(data, periods)
    title = shift.title if shift else f"Vendor rank, {_range(periods)}"
    table.caption = f"{_subject(data)}: rank by shipments (1 = largest), {_range(periods)}"
    spec = ChartSpec(
        "rank",
        "bump",
        title,
        "Rank (1 = largest)",
        [p.label for p in periods],
        traces,
        table,
        "",
        finding=shift.sentence if shift else None,
        period_label=_range(periods),
    )
    return spec, _records(data, used)


def shipments(q: ChartQuery, data: Slice, vendors: list[str], info: dict[str, VendorInfo]) -> Built:
    periods, traces, table, used = _time_series(
        q,
        data,
        vendors,
        info,
        lambda p: _millions(p.shipments),
        lambda p: formats.shipments(p.shipments, q.units),
    )
    totals = [data.totals.get(p) for p in periods]
    if any(t and t.shipments for t in totals):
        marks = {
            p.label: Mark(
                _millions(t.shipments),
                f"Market total · {p.label}\n{formats.shipments(t.shipments, q.units)}\n"
                f"Source: {data.source_name}",
            )
            for p, t in zip(periods, totals, strict=True)
            if t and t.shipments
        }
        traces.append(Trace("Market total", "#444444", marks, key="total", dash=True))
        table.columns.append("Market total")
        for row, total in zip(table.rows, totals, strict=True):
            row.append(formats.shipments(total.shipments if total else None, q.units))
    kind = "lines" if q.mode == "lines" else "stacked"
    if kind == "stacked":
        traces = [t for t in traces if t.key != "total"]
    latest = next((t for t in reversed(totals) if t and t.shipments), None)
    shipped = formats.shipments(latest.shipments, q.units) if latest else ""
    title = (
        f"{shipped} smartphones shipped in {latest.period.label}"
        if latest and data.category == "smartphones"
        else f"Shipments by vendor, {_range(periods)}"
    )
    table.caption = f"{_subject(data)}: shipments (millions of units), {_range(periods)}"
    spec = ChartSpec(
        "shipments",
        kind,
        title,
        "Shipments (million units)",
        [p.label for p in periods],
        traces,
        table,
        "",
        y_suffix=" M",
        period_label=_range(periods),
    )
    return spec, _records(data, used)


def _quarter_shown(q: ChartQuery, data: Slice, figure: str) -> Period | None:
    """The quarter asked for, else the latest with the figure for at least three vendors."""
    if q.quarter is not None:
        return q.quarter
    quarters = _quarters(q, data)
    full = [
        period
        for period in quarters
        if sum(getattr(p, figure) is not None for p in data.by_period[period]) >= 3
    ]
    return full[-1] if full else (quarters[-1] if quarters else None)


def _stating(q: ChartQuery, data: Slice, period: Period | None, figure: str) -> list[Point]:
    """The period's points that have the figure, among the vendors asked for."""
    return [
        p
        for p in (data.by_period.get(period, ()) if period else ())
        if getattr(p, figure) is not None and (not q.vendors or p.vendor in q.vendors)
    ]


def snapshot(q: ChartQuery, data: Slice, vendors: list[str], info: dict[str, VendorInfo]) -> Built:
    period = _quarter_shown(q, data, "share_pct")
    points = sorted(
        _stating(q, data, period, "share_pct"),
        key=lambda p: (p.is_residual, p.rank or 99, -(p.share_pct or 0)),
    )
    index = data.by_key
    if period is None or period.is_full_year:
        compared = [("vs previous year", period.year_ago() if period else None)]
    else:
        compared = [
            ("vs previous quarter", period.previous()),
            ("vs a year ago", period.year_ago()),
        ]
    rows, marks = [], {}
    for point in points:
        deltas = [
            _delta(point, index.get((point.vendor, other)) if other else None)
            for _, other in compared
        ]
        label = point.vendor_name
        marks[label] = Mark(
            _float(point.share_pct),
            _hover(
                point,
                data.source_name,
                *_describe(point, q.units),
                *[
                    f"{name}: {formats.points(d)}"
                    for (name, _), d in zip(compared, deltas, strict=True)
                ],
            ),
            point.status == "preliminary",
            label=formats.pct(point.share_pct),
        )
        rows.append(
            [
                label,
                formats.rank(point.rank, tied=point.tied),
                formats.pct(point.share_pct),
                formats.shipments(point.shipments, q.units),
                *[formats.points(d) for d in deltas],
            ]
        )
    traces = [
        Trace(
            p.vendor_name,
            _colour(p.vendor, info),
            {p.vendor_name: marks[p.vendor_name]},
            key=p.vendor,
        )
        for p in points
    ]
    leader = next((p for p in points if p.rank == 1), None)
    label = period.label if period else "no data"
    title = (
        f"{leader.vendor_name} led {label} with {formats.pct(leader.share_pct)} of shipments"
        if leader
        else f"Leaderboard, {label}"
    )
    table = TableData(
        f"{_subject(data)}: leaderboard for {label}",
        ["Vendor", "Rank", "Share", "Shipments", *[name for name, _ in compared]],
        rows,
    )
    spec = ChartSpec(
        "snapshot",
        "bars",
        title,
        "Share of shipments (%)",
        [p.vendor_name for p in points],
        traces,
        table,
        "",
        y_suffix="%",
        finding=title if leader else None,
        period_label=label,
    )
    return spec, _records(data, points)


def _delta(point: Point, other: Point | None) -> Decimal | None:
    if other is None or point.share_pct is None or other.share_pct is None:
        return None
    return point.share_pct - other.share_pct


def growth(q: ChartQuery, data: Slice, vendors: list[str], info: dict[str, VendorInfo]) -> Built:
    period = _quarter_shown(q, data, "yoy_growth_pct")
    points = sorted(
        _stating(q, data, period, "yoy_growth_pct"),
        key=lambda p: -(p.yoy_growth_pct or 0),
    )
    marks = {
        p.vendor_name: Mark(
            _float(p.yoy_growth_pct),
            _hover(
                p,
                data.source_name,
                f"Year-on-year growth: {formats.pct(p.yoy_growth_pct, signed=True)}",
                *_describe(p, q.units),
            ),
            p.status == "preliminary",
            label=formats.pct(p.yoy_growth_pct, signed=True),
        )
        for p in points
    }
    trace = Trace("Year-on-year growth", "#2a7ab0", marks, key="growth")
    label = period.label if period else "no data"
    total = data.totals.get(period) if period else None
    title = f"Year-on-year growth by vendor, {label}"
    if len(points) >= 2:
        best, worst = points[0], points[-1]
        best_did = "grew fastest" if (best.yoy_growth_pct or 0) > 0 else "fell least"
        worst_did = "fell most" if (worst.yoy_growth_pct or 0) < 0 else "grew least"
        title = (
            f"{best.vendor_name} {best_did} in {label} "
            f"({formats.pct(best.yoy_growth_pct, signed=True)}); {worst.vendor_name} {worst_did} "
            f"({formats.pct(worst.yoy_growth_pct, signed=True)})"
        )
    rows = [
        [
            p.vendor_name,
            formats.pct(p.yoy_growth_pct, signed=True),
            formats.shipments(p.shipments, q.units),
            "derived" if "yoy_growth_pct" in p.derived else "stated",
        ]
        for p in points
    ]
    if total and total.yoy_growth_pct is not None:
        rows.append(
            [
                "Market total",
                formats.pct(total.yoy_growth_pct, signed=True),
                formats.shipments(total.shipments, q.units),
                "stated",
            ]
        )
    table = TableData(
        f"{_subject(data)}: year-on-year shipment growth, {label}",
        ["Vendor", "Growth", "Shipments", "Figure"],
        rows,
    )
    spec = ChartSpec(
        "growth",
        "hbars",
        title,
        "Year-on-year growth (%)",
        [p.vendor_name for p in points],
        [trace],
        table,
        "",
        y_suffix="%",
        finding=title if len(points) >= 2 else None,
        period_label=label,
    )
    return spec, _records(data, points)


def origin(q: ChartQuery, data: Slice, vendors: list[str], info: dict[str, VendorInfo]) -> Built:
    periods = _quarters(q, data)
    by_group = q.mode == "group"
    sums: dict[str, dict[Period, Decimal]] = defaultdict(dict)
    counted: list[Point] = []
    for point in (p for period in periods for p in data.by_period[period]):
        if point.share_pct is None:
            continue
        vendor = info.get(point.vendor)
        if vendor is None or vendor.is_residual:
            bucket = "Unattributed (Others)"
        elif by_group:
            bucket = (vendor.group_name or vendor.name).split(" (")[0]
        else:
            bucket = COUNTRY_NAMES.get(vendor.country or "", "Other brands")
        sums[bucket][point.period] = sums[bucket].get(point.period, Decimal(0)) + point.share_pct
        counted.append(point)
    order = sorted(sums, key=lambda b: (b.startswith("Unattributed"), -sum(sums[b].values())))
    traces = []
    for bucket in order:
        colour = COUNTRY_COLOURS.get(bucket) or _group_colour(bucket, info)
        marks = {
            p.label: Mark(
                float(v),
                f"{bucket} · {p.label}\nCombined share of listed "
                f"vendors: {formats.pct(v)}\nSource: {data.source_name}",
            )
            for p, v in sums[bucket].items()
        }
        traces.append(Trace(bucket, colour, marks, key=bucket, dash=bucket.startswith("Unattr")))
    rows = [[p.label, *[formats.pct(sums[b].get(p)) for b in order]] for p in periods]
    latest = periods[-1] if periods else None
    chinese = sums.get("Chinese brands", {}).get(latest) if latest else None
    title = (
        f"Chinese brands held {formats.pct(chinese)} of shipments in {latest.label}"
        if chinese is not None and latest and not by_group
        else f"Share by {'vendor group' if by_group else 'brand origin'}, {_range(periods)}"
    )
    table = TableData(
        f"{_subject(data)}: share of listed vendors by "
        f"{'group' if by_group else 'home country'}, {_range(periods)}",
        ["Quarter", *order],
        rows,
    )
    spec = ChartSpec(
        "origin",
        "lines",
        title,
        "Share of shipments (%)",
        [p.label for p in periods],
        traces,
        table,
        "",
        y_suffix="%",
        notes=[
            "Only vendors the tracker lists are attributed; the rest stays in "
            "'Unattributed (Others)'."
        ],
        period_label=_range(periods),
    )
    return spec, _records(data, counted)


def _group_colour(bucket: str, info: dict[str, VendorInfo]) -> str:
    return next((v.colour for v in info.values() if v.name == bucket), "#7f7f7f")


def sources(
    q: ChartQuery, slices: list[Slice], info: dict[str, VendorInfo], names: dict[str, str]
) -> Built:
    """Each tracker's share for the same vendors and quarter, with the spread between them."""
    common = _common_quarter(q, slices)
    points_by_source = {
        s.source: {
            p.vendor: p
            for p in s.points
            if p.period == common and p.share_pct is not None and not p.is_residual
        }
        for s in slices
    }
    vendors = list(q.vendors) or _top_vendors(points_by_source)
    traces, records, rows = [], [], []
    labels = [_name(v, info) for v in vendors]
    for i, data in enumerate(slices):
        mine = points_by_source[data.source]
        marks = {}
        for vendor, label in zip(vendors, labels, strict=True):
            if vendor in mine:
                point = mine[vendor]
                marks[label] = Mark(
                    _float(point.share_pct),
                    _hover(point, names.get(data.source, data.source), *_describe(point, q.units)),
                    point.status == "preliminary",
                    label=formats.pct(point.share_pct),
                )
                records.append(Record(data.source, data.market, data.category, point))
        if marks:
            traces.append(
                Trace(
                    names.get(data.source, data.source),
                    SOURCE_COLOURS[i % len(SOURCE_COLOURS)],
                    marks,
                    key=data.source,
                )
            )
    spreads = []
    for vendor, label in zip(vendors, labels, strict=True):
        values = [
            share
            for s in slices
            if vendor in points_by_source[s.source]
            and (share := points_by_source[s.source][vendor].share_pct) is not None
        ]
        spread = max(values) - min(values) if len(values) >= 2 else None
        spreads.append((spread, label))
        rows.append(
            [
                label,
                *[
                    formats.pct(points_by_source[s.source][vendor].share_pct)
                    if vendor in points_by_source[s.source]
                    else "–"
                    for s in slices
                ],
                formats.points(spread).replace("+", "") if spread is not None else "–",
            ]
        )
    label = common.label if common else "no quarter in common"
    measured = [(spread, name) for spread, name in spreads if spread is not None]
    widest = max(measured, default=None)
    title = (
        f"Trackers differ by up to {float(widest[0]):.1f} points on {widest[1]} in {label}"
        if widest
        else f"Each tracker's figures, {label}"
    )
    table = TableData(
        f"Share by tracker, {label}",
        ["Vendor", *[names.get(s.source, s.source) for s in slices], "Spread"],
        rows,
    )
    spec = ChartSpec(
        "sources",
        "grouped",
        title,
        "Share of shipments (%)",
        labels,
        traces,
        table,
        "",
        y_suffix="%",
        finding=title if widest else None,
        period_label=label,
    )
    return spec, records


def _common_quarter(q: ChartQuery, slices: list[Slice]) -> Period | None:
    if q.quarter is not None:
        return q.quarter
    counts: dict[Period, int] = defaultdict(int)
    for data in slices:
        for period, points in data.by_period.items():
            if period.is_full_year or all(p.share_pct is None for p in points):
                continue
            if q.end is None or period <= q.end:
                counts[period] += 1
    best = max(counts.values(), default=0)
    return max((p for p, n in counts.items() if n == best), default=None)


def _top_vendors(points_by_source: dict[str, dict[str, Point]]) -> list[str]:
    best: dict[str, Decimal] = {}
    for points in points_by_source.values():
        for vendor, point in points.items():
            best[vendor] = max(best.get(vendor, Decimal(0)), point.share_pct or Decimal(0))
    return sorted(best, key=lambda v: -best[v])[:5]


def categories(
    q: ChartQuery,
    slices: list[Slice],
    info: dict[str, VendorInfo],
    names: dict[str, str],
    category_names: dict[str, str],
) -> Built:
    """One vendor's share in every category a tracker reports it in."""
    vendor = q.vendor or "xiaomi"
    periods = sorted(
        {
            p.period
            for s in slices
            for p in s.points
            if p.vendor == vendor
            and p.share_pct is not None
            and (q.start is None or p.period >= q.start)
            and (q.end is None or p.period <= q.end)
        }
    )
    labels = [_period_label(p) for p in periods]
    traces, records, seen_categories = [], [], set()
    latest: list[tuple[Period, str, Decimal]] = []
    for data in slices:
        marks = {}
        for point in data.points:
            if point.vendor == vendor and point.period in periods and point.share_pct is not None:
                marks[_period_label(point.period)] = Mark(
                    _float(point.share_pct),
                    _hover(point, names.get(data.source, data.source), *_describe(point, q.units)),
                    point.status == "preliminary",
                )
                records.append(Record(data.source, data.market, data.category, point))
        category = category_names.get(data.category, data.category)
        name = f"{category} ({names.get(data.source, data.source)})"
        # One colour per category; a second tracker of the same category is dotted.
        traces.append(
            Trace(
                name,
                CATEGORY_COLOURS.get(data.category, "#7f7f7f"),
                marks,
                key=f"{data.category}:{data.source}",
                dash=data.category in seen_categories,
            )
        )
        seen_categories.add(data.category)
        mine = [p for p in data.points if p.vendor == vendor and p.share_pct is not None]
        if mine:
            phrase = data.category.replace("-", " ").replace("tvs", "TVs")
            latest.append((mine[-1].period, phrase, mine[-1].share_pct or Decimal(0)))
    vendor_name = _name(vendor, info)
    rows = [
        [label, *[formats.pct(t.marks[label].y) if label in t.marks else "–" for t in traces]]
        for label in labels
    ]
    newest: dict[str, tuple[Period, Decimal]] = {}
    for period, phrase, share in sorted(latest):
        newest[phrase] = (period, share)  # the latest tracker figure per category wins
    title = f"{vendor_name} across categories: share by tracker"
    if len(newest) >= 2:
        recent_first = sorted(newest.items(), key=lambda kv: kv[1][0], reverse=True)[:3]
        parts = [f"{share:.1f}% of {phrase} ({p.label})" for phrase, (p, share) in recent_first]
        title = f"{vendor_name} lately: " + ", ".join(parts)
    table = TableData(
        f"{vendor_name}: share of shipments in each category",
        ["Period", *[t.name for t in traces]],
        rows,
    )
    spec = ChartSpec(
        "categories",
        "lines",
        title,
        "Share of shipments (%)",
        labels,
        traces,
        table,
        "",
        y_suffix="%",
        notes=["Points labelled with a year alone are full-year figures."],
        period_label=f"{labels[0]}–{labels[-1]}" if labels else "",
    )
    return spec, records


def _period_label(period: Period) -> str:
    return f"{period.year} (full year)" if period.is_full_year else period.label


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _millions(units: int | None) -> float | None:
    return None if units is None else round(units / 1_000_000, 2)


BUILDERS: dict[str, Callable[[ChartQuery, Slice, list[str], dict[str, VendorInfo]], Built]] = {
    "share": share,
    "rank": rank,
    "shipments": shipments,
    "snapshot": snapshot,
    "growth": growth,
    "origin": origin,
}
