"""What each file of the data package holds, typed, and the datapackage.json that says so.

Pure: tables and their fields in, a Frictionless Data Package (v2) descriptor out. The
figures' columns are the observation records' (app/observations/slices.py FIELDS), in
their order; a field added there without a type here fails at import, not in a download.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from app.datapackage.fields import Field, field, refers, slug_field, text_field
from app.observations.slices import FIELDS

NAME = "sharetrack-india"
PACKAGE_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
PERIOD_PATTERN = r"\d{4}(Q[1-4]|H[12])?"
PAGES = "every page behind it: URLs separated by single spaces"
LICENCE_NOTE = (
    "The figures are the trackers' own published figures, quoted from their public pages; "
    "the page(s) behind each figure are in its row's source_url and *_url columns, and each "
    "tracker's terms apply to its figures. The compilation (the selection and arrangement, "
    "the values marked derived, the vendor reference data, the event notes and this "
    "package) is sharetrack's, under the MIT licence."
)

_KEY = (
    slug_field("source", "tracker (trackers.csv)"),
    slug_field("market", "market (markets.csv)"),
    slug_field("category", "category (categories.csv)"),
    text_field("segment", "slice of the category as the tracker defines it; all = the whole"),
    text_field("basis", "what a share measures: units or value", enum=["units", "value"]),
)
_PERIOD = text_field(
    "quarter",
    "period: a quarter 2022Q4, a stated half-year 2023H1 or a calendar year 2024",
    required=True,
    pattern=PERIOD_PATTERN,
)
_STATUS = text_field(
    "status",
    "preliminary (a first release, often revised), final, or restated (a later release changed it)",
    enum=["preliminary", "final", "restated"],
)
_RELEASED = field("released", "date", "date of the tracker's release the figures come from")
_REVISION = field("revision", "integer", "the revision that set the figures (revisions.csv)")

_FIGURE_TYPES: dict[str, Field] = {
    **{f["name"]: f for f in _KEY},
    "vendor": slug_field("vendor", "vendor (vendors.csv)"),
    "vendor_name": text_field("vendor_name", "vendor's display name"),
    "quarter": _PERIOD,
    "shipments": field("shipments", "integer", "shipments in units", minimum=0),
    "share_pct": field("share_pct", "number", "market share, percent", minimum=0, maximum=100),
    "rank": field(
        "rank", "integer", "rank in the period, 1 = largest; equal figures tie", minimum=1
    ),
    "yoy_growth_pct": field(
        "yoy_growth_pct", "number", "growth on the same period a year earlier, percent"
    ),
    "status": _STATUS,
    "released": _RELEASED,
    "derived": text_field(
        "derived",
        "the figures of the row computed by sharetrack rather than stated by the tracker "
        "(share_pct, rank, yoy_growth_pct), separated by ';'; empty: every figure as stated",
    ),
    "revision": _REVISION,
    "source_url": text_field("source_url", f"the row's pages, {PAGES}"),
    "shipments_url": text_field("shipments_url", f"the shipments figure's pages, {PAGES}"),
    "share_url": text_field("share_url", f"the share's pages, {PAGES}"),
    "rank_url": text_field("rank_url", f"the rank's pages, {PAGES}"),
    "yoy_url": text_field("yoy_url", f"the growth figure's pages, {PAGES}"),
}


_SLICE_KEYS = (
    refers("source", "trackers", "slug"),
    refers("market", "markets", "slug"),
    refers("category", "categories", "slug"),
    refers("revision", "revisions", "id"),
)


@dataclass(frozen=True, eq=False)  # a table is itself: hashed by identity
class Table:
    """One CSV of the package."""

    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[dict[str, Any], ...] = ()

    @property
    def path(self) -> str:
        return f"{self.name.replace('-', '_')}.csv"

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(f["name"] for f in self.fields)

    def resource(self, data: bytes) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "type": "table",
            "path": self.path,
            "title": self.title,
            "description": self.description,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "bytes": len(data),
            "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
            "schema": {"fields": list(self.fields)},
        }
        if self.primary_key:
            out["schema"]["primaryKey"] = list(self.primary_key)
        if self.foreign_keys:
            out["schema"]["foreignKeys"] = list(self.foreign_keys)
        return out


FIGURES = Table(
    "figures",
    "Figures",
    "Every current figure set of every tracker, market and category: one row per vendor "
    "and period, with each figure's own pages. Columns as in /api/v1/observations.",
    tuple(_FIGURE_TYPES[name] for name in FIELDS),
    ("source", "market", "category", "segment", "basis", "vendor", "quarter"),
    (*_SLICE_KEYS, refers("vendor", "vendors", "slug")),
)
MARKET_TOTALS = Table(
    "market-totals",
    "Market totals",
    "Total shipments of a whole market as each tracker stated it (the TOTAL rows of an "
    "upload); Others = total - the listed vendors.",
    (
        *_KEY,
        _PERIOD,
        field("shipments", "integer", "total shipments in units", minimum=0),
        field(
            "share_pct",
            "number",
            "in a segment: the segment's share of the whole market, percent",
            minimum=0,
            maximum=100,
        ),
        field("yoy_growth_pct", "number", "growth on the same period a year earlier, percent"),
        _STATUS,
        _RELEASED,
        _REVISION,
        text_field("source_url", f"the row's pages, {PAGES}"),
        text_field("shipments_url", f"the total's pages, {PAGES}"),
        text_field("share_url", f"the segment share's pages, {PAGES}"),
        text_field("yoy_url", f"the growth figure's pages, {PAGES}"),
    ),
    ("source", "market", "category", "segment", "basis", "quarter"),
    _SLICE_KEYS,
)
VENDORS = Table(
    "vendors",
    "Vendors",
    "Brands as the trackers report them.",
    (
        text_field("slug", "vendor slug, as in figures.vendor", required=True),
        text_field("name", "display name", required=True),
        text_field(
            "aliases", "other spellings the importer reads as this vendor, separated by '|'"
        ),
        text_field("group", "parent group counted together with by=group (bbk, transsion)"),
        text_field("country", "country of origin, ISO 3166-1 alpha-2"),
        text_field("colour", "the vendor's colour on every chart", pattern="#[0-9A-Fa-f]{6}"),
        field("residual", "boolean", "true for the unattributed rest (Others): never ranked"),
    ),
    ("slug",),
)
TRACKERS = Table(
    "trackers",
    "Trackers",
    "The market trackers that published the figures, with their methodology notes.",
    (
        text_field("slug", "tracker slug, as in figures.source", required=True),
        text_field("name", "name", required=True),
        text_field("url", "home page"),
        text_field("methodology", "what the tracker counts (sell-in or sell-out, perimeters)"),
        text_field("predecessor", "the tracker whose series this one continues (trackers.slug)"),
        text_field("successor_from", "the first quarter this tracker reports under its own name"),
    ),
    ("slug",),
    (refers("predecessor", "trackers", "slug"),),
)
MARKETS = Table(
    "markets",
    "Markets",
    "Countries or regions.",
    (text_field("slug", "market slug", required=True), text_field("name", "name", required=True)),
    ("slug",),
)
CATEGORIES = Table(
    "categories",
    "Categories",
    "Product categories tracked in a market.",
    (text_field("slug", "category slug", required=True), text_field("name", "name", required=True)),
    ("slug",),
)
EVENTS = Table(
    "events",
    "Events",
    "Dated notes drawn on the charts, each with the page it comes from.",
    (
        field("date", "date", "when it happened", required=True),
        text_field("quarter", "the period it is drawn at", pattern=PERIOD_PATTERN),
        text_field("market", "market slug"),
        text_field("vendor", "vendor slug; empty: the whole market"),
        text_field("title", "title", required=True),
        text_field("text", "the note"),
        text_field("source_url", "the page it comes from", required=True),
    ),
    (),
    (refers("market", "markets", "slug"), refers("vendor", "vendors", "slug")),
)
REVISIONS = Table(
    "revisions",
    "Revisions",
    "Every publish, seed and rollback: each stored figure names the revision that set it.",
    (
        field("id", "integer", "revision number (r2 = 2)", required=True),
        text_field("kind", "import, seed or rollback", enum=["import", "seed", "rollback"]),
        field("created_at", "datetime", "when it was published, UTC"),
        text_field("file_name", "the file published"),
        text_field("summary", "what changed, in words"),
        field("rows_added", "integer", "figure sets added", minimum=0),
        field("rows_changed", "integer", "figure sets changed", minimum=0),
        field("rows_removed", "integer", "figure sets removed", minimum=0),
        field("rolled_back_to", "integer", "for a rollback: the revision restored"),
    ),
    ("id",),
    ({"fields": ["rolled_back_to"], "reference": {"fields": ["id"]}},),
)
TABLES = (FIGURES, MARKET_TOTALS, VENDORS, TRACKERS, MARKETS, CATEGORIES, EVENTS, REVISIONS)


def utc_text(moment: datetime) -> str:
    """2023-01-19T10:00:00Z. A naive time (SQLite keeps no offset) is the server's local one."""
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def descriptor(
    *,
    revision: int,
    created: datetime | None,
    trackers: Sequence[Mapping[str, object]],
    files: Mapping[str, bytes],
    homepage: str,
) -> dict[str, Any]:
    """datapackage.json for `files` (path -> bytes of every table); `trackers`: those whose
    figures are in it."""
    out: dict[str, Any] = {
        "$schema": PACKAGE_PROFILE,
        "name": NAME,
        "title": "sharetrack: India phone market shares by tracker and quarter",
        "description": (
            "Shipments, market shares, ranks and growth of phone and gadget vendors in "
            f"India, by tracker and period, as of sharetrack revision r{revision}. " + LICENCE_NOTE
        ),
        "homepage": homepage,
        "version": f"r{revision}",
        "revision": revision,
        "keywords": ["india", "smartphones", "market share", "shipments"],
        "licenses": [
            {
                "name": "MIT",
                "path": "https://opensource.org/license/mit",
                "title": "MIT License, for sharetrack's compilation; the figures are the "
                "trackers' own, quoted from the public pages named in their *_url columns",
            }
        ],
        "sources": [
            {"title": str(t["name"]), **({"path": str(t["url"])} if t.get("url") else {})}
            for t in trackers
        ],
    }
    if created is not None:
        out["created"] = utc_text(created)
    out["resources"] = [table.resource(files[table.path]) for table in TABLES]
    return out
