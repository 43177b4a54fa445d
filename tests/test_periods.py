import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.periods import Period, PeriodError, quarter_range


@pytest.mark.parametrize(
    "text",
    [
        "2022Q4",
        "2022q4",
        "Q4 2022",
        "Q4-2022",
        "2022-Q4",
        "2022 Q4",
        "4Q22",
        "Q4'22",
        "CY22Q4",
        "Oct-Dec 2022",
        "October-December 2022",
        "  q4   2022 ",
    ],
)
def test_every_spelling_of_q4_2022(text: str) -> None:
    assert Period.parse(text) == Period(2022, 4)
    assert Period.parse(text).code == "2022Q4"
    assert Period.parse(text).label == "Q4 2022"


def test_full_year() -> None:
    year = Period.parse("2022")
    assert (year.is_full_year, year.code, year.label, year.key) == (True, "2022", "2022", 20220)
    assert (year.is_quarter, year.is_half_year, year.kind) == (False, False, "year")
    assert year.quarters_of_year()[0].code == "2022Q1"
    assert [p.code for p in year.quarters()] == ["2022Q1", "2022Q2", "2022Q3", "2022Q4"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("2023H1", "2023H1"),
        ("2023h1", "2023H1"),
        ("H1 2023", "2023H1"),
        ("1H23", "2023H1"),
        ("1H 2023", "2023H1"),
        ("H1'23", "2023H1"),
        ("H1’23", "2023H1"),
        ("2023-H1", "2023H1"),
        ("H1-2023", "2023H1"),
        ("CY23H1", "2023H1"),
        ("Jan-Jun 2023", "2023H1"),
        ("January-June 2023", "2023H1"),
        ("H2 2023", "2023H2"),
        ("2H23", "2023H2"),
        ("Jul-Dec 2023", "2023H2"),
        ("2024", "2024"),
        ("CY2024", "2024"),
        ("CY 2024", "2024"),
        ("CY24", "2024"),
        ("cy'24", "2024"),
        ("Jan-Dec 2024", "2024"),
    ],
)
def test_every_spelling_of_a_half_year_and_a_calendar_year(text: str, code: str) -> None:
    assert Period.parse(text).code == code


def test_half_year() -> None:
    h1, h2 = Period.parse("H1 2023"), Period.parse("2023H2")
    assert h1 == Period.half_year(2023, 1) == Period(2023, 5)
    assert h2 == Period.half_year(2023, 2) == Period(2023, 6)
    assert (h1.code, h1.label, h1.key, h2.key) == ("2023H1", "H1 2023", 20235, 20236)
    assert (h1.is_half_year, h1.is_quarter, h1.is_full_year, h1.kind) == (
        True,
        False,
        False,
        "half-year",
    )
    assert Period.from_key(20236) == h2
    assert [p.code for p in h1.quarters()] == ["2023Q1", "2023Q2"]
    assert [p.code for p in h2.quarters()] == ["2023Q3", "2023Q4"]
    assert Period(2023, 2).quarters() == [Period(2023, 2)]


def test_half_year_arithmetic_moves_by_half_years() -> None:
    h1 = Period.parse("2023H1")
    assert h1.previous().code == "2022H2"
    assert h1.year_ago().code == "2022H1"
    assert h1.shift(1).code == "2023H2"
    assert h1.shift(3).code == "2024H2"
    assert Period.parse("2023H2").shift(-3).code == "2022H1"
    assert Period.full_year(2024).previous() == Period.full_year(2023)


def test_order_within_a_year_is_the_year_then_quarters_then_halves() -> None:
    codes = ["2024", "2023H2", "2023Q4", "2023", "2023H1", "2023Q1", "2022H2"]
    assert [p.code for p in sorted(Period.parse(c) for c in codes)] == [
        "2022H2",
        "2023",
        "2023Q1",
        "2023Q4",
        "2023H1",
        "2023H2",
        "2024",
    ]


