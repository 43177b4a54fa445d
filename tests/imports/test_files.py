import io
import zipfile

import pytest

from app.errors import InvalidUpload
from app.imports import files
from app.imports.files import read_grid
from tests.helpers import xlsx_bytes


def problem(data: bytes, name: str) -> tuple[int, str]:
    with pytest.raises(InvalidUpload) as caught:
        read_grid(data, name)
    return caught.value.status_code, str(caught.value.problems[0])


def test_csv_with_bom_crlf_and_semicolons() -> None:
    grid = read_grid("\ufeffvendor;share\r\nXiaomi;21\r\n".encode(), "q.csv")
    assert grid.rows == [(1, ["vendor", "share"]), (2, ["Xiaomi", "21"])]


def test_csv_quotes_with_apostrophes_in_prose() -> None:
    grid = read_grid(b"vendor,note\nXiaomi,\"it's 5, not 6\"\nvivo,Q3'24 release\n", "a.csv")
    assert grid.rows[1][1] == ["Xiaomi", "it's 5, not 6"]
    assert grid.rows[2][1] == ["vivo", "Q3'24 release"]


@pytest.mark.parametrize(
    ("data", "name", "status", "message"),
    [
        (b"", "a.csv", 422, "the file is empty"),
        (b"  \n\n", "a.csv", 422, "the file is empty"),
        (b"vendor\x00,share\n", "a.csv", 422, "NUL bytes"),
        ("vendor\nXiaomi\n".encode("utf-16"), "a.csv", 422, "NUL bytes"),
        (
            "vendor,share\nXi\u00e1omi,2\n".encode("latin-1"),
            "a.csv",
            422,
            "row 2: the file is not UTF-8",
        ),
        (b"PK\x03\x04rest-of-zip", "a.csv", 415, "is a zip/Excel file"),
        (b"vendor,share\n", "a.xlsx", 415, "not an Excel .xlsx workbook"),
        (b"PK\x03\x04", "a.xlsm", 415, "macro-enabled .xlsm"),
        (b"\x89PNG\r\n", "chart.png", 415, "only .csv and .xlsx files are accepted"),
    ],
)
def test_wrong_or_broken_files(data: bytes, name: str, status: int, message: str) -> None:
    code, text = problem(data, name)
    assert code == status
    assert message in text


def test_oversize_upload_is_413() -> None:
    code, text = problem(b"a" * (files.MAX_UPLOAD_BYTES + 1), "big.csv")
    assert code == 413 and "limit is 5,242,880" in text


def test_huge_cell_is_refused_with_its_row() -> None:
    data = b"vendor,note\nXiaomi," + b"x" * 2000 + b"\n"
    assert problem(data, "a.csv") == (
        422,
        "row 2: a cell is 2,000 characters long; the limit is 1,000",
    )


def test_xlsx_numbers_and_percent_cells() -> None:
    data = xlsx_bytes(
        [["vendor", "share", "shipments"], ["Xiaomi", 0.21, 5500000]], percent_columns=[2]
    )
    grid = read_grid(data, "q.xlsx")
    assert grid.kind == "xlsx" and grid.sheet == "Data"
    assert grid.rows[1] == (2, ["Xiaomi", "21", "5500000"])


def test_xlsx_formula_cell_is_refused_with_row_and_column() -> None:
    data = xlsx_bytes([["vendor", "share"], ["Xiaomi", "=10+11"]])
    assert problem(data, "q.xlsx") == (
        422,
        "row 2, column 'B': formula cell; paste the values instead",
    )


def test_xlsx_second_sheet_with_data_is_refused() -> None:
    data = xlsx_bytes([["vendor"], ["Xiaomi"]], extra_sheets={"Other": [["x"]]})
    assert "more than one sheet (Data, Other)" in problem(data, "q.xlsx")[1]


def test_xlsx_empty_notes_sheet_is_fine() -> None:
    data = xlsx_bytes([["vendor"], ["Xiaomi"]], extra_sheets={"Notes": []})
    assert read_grid(data, "q.xlsx").rows[1] == (2, ["Xiaomi"])


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_zip_bomb_is_refused_before_openpyxl_unpacks_it() -> None:
    bomb = _zip({"[Content_Types].xml": b"<x/>", "xl/worksheets/sheet1.xml": b"\0" * (30 * 2**20)})
    assert len(bomb) < 100_000
    code, text = problem(bomb, "bomb.xlsx")
    assert (code, text) == (
        422,
        "the workbook is too large when unpacked (limit 25 MiB); "
        "import larger files with the CLI: python -m app import FILE",
    )


def test_highly_compressed_entry_is_refused_by_ratio() -> None:
    bomb = _zip({"xl/worksheets/sheet1.xml": b"a" * (5 * 2**20)})
    assert problem(bomb, "ratio.xlsx") == (
        422,
        "a part of the workbook unpacks to over 100× its size",
    )


def test_macros_and_external_links_are_refused() -> None:
    assert "contains macros" in problem(_zip({"xl/vbaProject.bin": b"x"}), "m.xlsx")[1]
    assert "links to other files" in problem(_zip({"xl/externalLinks/l1.xml": b"x"}), "l.xlsx")[1]


def test_xml_entity_bomb_is_refused() -> None:
    good = xlsx_bytes([["vendor"], ["Xiaomi"]])
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        entries = {n: archive.read(n) for n in archive.namelist()}
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    entries["xl/worksheets/sheet1.xml"] = laughs
    code, text = problem(_zip(entries), "lol.xlsx")
    assert code == 422 and "cannot be read" in text


def test_damaged_xlsx() -> None:
    assert problem(b"PK\x03\x04garbage", "x.xlsx") == (
        422,
        "the .xlsx file is damaged (not a valid zip)",
    )


def test_more_rows_than_an_upload_may_have_names_the_cli() -> None:
    data = b"vendor,share\n" + b"Xiaomi,1\n" * 50_100
    assert problem(data, "long.csv") == (
        413,
        "the file has more than 50,000 rows; "
        "import larger files with the CLI: python -m app import FILE",
    )
    assert len(read_grid(data, "long.csv", files.LOCAL_FILE).rows) == 50_101
