"""Import a file: read, validate, compare with the current data, publish as one revision.

Nothing is written until publish(); publish writes every row or none (one transaction,
serialised against other publishes, refused if the data changed since the preview).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace

from sqlalchemy.orm import Session

from app import versions
from app.errors import Conflict, InvalidUpload, Problem, grouped
from app.imports.files import UPLOAD, Limits, read_grid
from app.imports.merge import merge
from app.imports.parse import parse_grid
from app.imports.rows import ImportRow
from app.imports.unknown import KINDS, Unknown, choice_key, unknown_of
from app.imports.validate import RESIDUAL_SLUG, checked, read_again, read_rows
from app.models import Revision, User
from app.reference import edits
from app.reference import service as reference
from app.reference.names import Reference
from app.revisions import derived, store
from app.revisions.store import FigureKey, FigureValues
from app.vendors import service as vendors

CHANGE_KINDS = ("new", "changed", "unchanged", "keeps", "clears")
Choices = dict[str, dict[str, str]]  # kind -> {spelling as written -> slug}


@dataclass(frozen=True, slots=True)
class RowChange:
    row: ImportRow
    kind: str  # "new" | "changed" | "unchanged"
    old: FigureValues | None
    new: FigureValues
    kept: tuple[str, ...] = ()  # stated figures this row's blank cells keep
    cleared: tuple[str, ...] = ()  # stated figures this row's blank cells clear


@dataclass
class Preview:
    file_name: str
    file_sha256: str
    layout: str
    how_read: list[str]
    base_revision: int
    changes: list[RowChange] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unknown: list[Unknown] = field(default_factory=list)
    # kind -> {spelling as written -> slug}: what publishing creates, and what it maps
    to_create: dict[str, dict[str, str]] = field(default_factory=dict)
    to_map: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def vendors_to_create(self) -> dict[str, str]:
        return self.to_create.get("vendor", {})

    def unknown_of(self, kind: str) -> list[Unknown]:
        return [u for u in self.unknown if u.kind == kind]

    def count(self, kind: str) -> int:
        return sum(1 for change in self.changes if change.kind == kind)

    def by_group(self) -> list[tuple[str, str, dict[str, int]]]:
        """Changes counted per tracker and period, in file order: what a reviewer checks first."""
        counts: dict[tuple[str, str], dict[str, int]] = {}
        for change in self.changes:
            key = (change.row.source, change.row.period.label)
            tally = counts.setdefault(key, dict.fromkeys(CHANGE_KINDS, 0))
            tally[change.kind] += 1
            tally["keeps"] += bool(change.kept)
            tally["clears"] += bool(change.cleared)
        return [(source, period, tally) for (source, period), tally in counts.items()]

    def shown(self, kind: str | None) -> list[RowChange]:
        """The changes of one kind, or all with clears and changes first."""
        if kind in ("new", "changed", "unchanged"):
            return [c for c in self.changes if c.kind == kind]
        if kind in ("keeps", "clears"):
            return [c for c in self.changes if (c.kept if kind == "keeps" else c.cleared)]
        order = {"changed": 1, "new": 2, "unchanged": 3}
        return sorted(self.changes, key=lambda c: (not c.cleared, order[c.kind], c.row.row))

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        return (
            f"{self.count('new')} new, {self.count('changed')} changed, "
            f"{self.count('unchanged')} unchanged"
        )


def preview(
    session: Session,
    data: bytes,
    file_name: str,
    *,
    defaults: dict[str, str] | None = None,
    create: Iterable[str] = (),
    choices: Mapping[str, Mapping[str, str]] | None = None,
    clear_blanks: bool = False,
    limits: Limits = UPLOAD,
    progress: Callable[[str], object] = lambda _: None,
) -> Preview:
    """Read and check a file and say what publishing it would change. Writes nothing.

    choices[kind] maps an unknown spelling of a vendor, source, market or category, as the
    file writes it, to a known slug (to map it; publishing remembers the spelling) or to ""
    (to create it); `create` names the kinds whose every unknown spelling is created. A
    blank cell keeps the stored figure unless clear_blanks.
    """
    sha = hashlib.sha256(data).hexdigest()
    progress(f"reading {file_name} ({len(data):,} bytes)")
    table = parse_grid(read_grid(data, file_name, limits))
    progress(f"checking {len(table.records):,} rows")
    ref = reference.load_reference(session)
    read = read_rows(table.records, ref, defaults or {})
    creating, mapping = decide(unknown_of(read.unknown, ref)[0], ref, choices or {}, set(create))
    if creating or mapping:
        chosen = {
            kind: {
                choice_key(kind, name): slug
                for name, slug in {**creating.get(kind, {}), **mapping.get(kind, {})}.items()
            }
            for kind in KINDS
        }
        read = read_again(table.records, read, ref, defaults or {}, chosen)
    result = checked(read, ref)
    if RESIDUAL_SLUG not in ref.vendor_names and any(
        r.vendor == RESIDUAL_SLUG for r in result.rows
    ):  # an empty database meets its first "Others" row
        creating.setdefault("vendor", {})["Others"] = RESIDUAL_SLUG
    problems = grouped(table.problems + result.problems)
    out = Preview(
        file_name,
        sha,
        table.layout,
        table.how_read,
        store.latest_revision_id(session),
        problems=problems,
        unknown=result.unknown,
        to_create=creating,
        to_map=mapping,
    )
    if problems:
        return out
    ids = with_stand_ins(reference.load_ids(session), creating)
    keyed = {figure_key(row, ids): row for row in result.rows}
    progress(f"comparing {len(keyed):,} figure sets with the stored ones")
    current = store.read(session, groups={key.group for key in keyed})
    out.changes = [change_of(row, current.get(key), clear_blanks) for key, row in keyed.items()]
    return out


def change_of(row: ImportRow, old: FigureValues | None, clear_blanks: bool) -> RowChange:
    """What one row makes of the figure stored for its key."""
    merged = merge(row, old, clear_blanks=clear_blanks)
    new = merged.values
    kind = "new" if old is None else ("unchanged" if old == new else "changed")
    return RowChange(row, kind, old, new, merged.kept, merged.cleared)


def publish(
    session: Session,
    data: bytes,
    file_name: str,
    *,
    base_revision: int | None = None,
    user: User | None = None,
    kind: str = "import",
    progress: Callable[[str], object] = lambda _: None,
    **options: object,
) -> tuple[Preview, Revision | None]:
    """Preview again inside the publishing transaction and write it. Returns no revision when
    nothing would change. base_revision (from the preview the admin saw) guards against
    publishing over data that changed since."""
    versions.lock_writes(session)
    result = preview(session, data, file_name, progress=progress, **options)  # type: ignore[arg-type]
    if not result.ok:
        raise InvalidUpload(result.problems)
    if base_revision is not None and result.base_revision != base_revision:
        raise Conflict(
            "the data changed since your preview (another upload was published); "
            "review the preview again"
        )
    changed = [c for c in result.changes if c.kind != "unchanged"]
    if not changed:
        return result, None
    create_chosen(session, result.to_create, result.to_map)
    revision = Revision(
        kind=kind,
        user_id=user.id if user else None,
        file_name=file_name,
        file_sha256=result.file_sha256,
        summary=result.summary(),
        rows_added=result.count("new"),
        rows_changed=result.count("changed"),
    )
    session.add(revision)
    session.flush()
    ids = reference.load_ids(session)
    keyed = {figure_key(c.row, ids): c for c in changed}
    upserts = {key: c.new for key, c in keyed.items()}
    new = {key for key, c in keyed.items() if c.old is None}
    progress(f"writing {len(upserts):,} figure sets as r{revision.id}")
    touched = store.write(session, revision, upserts, removals=(), new=new)
    progress("deriving shares, ranks and growth of the periods changed")
    derived.refresh(session, revision.id, touched)
    return result, revision


def create_chosen(session: Session, to_create: Choices, to_map: Choices) -> None:
    """Create what a file names that was chosen to be created; remember mapped spellings."""
    for named in ("source", "market", "category", "segment"):
        for name, slug in to_create.get(named, {}).items():
            edits.create_from_file(session, named, name, slug)
        for name, slug in to_map.get(named, {}).items():
            edits.remember_spelling(session, named, slug, name)
    for name, slug in to_create.get("vendor", {}).items():
        vendors.create_vendor(session, name, slug)
    for name, slug in to_map.get("vendor", {}).items():
        vendors.remember_spelling(session, slug, name)


def decide(
    unknown: list[Unknown],
    ref: Reference,
    choices: Mapping[str, Mapping[str, str]],
    create: set[str],
) -> tuple[Choices, Choices]:
    """What to create and what to map, per kind and spelling, from the choices made."""
    creating: Choices = {}
    mapping: Choices = {}
    for kind in KINDS:
        known = set(ref.vendor_names) if kind == "vendor" else ref.names(kind).slugs
        mine = [u for u in unknown if u.kind == kind]
        made = [u.name for u in mine if kind in create or choices.get(kind, {}).get(u.name) == ""]
        if made:
            creating[kind] = vendors.new_slugs(made, set(known))
        mapped = {
            u.name: slug
            for u in mine
            if (slug := choices.get(kind, {}).get(u.name, "")) in known and u.name not in made
        }
        if mapped:
            mapping[kind] = mapped
    return creating, mapping


def with_stand_ins(ids: reference.Ids, creating: Choices) -> reference.Ids:
    """What is still to be created gets stand-in ids of its own (negative, never stored), so
    two new vendors' rows for one quarter stay two rows."""
    found = {}
    for kind, field_name in (
        ("vendor", "vendors"),
        ("source", "sources"),
        ("market", "markets"),
        ("category", "categories"),
        ("segment", "segments"),
    ):
        slugs = sorted(set(creating.get(kind, {}).values()))
        stand_ins = {slug: -n for n, slug in enumerate(slugs, start=1)}
        found[field_name] = {**stand_ins, **getattr(ids, field_name)}
    return replace(ids, **found)


def figure_key(row: ImportRow, ids: reference.Ids) -> FigureKey:
    vendor_id = None if row.vendor is None else ids.vendors[row.vendor]
    return FigureKey(
        ids.sources[row.source],
        ids.markets[row.market],
        ids.categories[row.category],
        ids.segments[row.segment],
        row.basis,
        vendor_id,
        row.period.key,
    )
