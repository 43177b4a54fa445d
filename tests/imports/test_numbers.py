from decimal import Decimal

import pytest

from app.imports.numbers import NumberError, parse_decimal, parse_millions, parse_rank, parse_units


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("20", Decimal("20")),
        ("20%", Decimal("20")),
        ("20.0", Decimal("20.0")),
        (" 12.5 ", Decimal("12.5")),
        ("12.5 %", Decimal("12.5")),
        ("-40", Decimal("-40")),
        ("\u221240", Decimal("-40")),
        ("+9", Decimal("9")),
    ],
)
def test_percent_spellings(text: str, value: Decimal) -> None:
    assert parse_decimal(text, percent=True) == value


@pytest.mark.parametrize(
    "text", ["nan", "inf", "1e309", "1_000", "١٢", "१२", "１２", "12,5", "", "twelve", "--5", "5-"]
)
def test_things_python_would_accept_are_refused(text: str) -> None:
    with pytest.raises(NumberError, match="is not a plain decimal"):
        parse_decimal(text, percent=True)


def test_units_indian_and_western_grouping() -> None:
    assert parse_units("12,34,567") == 1234567
    assert parse_units("1,234,567") == 1234567
    assert parse_units("1234567") == 1234567
    assert parse_units("6700000.0") == 6700000


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1,23", "not a whole number"),
        ("12.5", "not a whole number"),
        ("-5", "negative"),
    ],
)
def test_units_refused(text: str, message: str) -> None:
    with pytest.raises(NumberError, match=message):
        parse_units(text)


def test_millions_to_units() -> None:
    assert parse_millions("6.7") == 6_700_000
    assert parse_millions("32.45") == 32_450_000
    with pytest.raises(NumberError, match="negative"):
        parse_millions("-1")


def test_rank_with_tie_marker() -> None:
    assert parse_rank("3") == 3
    assert parse_rank("3=") == 3
    for bad in ("0", "3.5", "first", "-1"):
        with pytest.raises(NumberError):
            parse_rank(bad)