@pytest.mark.parametrize("text", ["FY24", "FY2024", "2024FY", "FY 2023-24", "FY23-24", "fy 24"])
def test_fiscal_years_are_refused_saying_how_to_write_calendar_periods(text: str) -> None:
    with pytest.raises(PeriodError) as refused:
        Period.parse(text)
    assert str(refused.value) == (
        f"'{text}' is an Indian fiscal-year label (April–March), which is ambiguous here; "
        "write the calendar quarters (2023Q2 … 2024Q1), a half-year such as 2024H1, "
        "or a calendar year such as 2024"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2024-Q5", "quarter 5 does not exist"),
        ("Q0 2024", "quarter 0 does not exist"),
        ("FY25 Q2", "Indian fiscal-year label"),
        ("FY", "Indian fiscal-year label"),
        ("Nov-Jan 2022", "not a calendar quarter"),
        ("Apr-Sep 2023", "'Apr-Sep 2023' is not a calendar quarter or half-year"),
        ("H3 2023", "'H3 2023': half 3 does not exist \\(half-years are H1 and H2\\)"),
        ("2023H0", "half 0 does not exist"),
        ("hello", "'hello' is not a quarter; use 2022Q4"),
        ("", "the quarter is empty"),
        ("1850Q1", "year 1850 is outside"),
    ],
)
def test_nonsense_is_refused_with_a_reason(text: str, message: str) -> None:
    with pytest.raises(PeriodError, match=message):
        Period.parse(text)


def test_not_a_quarter_lists_half_years_and_years() -> None:
    with pytest.raises(PeriodError) as refused:
        Period.parse("soon")
    assert str(refused.value) == (
        "'soon' is not a quarter; use 2022Q4 (also accepted: Q4 2022, Q4-2022, 2022-Q4, 4Q22, "
        "Oct-Dec 2022), a half-year such as 2023H1 or a year such as 2022"
    )


def test_arithmetic() -> None:
    q = Period(2022, 1)
    assert q.previous() == Period(2021, 4)
    assert q.year_ago() == Period(2021, 1)
    assert q.shift(7) == Period(2023, 4)
    assert [p.code for p in quarter_range(Period(2022, 3), Period(2023, 2))] == [
        "2022Q3",
        "2022Q4",
        "2023Q1",
        "2023Q2",
    ]
    assert [p.code for p in quarter_range(Period.parse("2023H2"), Period.parse("2024"))] == [
        "2023Q3",
        "2023Q4",
        "2024Q1",
        "2024Q2",
        "2024Q3",
        "2024Q4",
    ]
    assert sorted([Period(2023, 1), Period(2022, 0), Period(2022, 4)]) == [
        Period(2022, 0),
        Period(2022, 4),
        Period(2023, 1),
    ]


quarters = st.builds(Period, st.integers(1990, 2099), st.integers(1, 4))
periods = st.builds(Period, st.integers(1990, 2099), st.integers(0, 6))


@given(periods)
def test_code_label_and_key_round_trip(period: Period) -> None:
    assert Period.parse(period.code) == period
    assert Period.parse(period.label) == period
    assert Period.from_key(period.key) == period


@given(st.builds(Period, st.integers(2010, 2070), st.integers(0, 6)), st.integers(-20, 20))
def test_shift_is_reversible_and_keeps_the_kind(period: Period, n: int) -> None:
    assert period.shift(n).shift(-n) == period
    assert period.shift(n).kind == period.kind
    assert (period.shift(n) > period) == (n > 0)
    per_year = 4 // len(period.quarters())  # 4 quarters, 2 half-years or 1 year
    assert period.shift(per_year) == Period(period.year + 1, period.quarter)


@given(st.text(max_size=30))
def test_parse_never_raises_anything_but_period_error(text: str) -> None:
    with contextlib.suppress(PeriodError):
        Period.parse(text)
