import pytest

from app.errors import InvalidUpload
from app.imports.files import read_grid
from app.imports.parse import header_key, parse_grid
from tests.helpers import csv_bytes, xlsx_bytes


def parse(data: bytes, name: str = "f.csv"):  # type: ignore[no-untyped-def]
    return parse_grid(read_grid(data, name))


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("Market Share (%)", "market share %"),
        ("SHIPMENTS_MILLION", "shipments million"),
        ("Shipments (mn)", "shipments mn"),
        ("YoY growth %", "yoy growth %"),
    ],
)
def test_header_keys(header: str, key: str) -> None:
    assert header_key(header) == key


def test_title_rows_header_spellings_and_footnotes() -> None:
    table = parse(
        csv_bytes(
            "Canalys India smartphone shipments,,,",
            "Q4 2022 preliminary,,,",
            "",
            "Vendor,Quarter,Shipments (million),Market Share (%)",
            "Samsung,Q4 2022,6.7,21%",
            "Source: Canalys estimates (sell-in shipments),,,",
        )
    )
    assert table.layout == "long"
    assert [r.values for r in table.records] == [
        {"vendor": "Samsung", "quarter": "Q4 2022", "shipments_million": "6.7", "share_pct": "21%"}
    ]
    assert table.records[0].row == 5
    assert table.records[0].columns["share_pct"] == "Market Share (%)"
    assert "skipped 2 title row(s) above the header" in table.how_read


def test_unknown_column_is_a_problem_but_reading_goes_on() -> None:
    table = parse(csv_bytes("vendor,quarter,share_pct,colour", "Samsung,2022Q4,21,blue"))
    assert [str(p) for p in table.problems] == [
        "row 1, column 'colour': unknown column; expected one of source, market, category, "
        "segment, basis, quarter, vendor, shipments_million, shipments, share_pct, rank, yoy_growth_pct, status, "
        "released, note, source_url, shipments_url, share_url, rank_url, yoy_url"
    ]
    assert table.records[0].values["share_pct"] == "21"


def test_no_header_row() -> None:
    with pytest.raises(InvalidUpload, match="no header row found"):
        parse(csv_bytes("a,b", "1,2"))


PRESS_RELEASE = [
    ["India smartphone shipments and annual growth, Canalys Smartphone Market Pulse Q4 2022"],
    [],
    [
        "Vendor",
        "Q4 2022 shipments (million)",
        "Q4 2022 market share",
        "Q4 2021 shipments (million)",
        "Q4 2021 market share",
        "Annual growth",
    ],
    ["Samsung", 6.7, "21%", 8.5, "19%", "-21%"],
    ["vivo", 6.4, "20%", 5.7, "13%", "13%"],
    ["Xiaomi", 5.5, "17%", 9.3, "21%", "-40%"],
    ["Total", 32.4, "100%", 44.5, "100%", "-27%"],
]


def test_press_release_layout_from_xlsx() -> None:
    table = parse(xlsx_bytes(PRESS_RELEASE), "canalys-q4-2022.xlsx")
    assert table.layout == "press-release"
    by_key = {(r.values["vendor"], r.values["quarter"]): r.values for r in table.records}
    assert by_key[("Xiaomi", "2022Q4")] == {
        "vendor": "Xiaomi",
        "shipments_million": "5.5",
        "share_pct": "17%",
        "yoy_growth_pct": "-40%",
        "quarter": "2022Q4",
    }
    assert by_key[("Xiaomi", "2021Q4")] == {
        "vendor": "Xiaomi",
        "shipments_million": "9.3",
        "share_pct": "21%",
        "quarter": "2021Q4",
    }
    assert "'Annual growth' read as year-on-year growth for Q4 2022" in table.how_read
    assert (
        "columns read as: Q4 2021 share (%), Q4 2021 shipments (million), Q4 2022 share (%), "
        "Q4 2022 shipments (million)"
    ) in table.how_read


def test_value_beyond_the_header_is_reported() -> None:
    table = parse(csv_bytes("vendor,quarter,share_pct", "Samsung,2022Q4,21,oops"))
    assert [str(p) for p in table.problems] == ["row 2: value in a column without a header"]


def test_a_source_column_beside_a_tracker_column_holds_the_pages() -> None:
    table = parse(
        csv_bytes(
            "Tracker,Vendor,Quarter,Share,Source",
            "Canalys,Samsung,Q4 2022,21%,https://canalys.com/newsroom/india-q4-2022",
        )
    )
    assert table.problems == []
    assert table.records[0].values == {
        "source": "Canalys",
        "vendor": "Samsung",
        "quarter": "Q4 2022",
        "share_pct": "21%",
        "source_url": "https://canalys.com/newsroom/india-q4-2022",
    }
    assert "'Source' as source_url" in table.how_read[-1]


def test_a_source_column_names_the_tracker_when_no_tracker_column_does() -> None:
    table = parse(csv_bytes("Source,Vendor,Quarter,Share", "IDC,Samsung,Q4 2022,19"))
    assert table.records[0].values["source"] == "IDC"


def test_tracker_source_and_url_columns_together_are_still_refused() -> None:
    table = parse(
        csv_bytes(
            "Tracker,Source,URL,Vendor,Quarter,Share", "IDC,IDC,https://x.in/a,vivo,Q4 2022,19"
        )
    )
    assert [str(p) for p in table.problems] == [
        "row 1, column 'Source': column 'source' appears twice"
    ]
