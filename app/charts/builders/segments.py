"""A category's segment mix over time for one tracker: price bands (100 % stacked where the
bands the tracker states cover the whole market), or 5G and online shares as lines, with
each segment's leader in the hover and the table."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from app import formats, i18n
from app.charts.builders.common import (
    Built,
    footer,
    range_label,
    record_of,
    subject,
    tracker_names,
)
from app.charts.spec import ChartInputs, ChartSpec, Mark, SegmentInfo, TableData, Trace
from app.derive import Point, Total
from app.observations.slices import Slice
from app.periods import Period

_ = i18n.gettext
KIND_WORDS = {
    "price-band": i18n.N_("price band"),
    "technology": i18n.N_("technology"),
    "channel": i18n.N_("sales channel"),
    "form-factor": i18n.N_("form factor"),
}
# Bands whose shares add up to this (± the trackers' rounding) cover the whole market.
_WHOLE = (Decimal(98), Decimal(102))
_PALETTE = ("#4e79a7", "#59a14f", "#f28e2b", "#e15759", "#76b7b2", "#b07aa1", "#9c755f")


def segments(inputs: ChartInputs) -> Built:
    q = inputs.query
    kind = q.mode or "price-band"
    # The tracker's current segments: a band scheme it has since replaced would overlap them.
    drawn = [
        d
        for d in inputs.slices
        if d.segment in inputs.segments and inputs.segments[d.segment].until is None
    ]
    shares = {d.segment: _shares(d) for d in drawn}
    periods = sorted(
        p
        for p in {p for found in shares.values() for p in found}
        if p.is_quarter and (q.start is None or p >= q.start) and (q.end is None or p <= q.end)
    )
    labels = [p.label for p in periods]
    traces, records, cells = [], [], {}
    for i, data in enumerate(drawn):
        info = inputs.segments[data.segment]
        marks = {}
        for period, label in zip(periods, labels, strict=True):
            total = shares[data.segment].get(period)
            if total is None:
                continue
            leader = data.leader(period)
            marks[label] = Mark(float(total.share_pct or 0), _hover(data, info, total, leader))
            cells[(data.segment, period)] = _cell(total, leader)
            records.append(record_of(data, _as_point(data, total)))
            if leader is not None:
                records.append(record_of(data, leader))
        if marks:
            colour = _PALETTE[i % len(_PALETTE)]
            traces.append(Trace(info.label, colour, marks, key=data.segment))
    sums = [sum(_stated(shares, p), Decimal(0)) for p in periods]
    whole = kind == "price-band" and bool(sums) and all(_WHOLE[0] <= s <= _WHOLE[1] for s in sums)
    names = tracker_names(inputs, [q.source or ""])
    base = inputs.slices[0] if inputs.slices else None
    what = f"{subject(base).split(',')[0]}" if base else q.category
    words = _(KIND_WORDS.get(kind, kind))
    rows = [
        [label, *[cells.get((t.key, period), "–") for t in traces]]
        for period, label in zip(periods, labels, strict=True)
    ]
    finding = _finding(drawn, inputs.segments, periods, shares, names[0] if names else "")
    notes = [
        _(
            "Each {kind} segment as {tracker} defines it; other trackers' segments of the "
            "same name may have other edges."
        ).format(kind=words, tracker=names[0] if names else "")
    ]
    if kind == "price-band" and not whole:
        notes.append(
            _(
                "The bands stated do not cover the whole market in every quarter, so they are "
                "drawn as lines, not stacked to 100%."
            )
        )
    spec = ChartSpec(
        chart_id="segments",
        kind="area100" if whole else "lines",
        title=finding
        or _("{subject}: share of shipments by {kind}, {period}").format(
            subject=what, kind=words, period=range_label(periods)
        ),
        y_title=_("Share of the market (%)"),
        x_labels=labels,
        traces=traces,
        table=TableData(
            _(
                "{subject}: each {kind} segment's share of the market and its leader, {period}"
            ).format(subject=what, kind=words, period=range_label(periods)),
            [_("Quarter"), *[t.name for t in traces]],
            rows,
        ),
        footer=footer(names, inputs.revision),
        y_suffix="%",
        finding=finding,
        notes=notes,
        period_label=range_label(periods),
        sources=names,
    )
    records.sort(key=lambda r: (r.point.period, r.segment, r.point.vendor))
    return spec, records


def _stated(shares: dict[str, dict[Period, Total]], period: Period) -> list[Decimal]:
    return [t.share_pct for found in shares.values() if (t := found.get(period)) and t.share_pct]


def _shares(data: Slice) -> dict[Period, Total]:
    return {p: t for p, t in data.totals.items() if t.share_pct is not None}


def _led(leader: Point) -> str:
    """ "Apple (62.0%)", or "Apple" where the tracker names the leader without its share."""
    share = f" ({formats.pct(leader.share_pct)})" if leader.share_pct is not None else ""
    return leader.vendor_name + share


def _cell(total: Total, leader: Point | None) -> str:
    if leader is None:
        return formats.pct(total.share_pct)
    return _("{share}; led by {leader}").format(
        share=formats.pct(total.share_pct), leader=_led(leader)
    )


def _hover(data: Slice, info: SegmentInfo, total: Total, leader: Point | None) -> str:
    lines = [
        f"{info.label} · {total.period.label}",
        _("Share of the market: {share}").format(share=formats.pct(total.share_pct)),
    ]
    if leader is not None:
        lines.append(_("Leader: {leader}").format(leader=_led(leader)))
    lines.append(_("Source: {tracker}").format(tracker=data.name_at(total.period)))
    return "\n".join(lines)


def _as_point(data: Slice, total: Total) -> Point:
    """The segment's own figures as a record: its share of the market, TOTAL as vendor."""
    return Point(
        "TOTAL",
        f"{data.segment_name} segment",
        total.period,
        total.shipments,
        total.share_pct,
        None,
        total.yoy_growth_pct,
        total.status,
        total.source_url,
        revision=total.revision,
        released=total.released,
        shipments_url=total.shipments_url,
        share_url=total.share_url,
        yoy_url=total.yoy_url,
    )


