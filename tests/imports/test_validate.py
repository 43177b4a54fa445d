"""One test per upload rule of CONTRACT §2: each names the row, the column and the reason."""

from decimal import Decimal

import pytest

from app.imports.checks import share_sum_limit
from app.imports.files import read_grid
from app.imports.parse import parse_grid
from app.imports.validate import validate
from app.reference.names import Reference, name_index, slugs_only
from app.vendors.names import alias_key
from tests.helpers import LONG_HEADER, csv_bytes

REF = Reference(
    sources=slugs_only({"canalys", "idc"}),
    markets=slugs_only({"india"}),
    categories=slugs_only({"smartphones"}),
    segments=name_index(
        [("all", "All", ()), ("premium", "Premium", ("Premium (>₹30k)",)), ("mass", "Mass", ())]
    ),
    segment_kinds={"all": "all", "premium": "price-band", "mass": "price-band"},
    vendor_by_alias={
        "samsung": "samsung",
        "xiaomi": "xiaomi",
        "mi": "xiaomi",
        "redmi": "xiaomi",
        "vivo": "vivo",
        "oppo": "oppo",
        "others": "others",
    },
    vendor_names={
        "samsung": "Samsung",
        "xiaomi": "Xiaomi",
        "vivo": "vivo",
        "oppo": "OPPO",
        "others": "Others",
    },
)
ROW = "canalys,india,smartphones,2022Q4"


def check(*lines: str, defaults: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    table = parse_grid(read_grid(csv_bytes(LONG_HEADER, *lines), "t.csv"))
    return validate(table.records, REF, defaults or {})


def problems(*lines: str) -> list[str]:
    return [str(p) for p in check(*lines).problems]


def test_good_rows_resolve_aliases_and_units() -> None:
    result = check(
        f"{ROW},Samsung,6.7,21,1,-21,,,https://example.org/a",
        f"{ROW},Mi,5.5,17%,3,-40,preliminary,,",
        f"{ROW},TOTAL,32.4,,,-27,,,",
    )
    assert result.problems == []
    samsung, xiaomi, total = result.rows
    assert (samsung.vendor, samsung.shipments, samsung.share_pct, samsung.rank) == (
        "samsung",
        6_700_000,
        Decimal("21"),
        1,
    )
    assert (xiaomi.vendor, xiaomi.status, xiaomi.yoy_growth_pct) == (
        "xiaomi",
        "preliminary",
        Decimal("-40"),
    )
    assert (total.vendor, total.shipments) == (None, 32_400_000)


def test_source_market_category_from_defaults() -> None:
    table = parse_grid(
        read_grid(csv_bytes("quarter,vendor,share_pct", "Q4 2022,Samsung,21"), "t.csv")
    )
    result = validate(
        table.records, REF, {"source": "canalys", "market": "india", "category": "smartphones"}
    )
    assert result.problems == [] and result.rows[0].period.code == "2022Q4"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            f"{ROW[:-6]}2022Q5,Samsung,6.7,21,1,,,,",
            "row 2, column 'quarter': '2022Q5': quarter 5 does not exist (quarters are Q1-Q4)",
        ),
        (
            f"{ROW},Samsung,nan,21,1,,,,",
            "row 2, column 'shipments_million': 'nan' is not a plain decimal",
        ),
        (
            f"{ROW},Samsung,inf,21,1,,,,",
            "row 2, column 'shipments_million': 'inf' is not a plain decimal",
        ),
        (
            f"{ROW},Samsung,1e3,21,1,,,,",
            "row 2, column 'shipments_million': '1e3' is not a plain decimal",
        ),
        (
            f"{ROW},Samsung,-6.7,21,1,,,,",
            "row 2, column 'shipments_million': '-6.7' is negative; shipments cannot be negative",
        ),
        (
            f"{ROW},Samsung,6.7,-3,1,,,,",
            "row 2, column 'share_pct': share -3% is negative; shares are 0-100",
        ),
        (f"{ROW},Samsung,6.7,120,1,,,,", "row 2, column 'share_pct': share 120% is over 100"),
        (
            f"{ROW},Samsung,6.7,21,-1,,,,",
            "row 2, column 'rank': '-1' is not a rank (a whole number such as 3, or 3= for a tie)",
        ),
        (f"{ROW},Samsung,6.7,21,0,,,,", "row 2, column 'rank': '0': ranks start at 1"),
        (
            f"{ROW},Samsung,6.7,21.123,1,,,,",
            "row 2, column 'share_pct': share 21.123% has more than two decimals",
        ),
        (
            f"{ROW},Samsung,6.7,21,1,,draft,,",
            "row 2, column 'status': status 'draft' must be 'final', 'preliminary' or 'restated' (blank = final)",
        ),
        (
            f'{ROW},=HYPERLINK("x"),6.7,21,1,,,,',
            "row 2, column 'vendor': '=HYPERLINK(\"x\")' looks like a formula or has control characters",
        ),
        (
            f"{ROW},Sam\u200bsung,6.7,21,1,,,,",
            "row 2, column 'vendor': 'Sam\u200bsung' looks like a formula or has control characters",
        ),
        (
            f"{ROW},Samsung,,,,,,,",
            "row 2, column 'vendor': the row has no figures (shipments, share, rank or growth)",
        ),
        (
            f"{ROW},Samsung,6.7,21,1,,,,javascript:alert(1)",
            "row 2, column 'source_url': 'javascript:alert(1)' is not an http(s) URL; separate several pages with ';'",
        ),
        (
            "nielsen,india,smartphones,2022Q4,Samsung,6.7,21,1,,,,",
            "row 2, column 'source': unknown tracker 'nielsen'; known: canalys, idc. Map it to a known "
            "tracker or create it",
        ),
        (f"{ROW},TOTAL,32.4,100,1,,,,", "row 2, column 'rank': the TOTAL row cannot have a rank"),
    ],
)
def test_each_bad_cell(line: str, expected: str) -> None:
    assert problems(line) == [expected]


