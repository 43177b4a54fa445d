"""Uploaded bytes to a grid of text cells, within the upload limits.

Knows CSV and XLSX and nothing about trackers. Limits are checked before the expensive step:
size before decoding, zip entry sizes (by streaming, not by trusting the header) before
openpyxl unpacks anything.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import openpyxl

from app.config import get_settings
from app.errors import InvalidUpload, Problem

MAX_UPLOAD_BYTES = get_settings().max_upload_bytes
MAX_ZIP_ENTRIES = 100
MAX_RATIO = 100  # POI's ZipSecureFile default: nothing real compresses better than 100:1
RATIO_GRACE_BYTES = 100 * 1024
MAX_CELL_CHARS = 1000


@dataclass(frozen=True, slots=True)
class Limits:
    """How big a file may be. The ratio, macro and link checks apply whatever the limits."""

    file_bytes: int
    rows: int
    unpacked_bytes: int  # XLSX, all parts together
    entry_bytes: int  # XLSX, one part


# What a browser or API client may upload (CONTRACT §2).
UPLOAD = Limits(MAX_UPLOAD_BYTES, 50_000, 25 * 1024 * 1024, 10 * 1024 * 1024)
# A file an admin imports from the server's own disk with the CLI: a full tracker history.
# Memory grows by about 6 KiB per row (bench/imports.py), so 500,000 rows need about 3 GB.
LOCAL_FILE = Limits(500 * 1024 * 1024, 500_000, 1024 * 1024 * 1024, 1024 * 1024 * 1024)

XLSX_MAGIC = b"PK\x03\x04"

# openpyxl only guards against XML entity bombs when defusedxml is importable.
assert openpyxl.DEFUSEDXML, "defusedxml must be installed to read XLSX safely"


@dataclass(frozen=True, slots=True)
class Grid:
    kind: str  # "csv" | "xlsx"
    rows: list[tuple[int, list[str]]]  # (file row number, cells as text)
    sheet: str | None = None


def read_grid(data: bytes, filename: str, limits: Limits = UPLOAD) -> Grid:
    if not data.strip():
        raise InvalidUpload([Problem("the file is empty")])
    if len(data) > limits.file_bytes:
        size = f"the file is {len(data):,} bytes; the limit is {limits.file_bytes:,}"
        raise InvalidUpload([Problem(size + _cli_hint(limits))], status_code=413)
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    is_zip = data.startswith(XLSX_MAGIC)
    if extension in ("xlsx", "xlsm", "xls"):
        if extension != "xlsx" or not is_zip:
            raise InvalidUpload(
                [
                    Problem(
                        f"'{filename}' is not an Excel .xlsx workbook (macro-enabled .xlsm "
                        "and old .xls files are not accepted; save as .xlsx or .csv)"
                    )
                ],
                status_code=415,
            )
        return _read_xlsx(data, limits)
    if extension in ("csv", "txt", "tsv", ""):
        if is_zip:
            raise InvalidUpload(
                [Problem(f"'{filename}' is named like a CSV file but is a zip/Excel file")],
                status_code=415,
            )
        return _read_csv(data, limits)
    raise InvalidUpload(
        [Problem(f"'{filename}': only .csv and .xlsx files are accepted")], status_code=415
    )


def _cli_hint(limits: Limits) -> str:
    return (
        "; import larger files with the CLI: python -m app import FILE" if limits is UPLOAD else ""
    )


def _delimiter(text: str) -> str:
    """The delimiter that splits the most of the first lines into one width of several
    cells, reading RFC 4180 quotes as every spreadsheet writes them; a comma on a tie.
    (csv.Sniffer counts characters and takes a few rows of prose with commas and
    semicolons in quoted notes for a semicolon file.)"""
    lines = text[:16384].splitlines()[:40]

    def rows_of_one_width(delimiter: str) -> int:
        widths = Counter(
            len(cells)
            for cells in csv.reader(lines, delimiter=delimiter)
            if any(c.strip() for c in cells)
        )
        return max((n for width, n in widths.items() if width > 1), default=0)

    return max(",;\t", key=rows_of_one_width)


def _read_csv(data: bytes, limits: Limits) -> Grid:
    if b"\x00" in data:
        raise InvalidUpload([Problem("the file contains NUL bytes; it is not a text CSV file")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InvalidUpload(
            [Problem("the file is not UTF-8 text (save it as 'CSV UTF-8')", row=line)]
        ) from None
    delimiter = _delimiter(text)
    rows: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for cells in reader:
            _check_row(reader.line_num, cells, len(rows), limits)
            if any(cell.strip() for cell in cells):
                rows.append((reader.line_num, [cell.strip() for cell in cells]))
    except csv.Error as error:
        raise InvalidUpload([Problem(f"unreadable CSV: {error}", row=reader.line_num)]) from None
    return Grid("csv", rows)


def _check_row(row_number: int, cells: list[str], rows_so_far: int, limits: Limits) -> None:
    if rows_so_far >= limits.rows + 50:  # some slack for title and header rows
        raise InvalidUpload(
            [Problem(f"the file has more than {limits.rows:,} rows{_cli_hint(limits)}")],
            status_code=413,
        )
    for cell in cells:
        if len(cell) > MAX_CELL_CHARS:
            raise InvalidUpload(
                [
                    Problem(
                        f"a cell is {len(cell):,} characters long; the limit is {MAX_CELL_CHARS:,}",
                        row=row_number,
                    )
                ]
            )


def _check_zip(data: bytes, limits: Limits) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InvalidUpload([Problem("the .xlsx file is damaged (not a valid zip)")]) from None
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES:
            raise InvalidUpload([Problem(f"the workbook has {len(entries)} parts; too many")])
        names = {entry.filename for entry in entries}
        if "xl/vbaProject.bin" in names:
            raise InvalidUpload([Problem("the workbook contains macros; save it as plain .xlsx")])
        if any(name.startswith("xl/externalLinks/") for name in names):
            raise InvalidUpload([Problem("the workbook links to other files; paste values only")])
        total = 0
        for entry in entries:
            # Count what really comes out: the sizes in the zip directory can lie.
            size = 0
            try:
                with archive.open(entry) as stream:
                    while chunk := stream.read(64 * 1024):
                        size += len(chunk)
                        total += len(chunk)
                        if size > limits.entry_bytes or total > limits.unpacked_bytes:
                            raise _too_large(limits)
            except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError):
                raise InvalidUpload([Problem("the .xlsx file is damaged")]) from None
            if size > RATIO_GRACE_BYTES and size > MAX_RATIO * max(entry.compress_size, 1):
                raise InvalidUpload(
                    [Problem(f"a part of the workbook unpacks to over {MAX_RATIO}× its size")]
                )


def _too_large(limits: Limits) -> InvalidUpload:
    return InvalidUpload(
        [
            Problem(
                "the workbook is too large when unpacked "
                f"(limit {limits.unpacked_bytes // 2**20} MiB){_cli_hint(limits)}"
            )
        ]
    )


def _read_xlsx(data: bytes, limits: Limits) -> Grid:
    _check_zip(data, limits)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many types for broken or hostile XML
        raise InvalidUpload(
            [Problem(f"the .xlsx file cannot be read ({type(error).__name__})")]
        ) from None
    try:
        sheets = [ws for ws in workbook.worksheets if ws.sheet_state == "visible"]
        if not sheets:
            raise InvalidUpload([Problem("the workbook has no visible sheet")])
        sheet = sheets[0]
        rows = list(_xlsx_rows(sheet, limits))
        others = [ws.title for ws in workbook.worksheets[1:] if _has_content(ws)]
        if others:
            raise InvalidUpload(
                [
                    Problem(
                        f"the workbook has data on more than one sheet ({sheet.title}, "
                        f"{', '.join(others)}); upload one sheet per file"
                    )
                ]
            )
        return Grid("xlsx", rows, sheet=sheet.title)
    finally:
        workbook.close()


def _has_content(sheet: object) -> bool:
    return any(
        value not in (None, "")
        for row in sheet.iter_rows(values_only=True)  # type: ignore[attr-defined]
        for value in row
    )


def _xlsx_rows(sheet: object, limits: Limits) -> Iterator[tuple[int, list[str]]]:
    count = 0
    # Read-only sheets yield every row in order, empty ones too, and an empty cell knows no
    # coordinates: the row number is the position.
    for row_number, row in enumerate(sheet.iter_rows(), start=1):  # type: ignore[attr-defined]
        cells = [_cell_text(cell) for cell in row]
        if not any(cells):
            continue
        _check_row(row_number, cells, count, limits)
        count += 1
        yield row_number, cells


def _cell_text(cell: object) -> str:
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if getattr(cell, "data_type", None) == "f" or (
        isinstance(value, str) and value.startswith("=")
    ):
        raise InvalidUpload(
            [
                Problem(
                    "formula cell; paste the values instead",
                    row=getattr(cell, "row", None),
                    column=getattr(cell, "column_letter", None),
                )
            ]
        )
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, int | float):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if "%" in (getattr(cell, "number_format", "") or ""):
            number *= 100  # 0.21 shown as 21% in Excel means 21
        return format(number.normalize(), "f")
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()
