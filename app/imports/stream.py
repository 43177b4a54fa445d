"""Import a file from the server's disk (the CLI) in bounded memory.

Its rows go through the same reading and rules as an upload, a chunk at a time, and each
chunk's changes are written as soon as it is checked, inside the one transaction of the
publish: a problem anywhere in the file, even in its last row, rolls every chunk back. After
the first problem the rest of the file is only checked, so that every problem is said once.

The rules across rows (no duplicate, shares that add up, ranks that agree with shipments)
read every row of a tracker, market, category and period, wherever it is in the file: each
row leaves a trace of the six integers those rules read, and they run per group once the
file is read. Nothing else of a chunk outlives it.
"""

from __future__ import annotations

import hashlib
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import chain, islice
from pathlib import Path

from sqlalchemy.orm import Session

from app import versions
from app.errors import InvalidUpload, Problem, grouped
from app.imports import service
from app.imports.files import LOCAL_FILE, Grid, Limits
from app.imports.local import Stream, stream_grid
from app.imports.parse import Table, parse_grid
from app.imports.rows import ImportRow
from app.imports.service import Preview, RowChange
from app.imports.unknown import KINDS, choice_key
from app.imports.validate import RESIDUAL_SLUG, across_rows, finish, read_again, read_rows
from app.models import Revision
from app.periods import Period
from app.reference import service as reference
from app.revisions import derived, store
from app.vendors import service as vendors

CHUNK_ROWS = 5_000  # rows read, checked and written at a time: about 30 MiB of Python objects
_NONE = -1  # a blank figure in a trace (figures are never negative)
_Group = tuple[str, str, str, str, str, Period]  # ImportRow.group


@dataclass
class Imported:
    """What an import did, for the report: counts, not rows (a file may have 500,000)."""

    preview: Preview  # its changes are listed only when asked for (keep_changes)
    counts: Counter[str] = field(default_factory=Counter)
    revision: Revision | None = None

    def summary(self) -> str:
        c = self.counts
        return f"{c['new']} new, {c['changed']} changed, {c['unchanged']} unchanged"


def run(
    session: Session,
    path: Path,
    *,
    defaults: dict[str, str] | None = None,
    create: Iterable[str] = (),
    clear_blanks: bool = False,
    dry_run: bool = False,
    keep_changes: bool = False,
    limits: Limits = LOCAL_FILE,
    chunk_rows: int | None = None,  # CHUNK_ROWS unless told
    on_read: Callable[[list[str]], object] = lambda _: None,
    on_change: Callable[[RowChange], object] = lambda _: None,
    progress: Callable[[str], object] = lambda _: None,
) -> Imported:
    """Read, check and (unless dry_run) publish a file as one revision, or raise InvalidUpload
    naming every problem, with nothing written. The caller's transaction is the publish."""
    chunk_rows = chunk_rows or CHUNK_ROWS
    if not dry_run:
        versions.lock_writes(session)
    progress(f"reading {path.name} ({path.stat().st_size:,} bytes), {chunk_rows:,} rows at a time")
    with path.open("rb") as binary:
        sha = hashlib.file_digest(binary, "sha256").hexdigest()
    base = store.latest_revision_id(session)
    chunks = _tables(stream_grid(path, limits), chunk_rows)
    first = next(chunks)
    preview = Preview(path.name, sha, first.layout, first.how_read, base)
    on_read(first.how_read)
    job = _Import(session, preview, defaults or {}, set(create), clear_blanks, dry_run)
    job.keep_changes, job.on_change = keep_changes, on_change  # what the report wants of rows
    for table in chain([first], chunks):
        job.take(table)
        written = job.counts["new"] + job.counts["changed"]
        verb = "to write" if dry_run or job.refused else "written"
        progress(f"{job.rows_read:,} rows checked; {written:,} figure sets {verb}")
    progress(f"checking {len(job.traces):,} groups (tracker, market, category, period)")
    job.finish()
    if job.revision is not None:
        progress(f"published as r{job.revision.id}")
    return Imported(preview, job.counts, job.revision)


