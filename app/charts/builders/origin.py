"""Share by brand origin (Chinese, Korean, Indian, ...) or by vendor group, over time."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal

from app import formats, i18n
from app.charts.builders.colours import COUNTRY_COLOURS, COUNTRY_NAMES
from app.charts.builders.common import (
    Built,
    event_marks,
    footer,
    quarters_in_range,
    range_label,
    records_of,
    subject,
    tracker_names,
)
from app.charts.spec import ChartInputs, ChartSpec, Mark, TableData, Trace, VendorInfo
from app.derive import Point
from app.periods import Period

_ = i18n.gettext
# The buckets (COUNTRY_NAMES and the rest), named in the reader's language where drawn.
i18n.N_("Chinese brands")
i18n.N_("Korean brands")
i18n.N_("Indian brands")
i18n.N_("US brands")
i18n.N_("Other brands")
i18n.N_("Unattributed (Others)")


def origin(inputs: ChartInputs) -> Built:
    q, data, info = inputs.query, inputs.data, inputs.info
    names = tracker_names(inputs, [data.source])
    periods = quarters_in_range(q, data)
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
                f"{_(bucket)} · {p.label}\n"
                + _("Combined share of listed vendors: {share}").format(share=formats.pct(v))
                + "\n"
                + _("Source: {tracker}").format(tracker=data.name_at(p)),
            )
            for p, v in sums[bucket].items()
        }
        traces.append(Trace(_(bucket), colour, marks, key=bucket, dash=bucket.startswith("Unattr")))
    rows = [[p.label, *[formats.pct(sums[b].get(p)) for b in order]] for p in periods]
    latest = periods[-1] if periods else None
    chinese = sums.get("Chinese brands", {}).get(latest) if latest else None
    by_what = (
        _("Share by vendor group, {periods}") if by_group else _("Share by brand origin, {periods}")
    )
    title = (
        _("Chinese brands held {share} of shipments in {period}").format(
            share=formats.pct(chinese), period=latest.label
        )
        if chinese is not None and latest and not by_group
        else by_what.format(periods=range_label(periods))
    )
    caption = (
        _("{subject}: share of listed vendors by group, {periods}")
        if by_group
        else _("{subject}: share of listed vendors by home country, {periods}")
    )
    table = TableData(
        caption.format(subject=subject(data), periods=range_label(periods)),
        [_("Quarter"), *[_(b) for b in order]],
        rows,
    )
    labels = [p.label for p in periods]
    spec = ChartSpec(
        chart_id="origin",
        kind="lines",
        title=title,
        y_title=_("Share of shipments (%)"),
        x_labels=labels,
        traces=traces,
        table=table,
        footer=footer(names, inputs.revision),
        y_suffix="%",
        notes=[
            _(
                "Only vendors the tracker lists are attributed; the rest stays in "
                "'Unattributed (Others)'."
            )
        ],
        period_label=range_label(periods),
        events=event_marks(inputs, "origin", traces, labels, None),
        sources=names,
    )
    # In period and vendor order: the database returns a quarter's rows in no fixed order.
    counted.sort(key=lambda p: (p.period, p.vendor))
    return spec, records_of(data, counted)


def _group_colour(bucket: str, info: Mapping[str, VendorInfo]) -> str:
    return next((v.colour for v in info.values() if v.name == bucket), "#7f7f7f")
