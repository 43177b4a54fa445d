from decimal import Decimal

from app.derive import Point, Total, derive, with_full_years
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


H1_2023, H2_2023 = Period.parse("2023H1"), Period.parse("2023H2")
QUARTERS_2023 = Period(2023, 0).quarters()


def test_a_stated_half_year_is_not_summed_into_the_year() -> None:
    stated = [point("a", 10_000_000 + i, period=q) for i, q in enumerate(QUARTERS_2023)]
    halves = [point("a", 25_000_000, period=H1_2023), point("a", 26_000_000, period=H2_2023)]
    totals = {q: Total(q, 40_000_000, None) for q in QUARTERS_2023}
    totals[H1_2023] = Total(H1_2023, 81_000_000, None)
    points, year_totals = with_full_years(stated + halves, totals)
    year = next(p for p in points if p.period == Period(2023, 0))
    assert (year.shipments, year.derived) == (40_000_006, ("shipments",))
    assert year_totals[Period(2023, 0)].shipments == 160_000_000  # four quarters, no H1


def test_half_years_alone_make_no_year_and_a_stated_year_wins() -> None:
    halves = [point("a", 25_000_000, period=H1_2023), point("a", 26_000_000, period=H2_2023)]
    points, year_totals = with_full_years(halves, {H1_2023: Total(H1_2023, 80_000_000, None)})
    assert [p.period.code for p in points] == ["2023H1", "2023H2"]
    assert year_totals == {H1_2023: Total(H1_2023, 80_000_000, None)}
    year = point("a", 99_000_000, period=Period(2023, 0))
    quarters = [point("a", 10_000_000, period=q) for q in QUARTERS_2023]
    points, _ = with_full_years([*quarters, year, *halves], {})
    assert [p.shipments for p in points if p.period.is_full_year] == [99_000_000]


def test_half_years_rank_and_grow_among_themselves() -> None:
    h1_2022 = Period.parse("2022H1")
    out = derive(
        [
            point("a", 9_000_000, period=h1_2022),
            point("a", 12_000_000, period=H1_2023),
            point("b", 15_000_000, period=H1_2023),
            point("b", 1_000_000, period=Period(2023, 2)),
            point("a", 2_000_000, period=Period(2023, 2)),
        ],
        {H1_2023: Total(H1_2023, 60_000_000, None)},
    )
    got = {(p.vendor, p.period.code): (p.rank, p.share_pct, p.yoy_growth_pct) for p in out}
    assert got[("b", "2023H1")] == (1, Decimal("25.0"), None)
    assert got[("a", "2023H1")] == (2, Decimal("20.0"), Decimal("33.3"))  # vs 2022H1
    assert got[("a", "2023Q2")][0] == 1  # the quarter's own ranking
    assert [p.period.code for p in out] == ["2022H1", "2023Q2", "2023Q2", "2023H1", "2023H1"]