def test_duplicate_vendor_quarter_even_through_an_alias() -> None:
    assert problems(f"{ROW},Xiaomi,5.5,17,3,,,,", f"{ROW},Redmi,5.4,16,3,,,,") == [
        "row 3, column 'vendor': duplicate: Redmi 2022Q4 already given on row 2"
    ]


def test_shares_over_100_5() -> None:
    assert problems(f"{ROW},Samsung,,50.5,,,,,", f"{ROW},Xiaomi,,50.1,,,,,") == [
        "row 3, column 'share_pct': shares of canalys india smartphones 2022Q4 add up to 100.6%, "
        "over 100.5% (rows 2, 3)"
    ]


def test_whole_percent_rounding_is_allowed() -> None:
    # Canalys 2022Q4 as published: 21+20+17+17+8+18 = 101 (each rounded to a whole percent).
    assert share_sum_limit([Decimal(x) for x in ("21", "20", "17", "17", "8", "18")]) == Decimal(
        "103.0"
    )
    assert share_sum_limit([Decimal("50.5"), Decimal("50.1")]) == Decimal("100.5")


def test_rank_contradicting_shipments() -> None:
    assert problems(f"{ROW},Samsung,6.4,20,1,,,,", f"{ROW},vivo,6.7,21,2,,,,") == [
        "row 3, column 'rank': rank 2 for vivo contradicts shipments: it shipped more than "
        "Samsung (rank 1, row 2)"
    ]


def test_ties_at_stated_precision_are_fine() -> None:
    assert problems(f"{ROW},Xiaomi,5.5,17,3,,,,", f"{ROW},OPPO,5.5,17,4,,,,") == []


def test_unknown_vendor_names_a_suggestion() -> None:
    result = check(f"{ROW},Samsnug,6.7,21,1,,,,")
    assert [str(p) for p in result.problems] == [
        "row 2, column 'vendor': unknown vendor 'Samsnug'; did you mean 'Samsung'? "
        "Map it to a known vendor or create it"
    ]
    assert result.unknown[0].name == "Samsnug"


def test_unknown_vendor_created_on_request() -> None:
    table = parse_grid(read_grid(csv_bytes(LONG_HEADER, f"{ROW},Nothing Phone,0.1,,,,,,"), "t.csv"))
    result = validate(table.records, REF, {}, chosen={"vendor": {"nothing phone": "nothing-phone"}})
    assert result.problems == [] and result.rows[0].vendor == "nothing-phone"


def test_alias_key_folds_width_case_and_spaces() -> None:
    assert alias_key("  ＸＩＡＯＭＩ\u00a0 ") == alias_key("xiaomi") == "xiaomi"


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("2023H1", "2023H1"),
        ("H1 2023", "2023H1"),
        ("1H23", "2023H1"),
        ("H1'23", "2023H1"),
        ("2023-H1", "2023H1"),
        ("Jan-Jun 2023", "2023H1"),
        ("H2 2023", "2023H2"),
        ("Jul-Dec 2023", "2023H2"),
        ("2024", "2024"),
        ("CY2024", "2024"),
        ("CY 2024", "2024"),
        ("CY24", "2024"),
        ("Q4 2022", "2022Q4"),
    ],
)
def test_half_year_and_calendar_year_cells(cell: str, code: str) -> None:
    result = check(f"canalys,india,smartphones,{cell},Samsung,6.7,21,1,,,,")
    assert result.problems == [] and result.rows[0].period.code == code


@pytest.mark.parametrize("cell", ["FY24", "FY2024", "2024FY", "FY 2023-24", "FY23-24"])
def test_fiscal_year_cells_are_refused_saying_what_to_write(cell: str) -> None:
    assert problems(f"canalys,india,smartphones,{cell},Samsung,6.7,21,1,,,,") == [
        f"row 2, column 'quarter': '{cell}' is an Indian fiscal-year label (April–March), "
        "which is ambiguous here; write the calendar quarters (2023Q2 … 2024Q1), a half-year "
        "such as 2024H1, or a calendar year such as 2024"
    ]


def test_a_half_year_and_its_quarters_are_not_duplicates() -> None:
    assert problems(
        "canalys,india,smartphones,2023Q1,Samsung,6.7,21,1,,,,",
        "canalys,india,smartphones,2023Q2,Samsung,6.8,21,1,,,,",
        "canalys,india,smartphones,H1 2023,Samsung,13.5,21,1,,,,",
        "canalys,india,smartphones,2023H1,Samsung,13.5,21,1,,,,",
    ) == ["row 5, column 'vendor': duplicate: Samsung 2023H1 already given on row 4"]
