"""Rules across the rows of one tracker, market, category and quarter: no duplicate vendor,
shares that add up, stated ranks that agree with shipments."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from app.errors import Problem
from app.imports.rows import ImportRow
from app.periods import Period

MAX_SHARE_SUM = Decimal("100.5")  # trackers round shares; allow half a point over 100


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


def _groups(rows: list[ImportRow]) -> dict[tuple[str, str, str, Period], list[ImportRow]]:
    groups: dict[tuple[str, str, str, Period], list[ImportRow]] = defaultdict(list)
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
    for (source, market, category, period), members in _groups(rows).items():
        shares = [r.share_pct for r in members if r.share_pct is not None]
        total, limit = sum(shares, Decimal(0)), share_sum_limit(shares)
        if total > limit:
            problems.append(
                Problem(
                    f"shares of {source} {market} {category} {period.code} add up to {total}%, "
                    f"over {limit}% (rows {', '.join(str(r.row) for r in members)})",
                    row=members[-1].row,
                    column="share_pct",
                )
            )
    return problems


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
