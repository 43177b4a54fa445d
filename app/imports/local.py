"""A file on the server's disk, its rows read as they are asked for (the CLI's imports):
a CSV file in bounded memory whatever its size, through the same checks as an upload."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from app.imports.files import (
    XLSX_MAGIC,
    Limits,
    check_size,
    csv_rows,
    not_utf8,
    nul_bytes,
    read_grid,
    sniff_delimiter,
)


@dataclass(frozen=True, slots=True)
class Stream:
    kind: str  # "csv" | "xlsx"
    rows: Iterator[tuple[int, list[str]]]  # (file row number, cells as text), read lazily
    sheet: str | None = None


def stream_grid(path: Path, limits: Limits) -> Stream:
    """A file on the server's disk with its rows read as they are asked for: a CSV file in
    bounded memory, whatever its size; an XLSX workbook whole (its zip is checked first)."""
    check_size(path.stat().st_size, limits)
    with path.open("rb") as binary:
        head = binary.read(16384)  # what sniff_delimiter reads
    extension = path.suffix.lower().lstrip(".")
    if (
        extension not in ("csv", "txt", "tsv", "")
        or head.startswith(XLSX_MAGIC)
        or not head.strip()
    ):
        grid = read_grid(path.read_bytes(), path.name, limits)
        return Stream(grid.kind, iter(grid.rows), grid.sheet)
    delimiter = sniff_delimiter(head.decode("utf-8-sig", errors="ignore"))
    return Stream("csv", csv_rows(_text_lines(path), delimiter, limits))


def _text_lines(path: Path) -> Iterator[str]:
    """A UTF-8 file's lines (ending LF, CRLF or CR), checked as they are read."""
    with path.open("rb") as binary:
        number = 0
        for raw in binary:
            for part in raw.splitlines(keepends=True):
                number += 1
                if b"\x00" in part:
                    raise nul_bytes()
                try:
                    yield part.decode("utf-8-sig" if number == 1 else "utf-8")
                except UnicodeDecodeError:
                    raise not_utf8(number) from None
