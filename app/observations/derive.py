"""Fill in what a tracker did not state: share from shipments, rank, growth, Others.

Pure. Stated values always win; every computed value is listed in `derived` so pages and
downloads can say so. Rank is per (source, market, category, period), 1 = largest, and
equal figures share a rank (shown 3=).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from app.periods import Period

ONE_DP = Decimal("0.1")


@dataclass(frozen=True, slots=True)
class Point:
    """One vendor's figures for one period of one (source, market, category)."""

    vendor: str
    vendor_name: str
    period: Period
    shipments: int | None
    share_pct: Decimal | None
    rank: int | None
    yoy_growth_pct: Decimal | None
    status: str = "final"
    source_url: str | None = None
    note: str | None = None
    revision: int | None = None
    is_residual: bool = False
    tied: bool = False
    derived: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class Total:
    period: Period
    shipments: int | None
    yoy_growth_pct: Decimal | None
    status: str = "final"
    source_url: str | None = None
    revision: int | None = None


def with_full_years(
    points: list[Point], totals: dict[Period, Total]
) -> tuple[list[Point], dict[Period, Total]]:
    """Add full-year figures as the sum of four quarters, unless the tracker stated the year.

    Only vendors with shipments in all four quarters get a year, so a sum never hides a gap.
    """
    stated = {(p.vendor, p.period.year) for p in points if p.period.is_full_year}
    quarters: dict[tuple[str, int], list[Point]] = defaultdict(list)
    for point in points:
        if not point.period.is_full_year and point.shipments is not None:
            quarters[(point.vendor, point.period.year)].append(point)
    years = []
    for (vendor, year), members in quarters.items():
        if len(members) == 4 and (vendor, year) not in stated:
            years.append(
                Point(
                    vendor=vendor,
                    vendor_name=members[0].vendor_name,
                    period=Period(year, 0),
                    shipments=sum(m.shipments or 0 for m in members),
                    share_pct=None,
                    rank=None,
                    yoy_growth_pct=None,
                    status=_combined_status(members),
                    revision=max(m.revision or 0 for m in members),
                    is_residual=members[0].is_residual,
                    derived=("shipments",),
                )
            )
    year_totals = dict(totals)
    by_year: dict[int, list[Total]] = defaultdict(list)
    for period, total in totals.items():
        if not period.is_full_year and total.shipments is not None:
            by_year[period.year].append(total)
    for year, quarter_totals in by_year.items():
        if len(quarter_totals) == 4 and Period(year, 0) not in totals:
            year_totals[Period(year, 0)] = Total(
                Period(year, 0),
                sum(t.shipments or 0 for t in quarter_totals),
                None,
                _combined_status(quarter_totals),
                None,
                max(t.revision or 0 for t in quarter_totals),
            )
    return points + years, year_totals


def _combined_status(members: list[Point] | list[Total]) -> str:
    return "preliminary" if any(m.status == "preliminary" for m in members) else "final"


def derive(points: list[Point], totals: dict[Period, Total]) -> list[Point]:
    """Points of one (source, market, category), any periods, stated values filled in."""
    by_period: dict[Period, list[Point]] = defaultdict(list)
    for point in points:
        by_period[point.period].append(point)
    out: list[Point] = []
    shipments_at = {(p.vendor, p.period): p.shipments for p in points if p.shipments is not None}
    for period, members in sorted(by_period.items()):
        total = totals.get(period)
        members = [_with_share(p, total) for p in members]
        members = _with_ranks(members)
        members = [_with_growth(p, shipments_at) for p in members]
        out.extend(members)
    return out


def _with_share(point: Point, total: Total | None) -> Point:
    if point.share_pct is not None or point.shipments is None or not (total and total.shipments):
        return point
    share = (Decimal(point.shipments) * 100 / Decimal(total.shipments)).quantize(
        ONE_DP, ROUND_HALF_UP
    )
    return replace(point, share_pct=share, derived=(*point.derived, "share_pct"))


def _with_ranks(members: list[Point]) -> list[Point]:
    ranked = [p for p in members if not p.is_residual]
    stated = Counter(p.rank for p in ranked if p.rank is not None)
    tied_stated = {rank for rank, n in stated.items() if n > 1}
    # Rank by shipments when every ranked vendor has them, else by share.
    metric_name = "shipments" if all(p.shipments is not None for p in ranked) else "share_pct"
    metric = {p.vendor: getattr(p, metric_name) for p in ranked}
    counts = Counter(v for v in metric.values() if v is not None)
    # Competition ranking (1, 2, 2, 4): a value's rank is 1 + how many are strictly larger.
    larger, rank_of = 0, {}
    for value in sorted(counts, reverse=True):
        rank_of[value] = larger + 1
        larger += counts[value]
    out = []
    for point in members:
        if point.is_residual:
            out.append(point)
        elif point.rank is not None:
            tied = point.rank in tied_stated
            out.append(point if tied == point.tied else replace(point, tied=tied))
        elif metric.get(point.vendor) is not None:
            mine = metric[point.vendor]
            out.append(
                replace(
                    point,
                    rank=rank_of[mine],
                    tied=counts[mine] > 1,
                    derived=(*point.derived, "rank"),
                )
            )
        else:
            out.append(point)
    return out


def _with_growth(point: Point, shipments_at: dict[tuple[str, Period], int]) -> Point:
    if point.yoy_growth_pct is not None or point.shipments is None:
        return point
    before = shipments_at.get((point.vendor, point.period.year_ago()))
    if not before:
        return point
    growth = (Decimal(point.shipments - before) * 100 / Decimal(before)).quantize(
        ONE_DP, ROUND_HALF_UP
    )
    return replace(point, yoy_growth_pct=growth, derived=(*point.derived, "yoy_growth_pct"))
