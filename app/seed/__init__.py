"""The bundled sample data: real, public tracker figures, each row with its source URL.

Loaded through the same importer admins use, so it obeys every upload rule, one revision per
tracker release in date order (app.seed.releases). Idempotent: seeding twice publishes
nothing the second time.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import provenance
from app.imports import service as imports
from app.models import (
    Event,
    Market,
    Revision,
    Segment,
    SegmentAlias,
    SegmentDefinition,
    Source,
    Vendor,
    VendorGroup,
)
from app.periods import Period
from app.reference import notes
from app.reference import service as reference
from app.seed.releases import releases
from app.vendors import service as vendors
from app.vendors.names import alias_key

# The figures as first released, and the later releases' restatements of some of them; the
# seed publishes them release by release, so a restated value is current and the first one
# stays in its history.
DATA_FILES = (
    "india_smartphones.csv",
    "india_other_categories.csv",
    "restatements.csv",
    "india_segments.csv",
)
GROUP_NAMES = {
    "bbk": "BBK Electronics (vivo, OPPO, realme, OnePlus, iQOO)",
    "xiaomi": "Xiaomi group (Xiaomi, Redmi, POCO)",
    "transsion": "Transsion (itel, Tecno, Infinix)",
    "lenovo": "Lenovo group (Lenovo, Motorola)",
}


@dataclass
class SeedReport:
    vendors: int
    revisions: list[int]
    rows: int
    events: int


def _read(name: str) -> str:
    return resources.files("app.seed").joinpath(name).read_text(encoding="utf-8")


def load(session: Session) -> SeedReport:
    vendors = load_vendors(session)
    load_segments(session)
    revisions, rows = [], 0
    for release in releases([_read(name) for name in DATA_FILES]):
        data = release.data
        if _published(session, data):
            continue  # seeding again: a later release may have restated what this one says
        preview, revision = imports.publish(session, data, release.name, kind="seed")
        rows += len(preview.changes)
        if revision is not None:
            revisions.append(revision.id)
    events = load_events(session)
    load_tracker_notes(session)
    return SeedReport(vendors, revisions, rows, events)


def load_tracker_notes(session: Session) -> int:
    """Dated notes on what a tracker's vendor figures include (OPPO with or without OnePlus),
    each with the page that says so. Idempotent: a note already there is not added again."""
    added = 0
    vendor_slugs = reference.load_reference(session).vendor_by_alias
    for row in csv.DictReader(_read("tracker_notes.csv").splitlines()):
        source = session.scalar(select(Source).where(Source.slug == row["source"]))
        if source is None or any(n.text == row["note"] for n in source.notes):
            continue
        pages = provenance.split(row["source_url"])
        text = row["note"] + (f" Also: {' '.join(pages[1:])}" if len(pages) > 1 else "")
        form = notes.NoteForm(
            text=text,
            from_period=row["from_period"],
            to_period=row["to_period"],
            vendor=vendor_slugs.get(alias_key(row["vendor"]), "") if row["vendor"] else "",
            url=pages[0] if pages else "",
            category=row["category"],
        )
        notes.add_note(session, source, form)
        added += 1
    return added


def load_segments(session: Session) -> int:
    """The segments the bundled figures use (price bands, 5G, online, ...) with their
    aliases, and each tracker's definition of them with the page that gives it. Idempotent."""
    known = {s.slug: s for s in session.scalars(select(Segment))}
    for row in csv.DictReader(_read("segments.csv").splitlines()):
        if row["slug"] in known:
            continue
        segment = Segment(
            slug=row["slug"], name=row["name"], kind=row["kind"], position=int(row["position"])
        )
        spellings = {alias_key(a): a.strip() for a in row["aliases"].split(";") if a.strip()}
        segment.aliases = [SegmentAlias(alias=a, alias_key=k) for k, a in spellings.items()]
        session.add(segment)
        known[row["slug"]] = segment
    session.flush()
    source_ids = dict(session.execute(select(Source.slug, Source.id)).all())
    added = 0
    for row in csv.DictReader(_read("segment_definitions.csv").splitlines()):
        segment, source_id = known[row["segment"]], source_ids[row["source"]]
        if any((d.source_id, d.text) == (source_id, row["text"]) for d in segment.definitions):
            continue
        segment.definitions.append(
            SegmentDefinition(
                source_id=source_id,
                currency=row["currency"] or None,
                low=Decimal(row["low"]) if row["low"] else None,
                high=Decimal(row["high"]) if row["high"] else None,
                from_period=Period.parse(row["from_quarter"]).key if row["from_quarter"] else None,
                to_period=Period.parse(row["to_quarter"]).key if row["to_quarter"] else None,
                text=row["text"],
                url=row["url"] or None,
            )
        )
        added += 1
    session.flush()
    return added


def _published(session: Session, data: bytes) -> bool:
    sha = hashlib.sha256(data).hexdigest()
    found = select(Revision.id).where(Revision.kind == "seed", Revision.file_sha256 == sha)
    return session.scalar(found.limit(1)) is not None


def load_vendors(session: Session) -> int:
    groups = {g.slug: g for g in session.scalars(select(VendorGroup))}
    existing = {v.slug: v for v in session.scalars(select(Vendor))}
    rows = list(csv.DictReader(_read("vendors.csv").splitlines()))
    for row in rows:
        group = None
        if row["group"]:
            group = groups.get(row["group"])
            if group is None:
                group = VendorGroup(
                    slug=row["group"], name=GROUP_NAMES.get(row["group"], row["group"])
                )
                session.add(group)
                groups[row["group"]] = group
        vendor = existing.get(row["slug"])
        if vendor is None:
            vendor = Vendor(
                slug=row["slug"],
                name=row["name"],
                colour=row["colour"],
                country=row["country"] or None,
                group=group,
                is_residual=row["slug"] == "others",
            )
            session.add(vendor)
        for alias in [row["name"], *filter(None, row["aliases"].split("|"))]:
            vendors.add_alias(session, vendor, alias)
        session.flush()
    return len(rows)


def load_events(session: Session) -> int:
    market_id = session.scalar(select(Market.id).where(Market.slug == "india"))
    vendor_ids = reference.load_ids(session).vendors
    known = set(session.execute(select(Event.source_url, Event.title)))
    added = 0
    for row in csv.DictReader(_read("events.csv").splitlines()):
        if (row["source_url"], row["title"]) in known:
            continue
        session.add(
            Event(
                happened_on=date.fromisoformat(row["date"]),
                period=Period.parse(row["quarter"]).key,
                market_id=market_id,
                vendor_id=vendor_ids.get(row["vendor"]) if row["vendor"] else None,
                title=row["title"],
                body=row["text"],
                source_url=row["source_url"],
            )
        )
        added += 1
    session.flush()
    return added
