"""Fill in what a tracker did not state: share from shipments, rank, growth, Others.

Pure. Stated values always win; every computed value is listed in `derived` so pages and
downloads can say so. Rank is per (source, market, category, period), 1 = largest, and
equal figures share a rank (shown 3=).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from app.periods import Period

ONE_DP = Decimal("0.1")


class Point(NamedTuple):
    """One vendor's figures for one period of one (source, market, category).

    A named tuple rather than a dataclass: a full-scale slice builds 36,000 of them, and a
    tuple is built several times faster while staying immutable.
    """

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
    derived: tuple[str, ...] = ()
    released: date | None = None
    # Each figure's own pages (provenance.join), as stated; source_url lists them all.
    shipments_url: str | None = None
    share_url: str | None = None
    rank_url: str | None = None
    yoy_url: str | None = None


@dataclass(frozen=True, slots=True)
class Total:
    period: Period
    shipments: int | None
    yoy_growth_pct: Decimal | None
    status: str = "final"
    source_url: str | None = None
    revision: int | None = None
    released: date | None = None
    # Each figure's own pages, as stated; source_url lists them all.
    shipments_url: str | None = None
    yoy_url: str | None = None
    derived: tuple[str, ...] = ()  # ("shipments",) for a year summed from its quarters
    # In a segment: the segment's share of the whole market, as stated, and its pages.
    share_pct: Decimal | None = None
    share_url: str | None = None


def with_full_years(
    points: list[Point], totals: dict[Period, Total]
) -> tuple[list[Point], dict[Period, Total]]:
    """Add full-year figures as the sum of four quarters, unless the tracker stated the year.

    Only vendors with shipments in all four quarters get a year, so a sum never hides a gap.
    Stated half-years are not quarters: they neither count towards the sum nor stand in
    for a missing quarter.
    """
    stated = {(p.vendor, p.period.year) for p in points if p.period.is_full_year}
    quarters: dict[tuple[str, int], list[Point]] = defaultdict(list)
    for point in points:
        if point.period.is_quarter and point.shipments is not None:
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
        if period.is_quarter and total.shipments is not None:
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
                derived=("shipments",),
            )
    return points + years, year_totals


def _combined_status(members: list[Point] | list[Total]) -> str:
    return "preliminary" if any(m.status == "preliminary" for m in members) else "final"


def derive(points: list[Point], totals: dict[Period, Total]) -> list[Point]:
    """Points of one (source, market, category), any periods, stated values filled in.

    Each period is ranked and shared on its own (a half-year among the vendors of that
    half-year, against its own total), and growth compares with the same period a year
    earlier: 2023H1 with 2022H1.
    """
    by_period: dict[Period, list[Point]] = defaultdict(list)
    for point in points:
        by_period[point.period].append(point)
    shipments_at = {(p.vendor, p.period): p.shipments for p in points if p.shipments is not None}
    out: list[Point] = []
    flags: dict[tuple[str, ...], tuple[str, ...]] = {}  # one copy of each `derived` tuple
    for period, members in sorted(by_period.items()):
        total = totals.get(period)
        shares = {p.vendor: _share(p, total) for p in members}
        ranks = _ranks(members, shares)
        year_ago = period.year_ago()
        for point in members:
            # One new Point per changed point (not one per filled field): a full-scale slice
            # is 20,000 points.
            share = shares[point.vendor]
            rank, tied = ranks.get(point.vendor, (point.rank, point.tied))
            growth = point.yoy_growth_pct
            if growth is None and point.shipments is not None:
                growth = _growth(point.shipments, shipments_at.get((point.vendor, year_ago)))
            derived = (
                *point.derived,
                *(("share_pct",) if share is not point.share_pct else ()),
                *(("rank",) if rank is not point.rank else ()),
                *(("yoy_growth_pct",) if growth is not point.yoy_growth_pct else ()),
            )
            derived = flags.setdefault(derived, derived)
            if derived == point.derived and tied == point.tied:
                out.append(point)
                continue
            out.append(
                Point(
                    point.vendor,
                    point.vendor_name,
                    point.period,
                    point.shipments,
                    share,
                    rank,
                    growth,
                    point.status,
                    point.source_url,
                    point.note,
                    point.revision,
                    point.is_residual,
                    tied,
                    derived,
                    point.released,
                    point.shipments_url,
                    point.share_url,
                    point.rank_url,
                    point.yoy_url,
                )
            )
    return out


def _share(point: Point, total: Total | None) -> Decimal | None:
    """The stated share, else shipments over the market total."""
    if point.share_pct is not None or point.shipments is None or not (total and total.shipments):
        return point.share_pct
    return (Decimal(point.shipments) * 100 / Decimal(total.shipments)).quantize(
        ONE_DP, ROUND_HALF_UP
    )


def _ranks(
    members: list[Point], shares: dict[str, Decimal | None]
) -> dict[str, tuple[int | None, bool]]:
    """(rank, tied) of the vendors whose rank or tie mark differs from what was stated."""
    ranked = [p for p in members if not p.is_residual]
    stated = Counter(p.rank for p in ranked if p.rank is not None)
    tied_stated = {rank for rank, n in stated.items() if n > 1}
    # Rank by shipments when every ranked vendor has them, else by share.
    by_shipments = all(p.shipments is not None for p in ranked)
    metric = {p.vendor: p.shipments if by_shipments else shares[p.vendor] for p in ranked}
    counts = Counter(v for v in metric.values() if v is not None)
    # Competition ranking (1, 2, 2, 4): a value's rank is 1 + how many are strictly larger.
    larger, rank_of = 0, {}
    for value in sorted(counts, reverse=True):
        rank_of[value] = larger + 1
        larger += counts[value]
    out: dict[str, tuple[int | None, bool]] = {}
    for point in ranked:
        if point.rank is not None:
            tied = point.rank in tied_stated
            if tied != point.tied:
                out[point.vendor] = (point.rank, tied)
        elif (mine := metric[point.vendor]) is not None:
            out[point.vendor] = (rank_of[mine], counts[mine] > 1)
    return out


def _growth(shipments: int, before: int | None) -> Decimal | None:
    if not before:
        return None
    return (Decimal(shipments - before) * 100 / Decimal(before)).quantize(ONE_DP, ROUND_HALF_UP)
