"""Comparisons across slices: trackers side by side (sources), one vendor across categories."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from app import formats, i18n
from app.charts.builders.colours import CATEGORY_COLOURS, SOURCE_COLOURS
from app.charts.builders.common import (
    Built,
    as_float,
    axis_label,
    describe,
    event_marks,
    footer,
    hover,
    record_of,
    series_name,
    tracker_names,
    vendor_name,
)
from app.charts.query import ChartQuery
from app.charts.spec import ChartInputs, ChartSpec, Mark, TableData, Trace
from app.derive import Point
from app.observations.slices import Slice
from app.periods import Period

_ = i18n.gettext


def sources(inputs: ChartInputs) -> Built:
    """Each tracker's share for the same vendors and quarter, with the spread between them."""
    q, slices, info = inputs.query, list(inputs.slices), inputs.info
    common = _common_quarter(q, slices)
    points_by_source = {
        s.source: {
            p.vendor: p
            for p in s.points
            if p.period == common and p.share_pct is not None and not p.is_residual
        }
        for s in slices
    }
    # Credit the trackers that stated the quarter, under the name they stated it in.
    credited = [_stated_by(s, common) for s in slices if points_by_source[s.source]]
    vendors = list(q.vendors) or _top_vendors(points_by_source)
    traces, records, rows = [], [], []
    labels = [vendor_name(v, info) for v in vendors]
    for i, data in enumerate(slices):
        mine = points_by_source[data.source]
        marks = {}
        for vendor, label in zip(vendors, labels, strict=True):
            if vendor in mine:
                point = mine[vendor]
                marks[label] = Mark(
                    as_float(point.share_pct),
                    hover(data, point, *describe(point, q.units)),
                    point.status == "preliminary",
                    label=formats.pct(point.share_pct),
                )
                records.append(record_of(data, point))
        if marks:
            traces.append(
                Trace(
                    _stated_by(data, common),
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
    label = common.label if common else _("no quarter in common")
    measured = [(spread, name) for spread, name in spreads if spread is not None]
    widest = max(measured, default=None)
    title = (
        _("Trackers differ by up to {points} points on {vendor} in {period}").format(
            points=f"{float(widest[0]):.1f}", vendor=widest[1], period=label
        )
        if widest
        else _("Each tracker's figures, {period}").format(period=label)
    )
    table = TableData(
        _("Share by tracker, {period}").format(period=label),
        [_("Vendor"), *[_stated_by(s, common) for s in slices], _("Spread")],
        rows,
    )
    spec = ChartSpec(
        chart_id="sources",
        kind="grouped",
        title=title,
        y_title=_("Share of shipments (%)"),
        x_labels=labels,
        traces=traces,
        table=table,
        footer=footer(credited, inputs.revision),
        y_suffix="%",
        finding=title if widest else None,
        period_label=label,
        sources=credited,
    )
    return spec, records


# The categories as a title names them (message ids of `phrase` in categories()).
i18n.N_("smartphones")
i18n.N_("smart TVs")
i18n.N_("audio")
i18n.N_("wearables")
i18n.N_("feature phones")


def _common_quarter(q: ChartQuery, slices: list[Slice]) -> Period | None:
    if q.quarter is not None:
        return q.quarter
    counts: dict[Period, int] = defaultdict(int)
    for data in slices:
        for period, points in data.by_period.items():
            if not period.is_quarter or all(p.share_pct is None for p in points):
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


def _stated_by(data: Slice, period: Period | None) -> str:
    """The tracker behind a slice's figures of one quarter (Omdia's, in Canalys's series)."""
    return (data.name_at(period) if period else data.source_name) or data.source


def categories(inputs: ChartInputs) -> Built:
    """One vendor's share in every category a tracker reports it in."""
    q, slices, info = inputs.query, inputs.slices, inputs.info
    category_names = inputs.category_names
    credited = tracker_names(inputs, sorted({s.source for s in slices}))
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
    # Stated periods, as the trackers gave them: categories tracked only by year or half-year
    # would otherwise not show at all.
    labels = [axis_label(p) for p in periods]
    halves = any(p.is_half_year for p in periods)
    traces, records, seen_categories = [], [], set()
    latest: list[tuple[Period, str, Decimal]] = []
    for data in slices:
        marks = {}
        for point in data.points:
            if point.vendor == vendor and point.period in periods and point.share_pct is not None:
                marks[axis_label(point.period)] = Mark(
                    as_float(point.share_pct),
                    hover(data, point, *describe(point, q.units)),
                    point.status == "preliminary",
                )
                records.append(record_of(data, point))
        category = category_names.get(data.category, data.category)
        credited_as = (series_name(data) if data.successors else data.source_name) or data.source
        name = f"{category} ({credited_as})"
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
            phrase = data.category.replace("-", " ").replace("tvs", "TVs")  # a message id too
            latest.append((mine[-1].period, phrase, mine[-1].share_pct or Decimal(0)))
    followed = vendor_name(vendor, info)
    rows = [
        [label, *[formats.pct(t.marks[label].y) if label in t.marks else "–" for t in traces]]
        for label in labels
    ]
    newest: dict[str, tuple[Period, Decimal]] = {}
    for period, phrase, share in sorted(latest):
        newest[phrase] = (period, share)  # the latest tracker figure per category wins
    title = _("{vendor} across categories: share by tracker").format(vendor=followed)
    if len(newest) >= 2:
        recent_first = sorted(newest.items(), key=lambda kv: kv[1][0], reverse=True)[:3]
        parts = [
            _("{share}% of {category} ({period})").format(
                share=f"{share:.1f}", category=_(phrase), period=p.label
            )
            for phrase, (p, share) in recent_first
        ]
        title = _("{vendor} lately: {shares}").format(vendor=followed, shares=", ".join(parts))
    table = TableData(
        _("{vendor}: share of shipments in each category").format(vendor=followed),
        [_("Period"), *[t.name for t in traces]],
        rows,
    )
    spec = ChartSpec(
        chart_id="categories",
        kind="lines",
        title=title,
        y_title=_("Share of shipments (%)"),
        x_labels=labels,
        traces=traces,
        table=table,
        footer=footer(credited, inputs.revision),
        y_suffix="%",
        notes=[
            _("Points labelled with a year alone are full-year figures."),
            *([_("H1 and H2 are half-years as the tracker stated them.")] if halves else []),
        ],
        period_label=f"{labels[0]}–{labels[-1]}" if labels else "",
        events=event_marks(inputs, "categories", traces, labels, None),
        sources=credited,
    )
    return spec, records
