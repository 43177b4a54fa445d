"""One quarter of one tracker: the leaderboard (snapshot) and year-on-year growth."""

from __future__ import annotations

from decimal import Decimal

from app import formats, i18n
from app.charts.builders.common import (
    Built,
    as_float,
    copy_footnote,
    copy_mark,
    describe,
    footer,
    hover,
    quarters_in_range,
    records_of,
    subject,
    tracker_names,
    vendor_colour,
)
from app.charts.query import ChartQuery
from app.charts.spec import ChartInputs, ChartSpec, Mark, TableData, Trace
from app.derive import Point
from app.observations.slices import Slice
from app.periods import Period

_ = i18n.gettext


def _quarter_shown(q: ChartQuery, data: Slice, figure: str) -> Period | None:
    """The period asked for (a quarter, half-year or year), else the latest quarter with the
    figure for at least three vendors."""
    if q.quarter is not None:
        return q.quarter
    quarters = quarters_in_range(q, data)
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


def snapshot(inputs: ChartInputs) -> Built:
    q, data = inputs.query, inputs.data
    names = tracker_names(inputs, [data.source])
    period = _quarter_shown(q, data, "share_pct")
    points = sorted(
        _stating(q, data, period, "share_pct"),
        key=lambda p: (p.is_residual, p.rank or 99, -(p.share_pct or 0)),
    )
    index = data.by_key
    if period is None or period.is_full_year:
        compared = [(_("vs previous year"), period.year_ago() if period else None)]
    else:
        compared = [
            (
                _("vs previous quarter") if period.is_quarter else _("vs previous half-year"),
                period.previous(),
            ),
            (_("vs a year ago"), period.year_ago()),
        ]
    rows, marks = [], {}
    for point in points:
        deltas = [
            _delta(point, index.get((point.vendor, other)) if other else None)
            for _, other in compared
        ]
        label = point.vendor_name
        marks[label] = Mark(
            as_float(point.share_pct),
            hover(
                data,
                point,
                *describe(point, q.units),
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
                label + copy_mark(point),
                formats.rank(point.rank, tied=point.tied),
                formats.pct(point.share_pct),
                formats.shipments(point.shipments, q.units),
                *[formats.points(d) for d in deltas],
            ]
        )
    traces = [
        Trace(
            p.vendor_name,
            vendor_colour(p.vendor, inputs.info),
            {p.vendor_name: marks[p.vendor_name]},
            key=p.vendor,
        )
        for p in points
    ]
    leader = next((p for p in points if p.rank == 1), None)
    label = period.label if period else _("no data")
    title = (
        _("{vendor} led {period} with {share} of shipments").format(
            vendor=leader.vendor_name, period=label, share=formats.pct(leader.share_pct)
        )
        if leader
        else _("Leaderboard, {period}").format(period=label)
    )
    table = TableData(
        _("{subject}: leaderboard for {period}").format(subject=subject(data), period=label),
        [_("Vendor"), _("Rank"), _("Share"), _("Shipments"), *[name for name, _o in compared]],
        rows,
        copy_footnote(rows),
    )
    spec = ChartSpec(
        chart_id="snapshot",
        kind="bars",
        title=title,
        y_title=_("Share of shipments (%)"),
        x_labels=[p.vendor_name for p in points],
        traces=traces,
        table=table,
        footer=footer(names, inputs.revision),
        y_suffix="%",
        finding=title if leader else None,
        period_label=label,
        sources=names,
    )
    return spec, records_of(data, points)


def _delta(point: Point, other: Point | None) -> Decimal | None:
    if other is None or point.share_pct is None or other.share_pct is None:
        return None
    return point.share_pct - other.share_pct


def growth(inputs: ChartInputs) -> Built:
    q, data = inputs.query, inputs.data
    names = tracker_names(inputs, [data.source])
    period = _quarter_shown(q, data, "yoy_growth_pct")
    points = sorted(
        _stating(q, data, period, "yoy_growth_pct"),
        key=lambda p: -(p.yoy_growth_pct or 0),
    )
    marks = {
        p.vendor_name: Mark(
            as_float(p.yoy_growth_pct),
            hover(
                data,
                p,
                _("Year-on-year growth: {growth}").format(
                    growth=formats.pct(p.yoy_growth_pct, signed=True)
                ),
                *describe(p, q.units),
            ),
            p.status == "preliminary",
            label=formats.pct(p.yoy_growth_pct, signed=True),
        )
        for p in points
    }
    trace = Trace(_("Year-on-year growth"), "#2a7ab0", marks, key="growth")
    label = period.label if period else _("no data")
    total = data.totals.get(period) if period else None
    title = _("Year-on-year growth by vendor, {period}").format(period=label)
    if len(points) >= 2:
        best, worst = points[0], points[-1]
        best_did = (
            _("{vendor} grew fastest in {period} ({growth})")
            if (best.yoy_growth_pct or 0) > 0
            else _("{vendor} fell least in {period} ({growth})")
        )
        worst_did = (
            _("{vendor} fell most ({growth})")
            if (worst.yoy_growth_pct or 0) < 0
            else _("{vendor} grew least ({growth})")
        )
        best_part = best_did.format(
            vendor=best.vendor_name,
            period=label,
            growth=formats.pct(best.yoy_growth_pct, signed=True),
        )
        worst_part = worst_did.format(
            vendor=worst.vendor_name, growth=formats.pct(worst.yoy_growth_pct, signed=True)
        )
        title = f"{best_part}; {worst_part}"
    rows = [
        [
            p.vendor_name + copy_mark(p),
            formats.pct(p.yoy_growth_pct, signed=True),
            formats.shipments(p.shipments, q.units),
            _("derived") if "yoy_growth_pct" in p.derived else _("stated"),
        ]
        for p in points
    ]
    if total and total.yoy_growth_pct is not None:
        rows.append(
            [
                _("Market total"),
                formats.pct(total.yoy_growth_pct, signed=True),
                formats.shipments(total.shipments, q.units),
                _("stated"),
            ]
        )
    table = TableData(
        _("{subject}: year-on-year shipment growth, {period}").format(
            subject=subject(data), period=label
        ),
        [_("Vendor"), _("Growth"), _("Shipments"), _("Figure")],
        rows,
        copy_footnote(rows),
    )
    spec = ChartSpec(
        chart_id="growth",
        kind="hbars",
        title=title,
        y_title=_("Year-on-year growth (%)"),
        x_labels=[p.vendor_name for p in points],
        traces=[trace],
        table=table,
        footer=footer(names, inputs.revision),
        y_suffix="%",
        finding=title if len(points) >= 2 else None,
        period_label=label,
        sources=names,
    )
    return spec, records_of(data, points)
