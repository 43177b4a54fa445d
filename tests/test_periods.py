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
    assert year.quarters_of_year()[0].code == "2022Q1"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2024-Q5", "quarter 5 does not exist"),
        ("Q0 2024", "quarter 0 does not exist"),
        ("FY25 Q2", "Indian fiscal-year label"),
        ("Nov-Jan 2022", "not a calendar quarter"),
        ("hello", "'hello' is not a quarter; use 2022Q4"),
        ("", "the quarter is empty"),
        ("1850Q1", "year 1850 is outside"),
    ],
)
def test_nonsense_is_refused_with_a_reason(text: str, message: str) -> None:
    with pytest.raises(PeriodError, match=message):
        Period.parse(text)


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
    assert sorted([Period(2023, 1), Period(2022, 0), Period(2022, 4)]) == [
        Period(2022, 0),
        Period(2022, 4),
        Period(2023, 1),
    ]


quarters = st.builds(Period, st.integers(1990, 2099), st.integers(1, 4))


@given(quarters)
def test_code_label_and_key_round_trip(period: Period) -> None:
    assert Period.parse(period.code) == period
    assert Period.parse(period.label) == period
    assert Period.from_key(period.key) == period


@given(st.builds(Period, st.integers(2000, 2080), st.integers(1, 4)), st.integers(-40, 40))
def test_shift_is_reversible(period: Period, n: int) -> None:
    assert period.shift(n).shift(-n) == period
    assert period.shift(n).key - period.key in range(-110, 111)


@given(st.text(max_size=30))
def test_parse_never_raises_anything_but_period_error(text: str) -> None:
    with contextlib.suppress(PeriodError):
        Period.parse(text)
