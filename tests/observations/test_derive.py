from decimal import Decimal

from app.observations.derive import Point, Total, derive
from app.periods import Period

Q = Period(2022, 4)


def point(
    vendor: str,
    shipments: int | None = None,
    share: str | None = None,
    rank: int | None = None,
    period: Period = Q,
    residual: bool = False,
) -> Point:
    return Point(
        vendor,
        vendor.title(),
        period,
        shipments,
        Decimal(share) if share else None,
        rank,
        None,
        is_residual=residual,
    )


def test_share_and_rank_derived_from_shipments_and_total() -> None:
    out = derive(
        [
            point("a", 6_700_000),
            point("b", 5_500_000),
            point("c", 5_500_000),
            point("others", 14_700_000, residual=True),
        ],
        {Q: Total(Q, 32_400_000, None)},
    )
    got = {p.vendor: (p.share_pct, p.rank, p.tied, p.derived) for p in out}
    assert got["a"] == (Decimal("20.7"), 1, False, ("share_pct", "rank"))
    assert got["b"] == (Decimal("17.0"), 2, True, ("share_pct", "rank"))  # shown #2=
    assert got["c"][1:3] == (2, True)
    assert got["others"][1] is None  # the residual is never ranked


def test_stated_values_win_and_ties_in_stated_ranks_show() -> None:
    out = derive(
        [point("a", 10, "30", rank=1), point("b", 9, "20", rank=2), point("c", 9, "20", rank=2)], {}
    )
    assert [(p.rank, p.tied, p.derived) for p in out] == [
        (1, False, ()),
        (2, True, ()),
        (2, True, ()),
    ]


def test_growth_from_the_same_quarter_a_year_earlier() -> None:
    out = derive([point("a", 9_300_000, period=Period(2021, 4)), point("a", 5_500_000)], {})
    assert out[1].yoy_growth_pct == Decimal("-40.9") and "yoy_growth_pct" in out[1].derived


def test_rank_by_share_when_shipments_are_missing() -> None:
    out = derive([point("a", share="20"), point("b", share="19"), point("c", share="18")], {})
    assert [p.rank for p in out] == [1, 2, 3]
