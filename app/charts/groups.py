"""By=group views: the brands of one group (BBK: vivo, OPPO, realme, ...) counted as one
pseudo-vendor and re-ranked. Pure: a slice in, a slice out."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal
from typing import Any

from app.charts.spec import VendorInfo
from app.derive import Point, derive
from app.observations.slices import Slice
from app.periods import Period


def group_info(info: Mapping[str, VendorInfo]) -> dict[str, VendorInfo]:
    """Pseudo-vendors for by=group, coloured like the group's namesake brand when it has one."""
    groups: dict[str, VendorInfo] = {}
    for vendor in info.values():
        if vendor.group and f"group:{vendor.group}" not in groups:
            namesake = info.get(vendor.group, vendor)
            name = (vendor.group_name or vendor.group).split(" (")[0]
            groups[f"group:{vendor.group}"] = VendorInfo(
                f"group:{vendor.group}",
                name,
                namesake.colour,
                vendor.group,
                vendor.group_name,
                vendor.country,
                False,
            )
    return groups


def merge_groups(data: Slice, info: Mapping[str, VendorInfo]) -> Slice:
    groups = group_info(info)
    members: dict[tuple[str, Period], list[Point]] = defaultdict(list)
    for point in data.points:
        group = info[point.vendor].group if point.vendor in info else None
        members[(f"group:{group}" if group else point.vendor, point.period)].append(point)
    merged = []
    for (key, _period), points in members.items():
        first = points[0]
        name = groups[key].name if key in groups else first.vendor_name
        merged.append(
            first._replace(
                vendor=key,
                vendor_name=name,
                rank=None,
                tied=False,
                shipments=_sum([p.shipments for p in points]),
                share_pct=_sum([p.share_pct for p in points]),
                yoy_growth_pct=first.yoy_growth_pct if len(points) == 1 else None,
                status="preliminary" if any(p.status == "preliminary" for p in points) else "final",
                derived=tuple(sorted({d for p in points for d in p.derived if d != "rank"})),
            )
        )
    return replace(data, points=derive(merged, data.totals))


def group_slug(vendor: str, info: Mapping[str, VendorInfo]) -> str:
    group = info[vendor].group if vendor in info else None
    return f"group:{group}" if group else vendor


def _sum(values: list[Any]) -> Any:
    present = [v for v in values if v is not None]
    if len(present) != len(values) or not present:
        return None
    return sum(present, Decimal(0) if isinstance(present[0], Decimal) else 0)
