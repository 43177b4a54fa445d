"""Time series of one tracker's slice: share, rank and shipments by quarter."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from app import formats, i18n
from app.charts import narrate
from app.charts.builders.common import (
    Built,
    as_float,
    copy_footnote,
    copy_mark,
    event_marks,
    footer,
    millions,
    point_hover,
    quarters_in_range,
    range_label,
    records_of,
    subject,
    tracker_names,
    vendor_colour,
    vendor_name,
)
from app.charts.query import ChartQuery
from app.charts.spec import ChartInputs, ChartSpec, Mark, TableData, Trace, VendorInfo
from app.derive import Point
from app.observations.slices import Slice
from app.periods import Period

TOP_N = 5
# What these charts draw of a slice: the vendors asked for or ranked this well in some period
# (the default lines, and every vendor a headline shift can be about), and Others.
DRAWS_RANKS_UP_TO = max(TOP_N, narrate.WATCHED)
_ = i18n.gettext


def drawn_vendors(q: ChartQuery, data: Slice) -> list[str]:
    """The vendors asked for, else the top five of the latest quarter shown (+ Others)."""
    if q.vendors:
        return list(q.vendors)
    quarters = [p for p in data.periods if p.is_quarter and (not q.end or p <= q.end)]
    for period in reversed(quarters):
        ranked = sorted(
            (p for p in data.by_period[period] if p.rank is not None and not p.is_residual),
            key=lambda p: (p.rank, p.vendor),
        )
        if len(ranked) >= 3:
            top = [p.vendor for p in ranked[:TOP_N]]
            return top + data.residual_vendors[:1]
    return sorted({p.vendor for p in data.points})[:TOP_N]


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


def _time_series(
    q: ChartQuery,
    data: Slice,
    vendors: list[str],
    info: Mapping[str, VendorInfo],
    value: Callable[[Point], float | None],
    cell: Callable[[Point], str],
) -> tuple[list[Period], list[Trace], TableData, list[Point]]:
    periods = quarters_in_range(q, data)
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
                value(point), point_hover(data, point, q.units), point.status == "preliminary"
            )
            used.append(point)
        if marks:
            residual = vendor in info and info[vendor].is_residual
            traces.append(
                Trace(
                    vendor_name(vendor, info),
                    vendor_colour(vendor, info),
                    marks,
                    key=vendor,
                    dash=residual,
                )
            )
    columns = [_("Quarter"), *[t.name for t in traces]]
    rows = [
        [
            label,
            *[_cell(cell, by_key.get((t.key, period))) for t in traces],
        ]
        for period, label in zip(periods, labels, strict=True)
    ]
    table = TableData("", columns, rows, copy_footnote(rows))
    return periods, traces, table, used


def _cell(cell: Callable[[Point], str], point: Point | None) -> str:
    return "–" if point is None else cell(point) + copy_mark(point)


def _headline(
    data: Slice, periods: list[Period], chosen: Mapping[str, str] | None = None
) -> narrate.Shift | None:
    """The chart's story: the most telling shift of the market, or, when the reader chose
    the vendors ({slug: name}), the most telling one that is about them."""
    # Only vendors ever in the top five can make a shift: 200 vendors narrow down to about 10.
    watched = {vendor for period in periods for vendor in _watched(data, period)}
    by_key = data.by_key
    inside = [by_key[key] for v in watched for period in periods if (key := (v, period)) in by_key]
    found = narrate.shifts(inside)
    if chosen:
        found = [
            s for s in found if s.vendor in chosen or any(n in s.sentence for n in chosen.values())
        ]
    return narrate.headline(found)


def _chosen(inputs: ChartInputs) -> dict[str, str]:
    return {v: vendor_name(v, inputs.info) for v in inputs.query.vendors}


def _plain_title(inputs: ChartInputs, what: str, of_vendors: str, periods: list[Period]) -> str:
    """A title without a story: "Market share, Q1 2022–Q4 2024", "OPPO: market share, …"."""
    chosen = list(_chosen(inputs).values())
    named = f"{', '.join(chosen)}: {of_vendors}" if 0 < len(chosen) <= 3 else what
    return f"{named}, {range_label(periods)}"


def share(inputs: ChartInputs) -> Built:
    q, data = inputs.query, inputs.data
    periods, traces, table, used = _time_series(
        q,
        data,
        drawn_vendors(q, data),
        inputs.info,
        lambda p: as_float(p.share_pct),
        lambda p: formats.pct(p.share_pct),
    )
    shift = _headline(data, periods, _chosen(inputs))
    title = (
        shift.lead_clause
        if shift
        else _plain_title(inputs, _("Market share"), _("market share"), periods)
    )
    table.caption = _("{subject}: share of shipments by vendor, {periods}").format(
        subject=subject(data), periods=range_label(periods)
    )
    finding = shift.sentence if shift else None
    return _spec(
        inputs,
        chart_id="share",
        kind="area100" if q.mode == "area100" else "lines",
        title=title,
        y_title=_("Share of shipments (%)"),
        periods=periods,
        traces=traces,
        table=table,
        y_suffix="%",
        finding=finding,
    ), records_of(data, used)


def rank(inputs: ChartInputs) -> Built:
    q, data, info = inputs.query, inputs.data, inputs.info
    ranked = [v for v in drawn_vendors(q, data) if not (v in info and info[v].is_residual)]
    periods, traces, table, used = _time_series(
        q, data, ranked, info, lambda p: p.rank, lambda p: formats.rank(p.rank, tied=p.tied)
    )
    shift = _headline(data, periods, _chosen(inputs))
    title = shift.title if shift else _plain_title(inputs, _("Vendor rank"), _("rank"), periods)
    table.caption = _("{subject}: rank by shipments (1 = largest), {periods}").format(
        subject=subject(data), periods=range_label(periods)
    )
    return _spec(
        inputs,
        chart_id="rank",
        kind="bump",
        title=title,
        y_title=_("Rank (1 = largest)"),
        periods=periods,
        traces=traces,
        table=table,
        finding=shift.sentence if shift else None,
    ), records_of(data, used)


def shipments(inputs: ChartInputs) -> Built:
    q, data = inputs.query, inputs.data
    periods, traces, table, used = _time_series(
        q,
        data,
        drawn_vendors(q, data),
        inputs.info,
        lambda p: millions(p.shipments),
        lambda p: formats.shipments(p.shipments, q.units),
    )
    totals = [data.totals.get(p) for p in periods]
    if any(t and t.shipments for t in totals):
        marks = {
            p.label: Mark(
                millions(t.shipments),
                f"{_('Market total')} · {p.label}\n{formats.shipments(t.shipments, q.units)}\n"
                + _("Source: {tracker}").format(tracker=data.name_at(p)),
            )
            for p, t in zip(periods, totals, strict=True)
            if t and t.shipments
        }
        traces.append(Trace(_("Market total"), "#444444", marks, key="total", dash=True))
        table.columns.append(_("Market total"))
        for row, total in zip(table.rows, totals, strict=True):
            row.append(formats.shipments(total.shipments if total else None, q.units))
    kind = "lines" if q.mode == "lines" else "stacked"
    if kind == "stacked":
        traces = [t for t in traces if t.key != "total"]
    latest = next((t for t in reversed(totals) if t and t.shipments), None)
    shipped = formats.shipments(latest.shipments, q.units) if latest else ""
    title = (
        _("{shipped} smartphones shipped in {period}").format(
            shipped=shipped, period=latest.period.label
        )
        if latest and data.category == "smartphones"
        else _("Shipments by vendor, {periods}").format(periods=range_label(periods))
    )
    table.caption = _("{subject}: shipments (millions of units), {periods}").format(
        subject=subject(data), periods=range_label(periods)
    )
    return _spec(
        inputs,
        chart_id="shipments",
        kind=kind,
        title=title,
        y_title=_("Shipments (million units)"),
        periods=periods,
        traces=traces,
        table=table,
        y_suffix=_(" M"),
    ), records_of(data, used)


def _spec(
    inputs: ChartInputs,
    *,
    chart_id: str,
    kind: str,
    title: str,
    y_title: str,
    periods: list[Period],
    traces: list[Trace],
    table: TableData,
    y_suffix: str = "",
    finding: str | None = None,
) -> ChartSpec:
    """A time series' spec: quarters on the x axis, the slice's tracker credited."""
    labels = [p.label for p in periods]
    names = tracker_names(inputs, [inputs.data.source])
    # A vendor asked for and not drawn is said so, not silently left out.
    drawn = {t.key for t in traces}
    absent = [vendor_name(v, inputs.info) for v in inputs.query.vendors if v not in drawn]
    notes = []
    if absent:
        notes.append(
            _("No {tracker} figures in {periods} for: {vendors}").format(
                tracker=names[0], vendors=", ".join(absent), periods=range_label(periods)
            )
        )
    return ChartSpec(
        chart_id=chart_id,
        kind=kind,
        title=title,
        y_title=y_title,
        x_labels=labels,
        traces=traces,
        table=table,
        footer=footer(names, inputs.revision),
        y_suffix=y_suffix,
        events=event_marks(inputs, chart_id, traces, labels, finding),
        finding=finding,
        notes=notes,
        period_label=range_label(periods),
        sources=names,
    )
