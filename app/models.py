"""Every table, typed SQLAlchemy 2.

Figures are versioned in place: a row is valid from the revision that wrote it until the
revision that replaced or removed it (valid_to, exclusive; NULL while current). The current
data is `valid_to IS NULL`; the data as of revision N is `valid_from <= N < valid_to`.
A partial unique index keeps one current row per key.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ROLES = ("admin", "uploader")
SEGMENT_KINDS = ("all", "price-band", "technology", "channel", "form-factor", "other")
BASES = ("units", "value")
# The segment every figure is of unless a file says otherwise: the whole category.
ALL_SEGMENT = "all"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def utcnow() -> datetime:
    return datetime.now().astimezone()


class Market(Base):
    __tablename__ = "markets"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(100))

    aliases: Mapped[list[MarketAlias]] = relationship(
        cascade="all, delete-orphan", order_by="MarketAlias.alias"
    )


class Category(Base):
    __tablename__ = "categories"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    # A broader category this one is part of (smartwatches in wearables); never a cycle.
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"))

    parent: Mapped[Category | None] = relationship(remote_side=[id])
    aliases: Mapped[list[CategoryAlias]] = relationship(
        cascade="all, delete-orphan", order_by="CategoryAlias.alias"
    )


class Segment(Base):
    """A slice of a category as trackers define it: `all` (the whole category), price bands
    (premium, ...), 5G, online, foldable. Each tracker's own definition (band edges and
    currency) is a SegmentDefinition: two trackers' `premium` are never assumed alike."""

    __tablename__ = "segments"
    __table_args__ = (CheckConstraint(f"kind IN {SEGMENT_KINDS!r}", name="kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20), default="price-band")
    # Display order within the kind (price bands from cheapest up).
    position: Mapped[int] = mapped_column(default=0, server_default=text("0"))

    aliases: Mapped[list[SegmentAlias]] = relationship(
        cascade="all, delete-orphan", order_by="SegmentAlias.alias"
    )
    definitions: Mapped[list[SegmentDefinition]] = relationship(
        cascade="all, delete-orphan", order_by="SegmentDefinition.id"
    )


class SegmentDefinition(Base):
    """How one tracker defines a segment, from a quarter on: "Counterpoint premium: above
    ₹30,000", "IDC premium: US$500–800"."""

    __tablename__ = "segment_definitions"
    id: Mapped[int] = mapped_column(primary_key=True)
    segment_id: Mapped[int] = mapped_column(ForeignKey("segments.id", ondelete="CASCADE"))
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    currency: Mapped[str | None] = mapped_column(String(3))  # INR, USD; None: not a price band
    low: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))  # inclusive; None: open
    high: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))  # exclusive; None: open
    from_period: Mapped[int | None] = mapped_column(Integer)  # Period.key, inclusive
    to_period: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")  # as the tracker words it
    url: Mapped[str | None] = mapped_column(String(1000))

    source: Mapped[Source] = relationship(lazy="joined")


class Source(Base):
    """A market tracker (Canalys, IDC, Counterpoint, ...).

    A successor continues its predecessor's series (Omdia, Canalys renamed, from 2025Q3):
    charts of the predecessor take the successor's figures from `successor_from` on.
    """

    __tablename__ = "sources"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    url: Mapped[str | None] = mapped_column(String(500))
    methodology: Mapped[str | None] = mapped_column(Text)
    predecessor_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))
    # Period.key of the first quarter the successor reports under its own name (20253).
    successor_from: Mapped[int | None] = mapped_column(Integer)

    predecessor: Mapped[Source | None] = relationship(remote_side=[id])
    aliases: Mapped[list[SourceAlias]] = relationship(
        cascade="all, delete-orphan", order_by="SourceAlias.alias"
    )
    notes: Mapped[list[SourceNote]] = relationship(
        cascade="all, delete-orphan", order_by="SourceNote.id"
    )


# Aliases: how trackers, markets and categories are spelled in files. alias_key is
# app.vendors.names.alias_key(alias); matching is looser (app.reference.names.match_key).
# One table per kind, like vendor_aliases, so each alias has a real foreign key.


class SourceAlias(Base):
    __tablename__ = "source_aliases"
    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(100))
    alias_key: Mapped[str] = mapped_column(String(100), unique=True)