def _tables(stream: Stream, size: int) -> Iterator[Table]:
    """The file a chunk of rows at a time, each read below the file's header as the whole
    file would be; the header's own problems (unknown columns) are said once."""
    first = parse_grid(Grid(stream.kind, list(islice(stream.rows, size)), stream.sheet))
    yield first
    while chunk := list(islice(stream.rows, size)):
        table = parse_grid(Grid(stream.kind, [first.header, *chunk], stream.sheet))
        table.problems = [p for p in table.problems if p.row != first.header[0]]
        yield table


class _Import:
    def __init__(
        self,
        session: Session,
        preview: Preview,
        defaults: dict[str, str],
        create: set[str],
        clear_blanks: bool,
        dry_run: bool,
    ) -> None:
        self.session, self.preview, self.defaults = session, preview, defaults
        self.create, self.clear_blanks, self.dry_run = create, clear_blanks, dry_run
        self.ref = reference.load_reference(session)
        self.ids = reference.load_ids(session)
        self.chosen: dict[str, dict[str, str]] = {kind: {} for kind in KINDS}
        self.read_problems: list[Problem] = []  # the file's reading (parse)
        self.row_problems: list[Problem] = []  # the rules of one row
        self.unknown: dict[tuple[str, str], list[int]] = defaultdict(list)
        self.traces: dict[_Group, array[int]] = {}
        self.spellings: dict[tuple[str, str | None], int] = {}  # (vendor as written, slug)
        self.counts: Counter[str] = Counter()
        self.revision: Revision | None = None
        self.touched: set[store.Group] = set()  # what the revision wrote, to derive anew
        self.rows_read = self.chunks = 0
        self.keep_changes = False
        self.on_change: Callable[[RowChange], object] = lambda _: None

    @property
    def refused(self) -> bool:
        return bool(self.read_problems or self.row_problems or self.unknown)

    def take(self, table: Table) -> None:
        self.read_problems += table.problems
        if not table.records:  # the first chunk may hold only title rows and the header
            return
        self.rows_read += len(table.records)
        self.chunks += 1
        read = read_rows(table.records, self.ref, self.defaults, chosen=self.chosen)
        if self._created([k for k in read.unknown if k not in self.unknown]):
            read = read_again(table.records, read, self.ref, self.defaults, self.chosen)
        for spelling, rows in read.unknown.items():
            self.unknown[spelling] += rows
        # A problem of the whole file (no market column) comes with every chunk: said once.
        self.row_problems += [p for p in read.problems if p.row is not None or self.chunks == 1]
        self._trace(read.rows)
        residual = {RESIDUAL_SLUG} - set(self.ref.vendor_names) - set(self._made("vendor").values())
        if residual and any(row.vendor == RESIDUAL_SLUG for row in read.rows):
            self._make("vendor", {"Others": RESIDUAL_SLUG})  # an empty database's first "Others"
        if not self.refused:
            self._write(read.rows)

    def _made(self, kind: str) -> dict[str, str]:
        return self.preview.to_create.get(kind, {})

    def _created(self, spellings: list[tuple[str, str]]) -> bool:
        """Create what the file names anew, where asked to (--create-vendors, ...)."""
        made = False
        for kind in KINDS:
            names = [name for k, name in spellings if k == kind and kind in self.create]
            if names:
                known = (
                    set(self.ref.vendor_names)
                    if kind == "vendor"
                    else set(self.ref.names(kind).slugs)
                )
                self._make(kind, vendors.new_slugs(names, known | set(self._made(kind).values())))
                made = True
        return made

    def _make(self, kind: str, slugs: dict[str, str]) -> None:
        self.preview.to_create.setdefault(kind, {}).update(slugs)
        self.chosen[kind].update({choice_key(kind, name): slug for name, slug in slugs.items()})
        if self.dry_run:  # stand-in ids, never stored
            self.ids = service.with_stand_ins(
                reference.load_ids(self.session), self.preview.to_create
            )
        else:
            service.create_chosen(self.session, {kind: slugs}, {})
            self.ids = reference.load_ids(self.session)

    def _trace(self, rows: list[ImportRow]) -> None:
        """What the rules across rows read of each row, as integers in its group's array."""
        for row in rows:
            who = self.spellings.setdefault(
                (row.vendor_as_written, row.vendor), len(self.spellings)
            )
            share, decimals = _NONE, 0
            if row.share_pct is not None:
                share = int(row.share_pct.scaleb(2))
                decimals = max(0, -int(row.share_pct.as_tuple().exponent))
            trace = self.traces.get(row.group)
            if trace is None:
                trace = self.traces[row.group] = array("q")
            trace.extend(
                (row.row, who, _or_none(row.shipments), _or_none(row.rank), share, decimals)
            )

    def _write(self, rows: list[ImportRow]) -> None:
        keyed = {service.figure_key(row, self.ids): row for row in rows}
        current = store.read(self.session, groups={key.group for key in keyed})
        upserts, new = {}, set()
        for key, row in keyed.items():
            change = service.change_of(row, current.get(key), self.clear_blanks)
            self.counts[change.kind] += 1
            self.on_change(change)
            if self.keep_changes:
                self.preview.changes.append(change)
            if change.kind != "unchanged":
                upserts[key] = change.new
            if change.old is None:
                new.add(key)
        if upserts and not self.dry_run:
            if self.revision is None:
                self.revision = Revision(
                    kind="import",
                    file_name=self.preview.file_name,
                    file_sha256=self.preview.file_sha256,
                )
                self.session.add(self.revision)
                self.session.flush()
            self.touched |= store.write(self.session, self.revision, upserts, removals=(), new=new)

    def finish(self) -> None:
        """The rules across rows, group by group; then refuse the file or close the revision."""
        if not self.rows_read:  # a header and nothing below it
            self.row_problems = read_rows([], self.ref, self.defaults).problems
        across = []
        names = {who: spelling for spelling, who in self.spellings.items()}
        # A period's segments are checked together (price bands share out one market).
        periods: dict[tuple[object, ...], list[_Group]] = {}
        for group in self.traces:
            periods.setdefault((*group[:3], *group[4:]), []).append(group)
        for groups in periods.values():
            rows = [r for g in groups for r in _rows_of(g, self.traces.pop(g), names)]
            across += across_rows(rows, self.ref.segment_kinds)
        checked = finish([], self.row_problems + across, self.unknown, self.ref)
        problems = grouped(self.read_problems + checked.problems)
        if problems:
            raise InvalidUpload(problems)
        if self.revision is not None:
            derived.refresh(self.session, self.revision.id, self.touched)
            self.revision.summary = Imported(self.preview, self.counts).summary()
            self.revision.rows_added = self.counts["new"]
            self.revision.rows_changed = self.counts["changed"]
            self.session.flush()


def _or_none(value: int | None) -> int:
    return _NONE if value is None else value


def _rows_of(
    group: _Group, trace: array[int], names: dict[int, tuple[str, str | None]]
) -> list[ImportRow]:
    """A group's rows again, with the figures its rules read."""
    source, market, category, segment, basis, period = group
    out = []
    for i in range(0, len(trace), 6):
        row, who, shipments, rank, share, decimals = trace[i : i + 6]
        written, vendor = names[who]
        out.append(
            ImportRow(
                row=row,
                source=source,
                market=market,
                category=category,
                segment=segment,
                basis=basis,
                period=period,
                vendor=vendor,
                vendor_as_written=written,
                shipments=None if shipments == _NONE else shipments,
                share_pct=None
                if share == _NONE
                else Decimal(share).scaleb(-2).quantize(Decimal(1).scaleb(-decimals)),
                rank=None if rank == _NONE else rank,
                yoy_growth_pct=None,
                status="final",
                note=None,
                source_url=None,
            )
        )
    return out