def _finding(
    drawn: list[Slice],
    info: Mapping[str, SegmentInfo],
    periods: list[Period],
    shares: dict[str, dict[Period, Total]],
    tracker: str,
) -> str | None:
    """The largest segment of the latest quarter that states the most segments, and who led
    the dearest one that names a leader: "Mass budget (US$100–200) was IDC's largest
    segment in Q2 2025 (44.0%); Apple led Super premium (above US$800) with 62.0%"."""
    if not periods:
        return None
    latest = max(reversed(periods), key=lambda p: len(_stated(shares, p)))
    stated = [(d, shares[d.segment][latest]) for d in drawn if latest in shares[d.segment]]
    if not stated:
        return None
    if info[stated[0][0].segment].kind == "price-band":
        largest, total = max(stated, key=lambda pair: pair[1].share_pct or 0)
        found = _("{segment} was {tracker}'s largest price band in {period} ({share})").format(
            segment=info[largest.segment].label,
            tracker=tracker,
            period=latest.label,
            share=formats.pct(total.share_pct),
        )
    else:  # 5G, online: the first segment's reach
        largest, total = stated[0]
        found = _("{segment} made up {share} of {tracker}'s shipments in {period}").format(
            segment=info[largest.segment].label,
            share=formats.pct(total.share_pct),
            tracker=tracker,
            period=latest.label,
        )
    for data, _stated_total in reversed(stated):
        leader = data.leader(latest)
        if leader is not None:
            if leader.share_pct is None:
                led = _("{vendor} led {segment}")
            else:
                led = _("{vendor} led {segment} with {share}")
            return f"{found}; " + led.format(
                vendor=leader.vendor_name,
                segment=info[data.segment].label,
                share=formats.pct(leader.share_pct),
            )
    return found
