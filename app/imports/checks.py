"""Rules across the rows of one tracker, market, category, segment, basis and quarter: no
duplicate vendor, shares that add up, stated ranks that agree with shipments; and across the
segments of one kind (a tracker's price bands share out at most the whole market)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal

from app.errors import Problem
from app.imports.rows import ImportRow

MAX_SHARE_SUM = Decimal("100.5")  # trackers round shares; allow half a point over 100
SUMMED_KINDS = ("price-band", "channel")  # segment kinds that share out the whole market


def check_duplicates(rows: list[ImportRow]) -> list[Problem]:
    seen: dict[tuple[object, ...], ImportRow] = {}
    problems = []
    for row in rows:
        first = seen.setdefault(row.key, row)
        if first is not row:
            what = row.vendor_as_written
            problems.append(
                Problem(
                    f"duplicate: {what} {row.period.code} already given on row {first.row}",
                    row=row.row,
                    column="vendor",
                )
            )
    return problems


def _groups(rows: list[ImportRow]) -> dict[tuple[object, ...], list[ImportRow]]:
    groups: dict[tuple[object, ...], list[ImportRow]] = defaultdict(list)
    for row in rows:
        if row.vendor is not None:
            groups[row.group].append(row)
    return groups


def share_sum_limit(shares: list[Decimal]) -> Decimal:
    """How far over 100 rounded shares may add up: half a point, or more when the tracker
    rounded to whole percents (six shares each rounded up by up to 0.5 can reach 103)."""
    if not shares:
        return MAX_SHARE_SUM
    decimals = max(0, min(-int(share.as_tuple().exponent) for share in shares))
    rounding = Decimal(len(shares)) * Decimal("0.5") * Decimal(10) ** -decimals
    return max(MAX_SHARE_SUM, Decimal(100) + rounding)


def check_share_sums(rows: list[ImportRow]) -> list[Problem]:
    problems = []
    for members in _groups(rows).values():
        first = members[0]
        within = f" {first.segment}" if first.segment != "all" else ""
        basis = " by value" if first.basis == "value" else ""
        what = f"{first.source} {first.market} {first.category}{within}{basis}"
        problems += _over_100(members, f"shares of {what} {first.period.code}")
    return problems


def check_segment_sums(rows: list[ImportRow], kinds: Mapping[str, str]) -> list[Problem]:
    """The segments of one kind (price bands, channels) share out one market: their TOTAL
    rows' shares of it add up to at most 100 %. Technology and form-factor segments may
    overlap (a 5G foldable), so only price bands and channels are summed."""
    bands: dict[tuple[object, ...], list[ImportRow]] = defaultdict(list)
    for row in rows:
        kind = kinds.get(row.segment)
        if row.vendor is None and row.share_pct is not None and kind in SUMMED_KINDS:
            bands[(row.source, row.market, row.category, row.basis, row.period, kind)].append(row)
    problems = []
    for members in bands.values():
        first = members[0]
        what = (
            f"the {kinds[first.segment]} segments of {first.source} {first.market} "
            f"{first.category} {first.period.code}"
        )
        problems += _over_100(members, what)
    return problems


def _over_100(members: list[ImportRow], what: str) -> list[Problem]:
    shares = [r.share_pct for r in members if r.share_pct is not None]
    total, limit = sum(shares, Decimal(0)), share_sum_limit(shares)
    if total <= limit:
        return []
    return [
        Problem(
            f"{what} add up to {total}%, over {limit}% "
            f"(rows {', '.join(str(r.row) for r in members)})",
            row=members[-1].row,
            column="share_pct",
        )
    ]


def check_ranks(rows: list[ImportRow]) -> list[Problem]:
    """A stated rank contradicts shipments when a lower-ranked vendor shipped strictly more."""
    problems = []
    for members in _groups(rows).values():
        ranked = [r for r in members if r.rank is not None and r.shipments is not None]
        for better in ranked:
            for worse in ranked:
                if better.rank < worse.rank and worse.shipments > better.shipments:  # type: ignore[operator]
                    problems.append(
                        Problem(
                            f"rank {worse.rank} for {worse.vendor_as_written} contradicts "
                            f"shipments: it shipped more than {better.vendor_as_written} "
                            f"(rank {better.rank}, row {better.row})",
                            row=worse.row,
                            column="rank",
                        )
                    )
    return problems