class SegmentAlias(Base):
    __tablename__ = "segment_aliases"
    id: Mapped[int] = mapped_column(primary_key=True)
    segment_id: Mapped[int] = mapped_column(ForeignKey("segments.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(100))
    alias_key: Mapped[str] = mapped_column(String(100), unique=True)


class MarketAlias(Base):
    __tablename__ = "market_aliases"
    id: Mapped[int] = mapped_column(primary_key=True)
    market_id: Mapped[int] = mapped_column(ForeignKey("markets.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(100))
    alias_key: Mapped[str] = mapped_column(String(100), unique=True)


class CategoryAlias(Base):
    __tablename__ = "category_aliases"
    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(100))
    alias_key: Mapped[str] = mapped_column(String(100), unique=True)


class SourceNote(Base):
    """A dated note on what a tracker's figures cover: "OPPO excludes OnePlus from 2023Q2
    (prior year restated)", about one category or (None) all. How it measures (sell-in,
    sell-out) is Source.methodology."""

    __tablename__ = "source_notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    vendor_id: Mapped[int | None] = mapped_column(ForeignKey("vendors.id", ondelete="SET NULL"))
    category_id: Mapped[int | None] = mapped_column(ForeignKey(Category.id, ondelete="SET NULL"))
    from_period: Mapped[int | None] = mapped_column(Integer)  # Period.key, inclusive
    to_period: Mapped[int | None] = mapped_column(Integer)  # Period.key, inclusive
    text: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(1000))

    vendor: Mapped[Vendor | None] = relationship(lazy="joined")
    category: Mapped[Category | None] = relationship(lazy="joined")


class VendorGroup(Base):
    """A parent group counted together with by=group (BBK: vivo, OPPO, realme, ...)."""

    __tablename__ = "vendor_groups"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(100))


class Vendor(Base):
    __tablename__ = "vendors"
    __table_args__ = (CheckConstraint("colour LIKE '#%'", name="colour_hex"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("vendor_groups.id"))
    country: Mapped[str | None] = mapped_column(String(2))
    colour: Mapped[str] = mapped_column(String(7), default="#7f7f7f")
    # The "Others" row trackers publish: charted like a vendor, never ranked.
    is_residual: Mapped[bool] = mapped_column(default=False, server_default=text("false"))

    group: Mapped[VendorGroup | None] = relationship(lazy="joined")
    aliases: Mapped[list[VendorAlias]] = relationship(
        back_populates="vendor", cascade="all, delete-orphan", order_by="VendorAlias.alias"
    )


class VendorAlias(Base):
    __tablename__ = "vendor_aliases"
    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(100))
    # NFKC + casefold + collapsed spaces: what the importer matches on.
    alias_key: Mapped[str] = mapped_column(String(100), unique=True)

    vendor: Mapped[Vendor] = relationship(back_populates="aliases")


class Revision(Base):
    """One published import, seed or rollback. Every stored figure points at one."""

    __tablename__ = "revisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    kind: Mapped[str] = mapped_column(String(20))  # import | seed | rollback
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    file_name: Mapped[str | None] = mapped_column(String(255))
    file_sha256: Mapped[str | None] = mapped_column(String(64))
    summary: Mapped[str] = mapped_column(Text, default="")
    rows_added: Mapped[int] = mapped_column(default=0)
    rows_changed: Mapped[int] = mapped_column(default=0)
    rows_removed: Mapped[int] = mapped_column(default=0)
    rolled_back_to: Mapped[int | None] = mapped_column(ForeignKey("revisions.id"))

    user: Mapped[User | None] = relationship(lazy="joined")

    __table_args__ = (CheckConstraint("kind IN ('import', 'seed', 'rollback')", name="kind"),)


class _Versioned:
    segment_id: Mapped[int] = mapped_column(ForeignKey("segments.id"))
    basis: Mapped[str] = mapped_column(String(5), default="units", server_default="units")
    valid_from: Mapped[int] = mapped_column(ForeignKey("revisions.id"))
    valid_to: Mapped[int | None] = mapped_column(ForeignKey("revisions.id"))
    status: Mapped[str] = mapped_column(String(12), default="final")
    note: Mapped[str | None] = mapped_column(Text)
    # Every page behind the row, space-separated; each figure's own pages are in *_url.
    source_url: Mapped[str | None] = mapped_column(Text)
    released: Mapped[date | None] = mapped_column(Date)  # the newest release of its figures
    shipments_url: Mapped[str | None] = mapped_column(Text)
    yoy_url: Mapped[str | None] = mapped_column(Text)
    # The release each figure came from (a later release may restate only one of them).
    shipments_released: Mapped[date | None] = mapped_column(Date)
    yoy_released: Mapped[date | None] = mapped_column(Date)


class Observation(_Versioned, Base):
    """One figure set for (source, market, category, segment, basis, vendor, period). In a
    segment other than `all`, share_pct is the vendor's share within the segment."""

    __tablename__ = "observations"
    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    market_id: Mapped[int] = mapped_column(ForeignKey("markets.id"))
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"))
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id"))
    period: Mapped[int] = mapped_column(Integer)  # Period.key: 20224 = 2022Q4, 20235 = 2023H1
    shipments: Mapped[int | None] = mapped_column(BigInteger)
    share_pct: Mapped[Decimal | None] = mapped_column(Numeric(6, 3))
    rank: Mapped[int | None] = mapped_column(Integer)
    yoy_growth_pct: Mapped[Decimal | None] = mapped_column(Numeric(9, 2))
    share_url: Mapped[str | None] = mapped_column(Text)
    rank_url: Mapped[str | None] = mapped_column(Text)
    share_released: Mapped[date | None] = mapped_column(Date)
    rank_released: Mapped[date | None] = mapped_column(Date)

    __table_args__ = (
        UniqueConstraint(
            "source_id",
            "market_id",
            "category_id",
            "segment_id",
            "basis",
            "vendor_id",
            "period",
            "valid_from",
            name="uq_observations_key_version",
        ),
        Index(
            "uq_observations_current",
            "source_id",
            "market_id",
            "category_id",
            "segment_id",
            "basis",
            "vendor_id",
            "period",
            unique=True,
            postgresql_where=text("valid_to IS NULL"),
            sqlite_where=text("valid_to IS NULL"),
        ),
        Index(
            "ix_observations_slice",
            "market_id",
            "category_id",
            "source_id",
            "segment_id",
            "basis",
            "period",
        ),
        CheckConstraint(
            "shipments IS NOT NULL OR share_pct IS NOT NULL OR rank IS NOT NULL "
            "OR yoy_growth_pct IS NOT NULL",
            name="some_figure",
        ),
        CheckConstraint("shipments >= 0", name="shipments_non_negative"),
        CheckConstraint("share_pct >= 0 AND share_pct <= 100", name="share_range"),
        CheckConstraint("rank >= 1", name="rank_positive"),
        CheckConstraint(f"basis IN {BASES!r}", name="basis"),
        CheckConstraint("status IN ('preliminary', 'final', 'restated')", name="status"),
        CheckConstraint("valid_to IS NULL OR valid_to > valid_from", name="valid_range"),
    )


class MarketTotal(_Versioned, Base):
    """Total shipments (and growth) of a market for (source, market, category, segment, basis,
    period). In a segment other than `all`, share_pct is the segment's share of the market."""

    __tablename__ = "market_totals"
    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    market_id: Mapped[int] = mapped_column(ForeignKey("markets.id"))
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"))
    period: Mapped[int] = mapped_column(Integer)
    shipments: Mapped[int | None] = mapped_column(BigInteger)
    share_pct: Mapped[Decimal | None] = mapped_column(Numeric(6, 3))
    yoy_growth_pct: Mapped[Decimal | None] = mapped_column(Numeric(9, 2))
    share_url: Mapped[str | None] = mapped_column(Text)
    share_released: Mapped[date | None] = mapped_column(Date)

    __table_args__ = (
        UniqueConstraint(
            "source_id",
            "market_id",
            "category_id",
            "segment_id",
            "basis",
            "period",
            "valid_from",
            name="uq_market_totals_key_version",
        ),
        Index(
            "uq_market_totals_current",
            "source_id",
            "market_id",
            "category_id",
            "segment_id",
            "basis",
            "period",
            unique=True,
            postgresql_where=text("valid_to IS NULL"),
            sqlite_where=text("valid_to IS NULL"),
        ),
        CheckConstraint(
            "shipments IS NOT NULL OR share_pct IS NOT NULL OR yoy_growth_pct IS NOT NULL",
            name="some_figure",
        ),
        CheckConstraint("share_pct >= 0 AND share_pct <= 100", name="share_range"),
        CheckConstraint(f"basis IN {BASES!r}", name="basis"),
        CheckConstraint("shipments >= 0", name="shipments_non_negative"),
        CheckConstraint("status IN ('preliminary', 'final', 'restated')", name="status"),
        CheckConstraint("valid_to IS NULL OR valid_to > valid_from", name="valid_range"),
    )


# What a chart of one tracker reads: its series of a market, category, segment and basis.
SLICE_KEY = ("source_id", "market_id", "category_id", "segment_id", "basis")


class DerivedPoint(Base):
    """A slice's figures as charts draw them, derived values filled in (app.derive): one
    vendor (or, vendor None, the market total) in one period of one tracker's series for a
    market, category, segment and basis, versioned like the figures they come from.

    Written in the transaction that publishes or rolls back the figures, for the periods
    they change, so a chart reads what it draws in one indexed query and nothing is derived
    on a read. The slice's source is the series (Canalys); `stated_by` the tracker whose
    figures these are (Omdia, from 2025Q3). Rebuilt from the figures by `derived rebuild`.
    """

    __tablename__ = "derived_points"
    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    market_id: Mapped[int] = mapped_column(ForeignKey("markets.id"))
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"))
    segment_id: Mapped[int] = mapped_column(ForeignKey("segments.id"))
    basis: Mapped[str] = mapped_column(String(5))
    vendor_id: Mapped[int | None] = mapped_column(ForeignKey("vendors.id"))
    period: Mapped[int] = mapped_column(Integer)
    valid_from: Mapped[int] = mapped_column(ForeignKey("revisions.id"))
    valid_to: Mapped[int | None] = mapped_column(ForeignKey("revisions.id"))
    stated_by: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    shipments: Mapped[int | None] = mapped_column(BigInteger)
    share_pct: Mapped[Decimal | None] = mapped_column(Numeric(6, 3))
    rank: Mapped[int | None] = mapped_column(Integer)
    tied: Mapped[bool] = mapped_column(default=False)
    yoy_growth_pct: Mapped[Decimal | None] = mapped_column(Numeric(9, 2))
    derived: Mapped[str] = mapped_column(String(60), default="")  # "share_pct rank"
    status: Mapped[str] = mapped_column(String(12))
    note: Mapped[str | None] = mapped_column(Text)
    revision: Mapped[int | None] = mapped_column(Integer)  # of the figures it comes from
    released: Mapped[date | None] = mapped_column(Date)
    source_url: Mapped[str | None] = mapped_column(Text)
    shipments_url: Mapped[str | None] = mapped_column(Text)
    share_url: Mapped[str | None] = mapped_column(Text)
    rank_url: Mapped[str | None] = mapped_column(Text)
    yoy_url: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        # What a chart reads now: one slice's vendors (None: its totals), by period.
        Index(
            "ix_derived_points_current",
            *SLICE_KEY,
            "vendor_id",
            "period",
            postgresql_where=text("valid_to IS NULL"),
            sqlite_where=text("valid_to IS NULL"),
        ),
        # Which vendors a chart draws: those ranked near the top in some period.
        Index(
            "ix_derived_points_ranked",
            *SLICE_KEY,
            "rank",
            postgresql_where=text("valid_to IS NULL"),
            sqlite_where=text("valid_to IS NULL"),
        ),
        # As of a revision: the versions of one slice's periods.
        Index("ix_derived_points_slice", *SLICE_KEY, "period", "valid_from"),
        CheckConstraint("valid_to IS NULL OR valid_to > valid_from", name="valid_range"),
    )


