"""Build the data package: every file as bytes, from the services the API lists them with.

The same bytes back /api/v1/datapackage.zip and `python -m app export --datapackage DIR`.
For one content version they are always the same (the zip's timestamps are the revision's
own), so the download's ETag only changes when the data does.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import cast

import orjson
from sqlalchemy.orm import Session

from app.config import get_settings
from app.datapackage import schema
from app.datapackage.readme import readme
from app.events import service as events
from app.exports import to_csv
from app.models import Category, Market
from app.observations import segments
from app.observations import service as observations
from app.observations.slices import ObservationRecord
from app.periods import Period
from app.reference import service as reference
from app.revisions import service as revisions
from app.revisions.store import latest_revision_id

Row = Mapping[str, object]
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can hold


@dataclass(frozen=True)
class Package:
    """Every file of the package, built from one revision's figures."""

    revision: int
    created: datetime | None
    files: dict[str, bytes]  # path -> bytes: datapackage.json, README.md, then the tables

    @property
    def zip_name(self) -> str:
        return f"sharetrack-datapackage-r{self.revision}.zip"

    def zipped(self) -> bytes:
        """The files as a zip whose bytes depend on nothing else: every entry is dated when
        the revision was published (UTC), not when the zip was made."""
        stamp = max(self.created.timetuple()[:6], ZIP_EPOCH) if self.created else ZIP_EPOCH
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for path, data in self.files.items():
                entry = zipfile.ZipInfo(path, date_time=stamp)
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = 0o644 << 16
                archive.writestr(entry, data)
        return buffer.getvalue()

    def write(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        for path, data in self.files.items():
            (folder / path).write_bytes(data)


def build(session: Session) -> Package:
    revision = latest_revision_id(session)
    listed = sorted(revisions.listed(session, limit=None), key=lambda r: int(str(r["revision"])))
    created = next((_utc(r["created_at"]) for r in listed if r["revision"] == revision), None)
    slices = _slices(session)
    trackers = reference.sources(session)
    tables: dict[schema.Table, Sequence[Row]] = {
        schema.FIGURES: [r.as_row() for r in _figures(session, slices)],
        schema.MARKET_TOTALS: list(_totals(session, slices)),
        schema.VENDORS: [_vendor(v) for v in reference.vendors(session)],
        schema.TRACKERS: trackers,
        schema.MARKETS: reference.named(session, Market),
        schema.CATEGORIES: reference.named(session, Category),
        schema.EVENTS: _events(session),
        schema.REVISIONS: [_revision(r) for r in listed],
    }
    data = {t.path: to_csv(t.columns, rows) for t, rows in tables.items()}
    homepage = get_settings().base_url.rstrip("/")
    with_data = {source for *_, sources in slices for source in sources}
    about = schema.descriptor(
        revision=revision,
        created=created,
        trackers=[t for t in trackers if t["slug"] in with_data],
        files=data,
        homepage=homepage,
    )
    notes = readme(
        revision=revision,
        created=created,
        rows={t.path: len(rows) for t, rows in tables.items()},
        homepage=homepage,
    )
    files = {
        "datapackage.json": orjson.dumps(about, option=orjson.OPT_INDENT_2) + b"\n",
        "README.md": notes.encode(),
        **data,
    }
    return Package(revision, created, files)


# (market, category, segment, basis, trackers with data)
Slices = list[tuple[str, str, str, str, tuple[str, ...]]]


def _slices(session: Session) -> Slices:
    """Every market, category, segment and basis of the database, with the trackers that
    have figures there."""
    found = []
    for market, category, segment, basis in segments.keys_with_data(session):
        # Each tracker on its own: a successor's figures are in its predecessor's series only
        # from the quarter it took over, and its stated years may lie before that quarter.
        sources = observations.sources_with_data(
            session, market, category, segment=segment, basis=basis, separately=True
        )
        found.append((market, category, segment, basis, sources))
    return found


def _figures(session: Session, slices: Slices) -> Iterator[ObservationRecord]:
    """The observation records, as /api/v1/observations lists each slice."""
    for market, category, segment, basis, sources in slices:
        if sources:
            yield from observations.records(
                session,
                sources=sources,
                market=market,
                category=category,
                segment=segment,
                basis=basis,
            )


def _totals(session: Session, slices: Slices) -> Iterator[Row]:
    """The stated market totals (not the years summed from quarters, as in _figures)."""
    seen: set[tuple[str, str, str, str, str, int]] = set()
    for market, category, segment, basis, sources in slices:
        for source in sorted(sources):
            data = observations.load_slice(
                session, source, market, category, segment=segment, basis=basis
            )
            for period, total in sorted(data.totals.items()):
                stated_by = data.source_at(period)  # Omdia's, in Canalys's series
                key = (stated_by, market, category, segment, basis, period.key)
                if total.derived or key in seen:
                    continue
                seen.add(key)
                yield {
                    "source": stated_by,
                    "market": market,
                    "category": category,
                    "segment": segment,
                    "basis": basis,
                    "quarter": period.code,
                    "shipments": total.shipments,
                    "share_pct": _number(total.share_pct),
                    "yoy_growth_pct": _number(total.yoy_growth_pct),
                    "status": total.status,
                    "released": total.released.isoformat() if total.released else None,
                    "revision": total.revision,
                    "source_url": total.source_url,
                    "shipments_url": total.shipments_url,
                    "share_url": total.share_url,
                    "yoy_url": total.yoy_url,
                }


def _vendor(vendor: Row) -> Row:
    """The API's vendor, its aliases in one cell."""
    return {**vendor, "aliases": "|".join(cast(list[str], vendor["aliases"]))}


def _events(session: Session) -> list[Row]:
    market_slugs = {id_: slug for slug, id_ in reference.load_ids(session).markets.items()}
    rows = [
        {
            "date": e.happened_on,
            "quarter": Period.from_key(e.period).code,
            "market": market_slugs.get(e.market_id) if e.market_id else None,
            "vendor": e.vendor.slug if e.vendor else None,
            "title": e.title,
            "text": e.body,
            "source_url": e.source_url,
        }
        for e in events.all_events(session)
    ]
    # Oldest first; events of one day in a fixed order, so the bytes are the same each time.
    return sorted(rows, key=lambda r: (str(r["date"]), str(r["title"]), str(r["source_url"])))


def _revision(row: Row) -> Row:
    return {**row, "id": row["revision"], "created_at": schema.utc_text(_utc(row["created_at"]))}


def _utc(text: object) -> datetime:
    """A revision's time, in UTC. SQLite keeps no offset: its times are the server's local."""
    return datetime.fromisoformat(str(text)).astimezone(UTC)


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)
