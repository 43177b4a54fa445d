"""Records to CSV and XLSX bytes. No cell ever starts a spreadsheet formula.

OWASP CSV injection: a text cell starting with = + - @ tab CR or LF gets a leading
apostrophe; numbers stay numbers (a growth of -2.3 is not text and is left alone).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_text(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return safe_text(";".join(str(v) for v in value))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    return safe_text(str(value))


def to_csv(fields: Sequence[str], rows: Iterable[Mapping[str, object]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(fields)
    for row in rows:
        writer.writerow([_cell(row.get(name)) for name in fields])
    return buffer.getvalue().encode("utf-8")


def to_xlsx(fields: Sequence[str], rows: Iterable[Mapping[str, object]], *, title: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31] or "data")
    sheet.append(list(fields))
    for row in rows:
        sheet.append([_xlsx_cell(row.get(name)) for name in fields])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(value: object) -> object:
    cell = _cell(value)
    if isinstance(cell, str):
        # Control characters cannot be stored in a worksheet at all; drop them rather than fail.
        # (openpyxl turns a string starting with "=" into a formula: safe_text prefixed it.)
        cell = ILLEGAL_CHARACTERS_RE.sub("", cell)
    return None if cell == "" else cell