class Event(Base):
    """A dated note shown on charts and vendor pages."""

    __tablename__ = "events"
    id: Mapped[int] = mapped_column(primary_key=True)
    happened_on: Mapped[date] = mapped_column(Date)
    period: Mapped[int] = mapped_column(Integer)  # the quarter the event is drawn at
    market_id: Mapped[int | None] = mapped_column(ForeignKey("markets.id"))
    vendor_id: Mapped[int | None] = mapped_column(ForeignKey("vendors.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text, default="")
    source_url: Mapped[str] = mapped_column(String(1000))

    vendor: Mapped[Vendor | None] = relationship(lazy="joined")


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    is_active: Mapped[bool] = mapped_column(default=True, server_default=text("true"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    password_changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (CheckConstraint("role IN ('admin', 'uploader')", name="role"),)


class UserSession(Base):
    """Server-side login session; the cookie carries a random token, the table its hash."""

    __tablename__ = "user_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ApiToken(Base):
    """An upload token: shown once, stored as its SHA-256 only."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    scope: Mapped[str] = mapped_column(String(40), default="upload:write")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AuditEntry(Base):
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(String(100))  # username as typed, or "cli"
    action: Mapped[str] = mapped_column(String(60))
    detail: Mapped[str] = mapped_column(Text, default="")
    ip: Mapped[str | None] = mapped_column(String(45))


class ImportDraft(Base):
    """An uploaded file waiting in preview: nothing of it is published until the admin says so."""

    __tablename__ = "import_drafts"
    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(43), unique=True)  # URL id, not guessable
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    file_name: Mapped[str] = mapped_column(String(255))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    source: Mapped[str | None] = mapped_column(String(40))
    market: Mapped[str | None] = mapped_column(String(40))
    category: Mapped[str | None] = mapped_column(String(40))
    # JSON: kind (vendor, source, market, category) -> {spelling -> slug, or "" to create}
    vendor_choices: Mapped[str] = mapped_column(Text, default="{}")
    # Blank cells clear the stored figures they stand for (the admin ticked it on the form).
    clear_blanks: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
