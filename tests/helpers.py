"""Small builders for upload files used across tests."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook

LONG_HEADER = (
    "source,market,category,quarter,vendor,shipments_million,share_pct,rank,"
    "yoy_growth_pct,status,note,source_url"
)


def csv_bytes(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def xlsx_bytes(
    rows: Sequence[Sequence[object]],
    *,
    percent_columns: Sequence[int] = (),
    extra_sheets: dict[str, Sequence[Sequence[object]]] | None = None,
) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    for row in rows:
        sheet.append(list(row))
    for column in percent_columns:
        for cells in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            for cell in cells:
                cell.number_format = "0%"
    for title, sheet_rows in (extra_sheets or {}).items():
        other = workbook.create_sheet(title)
        for row in sheet_rows:
            other.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
