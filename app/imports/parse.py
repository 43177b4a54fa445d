"""A grid of cells to long-format records: find the header, name the columns, reshape.

Tolerant where a person would be (title rows above the header, header case and spelling,
footnotes below the table, the trackers' press-release layout); every cell stays text here.
Pure: no database, no web framework.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.errors import InvalidUpload, Problem
from app.imports.files import Grid
from app.periods import Period, PeriodError

LONG_COLUMNS = (
    "source",
    "market",
    "category",
    "segment",
    "basis",
    "quarter",
    "vendor",
    "shipments_million",
    "shipments",
    "share_pct",
    "rank",
    "yoy_growth_pct",
    "status",
    "released",
    "note",
    "source_url",
    "shipments_url",
    "share_url",
    "rank_url",
    "yoy_url",
)

_SPELLINGS = {
    "source": "source",
    "tracker": "source",
    "market": "market",
    "country": "market",
    "region": "market",
    "category": "category",
    "product": "category",
    "product category": "category",
    "segment": "segment",
    "price band": "segment",
    "price segment": "segment",
    "price range": "segment",
    "price tier": "segment",
    "band": "segment",
    "segment name": "segment",
    "basis": "basis",
    "share basis": "basis",
    "measure": "basis",
    "quarter": "quarter",
    "period": "quarter",
    "qtr": "quarter",
    "half": "quarter",
    "half year": "quarter",
    "vendor": "vendor",
    "brand": "vendor",
    "company": "vendor",
    "oem": "vendor",
    "manufacturer": "vendor",
    "vendors": "vendor",
    "brands": "vendor",
    "shipments million": "shipments_million",
    "shipments mn": "shipments_million",
    "shipments m": "shipments_million",
    "shipment million": "shipments_million",
    "units million": "shipments_million",
    "shipments millions": "shipments_million",
    "shipments": "shipments",
    "units": "shipments",
    "shipments units": "shipments",
    "share pct": "share_pct",
    "share": "share_pct",
    "share %": "share_pct",
    "market share": "share_pct",
    "market share %": "share_pct",
    "market share pct": "share_pct",
    "rank": "rank",
    "position": "rank",
    "yoy growth pct": "yoy_growth_pct",
    "yoy growth": "yoy_growth_pct",
    "yoy": "yoy_growth_pct",
    "yoy %": "yoy_growth_pct",
    "yoy growth %": "yoy_growth_pct",
    "annual growth": "yoy_growth_pct",
    "yoy change": "yoy_growth_pct",
    "growth": "yoy_growth_pct",
    "annual growth %": "yoy_growth_pct",
    "status": "status",
    "note": "note",
    "notes": "note",
    "comment": "note",
    "source url": "source_url",
    "source urls": "source_url",
    "url": "source_url",
    "urls": "source_url",
    "link": "source_url",
    "links": "source_url",
    "source link": "source_url",
    "source links": "source_url",
    "shipments url": "shipments_url",
    "share url": "share_url",
    "share pct url": "share_url",
    "rank url": "rank_url",
    "yoy url": "yoy_url",
    "yoy growth url": "yoy_url",
    "growth url": "yoy_url",
    "released": "released",
    "release date": "released",
    "released on": "released",
    "published": "released",
    "published on": "released",
    "date published": "released",
}
_MEASURES = {
    "shipments million": "shipments_million",
    "shipments mn": "shipments_million",
    "shipments": "shipments_million",
    "market share": "share_pct",
    "share": "share_pct",
    "market share %": "share_pct",
    "share %": "share_pct",
}
_PRESS_HEADER = re.compile(
    r"(?P<period>.+?) (?P<measure>(?:market )?share(?: %)?|shipments(?: mn| million)?)"
)
_FOOTNOTE = re.compile(r"(source|note|notes|\*|†|percentages|figures)\b", re.IGNORECASE)
_HEADER_SEARCH_ROWS = 20


@dataclass(frozen=True, slots=True)
class FileRow:
    """One long-format row as text, with where each value came from in the file."""

    row: int
    values: dict[str, str]
    columns: dict[str, str]  # canonical name -> header as written, for error messages


@dataclass
class Table:
    layout: str  # "long" | "press-release"
    records: list[FileRow]
    how_read: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # e.g. unknown columns, kept going
    header: tuple[int, list[str]] = (0, [])  # (row number, cells): read the next rows with it


def header_key(text: str) -> str:
    """'Market Share (%)' -> 'market share %': the form the spelling tables are keyed on."""
    key = re.sub(r"[^a-z0-9%']+", " ", text.casefold().replace("_", " ")).strip()
    return re.sub(r" ?% ?", " %", key).strip()


def parse_grid(grid: Grid) -> Table:
    if not grid.rows:
        raise InvalidUpload([Problem("the file is empty")])
    for index, (row_number, cells) in enumerate(grid.rows[:_HEADER_SEARCH_ROWS]):
        keys = [header_key(cell) for cell in cells]
        named = {_SPELLINGS.get(key) for key in keys}
        # A table of price bands (or 5G, online) has a segment column and no vendor: each row
        # is a segment's share of the whole market, its TOTAL row.
        if "vendor" in named or "segment" in named:
            table = _read_below_header(grid, index, cells, keys)
            if "vendor" not in named:
                table = _segment_totals(table)
            table.header = (row_number, cells)
            if index:
                table.how_read.insert(0, f"skipped {index} title row(s) above the header")
            where = f"sheet '{grid.sheet}'" if grid.sheet else "the CSV file"
            table.how_read.insert(0, f"read {where}; header on row {row_number}")
            return table
    raise InvalidUpload(
        [
            Problem(
                "no header row found in the first 20 rows; expected a 'vendor' (or 'segment') "
                "column beside "
                "'quarter', 'shipments_million', 'share_pct', ... (see the upload format)"
            )
        ]
    )


def _segment_totals(table: Table) -> Table:
    for record in table.records:
        record.values["vendor"] = "TOTAL"
        record.columns["vendor"] = record.columns.get("segment", "segment")
    table.how_read.append("a table of segments: each row is a segment's share of the market")
    return table


def _read_below_header(grid: Grid, index: int, headers: list[str], keys: list[str]) -> Table:
    header_row = grid.rows[index][0]
    press = {
        i: m
        for i, key in enumerate(keys)
        if key not in _SPELLINGS and (m := _PRESS_HEADER.fullmatch(key)) and _period(m["period"])
    }
    body = _body_rows(grid.rows[index + 1 :], len(headers))
    if press:
        return _press_release(header_row, headers, keys, press, body)
    return _long(header_row, headers, keys, body)


def _period(text: str) -> Period | None:
    try:
        return Period.parse(text)
    except PeriodError:
        return None


def _body_rows(rows: list[tuple[int, list[str]]], width: int) -> list[tuple[int, list[str]]]:
    body = []
    for row_number, cells in rows:
        filled = [cell for cell in cells if cell]
        if not filled:
            continue
        if len(filled) == 1 and cells[0] and _FOOTNOTE.match(cells[0]):
            continue  # "Source: Canalys estimates ..." under the table
        body.append((row_number, (cells + [""] * width)[:width] if len(cells) < width else cells))
    return body


def _column_map(
    header_row: int, headers: list[str], keys: list[str]
) -> tuple[dict[int, str], list[Problem]]:
    """Header positions to canonical names; unknown columns are reported, not read."""
    spellings = _spellings_for(keys)
    mapping: dict[int, str] = {}
    problems = []
    for i, (header, key) in enumerate(zip(headers, keys, strict=True)):
        if not key:
            continue
        name = spellings.get(key)
        if name is None:
            problems.append(
                Problem(
                    f"unknown column; expected one of {', '.join(LONG_COLUMNS)}",
                    row=header_row,
                    column=header,
                )
            )
        elif name in mapping.values():
            problems.append(
                Problem(f"column '{name}' appears twice", row=header_row, column=header)
            )
        else:
            mapping[i] = name
    return mapping, problems


def _spellings_for(keys: list[str]) -> dict[str, str]:
    """'Source' names the tracker, unless a 'Tracker' column does: then it holds the pages, as
    in a sheet of 'Tracker, Vendor, Quarter, Share, Source'."""
    names = {_SPELLINGS.get(key) for key in keys if key != "source"}
    if "source" in keys and "tracker" in keys and "source_url" not in names:
        return {**_SPELLINGS, "source": "source_url"}
    return _SPELLINGS


def _long(
    header_row: int, headers: list[str], keys: list[str], body: list[tuple[int, list[str]]]
) -> Table:
    mapping, problems = _column_map(header_row, headers, keys)
    columns = {name: headers[i] for i, name in mapping.items()}
    records = []
    for row_number, cells in body:
        if any(cells[len(headers) :]):
            problems.append(Problem("value in a column without a header", row=row_number))
        values = {name: cells[i] for i, name in mapping.items() if i < len(cells)}
        records.append(FileRow(row_number, values, columns))
    renamed = [f"'{headers[i]}' as {name}" for i, name in mapping.items() if headers[i] != name]
    how = ["long format: one row per vendor and quarter"]
    if renamed:
        how.append("read " + ", ".join(renamed))
    return Table("long", records, how, problems)


def _press_release(
    header_row: int,
    headers: list[str],
    keys: list[str],
    press: dict[int, re.Match[str]],
    body: list[tuple[int, list[str]]],
) -> Table:
    """Vendor rows x 'Q4 2022 shipments (million)' / 'Q4 2022 market share' columns."""
    plain = {i: (headers[i], keys[i]) for i in range(len(headers)) if i not in press and keys[i]}
    mapping, problems = _column_map(
        header_row, [h for h, _ in plain.values()], [k for _, k in plain.values()]
    )
    plain_columns = {name: list(plain.values())[j][0] for j, name in mapping.items()}
    plain_index = {name: list(plain)[j] for j, name in mapping.items()}
    periods = {i: (Period.parse(m["period"]), _MEASURES[m["measure"]]) for i, m in press.items()}
    latest = max(period for period, _ in periods.values())
    records = []
    for row_number, cells in body:
        by_period: dict[Period, dict[str, str]] = {}
        columns_for: dict[Period, dict[str, str]] = {}
        for i, (period, measure) in periods.items():
            by_period.setdefault(period, {})[measure] = cells[i]
            columns_for.setdefault(period, {})[measure] = headers[i]
        for period, measured in sorted(by_period.items()):
            values = {name: cells[i] for name, i in plain_index.items() if name != "yoy_growth_pct"}
            columns = {n: c for n, c in plain_columns.items() if n != "yoy_growth_pct"}
            if period == latest and "yoy_growth_pct" in plain_index:
                values["yoy_growth_pct"] = cells[plain_index["yoy_growth_pct"]]
                columns["yoy_growth_pct"] = plain_columns["yoy_growth_pct"]
            values.update(measured)
            values["quarter"] = period.code
            columns.update(columns_for[period])
            if any(values.get(m) for m in ("shipments_million", "share_pct", "yoy_growth_pct")):
                records.append(FileRow(row_number, values, columns))
    names = {"shipments_million": "shipments (million)", "share_pct": "share (%)"}
    described = sorted({f"{period.label} {names[measure]}" for period, measure in periods.values()})
    how = [
        "press-release format: one row per vendor, figures per quarter in columns",
        "columns read as: " + ", ".join(described),
    ]
    if "yoy_growth_pct" in plain_index:
        how.append(
            f"'{plain_columns['yoy_growth_pct']}' read as year-on-year growth for {latest.label}"
        )
    return Table("press-release", records, how, problems)
