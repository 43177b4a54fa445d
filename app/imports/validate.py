"""Long-format records to typed import rows, checked by every rule of the upload format.

Pure: the caller passes what it knows of the database (reference slugs, vendor aliases).
Collects every problem rather than stopping at the first, so an admin fixes a file once.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from app import provenance
from app.errors import Problem
from app.imports.checks import (
    check_duplicates,
    check_ranks,
    check_segment_sums,
    check_share_sums,
)
from app.imports.dates import DateError, parse_date
from app.imports.numbers import NumberError, parse_decimal, parse_millions, parse_rank, parse_units
from app.imports.parse import FileRow
from app.imports.rows import STATED_FIELDS, ImportRow
from app.imports.unknown import LABELS, Spellings, Unknown, choice_key, unknown_of
from app.periods import Period, PeriodError
from app.reference.names import Reference
from app.vendors.names import alias_key

MAX_NAME_CHARS = 100
TOTAL_NAMES = {"total", "market total", "grand total", "india total", "total market"}
# The unattributed rest: recognised by name even before any vendor exists.
RESIDUAL_SLUG = "others"
RESIDUAL_NAMES = {"others", "other", "others*", "other brands", "other vendors", "rest"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
# What a share measures, as files write it; blank is units.
BASES = {
    "units": "units",
    "unit": "units",
    "volume": "units",
    "shipments": "units",
    "value": "value",
    "revenue": "value",
    "by value": "value",
    "value share": "value",
}
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")


@dataclass
class Validated:
    rows: list[ImportRow]
    problems: list[Problem]
    unknown: list[Unknown]


def validate(
    records: Iterable[FileRow],
    ref: Reference,
    defaults: dict[str, str],
    *,
    chosen: Mapping[str, Mapping[str, str]] | None = None,
) -> Validated:
    """`chosen[kind]` maps an unknown spelling's choice_key to the slug chosen for it (mapped
    to a known one, or to be created)."""
    return checked(read_rows(records, ref, defaults, chosen=chosen), ref)


def checked(read: RowsRead, ref: Reference) -> Validated:
    """Rows read one by one, through the rules across rows."""
    problems = read.problems + across_rows(read.rows, ref.segment_kinds)
    return finish(read.rows, problems, read.unknown, ref)


@dataclass
class RowsRead:
    """Rows read one by one, before the rules across rows."""

    rows: list[ImportRow]
    problems: list[Problem]
    unknown: dict[tuple[str, str], list[int]]  # (kind, spelling) -> rows


def read_rows(
    records: Iterable[FileRow],
    ref: Reference,
    defaults: dict[str, str],
    *,
    chosen: Mapping[str, Mapping[str, str]] | None = None,
) -> RowsRead:
    """Every rule of one row: a large file is read a chunk at a time through this."""
    records = list(records)
    defaults, unchosen, problems = _file_defaults(records, ref, defaults)
    return _read(records, defaults, unchosen, _resolver(ref, chosen or {}), problems)


def read_again(
    records: Sequence[FileRow],
    read: RowsRead,
    ref: Reference,
    defaults: dict[str, str],
    chosen: Mapping[str, Mapping[str, str]],
) -> RowsRead:
    """`read` once more, with the choices made for the spellings it found unknown. A choice
    only resolves what the database did not know, so only the rows that named such a spelling
    are read again (a 10,000-row file of new vendors is not read twice); the other rows and
    the problems of the whole file stay as they were."""
    again = {row for rows in read.unknown.values() for row in rows}
    if not again:
        return read
    defaults, unchosen, _ = _file_defaults(records, ref, defaults)
    redo = [record for record in records if record.row in again]
    done = _read(redo, defaults, unchosen, _resolver(ref, chosen), [])
    kept = [row for row in read.rows if row.row not in again]
    return RowsRead(
        sorted(kept + done.rows, key=lambda row: row.row),  # file order, as read the first time
        [p for p in read.problems if p.row not in again] + done.problems,
        done.unknown,
    )


def _read(
    records: Sequence[FileRow],
    defaults: dict[str, str],
    unchosen: frozenset[str],
    resolve: Resolve,
    problems: list[Problem],
) -> RowsRead:
    rows: list[ImportRow] = []
    unknown: dict[tuple[str, str], list[int]] = defaultdict(list)
    for record in records:
        row = _read_record(record, defaults, unchosen, resolve, problems, unknown)
        if row is not None:
            rows.append(row)
    return RowsRead(rows, problems, unknown)


def across_rows(rows: list[ImportRow], segment_kinds: Mapping[str, str]) -> list[Problem]:
    """The rules across the rows of a tracker, market, category and period (each segment's
    and basis' on their own, and the segments of one kind together)."""
    return (
        check_duplicates(rows)
        + check_share_sums(rows)
        + check_ranks(rows)
        + check_segment_sums(rows, segment_kinds)
    )


def finish(
    rows: list[ImportRow],
    problems: list[Problem],
    unknown: Spellings,
    ref: Reference,
) -> Validated:
    """The unknown spellings said once each, and every problem in file order."""
    found, named = unknown_of(unknown, ref)
    problems = sorted(problems + named, key=lambda p: (p.row or 0, p.column or ""))
    return Validated(rows, problems, found)


def _file_defaults(
    records: Sequence[FileRow], ref: Reference, chosen: dict[str, str]
) -> tuple[dict[str, str], frozenset[str], list[Problem]]:
    """The tracker, market and category of a file that has no column for one: the choice
    made, else the only one there is, else one problem for the whole file."""
    columns = {name for record in records for name in record.columns}
    defaults, unchosen, problems = dict(chosen), set(), []
    for name in ("source", "market", "category"):
        known = ref.names(name).slugs
        if name in columns or defaults.get(name):
            continue
        if len(known) == 1:
            defaults[name] = next(iter(known))
            continue
        unchosen.add(name)
        problems.append(
            Problem(
                f"the file has no '{name}' column and no {name} was chosen; choose one on the "
                f"upload (known: {', '.join(sorted(known))}) or add the column",
                column=name,
            )
        )
    return defaults, frozenset(unchosen), problems


Resolve = Callable[[str, str], str | None]  # (kind, name as written) -> slug, None if unknown


def _resolver(ref: Reference, chosen: Mapping[str, Mapping[str, str]]) -> Resolve:
    # A file repeats a few dozen spellings on every row: each is matched once.
    seen: dict[tuple[str, str], str | None] = {}

    def resolve(kind: str, name: str) -> str | None:
        if (kind, name) in seen:
            return seen[(kind, name)]
        key = choice_key(kind, name)
        if kind != "vendor":
            found = ref.names(kind).resolve(name) or chosen.get(kind, {}).get(key)
        else:
            found = ref.vendor_by_alias.get(key) or chosen.get(kind, {}).get(key)
            found = found or (RESIDUAL_SLUG if key in RESIDUAL_NAMES else None)
        seen[(kind, name)] = found
        return found

    return resolve


def _read_record(
    record: FileRow,
    defaults: dict[str, str],
    unchosen: frozenset[str],
    resolve: Resolve,
    problems: list[Problem],
    unknown: dict[tuple[str, str], list[int]],
) -> ImportRow | None:
    found: list[Problem] = []

    def fail(column: str, message: str) -> None:
        found.append(Problem(message, row=record.row, column=record.columns.get(column, column)))

    def cell(name: str) -> str:
        return record.values.get(name, "").strip()

    def number(name: str, reader: Callable[[str], object]) -> object | None:
        text = cell(name)
        if not text:
            return None
        try:
            return reader(text)
        except NumberError as error:
            fail(name, str(error))
            return None

    slugs: dict[str, str | None] = {}
    for name in ("source", "market", "category"):
        if name in unchosen:  # said once for the whole file
            continue
        value = cell(name) or defaults.get(name, "").strip()
        slugs[name] = resolve(name, value) if value else None
        if not value:
            fail(name, f"no {name} given: add a '{name}' column or choose one on the upload")
        elif len(value) > MAX_NAME_CHARS or _CONTROL.search(value):
            fail(
                name,
                f"the {LABELS[name]} is too long or has control characters",
            )
        elif slugs[name] is None:
            unknown[(name, value)].append(record.row)

    segment = "all"
    if cell("segment") and alias_key(cell("segment")) not in ("all", "total", "overall"):
        text = cell("segment")
        if len(text) > MAX_NAME_CHARS or _CONTROL.search(text):
            fail("segment", "the segment is too long or has control characters")
        else:
            segment = resolve("segment", text) or ""
            if not segment:
                unknown[("segment", text)].append(record.row)
    basis = BASES.get(alias_key(cell("basis")) or "units")
    if basis is None:
        fail("basis", f"basis '{cell('basis')}' must be 'units' or 'value' (blank = units)")

    period = None
    if not cell("quarter"):
        fail("quarter", "the quarter is empty")
    else:
        try:
            period = Period.parse(cell("quarter"))
        except PeriodError as error:
            fail("quarter", str(error))

    vendor_text = cell("vendor")
    vendor: str | None = None
    is_total = alias_key(vendor_text) in TOTAL_NAMES
    if not vendor_text:
        fail("vendor", "the vendor is empty")
    elif vendor_text.startswith(_FORMULA_START) or _CONTROL.search(vendor_text):
        fail("vendor", f"'{vendor_text[:40]}' looks like a formula or has control characters")
    elif len(vendor_text) > MAX_NAME_CHARS:
        fail("vendor", f"the vendor name is longer than {MAX_NAME_CHARS} characters")
    elif not is_total:
        vendor = resolve("vendor", vendor_text)
        if vendor is None:
            unknown[("vendor", vendor_text)].append(record.row)

    shipments = number("shipments", parse_units)
    millions = number("shipments_million", parse_millions)
    if shipments is not None and millions is not None:
        fail("shipments", "give shipments in units or in millions, not both")
    share = number("share_pct", lambda t: parse_decimal(t, percent=True))
    rank = number("rank", parse_rank)
    yoy = number("yoy_growth_pct", lambda t: parse_decimal(t, percent=True))
    if isinstance(share, Decimal) and share < 0:
        fail("share_pct", f"share {share}% is negative; shares are 0-100")
    elif isinstance(share, Decimal) and share > 100:
        fail("share_pct", f"share {share}% is over 100")
    if isinstance(share, Decimal) and share.as_tuple().exponent < -2:  # type: ignore[operator]
        fail("share_pct", f"share {share}% has more than two decimals")
    status = (cell("status") or "final").casefold()
    if status not in provenance.STATUSES:
        fail(
            "status",
            f"status '{cell('status')}' must be 'final', 'preliminary' or 'restated' "
            "(blank = final)",
        )
    released = None
    if cell("released"):
        try:
            released = parse_date(cell("released"))
        except DateError as error:
            fail("released", str(error))
    note = cell("note") or None
    if note and (note.startswith(("=", "+", "@", "\t", "\r")) or "\x00" in note):
        fail("note", "the note looks like a spreadsheet formula")
    urls = {name: _pages(cell(name), name, fail) for name in provenance.URL_FIELDS}
    url = urls.pop("source_url")
    if is_total:
        if rank is not None:
            fail("rank", "the TOTAL row cannot have a rank")
        if segment == "all" and share is not None and share != 100:
            fail(
                "share_pct",
                "the TOTAL row's share must be empty or 100 (in a segment, it is the "
                "segment's share of the market)",
            )
        rank = None
        if segment == "all":
            share = None
    units = shipments if shipments is not None else millions
    if not found and all(v is None for v in (units, share, rank, yoy)):
        fail("vendor", "the row has no figures (shipments, share, rank or growth)")

    problems.extend(found)
    missing = any(slug is None for slug in slugs.values()) or not segment or basis is None
    if found or unchosen or missing or period is None or (vendor is None and not is_total):
        return None
    return ImportRow(
        row=record.row,
        source=slugs["source"] or "",
        market=slugs["market"] or "",
        category=slugs["category"] or "",
        segment=segment,
        basis=basis or "units",
        period=period,
        vendor=vendor,
        vendor_as_written=vendor_text,
        shipments=units,  # type: ignore[arg-type]
        share_pct=share,  # type: ignore[arg-type]
        rank=rank,  # type: ignore[arg-type]
        yoy_growth_pct=yoy,  # type: ignore[arg-type]
        status=status,
        note=note,
        source_url=url,
        released=released,
        figure_urls=tuple((name, pages) for name, pages in urls.items() if pages),
        # A file without a status column leaves the stored status alone (a second page adding
        # a rank does not make a preliminary figure final); a blank status cell means final.
        given=frozenset(
            "shipments" if name == "shipments_million" else name
            for name in record.columns
            if name in STATED_FIELDS or name == "shipments_million"
        ),
    )


# A file names the same few pages row after row: each cell text is read once per process.
_cell_pages = functools.lru_cache(maxsize=4096)(provenance.cell_pages)


def _pages(text: str, column: str, fail: Callable[[str, str], None]) -> str | None:
    if not text:
        return None
    try:
        return _cell_pages(text)
    except ValueError as error:
        fail(column, str(error))
        return None
